//! Scratch directories that a killed run cannot leave behind for good.
//!
//! Staging directories and temporary renders are removed when dropped, but SIGKILL (or a power
//! cut) skips every destructor. So each scratch directory is named after the process that owns
//! it (`PREFIX<pid>-XXXXXX`, mode 0700 so nobody else can read a rendered secret in it) and
//! holds an exclusive `flock` on itself for as long as it lives; the kernel drops the lock when
//! the process dies, however it dies. Making a new scratch directory first sweeps its siblings
//! with the same prefix: one is removed only when its lock is free *and* its owner is gone, so
//! a live run (even one between `mkdir` and `flock`) is never touched.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// A directory removed (with everything in it) when dropped, and by the next run if this
/// process is killed.
#[derive(Debug)]
pub(crate) struct Scratch {
    dir: tempfile::TempDir,
    /// Holds the lock; closed after the directory is removed.
    _lock: File,
}

impl Scratch {
    /// A scratch directory inside `parent` (same filesystem, so its contents can be renamed
    /// into place), after removing stale ones with the same prefix.
    pub(crate) fn new_in(parent: &Path, prefix: &str) -> std::io::Result<Scratch> {
        sweep(parent, prefix);
        let dir = tempfile::Builder::new()
            .prefix(&format!("{prefix}{}-", std::process::id()))
            .tempdir_in(parent)?;
        let lock = File::open(dir.path())?;
        lock_exclusive(&lock, false)?;
        Ok(Scratch { dir, _lock: lock })
    }

    /// A scratch directory in the system's temporary directory.
    pub(crate) fn new(prefix: &str) -> std::io::Result<Scratch> {
        Scratch::new_in(&std::env::temp_dir(), prefix)
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Removes every stale scratch directory named `PREFIX<pid>-*` in `parent`. Best effort: a
/// directory that cannot be inspected or removed is left alone.
pub(crate) fn sweep(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    stale(parent, prefix)
        .into_iter()
        .filter(|(path, _lock)| std::fs::remove_dir_all(path).is_ok())
        .map(|(path, _lock)| path)
        .collect()
}

/// The directories named `PREFIX<pid>-*` in `parent` whose run is gone: the owner's PID is
/// dead and the lock is free (held now, with the returned file, by the caller). A symlink
/// planted under such a name is never followed.
pub(crate) fn stale(parent: &Path, prefix: &str) -> Vec<(PathBuf, File)> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            let pid = entry.file_name().to_str().and_then(|n| owner(n, prefix));
            pid.is_some_and(|pid| !process_alive(pid))
                && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .filter_map(|entry| {
            let lock = File::open(entry.path()).ok()?;
            lock_exclusive(&lock, true).ok()?;
            Some((entry.path(), lock))
        })
        .collect()
}

/// Whether `name` is a scratch name of `prefix` whose owner is gone: for records a killed run
/// left elsewhere under its scratch directory's name (a fleet update's worktree in a mirror).
pub(crate) fn abandoned(name: &str, prefix: &str) -> bool {
    owner(name, prefix).is_some_and(|pid| !process_alive(pid))
}

/// The owner's PID in a scratch directory's name.
fn owner(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok().filter(|&p| p > 0)
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

pub(crate) fn lock_exclusive(file: &File, nonblocking: bool) -> std::io::Result<()> {
    let flags = libc::LOCK_EX | if nonblocking { libc::LOCK_NB } else { 0 };
    // SAFETY: flock on a file descriptor this function borrows for the call.
    if unsafe { libc::flock(file.as_raw_fd(), flags) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_directories_of_dead_owners_are_swept_live_ones_kept() {
        let parent = tempfile::tempdir().unwrap();
        // A PID far above pid_max belongs to no process.
        let stale = parent.path().join(".jig-staging-999999999-abcdef");
        std::fs::create_dir_all(stale.join("project/.env-dir")).unwrap();
        std::fs::write(stale.join("project/.env"), "SECRET=1").unwrap();
        let foreign = parent.path().join(".jig-staging-notapid");
        std::fs::create_dir(&foreign).unwrap();
        let live = Scratch::new_in(parent.path(), ".jig-staging-").unwrap();
        assert!(
            !stale.exists(),
            "a dead owner's staging directory is removed"
        );
        assert!(foreign.exists(), "names jig did not make are left alone");
        assert!(live.path().exists());
        // A second run keeps the first one's directory: its owner (this process) is alive.
        let second = Scratch::new_in(parent.path(), ".jig-staging-").unwrap();
        assert!(live.path().exists() && second.path().exists());
        let path = live.path().to_path_buf();
        drop(live);
        assert!(!path.exists());
    }

    #[test]
    fn owner_pids_are_read_from_names() {
        assert_eq!(owner(".jig-staging-42-x1y2z3", ".jig-staging-"), Some(42));
        assert_eq!(owner(".jig-staging-x1y2z3", ".jig-staging-"), None);
        assert_eq!(owner(".jig-staging-42-", ".jig-staging-"), None);
        assert_eq!(owner("jig-render-7-abc", ".jig-staging-"), None);
    }
}
