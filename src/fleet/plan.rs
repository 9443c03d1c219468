//! Splitting a fleet over the CI system a team already runs: `--shard K/N` takes a
//! deterministic share (members sorted by identity, every N-th from the K-th: the same file
//! always gives the same shards, and shards differ in size by at most one), and `jig fleet
//! plan` writes the matrix that runs every shard: a GitHub Actions matrix, or a CodeBuild
//! batch buildspec. Pure: text out.

use super::file::Member;
use super::Error;

/// One share of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = Error;

    fn from_str(given: &str) -> Result<Shard, Error> {
        let bad = || Error::Shard {
            given: given.to_string(),
        };
        let (k, n) = given.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// This shard's members (`members` sorted by identity, as a loaded fleet is).
    pub(crate) fn select(&self, members: &[Member]) -> Vec<Member> {
        members
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, m)| m.clone())
            .collect()
    }

    /// Every shard of `count`.
    pub(crate) fn all(count: usize) -> Vec<Shard> {
        (1..=count).map(|index| Shard { index, count }).collect()
    }
}

/// `strategy.matrix` for GitHub Actions: `{"shard": ["1/4", ...]}`, ready for
/// `fromJSON(needs.plan.outputs.matrix)`.
pub(crate) fn github_matrix(count: usize) -> String {
    let shards: Vec<String> = Shard::all(count).iter().map(Shard::to_string).collect();
    serde_json::json!({ "shard": shards }).to_string()
}

/// A CodeBuild batch buildspec: one build per shard (`build-matrix`), each writing its JSON
/// report as an artifact, for `jig fleet report` to merge.
pub(crate) fn codebuild_buildspec(fleet: &str, count: usize) -> String {
    let shards: Vec<String> = Shard::all(count)
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect();
    format!(
        "# Written by `jig fleet plan --format codebuild`: one build per shard of {fleet}.\n\
version: 0.2\n\
batch:\n\
\x20 fast-fail: false\n\
\x20 build-matrix:\n\
\x20   dynamic:\n\
\x20     env:\n\
\x20       variables:\n\
\x20         JIG_SHARD: [{}]\n\
phases:\n\
\x20 build:\n\
\x20   commands:\n\
\x20     - |\n\
\x20       jig fleet status {fleet} --shard \"$JIG_SHARD\" --format json --out fleet-report.json || code=$?\n\
\x20       # 10/11/12 mean behind/diverged: a finding, not a failed build.\n\
\x20       case \"${{code:-0}}\" in 0|10|11|12) ;; *) exit \"$code\" ;; esac\n\
artifacts:\n\
\x20 files:\n\
\x20   - fleet-report.json\n",
        shards.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::file::Place;

    fn members(n: usize) -> Vec<Member> {
        (0..n)
            .map(|i| Member {
                name: format!("r{i:03}"),
                id: format!("file:///srv/r{i:03}"),
                place: Place::Remote(format!("file:///srv/r{i:03}")),
                branch: None,
            })
            .collect()
    }

    #[test]
    fn shards_cover_the_fleet_once_and_evenly() {
        let all = members(10);
        let mut seen: Vec<String> = Vec::new();
        for shard in Shard::all(3) {
            let part = shard.select(&all);
            assert!((3..=4).contains(&part.len()), "{shard}: {}", part.len());
            seen.extend(part.into_iter().map(|m| m.id));
        }
        seen.sort();
        let ids: Vec<String> = all.into_iter().map(|m| m.id).collect();
        assert_eq!(seen, ids);
    }

    #[test]
    fn shard_text() {
        assert_eq!(
            "2/5".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 5 }
        );
        for bad in ["0/3", "4/3", "x/3", "3", "1/0", ""] {
            let e = bad.parse::<Shard>().unwrap_err();
            assert!(e.to_string().contains("write K/N"), "{bad}: {e}");
        }
        assert_eq!(github_matrix(3), r#"{"shard":["1/3","2/3","3/3"]}"#);
    }

    #[test]
    fn the_buildspec_is_yaml_codebuild_reads() {
        let text = codebuild_buildspec("fleet.yaml", 2);
        let doc: serde_json::Value = crate::yaml::from_str(&text).unwrap();
        assert_eq!(doc["version"], 0.2);
        assert_eq!(
            doc["batch"]["build-matrix"]["dynamic"]["env"]["variables"]["JIG_SHARD"],
            serde_json::json!(["1/2", "2/2"])
        );
        let command = doc["phases"]["build"]["commands"][0].as_str().unwrap();
        assert!(command.contains("jig fleet status fleet.yaml --shard \"$JIG_SHARD\""));
    }
}
