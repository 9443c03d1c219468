//! What can go wrong finding a blueprint: a name nowhere, a folder that is no template, a
//! subdirectory outside its source, a version no tag matches. Each variant carries the source
//! as given and what was looked at, for the hinted message `src/error/` makes of it.

use super::{git_remote, spec, Format, COOKIECUTTER_FILE, COPIER_FILES};
use crate::registry;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("no blueprint named `{given}`{}", if registries.is_empty() { String::new() } else { format!(" (looked in first-party blueprints and registries {})", registries.join(", ")) })]
    NotFound {
        given: String,
        registries: Vec<String>,
    },
    #[error("no directory at {}", path.display())]
    NoDirectory { path: PathBuf },
    #[error("{} has neither {}, {} nor {}", path.display(), crate::blueprint::MANIFEST_FILE, COOKIECUTTER_FILE, COPIER_FILES[0])]
    NoManifest {
        path: PathBuf,
        /// The source as given, for the command the hint suggests.
        given: String,
    },
    #[error("{} is not {} (it has no {})", path.display(), wanted.described(), wanted.manifest())]
    NotThatFormat {
        path: PathBuf,
        given: String,
        wanted: Format,
        found: Vec<Format>,
    },
    #[error("{url} at {at} has no directory `{subdir}`")]
    NoSubdir {
        url: String,
        at: String,
        subdir: String,
    },
    /// A `//SUBDIR`, `--directory` or recorded `directory:` that is not a path inside the
    /// source: it would render (and run the hooks of) a template somewhere else under the
    /// source's trust.
    #[error("the directory `{subdir}` of `{given}` {why}")]
    SubdirOutside {
        given: String,
        subdir: String,
        why: &'static str,
    },
    #[error(transparent)]
    Spec(#[from] spec::Error),
    #[error("`{given}` asks for {a} and --{flag} for {b}; give one")]
    Conflict {
        given: String,
        flag: &'static str,
        a: String,
        b: String,
    },
    #[error("{url} has no version tags{}", name.as_ref().map_or(String::new(), |n| format!(" for `{n}`")))]
    NoVersions { url: String, name: Option<String> },
    #[error("{url} has no version matching {req}")]
    NoMatch {
        url: String,
        req: String,
        available: Vec<String>,
    },
    #[error("{what} accepts only version requirements, not `{req}`")]
    NotAVersion { what: String, req: String },
    #[error("the first-party blueprint `{name}` is version {ours}, which does not match {req}")]
    BuiltinVersion {
        name: String,
        ours: String,
        req: String,
    },
    #[error("the source `{url}` is spelled ambiguously: {why}; jig neither fetches nor trusts it")]
    Ambiguous {
        url: String,
        why: crate::trust::Ambiguous,
    },
    #[error(transparent)]
    Git(#[from] git_remote::Error),
    #[error(transparent)]
    Registry(Box<registry::Error>),
    #[error("cannot extract the built-in blueprint `{name}`")]
    Extract {
        name: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<registry::Error> for Error {
    fn from(e: registry::Error) -> Error {
        Error::Registry(Box::new(e))
    }
}
