//! Creating files below a directory so that no symlink can carry a write out of it.
//!
//! The plan already refuses every link that resolves outside the project (`paths`), so every
//! path jig writes is inside by construction. This is the second lock on the same door: on
//! Linux each file is created with `openat2(RESOLVE_BENEATH)` relative to the root, and the
//! kernel refuses any resolution that leaves it (`EXDEV`), whatever appeared on disk since the
//! plan was made. Where `openat2` is missing (other systems, old kernels, sandboxes that
//! filter it), the file is created by path, with the plan's check as the guard.

use std::fs::File;
use std::path::{Path, PathBuf};

/// A directory files are created beneath.
pub(crate) struct Beneath {
    root: PathBuf,
    #[cfg(target_os = "linux")]
    dir: Option<File>,
}

impl Beneath {
    pub(crate) fn new(root: &Path) -> Beneath {
        Beneath {
            root: root.to_path_buf(),
            #[cfg(target_os = "linux")]
            dir: File::open(root).ok(),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Creates (or truncates) `rel` with `mode` (before the umask), for writing.
    pub(crate) fn create(&self, rel: &str, mode: u32) -> std::io::Result<File> {
        #[cfg(target_os = "linux")]
        if let Some(dir) = &self.dir {
            match openat2_beneath(dir, rel, mode) {
                Err(e) if unsupported(&e) => {}
                other => return other,
            }
        }
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(self.root.join(rel))
    }
}

/// `openat2` is not there (ENOSYS), or a seccomp filter refuses it (EPERM), or the kernel does
/// not know a flag (EINVAL, E2BIG): fall back to a plain open.
#[cfg(target_os = "linux")]
fn unsupported(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::ENOSYS | libc::EPERM | libc::EINVAL | libc::E2BIG)
    )
}

#[cfg(target_os = "linux")]
fn openat2_beneath(dir: &File, rel: &str, mode: u32) -> std::io::Result<File> {
    use std::os::fd::{AsRawFd, FromRawFd};
    let path = std::ffi::CString::new(rel)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "NUL in a path"))?;
    // SAFETY: `open_how` is plain integers; all zero is its documented empty value.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC) as u64;
    how.mode = u64::from(mode);
    how.resolve = libc::RESOLVE_BENEATH;
    // SAFETY: openat2 with a valid directory descriptor, a NUL-terminated path and an
    // `open_how` of the size passed; on success the returned descriptor is ours to own.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            dir.as_raw_fd(),
            path.as_ptr(),
            &how as *const libc::open_how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a new descriptor returned by the kernel and owned by nobody else.
    Ok(unsafe { File::from_raw_fd(fd as i32) })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn files_are_created_beneath_and_never_through_a_link_out() {
        let sandbox = tempfile::tempdir().unwrap();
        let root = sandbox.path().join("root");
        let outside = sandbox.path().join("outside");
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink("docs", root.join("inside")).unwrap();
        std::os::unix::fs::symlink("../outside", root.join("escape")).unwrap();
        let beneath = Beneath::new(&root);
        beneath.create("docs/a.txt", 0o644).unwrap();
        beneath.create("inside/b.txt", 0o644).unwrap();
        assert!(
            root.join("docs/b.txt").exists(),
            "links inside are followed"
        );
        let escaped = beneath.create("escape/c.txt", 0o644);
        match escaped {
            Err(e) => assert_eq!(e.raw_os_error(), Some(libc::EXDEV), "{e}"),
            // Without openat2 the plan is the only guard, as documented.
            Ok(_) => assert!(
                openat2_beneath(&File::open(&root).unwrap(), "x", 0o644)
                    .is_err_and(|e| unsupported(&e)),
                "openat2 works here, so it must have refused"
            ),
        }
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }
}
