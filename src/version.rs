//! Version requirements and the git tag schemes that carry versions. Pure: no I/O.
//!
//! A requirement is `latest`, a semver version (`1.4.2`, exact), a semver range (`^1.2`,
//! `~1.4`, `>=1.2, <2`, `1.4` which means `^1.4` as in Cargo), a commit SHA (7 to 40 hex
//! digits) or, failing all of those, a branch or tag name. Prereleases are only chosen when
//! asked for (`--pre`) or named exactly.
//!
//! Tags carry versions as `v1.2.3` or `1.2.3` (or PEP 440's `1.2`, `1.2rc1`, `1.2.post1`, which
//! Copier and Python templates use: see `pep440`); in a repository with several blueprints,
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

/// The requirement a project records once it moved to `to` (`jig update --to`), given the
/// one it recorded (`old`); `None` keeps `old`. The kind stays, as `cargo upgrade` keeps it:
/// a range that allows `to` stays as it is; one that does not gets the same operator at `to`
/// with as many parts as before (`^1` -> `^2`, `~1.4` -> `~2.0`, `1.*` -> `2.*`, bare `1.4`
/// -> `2.0`); any other range becomes `^to`; an exact version stays exact, moved to `to`;
/// `latest` stays `latest`. With `pin` the exact version is recorded, whatever `old` was.
pub(crate) fn moved(old: &str, to: &Version, pin: bool) -> Option<String> {
    let old = old.trim();
    if pin {
        return (Requirement::parse(old) != Requirement::Exact(to.clone())).then(|| to.to_string());
    }
    let parsed = Requirement::parse(old);
    match &parsed {
        Requirement::Exact(v) if v == to => None,
        Requirement::Exact(_) => {
            let prefix = if old.starts_with(['v', '=']) {
                &old[..1]
            } else {
                ""
            };
            Some(format!("{prefix}{to}"))
        }
        Requirement::Range(_) if parsed.allows(to, true) => None,
        Requirement::Range(req) => Some(same_kind(old, req, to)),
        Requirement::Latest | Requirement::Commit(_) | Requirement::Ref(_) => None,
    }
}

/// `req` (written `text`) with its one comparator moved to `to`, as precise as before.
fn same_kind(text: &str, req: &VersionReq, to: &Version) -> String {
    use semver::Op;
    let fallback = || format!("^{to}");
    let [c] = req.comparators.as_slice() else {
        return fallback();
    };
    if !to.pre.is_empty() {
        return fallback();
    }
    let mut parts = vec![to.major.to_string()];
    if c.minor.is_some() {
        parts.push(to.minor.to_string());
    }
    if c.patch.is_some() {
        parts.push(to.patch.to_string());
    }
    let version = parts.join(".");
    match c.op {
        Op::Caret if text.starts_with(|c: char| c.is_ascii_digit()) => version,
        Op::Caret => format!("^{version}"),
        Op::Tilde => format!("~{version}"),
        Op::Exact => format!("={version}"),
        Op::Wildcard => format!("{version}.*"),
        _ => fallback(),
    }
}

/// A recorded version as summaries show it: a tag's `v` left out (`v1.2.0` -> `1.2.0`, as a
/// Copier project records its tag), so it reads like the version it is compared with.
pub(crate) fn shown(text: &str) -> &str {
    match text.strip_prefix('v') {
        Some(rest) if tag_version(rest, None).is_some() => rest,
        _ => text,
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
    Version::parse(rest).ok().or_else(|| pep440(rest))
}

/// A PEP 440 version (Copier's and Python's tags: `1.0`, `2.1.0rc1`, `1.0.post2`) in semver's
/// order: missing parts are 0; `.devN`, `aN`, `bN`, `rcN` become the prereleases `0.N`, `1.N`,
/// `2.N`, `3.N` (so they sort as PEP 440 sorts them); `.postN` becomes build `post.N`, which
/// sorts after the release. Local versions (`+x`) and epochs are not taken.
pub(crate) fn pep440(text: &str) -> Option<Version> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:(?:[-_.]?(?:post|rev|r)[-_.]?(\d*))|-(\d+))?(?:[-_.]?dev[-_.]?(\d*))?$",
        )
        .expect("a valid pattern")
    });
    let lower = text.to_ascii_lowercase();
    let c = RE.captures(&lower)?;
    let num = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u64>().ok());
    let opt_num = |i: usize| c.get(i).map(|m| m.as_str().parse::<u64>().unwrap_or(0));
    let mut v = Version::new(num(1)?, num(2)?, num(3)?);
    let phase = c.get(4).map(|m| match m.as_str() {
        "a" | "alpha" => 1,
        "b" | "beta" => 2,
        _ => 3,
    });
    let post = opt_num(6).or(opt_num(7));
    let dev = c.get(8).map(|m| m.as_str().parse::<u64>().unwrap_or(0));
    let pre = match (phase, dev) {
        (Some(p), _) => Some(format!("{p}.{}", opt_num(5).unwrap_or(0))),
        (None, Some(d)) if post.is_none() => Some(format!("0.{d}")),
        _ => None,
    };
    if let Some(pre) = pre {
        v.pre = semver::Prerelease::new(&pre).ok()?;
    }
    if let Some(post) = post {
        v.build = semver::BuildMetadata::new(&format!("post.{post}")).ok()?;
    }
    Some(v)
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

    #[test]
    fn a_moved_requirement_keeps_its_kind() {
        let v = |s: &str| Version::parse(s).unwrap();
        let cases = [
            ("^1", "2.0.0", None, Some("^2")),
            ("^1", "1.4.0", None, None),
            ("^1.2", "2.3.1", None, Some("^2.3")),
            ("~1.4", "2.0.0", None, Some("~2.0")),
            ("1.4", "2.1.0", None, Some("2.1")),
            ("1.*", "2.5.0", None, Some("2.*")),
            ("=1.2", "1.3.0", None, Some("=1.3")),
            (">=1.2, <2", "2.0.0", None, Some("^2.0.0")),
            (">=1.2", "2.0.0", None, None),
            ("1.0.0", "2.0.0", None, Some("2.0.0")),
            ("v1.0.0", "2.0.0", None, Some("v2.0.0")),
            ("=1.0.0", "2.0.0", None, Some("=2.0.0")),
            ("2.0.0", "2.0.0", None, None),
            ("latest", "2.0.0", None, None),
            ("^1", "2.0.0", Some(true), Some("2.0.0")),
            ("2.0.0", "2.0.0", Some(true), None),
            ("^2", "2.1.0-rc.1", None, None),
            ("^1", "2.0.0-rc.1", None, Some("^2.0.0-rc.1")),
        ];
        for (old, to, pin, want) in cases {
            let got = moved(old, &v(to), pin.unwrap_or(false));
            assert_eq!(got.as_deref(), want, "{old} moved to {to}");
        }
    }

    #[test]
    fn pep_440_tags_sort_as_python_sorts_them() {
        let order = [
            "v1.0.dev1",
            "1.0a1",
            "1.0.0b2",
            "1.0rc1",
            "1.0",
            "1.0.post1",
            "1.0.1",
            "1.10",
            "2",
        ];
        let parsed: Vec<Version> = order
            .iter()
            .map(|t| tag_version(t, None).unwrap_or_else(|| panic!("{t}")))
            .collect();
        for (pair, names) in parsed.windows(2).zip(order.windows(2)) {
            assert!(pair[0] < pair[1], "{} < {}", names[0], names[1]);
        }
        assert_eq!(tag_version("v1.2.3", None), Some(Version::new(1, 2, 3)));
        assert_eq!(
            tag_version("1.0.0+local", None)
                .map(|v| v.to_string())
                .as_deref(),
            Some("1.0.0+local")
        );
        assert!(tag_version("release-1", None).is_none());
    }

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
        // `v1.2` is PEP 440's 1.2 (Copier's and Python's tags), so 1.2.0.
        assert_eq!(names, ["v1.0.0", "1.1.0", "v1.2"]);
        let lib = versions_from_tags(tags, Some("python-lib"));
        let names: Vec<_> = lib.iter().map(|t| t.tag.as_str()).collect();
        assert_eq!(
            names,
            ["python-lib/v2.0.0", "python-lib-v2.1.0", "python-lib/2.2.0"]
        );
        // No prefixed tags: the repository's plain versions.
        let other = versions_from_tags(tags, Some("sagemaker"));
        assert_eq!(other.len(), 3);
    }
}
