//! Crash-safe changes to a directory the user owns (`jig new --overwrite`, `jig update`).
//!
//! Renaming files into place one by one is not atomic: a run killed half way leaves some files
//! new and some old. So before the first file moves, a journal directory records every path
//! the change will touch, with a hard link to each file as it was (free, and exact: a rename
//! over the path leaves the old inode alone). It is fsynced, then the change runs, then the
//! journal is removed: that removal is the commit. A journal whose run died (its `flock` is
//! free and its owner's PID is gone, as for `scratch`) is rolled back by the next jig run that
//! looks (`recover`): every path gets its old file back, paths that did not exist are removed,
//! temporary files are deleted. The result is the directory exactly as it was before, and jig
//! says so. Nothing here prints.

use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};

const RECORD: &str = "journal.json";

/// Journals of `jig new --overwrite`, beside the destination.
pub(crate) const OVERWRITE_PREFIX: &str = ".jig-journal-";
/// Journals of `jig update`, in the repository's git directory.
pub(crate) const UPDATE_PREFIX: &str = "jig-update-journal-";

/// What one journal records.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// What was being done, for the message after a rollback ("jig update to 2.0.0").
    what: String,
    /// The directory the paths are relative to.
    root: PathBuf,
    /// Every path the change may write or remove, relative to `root`.
    entries: Vec<Entry>,
    /// Temporary files the change may leave (removed on rollback).
    temporaries: Vec<PathBuf>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// Relative to the root, or absolute for files outside it (the git index).
    path: PathBuf,
    /// The backup's name inside the journal, when the path existed.
    backup: Option<String>,
}

/// A change in progress; roll back with `rollback`, or finish with `commit`.
pub(crate) struct Journal {
    dir: PathBuf,
    record: Record,
    _lock: File,
}

/// A journal that was found and rolled back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recovered {
    pub what: String,
    pub root: PathBuf,
    /// Paths given their old content back (or removed, when they did not exist before).
    pub restored: usize,
}

impl Recovered {
    /// One line for the user: what was interrupted, and that it was undone.
    pub(crate) fn describe(&self) -> String {
        format!(
            "an interrupted `{}` was rolled back: {} path(s) in {} are as they were before it; run it again to finish",
            self.what,
            self.restored,
            self.root.display()
        )
    }
}

impl Journal {
    /// Records the state of `paths` (relative to `root`, or absolute) and `temporaries` in a
    /// new journal inside `parent`, named `PREFIX<pid>-XXXXXX`.
    pub(crate) fn begin(
        parent: &Path,
        prefix: &str,
        what: &str,
        root: &Path,
        paths: &[PathBuf],
        temporaries: Vec<PathBuf>,
    ) -> std::io::Result<Journal> {
        std::fs::create_dir_all(parent)?;
        let dir = tempfile::Builder::new()
            .prefix(&format!("{prefix}{}-", std::process::id()))
            .tempdir_in(parent)?
            .keep();
        let lock = File::open(&dir)?;
        crate::scratch::lock_exclusive(&lock, false)?;
        let mut journal = Journal {
            dir,
            record: Record {
                what: what.to_string(),
                root: root.to_path_buf(),
                entries: Vec::with_capacity(paths.len()),
                temporaries,
            },
            _lock: lock,
        };
        let result = journal.fill(paths);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&journal.dir);
        }
        result.map(|()| journal)
    }

    fn fill(&mut self, paths: &[PathBuf]) -> std::io::Result<()> {
        for (n, rel) in paths.iter().enumerate() {
            let target = self.record.root.join(rel);
            let backup = match std::fs::symlink_metadata(&target) {
                Ok(meta) => {
                    let name = n.to_string();
                    let copy = self.dir.join(&name);
                    if meta.is_dir() {
                        // A directory the change replaces is moved aside when it is replaced
                        // (`set_aside`); nothing to keep yet.
                        None
                    } else {
                        if std::fs::hard_link(&target, &copy).is_err() {
                            copy_one(&target, &copy, &meta)?;
                        }
                        Some(name)
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
            self.record.entries.push(Entry {
                path: rel.clone(),
                backup,
            });
        }
        self.save()
    }

    /// Writes the record whole or not at all (a temporary file renamed over it), then makes
    /// it durable: a record that exists is a complete one.
    fn save(&self) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(&self.record).expect("serialises");
        let tmp = self.dir.join(format!("{RECORD}.tmp"));
        let mut out = File::create(&tmp)?;
        std::io::Write::write_all(&mut out, &text)?;
        out.sync_all()?;
        std::fs::rename(&tmp, self.dir.join(RECORD))?;
        File::open(&self.dir)?.sync_all()
    }

    /// Moves a directory at `rel` (one of the journal's paths) into the journal, where a
    /// rollback finds it, instead of deleting it.
    pub(crate) fn set_aside(&mut self, rel: &Path) -> std::io::Result<()> {
        let Some(entry) = self.record.entries.iter_mut().find(|e| e.path == rel) else {
            return Err(std::io::Error::other("not a journalled path"));
        };
        let name = format!("dir-{}", entry.path.display()).replace('/', "%");
        // Recorded first: killed between the two steps, a rollback finds no backup and
        // leaves the directory where it is.
        entry.backup = Some(name.clone());
        self.save()?;
        std::fs::rename(self.record.root.join(rel), self.dir.join(&name))
    }

    /// The change is complete: the journal goes, and with it the way back.
    pub(crate) fn commit(self) -> std::io::Result<()> {
        std::fs::remove_file(self.dir.join(RECORD))?;
        std::fs::remove_dir_all(&self.dir)
    }

    /// Puts everything back as it was when the journal began.
    pub(crate) fn rollback(self) -> std::io::Result<Recovered> {
        let restored = restore(&self.dir, &self.record)?;
        std::fs::remove_dir_all(&self.dir)?;
        Ok(Recovered {
            what: self.record.what.clone(),
            root: self.record.root.clone(),
            restored,
        })
    }
}

/// Writes `bytes` to `path` through a temporary file renamed over it: never in place, so a
/// journal's hard link to the old file keeps the old content, and a reader never sees half.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.jig-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Rolls back every journal in `parent` named `PREFIX<pid>-*` whose run died; returns what
/// was rolled back. A journal of a live run is left alone.
pub(crate) fn recover(parent: &Path, prefix: &str) -> std::io::Result<Vec<Recovered>> {
    let mut recovered = Vec::new();
    for (dir, _lock) in crate::scratch::stale(parent, prefix) {
        match std::fs::read(dir.join(RECORD)) {
            Ok(text) => {
                let record: Record = serde_json::from_slice(&text)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
                let restored = restore(&dir, &record)?;
                recovered.push(Recovered {
                    what: record.what,
                    root: record.root,
                    restored,
                });
            }
            // Killed before the journal was complete: nothing had moved yet.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(recovered)
}

fn restore(dir: &Path, record: &Record) -> std::io::Result<usize> {
    for tmp in &record.temporaries {
        let _ = std::fs::remove_file(record.root.join(tmp));
    }
    let mut restored = 0;
    for entry in record.entries.iter().rev() {
        let target = record.root.join(&entry.path);
        let now = std::fs::symlink_metadata(&target).ok();
        match &entry.backup {
            Some(name) => {
                let backup = dir.join(name);
                if !backup.exists() && !backup.is_symlink() {
                    continue;
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                if now.as_ref().is_some_and(|m| m.is_dir()) {
                    std::fs::remove_dir_all(&target)?;
                }
                std::fs::rename(&backup, &target)?;
                restored += 1;
            }
            None => match now {
                // Did not exist before, so the run made it, with all inside.
                Some(meta) if meta.is_dir() => {
                    std::fs::remove_dir_all(&target)?;
                    remove_empty_parents(&record.root, &target);
                    restored += 1;
                }
                Some(_) => {
                    std::fs::remove_file(&target)?;
                    remove_empty_parents(&record.root, &target);
                    restored += 1;
                }
                None => {}
            },
        }
    }
    Ok(restored)
}

/// Removes the directories above `file` that became empty, up to (not including) `root`.
pub(crate) fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// A copy of a file or symlink, for when a hard link cannot be made (another filesystem).
fn copy_one(from: &Path, to: &Path, meta: &std::fs::Metadata) -> std::io::Result<()> {
    if meta.file_type().is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
    } else {
        std::fs::copy(from, to).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(root: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                (rel, std::fs::read_to_string(e.path()).unwrap_or_default())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_rollback_gives_back_exactly_the_old_tree() {
        let root = tempfile::tempdir().unwrap();
        let journals = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.txt"), "old a").unwrap();
        std::fs::create_dir(root.path().join("sub")).unwrap();
        std::fs::write(root.path().join("sub/b.txt"), "old b").unwrap();
        let before = tree(root.path());
        let paths: Vec<PathBuf> = ["a.txt", "sub/b.txt", "new/c.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let journal = Journal::begin(
            journals.path(),
            "j-",
            "test",
            root.path(),
            &paths,
            vec![PathBuf::from(".a.txt.tmp")],
        )
        .unwrap();
        // Half of a change: one file replaced by rename, one added, one removed, a temp left.
        std::fs::write(root.path().join(".a.txt.tmp"), "new a").unwrap();
        std::fs::rename(root.path().join(".a.txt.tmp"), root.path().join("a.txt")).unwrap();
        std::fs::create_dir(root.path().join("new")).unwrap();
        std::fs::write(root.path().join("new/c.txt"), "c").unwrap();
        std::fs::remove_file(root.path().join("sub/b.txt")).unwrap();
        let recovered = journal.rollback().unwrap();
        assert_eq!(recovered.restored, 3);
        assert_eq!(tree(root.path()), before);
        assert!(!root.path().join("new").exists());
        assert_eq!(std::fs::read_dir(journals.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_dead_runs_journal_is_recovered_and_a_committed_one_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let journals = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.txt"), "old").unwrap();
        let paths = vec![PathBuf::from("a.txt")];
        let journal =
            Journal::begin(journals.path(), "j-", "update", root.path(), &paths, vec![]).unwrap();
        std::fs::write(root.path().join("a.txt.new"), "new").unwrap();
        std::fs::rename(root.path().join("a.txt.new"), root.path().join("a.txt")).unwrap();
        // As if killed: the journal is renamed to a dead owner's name and its lock dropped.
        let dead = journals.path().join("j-999999999-x");
        std::fs::rename(&journal.dir, &dead).unwrap();
        drop(journal);
        let recovered = recover(journals.path(), "j-").unwrap();
        assert_eq!(recovered.len(), 1);
        assert_eq!(recovered[0].what, "update");
        assert_eq!(
            std::fs::read_to_string(root.path().join("a.txt")).unwrap(),
            "old"
        );
        assert!(!dead.exists());

        let journal =
            Journal::begin(journals.path(), "j-", "update", root.path(), &paths, vec![]).unwrap();
        std::fs::write(root.path().join("a.txt"), "newer").unwrap();
        journal.commit().unwrap();
        assert!(recover(journals.path(), "j-").unwrap().is_empty());
        assert_eq!(std::fs::read_dir(journals.path()).unwrap().count(), 0);
        assert_eq!(
            std::fs::read_to_string(root.path().join("a.txt")).unwrap(),
            "newer"
        );
    }
}
