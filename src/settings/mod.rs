//! Everything that decides how one run behaves, read and resolved once, before any work:
//! built-in defaults < the user config files (jig's `config.yaml`, Cookiecutter's
//! `~/.cookiecutterrc`) < environment variables (`env`) < command-line flags.
//!
//! `Loaded` reads jig's config file once at start-up and keeps a failure for the commands
//! that need it (so `jig schema` works beside a broken config); `Settings` is what a command
//! gets: both files plus its flags, and the one trust decision.

pub(crate) mod config;
pub(crate) mod cookiecutterrc;
pub(crate) mod limits;

pub(crate) use config::{
    expand_home, CatalogConfig, CatalogFlags, Config, LimitsConfig, Provider, RegistryConfig,
    UnifiedStudioConfig,
};
pub(crate) use cookiecutterrc::Rc;
pub(crate) use limits::LimitFlags;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot read config file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config file {}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("invalid render limit in {what}: {message}")]
    BadLimit { what: String, message: String },
    #[error("cannot read Cookiecutter config {}", path.display())]
    ReadCookiecutter {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid Cookiecutter config {}: {message}", path.display())]
    InvalidCookiecutter { path: PathBuf, message: String },
}

/// jig's config file as read at start-up, kept with its failure.
pub(crate) struct Loaded {
    config: Result<Config, Error>,
}

impl Loaded {
    /// Reads jig's config file once.
    pub(crate) fn read() -> Loaded {
        Loaded {
            config: Config::load(),
        }
    }

    /// The render budget: the config file's `limits:` (an unreadable file counts as empty
    /// here; the command that needs the file reports it), the environment, the flags.
    pub(crate) fn limits(&self, flags: LimitFlags) -> Result<crate::render::limits::Limits, Error> {
        let none = LimitsConfig::default();
        let config = self.config.as_ref().map_or(&none, |c| &c.limits);
        limits::resolve(config, flags)
    }

    /// The settings of a command that reads the config files, with its flags: jig's config,
    /// then Cookiecutter's (the first failure is the error).
    pub(crate) fn settings(self, flags: Flags) -> Result<Settings, Error> {
        let config = self.config?;
        Ok(Settings {
            config,
            cookiecutterrc: cookiecutterrc::load()?,
            flags,
        })
    }
}

/// The flags that change how sources and their code are treated.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flags {
    /// `--trust`: run the source's hooks, migrations and extensions.
    pub trust: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
}

/// What one command runs with.
pub(crate) struct Settings {
    pub config: Config,
    pub cookiecutterrc: Rc,
    pub flags: Flags,
}

impl Settings {
    /// Whether code from a source may run: first-party, `--trust`, or covered by a
    /// `trusted:` entry (both sides normalised by `trust`). The one place this is decided.
    pub(crate) fn trusts(&self, first_party: bool, trust_key: &str) -> bool {
        crate::trust::decide(
            first_party,
            self.flags.trust,
            &self.config.trusted_entries(),
            trust_key,
        )
    }
}
