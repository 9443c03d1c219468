//! Version requirements and the git tag schemes that carry versions. Pure: no I/O.
//!
//! A requirement is `latest`, a semver version (`1.4.2`, exact), a semver range (`^1.2`,
//! `~1.4`, `>=1.2, <2`, `1.4` which means `^1.4` as in Cargo), a commit SHA (7 to 40 hex
//! digits) or, failing all of those, a branch or tag name. Prereleases are only chosen when
//! asked for (`--pre`) or named exactly.
//!
//! Tags carry versions as `v1.2.3` or `1.2.3`; in a repository with several blueprints,
//! `<name>/v1.2.3`, `<name>/1.2.3` or `<name>-v1.2.3`, where `<name>` is the blueprint's
//! directory name. A blueprint with no prefixed tags uses the repository's plain ones.

use semver::{Version, VersionReq};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Requirement {
    Latest,
    Exact(Version),
    Range(VersionReq),
    Commit(String),
    /// A branch or tag, by name.
    Ref(String),
}

impl Requirement {
    pub(crate) fn parse(text: &str) -> Requirement {
        let text = text.trim();
        if text.is_empty() || text == "latest" || text == "*" {
            return Requirement::Latest;
        }
        let bare = text.strip_prefix(['v', '=']).unwrap_or(text);
        if let Ok(v) = Version::parse(bare) {
            return Requirement::Exact(v);
        }
        if (7..=40).contains(&text.len()) && text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Requirement::Commit(text.to_ascii_lowercase());
        }
        if text.starts_with(|c: char| c.is_ascii_digit() || "^~<>=".contains(c)) {
            if let Ok(req) = VersionReq::parse(text) {
                return Requirement::Range(req);
            }
        }
        Requirement::Ref(text.to_string())
    }

    /// True when the requirement selects among versions (rather than naming a ref or commit).
    pub(crate) fn is_version(&self) -> bool {
        matches!(
            self,
            Requirement::Latest | Requirement::Exact(_) | Requirement::Range(_)
        )
    }

    /// Whether `v` satisfies the requirement; prereleases need `pre` unless named exactly.
    pub(crate) fn allows(&self, v: &Version, pre: bool) -> bool {
        let release = Version::new(v.major, v.minor, v.patch);
        match self {
            Requirement::Exact(want) => want == v,
            _ if !v.pre.is_empty() && !pre => false,
            Requirement::Latest => true,
            Requirement::Range(req) => {
                req.matches(v) || (!v.pre.is_empty() && req.matches(&release))
            }
            Requirement::Commit(_) | Requirement::Ref(_) => false,
        }
    }

    /// The newest of `versions` that the requirement allows.
    pub(crate) fn best<'a, T>(
        &self,
        versions: &'a [T],
        pre: bool,
        version: impl Fn(&T) -> &Version,
    ) -> Option<&'a T> {
        versions
            .iter()
            .filter(|t| self.allows(version(t), pre))
            .max_by(|a, b| version(a).cmp(version(b)))
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Latest => f.write_str("latest"),
            Requirement::Exact(v) => write!(f, "={v}"),
            Requirement::Range(r) => write!(f, "{r}"),
            Requirement::Commit(c) => write!(f, "commit {c}"),
            Requirement::Ref(r) => f.write_str(r),
        }
    }
}

/// A tag that carries a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagVersion {
    /// The tag's short name (`v1.2.3`, `python-lib/v1.2.3`).
    pub tag: String,
    pub version: Version,
}

/// The version a tag carries for blueprint `name` (`None`: the plain scheme).
pub(crate) fn tag_version(tag: &str, name: Option<&str>) -> Option<Version> {
    let rest = match name {
        Some(name) => {
            let rest = tag.strip_prefix(name)?;
            rest.strip_prefix("/v")
                .or_else(|| rest.strip_prefix('/'))
                .or_else(|| rest.strip_prefix("-v"))?
        }
        None => tag.strip_prefix('v').unwrap_or(tag),
    };
    Version::parse(rest).ok()
}

/// The versions among `tags` (short names) for blueprint `name`: its prefixed tags when it
/// has any, else the plain ones. Sorted oldest first; with two tags for one version
/// (`v1.0.0` and `1.0.0`) the `v` one is kept.
pub(crate) fn versions_from_tags<'a>(
    tags: impl IntoIterator<Item = &'a str> + Clone,
    name: Option<&str>,
) -> Vec<TagVersion> {
    let collect = |name: Option<&str>| {
        let mut found: Vec<TagVersion> = tags
            .clone()
            .into_iter()
            .filter_map(|tag| {
                tag_version(tag, name).map(|version| TagVersion {
                    tag: tag.to_string(),
                    version,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            a.version
                .cmp(&b.version)
                .then_with(|| has_v(&b.tag).cmp(&has_v(&a.tag)))
        });
        found.dedup_by(|later, earlier| later.version == earlier.version);
        found
    };
    match name {
        Some(name) => {
            let prefixed = collect(Some(name));
            if prefixed.is_empty() {
                collect(None)
            } else {
                prefixed
            }
        }
        None => collect(None),
    }
}

fn has_v(tag: &str) -> bool {
    tag.rsplit(['/', '-'])
        .next()
        .unwrap_or(tag)
        .starts_with('v')
        || tag.starts_with('v')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn requirements_parse() {
        use Requirement::*;
        assert_eq!(Requirement::parse("latest"), Latest);
        assert_eq!(Requirement::parse("1.4.2"), Exact(v("1.4.2")));
        assert_eq!(Requirement::parse("v1.4.2"), Exact(v("1.4.2")));
        assert_eq!(
            Requirement::parse("^1.2"),
            Range(VersionReq::parse("^1.2").unwrap())
        );
        assert_eq!(
            Requirement::parse("~1.4"),
            Range(VersionReq::parse("~1.4").unwrap())
        );
        assert_eq!(
            Requirement::parse("1.4"),
            Range(VersionReq::parse("^1.4").unwrap())
        );
        assert_eq!(Requirement::parse("0a1b2c3d"), Commit("0a1b2c3d".into()));
        assert_eq!(Requirement::parse("main"), Ref("main".into()));
        assert_eq!(Requirement::parse("feature/x"), Ref("feature/x".into()));
        assert_eq!(
            Requirement::parse("python-lib/v1.0.0"),
            Ref("python-lib/v1.0.0".into())
        );
    }

    #[test]
    fn ranges_and_prereleases() {
        let versions: Vec<Version> = [
            "1.0.0",
            "1.2.0",
            "1.4.1",
            "1.5.0-rc.1",
            "2.0.0-beta.1",
            "2.0.0",
        ]
        .iter()
        .map(|s| v(s))
        .collect();
        let best = |req: &str, pre: bool| {
            Requirement::parse(req)
                .best(&versions, pre, |x| x)
                .map(|x| x.to_string())
        };
        assert_eq!(best("latest", false).as_deref(), Some("2.0.0"));
        assert_eq!(best("^1.2", false).as_deref(), Some("1.4.1"));
        assert_eq!(best("^1.2", true).as_deref(), Some("1.5.0-rc.1"));
        assert_eq!(best("~1.4", true).as_deref(), Some("1.4.1"));
        assert_eq!(best("1.5.0-rc.1", false).as_deref(), Some("1.5.0-rc.1"));
        assert_eq!(best("^3", false), None);
        assert_eq!(best("<2", true).as_deref(), Some("1.5.0-rc.1"));
    }

    #[test]
    fn tag_schemes() {
        let tags = [
            "v1.0.0",
            "1.0.0",
            "1.1.0",
            "python-lib/v2.0.0",
            "python-lib-v2.1.0",
            "python-lib/2.2.0",
            "ds-project/v0.1.0",
            "nightly",
            "v1.2",
            "python-library/v9.0.0",
        ];
        let plain = versions_from_tags(tags, None);
        let names: Vec<_> = plain.iter().map(|t| t.tag.as_str()).collect();
        assert_eq!(names, ["v1.0.0", "1.1.0"]);
        let lib = versions_from_tags(tags, Some("python-lib"));
        let names: Vec<_> = lib.iter().map(|t| t.tag.as_str()).collect();
        assert_eq!(
            names,
            ["python-lib/v2.0.0", "python-lib-v2.1.0", "python-lib/2.2.0"]
        );
        // No prefixed tags: the repository's plain versions.
        let other = versions_from_tags(tags, Some("sagemaker"));
        assert_eq!(other.len(), 2);
    }
}
