//! The hint for a failure whose cause is the file system itself: full (or over quota), or
//! mounted read-only. Whatever jig was doing, the user's next step is the same, so it is
//! found here once, from the error's chain of causes (an I/O error's kind, or the system's
//! words inside a libgit2 message), and the path the chain names. It must not print.

use std::error::Error;
use std::path::{Path, PathBuf};

/// What is wrong with the file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cause {
    Full,
    ReadOnly,
}

/// The hint for `err` when one of its causes is a full or read-only file system.
pub(super) fn hint(err: &super::Error) -> Option<String> {
    let mut cause = None;
    let mut next: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = next {
        cause = cause.or_else(|| cause_of(e));
        next = e.source();
    }
    let cause = cause.or_else(|| probed(err))?;
    let path = path_of(err);
    let place = path.map(existing_ancestor);
    let cache = crate::cache::Cache::open().root;
    let under = |root: &Path| path.is_some_and(|p| p.starts_with(root));
    let variable = if under(&cache) {
        Some(crate::env::JIG_CACHE_DIR)
    } else if under(&std::env::temp_dir()) {
        Some("TMPDIR")
    } else {
        None
    };
    let place = place.map_or_else(|| "it".to_string(), |p| p.display().to_string());
    Some(match (cause, variable) {
        (Cause::Full, None) => format!(
            "the file system of {place} is full: free some space (`df -h {place}` shows what is left), then run it again"
        ),
        (Cause::Full, Some(var)) => format!(
            "the file system of {place} is full: free some space (`df -h {place}`), or set {var} to a directory on another file system"
        ),
        (Cause::ReadOnly, None) => format!(
            "{place} is on a read-only file system: remount it read-write, or give jig a writable place (--output-dir for `jig new`)"
        ),
        (Cause::ReadOnly, Some(var)) => {
            format!("{place} is on a read-only file system: set {var} to a writable directory")
        }
    })
}

fn cause_of(e: &(dyn Error + 'static)) -> Option<Cause> {
    use std::io::ErrorKind as K;
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return match io.kind() {
            K::StorageFull | K::QuotaExceeded => Some(Cause::Full),
            K::ReadOnlyFilesystem => Some(Cause::ReadOnly),
            _ => None,
        };
    }
    // libgit2 says what the system said, in its words: look for them.
    let git = e.downcast_ref::<git2::Error>()?;
    let says = |errno: i32| {
        let text = std::io::Error::from_raw_os_error(errno).to_string();
        let words = text.split(" (os error").next().unwrap_or(&text).to_string();
        git.message().contains(&words)
    };
    if says(libc::ENOSPC) || says(libc::EDQUOT) {
        Some(Cause::Full)
    } else if says(libc::EROFS) {
        Some(Cause::ReadOnly)
    } else {
        None
    }
}

/// The path the error is about. (Matched, not read from the chain of causes: a transparent
/// wrapper hands on its inner error's causes, not the inner error.)
fn path_of(err: &super::Error) -> Option<&Path> {
    use super::Error as E;
    use crate::source::{git_remote, Error as S};
    match err {
        E::Generate(g) => generate_path(g),
        E::Cookiecutter(crate::cookiecutter::Error::Generate(g)) => generate_path(g),
        E::Update(crate::sync::Error::Io(fs)) => Some(&fs.path),
        E::Update(crate::sync::Error::Generate(g)) => generate_path(g),
        E::Source(S::Git(git_remote::Error::Cache { path, .. })) => Some(path),
        E::Source(S::Registry(r)) => match r.as_ref() {
            crate::registry::Error::Io { path, .. } => Some(path),
            _ => None,
        },
        _ => None,
    }
}

/// The state of the file system a failure was probed for, when its causes do not say.
fn probed(err: &super::Error) -> Option<Cause> {
    use super::Error as E;
    use crate::generate::{git, Error as G};
    let (E::Generate(G::Git(git::Error::Repository { storage, .. }))
    | E::Update(crate::sync::Error::Generate(G::Git(git::Error::Repository {
        storage, ..
    })))) = err
    else {
        return None;
    };
    match (*storage)? {
        std::io::ErrorKind::ReadOnlyFilesystem => Some(Cause::ReadOnly),
        _ => Some(Cause::Full),
    }
}

fn generate_path(g: &crate::generate::Error) -> Option<&Path> {
    use crate::generate::{git, Error as G};
    use crate::render::write;
    match g {
        G::Io(fs) | G::Write(write::Error::Io(fs)) => Some(&fs.path),
        G::Git(git::Error::Repository { dest, .. }) => Some(dest),
        _ => None,
    }
}

/// The nearest of `path` and its parents that exists (a failed run removed what it made).
fn existing_ancestor(path: &Path) -> PathBuf {
    path.ancestors()
        .find(|p| p.exists())
        .unwrap_or(path)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cause_is_read_from_io_errors_and_libgit2_messages() {
        let full = std::io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(cause_of(&full), Some(Cause::Full));
        let ro = std::io::Error::from_raw_os_error(libc::EROFS);
        assert_eq!(cause_of(&ro), Some(Cause::ReadOnly));
        let git = git2::Error::from_str("failed to read file into stream: No space left on device");
        assert_eq!(cause_of(&git), Some(Cause::Full));
        let other = git2::Error::from_str("reference is not a branch");
        assert_eq!(cause_of(&other), None);
    }

    #[test]
    fn the_hint_names_the_nearest_existing_place() {
        let dir = tempfile::tempdir().unwrap();
        let err = super::super::Error::Update(crate::sync::Error::Io(crate::fs_error::FsError {
            action: "write",
            path: dir.path().join("gone/deeper/file.txt"),
            source: std::io::Error::from_raw_os_error(libc::ENOSPC),
        }));
        let hint = hint(&err).unwrap();
        assert!(
            hint.contains(&format!("`df -h {}`", dir.path().display())),
            "{hint}"
        );
    }
}
