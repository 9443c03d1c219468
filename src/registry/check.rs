//! What a registry says is checked before it becomes a path, a cache key or a digest.
//!
//! A directory registry's `index.json` and `meta.json` are written by whoever can write the
//! share, and a remote registry's metadata by whoever can publish to it. Names become folders
//! (`<root>/<name>/<version>`), digests become cache entries (`unpacked/<hex>`), so a name
//! `../../x` or a digest `sha256:../../x` would lead out of the registry or the cache. Every
//! name must follow the rule `jig publish` enforces for blueprints (`blueprint::validate::
//! is_name`), every version must be the one it is listed under, and every digest must be
//! `sha256:` and 64 lowercase hex digits, as jig writes them. This module only judges; it
//! reads and writes nothing.

use super::{Error, Meta};
use semver::Version;

/// What is wrong with one field of a registry entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    NotAName,
    NotAVersion(String),
    NotADigest,
    /// The field disagrees with `what` (`its key`, `its folder`...), which says `expected`.
    Differs {
        what: &'static str,
        expected: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::NotAName => f.write_str(
                "which is not a blueprint name (lowercase letters, digits, `-` and `_`)",
            ),
            Problem::NotAVersion(why) => write!(f, "which is not a version ({why})"),
            Problem::NotADigest => f.write_str(
                "which is not a digest as jig writes them (`sha256:` and 64 lowercase hex digits)",
            ),
            Problem::Differs { what, expected } => {
                write!(f, "which differs from {what} `{expected}`")
            }
        }
    }
}

/// One field of one entry that is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entry} has {field} `{value}`, {problem}")]
pub(crate) struct Bad {
    /// Which entry (`the index entry `x` 1.0.0`, a `meta.json` path).
    pub entry: String,
    pub field: &'static str,
    pub value: String,
    pub problem: Problem,
}

/// The refusal of `field` = `value` of `entry` in `registry`.
pub(crate) fn bad(
    registry: &str,
    entry: &str,
    field: &'static str,
    value: &str,
    problem: Problem,
) -> Error {
    Error::BadEntry {
        registry: registry.to_string(),
        bad: Box::new(Bad {
            entry: entry.to_string(),
            field,
            value: value.to_string(),
            problem,
        }),
    }
}

/// True for `sha256:` and 64 lowercase hex digits.
pub(crate) fn is_digest(digest: &str) -> bool {
    digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// A name read from a registry.
pub(crate) fn name(registry: &str, entry: &str, name: &str) -> Result<(), Error> {
    if crate::blueprint::validate::is_name(name) {
        Ok(())
    } else {
        Err(bad(registry, entry, "name", name, Problem::NotAName))
    }
}

/// A version key read from a registry (`1.0.0` in `index.json`, a folder name).
pub(crate) fn version(registry: &str, entry: &str, text: &str) -> Result<Version, Error> {
    Version::parse(text).map_err(|e| {
        bad(
            registry,
            entry,
            "version",
            text,
            Problem::NotAVersion(e.to_string()),
        )
    })
}

/// The metadata `meta`, listed as `name` `version` (`what` says so: `its key`, `its
/// folder`, `the one asked for`).
pub(crate) fn meta(
    registry: &str,
    entry: &str,
    what: &'static str,
    name: &str,
    version: &Version,
    meta: &Meta,
) -> Result<(), Error> {
    self::name(registry, entry, name)?;
    let differs = |expected: String| Problem::Differs { what, expected };
    if meta.name != name {
        return Err(bad(
            registry,
            entry,
            "name",
            &meta.name,
            differs(name.to_string()),
        ));
    }
    // `==` on versions compares build metadata too, as the folder name does.
    if meta.version != *version {
        let shown = meta.version.to_string();
        return Err(bad(
            registry,
            entry,
            "version",
            &shown,
            differs(version.to_string()),
        ));
    }
    paths(registry, entry, meta)
}

/// The fields of `meta` that become paths: its name and its digest.
pub(crate) fn paths(registry: &str, entry: &str, meta: &Meta) -> Result<(), Error> {
    self::name(registry, entry, &meta.name)?;
    if !is_digest(&meta.digest) {
        return Err(bad(
            registry,
            entry,
            "digest",
            &meta.digest,
            Problem::NotADigest,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, version: &str, digest: &str) -> Meta {
        Meta {
            name: name.into(),
            version: Version::parse(version).unwrap(),
            digest: digest.into(),
            description: String::new(),
            questions: Vec::new(),
            jig_version: "0".into(),
        }
    }

    #[test]
    fn names_versions_and_digests_that_would_become_paths_are_refused() {
        let good = format!("sha256:{}", "ab".repeat(32));
        let v = Version::new(1, 0, 0);
        assert!(meta("r", "e", "its key", "svc", &v, &m("svc", "1.0.0", &good)).is_ok());
        for (name, meta_name) in [
            ("svc", "../svc"),
            ("../x", "../x"),
            ("/x", "/x"),
            ("A", "A"),
        ] {
            assert!(meta("r", "e", "its key", name, &v, &m(meta_name, "1.0.0", &good)).is_err());
        }
        assert!(meta("r", "e", "its key", "svc", &v, &m("svc", "1.0.0+x", &good)).is_err());
        for digest in [
            "sha256:../../x".to_string(),
            good.to_uppercase(),
            format!("sha512:{}", "ab".repeat(32)),
            format!("{good}0"),
            "ab".repeat(32),
        ] {
            assert!(!is_digest(&digest), "{digest}");
        }
        let err = version("r", "the index entry `x` ../1", "../1").unwrap_err();
        assert!(err
            .to_string()
            .contains("has version `../1`, which is not a version"));
    }
}
