//! Where a fleet repository is hosted, and its pull (merge) requests there: GitHub's and
//! GitLab's REST APIs (`github`, `gitlab`, through `http`), and AWS CodeCommit through the
//! SDK (`aws::codecommit`, with the `aws` feature). One small interface, so `fleet::update` opens,
//! refreshes and closes requests the same way everywhere.
//!
//! Tokens come from the environment (`GITHUB_TOKEN`, `GITLAB_TOKEN`) and the AWS chain; they
//! are sent as headers, only to the origin of the API they are for (`http`), and never shown,
//! logged or written.

pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod http;
pub(crate) mod pages;

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("{forge}: {call} failed{}: {message}", status.map(|s| format!(" ({s})")).unwrap_or_default())]
    Api {
        forge: &'static str,
        call: String,
        status: Option<u16>,
        message: String,
    },
    #[error("{forge} needs a token in {variable}")]
    NoToken {
        forge: &'static str,
        variable: &'static str,
    },
    #[error("cannot tell which {forge} repository {url} is")]
    NotARepository { forge: &'static str, url: String },
    #[error("pull requests on {url} need a forge jig knows (GitHub, GitLab, CodeCommit)")]
    UnknownForge { url: String },
    #[error("CodeCommit needs jig built with the `aws` feature")]
    NoAws,
    #[error("{forge}: {call} {via} {url}, {why}; jig sends requests, and its token, only to the API's origin {origin}")]
    Offsite {
        forge: &'static str,
        call: String,
        via: Via,
        url: String,
        why: &'static str,
        origin: String,
    },
    #[error(
        "{forge}: {call} pages in a loop: it names {next} as the next page, which it already gave"
    )]
    PageLoop {
        forge: &'static str,
        call: String,
        next: String,
    },
    #[error("{forge}: {call} has more than {max} pages; jig stops there")]
    TooManyPages {
        forge: &'static str,
        call: String,
        max: usize,
    },
    #[error("{forge}: {call} took more than {minutes} minutes to page through ({pages} pages); jig stops there")]
    PagingTooLong {
        forge: &'static str,
        call: String,
        minutes: u64,
        pages: usize,
    },
    #[error("{forge}: {call} answered {problem}")]
    BadAnswer {
        forge: &'static str,
        call: String,
        problem: String,
    },
    #[error("{forge}'s API `{api}` is not usable: {reason}")]
    BadApi {
        forge: &'static str,
        api: String,
        reason: String,
    },
}

/// How a call led away from the API's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    NextPage,
    /// A redirect, with its status.
    Redirect(u16),
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::NextPage => f.write_str("points its next page at"),
            Via::Redirect(status) => write!(f, "was redirected ({status}) to"),
        }
    }
}

/// A forge kind, as fleet files name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Github,
    Gitlab,
    Codecommit,
}

/// An open request as jig needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Request {
    /// GitHub's number, GitLab's iid, CodeCommit's id.
    pub id: String,
    pub url: String,
    /// The branch it merges.
    pub branch: String,
    pub draft: bool,
}

/// What to open (or refresh).
#[derive(Debug, Clone)]
pub(crate) struct Proposal {
    pub branch: String,
    /// The branch to merge into (the default branch).
    pub base: String,
    pub title: String,
    pub body: String,
    pub draft: bool,
}

/// A hosted repository's pull requests.
pub(crate) trait Forge: Send + Sync {
    /// Open requests from branches whose name starts with `prefix`.
    fn open_requests(&self, prefix: &str) -> Result<Vec<Request>, Error>;
    fn create(&self, proposal: &Proposal) -> Result<Request, Error>;
    /// Refreshes an open request's title, description (and, where the forge allows, draft
    /// state).
    fn refresh(&self, request: &Request, proposal: &Proposal) -> Result<Request, Error>;
    /// Closes a request another one supersedes, saying so in a comment.
    fn close(&self, request: &Request, comment: &str) -> Result<(), Error>;
}

/// Where each forge's API is: the public hosts by default, others from the fleet file.
#[derive(Debug, Clone)]
pub(crate) struct Host {
    pub kind: Kind,
    /// The git host (`github.com`, `gitlab.acme.com:8443`).
    pub host: String,
    /// The REST API's base URL.
    pub api: String,
}

/// The hosts jig knows without being told.
pub(crate) fn public_hosts() -> Vec<Host> {
    vec![
        Host {
            kind: Kind::Github,
            host: "github.com".into(),
            api: "https://api.github.com".into(),
        },
        Host {
            kind: Kind::Gitlab,
            host: "gitlab.com".into(),
            api: "https://gitlab.com/api/v4".into(),
        },
    ]
}

/// The forge a repository URL is on: a configured or public host, or CodeCommit by its
/// endpoint; with `forced` (the fleet entry's `forge:`) taken over the host's.
pub(crate) fn host_of(url: &str, hosts: &[Host]) -> Option<Host> {
    let host = crate::source::git_remote::host_of(url);
    let authority = authority(url);
    if let Some(h) = hosts.iter().find(|h| h.host == authority || h.host == host) {
        return Some(h.clone());
    }
    if host.starts_with("git-codecommit.") || url.starts_with("codecommit:") {
        return Some(Host {
            kind: Kind::Codecommit,
            host: host.to_string(),
            api: String::new(),
        });
    }
    None
}

/// `host:port` of a URL (`host` of an scp-like address), without the user.
fn authority(url: &str) -> &str {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.split('/').next().unwrap_or(rest),
        None => url.split(':').next().unwrap_or(url),
    };
    rest.rsplit('@').next().unwrap_or(rest)
}

/// `acme/ml/churn` for `https://gitlab.com/acme/ml/churn.git` or `git@host:acme/ml/churn`.
pub(crate) fn repo_path(url: &str) -> Option<String> {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/')?.1,
        None => url.split_once(':')?.1,
    };
    let path = rest.trim_matches('/').trim_end_matches(".git");
    path.contains('/').then(|| path.to_string())
}

/// What the AWS side provides (`aws::codecommit`, above this module): a repository's pull
/// requests, and a region's repositories by name prefix and tags (`(name, clone URL)`).
pub(crate) struct CodeCommitBackend {
    pub connect: fn(&str) -> Result<Box<dyn Forge>, Error>,
    pub discover: Discover,
}

/// A CodeCommit discovery: (region, name prefix, tags) -> `(name, clone URL)` of each
/// repository found.
pub(crate) type Discover = fn(Option<&str>, &str, &Tags) -> Result<Vec<(String, String)>, Error>;

/// Tags a repository must carry: `(key, value)`.
pub(crate) type Tags = [(String, String)];

static CODECOMMIT: std::sync::OnceLock<CodeCommitBackend> = std::sync::OnceLock::new();

/// Installed once at start-up by `backends::install` (so this module never imports `aws`);
/// without it (no `aws` feature) CodeCommit is an error.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub(crate) fn install_codecommit(backend: CodeCommitBackend) {
    let _ = CODECOMMIT.set(backend);
}

/// The CodeCommit backend, if this build has one.
pub(crate) fn codecommit() -> Result<&'static CodeCommitBackend, Error> {
    CODECOMMIT.get().ok_or(Error::NoAws)
}

/// The client for `url`'s repository on `host`.
pub(crate) fn connect(url: &str, host: &Host) -> Result<Box<dyn Forge>, Error> {
    match host.kind {
        Kind::Github => Ok(Box::new(github::Github::new(url, &host.api)?)),
        Kind::Gitlab => Ok(Box::new(gitlab::Gitlab::new(url, &host.api)?)),
        Kind::Codecommit => (codecommit()?.connect)(url),
    }
}

/// A token from the environment (never printed).
pub(crate) fn token(forge: &'static str, variable: &'static str) -> Result<String, Error> {
    std::env::var(variable)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .ok_or(Error::NoToken { forge, variable })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_and_hosts_from_urls() {
        assert_eq!(
            repo_path("https://github.com/acme/churn.git").as_deref(),
            Some("acme/churn")
        );
        assert_eq!(
            repo_path("git@gitlab.com:acme/ml/churn.git").as_deref(),
            Some("acme/ml/churn")
        );
        assert_eq!(repo_path("https://github.com/acme"), None);
        let hosts = public_hosts();
        assert_eq!(
            host_of("https://github.com/acme/churn.git", &hosts).map(|h| h.kind),
            Some(Kind::Github)
        );
        assert_eq!(
            host_of(
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/churn",
                &hosts
            )
            .map(|h| h.kind),
            Some(Kind::Codecommit)
        );
        assert!(host_of("https://git.example.com/a/b.git", &hosts).is_none());
        let mine = vec![Host {
            kind: Kind::Gitlab,
            host: "127.0.0.1:8443".into(),
            api: "http://127.0.0.1:9000/api/v4".into(),
        }];
        assert_eq!(
            host_of("http://u@127.0.0.1:8443/acme/a.git", &mine).map(|h| h.kind),
            Some(Kind::Gitlab)
        );
        assert!(host_of("http://127.0.0.1:8444/acme/a.git", &mine).is_none());
    }
}
