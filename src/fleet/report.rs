//! What `jig fleet status` found, as data: one row per repository, one entry per blueprint in
//! it, and the JSON CI keeps (schema `jig.fleet/v1`, documented in docs/fleet.md). Shards'
//! reports merge into one (`jig fleet report`). The aggregates every view shows (version
//! spread, counts, the files teams change most) are computed here once, so the table, the
//! HTML page and the JSON always agree. Pure: no I/O.

use crate::sync::compare::{FileState, State};
use crate::sync::report::{VersionCheck, VersionStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) const FLEET_SCHEMA: &str = "jig.fleet/v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FleetReport {
    pub schema: String,
    /// The fleet file the report is of.
    pub fleet: String,
    /// `K/N` when the report covers one shard; absent for the whole fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub summary: Summary,
    pub repositories: Vec<RepoStatus>,
}

/// Counts over the repositories. A repository counts once in `behind`, `diverged` or
/// `behind_and_diverged` (whichever its blueprints add up to), `unreadable` when it could not
/// be read at all, `unknown` when some blueprint in it could not be checked and nothing else
/// is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Summary {
    pub repositories: usize,
    pub clean: usize,
    pub behind: usize,
    pub diverged: usize,
    pub behind_and_diverged: usize,
    pub unknown: usize,
    pub unreadable: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RepoState {
    Clean,
    Behind,
    Diverged,
    BehindAndDiverged,
    /// Readable, but some blueprint could not be checked (the entry says why).
    Unknown,
    /// Could not be read: gone, no access, no answers file.
    Unreadable,
}

impl RepoState {
    pub(crate) fn name(self) -> &'static str {
        match self {
            RepoState::Clean => "clean",
            RepoState::Behind => "behind",
            RepoState::Diverged => "diverged",
            RepoState::BehindAndDiverged => "behind-and-diverged",
            RepoState::Unknown => "unknown",
            RepoState::Unreadable => "unreadable",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RepoStatus {
    pub name: String,
    /// The URL or path (the repository's identity).
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub status: RepoState,
    /// Why the repository could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub blueprints: Vec<LinkStatus>,
}

/// One blueprint in one repository.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LinkStatus {
    pub blueprint: String,
    pub answers_file: String,
    pub source: String,
    /// Which of the blueprint's repositories this is, for multi-repository blueprints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub version: VersionCheck,
    pub content: Content,
    /// What the check could not do fully (a hook it did not run, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ContentState {
    InSync,
    Diverged,
    Unknown,
}

/// The content axis, kept small: counts per state, and the files that drifted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Content {
    pub status: ContentState,
    /// Files per state (`in-sync`, `modified`, `missing`, `create-once`).
    pub counts: BTreeMap<State, usize>,
    /// The modified and missing files.
    pub drifted: Vec<FileState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Content {
    pub(crate) fn of(files: Vec<FileState>) -> Content {
        let mut counts = BTreeMap::new();
        for f in &files {
            *counts.entry(f.state).or_insert(0) += 1;
        }
        let drifted: Vec<FileState> = files.into_iter().filter(|f| f.state.diverged()).collect();
        Content {
            status: if drifted.is_empty() {
                ContentState::InSync
            } else {
                ContentState::Diverged
            },
            counts,
            drifted,
            detail: None,
        }
    }

    pub(crate) fn unknown(detail: String) -> Content {
        Content {
            status: ContentState::Unknown,
            counts: BTreeMap::new(),
            drifted: Vec::new(),
            detail: Some(detail),
        }
    }
}

impl LinkStatus {
    pub(crate) fn behind(&self) -> bool {
        self.version.status == VersionStatus::Behind && !self.version.allowed
    }

    pub(crate) fn diverged(&self) -> bool {
        self.content.status == ContentState::Diverged
    }

    fn unknown(&self) -> bool {
        self.version.status == VersionStatus::Unknown
            || self.content.status == ContentState::Unknown
    }
}

impl RepoStatus {
    /// A repository that could not be read.
    pub(crate) fn unreadable(name: &str, location: &str, reason: String) -> RepoStatus {
        RepoStatus {
            name: name.to_string(),
            location: location.to_string(),
            branch: None,
            commit: None,
            status: RepoState::Unreadable,
            reason: Some(reason),
            blueprints: Vec::new(),
        }
    }

    /// The state its blueprints add up to.
    pub(crate) fn settle(&mut self) {
        if self.status == RepoState::Unreadable {
            return;
        }
        let any = |f: fn(&LinkStatus) -> bool| self.blueprints.iter().any(f);
        self.status = match (any(LinkStatus::behind), any(LinkStatus::diverged)) {
            (true, true) => RepoState::BehindAndDiverged,
            (true, false) => RepoState::Behind,
            (false, true) => RepoState::Diverged,
            _ if any(LinkStatus::unknown) => RepoState::Unknown,
            _ => RepoState::Clean,
        };
    }
}

impl FleetReport {
    pub(crate) fn new(fleet: String, shard: Option<String>, mut rows: Vec<RepoStatus>) -> Self {
        rows.sort_by(|a, b| a.location.cmp(&b.location));
        let mut report = FleetReport {
            schema: FLEET_SCHEMA.to_string(),
            fleet,
            shard,
            summary: Summary::default(),
            repositories: rows,
        };
        report.summary = report.count();
        report
    }

    fn count(&self) -> Summary {
        let mut s = Summary {
            repositories: self.repositories.len(),
            ..Summary::default()
        };
        for r in &self.repositories {
            *match r.status {
                RepoState::Clean => &mut s.clean,
                RepoState::Behind => &mut s.behind,
                RepoState::Diverged => &mut s.diverged,
                RepoState::BehindAndDiverged => &mut s.behind_and_diverged,
                RepoState::Unknown => &mut s.unknown,
                RepoState::Unreadable => &mut s.unreadable,
            } += 1;
        }
        s
    }

    /// Merges shard reports into one: every repository once (a later report's row wins), the
    /// counts recomputed. Reports of different fleet files or schemas are refused.
    pub(crate) fn merge(reports: Vec<FleetReport>) -> Result<FleetReport, String> {
        let mut rows: BTreeMap<String, RepoStatus> = BTreeMap::new();
        let mut fleet = None;
        for r in reports {
            if r.schema != FLEET_SCHEMA {
                return Err(format!(
                    "a report has schema `{}`; this jig reads `{FLEET_SCHEMA}`",
                    r.schema
                ));
            }
            match &fleet {
                None => fleet = Some(r.fleet.clone()),
                Some(f) if *f != r.fleet => {
                    return Err(format!(
                        "the reports are of different fleets: {f} and {}",
                        r.fleet
                    ))
                }
                Some(_) => {}
            }
            for row in r.repositories {
                rows.insert(row.location.clone(), row);
            }
        }
        let fleet = fleet.ok_or("no reports were given")?;
        Ok(FleetReport::new(fleet, None, rows.into_values().collect()))
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serialises")
    }

    pub(crate) fn from_json(text: &str) -> Result<FleetReport, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// What the fleet as a whole is: (some behind, some diverged, some not readable or not
    /// checkable). The command turns it into `jig check`'s exit codes.
    pub(crate) fn outcome(&self) -> (bool, bool, bool) {
        let s = &self.summary;
        (
            s.behind + s.behind_and_diverged > 0,
            s.diverged + s.behind_and_diverged > 0,
            s.unknown + s.unreadable > 0,
        )
    }
}
