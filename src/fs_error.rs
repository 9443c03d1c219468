//! A file-system action that failed: what jig was doing, on which path, and the system's
//! reason. The one shape the engine's I/O errors take (`generate`, `render::write`, `sync`,
//! Cookiecutter hooks), so a failure keeps its message as it passes between them; and a probe
//! of the file system's state, for failures whose cause was lost on the way.

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

/// What the file system holding `path` (or its nearest existing parent) says about itself
/// now: full (less than 1 MiB left to write) or read-only. For a failure whose cause was
/// not passed on (libgit2 sometimes reports only its own callback's failure), probed while
/// what filled the disk is still there.
pub(crate) fn probe(path: &Path) -> Option<std::io::ErrorKind> {
    use std::os::unix::ffi::OsStrExt;
    let existing = path.ancestors().find(|p| p.exists())?;
    let c_path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs fills the zeroed struct it is given, from a NUL-terminated path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c_path.as_ptr(), &mut st) } != 0 {
        return None;
    }
    if st.f_flag & libc::ST_RDONLY != 0 {
        return Some(std::io::ErrorKind::ReadOnlyFilesystem);
    }
    let free = st.f_bavail.saturating_mul(st.f_frsize);
    (free < 1 << 20).then_some(std::io::ErrorKind::StorageFull)
}
