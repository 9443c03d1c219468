//! Bundles: a blueprint directory as a deterministic `.tar.gz`.
//!
//! Entries are sorted by path, with mtime 0, uid/gid 0, no user or group names, and modes
//! reduced to 0644 / 0755 (directories and executables), and the gzip header has no
//! timestamp or file name, so the same files always give the same bytes and the same
//! SHA-256, whoever builds them and wherever. `.git` is left out. Unpacking refuses entries
//! that would land outside the destination, entries that are not files, folders or symlinks
//! (a sparse file's holes would become real zeros in a project), and bundles over the
//! unpacking budget (`archive`).

use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// A built bundle: its bytes and their digest (`sha256:<hex>`).
#[derive(Debug, Clone)]
pub struct Bundle {
    pub bytes: Vec<u8>,
    pub digest: String,
}

/// `sha256:<hex>` of `bytes`.
pub(crate) fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// Builds the bundle of the blueprint directory `dir`.
pub(crate) fn build(dir: &Path) -> std::io::Result<Bundle> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(dir).expect("below dir");
        if rel.components().any(|c| c.as_os_str() == ".git") {
            continue;
        }
        let rel = rel
            .to_str()
            .ok_or_else(|| std::io::Error::other(format!("{} is not UTF-8", rel.display())))?
            .to_string();
        entries.push((rel, entry.into_path()));
    }
    entries.sort();

    let gz = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (rel, path) in &entries {
        let meta = std::fs::symlink_metadata(path)?;
        let mut header = tar::Header::new_gnu();
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        if meta.is_dir() {
            header.set_entry_type(tar::EntryType::Directory);
            header.set_mode(0o755);
            header.set_size(0);
            tar.append_data(&mut header, format!("{rel}/"), std::io::empty())?;
        } else if meta.file_type().is_symlink() {
            header.set_entry_type(tar::EntryType::Symlink);
            header.set_mode(0o777);
            header.set_size(0);
            tar.append_link(&mut header, rel, std::fs::read_link(path)?)?;
        } else {
            let exec = meta.permissions().mode() & 0o111 != 0;
            header.set_entry_type(tar::EntryType::Regular);
            header.set_mode(if exec { 0o755 } else { 0o644 });
            header.set_size(meta.len());
            tar.append_data(&mut header, rel, std::fs::File::open(path)?)?;
        }
    }
    let bytes = tar.into_inner()?.finish()?;
    Ok(Bundle {
        digest: digest(&bytes),
        bytes,
    })
}

/// Why a bundle could not be unpacked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum UnpackError {
    #[error("{0}")]
    Over(crate::archive::Over),
    #[error("`{path}` would land outside the bundle's root")]
    Outside { path: String },
    #[error("`{path}` is a {kind}; a bundle holds only files, folders and symlinks")]
    Kind { path: String, kind: &'static str },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Unpacks bundle bytes into the empty directory `dest`, within `budget` (counted on the
/// decompressed stream); the bytes it decompressed. On an error `dest` holds part of the
/// bundle: the caller removes it.
pub(crate) fn unpack(
    bytes: &[u8],
    dest: &Path,
    budget: crate::archive::Budget,
) -> Result<u64, UnpackError> {
    let (stream, meter) = crate::archive::Metered::new(flate2::read::GzDecoder::new(bytes), budget);
    // An I/O error is the budget's refusal when the meter says so.
    let why = |e: std::io::Error, path: Option<&str>| match meter.over(path) {
        Some(over) => UnpackError::Over(over),
        None => UnpackError::Io(e),
    };
    let mut archive = tar::Archive::new(stream);
    archive.set_preserve_permissions(true);
    archive.set_overwrite(false);
    let mut entries = archive.entries().map_err(|e| why(e, None))?;
    let mut count = 0;
    loop {
        // Headers, long names and PAX records between two entries: one file's worth at most.
        meter.open_window();
        let mut entry = match entries.next() {
            None => break,
            Some(entry) => entry.map_err(|e| why(e, None))?,
        };
        count += 1;
        budget.entry(count).map_err(UnpackError::Over)?;
        let path = entry.path()?.into_owned();
        let shown = path.display().to_string();
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_dir() || kind.is_symlink()) {
            return Err(UnpackError::Kind {
                path: shown,
                kind: kind_name(kind),
            });
        }
        if path.is_absolute()
            || path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(UnpackError::Outside { path: shown });
        }
        // The size the reader will take (a PAX `size` record wins over the header's).
        budget
            .declared(&shown, entry.size())
            .map_err(UnpackError::Over)?;
        meter.open_window();
        // `unpack_in` checks again, through symlinks, that the entry stays inside `dest`.
        match entry.unpack_in(dest) {
            Ok(true) => {}
            Ok(false) => return Err(UnpackError::Outside { path: shown }),
            Err(e) => return Err(why(e, Some(&shown))),
        }
    }
    Ok(meter.read())
}

/// What a tar entry that is not a file, a folder or a symlink is, for messages.
fn kind_name(kind: tar::EntryType) -> &'static str {
    if kind.is_gnu_sparse() {
        "sparse file"
    } else if kind.is_hard_link() {
        "hard link"
    } else if kind.is_fifo() {
        "FIFO"
    } else if kind.is_character_special() || kind.is_block_special() {
        "device"
    } else if kind.is_pax_global_extensions() {
        "PAX global header"
    } else {
        "special entry"
    }
}

/// Reads a whole file (bundles are small: a blueprint's sources).
pub(crate) fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes `bytes` and flushes them to disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_content_same_digest_and_round_trip() {
        let make = |root: &Path, mtime: i64| {
            std::fs::create_dir_all(root.join("template/sub")).unwrap();
            std::fs::create_dir_all(root.join(".git")).unwrap();
            std::fs::write(root.join(".git/HEAD"), "x").unwrap();
            std::fs::write(root.join("blueprint.yaml"), "name: x\n").unwrap();
            std::fs::write(root.join("template/sub/run.sh"), "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(
                root.join("template/sub/run.sh"),
                std::fs::Permissions::from_mode(0o775),
            )
            .unwrap();
            std::os::unix::fs::symlink("sub/run.sh", root.join("template/link")).unwrap();
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(mtime as u64);
            std::fs::File::options()
                .write(true)
                .open(root.join("blueprint.yaml"))
                .unwrap()
                .set_modified(t)
                .unwrap();
        };
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        make(a.path(), 1_000);
        make(b.path(), 2_000_000);
        let (ba, bb) = (build(a.path()).unwrap(), build(b.path()).unwrap());
        assert_eq!(ba.digest, bb.digest);
        assert_eq!(ba.bytes, bb.bytes);

        let out = tempfile::tempdir().unwrap();
        let budget = crate::archive::Budget::new(1 << 20, 1 << 20, 100);
        unpack(&ba.bytes, out.path(), budget).unwrap();
        assert!(!out.path().join(".git").exists());
        let mode = std::fs::metadata(out.path().join("template/sub/run.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
        assert_eq!(
            std::fs::read_link(out.path().join("template/link")).unwrap(),
            Path::new("sub/run.sh")
        );
        // Rebuilding the unpacked tree gives the same bundle.
        assert_eq!(build(out.path()).unwrap().digest, ba.digest);

        std::fs::write(a.path().join("blueprint.yaml"), "name: y\n").unwrap();
        assert_ne!(build(a.path()).unwrap().digest, bb.digest);
    }
}
