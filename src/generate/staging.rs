//! The staging directory: a hidden sibling of the destination that disappears unless moved.
//!
//! The project is staged as `.jig-staging-<pid>-XXXX/<project name>`, so hooks see a working
//! directory with the project's own name (Cookiecutter hooks often derive names from it). The
//! staging directory is a `Scratch`: mode 0700 (a rendered secret is readable by its owner
//! only), removed on every exit path, and swept by the next run if this one is killed.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub struct Staging {
    /// Removed (with anything left in it) when dropped.
    _dir: crate::scratch::Scratch,
    root: PathBuf,
}

/// The prefix of staging directories, beside the destination.
pub const PREFIX: &str = ".jig-staging-";

impl Staging {
    /// Creates `.jig-staging-XXXX/<project>` inside `parent` (same filesystem as the
    /// destination, so the final move is a rename).
    pub fn new(parent: &Path, project: &str) -> std::io::Result<Staging> {
        let dir = crate::scratch::Scratch::new_in(parent, PREFIX)?;
        let root = dir.path().join(project);
        std::fs::create_dir(&root)?;
        Ok(Staging { _dir: dir, root })
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Moves the whole tree to `dest`, which must not exist or be an empty directory.
    pub fn move_to(self, dest: &Path) -> std::io::Result<()> {
        if dest.is_dir() {
            std::fs::remove_dir(dest)?;
        }
        std::fs::rename(&self.root, dest)
    }

    /// Paths that are a directory on one side and not on the other: merging them would delete
    /// the team's files (or fail half way), so they are checked before anything moves.
    pub fn kind_conflicts(&self, dest: &Path) -> Vec<PathBuf> {
        let root = self.root.as_path();
        let mut conflicts = Vec::new();
        let mut walker = WalkDir::new(root)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter();
        while let Some(Ok(entry)) = walker.next() {
            let rel = entry.path().strip_prefix(root).expect("below root");
            if rel == Path::new(".git") {
                walker.skip_current_dir();
                continue;
            }
            let Ok(existing) = std::fs::symlink_metadata(dest.join(rel)) else {
                continue;
            };
            if existing.is_dir() != entry.file_type().is_dir() {
                conflicts.push(rel.to_path_buf());
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
        }
        conflicts
    }

    /// Moves each file into an existing `dest`: replacing existing files when `overwrite`,
    /// keeping them otherwise. A staged `.git` is moved only if `dest` has none.
    pub fn merge_into(self, dest: &Path, overwrite: bool) -> std::io::Result<()> {
        let root = self.root.clone();
        let dest_has_git = dest.join(".git").exists();
        let mut walker = WalkDir::new(&root)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = entry.map_err(std::io::Error::other)?;
            let rel: PathBuf = entry
                .path()
                .strip_prefix(&root)
                .expect("below root")
                .to_path_buf();
            let target = dest.join(&rel);
            let is_git = rel == Path::new(".git");
            if entry.file_type().is_dir() && !is_git {
                std::fs::create_dir_all(&target)?;
                continue;
            }
            if is_git {
                walker.skip_current_dir();
                if dest_has_git {
                    continue;
                }
            }
            let exists = std::fs::symlink_metadata(&target).is_ok();
            if exists && !overwrite {
                continue;
            }
            if exists && target.is_dir() && !target.is_symlink() {
                std::fs::remove_dir_all(&target)?;
            }
            std::fs::rename(entry.path(), &target)?;
        }
        Ok(())
    }
}
