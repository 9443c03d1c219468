//! What a configured source offers, for `jig list`: every blueprint in a repository or
//! directory (the root, or its immediate subdirectories), each with its newest version.

use super::{format_of, git_remote, spec::Location, Error, Format, Resolver};
use crate::version;
use semver::Version;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Listed {
    pub name: String,
    /// The newest release (from tags for git sources, from the manifest otherwise).
    pub version: Option<Version>,
    pub description: String,
    /// The source to give `jig new` for this blueprint.
    pub source: String,
}

/// The blueprints in `given` (a git URL or a directory, optionally with `//SUBDIR`).
pub(crate) fn list(resolver: &Resolver, given: &str, offline: bool) -> Result<Vec<Listed>, Error> {
    let spec = resolver.parse(given)?;
    let (root, tags): (PathBuf, Option<git_remote::Refs>) = match &spec.location {
        Location::Git(url) => {
            super::git::unambiguous(url)?;
            let remote = git_remote::Remote::open(&resolver.cache, url, offline)?;
            let refs = remote.refs()?;
            let head = refs
                .head
                .clone()
                .ok_or_else(|| git_remote::Error::MissingRef {
                    url: url.clone(),
                    what: "branch",
                    name: "HEAD".into(),
                })?;
            remote.fetch("HEAD", &head)?;
            (remote.checkout(&resolver.cache, &head)?, Some(refs))
        }
        Location::Path(path) => (path.clone(), None),
        Location::Name(_) => {
            return Err(Error::Spec(super::spec::Error::Invalid {
                given: given.to_string(),
                message: "`sources:` entries must be git URLs or directories".into(),
            }))
        }
    };
    let base = match &spec.subdir {
        Some(sub) => root.join(sub),
        None => root,
    };
    // What to give `jig new` for each blueprint found: the location, without any `@REQ`.
    let mut base_given = match &spec.location {
        Location::Git(url) => url.clone(),
        Location::Path(path) => path.display().to_string(),
        Location::Name(name) => name.clone(),
    };
    if let Some(sub) = &spec.subdir {
        base_given = format!("{base_given}//{sub}");
    }
    let base_given = base_given.as_str();
    let mut found = Vec::new();
    if format_of(&base).is_ok() {
        found.push((base.clone(), None));
    } else if let Ok(entries) = std::fs::read_dir(&base) {
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            if format_of(&dir).is_ok() {
                let name = dir
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                found.push((dir, Some(name)));
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|(dir, sub)| {
            describe(
                &dir,
                sub.as_deref(),
                tags.as_ref(),
                base_given,
                spec.subdir.is_some(),
            )
        })
        .collect())
}

fn describe(
    dir: &Path,
    sub: Option<&str>,
    refs: Option<&git_remote::Refs>,
    base: &str,
    has_subdir: bool,
) -> Listed {
    let manifest = match format_of(dir) {
        Ok(Format::Jig) => crate::blueprint::Blueprint::load(dir)
            .ok()
            .map(|b| b.manifest),
        _ => None,
    };
    let dir_name = dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let version = match refs {
        Some(refs) => {
            let tag_name = sub.or(has_subdir.then_some(dir_name.as_str()));
            version::versions_from_tags(refs.tags(), tag_name)
                .into_iter()
                .map(|t| t.version)
                .rfind(|v| v.pre.is_empty())
        }
        None => manifest.as_ref().map(|m| m.version.clone()),
    };
    let source = match sub {
        Some(sub) if has_subdir => format!("{base}/{sub}"),
        Some(sub) => format!("{base}//{sub}"),
        None => base.to_string(),
    };
    Listed {
        name: manifest.as_ref().map_or(dir_name, |m| m.name.clone()),
        version,
        description: manifest.map(|m| m.description).unwrap_or_default(),
        source,
    }
}
