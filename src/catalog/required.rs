//! A setting a publish needs, resolved: with `--dry-run`, one not given becomes a placeholder
//! and is noted as missing; otherwise it is an error naming the flag and the config key.

use super::{placeholder, Error};

/// A setting that must be given: with `--dry-run`, a placeholder noted as missing.
pub(super) struct Required {
    pub(super) dry_run: bool,
    pub(super) missing: Vec<String>,
}

impl Required {
    /// The value, else (a dry run) a placeholder noted as missing, else an error naming the
    /// setting as `the KEY`.
    pub(super) fn get(
        &mut self,
        value: Option<String>,
        key: &str,
        flag: &str,
    ) -> Result<String, Error> {
        self.get_as(&format!("the {key}"), value, key, flag)
    }

    /// `get`, its error naming the setting as `what` ("the Unified Studio domain").
    pub(super) fn get_as(
        &mut self,
        what: &str,
        value: Option<String>,
        key: &str,
        flag: &str,
    ) -> Result<String, Error> {
        match value {
            Some(v) => Ok(v),
            None if self.dry_run => {
                self.missing.push(format!("catalog.{key}"));
                Ok(placeholder(&format!("catalog.{key}")))
            }
            None => Err(Error::NotConfigured {
                what: what.to_string(),
                hint: format!("pass {flag}, or set `catalog.{key}` in the config file"),
            }),
        }
    }
}
