//! `~/.cookiecutterrc`: the Cookiecutter user config, honoured so teams switching keep theirs.
//!
//! Read from `$COOKIECUTTER_CONFIG` (which must exist, as in Cookiecutter) or
//! `~/.cookiecutterrc` (optional). jig uses `default_context` (defaults for variables of the
//! same name; values that do not fit a choice only warn) and `abbreviations` (merged over
//! the built-in `gh:`, `gl:`, `bb:`). Other keys (`cookiecutters_dir`, `replay_dir`) concern
//! Cookiecutter's own cache and replay files and are ignored.

use super::Error;
use crate::env;
use indexmap::IndexMap;
use serde_json::{Map, Value as Json};
use std::path::PathBuf;

#[derive(Debug, Default)]
pub(crate) struct Rc {
    pub default_context: Map<String, Json>,
    pub abbreviations: IndexMap<String, String>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Raw {
    #[serde(default)]
    default_context: Option<Map<String, Json>>,
    #[serde(default)]
    abbreviations: Option<IndexMap<String, String>>,
}

/// Loads the Cookiecutter config, if there is one.
pub(crate) fn load() -> Result<Rc, Error> {
    let (path, required) = match std::env::var_os(env::COOKIECUTTER_CONFIG) {
        Some(p) => (PathBuf::from(p), true),
        None => match dirs::home_dir() {
            Some(home) => (home.join(".cookiecutterrc"), false),
            None => {
                return Ok(Rc {
                    abbreviations: builtin_abbreviations(),
                    ..Rc::default()
                })
            }
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Rc {
                abbreviations: builtin_abbreviations(),
                ..Rc::default()
            })
        }
        Err(source) => return Err(Error::ReadCookiecutter { path, source }),
    };
    let raw: Raw = if text.trim().is_empty() {
        Raw::default()
    } else {
        crate::yaml::from_str(&text).map_err(|e| Error::InvalidCookiecutter {
            path: path.clone(),
            message: e.to_string(),
        })?
    };
    let mut abbreviations = builtin_abbreviations();
    abbreviations.extend(raw.abbreviations.unwrap_or_default());
    Ok(Rc {
        default_context: raw.default_context.unwrap_or_default(),
        abbreviations,
    })
}

/// The built-in abbreviations, as Cookiecutter has them.
pub(crate) fn builtin_abbreviations() -> IndexMap<String, String> {
    [
        ("gh", "https://github.com/{0}.git"),
        ("gl", "https://gitlab.com/{0}.git"),
        ("bb", "https://bitbucket.org/{0}"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}
