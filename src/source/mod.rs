//! Where blueprints come from, and exactly which version of them was used.
//!
//! A SOURCE (see `spec` for the syntax) is a first-party name, a local directory, a git URL
//! or a registry reference, with an optional `//SUBDIR` and `@REQ`. `Resolver::resolve` turns
//! it into a directory on disk (embedded files extracted, git commits checked out into the
//! cache, registry bundles verified and unpacked) plus a `Pin`: the version, ref, commit,
//! registry and bundle digest that the answers file records, so the rest of jig has one code
//! path whatever the source.

mod builtin;
mod digest;
mod error;
mod format;
mod git;
mod git_auth;
pub(crate) mod git_remote;
mod git_tree;
pub(crate) mod listing;
mod named;
pub(crate) mod spec;

pub(crate) use builtin::{builtin_names, builtin_source, builtin_summary};
pub(crate) use digest::content_digest;
pub(crate) use error::Error;
use format::is_template_dir;
pub(crate) use format::{detect, format_of, Format, COOKIECUTTER_FILE, COPIER_FILES};

use crate::cache::Cache;
use crate::settings::{Config, Settings};
use crate::version::Requirement;
use indexmap::IndexMap;
use semver::Version;
use spec::{Location, Spec};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    /// Shipped inside jig (trusted).
    Builtin,
    /// A directory on this machine, as it is.
    Local,
    /// A commit of a git repository.
    Git,
    /// A published version in a registry.
    Registry,
}

/// Exactly what a source resolved to, for the answers file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Pin {
    /// The version a tag or registry gave (None for branches, commits and directories).
    pub version: Option<Version>,
    /// The git URL, abbreviations expanded.
    pub url: Option<String>,
    /// The full ref the commit was found under (`refs/tags/v1.2.0`).
    pub git_ref: Option<String>,
    pub commit: Option<String>,
    pub registry: Option<String>,
    /// The registry bundle's digest.
    pub bundle: Option<String>,
}

/// A resolved source: a directory holding `blueprint.yaml` or `cookiecutter.json`.
#[derive(Debug)]
pub(crate) struct Source {
    /// The source as the user gave it.
    pub given: String,
    pub kind: Kind,
    pub format: Format,
    /// Where the blueprint's files are now.
    pub dir: PathBuf,
    /// The blueprint's subdirectory inside the repository or directory given.
    pub directory: Option<String>,
    pub pin: Pin,
    /// Every version the source offers, oldest first (git tags, registry versions).
    pub available: Vec<Version>,
    /// What the user should know (no version tags, a version mismatch ...).
    pub warnings: Vec<String>,
    /// What `trusted:` entries in the config are matched against.
    pub trust_key: String,
    /// The other formats the folder holds (`--template-format` reads it as one of them).
    pub also: Vec<Format>,
    extracted: Option<crate::scratch::Scratch>,
}

impl Source {
    fn new(given: &str, kind: Kind, format: Format, dir: PathBuf) -> Source {
        Source {
            given: given.to_string(),
            kind,
            format,
            trust_key: dir.display().to_string(),
            dir,
            directory: None,
            pin: Pin::default(),
            available: Vec::new(),
            warnings: Vec::new(),
            also: Vec::new(),
            extracted: None,
        }
    }

    /// A stable name for a template without a manifest (Cookiecutter): its subdirectory, else
    /// the repository's name, else the directory's. Never a cache path or commit.
    pub(crate) fn template_name(&self) -> String {
        let last = |s: &str| {
            s.trim_end_matches('/')
                .trim_end_matches(".git")
                .rsplit(['/', ':'])
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let name = match (&self.directory, &self.pin.url) {
            (Some(dir), _) => last(dir),
            (None, Some(url)) => last(url),
            (None, None) => self
                .dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        if name.is_empty() {
            "template".into()
        } else {
            name
        }
    }

    /// Says which format a folder holding several was read as, and how to choose another
    /// (unless `--template-format` chose: `asked`).
    pub(crate) fn note_formats(&mut self, others: &[Format], asked: bool) {
        self.also = others.to_vec();
        let Some(other) = others.first().filter(|_| !asked) else {
            return;
        };
        let why = match (self.format, other) {
            (Format::Copier, Format::Cookiecutter) => " (a project directory was named)",
            _ => "",
        };
        self.warnings.push(format!(
            "{} is {} ({}) and {} ({}): reading it as {}{why}; pass --template-format {} to read it as {}",
            self.given,
            self.format.described(),
            self.format.manifest(),
            other.described(),
            other.manifest(),
            self.format.described(),
            other.name(),
            other.described(),
        ));
    }

    /// Warns when the manifest's version differs from the tag or registry version.
    pub(crate) fn check_manifest_version(&mut self, manifest: &Version) {
        if let Some(pinned) = &self.pin.version {
            if pinned != manifest {
                let from = self.pin.git_ref.as_deref().unwrap_or("the registry");
                self.warnings.push(format!(
                    "{from} says version {pinned}, but its blueprint.yaml says {manifest}; recording {pinned}"
                ));
            }
        }
    }
}

/// How to resolve: the flags of `jig new`, `jig show` and `jig list`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options<'a> {
    /// `--version REQ` (the same as `@REQ`).
    pub version: Option<&'a str>,
    /// `--pre`: prereleases may be chosen.
    pub pre: bool,
    /// `--offline`: only the cache.
    pub offline: bool,
    /// `--registry NAME`: look only there.
    pub registry: Option<&'a str>,
    /// `--directory SUBDIR` (the same as `//SUBDIR`).
    pub directory: Option<&'a str>,
    /// `--template-format` (or the answers file's `format:`): how to read a folder that is
    /// two kinds of template.
    pub format: Option<Format>,
    /// The project directory is named (`jig new SRC DEST`): a folder with no manifest is a
    /// Copier template with no questions, and a folder that is both a Cookiecutter and a
    /// Copier template is read as Copier unless `format` says otherwise.
    pub dest_named: bool,
}

impl Source {
    /// Whether this source's own code (hooks, migrations, extensions) may run.
    pub(crate) fn is_trusted(&self, settings: &Settings) -> bool {
        settings.trusts(self.kind == Kind::Builtin, &self.trust_key)
    }

    /// The refusal for code of this source that is not trusted (`would_run` lists it).
    pub(crate) fn untrusted(
        &self,
        would_run: Vec<String>,
        extensions: bool,
    ) -> crate::trust::Untrusted {
        crate::trust::Untrusted {
            given: self.given.clone(),
            // Git sources are checked before they are fetched (`git::unambiguous`).
            trust_key: crate::trust::normalise(&self.trust_key)
                .unwrap_or_else(|_| self.trust_key.clone()),
            would_run,
            extensions,
        }
    }
}

/// Resolves sources with the user's config, abbreviations and cache. Clones share what one
/// run learnt about git remotes (`Remotes`), so threads of one run can each hold one.
#[derive(Clone)]
pub(crate) struct Resolver<'a> {
    pub config: &'a Config,
    abbreviations: IndexMap<String, String>,
    pub cache: Cache,
    remotes: std::sync::Arc<Remotes>,
}

/// What one run knows about git remotes: each remote is listed once (a fleet resolves the
/// same blueprint for hundreds of repositories), and two threads never fetch into one cached
/// mirror at the same time.
#[derive(Default)]
struct Remotes {
    listed: Mutex<HashMap<String, git_remote::Refs>>,
    locks: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

impl Remotes {
    /// The lock for `url`'s mirror.
    fn lock(&self, url: &str) -> Arc<Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(url.to_string()).or_default().clone()
    }

    /// `remote`'s refs, listed on first use.
    fn refs(&self, remote: &git_remote::Remote) -> Result<git_remote::Refs, git_remote::Error> {
        let listed = self.listed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(refs) = listed.get(&remote.url) {
            return Ok(refs.clone());
        }
        drop(listed);
        let refs = remote.refs()?;
        let mut listed = self.listed.lock().unwrap_or_else(|e| e.into_inner());
        listed.insert(remote.url.clone(), refs.clone());
        Ok(refs)
    }
}

impl<'a> Resolver<'a> {
    /// Abbreviations: the built-in ones, then `~/.cookiecutterrc`'s (which hold the built-in
    /// ones too), then the config file's.
    pub(crate) fn new(settings: &'a Settings) -> Resolver<'a> {
        let config = &settings.config;
        let mut abbreviations = crate::settings::cookiecutterrc::builtin_abbreviations();
        abbreviations.extend(
            settings
                .cookiecutterrc
                .abbreviations
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        abbreviations.extend(
            config
                .abbreviations
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Resolver {
            config,
            abbreviations,
            cache: Cache::open(),
            remotes: Default::default(),
        }
    }

    /// A bare word (`sagemaker-mlops`) names a blueprint. A directory of that name in the
    /// current folder is taken instead only when it is a template, and never over a
    /// first-party blueprint: `./NAME` always means the directory.
    pub(crate) fn parse(&self, given: &str) -> Result<Spec, Error> {
        let bare = !given.contains(['/', ':']) && !given.starts_with(['.', '~']);
        Ok(spec::parse(given, &self.abbreviations, |p| {
            if bare && p == Path::new(given) {
                is_template_dir(p) && !builtin_names().contains(&given)
            } else {
                p.exists()
            }
        })?)
    }

    pub(crate) fn resolve(&self, given: &str, opts: &Options) -> Result<Source, Error> {
        // `sc:PRODUCT@REQ`: a Service Catalog product, read as the `sc` registry.
        if let Some(product) = given.strip_prefix("sc:") {
            let sc = Options {
                registry: Some(crate::registry::SERVICE_CATALOG),
                ..opts.clone()
            };
            let mut source = self.resolve(product, &sc)?;
            source.given = given.to_string();
            return Ok(source);
        }
        let spec = self.parse(given)?;
        let req_text = merge(given, "version", spec.req.as_deref(), opts.version)?;
        let subdir = merge(given, "directory", spec.subdir.as_deref(), opts.directory)?
            .map(|sub| normalise_subdir(given, &sub))
            .transpose()?;
        let req = req_text.as_deref().map(Requirement::parse);
        let mut source = match &spec.location {
            Location::Name(name) => {
                let mut source = self.by_name(given, name, req.as_ref(), opts)?;
                if source.kind == Kind::Builtin && is_template_dir(Path::new(name)) {
                    source.warnings.push(format!(
                        "using the first-party blueprint `{name}`; the folder `{name}` here is a template too: type `./{name}` to use it"
                    ));
                }
                source
            }
            Location::Path(path) if req.is_some() => {
                let abs = path
                    .canonicalize()
                    .map_err(|_| Error::NoDirectory { path: path.clone() })?;
                let url = format!("file://{}", abs.display());
                self.resolve_git(given, &url, subdir.as_deref(), req.as_ref(), opts)?
            }
            Location::Path(path) => local(given, path, subdir.as_deref(), opts)?,
            Location::Git(url) => {
                self.resolve_git(given, url, subdir.as_deref(), req.as_ref(), opts)?
            }
        };
        source.directory = subdir;
        Ok(source)
    }
}

/// `@REQ` / `//SUBDIR` in the source and the matching flag: either, or both if equal.
fn merge(
    given: &str,
    flag: &'static str,
    inline: Option<&str>,
    flagged: Option<&str>,
) -> Result<Option<String>, Error> {
    match (inline, flagged) {
        (Some(a), Some(b)) if a != b => Err(Error::Conflict {
            given: given.to_string(),
            flag,
            a: a.to_string(),
            b: b.to_string(),
        }),
        (a, b) => Ok(a.or(b).map(str::to_string)),
    }
}

/// A subdirectory as given, as the relative path it must be: `.` and empty parts dropped;
/// absolute paths, `..`, backslashes and NUL refused (`root.join("/abs")` would discard the
/// root). `.` itself (or `./`) is the root.
fn normalise_subdir(given: &str, sub: &str) -> Result<String, Error> {
    match crate::render::paths::check_relative(sub) {
        Ok(rel) => Ok(rel),
        Err(crate::render::paths::Unsafe::Empty) => Ok(".".to_string()),
        Err(why) => Err(Error::SubdirOutside {
            given: given.to_string(),
            subdir: sub.to_string(),
            why: why.why(),
        }),
    }
}

/// `sub` (normalised) below `root`, with every symlink on the way resolved: the directory a
/// template is really read from, which must still be inside `root`. `None` when there is no
/// such directory.
fn confined_subdir(given: &str, root: &Path, sub: &str) -> Result<Option<PathBuf>, Error> {
    let (Ok(real_root), Ok(real)) = (root.canonicalize(), root.join(sub).canonicalize()) else {
        return Ok(None);
    };
    if !real.starts_with(&real_root) {
        return Err(Error::SubdirOutside {
            given: given.to_string(),
            subdir: sub.to_string(),
            why: "leads outside it through a symlink",
        });
    }
    Ok(real.is_dir().then_some(real))
}

/// A local directory, used as it is (uncommitted edits included).
fn local(given: &str, root: &Path, subdir: Option<&str>, opts: &Options) -> Result<Source, Error> {
    if !root.is_dir() {
        return Err(Error::NoDirectory {
            path: root.to_path_buf(),
        });
    }
    let path = match subdir {
        Some(sub) => confined_subdir(given, root, sub)?.unwrap_or_else(|| root.join(sub)),
        None => root.to_path_buf(),
    };
    let (format, others) = detect(&path, given, opts)?;
    let dir = path.canonicalize().unwrap_or(path);
    let mut source = Source::new(given, Kind::Local, format, dir);
    source.note_formats(&others, opts.format.is_some());
    Ok(source)
}
