//! A directory tree as jig compares it: files by relative path (with `/`), each a regular
//! file (with its executable bit) or a symbolic link.
//!
//! Renders and working trees are listed the same way, so comparisons and merges see one
//! shape. Content is read when needed, not at listing time.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    File { exec: bool },
    Symlink,
}

/// One side's version of a file: its kind and bytes (a symlink's bytes are its target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Blob {
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

impl Blob {
    /// Reads `root/rel`; `None` when it does not exist (or is a directory).
    pub(crate) fn read(root: &Path, rel: &str) -> std::io::Result<Option<Blob>> {
        let path = root.join(rel);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => return Ok(None),
            Err(e) => return Err(e),
        };
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path)?;
            return Ok(Some(Blob {
                kind: Kind::Symlink,
                bytes: target.to_string_lossy().into_owned().into_bytes(),
            }));
        }
        if meta.is_dir() {
            return Ok(None);
        }
        Ok(Some(Blob {
            kind: Kind::File {
                exec: meta.permissions().mode() & 0o111 != 0,
            },
            bytes: std::fs::read(&path)?,
        }))
    }

    /// jig's rule for binary content: a NUL byte or invalid UTF-8.
    pub(crate) fn is_binary(&self) -> bool {
        is_binary(&self.bytes)
    }

    pub(crate) fn mode(&self) -> u32 {
        match self.kind {
            Kind::File { exec: true } => 0o100755,
            Kind::File { exec: false } => 0o100644,
            Kind::Symlink => 0o120000,
        }
    }
}

pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    bytes.contains(&0) || std::str::from_utf8(bytes).is_err()
}

/// The files under a root, by relative path.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tree {
    pub root: PathBuf,
    pub files: BTreeMap<String, Kind>,
}

impl Tree {
    /// Lists every file and symlink under `root`, skipping `.git` and paths `skip` rejects.
    pub(crate) fn list(root: &Path, skip: impl Fn(&str) -> bool) -> std::io::Result<Tree> {
        let mut files = BTreeMap::new();
        let mut walker = walkdir::WalkDir::new(root).min_depth(1).into_iter();
        while let Some(entry) = walker.next() {
            let entry = entry.map_err(std::io::Error::other)?;
            let rel = relative(root, entry.path());
            if entry.file_type().is_dir() {
                if entry.file_name() == ".git" || skip(&rel) {
                    walker.skip_current_dir();
                }
                continue;
            }
            if skip(&rel) {
                continue;
            }
            let kind = if entry.file_type().is_symlink() {
                Kind::Symlink
            } else {
                let mode = entry.metadata().map_err(std::io::Error::other)?;
                Kind::File {
                    exec: mode.permissions().mode() & 0o111 != 0,
                }
            };
            files.insert(rel, kind);
        }
        Ok(Tree {
            root: root.to_path_buf(),
            files,
        })
    }

    pub(crate) fn read(&self, rel: &str) -> std::io::Result<Option<Blob>> {
        if !self.files.contains_key(rel) {
            return Ok(None);
        }
        Blob::read(&self.root, rel)
    }
}

/// `path` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
