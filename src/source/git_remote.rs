//! Git sources through git2: list a remote's refs, fetch one ref shallowly into a bare
//! mirror in the cache, and write a commit's files out as a checkout.
//!
//! Listing refs (`ls-remote`) downloads no objects, so picking a version from tags is cheap;
//! only the chosen commit is fetched, with depth 1 where the transport allows it (libgit2 has
//! no blobless fetch). The last listing is kept beside the mirror so `--offline` can answer
//! from it. Credentials come from ssh-agent, then `~/.ssh` key files, then git's credential
//! helpers; each is tried once, so a refusal ends in an error that says what was tried.

use super::git_auth::callbacks;
use super::git_tree::write_tree;
use crate::cache::{self, Cache};
use git2::{Direction, ErrorClass, ErrorCode, FetchOptions};
use indexmap::IndexMap;
use std::cell::RefCell;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("authentication failed for {url}")]
    Auth { url: String, tried: Vec<String> },
    #[error("cannot reach {url}: unknown host `{host}`")]
    UnknownHost { url: String, host: String },
    #[error("cannot reach {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("no git repository at {url}: {message}")]
    NoRepository { url: String, message: String },
    #[error("{url} has no {what} `{name}`")]
    MissingRef {
        url: String,
        what: &'static str,
        name: String,
    },
    #[error("{url} refused the push: {message}")]
    Refused { url: String, message: String },
    #[error("--offline: {url} is not in the cache{}", if what.is_empty() { String::new() } else { format!(" ({what})") })]
    NotCached { url: String, what: String },
    #[error("git failed to {action} {url}")]
    Git {
        url: String,
        action: &'static str,
        #[source]
        source: git2::Error,
    },
    #[error("cannot write the cache at {}", path.display())]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A remote's refs: full ref name -> commit SHA (annotated tags peeled), plus HEAD.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Refs {
    pub head: Option<String>,
    /// The branch HEAD points at (`refs/heads/main`), when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_ref: Option<String>,
    pub refs: IndexMap<String, String>,
}

impl Refs {
    /// Tag short names.
    pub(crate) fn tags(&self) -> impl Iterator<Item = &str> + Clone {
        self.refs
            .keys()
            .filter_map(|r| r.strip_prefix("refs/tags/"))
    }

    /// The commit a branch or tag name points at, with the full ref name.
    pub(crate) fn lookup(&self, name: &str) -> Option<(&str, &str)> {
        [
            name.to_string(),
            format!("refs/tags/{name}"),
            format!("refs/heads/{name}"),
        ]
        .iter()
        .find_map(|full| self.refs.get_key_value(full.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// A git remote mirrored in the cache.
pub(crate) struct Remote {
    pub url: String,
    repo: git2::Repository,
    dir: PathBuf,
    offline: bool,
}

const REFS_FILE: &str = "jig-refs.json";

impl Remote {
    pub(crate) fn open(cache: &Cache, url: &str, offline: bool) -> Result<Remote, Error> {
        let dir = cache.git_dir(url);
        let cache_err = |source| Error::Cache {
            path: dir.clone(),
            source,
        };
        if offline && !dir.join(REFS_FILE).is_file() {
            return Err(Error::NotCached {
                url: url.to_string(),
                what: String::new(),
            });
        }
        if !dir.is_dir() {
            cache::install_dir(&dir, |tmp| {
                git2::Repository::init_bare(tmp)
                    .map(drop)
                    .map_err(std::io::Error::other)
            })
            .map_err(cache_err)?;
        }
        let repo = git2::Repository::open_bare(&dir).map_err(|source| Error::Git {
            url: url.to_string(),
            action: "open the cached mirror of",
            source,
        })?;
        Ok(Remote {
            url: url.to_string(),
            repo,
            dir,
            offline,
        })
    }

    /// The remote's refs: listed from the server, or from the last listing when offline.
    pub(crate) fn refs(&self) -> Result<Refs, Error> {
        let path = self.dir.join(REFS_FILE);
        if self.offline {
            let text = std::fs::read_to_string(&path).map_err(|_| Error::NotCached {
                url: self.url.clone(),
                what: String::new(),
            })?;
            return serde_json::from_str(&text).map_err(|e| Error::Cache {
                path,
                source: std::io::Error::other(e),
            });
        }
        let tried = RefCell::new(Vec::new());
        let mut remote = self.anonymous()?;
        let conn = remote
            .connect_auth(Direction::Fetch, Some(callbacks(&tried)), None)
            .map_err(|e| self.classify(e, &tried, "connect to"))?;
        let mut refs = Refs {
            head_ref: conn
                .default_branch()
                .ok()
                .and_then(|b| b.as_str().ok().map(str::to_string)),
            ..Refs::default()
        };
        for head in conn
            .list()
            .map_err(|e| self.classify(e, &tried, "list refs of"))?
        {
            let name = head.name();
            if name == "HEAD" {
                refs.head = Some(head.oid().to_string());
            } else if let Some(base) = name.strip_suffix("^{}") {
                refs.refs.insert(base.to_string(), head.oid().to_string());
            } else if name.starts_with("refs/tags/") || name.starts_with("refs/heads/") {
                refs.refs
                    .entry(name.to_string())
                    .or_insert(head.oid().to_string());
            }
        }
        let json = serde_json::to_vec_pretty(&refs).expect("refs serialise");
        cache::write_file(&path, &json).map_err(|source| Error::Cache { path, source })?;
        Ok(refs)
    }

    /// Makes `commit` available locally, fetching `refname` (depth 1 where possible).
    pub(crate) fn fetch(&self, refname: &str, commit: &str) -> Result<(), Error> {
        if self.has_commit(commit) {
            return Ok(());
        }
        if self.offline {
            return Err(Error::NotCached {
                url: self.url.clone(),
                what: format!("{refname} at {}", short(commit)),
            });
        }
        let local = if refname == "HEAD" {
            "refs/jig/HEAD".to_string()
        } else {
            refname.to_string()
        };
        let spec = format!("+{refname}:{local}");
        // libgit2's local transport cannot fetch shallowly.
        let depth = if self.url.starts_with("file://") {
            0
        } else {
            1
        };
        self.fetch_specs(&[spec], depth)?;
        if !self.has_commit(commit) {
            // The ref moved between listing and fetching: take everything.
            self.fetch_all()?;
        }
        Ok(())
    }

    /// Fetches every branch and tag, in full (for a commit SHA no ref names).
    pub(crate) fn fetch_all(&self) -> Result<(), Error> {
        if self.offline {
            return Ok(());
        }
        let specs = [
            "+refs/heads/*:refs/heads/*".to_string(),
            "+refs/tags/*:refs/tags/*".to_string(),
        ];
        self.fetch_specs(&specs, 0)
    }

    fn fetch_specs(&self, specs: &[String], depth: i32) -> Result<(), Error> {
        let tried = RefCell::new(Vec::new());
        let mut options = FetchOptions::new();
        options
            .remote_callbacks(callbacks(&tried))
            .download_tags(git2::AutotagOption::None)
            .depth(depth);
        let mut remote = self.anonymous()?;
        let result = remote.fetch(specs, Some(&mut options), None);
        if let Err(e) = result {
            // A shallow repository that cannot be deepened (or a server that refuses shallow
            // requests) still accepts a full fetch.
            if depth > 0 && e.class() != ErrorClass::Net && e.code() != ErrorCode::Auth {
                return self.fetch_specs(specs, 0);
            }
            return Err(self.classify(e, &tried, "fetch from"));
        }
        Ok(())
    }

    /// Pushes `refspec` (`+refs/heads/B:refs/heads/B`) from the mirror to the remote; a ref
    /// the server refuses is an error with the server's reason. libgit2 cannot push from a
    /// shallow repository (it walks past the shallow boundary), so a shallow mirror first takes
    /// the history of `base` (the ref the pushed branch starts from).
    pub(crate) fn push(&self, refspec: &str, base: &str) -> Result<(), Error> {
        if self.repo.is_shallow() {
            let local = if base == "HEAD" {
                "refs/jig/HEAD"
            } else {
                base
            };
            // libgit2's GIT_FETCH_DEPTH_UNSHALLOW.
            self.fetch_specs(&[format!("+{base}:{local}")], i32::MAX)?;
        }
        let tried = RefCell::new(Vec::new());
        let refused: RefCell<Option<String>> = RefCell::new(None);
        let mut cb = callbacks(&tried);
        cb.push_update_reference(|name, status| {
            if let Some(why) = status {
                *refused.borrow_mut() = Some(format!("{name}: {why}"));
            }
            Ok(())
        });
        let mut options = git2::PushOptions::new();
        options.remote_callbacks(cb);
        let mut remote = self.anonymous()?;
        let pushed = remote.push(&[refspec], Some(&mut options));
        drop(options);
        pushed.map_err(|e| self.classify(e, &tried, "push to"))?;
        if let Some(message) = refused.take() {
            return Err(Error::Refused {
                url: self.url.clone(),
                message,
            });
        }
        Ok(())
    }

    /// The full SHA of a commit named by a (possibly short) SHA, if the mirror has it.
    pub(crate) fn find_commit(&self, sha: &str) -> Option<String> {
        let object = self.repo.revparse_single(sha).ok()?;
        object.peel_to_commit().ok().map(|c| c.id().to_string())
    }

    /// The mirror itself, to read fetched commits without writing them out.
    pub(crate) fn repository(&self) -> &git2::Repository {
        &self.repo
    }

    fn has_commit(&self, sha: &str) -> bool {
        git2::Oid::from_str(sha).is_ok_and(|oid| self.repo.find_commit(oid).is_ok())
    }

    /// The files of `commit`, written once into the cache.
    pub(crate) fn checkout(&self, cache: &Cache, commit: &str) -> Result<PathBuf, Error> {
        let dest = cache.checkout_dir(commit);
        let git_err = |source| Error::Git {
            url: self.url.clone(),
            action: "read a commit of",
            source,
        };
        let oid = git2::Oid::from_str(commit).map_err(git_err)?;
        let tree = self
            .repo
            .find_commit(oid)
            .and_then(|c| c.tree())
            .map_err(git_err)?;
        cache::install_dir(&dest, |tmp| write_tree(&self.repo, &tree, tmp)).map_err(|source| {
            Error::Cache {
                path: dest.clone(),
                source,
            }
        })?;
        Ok(dest)
    }

    fn anonymous(&self) -> Result<git2::Remote<'_>, Error> {
        self.repo
            .remote_anonymous(&self.url)
            .map_err(|source| Error::Git {
                url: self.url.clone(),
                action: "use the URL",
                source,
            })
    }

    fn classify(
        &self,
        e: git2::Error,
        tried: &RefCell<Vec<String>>,
        action: &'static str,
    ) -> Error {
        super::git_auth::classify(&self.url, e, tried, action)
    }
}

/// The host part of a git URL (for error messages).
pub(crate) fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', ':']).next().unwrap_or(rest);
    authority.rsplit('@').next().unwrap_or(authority)
}

pub(crate) fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}
