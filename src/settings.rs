//! User settings and every environment variable jig reads, declared once.
//!
//! Layers, lowest first: built-in defaults < the user config file
//! (`$JIG_CONFIG`, else `$XDG_CONFIG_HOME/jig/config.yaml`, else `~/.config/jig/config.yaml`)
//! < environment variables < command-line flags. Flags are applied by the commands.

use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Every environment variable jig reads.
pub mod env {
    /// Path of the user config file.
    pub const JIG_CONFIG: &str = "JIG_CONFIG";
    /// Default timeout for hooks, in seconds.
    pub const JIG_HOOK_TIMEOUT: &str = "JIG_HOOK_TIMEOUT";
    /// Python interpreter for `.py` hooks (default `python3`).
    pub const JIG_PYTHON: &str = "JIG_PYTHON";
    /// Disables colors when set to any value (https://no-color.org).
    pub const NO_COLOR: &str = "NO_COLOR";
    /// Fixes `now()` for reproducible output (seconds since the epoch).
    pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";
    /// Cookiecutter's user config file (default `~/.cookiecutterrc`); it must exist when set.
    pub const COOKIECUTTER_CONFIG: &str = "COOKIECUTTER_CONFIG";
    /// Honoured for the first commit's author, as git does.
    pub const GIT_AUTHOR_NAME: &str = "GIT_AUTHOR_NAME";
    pub const GIT_AUTHOR_EMAIL: &str = "GIT_AUTHOR_EMAIL";
}

/// The user config file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Sources whose hooks run without `--trust`: exact paths, or prefixes ending in `/`.
    #[serde(default)]
    pub trusted: Vec<String>,
    /// Answers used as defaults for questions of the same name (author, email, org ...).
    #[serde(default)]
    pub defaults: IndexMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read config file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config file {}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// The config file's path, whether or not it exists.
    pub fn path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(env::JIG_CONFIG) {
            return Some(PathBuf::from(p));
        }
        dirs::config_dir().map(|d| d.join("jig").join("config.yaml"))
    }

    /// Loads the config file; a missing file (other than one named by `JIG_CONFIG`) is empty.
    pub fn load() -> Result<Config, Error> {
        let explicit = std::env::var_os(env::JIG_CONFIG).is_some();
        let Some(path) = Config::path() else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().is_empty() => Ok(Config::default()),
            Ok(text) => crate::yaml::from_str(&text).map_err(|e| Error::Invalid {
                path: path.clone(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(source) => Err(Error::Read { path, source }),
        }
    }

    /// True when the user trusts hooks from `source`.
    pub fn trusts(&self, source: &Path) -> bool {
        let source = source.to_string_lossy();
        self.trusted.iter().any(|t| {
            let t = expand_home(t);
            if t.ends_with('/') {
                source.starts_with(t.as_str()) || format!("{source}/") == t
            } else {
                source == t.as_str()
            }
        })
    }
}

fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest).to_string_lossy().into_owned(),
        _ => path.to_string(),
    }
}
