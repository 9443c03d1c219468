//! Reading the template tree: its entries in a stable order, with modes and link targets.
//!
//! This is the only part of planning that touches the disk, and it only reads metadata. Entries
//! that are not files, directories or symlinks (a FIFO would hang the render) and names that
//! are not UTF-8 are refused here, naming the path.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Dir,
    File { mode: u32 },
    Symlink { target: String },
}

/// One entry of the template tree; `rel` is `/`-separated and relative to the tree's root.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub rel: String,
    pub kind: EntryKind,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot read the template tree at {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A FIFO would block the render, a device would read the machine's state.
    #[error("{} is a {kind}; a template holds only files, directories and symlinks", path.display())]
    Special { path: PathBuf, kind: &'static str },
    #[error("the name of {} is not UTF-8; template paths must be UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
}

/// What a directory entry is, in words, when it is neither a file, a directory nor a symlink.
pub(crate) fn special_kind(file_type: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        Some("FIFO (named pipe)")
    } else if file_type.is_socket() {
        Some("socket")
    } else if file_type.is_block_device() {
        Some("block device")
    } else if file_type.is_char_device() {
        Some("character device")
    } else if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        None
    } else {
        Some("special file")
    }
}

/// Lists the tree below `root`, parents before children, siblings sorted by name.
pub(crate) fn scan(root: &Path) -> Result<Vec<Entry>, Error> {
    let mut entries = Vec::new();
    for item in WalkDir::new(root)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let item = item.map_err(|e| Error::Io {
            path: e.path().unwrap_or(root).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        let rel_path = item
            .path()
            .strip_prefix(root)
            .expect("walkdir stays below root");
        let Some(rel) = rel_path.to_str().map(str::to_string) else {
            return Err(Error::NotUtf8 {
                path: item.path().to_path_buf(),
            });
        };
        let io_err = |source| Error::Io {
            path: item.path().to_path_buf(),
            source,
        };
        let file_type = item.file_type();
        if let Some(kind) = special_kind(file_type) {
            return Err(Error::Special {
                path: item.path().to_path_buf(),
                kind,
            });
        }
        let kind = if file_type.is_symlink() {
            let target = std::fs::read_link(item.path()).map_err(io_err)?;
            let Some(target) = target.to_str() else {
                return Err(Error::NotUtf8 {
                    path: item.path().to_path_buf(),
                });
            };
            EntryKind::Symlink {
                target: target.to_string(),
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
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => false,
        // A multi-byte character cut at the end of the sniffed window is still text.
        Err(e) => e.error_len().is_some(),
    }
}
