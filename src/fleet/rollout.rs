//! Where a rollout stands in one repository: its `jig/<blueprint>-<version>` branches (as the
//! remote lists them, which `status` reads anyway), whether the default branch has taken the
//! version since (landed), and the pull request `jig fleet update` opened for each, as it
//! recorded it in jig's cached mirror of the repository (`jig-fleet-requests.json`). All of
//! it is known without a forge call; what people did to a request afterwards (merged it,
//! closed it) is the forge's to say, and the report names the time of the record. Pure
//! apart from reading and writing that record.

use super::web::Site;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The record's file name, in the mirror's git directory.
const RECORD: &str = "jig-fleet-requests.json";

/// One update branch of one repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Rollout {
    pub branch: String,
    /// The blueprint and version the branch moves to, when its name says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blueprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub state: BranchState,
    /// The branch's tip, while it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The branch's page on the forge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RecordedRequest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum BranchState {
    /// The branch is there; the default branch is not on its version yet.
    Pending,
    /// The default branch records the branch's version, or a newer one.
    Landed,
    /// Neither: the branch was deleted (a superseded request's, say).
    Gone,
}

impl BranchState {
    pub(crate) fn name(self) -> &'static str {
        match self {
            BranchState::Pending => "pending",
            BranchState::Landed => "landed",
            BranchState::Gone => "gone",
        }
    }
}

/// A request as `jig fleet update` left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RecordedRequest {
    pub id: String,
    pub url: String,
    pub draft: bool,
    /// `open` when jig opened or refreshed it, `closed` when jig closed it as superseded.
    pub state: RequestState,
    /// When jig did so (UTC, RFC 3339).
    pub recorded_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RequestState {
    Open,
    Closed,
}

impl RequestState {
    pub(crate) fn name(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::Closed => "closed",
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    /// Branch -> its request.
    requests: BTreeMap<String, RecordedRequest>,
}

/// The requests recorded in the mirror at `git_dir` (none when nothing was recorded, or the
/// record cannot be read: it is a convenience, the forge has the truth).
pub(crate) fn recorded(git_dir: &Path) -> BTreeMap<String, RecordedRequest> {
    std::fs::read(git_dir.join(RECORD))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
        .map(|r| r.requests)
        .unwrap_or_default()
}

/// Records `requests` (branch -> request) in the mirror at `git_dir`, over what was there.
/// The caller holds the mirror's fleet lock.
pub(crate) fn record(
    git_dir: &Path,
    requests: impl IntoIterator<Item = (String, RecordedRequest)>,
) -> std::io::Result<()> {
    let mut record = Record {
        requests: recorded(git_dir),
    };
    record.requests.extend(requests);
    let text = serde_json::to_string_pretty(&record).map_err(std::io::Error::other)?;
    crate::journal::replace_file(&git_dir.join(RECORD), text.as_bytes())
}

/// Records the request opened or refreshed, and those closed, in the mirror, for `jig fleet
/// status` to show (`rollout`). The checkout still holds the mirror's lock. A record that
/// cannot be written costs only that: the forge has the requests.
pub(crate) fn remember(
    mirror: &Path,
    branch: &str,
    request: &super::proposal::RequestRow,
    closed: &[super::forge::Request],
    now: &str,
) {
    let entry = |id: &str, url: &str, draft: bool, state| RecordedRequest {
        id: id.to_string(),
        url: url.to_string(),
        draft,
        state,
        recorded_at: now.to_string(),
    };
    let mut requests = vec![(
        branch.to_string(),
        entry(&request.id, &request.url, request.draft, RequestState::Open),
    )];
    requests.extend(closed.iter().map(|c| {
        (
            c.branch.clone(),
            entry(&c.id, &c.url, c.draft, RequestState::Closed),
        )
    }));
    let _ = record(mirror, requests);
}

/// A repository's rollouts: every `jig/` branch it has (`(name, tip)`), and every branch a
/// request was recorded for; `uses` is each blueprint and its recorded version there.
pub(crate) fn rollouts(
    branches: &[(String, String)],
    mut requests: BTreeMap<String, RecordedRequest>,
    uses: &[(&str, &str)],
    site: Option<&Site>,
) -> Vec<Rollout> {
    let mut names: Vec<&str> = branches.iter().map(|(b, _)| b.as_str()).collect();
    names.extend(requests.keys().map(String::as_str));
    names.sort_unstable();
    names.dedup();
    let names: Vec<String> = names.into_iter().map(str::to_string).collect();
    names
        .into_iter()
        .map(|branch| {
            let commit = branches
                .iter()
                .find(|(b, _)| *b == branch)
                .map(|(_, c)| c.clone());
            let target = parse(&branch, uses);
            let landed = target.is_some_and(|(name, version)| {
                uses.iter().any(|(b, current)| {
                    *b == name
                        && matches!(
                            (semver::Version::parse(current), semver::Version::parse(version)),
                            (Ok(c), Ok(v)) if c >= v
                        )
                })
            });
            let state = match (landed, &commit) {
                (true, _) => BranchState::Landed,
                (false, Some(_)) => BranchState::Pending,
                (false, None) => BranchState::Gone,
            };
            Rollout {
                link: commit
                    .as_ref()
                    .and_then(|_| site.map(|s| s.branch(&branch))),
                blueprint: target.map(|(b, _)| b.to_string()),
                version: target.map(|(_, v)| v.to_string()),
                request: requests.remove(&branch),
                branch,
                state,
                commit,
            }
        })
        .collect()
}

/// `(blueprint, version)` of `jig/<blueprint>-<version>`, for a blueprint the repository uses
/// (the longest name that fits: names have dashes too).
fn parse<'a>(branch: &'a str, uses: &[(&'a str, &str)]) -> Option<(&'a str, &'a str)> {
    let rest = branch.strip_prefix("jig/")?;
    uses.iter()
        .filter_map(|(name, _)| {
            let version = rest.strip_prefix(name)?.strip_prefix('-')?;
            (!version.is_empty()).then_some((*name, version))
        })
        .max_by_key(|(name, _)| name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_are_pending_landed_or_gone() {
        let uses = [("team-py", "2.0.0"), ("team", "1.0.0")];
        let branches = vec![
            ("jig/team-py-2.0.0".to_string(), "aaa".to_string()),
            ("jig/team-2.0.0".to_string(), "bbb".to_string()),
        ];
        let mut requests = BTreeMap::new();
        requests.insert(
            "jig/team-py-1.1.0".to_string(),
            RecordedRequest {
                id: "3".into(),
                url: "u".into(),
                draft: false,
                state: RequestState::Closed,
                recorded_at: "t".into(),
            },
        );
        let got = rollouts(&branches, requests, &uses, None);
        let summary: Vec<(&str, Option<&str>, BranchState)> = got
            .iter()
            .map(|r| (r.branch.as_str(), r.blueprint.as_deref(), r.state))
            .collect();
        assert_eq!(
            summary,
            [
                ("jig/team-2.0.0", Some("team"), BranchState::Pending),
                ("jig/team-py-1.1.0", Some("team-py"), BranchState::Landed),
                ("jig/team-py-2.0.0", Some("team-py"), BranchState::Landed),
            ]
        );
        assert_eq!(got[1].request.as_ref().map(|r| r.id.as_str()), Some("3"));
        assert_eq!(got[1].commit, None);
    }
}
