//! Checking the `migrations` section: each entry names a version, a script inside the
//! blueprint and whether it runs before or after the merge.

use super::manifest::RawMigration;
use super::validate::Validator;
use super::Migration;
use crate::yaml::{Location, Node};
use std::path::Path;

impl Validator {
    pub(super) fn migrations(&mut self, node: Option<&Node>, root: &Path) -> Vec<Migration> {
        let Some(raw) = self.section::<Vec<RawMigration>>(node) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in raw {
            let version = match semver::Version::parse(m.version.as_str()) {
                Ok(v) => Some(v),
                Err(e) => {
                    let msg = format!(
                        "migrations: version `{}` is not a semantic version ({e})",
                        m.version.as_str()
                    );
                    self.problem(Location::of_spanned(&m.version), msg);
                    None
                }
            };
            let script = m.script.as_str();
            if !crate::render::paths::is_relative_inside(script) || !root.join(script).is_file() {
                let msg =
                    format!("migrations: script `{script}` not found in the blueprint directory");
                self.problem(Location::of_spanned(&m.script), msg);
            }
            let before = match m.when.as_ref().map(|w| w.as_str()) {
                None | Some("before") => true,
                Some("after") => false,
                Some(other) => {
                    let msg =
                        format!("migrations: when `{other}` must be `before` or `after` the merge");
                    self.problem(Location::of_spanned(m.when.as_ref().expect("set")), msg);
                    true
                }
            };
            if let Some(version) = version {
                out.push(Migration {
                    version,
                    script: script.to_string(),
                    before,
                });
            }
        }
        out
    }
}
