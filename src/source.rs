//! Where blueprints come from: jig's own (embedded) or a local directory, holding either a jig
//! blueprint (`blueprint.yaml`) or a Cookiecutter template (`cookiecutter.json`).
//!
//! Every source ends up as a directory on disk, so the rest of jig has one code path. Embedded
//! blueprints are extracted to a temporary directory that lives as long as the `Source`.
//! Git and registry sources come later and plug in here.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Shipped inside jig (trusted).
    Builtin,
    /// A directory on this machine.
    Local,
}

/// What kind of template a source directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jig,
    Cookiecutter,
}

/// A resolved blueprint source: a directory holding `blueprint.yaml` or `cookiecutter.json`.
#[derive(Debug)]
pub struct Source {
    /// The source as the user gave it.
    pub given: String,
    pub kind: Kind,
    pub format: Format,
    /// Where the blueprint's files are now.
    pub dir: PathBuf,
    _extracted: Option<tempfile::TempDir>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no blueprint named `{given}`, and no directory at {}", path.display())]
    NotFound { given: String, path: PathBuf },
    #[error("{} has neither {} nor {}", path.display(), crate::blueprint::MANIFEST_FILE, crate::cookiecutter::CONTEXT_FILE)]
    NoManifest { path: PathBuf },
    #[error("`{given}` is a remote source{}; this jig reads local directories and first-party blueprints only", if given == url { String::new() } else { format!(" ({url})") })]
    Remote { given: String, url: String },
    #[error("cannot extract the built-in blueprint `{name}`")]
    Extract {
        name: String,
        #[source]
        source: std::io::Error,
    },
}

/// Names of the first-party blueprints, sorted.
pub fn builtin_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = embedded::BLUEPRINTS
        .iter()
        .filter_map(|(rel, _, _)| rel.strip_suffix("/blueprint.yaml"))
        .filter(|name| !name.contains('/'))
        .collect();
    names.dedup();
    names
}

/// Resolves SOURCE: a bare first-party name, else a local directory; `directory` picks a
/// template inside it (`--directory`, for repositories holding several).
pub fn resolve(given: &str, directory: Option<&str>) -> Result<Source, Error> {
    let looks_like_path = given.contains('/') || given.starts_with('.');
    if !looks_like_path && directory.is_none() && builtin_names().contains(&given) {
        return extract_builtin(given);
    }
    if is_remote(given) {
        return Err(Error::Remote {
            given: given.to_string(),
            url: given.to_string(),
        });
    }
    let root = PathBuf::from(given);
    if !root.is_dir() {
        return Err(Error::NotFound {
            given: given.to_string(),
            path: root,
        });
    }
    let path = match directory {
        Some(sub) => root.join(sub),
        None => root,
    };
    let format = if path.join(crate::blueprint::MANIFEST_FILE).is_file() {
        Format::Jig
    } else if crate::cookiecutter::is_template(&path) {
        Format::Cookiecutter
    } else {
        return Err(Error::NoManifest { path });
    };
    let dir = path.canonicalize().unwrap_or(path);
    Ok(Source {
        given: given.to_string(),
        kind: Kind::Local,
        format,
        dir,
        _extracted: None,
    })
}

/// True for git URLs (`https://`, `ssh://`, `git@host:`, `git+...`, `file://`).
pub fn is_remote(source: &str) -> bool {
    source.contains("://") || source.starts_with("git@") || source.starts_with("git+")
}

fn extract_builtin(name: &str) -> Result<Source, Error> {
    let err = |source| Error::Extract {
        name: name.to_string(),
        source,
    };
    let tmp = tempfile::Builder::new()
        .prefix("jig-builtin-")
        .tempdir()
        .map_err(err)?;
    let prefix = format!("{name}/");
    for (rel, mode, bytes) in embedded::BLUEPRINTS {
        let Some(inner) = rel.strip_prefix(&prefix) else {
            continue;
        };
        write_embedded(&tmp.path().join(inner), *mode, bytes).map_err(err)?;
    }
    Ok(Source {
        given: name.to_string(),
        kind: Kind::Builtin,
        format: Format::Jig,
        dir: tmp.path().to_path_buf(),
        _extracted: Some(tmp),
    })
}

fn write_embedded(path: &Path, mode: u32, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

/// A reusable hook shipped with jig, by name.
pub fn builtin_hook(name: &str) -> Option<(u32, &'static [u8])> {
    embedded::HOOKS
        .iter()
        .find(|(rel, _, _)| *rel == name)
        .map(|(_, mode, bytes)| (*mode, *bytes))
}

/// Names of the reusable hooks shipped with jig.
pub fn builtin_hook_names() -> Vec<&'static str> {
    embedded::HOOKS
        .iter()
        .map(|(rel, _, _)| *rel)
        .filter(|rel| !rel.contains('.') && !rel.contains('/'))
        .collect()
}

/// A content digest of a blueprint directory: SHA-256 over one line per file (path, executable
/// bit, size and the file's own SHA-256), in path order, `.git` left out. The same content always
/// gives the same digest, wherever it lives. Files are hashed in parallel; `known` holds the
/// SHA-256 of files already read (by path relative to `dir`), which are not read again.
pub fn content_digest(dir: &Path, known: &HashMap<PathBuf, [u8; 32]>) -> std::io::Result<String> {
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
