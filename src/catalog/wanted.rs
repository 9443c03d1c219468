//! Which published version a project moves to: its blueprint's newest, an exact version
//! (`2.0.0`), or the newest that matches a requirement (`^2`), as `jig fleet update --to`
//! takes them; with the reason when none is published.

/// Which version a project should move to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Wanted {
    /// Its blueprint's newest published version.
    #[default]
    Newest,
    /// `2.0.0`: exactly this one.
    Exact(semver::Version),
    /// `^2`: the newest published version that matches.
    Matching(semver::VersionReq),
}

impl std::str::FromStr for Wanted {
    type Err = String;
    /// An exact version (`2.0.0`) or a requirement (`^2`, `>=1.4, <2`), as `jig fleet update`
    /// takes them.
    fn from_str(text: &str) -> Result<Wanted, String> {
        if let Ok(v) = semver::Version::parse(text) {
            return Ok(Wanted::Exact(v));
        }
        semver::VersionReq::parse(text)
            .map(Wanted::Matching)
            .map_err(|e| {
                format!("`{text}` is neither a version (2.0.0) nor a requirement (^2): {e}")
            })
    }
}

impl Wanted {
    /// The version to move to among `offered`; Err says why there is none.
    pub(super) fn pick(
        &self,
        offered: &[(semver::Version, String)],
    ) -> Result<semver::Version, String> {
        let versions = || {
            let mut all: Vec<&semver::Version> = offered.iter().map(|(v, _)| v).collect();
            all.sort();
            let all: Vec<String> = all.iter().map(|v| v.to_string()).collect();
            match all.is_empty() {
                true => "none".to_string(),
                false => all.join(", "),
            }
        };
        let mut versions_of = offered.iter().map(|(v, _)| v);
        let found = match self {
            Wanted::Newest => versions_of.max(),
            Wanted::Exact(want) => versions_of.find(|v| *v == want),
            Wanted::Matching(req) => versions_of.filter(|v| req.matches(v)).max(),
        };
        found.cloned().ok_or_else(|| match self {
            Wanted::Newest => "no version of its blueprint is published".to_string(),
            Wanted::Exact(v) => format!("{v} is not published for it (published: {})", versions()),
            Wanted::Matching(r) => {
                format!(
                    "no published version matches {r} (published: {})",
                    versions()
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_the_newest_an_exact_or_the_newest_matching_version() {
        let offered: Vec<(semver::Version, String)> = ["1.0.0", "1.4.0", "2.0.0", "2.1.0"]
            .iter()
            .map(|v| (semver::Version::parse(v).unwrap(), format!("pa-{v}")))
            .collect();
        let pick = |text: &str| text.parse::<Wanted>().unwrap().pick(&offered);
        assert_eq!(Wanted::Newest.pick(&offered).unwrap().to_string(), "2.1.0");
        assert_eq!(pick("1.4.0").unwrap().to_string(), "1.4.0");
        assert_eq!(pick("^1").unwrap().to_string(), "1.4.0");
        assert_eq!(pick(">=2, <2.1").unwrap().to_string(), "2.0.0");
        assert_eq!(
            pick("3.0.0").unwrap_err(),
            "3.0.0 is not published for it (published: 1.0.0, 1.4.0, 2.0.0, 2.1.0)"
        );
        assert_eq!(
            pick("^3").unwrap_err(),
            "no published version matches ^3 (published: 1.0.0, 1.4.0, 2.0.0, 2.1.0)"
        );
        assert!("two".parse::<Wanted>().is_err());
    }
}
