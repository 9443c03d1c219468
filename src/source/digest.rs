//! The content digest recorded in answers files: the same files give the same digest.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A content digest of a blueprint directory: SHA-256 over one line per file (path, executable
/// bit, size and the file's own SHA-256), in path order, `.git` left out. The same content always
/// gives the same digest, wherever it lives. Files are hashed in parallel; `known` holds the
/// SHA-256 of files already read (by path relative to `dir`), which are not read again.
pub(crate) fn content_digest(
    dir: &Path,
    known: &HashMap<PathBuf, [u8; 32]>,
) -> std::io::Result<String> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(dir).expect("below dir");
        if rel.components().any(|c| c.as_os_str() == ".git") {
            continue;
        }
        let kind = entry.file_type();
        if kind.is_file() || kind.is_symlink() {
            files.push((entry.into_path(), kind.is_symlink()));
        }
    }
    let lines = files
        .par_iter()
        .map(|(path, is_link)| {
            let rel = path.strip_prefix(dir).expect("below dir").to_string_lossy();
            let (hash, len, mode) = if *is_link {
                let target = std::fs::read_link(path)?.to_string_lossy().into_owned();
                (
                    Sha256::digest(target.as_bytes()).into(),
                    target.len() as u64,
                    0,
                )
            } else if let Some(hash) = known.get(Path::new(rel.as_ref())) {
                let meta = std::fs::metadata(path)?;
                (*hash, meta.len(), meta.permissions().mode())
            } else {
                let mut file = std::fs::File::open(path)?;
                let meta = file.metadata()?;
                let mut content = Vec::with_capacity(meta.len() as usize);
                std::io::Read::read_to_end(&mut file, &mut content)?;
                let hash: [u8; 32] = Sha256::digest(&content).into();
                (hash, content.len() as u64, meta.permissions().mode())
            };
            let exec = u8::from(mode & 0o111 != 0);
            Ok(format!("{rel}\0{exec}\0{len}\0{}\n", hex::encode(hash)))
        })
        .collect::<std::io::Result<Vec<String>>>()?;
    let mut hasher = Sha256::new();
    for line in lines {
        hasher.update(line.as_bytes());
    }
    Ok(format!("sha256:{}", hex::encode(hasher.finalize())))
}
