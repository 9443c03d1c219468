//! Git sources: pick a commit for the requirement from the remote's tags, branches or a SHA,
//! fetch just that, and check its files out from the cache.

use super::{git_remote, Error, Kind, Options, Pin, Resolver, Source};
use crate::version;
use crate::version::Requirement;

impl Resolver<'_> {
    pub(super) fn resolve_git(
        &self,
        given: &str,
        url: &str,
        subdir: Option<&str>,
        req: Option<&Requirement>,
        opts: &Options,
    ) -> Result<Source, Error> {
        unambiguous(url)?;
        // One thread at a time per mirror; the listing is taken once per run.
        let lock = self.remotes.lock(url);
        let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
        let remote = git_remote::Remote::open(&self.cache, url, opts.offline)?;
        let refs = self.remotes.refs(&remote)?;
        let name = subdir.map(|s| s.rsplit('/').next().unwrap_or(s));
        let tags = version::versions_from_tags(refs.tags(), name);
        let req = req.cloned().unwrap_or(Requirement::Latest);
        let mut warnings = Vec::new();
        let (git_ref, commit, version) = match &req {
            Requirement::Commit(sha) => {
                let full = match remote.find_commit(sha) {
                    Some(full) => full,
                    None => {
                        remote.fetch_all()?;
                        remote
                            .find_commit(sha)
                            .ok_or_else(|| git_remote::Error::MissingRef {
                                url: url.to_string(),
                                what: "commit",
                                name: sha.clone(),
                            })?
                    }
                };
                (None, full, None)
            }
            Requirement::Ref(r) => {
                let (full, commit) =
                    refs.lookup(r)
                        .ok_or_else(|| git_remote::Error::MissingRef {
                            url: url.to_string(),
                            what: "branch or tag",
                            name: r.clone(),
                        })?;
                let version = full.strip_prefix("refs/tags/").and_then(|t| {
                    version::tag_version(t, name).or_else(|| version::tag_version(t, None))
                });
                (Some(full.to_string()), commit.to_string(), version)
            }
            _ if tags.is_empty() && req == Requirement::Latest => {
                let head = refs.head.clone().ok_or_else(|| Error::NoVersions {
                    url: url.to_string(),
                    name: name.map(str::to_string),
                })?;
                warnings.push(format!(
                    "{url} has no version tags; using its default branch (commit {})",
                    git_remote::short(&head)
                ));
                (Some("HEAD".to_string()), head, None)
            }
            _ if tags.is_empty() => {
                return Err(Error::NoVersions {
                    url: url.to_string(),
                    name: name.map(str::to_string),
                })
            }
            _ => {
                let best =
                    req.best(&tags, opts.pre, |t| &t.version)
                        .ok_or_else(|| Error::NoMatch {
                            url: url.to_string(),
                            req: req.to_string(),
                            available: tags.iter().map(|t| t.tag.clone()).collect(),
                        })?;
                let full = format!("refs/tags/{}", best.tag);
                let commit = refs.refs[&full].clone();
                (Some(full), commit, Some(best.version.clone()))
            }
        };
        if let Some(r) = &git_ref {
            remote.fetch(r, &commit)?;
        }
        let root = remote.checkout(&self.cache, &commit)?;
        let dir = match subdir {
            Some(sub) => match super::confined_subdir(given, &root, sub)? {
                Some(dir) => dir,
                None => {
                    return Err(Error::NoSubdir {
                        url: url.to_string(),
                        at: git_ref
                            .clone()
                            .unwrap_or_else(|| git_remote::short(&commit).to_string()),
                        subdir: sub.to_string(),
                    })
                }
            },
            None => root,
        };
        let (format, others) = super::detect(&dir, given, opts)?;
        let mut source = Source::new(given, Kind::Git, format, dir);
        source.trust_key = url.to_string();
        source.warnings = warnings;
        source.note_formats(&others, opts.format.is_some());
        source.available = tags
            .into_iter()
            .map(|t| t.version)
            .filter(|v| opts.pre || v.pre.is_empty())
            .collect();
        source.pin = Pin {
            version,
            url: Some(url.to_string()),
            git_ref,
            commit: Some(commit),
            ..Pin::default()
        };
        Ok(source)
    }
}

/// Refuses, before any connection, a URL that git and a reader could take for two places
/// (`trust::normalise`): it could be neither trusted nor fetched as the user means it.
pub(super) fn unambiguous(url: &str) -> Result<(), Error> {
    match crate::trust::normalise(url) {
        Ok(_) => Ok(()),
        Err(why) => Err(Error::Ambiguous {
            url: url.to_string(),
            why,
        }),
    }
}
