//! The git side of a fleet update: a working tree of the default branch's tip, made as a
//! worktree of jig's cached mirror in a scratch directory (the team's repository is never
//! checked out, and a local clone's own working tree is never touched), the update committed
//! there on `jig/<blueprint>-<version>`, and the branch pushed.
//!
//! Commits are deterministic (the parent's time, a fixed identity unless git config names
//! one): the same update of the same tip makes the same commit, so a second run finds the
//! branch already where it would put it and pushes nothing.

use crate::scratch::Scratch;
use crate::sync::Error;
use std::path::{Path, PathBuf};

/// The prefix of a checkout's scratch directory, which is also its worktree's name.
const PREFIX: &str = "jig-fleet-";

/// A worktree of the mirror on the update branch; removed (and pruned) when dropped.
pub(crate) struct Checkout {
    mirror: PathBuf,
    name: String,
    /// The default branch's tip the branch starts from.
    pub base: git2::Oid,
    scratch: Option<Scratch>,
    dir: PathBuf,
    /// An exclusive `flock` on the mirror's `jig-fleet.lock` for as long as the checkout
    /// lives: while it is held, a lock file git left on a `jig/` branch is a killed run's.
    _held: std::fs::File,
}

impl Checkout {
    /// Checks `base` out of `mirror` into a scratch directory, on `branch` reset to it.
    pub(crate) fn new(mirror: &Path, base: &str, branch: &str) -> Result<Checkout, Error> {
        let repo = git2::Repository::open(mirror)?;
        let held = hold(repo.path())?;
        prune_abandoned(&repo);
        remove_stale_branch_locks(&repo.path().join("refs/heads/jig"));
        let base = git2::Oid::from_str(base)?;
        let commit = repo.find_commit(base)?;
        let refname = format!("refs/heads/{branch}");
        let reference = repo.reference(&refname, commit.id(), true, "jig fleet update")?;
        let scratch = Scratch::new(PREFIX).map_err(crate::sync::io(
            "create a scratch directory in",
            &std::env::temp_dir(),
        ))?;
        let dir = scratch.path().join("tree");
        let name = scratch
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "jig-fleet".into());
        let mut options = git2::WorktreeAddOptions::new();
        options.reference(Some(&reference));
        repo.worktree(&name, &dir, Some(&options))?;
        Ok(Checkout {
            mirror: mirror.to_path_buf(),
            name,
            base,
            scratch: Some(scratch),
            dir,
            _held: held,
        })
    }

    /// The working tree.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Commits everything in the working tree (conflict markers included) on the branch;
    /// returns the commit.
    pub(crate) fn commit(&self, message: &str) -> Result<git2::Oid, Error> {
        let repo = git2::Repository::open(&self.dir)?;
        let mut index = repo.index()?;
        index.add_all(["*"], git2::IndexAddOption::FORCE, None)?;
        index.update_all(["*"], None)?;
        index.write()?;
        let tree = repo.find_tree(index.write_tree()?)?;
        let parent = repo.find_commit(self.base)?;
        let time = parent.committer().when();
        let (name, email) = identity(&repo);
        let signature = git2::Signature::new(&name, &email, &time)?;
        let oid = repo.commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &[&parent],
        )?;
        Ok(oid)
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        // The files first, then git's record of the worktree.
        drop(self.scratch.take());
        if let Ok(repo) = git2::Repository::open(&self.mirror) {
            if let Ok(wt) = repo.find_worktree(&self.name) {
                let mut options = git2::WorktreePruneOptions::new();
                options.valid(true).working_tree(true);
                let _ = wt.prune(Some(&mut options));
            }
        }
    }
}

/// Waits for, then holds, the mirror's fleet lock (`jig-fleet.lock` in its git directory).
fn hold(git_dir: &Path) -> Result<std::fs::File, Error> {
    let path = git_dir.join("jig-fleet.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(crate::sync::io("open", &path))?;
    crate::scratch::lock_exclusive(&file, false).map_err(crate::sync::io("lock", &path))?;
    Ok(file)
}

/// Removes the `*.lock` files below `refs/heads/jig/`: only a fleet update writes those
/// branches, and it does so holding the mirror's fleet lock, which the caller now holds; so a
/// lock file there is a killed run's, and git would refuse the branch while it stays.
fn remove_stale_branch_locks(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() && entry.file_name().to_string_lossy().ends_with(".lock") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Forgets the worktrees of fleet updates that were killed (SIGKILL skips `Drop`): their record
/// in the mirror keeps the branch "checked out", and git refuses to check it out again, so
/// every later run of that repository would fail. A live run's worktree is left alone.
fn prune_abandoned(repo: &git2::Repository) {
    // Listed from the directory: git lists only complete records, and a run killed while
    // adding one leaves half of it.
    let records = repo.path().join("worktrees");
    let Ok(entries) = std::fs::read_dir(&records) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !crate::scratch::abandoned(&name, PREFIX) {
            continue;
        }
        if let Ok(wt) = repo.find_worktree(&name) {
            let mut options = git2::WorktreePruneOptions::new();
            options.valid(true).working_tree(true);
            let _ = wt.prune(Some(&mut options));
        }
        let _ = std::fs::remove_dir_all(records.join(&name));
    }
}

/// Brings `branch` from the mirror into the local repository at `repo` (a clone with a
/// working tree, which git does not push into). Refused when the clone has that branch
/// checked out: its working tree is the team's.
pub(crate) fn fetch_into(repo: &Path, mirror: &Path, branch: &str) -> Result<(), Error> {
    let local = git2::Repository::open(repo)?;
    let refname = format!("refs/heads/{branch}");
    if let Ok(head) = local.head() {
        if head.name().ok() == Some(refname.as_str()) {
            return Err(Error::Git(git2::Error::from_str(&format!(
                "{} has {branch} checked out; switch to another branch first",
                repo.display()
            ))));
        }
    }
    let mut remote = local.remote_anonymous(&mirror.to_string_lossy())?;
    remote.fetch(&[format!("+{refname}:{refname}")], None, None)?;
    Ok(())
}

/// Who commits: git config's user, else jig.
fn identity(repo: &git2::Repository) -> (String, String) {
    let config = repo.config().ok();
    let get = |key: &str| config.as_ref().and_then(|c| c.get_string(key).ok());
    (
        get("user.name").unwrap_or_else(|| "jig".into()),
        get("user.email").unwrap_or_else(|| "jig@localhost".into()),
    )
}
