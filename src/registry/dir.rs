//! The directory registry: published versions in a plain directory, shareable over NFS or a
//! synced folder, and the embedded default (`local`).
//!
//! ```text
//! <root>/index.json                    every published version's metadata
//! <root>/<name>/<version>/bundle.tar.gz
//! <root>/<name>/<version>/meta.json
//! <root>/.lock                         held while publishing
//! <root>/.tmp/                         versions and the index being written
//! ```
//!
//! A publish takes the lock (so two publishers queue), writes the bundle and metadata into
//! `.tmp/`, syncs them, renames the directory into place, then rewrites the index from the
//! version directories (a temporary file in `.tmp/`, then a rename). Readers only trust the index, so a publish
//! killed at any point is either listed whole or not at all; what it left in `.tmp/` is
//! cleared by the next publish, and a version renamed into place but not yet indexed is
//! indexed when it is published again.

use super::{Bundle, Error, Meta, Published, Registry};
use indexmap::IndexMap;
use semver::Version;
use std::path::{Path, PathBuf};

const INDEX: &str = "index.json";
const LOCK: &str = ".lock";
const TMP: &str = ".tmp";
const BUNDLE: &str = "bundle.tar.gz";
const META: &str = "meta.json";

pub(crate) struct DirRegistry {
    name: String,
    root: PathBuf,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Index {
    format: u32,
    blueprints: IndexMap<String, IndexMap<String, Meta>>,
}

impl DirRegistry {
    pub(crate) fn new(name: &str, root: PathBuf) -> DirRegistry {
        DirRegistry {
            name: name.to_string(),
            root,
        }
    }

    fn io(&self, action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
        Error::io(&self.name, action, path)
    }

    fn index(&self) -> Result<Index, Error> {
        let path = self.root.join(INDEX);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| Error::Corrupt {
                registry: self.name.clone(),
                message: format!("{}: {e}", path.display()),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Index::default()),
            Err(e) => Err(self.io("read", &path)(e)),
        }
    }

    fn version_dir(&self, name: &str, version: &Version) -> PathBuf {
        self.root.join(name).join(version.to_string())
    }

    fn read_meta(&self, path: &Path) -> Result<Meta, Error> {
        let text = std::fs::read_to_string(path).map_err(self.io("read", path))?;
        serde_json::from_str(&text).map_err(|e| Error::Corrupt {
            registry: self.name.clone(),
            message: format!("{}: {e}", path.display()),
        })
    }

    /// Rebuilds the index from the version directories. Called with the lock held.
    fn reindex(&self) -> Result<(), Error> {
        let mut index = Index {
            format: 1,
            ..Index::default()
        };
        let mut names: Vec<PathBuf> = read_dirs(&self.root).map_err(self.io("list", &self.root))?;
        names.sort();
        for dir in names {
            let mut versions = Vec::new();
            for vdir in read_dirs(&dir).map_err(self.io("list", &dir))? {
                let meta_path = vdir.join(META);
                if meta_path.is_file() {
                    versions.push(self.read_meta(&meta_path)?);
                }
            }
            versions.sort_by(|a, b| a.version.cmp(&b.version));
            if let Some(first) = versions.first() {
                let name = first.name.clone();
                let entry = index.blueprints.entry(name).or_default();
                for meta in versions {
                    entry.insert(meta.version.to_string(), meta);
                }
            }
        }
        let json = serde_json::to_vec_pretty(&index).expect("index serialises");
        let path = self.root.join(INDEX);
        self.write_index(&path, &json)
            .map_err(self.io("write", &path))
    }

    /// Writes the index whole: a temporary file in `.tmp/` (where a publisher killed while
    /// writing it leaves it for the next to clear), synced, then renamed over the index.
    fn write_index(&self, path: &Path, json: &[u8]) -> std::io::Result<()> {
        let tmp_root = self.root.join(TMP);
        std::fs::create_dir_all(&tmp_root)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&tmp_root)?;
        std::io::Write::write_all(&mut tmp, json)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Subdirectories of `dir` whose names do not start with `.`.
fn read_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() && !entry.file_name().to_string_lossy().starts_with('.') {
            out.push(entry.path());
        }
    }
    Ok(out)
}

impl Registry for DirRegistry {
    fn name(&self) -> &str {
        &self.name
    }

    fn location(&self) -> String {
        self.root.display().to_string()
    }

    fn is_remote(&self) -> bool {
        false
    }

    fn blueprints(&self) -> Result<Vec<String>, Error> {
        Ok(self.index()?.blueprints.keys().cloned().collect())
    }

    fn versions(&self, name: &str) -> Result<Vec<Version>, Error> {
        Ok(self
            .index()?
            .blueprints
            .get(name)
            .map(|v| v.values().map(|m| m.version.clone()).collect())
            .unwrap_or_default())
    }

    fn meta(&self, name: &str, version: &Version) -> Result<Meta, Error> {
        self.index()?
            .blueprints
            .get(name)
            .and_then(|v| v.get(&version.to_string()))
            .cloned()
            .ok_or_else(|| Error::NoVersion {
                registry: self.name.clone(),
                name: name.to_string(),
                req: format!("={version}"),
                available: Vec::new(),
            })
    }

    fn download(&self, meta: &Meta) -> Result<Vec<u8>, Error> {
        let path = self.version_dir(&meta.name, &meta.version).join(BUNDLE);
        super::bundle::read(&path).map_err(self.io("read", &path))
    }

    fn publish(&self, meta: &Meta, bundle: &Bundle) -> Result<Published, Error> {
        std::fs::create_dir_all(&self.root).map_err(self.io("create", &self.root))?;
        let lock_path = self.root.join(LOCK);
        let lock = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(self.io("open", &lock_path))?;
        lock.lock().map_err(self.io("lock", &lock_path))?;

        // Anything in .tmp was left by a publisher that died: we hold the lock.
        let tmp_root = self.root.join(TMP);
        let _ = std::fs::remove_dir_all(&tmp_root);

        let dest = self.version_dir(&meta.name, &meta.version);
        let existing = dest.join(META);
        if existing.is_file() {
            let published = self.read_meta(&existing)?;
            self.reindex()?;
            if published.digest == meta.digest {
                return Ok(Published::Unchanged);
            }
            return Err(Error::Immutable {
                registry: self.name.clone(),
                name: meta.name.clone(),
                version: meta.version.to_string(),
                published: published.digest,
                ours: meta.digest.clone(),
            });
        }
        std::fs::create_dir_all(&tmp_root).map_err(self.io("create", &tmp_root))?;
        let tmp = tempfile::tempdir_in(&tmp_root).map_err(self.io("create", &tmp_root))?;
        let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
        super::bundle::write_synced(&tmp.path().join(BUNDLE), &bundle.bytes)
            .map_err(self.io("write", &tmp.path().join(BUNDLE)))?;
        super::bundle::write_synced(&tmp.path().join(META), &json)
            .map_err(self.io("write", &tmp.path().join(META)))?;
        let parent = dest.parent().expect("has a parent");
        std::fs::create_dir_all(parent).map_err(self.io("create", parent))?;
        std::fs::rename(tmp.path(), &dest).map_err(self.io("move a version into", &dest))?;
        let _ = tmp.keep();
        self.reindex()?;
        Ok(Published::New)
    }
}
