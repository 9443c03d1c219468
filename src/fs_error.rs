//! A file-system action that failed: what jig was doing, on which path, and the system's
//! reason. The one shape the engine's I/O errors take (`generate`, `render::write`, `sync`,
//! Cookiecutter hooks), so a failure keeps its message as it passes between them.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}", path.display())]
pub(crate) struct FsError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// For `map_err`: the failure of `action` on `path`, as any error that wraps an `FsError`.
pub(crate) fn at<'a, E: From<FsError>>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> E + 'a {
    move |source| {
        E::from(FsError {
            action,
            path: path.to_path_buf(),
            source,
        })
    }
}
