//! One fleet member's committed files, read without a working checkout.
//!
//! A remote repository is fetched into jig's cache (the same bare mirrors blueprint sources
//! use): its refs are listed, and only the tip of the branch is fetched, with depth 1 where
//! the transport allows it; when the tip has not moved since the last run nothing is fetched
//! at all. A local repository is read where it is, at its HEAD (or the named branch).
//! Nothing is written outside the cache, and a working tree is never touched.

use super::file::{Member, Place};
use crate::source::git_remote::{self, Remote};
use crate::sync::tree::{Blob, Kind};
use crate::sync::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A member's branch at one commit.
pub(crate) struct Snapshot {
    repo: Holder,
    /// The branch read (`main`), when known.
    pub branch: Option<String>,
    pub commit: String,
    tree: git2::Oid,
    /// The remote's branches and tags as listed (empty for a local repository).
    pub refs: git_remote::Refs,
}

enum Holder {
    Remote(Remote),
    Local(git2::Repository),
}

impl Snapshot {
    /// Reads `member`'s branch: fetched into `cache` (or only listed, offline).
    pub(crate) fn read(
        member: &Member,
        cache: &crate::cache::Cache,
        offline: bool,
    ) -> Result<Snapshot, Error> {
        match &member.place {
            Place::Remote(url) => remote(member, url, cache, offline),
            Place::Local(path) => local(member, path),
        }
    }

    /// The cached mirror, for a remote repository.
    pub(crate) fn mirror(&self) -> Option<&Remote> {
        match &self.repo {
            Holder::Remote(r) => Some(r),
            Holder::Local(_) => None,
        }
    }

    fn repo(&self) -> &git2::Repository {
        match &self.repo {
            Holder::Remote(r) => r.repository(),
            Holder::Local(r) => r,
        }
    }

    /// The `jig/` branches (`jig fleet update`'s) and their tips: as the remote listed them,
    /// or the local repository's.
    pub(crate) fn update_branches(&self) -> Vec<(String, String)> {
        const PREFIX: &str = "refs/heads/jig/";
        match &self.repo {
            Holder::Remote(_) => self
                .refs
                .refs
                .iter()
                .filter_map(|(name, tip)| {
                    let short = name.strip_prefix("refs/heads/")?;
                    name.starts_with(PREFIX)
                        .then(|| (short.to_string(), tip.clone()))
                })
                .collect(),
            Holder::Local(repo) => {
                let Ok(refs) = repo.references_glob(&format!("{PREFIX}*")) else {
                    return Vec::new();
                };
                refs.flatten()
                    .filter_map(|r| {
                        let name = r.name().ok()?.strip_prefix("refs/heads/")?.to_string();
                        let tip = r.target()?.to_string();
                        Some((name, tip))
                    })
                    .collect()
            }
        }
    }

    /// A committed file, or `None` when the commit has no file there.
    pub(crate) fn blob(&self, rel: &str) -> Result<Option<Blob>, Error> {
        let repo = self.repo();
        let tree = repo.find_tree(self.tree)?;
        let entry = match tree.get_path(Path::new(rel)) {
            Ok(e) => e,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let kind = match entry.filemode() {
            0o120000 => Kind::Symlink,
            0o100755 => Kind::File { exec: true },
            0o100644 | 0o100664 => Kind::File { exec: false },
            _ => return Ok(None),
        };
        let blob = repo.find_blob(entry.id())?;
        Ok(Some(Blob {
            kind,
            bytes: blob.content().to_vec(),
        }))
    }

    /// The answers files the commit holds (`.jig/*.yaml`, `.cruft.json`, Copier's at the
    /// root), by path.
    pub(crate) fn answers_files(&self) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        let repo = self.repo();
        let tree = repo.find_tree(self.tree)?;
        let mut found = BTreeMap::new();
        if let Ok(entry) = tree.get_path(Path::new(crate::answers::DIR)) {
            if let Ok(dir) = repo.find_tree(entry.id()) {
                for e in dir.iter() {
                    let Ok(name) = e.name() else { continue };
                    let rel = format!("{}/{name}", crate::answers::DIR);
                    if crate::sync::link::is_answers_file(&rel) {
                        if let Ok(blob) = repo.find_blob(e.id()) {
                            found.insert(rel, blob.content().to_vec());
                        }
                    }
                }
            }
        }
        for entry in tree.iter() {
            let Ok(name) = entry.name() else { continue };
            let root_link = name == crate::sync::link::CRUFT_FILE
                || crate::copier::answers::is_answers_file(name);
            if root_link {
                if let Ok(blob) = repo.find_blob(entry.id()) {
                    found.insert(name.to_string(), blob.content().to_vec());
                }
            }
        }
        Ok(found)
    }
}

fn remote(
    member: &Member,
    url: &str,
    cache: &crate::cache::Cache,
    offline: bool,
) -> Result<Snapshot, Error> {
    let missing = |name: String| {
        Error::Source(crate::source::Error::from(git_remote::Error::MissingRef {
            url: url.to_string(),
            what: "branch",
            name,
        }))
    };
    let source_err = |e: git_remote::Error| Error::Source(e.into());
    let mirror = Remote::open(cache, url, offline).map_err(source_err)?;
    let refs = mirror.refs().map_err(source_err)?;
    let (refname, commit) = match &member.branch {
        Some(b) => {
            let full = format!("refs/heads/{b}");
            let commit = refs
                .refs
                .get(&full)
                .cloned()
                .ok_or_else(|| missing(b.clone()))?;
            (full, commit)
        }
        None => {
            let head = refs.head.clone().ok_or_else(|| missing("HEAD".into()))?;
            let name = refs
                .head_ref
                .clone()
                .filter(|r| refs.refs.get(r) == Some(&head))
                .unwrap_or_else(|| "HEAD".into());
            (name, head)
        }
    };
    mirror.fetch(&refname, &commit).map_err(source_err)?;
    let tree = {
        let oid = git2::Oid::from_str(&commit)?;
        mirror.repository().find_commit(oid)?.tree_id()
    };
    Ok(Snapshot {
        repo: Holder::Remote(mirror),
        branch: refname.strip_prefix("refs/heads/").map(str::to_string),
        commit,
        tree,
        refs,
    })
}

fn local(member: &Member, path: &Path) -> Result<Snapshot, Error> {
    if !path.is_dir() {
        return Err(Error::Source(crate::source::Error::NoDirectory {
            path: PathBuf::from(path),
        }));
    }
    let repo = git2::Repository::open(path).map_err(|_| {
        Error::Git(git2::Error::from_str(&format!(
            "{} is not a git repository (a fleet reads committed files)",
            path.display()
        )))
    })?;
    let (branch, commit) = {
        let reference = match &member.branch {
            Some(b) => repo
                .find_branch(b, git2::BranchType::Local)?
                .into_reference(),
            None => repo.head()?,
        };
        let branch = reference.shorthand().ok().map(str::to_string);
        (branch, reference.peel_to_commit()?)
    };
    let (id, tree) = (commit.id().to_string(), commit.tree_id());
    drop(commit);
    Ok(Snapshot {
        repo: Holder::Local(repo),
        branch,
        commit: id,
        tree,
        refs: git_remote::Refs::default(),
    })
}
