//! Trust keys: the one spelling of a source that `trusted:` entries are compared with.
//!
//! Hooks, migrations and template extensions run only for trusted sources, so a source must be
//! trusted for where it really is, never for how it was typed. `file:///srv/git/acme/../evil`,
//! `.../acme/%2e%2e/evil` and a symlink inside a trusted folder all lead elsewhere; comparing
//! the text as typed would trust them. Both sides of the comparison go through `normalise`:
//! local paths (plain or `file://`) percent-decoded until nothing changes, `.` and `..`
//! resolved and symlinks resolved when they exist; remote URLs and scp-like addresses spelled
//! as the host, port and path git connects to (`remote`), or refused as ambiguous where
//! parsers could read one text as two places. This module is pure apart from that one
//! `canonicalize`.

mod remote;

use std::path::{Component, Path, PathBuf};

/// A source spelled so that git and a reader (or two parsers) could take it for two places:
/// it matches no `trusted:` entry, and jig does not fetch it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{why}")]
pub(crate) struct Ambiguous {
    pub why: String,
}

/// Code a source would run (hooks, migrations, a template's Jinja extensions) that the user
/// has not trusted: the refusal, with what would run and the key a `trusted:` entry needs.
#[derive(Debug, thiserror::Error)]
#[error("the blueprint at {given} has {}, and it is not trusted", if *extensions { "Jinja extensions written in Python" } else { "hooks" })]
pub(crate) struct Untrusted {
    /// The source as the user gave it (never the cache checkout it was read from).
    pub given: String,
    /// What a `trusted:` entry must cover (`normalise` of the source).
    pub trust_key: String,
    /// What would run (hooks, migrations, extension modules).
    pub would_run: Vec<String>,
    /// Template code that rendering needs (so `--no-hooks` cannot skip it).
    pub extensions: bool,
}

/// The one trust decision: a first-party source, `--trust`, or a `trusted:` entry (`entries`,
/// `~` expanded) that covers the source's key.
pub(crate) fn decide(first_party: bool, flag: bool, entries: &[String], key: &str) -> bool {
    first_party || flag || entries.iter().any(|entry| covers(entry, key))
}

/// Sources named by kind rather than by place; compared as written.
const OPAQUE_PREFIXES: &[&str] = &["registry:", "builtin:", "sc:"];

/// The trust key of a source or a `trusted:` entry (`~` already expanded).
pub(crate) fn normalise(key: &str) -> Result<String, Ambiguous> {
    if OPAQUE_PREFIXES.iter().any(|p| key.starts_with(p)) {
        return Ok(key.to_string());
    }
    if let Some((scheme, rest)) = key.split_once("://") {
        if scheme.eq_ignore_ascii_case("file") {
            let path = &rest[rest.find('/').unwrap_or(rest.len())..];
            return Ok(local(&decode(path)));
        }
        return remote::url(scheme, rest);
    }
    if let Some((head, path)) = scp_like(key) {
        return remote::scp(head, path);
    }
    Ok(local(key))
}

/// True when `entry` (from `trusted:`) covers `key` (a source's trust key). An entry ending in
/// `/` covers everything below it, at path-segment boundaries; any other entry only itself.
/// An ambiguous spelling on either side covers nothing.
pub(crate) fn covers(entry: &str, key: &str) -> bool {
    let below = entry.ends_with('/');
    let (Ok(key), Ok(entry)) = (normalise(key), normalise(entry)) else {
        return false;
    };
    if key == entry {
        return true;
    }
    below && {
        let base = entry.trim_end_matches('/');
        key.strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// `git@host:path` (git's scp-like syntax): the host part and the path.
fn scp_like(key: &str) -> Option<(&str, &str)> {
    let (host, path) = key.split_once(':')?;
    let plain_host = !host.is_empty() && !host.contains('/') && host.len() > 1;
    plain_host.then_some((host, path))
}

/// `%XX` decoded until nothing changes (local paths) (`%252e` is `%2e` is `.`); bytes that are not UTF-8
/// are kept as replacement characters, which match no trusted entry.
fn decode(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..8 {
        let next = percent_encoding::percent_decode_str(&current)
            .decode_utf8_lossy()
            .into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// A `/`-separated path with `.` dropped, `..` applied and repeated slashes collapsed. In an
/// absolute path `..` stops at the root, as URL resolution does; in a relative one it is kept.
fn dot_segments(path: &str, absolute: bool) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A local path made absolute, with its symlinks resolved when it exists (lexically
/// normalised otherwise).
fn local(path: &str) -> String {
    let path = Path::new(path);
    if let Ok(real) = std::fs::canonicalize(path) {
        return real.to_string_lossy().into_owned();
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::from("/");
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => out.push(name),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_and_encodings_cannot_climb_out_of_a_trusted_prefix() {
        let entry = "file:///srv/git/acme/";
        assert!(covers(entry, "file:///srv/git/acme/blueprints"));
        assert!(!covers(entry, "file:///srv/git/acme/../evil"));
        assert!(!covers(entry, "file:///srv/git/acme/%2e%2e/evil"));
        assert!(!covers(entry, "file:///srv/git/acme/%252E%252E/evil"));
        assert!(!covers(entry, "file:///srv/git/acme-evil"));
        let https = "https://github.com/acme/";
        assert!(covers(https, "https://GitHub.com/acme/x"));
        assert!(covers(https, "https://github.com//acme/./x"));
        assert!(!covers(https, "https://github.com/acme/../evil/x"));
        assert!(!covers(https, "https://github.com/acme%2f..%2fevil/x"));
        assert!(!covers(https, "https://github.com/evil?/../acme/x"));
    }

    #[test]
    fn entries_without_a_slash_cover_only_themselves() {
        let entry = "https://git.acme.io/platform/blueprints.git";
        assert!(covers(entry, "https://git.acme.io/platform/blueprints.git"));
        assert!(!covers(
            entry,
            "https://git.acme.io/platform/blueprints.git/../x"
        ));
        assert!(!covers(
            entry,
            "https://git.acme.io/platform/blueprints.gitx"
        ));
    }

    #[test]
    fn scp_like_urls_and_opaque_keys() {
        assert!(covers("git@github.com:acme/", "git@github.com:acme/x.git"));
        assert!(!covers(
            "git@github.com:acme/",
            "git@github.com:acme/../evil.git"
        ));
        assert!(covers("registry:team", "registry:team"));
        assert!(!covers("registry:team", "registry:team2"));
    }

    #[test]
    fn local_paths_are_resolved_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let trusted = dir.path().join("trusted");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(trusted.join("bp")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, trusted.join("link")).unwrap();
        let entry = format!("{}/", trusted.display());
        assert!(covers(&entry, &trusted.join("bp").display().to_string()));
        assert!(!covers(&entry, &trusted.join("link").display().to_string()));
        assert!(!covers(
            &entry,
            &format!("{}/bp/../../outside", trusted.display())
        ));
        let as_url = format!("file://{}", trusted.join("bp").display());
        assert!(covers(&entry, &as_url));
    }
}
