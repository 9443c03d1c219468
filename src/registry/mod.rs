//! Registries of published blueprint versions: immutable bundles plus their metadata.
//!
//! One trait, several backends: a directory (the embedded default, `local`) here, and AWS
//! CodeArtifact generic packages and Service Catalog products (`aws` feature), which
//! `backends` installs from above. Everything a backend does not need to know (choosing a
//! version, verifying digests, caching bundles, answering `--offline`) lives here, once.

pub(crate) mod bundle;
pub(crate) mod check;
pub(crate) mod dir;
mod fetch;

use crate::cache::{self, Cache};
use crate::settings::{Config, RegistryConfig};
use crate::version::Requirement;
use semver::Version;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub(crate) use bundle::Bundle;
pub(crate) use fetch::fetch;

/// The name of the embedded directory registry.
pub(crate) const LOCAL: &str = "local";

/// The Service Catalog products of the `catalog:` config, read as a registry
/// (`jig new sc:PRODUCT@REQ`; projects seeded in SageMaker record it).
pub(crate) const SERVICE_CATALOG: &str = "sc";

/// What a registry records about one published version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    pub version: Version,
    /// SHA-256 of the bundle (`sha256:<hex>`).
    pub digest: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub questions: Vec<QuestionMeta>,
    pub jig_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionMeta {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl QuestionMeta {
    pub fn of(q: &crate::blueprint::Question) -> QuestionMeta {
        use crate::blueprint::DefaultValue;
        QuestionMeta {
            name: q.name.clone(),
            kind: q.kind.name().to_string(),
            help: q.help.clone(),
            default: q.default.as_ref().map(|d| match d {
                DefaultValue::Scalar(s) => s.clone(),
                DefaultValue::List(items) => items.join(", "),
            }),
        }
    }
}

impl Meta {
    /// The metadata of a loaded blueprint whose bundle is `bundle`.
    pub fn of(blueprint: &crate::blueprint::Blueprint, bundle: &Bundle) -> Meta {
        let m = &blueprint.manifest;
        Meta {
            name: m.name.clone(),
            version: m.version.clone(),
            digest: bundle.digest.clone(),
            description: m.description.clone(),
            questions: m
                .questions
                .iter()
                .filter(|q| q.computed.is_none())
                .map(QuestionMeta::of)
                .collect(),
            jig_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// What a publish did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Published {
    New,
    /// The same content was already published under this version.
    Unchanged,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("no registry named `{name}`")]
    Unknown { name: String, known: Vec<String> },
    // Constructed by the remote backends (`aws`), as `Remote` below.
    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    #[error("registry `{registry}` has no blueprint `{name}`")]
    NoBlueprint { registry: String, name: String },
    #[error("registry `{registry}` has no version of `{name}` matching {req}")]
    NoVersion {
        registry: String,
        name: String,
        req: String,
        available: Vec<String>,
    },
    #[error("{name} {version} is already published in `{registry}` with different content")]
    Immutable {
        registry: String,
        name: String,
        version: String,
        published: String,
        ours: String,
    },
    #[error("the bundle of {name} {version} from `{registry}` has digest {actual}, but the registry lists {expected}")]
    DigestMismatch {
        registry: String,
        name: String,
        version: String,
        expected: String,
        actual: String,
    },
    #[error("registry `{registry}`: cannot {action} {}", path.display())]
    Io {
        registry: String,
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("registry `{registry}`: {message}")]
    Corrupt { registry: String, message: String },
    /// A name, version or digest read from the registry that would not be safe as a path.
    #[error("registry `{registry}`: {bad}")]
    BadEntry {
        registry: String,
        bad: Box<check::Bad>,
    },
    #[error("cannot unpack {name} {version} from registry `{registry}`: {problem}")]
    Unpack {
        registry: String,
        name: String,
        version: String,
        problem: Box<bundle::UnpackError>,
    },
    #[error("--offline: registry `{registry}` has nothing cached for `{name}`")]
    NotCached { registry: String, name: String },
    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    #[error("registry `{registry}`: {operation} failed: {message}")]
    Remote {
        registry: String,
        operation: &'static str,
        message: String,
        hint: Option<String>,
    },
    #[error("registry `{registry}` is a CodeArtifact registry, and this jig was built without the `aws` feature")]
    NoAws { registry: String },
}

impl Error {
    /// A constructor for `map_err`: an I/O failure of `registry` doing `action` on `path`.
    pub(crate) fn io(
        registry: &str,
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let registry = registry.to_string();
        let path = path.to_path_buf();
        move |source| Error::Io {
            registry,
            action,
            path,
            source,
        }
    }
}

/// A store of published blueprint bundles.
pub(crate) trait Registry {
    fn name(&self) -> &str;
    /// Where it is, for messages (`/path`, `codeartifact://domain/repository`).
    fn location(&self) -> String;
    /// False for registries on this machine, which need no cache to work offline.
    fn is_remote(&self) -> bool;
    /// Names of the blueprints it holds.
    fn blueprints(&self) -> Result<Vec<String>, Error>;
    /// The published versions of `name` (empty when it has none).
    fn versions(&self, name: &str) -> Result<Vec<Version>, Error>;
    fn meta(&self, name: &str, version: &Version) -> Result<Meta, Error>;
    /// The bundle's bytes, as stored (the caller verifies the digest).
    fn download(&self, meta: &Meta) -> Result<Vec<u8>, Error>;
    fn publish(&self, meta: &Meta, bundle: &Bundle) -> Result<Published, Error>;
}

/// The registries the config names, the default one first; `local` is always there.
pub(crate) fn configured(config: &Config) -> Result<Vec<Box<dyn Registry>>, Error> {
    let mut names: Vec<String> = config.registries.keys().cloned().collect();
    if !names.iter().any(|n| n == LOCAL) {
        names.push(LOCAL.to_string());
    }
    if let Some(default) = &config.default_registry {
        names.sort_by_key(|n| n != default);
    }
    names.iter().map(|n| open(config, n)).collect()
}

/// The registry called `name`.
pub(crate) fn open(config: &Config, name: &str) -> Result<Box<dyn Registry>, Error> {
    match config.registries.get(name) {
        Some(RegistryConfig::Directory { path }) => Ok(Box::new(dir::DirRegistry::new(
            name,
            crate::settings::expand_home(path),
        ))),
        Some(RegistryConfig::Codeartifact(_)) => remote(config, name),
        None if name == LOCAL => Ok(Box::new(dir::DirRegistry::new(LOCAL, default_local_path()))),
        None if name == SERVICE_CATALOG => remote(config, name),
        None => Err(Error::Unknown {
            name: name.to_string(),
            known: config
                .registries
                .keys()
                .cloned()
                .chain([LOCAL.to_string()])
                .collect(),
        }),
    }
}

/// Opens a registry that lives in a remote service (CodeArtifact, Service Catalog).
pub(crate) type Remote = fn(&Config, &str) -> Result<Box<dyn Registry>, Error>;

static REMOTE: std::sync::OnceLock<Remote> = std::sync::OnceLock::new();

/// Installs the constructor of remote registries. The backends live above this module (they
/// implement `Registry` with the AWS SDK), so `backends::install` hands them down at start-up
/// instead of this module importing them; without it (no `aws` feature) they are an error.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub(crate) fn install_remote(open: Remote) {
    let _ = REMOTE.set(open);
}

fn remote(config: &Config, name: &str) -> Result<Box<dyn Registry>, Error> {
    match REMOTE.get() {
        Some(open) => open(config, name),
        None => Err(Error::NoAws {
            registry: name.to_string(),
        }),
    }
}

/// `$XDG_DATA_HOME/jig/registry`, else `~/.local/share/jig/registry`.
pub(crate) fn default_local_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("jig")
        .join("registry")
}

/// What the cache keeps of a remote registry's listing, for `--offline`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Listing {
    versions: Vec<Version>,
    metas: Vec<Meta>,
}

/// The versions of `name`, from the registry, or from the cache when offline.
pub(crate) fn versions(
    reg: &dyn Registry,
    name: &str,
    cache: &Cache,
    offline: bool,
) -> Result<Vec<Version>, Error> {
    check::name(reg.name(), &format!("the blueprint `{name}`"), name)?;
    if reg.is_remote() && offline {
        return Ok(cached_listing(reg, name, cache)?.versions);
    }
    let mut versions = reg.versions(name)?;
    versions.sort();
    if reg.is_remote() {
        let mut listing = read_listing(reg, name, cache).unwrap_or_default();
        listing.versions.clone_from(&versions);
        write_listing(reg, name, cache, &listing);
    }
    Ok(versions)
}

/// The metadata of `name` `version`, from the registry, or from the cache when offline.
pub(crate) fn meta(
    reg: &dyn Registry,
    name: &str,
    version: &Version,
    cache: &Cache,
    offline: bool,
) -> Result<Meta, Error> {
    let meta = if reg.is_remote() && offline {
        cached_listing(reg, name, cache)?
            .metas
            .into_iter()
            .find(|m| &m.version == version)
            .ok_or_else(|| Error::NotCached {
                registry: reg.name().to_string(),
                name: format!("{name} {version}"),
            })?
    } else {
        reg.meta(name, version)?
    };
    let entry = format!("the metadata of `{name}` {version}");
    check::meta(
        reg.name(),
        &entry,
        "the one asked for",
        name,
        version,
        &meta,
    )?;
    if reg.is_remote() && offline {
        return Ok(meta);
    }
    if reg.is_remote() {
        let mut listing = read_listing(reg, name, cache).unwrap_or_default();
        listing.metas.retain(|m| &m.version != version);
        listing.metas.push(meta.clone());
        write_listing(reg, name, cache, &listing);
    }
    Ok(meta)
}

/// Picks the newest version of `name` that `req` allows (None: the registry has no `name`).
pub(crate) fn select(
    reg: &dyn Registry,
    name: &str,
    req: &Requirement,
    pre: bool,
    cache: &Cache,
    offline: bool,
) -> Result<Option<Selected>, Error> {
    // No registry holds a name `jig publish` would refuse.
    if !crate::blueprint::validate::is_name(name) {
        return Ok(None);
    }
    let versions = versions(reg, name, cache, offline)?;
    if versions.is_empty() {
        return Ok(None);
    }
    let Some(best) = req.best(&versions, pre, |v| v) else {
        return Err(Error::NoVersion {
            registry: reg.name().to_string(),
            name: name.to_string(),
            req: req.to_string(),
            available: versions.iter().map(Version::to_string).collect(),
        });
    };
    let meta = meta(reg, name, best, cache, offline)?;
    Ok(Some(Selected { meta, versions }))
}

/// The version `select` chose, with every published version it chose among (oldest first).
#[derive(Debug)]
pub(crate) struct Selected {
    pub meta: Meta,
    pub versions: Vec<Version>,
}

fn read_listing(reg: &dyn Registry, name: &str, cache: &Cache) -> Option<Listing> {
    let text = std::fs::read_to_string(cache.registry_listing(reg.name(), name)).ok()?;
    serde_json::from_str(&text).ok()
}

fn cached_listing(reg: &dyn Registry, name: &str, cache: &Cache) -> Result<Listing, Error> {
    read_listing(reg, name, cache).ok_or_else(|| Error::NotCached {
        registry: reg.name().to_string(),
        name: name.to_string(),
    })
}

/// Best effort: a cache that cannot be written only costs `--offline` later.
fn write_listing(reg: &dyn Registry, name: &str, cache: &Cache, listing: &Listing) {
    let json = serde_json::to_vec_pretty(listing).expect("listing serialises");
    let _ = cache::write_file(&cache.registry_listing(reg.name(), name), &json);
}
