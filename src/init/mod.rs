//! `jig init`: a new blueprint, as a skeleton or made from a working ("golden") repository.
//!
//! Both build the blueprint's files in memory first (`skeleton`, `from_repo::build`), then
//! `write` puts them in a staging directory beside the destination, checks them (the manifest
//! loads; a blueprint made from a repository renders back to that repository byte for byte)
//! and only then moves the directory into place, so a failed init leaves nothing behind.

pub(crate) mod builtin;
pub(crate) mod from_repo;
mod names;
pub(crate) mod sagemaker;
mod skeleton;
pub(crate) mod variables;

pub(crate) use skeleton::skeleton;

use std::path::{Path, PathBuf};

/// A file of the blueprint to write.
#[derive(Debug, Clone)]
pub(crate) struct NewFile {
    /// Relative to the blueprint directory, `/`-separated.
    pub path: String,
    pub kind: NewKind,
}

#[derive(Debug, Clone)]
pub(crate) enum NewKind {
    File { bytes: Vec<u8>, mode: u32 },
    Symlink { target: String },
}

impl NewFile {
    pub(crate) fn text(path: &str, text: &str) -> NewFile {
        NewFile {
            path: path.to_string(),
            kind: NewKind::File {
                bytes: text.as_bytes().to_vec(),
                mode: 0o644,
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("{} exists and is not empty", path.display())]
    NotEmpty { path: PathBuf },
    #[error("--var `{0}` must look like NAME=VALUE, NAME a question name (letters, digits, _)")]
    BadVar(String),
    #[error("--var {name}: the value is not found in {}", repo.display())]
    ValueNotFound { name: String, repo: PathBuf },
    #[error("{} holds `{{{{` in its name, which cannot be templated", path)]
    TemplatedName { path: String },
    #[error("the blueprint made from {} does not render back to it: {detail}", repo.display())]
    RoundTrip { repo: PathBuf, detail: String },
    #[error("no first-party blueprint named `{name}`")]
    UnknownBuiltin { name: String },
    #[error("the new blueprint is invalid: {0}")]
    Invalid(String),
    /// Ctrl-C (or SIGTERM, SIGHUP) while the blueprint was staged: the staging is removed.
    #[error("interrupted")]
    Interrupted,
    #[error("{} is not a SageMaker project template: {reason}", path.display())]
    NotSageMaker { path: PathBuf, reason: String },
    #[error("{} seeds no repository jig can tell: it has {found}", template.display())]
    NoSeeding {
        template: PathBuf,
        /// What the template holds (its resource types).
        found: String,
        /// The seeding styles jig knows.
        looked: Vec<String>,
    },
    #[error("{} seeds by {style}, but jig cannot tell which repositories", template.display())]
    SeedingUnclear {
        template: PathBuf,
        style: &'static str,
        why: Vec<String>,
    },
    #[error("cannot find the seed code of {resource} (`{key}`)")]
    SeedNotFound {
        resource: String,
        key: String,
        looked: Vec<String>,
    },
    #[error("{given} --seed given for {} repositories ({})", repositories.len(), repositories.join(", "))]
    SeedCount {
        given: usize,
        repositories: Vec<String>,
    },
    #[error("cannot import {}: {why}", path.display())]
    SeedEntry { path: PathBuf, why: String },
    #[error("cannot read the seed-code zip {}: {over}", path.display())]
    SeedZipOver {
        path: PathBuf,
        over: crate::archive::Over,
    },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

pub(crate) fn io<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `files` as the blueprint `dest` (which must not exist or be empty): staged,
/// checked by `verify` (given the staged directory), then moved into place.
pub(crate) fn write(
    dest: &Path,
    files: &[NewFile],
    verify: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    if dest.exists() {
        let empty = std::fs::read_dir(dest)
            .map_err(io("read", dest))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::NotEmpty {
                path: dest.to_path_buf(),
            });
        }
    }
    let absolute = crate::generate::absolute(dest);
    let parent = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = absolute
        .file_name()
        .map_or_else(|| "blueprint".into(), |n| n.to_string_lossy().into_owned());
    std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
    let staging = crate::generate::staging::Staging::new(&parent, &name)
        .map_err(io("create a staging directory in", &parent))?;
    // From here a signal only sets the flag, so the staging directory is removed on the way out.
    crate::interrupt::guard();
    stage_blueprint(staging, files, dest, verify).map_err(|e| match crate::interrupt::requested() {
        true => Error::Interrupted,
        false => e,
    })
}

/// Writes, loads and verifies the blueprint in `staging`, then moves it to `dest`.
fn stage_blueprint(
    staging: crate::generate::staging::Staging,
    files: &[NewFile],
    dest: &Path,
    verify: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    for file in files {
        let path = staging.path().join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        }
        match &file.kind {
            NewKind::File { bytes, mode } => {
                std::fs::write(&path, bytes).map_err(io("write", &path))?;
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(*mode))
                    .map_err(io("set the mode of", &path))?;
            }
            NewKind::Symlink { target } => {
                std::os::unix::fs::symlink(target, &path).map_err(io("link", &path))?;
            }
        }
    }
    crate::blueprint::Blueprint::load(staging.path()).map_err(|e| {
        let detail = match &e {
            crate::blueprint::Error::Invalid { diagnostics, .. } => diagnostics
                .iter()
                .map(|d| format!("{}:{}: {}", d.location.line, d.location.column, d.message))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        Error::Invalid(detail)
    })?;
    verify(staging.path())?;
    if crate::interrupt::requested() {
        return Err(Error::Interrupted);
    }
    staging
        .move_to(dest)
        .map_err(io("move the blueprint to", dest))
}
