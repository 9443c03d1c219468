//! Reading the template tree: its entries in a stable order, with modes and link targets.
//!
//! This is the only part of planning that touches the disk, and it only reads metadata.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    Dir,
    File { mode: u32 },
    Symlink { target: String },
}

/// One entry of the template tree; `rel` is `/`-separated and relative to the tree's root.
#[derive(Debug, Clone)]
pub struct Entry {
    pub rel: String,
    pub kind: EntryKind,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot read the template tree at {}", path.display())]
pub struct Error {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Lists the tree below `root`, parents before children, siblings sorted by name.
pub fn scan(root: &Path) -> Result<Vec<Entry>, Error> {
    let mut entries = Vec::new();
    for item in WalkDir::new(root)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let item = item.map_err(|e| Error {
            path: e.path().unwrap_or(root).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        let rel_path = item
            .path()
            .strip_prefix(root)
            .expect("walkdir stays below root");
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let io_err = |source| Error {
            path: item.path().to_path_buf(),
            source,
        };
        let file_type = item.file_type();
        let kind = if file_type.is_symlink() {
            let target = std::fs::read_link(item.path()).map_err(io_err)?;
            EntryKind::Symlink {
                target: target.to_string_lossy().into_owned(),
            }
        } else if file_type.is_dir() {
            EntryKind::Dir
        } else {
            let meta = item.metadata().map_err(|e| io_err(e.into()))?;
            EntryKind::File {
                mode: meta.permissions().mode() & 0o7777,
            }
        };
        entries.push(Entry { rel, kind });
    }
    Ok(entries)
}

/// A quick look at the head of a file: NUL bytes or invalid UTF-8 mean binary.
pub fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => false,
        // A multi-byte character cut at the end of the sniffed window is still text.
        Err(e) => e.error_len().is_some(),
    }
}
