//! The git side of a project: where it sits in its repository, whether its tree is clean,
//! conflicts recorded as unmerged index entries, and the way back after a failed migration.
//!
//! A project may be a subdirectory of a larger repository (several projects in one monorepo);
//! every path here is relative to the project, and nothing outside it is looked at or touched.

use super::tree::Blob;
use super::Error;
use std::path::{Path, PathBuf};

pub(crate) struct Workspace {
    repo: git2::Repository,
    /// The project's path inside the repository's work tree (`""` or `services/api/`).
    prefix: String,
}

/// A conflicted file as the index records it: stages 1 (base), 2 (ours), 3 (theirs).
pub(crate) struct Unmerged<'a> {
    pub path: &'a str,
    pub base: Option<&'a Blob>,
    pub ours: &'a Blob,
    pub theirs: &'a Blob,
}

impl Workspace {
    pub(crate) fn open(project: &Path) -> Result<Workspace, Error> {
        let not_git = || Error::NotGit {
            path: project.to_path_buf(),
        };
        let repo = git2::Repository::discover(project).map_err(|_| not_git())?;
        let workdir = repo.workdir().ok_or_else(not_git)?;
        let workdir = workdir
            .canonicalize()
            .unwrap_or_else(|_| workdir.to_path_buf());
        let project = project.canonicalize().map_err(super::io("read", project))?;
        let rel = project.strip_prefix(&workdir).map_err(|_| not_git())?;
        let prefix = super::tree::relative(Path::new(""), rel);
        let prefix = if prefix.is_empty() {
            prefix
        } else {
            format!("{prefix}/")
        };
        Ok(Workspace { repo, prefix })
    }

    /// Uncommitted changes inside the project (modified, staged, deleted or untracked files,
    /// ignored ones left out), relative to the project.
    pub(crate) fn dirty(&self) -> Result<Vec<String>, Error> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        if !self.prefix.is_empty() {
            opts.pathspec(&self.prefix);
        }
        let statuses = self.repo.statuses(Some(&mut opts))?;
        let mut paths: Vec<String> = statuses
            .iter()
            .filter(|s| s.status() != git2::Status::CURRENT)
            .filter_map(|s| s.path().ok().map(str::to_string))
            .filter_map(|p| p.strip_prefix(&self.prefix).map(str::to_string))
            .collect();
        paths.sort();
        Ok(paths)
    }

    /// Records `conflicts` as unmerged, so `git status` shows `UU`/`AA` and merge tools can
    /// resolve them.
    pub(crate) fn mark_conflicts(&self, conflicts: &[Unmerged]) -> Result<(), Error> {
        if conflicts.is_empty() {
            return Ok(());
        }
        let mut index = self.repo.index()?;
        for c in conflicts {
            let path = format!("{}{}", self.prefix, c.path);
            let _ = index.remove_path(Path::new(&path));
            let stages = [(1u16, c.base), (2, Some(c.ours)), (3, Some(c.theirs))];
            for (stage, blob) in stages {
                let Some(blob) = blob else { continue };
                let id = self.repo.blob(&blob.bytes)?;
                index.add(&entry(&path, id, blob, stage))?;
            }
        }
        index.write()?;
        Ok(())
    }

    /// Stages `paths` (relative to the project) as they are in the working tree, and the
    /// removal of those that are gone: what `git merge` does with the files that merged
    /// cleanly, so resolving the conflicts and committing is all that is left.
    pub(crate) fn stage(&self, paths: &[&str]) -> Result<(), Error> {
        if paths.is_empty() {
            return Ok(());
        }
        let mut index = self.repo.index()?;
        let workdir = self.workdir();
        for rel in paths {
            let path = format!("{}{rel}", self.prefix);
            if workdir.join(&path).symlink_metadata().is_ok() {
                index.add_path(Path::new(&path))?;
            } else {
                let _ = index.remove_path(Path::new(&path));
            }
        }
        index.write()?;
        Ok(())
    }

    /// Puts the project back as `HEAD` has it: after a failed migration (the tree was clean
    /// before, so nothing of the team's is lost).
    pub(crate) fn restore(&self) -> Result<(), Error> {
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.force().remove_untracked(true);
        if !self.prefix.is_empty() {
            checkout.path(&self.prefix);
        }
        self.repo.checkout_head(Some(&mut checkout))?;
        let mut index = self.repo.index()?;
        index.read(true)?;
        Ok(())
    }

    /// The repository's git directory (where `jig update` keeps its journal).
    pub(crate) fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The index file, which `mark_conflicts` rewrites.
    pub(crate) fn index_path(&self) -> PathBuf {
        self.repo.path().join("index")
    }

    pub(crate) fn workdir(&self) -> PathBuf {
        self.repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }
}

fn entry(path: &str, id: git2::Oid, blob: &Blob, stage: u16) -> git2::IndexEntry {
    let name_len = path.len().min(0xfff) as u16;
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: blob.mode(),
        uid: 0,
        gid: 0,
        file_size: blob.bytes.len() as u32,
        id,
        flags: (stage << 12) | name_len,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
