//! The staging directory: a hidden sibling of the destination that disappears unless moved.
//!
//! The project is staged as `.jig-staging-<pid>-XXXX/<project name>`, so hooks see a working
//! directory with the project's own name (Cookiecutter hooks often derive names from it). The
//! staging directory is a `Scratch`: mode 0700 (a rendered secret is readable by its owner
//! only), removed on every exit path, and swept by the next run if this one is killed.

use crate::journal::{self, Journal};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One entry `merge_into` moves (a directory is created, not moved).
struct Move {
    from: PathBuf,
    rel: PathBuf,
    is_dir: bool,
}

pub(crate) struct Staging {
    /// Removed (with anything left in it) when dropped.
    _dir: crate::scratch::Scratch,
    root: PathBuf,
}

/// The prefix of staging directories, beside the destination.
pub(crate) const PREFIX: &str = ".jig-staging-";

impl Staging {
    /// Creates `.jig-staging-XXXX/<project>` inside `parent` (same filesystem as the
    /// destination, so the final move is a rename).
    pub(crate) fn new(parent: &Path, project: &str) -> std::io::Result<Staging> {
        let dir = crate::scratch::Scratch::new_in(parent, PREFIX)?;
        let root = dir.path().join(project);
        std::fs::create_dir(&root)?;
        Ok(Staging { _dir: dir, root })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.root
    }

    /// A path beside the project, inside the staging directory (removed with it): never the
    /// project's own name.
    pub(crate) fn beside(&self, what: &str) -> PathBuf {
        let project = self.root.file_name().unwrap_or_default().to_string_lossy();
        self._dir.path().join(format!(".{project}.{what}"))
    }

    /// Moves the whole tree to `dest`, which must not exist or be an empty directory.
    pub(crate) fn move_to(self, dest: &Path) -> std::io::Result<()> {
        if dest.is_dir() {
            std::fs::remove_dir(dest)?;
        }
        std::fs::rename(&self.root, dest)
    }

    /// Paths that are a directory on one side and not on the other: merging them would delete
    /// the team's files (or fail half way), so they are checked before anything moves.
    pub(crate) fn kind_conflicts(&self, dest: &Path) -> Vec<PathBuf> {
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
    /// keeping them otherwise. A staged `.git` is moved only if `dest` has none. Crash-safe:
    /// a journal in `journal_dir` records the old state first, so a run killed half way is
    /// rolled back by the next (`journal::recover`), and a failure or Ctrl-C here rolls back
    /// at once (the error is then `Interrupted` or the cause).
    pub(crate) fn merge_into(
        self,
        dest: &Path,
        overwrite: bool,
        journal_dir: &Path,
    ) -> std::io::Result<()> {
        let moves = self.moves(dest, overwrite)?;
        let rels: Vec<PathBuf> = moves.iter().map(|m| m.rel.clone()).collect();
        let what = format!("jig new --overwrite into {}", dest.display());
        let mut journal = Journal::begin(
            journal_dir,
            journal::OVERWRITE_PREFIX,
            &what,
            dest,
            &rels,
            Vec::new(),
        )?;
        let result = (|| {
            for m in &moves {
                if crate::interrupt::requested() {
                    return Err(std::io::Error::from(std::io::ErrorKind::Interrupted));
                }
                let target = dest.join(&m.rel);
                if m.is_dir {
                    std::fs::create_dir_all(&target)?;
                    continue;
                }
                if target.is_dir() && !target.is_symlink() {
                    journal.set_aside(&m.rel)?;
                }
                std::fs::rename(&m.from, &target)?;
            }
            Ok(())
        })();
        match result {
            Ok(()) => journal.commit(),
            Err(e) => {
                journal.rollback()?;
                Err(e)
            }
        }
    }

    /// What `merge_into` moves, parents before children.
    fn moves(&self, dest: &Path, overwrite: bool) -> std::io::Result<Vec<Move>> {
        let root = self.root.as_path();
        let dest_has_git = dest.join(".git").exists();
        let mut moves = Vec::new();
        let mut walker = WalkDir::new(root)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = entry.map_err(std::io::Error::other)?;
            let rel = entry
                .path()
                .strip_prefix(root)
                .expect("below root")
                .to_path_buf();
            let target = dest.join(&rel);
            let is_git = rel == Path::new(".git");
            let exists = std::fs::symlink_metadata(&target).is_ok();
            if entry.file_type().is_dir() && !is_git {
                if !exists {
                    moves.push(Move {
                        from: entry.path().to_path_buf(),
                        rel,
                        is_dir: true,
                    });
                }
                continue;
            }
            if is_git {
                walker.skip_current_dir();
                if dest_has_git {
                    continue;
                }
            }
            if exists && !overwrite {
                continue;
            }
            moves.push(Move {
                from: entry.path().to_path_buf(),
                rel,
                is_dir: false,
            });
        }
        Ok(moves)
    }
}
