//! jig's cache: fetched git repositories, their checkouts, and registry bundles.
//!
//! `$JIG_CACHE_DIR`, else `$XDG_CACHE_HOME/jig`, else `~/.cache/jig`. Everything in it is
//! keyed by content (commit SHA, bundle digest) or by URL, and every directory is installed
//! whole with a rename, so two jig processes sharing the cache never see half an entry and
//! deleting the cache at any time only costs a refetch.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub(crate) struct Cache {
    pub root: PathBuf,
}

impl Cache {
    pub(crate) fn open() -> Cache {
        let root = std::env::var_os(crate::env::JIG_CACHE_DIR)
            .map(PathBuf::from)
            .or_else(|| dirs::cache_dir().map(|d| d.join("jig")))
            .unwrap_or_else(|| std::env::temp_dir().join("jig-cache"));
        Cache { root }
    }

    /// The bare repository mirroring `url`: readable name plus a hash of the full URL.
    pub(crate) fn git_dir(&self, url: &str) -> PathBuf {
        let tail: String = url
            .trim_end_matches('/')
            .trim_end_matches(".git")
            .rsplit(['/', ':'])
            .next()
            .unwrap_or("repo")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let hash = hex::encode(&Sha256::digest(url.as_bytes())[..8]);
        self.root.join("git").join(format!("{tail}-{hash}"))
    }

    /// The files of one commit.
    pub(crate) fn checkout_dir(&self, commit: &str) -> PathBuf {
        self.root.join("checkouts").join(commit)
    }

    /// A registry bundle, by its digest (`sha256:...`).
    pub(crate) fn bundle_path(&self, digest: &str) -> PathBuf {
        self.root
            .join("bundles")
            .join(format!("{}.tar.gz", digest_hex(digest)))
    }

    /// A registry bundle's files, by its digest.
    pub(crate) fn unpacked_dir(&self, digest: &str) -> PathBuf {
        self.root.join("unpacked").join(digest_hex(digest))
    }

    /// What a registry last listed, for `--offline`.
    pub(crate) fn registry_listing(&self, registry: &str, blueprint: &str) -> PathBuf {
        self.root
            .join("registries")
            .join(registry)
            .join(format!("{blueprint}.json"))
    }
}

fn digest_hex(digest: &str) -> &str {
    digest.strip_prefix("sha256:").unwrap_or(digest)
}

/// Creates `dest` whole: `fill` writes into a fresh directory beside it, which is then
/// renamed into place. When another process installed `dest` first, its copy is kept. A
/// `fill` that fails leaves nothing: the fresh directory is removed.
pub(crate) fn install_dir<E: From<std::io::Error>>(
    dest: &Path,
    fill: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    if dest.is_dir() {
        return Ok(());
    }
    let parent = dest.parent().expect("cache entries have a parent");
    std::fs::create_dir_all(parent)?;
    // A scratch directory: a fetch killed half way is swept by the next one.
    let tmp = crate::scratch::Scratch::new_in(parent, ".tmp-")?;
    fill(tmp.path())?;
    match std::fs::rename(tmp.path(), dest) {
        // Renamed away: the guard finds nothing left to delete.
        Ok(()) => Ok(()),
        Err(_) if dest.is_dir() => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Writes `bytes` to `dest` whole (temporary file, then rename).
pub(crate) fn write_file(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = dest.parent().expect("cache entries have a parent");
    std::fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}
