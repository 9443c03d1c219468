//! The SOURCE syntax, parsed without touching the disk or the network.
//!
//! ```text
//! sagemaker-mlops                 first-party name (or a registry reference)
//! sagemaker-mlops@^1.2            registry reference NAME@REQ
//! ./my-blueprint                  local directory (its working tree, as it is)
//! ./blueprints//python-lib@~1.4   local git repository, at a version
//! https://host/org/repo.git//python-lib@^1.2
//! git@host:org/repo.git@v1.4.2    scp-like ssh
//! gh:org/repo//python-lib@latest  abbreviations (gh, gl, bb, and user-defined ones)
//! ```
//!
//! `//SUBDIR` picks a blueprint inside a repository holding several; `@REQ` is a version
//! requirement (see `version::Requirement`). A string naming an existing path is always that
//! path, so directories whose names contain `@` still work.

use indexmap::IndexMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A first-party blueprint or a registry reference.
    Name(String),
    /// A local directory.
    Path(PathBuf),
    /// A git URL (abbreviations expanded, `git+` dropped).
    Git(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spec {
    pub location: Location,
    pub subdir: Option<String>,
    /// The `@REQ` suffix as written.
    pub req: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Error {
    #[error("`{given}`: {message}")]
    Invalid { given: String, message: String },
}

/// Parses `given`; `abbreviations` map a prefix to a URL template with `{0}` for the rest;
/// `exists` says whether a path exists (the disk, in production).
pub(crate) fn parse(
    given: &str,
    abbreviations: &IndexMap<String, String>,
    exists: impl Fn(&Path) -> bool,
) -> Result<Spec, Error> {
    let invalid = |message: &str| Error::Invalid {
        given: given.to_string(),
        message: message.to_string(),
    };
    if given.trim().is_empty() {
        return Err(invalid("the source is empty"));
    }
    if exists(Path::new(given)) {
        return Ok(Spec {
            location: Location::Path(PathBuf::from(given)),
            subdir: None,
            req: None,
        });
    }
    let expanded = expand(given, abbreviations);
    let expanded = expanded.as_deref().unwrap_or(given);
    if is_url(expanded) {
        return git(expanded, invalid);
    }
    if expanded != given && exists(Path::new(expanded)) {
        return Ok(Spec {
            location: Location::Path(PathBuf::from(expanded)),
            subdir: None,
            req: None,
        });
    }
    let given = expanded;
    if looks_like_path(given) {
        let (rest, req) = split_req(given);
        let (path, subdir) = split_subdir(rest);
        return Ok(Spec {
            location: Location::Path(PathBuf::from(path)),
            subdir,
            req: nonempty(req, invalid)?,
        });
    }
    let (name, req) = split_req(given);
    if name.is_empty() || name.contains(char::is_whitespace) || name.contains(':') {
        return Err(invalid(
            "expected a blueprint name, a directory, or a git URL",
        ));
    }
    Ok(Spec {
        location: Location::Name(name.to_string()),
        subdir: None,
        req: nonempty(req, invalid)?,
    })
}

/// True for git URLs: `scheme://...`, `git+scheme://...` and scp-like `user@host:path`.
pub(crate) fn is_url(given: &str) -> bool {
    given.contains("://") || scp_like(given).is_some()
}

/// The `(user@host:, path)` split of an scp-like address.
fn scp_like(given: &str) -> Option<(&str, &str)> {
    let (head, path) = given.split_once(':')?;
    let (user, host) = head.split_once('@')?;
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    (word(user) && word(host) && !path.starts_with("//")).then(|| given.split_at(head.len() + 1))
}

fn looks_like_path(given: &str) -> bool {
    given.starts_with(['.', '/', '~']) || given.contains('/')
}

/// Expands `prefix:rest` through an abbreviation, keeping `//SUBDIR@REQ` outside `{0}`.
fn expand(given: &str, abbreviations: &IndexMap<String, String>) -> Option<String> {
    if let Some(url) = abbreviations.get(given) {
        return Some(url.clone());
    }
    let (prefix, rest) = given.split_once(':')?;
    let template = abbreviations.get(prefix)?;
    let (repo, req) = split_req(rest);
    let (repo, subdir) = split_subdir(repo);
    let mut url = template.replace("{0}", repo);
    if let Some(sub) = subdir {
        url = format!("{url}//{sub}");
    }
    if let Some(req) = req {
        url = format!("{url}@{req}");
    }
    Some(url)
}

fn git(url: &str, invalid: impl Fn(&str) -> Error) -> Result<Spec, Error> {
    let url = url.strip_prefix("git+").unwrap_or(url);
    // Only the path part may hold `//SUBDIR` and `@REQ`: `user@` belongs to the authority.
    let split_at = if let Some(pos) = url.find("://") {
        let after = pos + 3;
        after + url[after..].find('/').unwrap_or(url.len() - after)
    } else if let Some((head, _)) = scp_like(url) {
        head.len()
    } else {
        return Err(invalid("not a git URL"));
    };
    let (authority, path) = url.split_at(split_at);
    let (path, req) = split_req(path);
    let (path, subdir) = split_subdir(path);
    if path.trim_matches('/').is_empty() {
        return Err(invalid("the URL names no repository"));
    }
    Ok(Spec {
        location: Location::Git(format!("{authority}{path}")),
        subdir,
        req: nonempty(req, &invalid)?,
    })
}

fn split_req(s: &str) -> (&str, Option<&str>) {
    match s.rsplit_once('@') {
        Some((rest, req)) => (rest, Some(req)),
        None => (s, None),
    }
}

fn split_subdir(s: &str) -> (&str, Option<String>) {
    // A leading `//` (or `/` run) is part of an absolute path, not a separator.
    let start = s.len() - s.trim_start_matches('/').len();
    match s[start..].find("//") {
        Some(pos) => {
            let (path, sub) = s.split_at(start + pos);
            let sub = sub.trim_matches('/');
            (path, (!sub.is_empty()).then(|| sub.to_string()))
        }
        None => (s, None),
    }
}

fn nonempty(req: Option<&str>, invalid: impl Fn(&str) -> Error) -> Result<Option<String>, Error> {
    match req {
        Some("") => Err(invalid(
            "nothing follows `@`; give a version requirement such as @^1.2 or @latest",
        )),
        other => Ok(other.map(str::to_string)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::cookiecutterrc::builtin_abbreviations;

    fn p(given: &str) -> Spec {
        let mut abbr = builtin_abbreviations();
        abbr.insert("acme".into(), "ssh://git@git.acme.io/{0}.git".into());
        abbr.insert("here".into(), "/srv/templates/{0}".into());
        parse(given, &abbr, |path| path == Path::new("./exists@1")).unwrap()
    }

    fn spec(location: Location, subdir: Option<&str>, req: Option<&str>) -> Spec {
        Spec {
            location,
            subdir: subdir.map(str::to_string),
            req: req.map(str::to_string),
        }
    }

    #[test]
    fn names_paths_and_urls() {
        let git = |u: &str| Location::Git(u.to_string());
        let name = |n: &str| Location::Name(n.to_string());
        let path = |d: &str| Location::Path(PathBuf::from(d));
        let cases = [
            ("sagemaker-mlops", spec(name("sagemaker-mlops"), None, None)),
            (
                "python-lib@^1.2",
                spec(name("python-lib"), None, Some("^1.2")),
            ),
            ("./exists@1", spec(path("./exists@1"), None, None)),
            (
                "./repo//bp@~1.4",
                spec(path("./repo"), Some("bp"), Some("~1.4")),
            ),
            ("/abs/repo", spec(path("/abs/repo"), None, None)),
            (
                "https://github.com/acme/bps.git//python-lib@^1.2",
                spec(
                    git("https://github.com/acme/bps.git"),
                    Some("python-lib"),
                    Some("^1.2"),
                ),
            ),
            (
                "https://user@host.io/r.git",
                spec(git("https://user@host.io/r.git"), None, None),
            ),
            (
                "ssh://git@host.io:2222/org/r.git@main",
                spec(git("ssh://git@host.io:2222/org/r.git"), None, Some("main")),
            ),
            (
                "git@github.com:org/r.git@v1.4.2",
                spec(git("git@github.com:org/r.git"), None, Some("v1.4.2")),
            ),
            (
                "git+https://h.io/r@python-lib/v1.0.0",
                spec(git("https://h.io/r"), None, Some("python-lib/v1.0.0")),
            ),
            (
                "file:///tmp/repo//sub/dir@latest",
                spec(git("file:///tmp/repo"), Some("sub/dir"), Some("latest")),
            ),
            (
                "gh:acme/bps//python-lib@1.0.0",
                spec(
                    git("https://github.com/acme/bps.git"),
                    Some("python-lib"),
                    Some("1.0.0"),
                ),
            ),
            (
                "here:basic//sub@1.0.0",
                spec(path("/srv/templates/basic"), Some("sub"), Some("1.0.0")),
            ),
            (
                "acme:platform/bps",
                spec(git("ssh://git@git.acme.io/platform/bps.git"), None, None),
            ),
        ];
        for (given, want) in cases {
            assert_eq!(p(given), want, "{given}");
        }
    }

    #[test]
    fn bad_sources_are_named() {
        let abbr = builtin_abbreviations();
        for (given, message) in [
            ("", "empty"),
            ("python-lib@", "nothing follows `@`"),
            ("https://host.io/", "names no repository"),
            ("zz:thing", "expected a blueprint name"),
        ] {
            let err = parse(given, &abbr, |_| false).unwrap_err().to_string();
            assert!(err.contains(message), "{given}: {err}");
        }
    }
}
