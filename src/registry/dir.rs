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
//!
//! Whoever can write the share can write the index too: every name, version and digest read
//! from it (or from a `meta.json`) is checked (`check`) before it becomes a path.

use super::{check, Bundle, Error, Meta, Published, Registry};
use indexmap::IndexMap;
use semver::Version;
use serde_json::Value;
use std::io::Read;
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

#[derive(Debug, Default, serde::Serialize)]
struct Index {
    format: u32,
    blueprints: IndexMap<String, IndexMap<String, Meta>>,
}

/// The index as read: entries stay JSON until each is checked.
#[derive(Debug, Default, serde::Deserialize)]
struct RawIndex {
    blueprints: IndexMap<String, IndexMap<String, Value>>,
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

    fn index(&self) -> Result<RawIndex, Error> {
        let path = self.root.join(INDEX);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| Error::Corrupt {
                registry: self.name.clone(),
                message: format!("{}: {e}", path.display()),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RawIndex::default()),
            Err(e) => Err(self.io("read", &path)(e)),
        }
    }

    /// The versions the index lists for `name` (its key checked first), as JSON.
    fn listed<'a>(
        &self,
        index: &'a RawIndex,
        name: &str,
    ) -> Result<Option<&'a IndexMap<String, Value>>, Error> {
        let Some(versions) = index.blueprints.get(name) else {
            return Ok(None);
        };
        check::name(&self.name, &format!("the index entry `{name}`"), name)?;
        Ok(Some(versions))
    }

    /// The index entry `name` `key`, checked: its key, then the fields that become paths.
    fn entry(&self, name: &str, key: &str, value: &Value) -> Result<Meta, Error> {
        let label = format!("the index entry `{name}` {key}");
        let version = check::version(&self.name, &label, key)?;
        // Named here, before serde's message about the whole entry could hide which it is.
        if let Some(text) = value.get("version").and_then(Value::as_str) {
            check::version(&self.name, &label, text)?;
        }
        let meta: Meta = serde_json::from_value(value.clone()).map_err(|e| Error::Corrupt {
            registry: self.name.clone(),
            message: format!("{}: {label}: {e}", self.root.join(INDEX).display()),
        })?;
        check::meta(&self.name, &label, "its key", name, &version, &meta)?;
        Ok(meta)
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

    /// The `meta.json` of the version folder `vdir` (`<root>/<name>/<version>`), checked
    /// against the folder's names.
    fn folder_meta(&self, vdir: &Path) -> Result<Meta, Error> {
        let path = vdir.join(META);
        let meta = self.read_meta(&path)?;
        let label = path.display().to_string();
        let folder = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let name = folder(vdir.parent().unwrap_or(vdir));
        let version = check::version(&self.name, &label, &folder(vdir))?;
        check::meta(&self.name, &label, "its folder", &name, &version, &meta)?;
        Ok(meta)
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
                if vdir.join(META).is_file() {
                    versions.push(self.folder_meta(&vdir)?);
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
        let index = self.index()?;
        for name in index.blueprints.keys() {
            check::name(&self.name, &format!("the index entry `{name}`"), name)?;
        }
        Ok(index.blueprints.into_keys().collect())
    }

    fn versions(&self, name: &str) -> Result<Vec<Version>, Error> {
        let index = self.index()?;
        let Some(listed) = self.listed(&index, name)? else {
            return Ok(Vec::new());
        };
        listed
            .iter()
            .map(|(key, value)| Ok(self.entry(name, key, value)?.version))
            .collect()
    }

    fn meta(&self, name: &str, version: &Version) -> Result<Meta, Error> {
        let index = self.index()?;
        let key = version.to_string();
        match self.listed(&index, name)?.and_then(|v| v.get(&key)) {
            Some(value) => self.entry(name, &key, value),
            None => Err(Error::NoVersion {
                registry: self.name.clone(),
                name: name.to_string(),
                req: format!("={version}"),
                available: Vec::new(),
            }),
        }
    }

    fn download(&self, meta: &Meta) -> Result<Vec<u8>, Error> {
        check::paths(
            &self.name,
            &format!("`{}` {}", meta.name, meta.version),
            meta,
        )?;
        let path = self.version_dir(&meta.name, &meta.version).join(BUNDLE);
        // A bundle larger than the run's unpacking budget is refused before it is read whole.
        let budget = crate::archive::Budget::of_run();
        let file = std::fs::File::open(&path).map_err(self.io("read", &path))?;
        let mut bytes = Vec::new();
        file.take(budget.total.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(self.io("read", &path))?;
        if bytes.len() as u64 > budget.total {
            return Err(Error::Unpack {
                registry: self.name.clone(),
                name: meta.name.clone(),
                version: meta.version.to_string(),
                problem: Box::new(super::bundle::UnpackError::Over(
                    crate::archive::Over::Total {
                        limit: budget.total_limit,
                    },
                )),
            });
        }
        Ok(bytes)
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
