//! What `jig fleet status` found, as data: one row per repository, one entry per blueprint in
//! it, and the JSON CI keeps (schema `jig.fleet/v1`, documented in docs/fleet.md). Shards'
//! reports merge into one (`jig fleet report`). The aggregates every view shows (version
//! spread, counts, the files teams change most) are computed here once, so the table, the
//! HTML page and the JSON always agree. Pure: no I/O.

use super::band::Band;
use super::rollout::Rollout;
use super::web::Links;
use crate::sync::compare::{FileState, State};
use crate::sync::report::{VersionCheck, VersionStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn unknown_band() -> Band {
    Band::Unknown
}

pub(crate) const FLEET_SCHEMA: &str = "jig.fleet/v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FleetReport {
    pub schema: String,
    /// The fleet file the report is of.
    pub fleet: String,
    /// `K/N` when the report covers one shard; absent for the whole fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// When the repositories were read (UTC, RFC 3339; a merged report: its oldest shard's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    /// The jig that wrote the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jig_version: Option<String>,
    pub summary: Summary,
    pub repositories: Vec<RepoStatus>,
    /// The SageMaker projects of the fleet file's `sagemaker:` regions (absent without).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectStatus>,
    /// A region whose projects could not be read, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project_errors: Vec<String>,
}

/// One SageMaker project, as `jig catalog projects` shows it, with its region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ProjectStatus {
    pub region: String,
    pub project: String,
    pub blueprint: String,
    /// `service-catalog` or `studio-s3`.
    pub target: String,
    pub running: Option<String>,
    pub newest: Option<String>,
    pub status: String,
    pub state: crate::catalog::projects::State,
}

impl ProjectStatus {
    pub(crate) fn of(region: &str, row: &crate::catalog::projects::ProjectRow) -> ProjectStatus {
        ProjectStatus {
            region: region.to_string(),
            project: row.project.clone(),
            blueprint: row.blueprint.clone(),
            target: row.target.to_string(),
            running: row.running.clone(),
            newest: row.newest.clone(),
            status: row.status.clone(),
            state: row.state,
        }
    }
}

/// Counts over the repositories. A repository counts once in `behind`, `diverged` or
/// `behind_and_diverged` (whichever its blueprints add up to), `unreadable` when it could not
/// be read at all, `unknown` when some blueprint in it could not be checked and nothing else
/// is wrong, `pinned` when its requirement holds it below the newest release and nothing else
/// is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Summary {
    pub repositories: usize,
    pub clean: usize,
    pub behind: usize,
    pub diverged: usize,
    pub behind_and_diverged: usize,
    pub unknown: usize,
    /// Absent from reports of older jigs (read as 0).
    #[serde(default)]
    pub pinned: usize,
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
    /// Up to date with its requirement, which keeps it below the newest release.
    Pinned,
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
            RepoState::Pinned => "pinned",
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
    /// Its pages, on a forge jig knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    pub status: RepoState,
    /// Why the repository could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub blueprints: Vec<LinkStatus>,
    /// Its `jig/` update branches and their requests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rollout: Vec<Rollout>,
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
    /// The recorded version against the newest release (absent in older reports).
    #[serde(default = "unknown_band")]
    pub band: Band,
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

    /// Up to date with its requirement, and the requirement keeps it from the newest release.
    pub(crate) fn pinned(&self) -> bool {
        let newer = match (&self.version.newest, &self.version.latest) {
            (Some(n), Some(l)) => matches!(
                (semver::Version::parse(n), semver::Version::parse(l)),
                (Ok(n), Ok(l)) if n > l
            ),
            _ => false,
        };
        self.version.status == VersionStatus::UpToDate && newer
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
            links: None,
            status: RepoState::Unreadable,
            reason: Some(reason),
            blueprints: Vec::new(),
            rollout: Vec::new(),
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
            _ if any(LinkStatus::pinned) => RepoState::Pinned,
            _ => RepoState::Clean,
        };
    }
}

impl FleetReport {
    /// The report of `rows`, read at `generated_at` (RFC 3339, UTC).
    pub(crate) fn new(
        fleet: String,
        shard: Option<String>,
        generated_at: String,
        mut rows: Vec<RepoStatus>,
    ) -> Self {
        rows.sort_by(|a, b| a.location.cmp(&b.location));
        let mut report = FleetReport {
            schema: FLEET_SCHEMA.to_string(),
            fleet,
            shard,
            generated_at: Some(generated_at),
            jig_version: Some(env!("CARGO_PKG_VERSION").to_string()),
            summary: Summary::default(),
            repositories: rows,
            projects: Vec::new(),
            project_errors: Vec::new(),
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
                RepoState::Pinned => &mut s.pinned,
                RepoState::Unreadable => &mut s.unreadable,
            } += 1;
        }
        s
    }

    /// Merges shard reports into one: every repository once (a later report's row wins), the
    /// counts recomputed, the time the oldest shard's (its facts are that old; `now` when no
    /// shard says). Reports of different fleet files or schemas are refused.
    pub(crate) fn merge(reports: Vec<FleetReport>, now: String) -> Result<FleetReport, String> {
        let mut rows: BTreeMap<String, RepoStatus> = BTreeMap::new();
        let mut projects: BTreeMap<(String, String), ProjectStatus> = BTreeMap::new();
        let mut errors: Vec<String> = Vec::new();
        let mut fleet = None;
        let mut oldest: Option<(jiff::Timestamp, String)> = None;
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
            let at = r
                .generated_at
                .as_ref()
                .and_then(|t| t.parse::<jiff::Timestamp>().ok().map(|ts| (ts, t.clone())));
            if let Some((ts, text)) = at {
                if oldest.as_ref().is_none_or(|(o, _)| ts < *o) {
                    oldest = Some((ts, text));
                }
            }
            for row in r.repositories {
                rows.insert(row.location.clone(), row);
            }
            for p in r.projects {
                projects.insert((p.region.clone(), p.project.clone()), p);
            }
            errors.extend(r.project_errors);
        }
        let fleet = fleet.ok_or("no reports were given")?;
        let at = oldest.map_or(now, |(_, text)| text);
        let mut merged = FleetReport::new(fleet, None, at, rows.into_values().collect());
        merged.projects = projects.into_values().collect();
        errors.dedup();
        merged.project_errors = errors;
        Ok(merged)
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serialises")
    }

    pub(crate) fn from_json(text: &str) -> Result<FleetReport, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// What the fleet as a whole is: (some behind, some diverged, some not readable or not
    /// checkable). The command turns it into `jig check`'s exit codes; pinned repositories,
    /// like `jig check` on a pinned project, change none of them.
    pub(crate) fn outcome(&self) -> (bool, bool, bool) {
        use crate::catalog::projects::State;
        let s = &self.summary;
        let projects = |state: State| self.projects.iter().any(|p| p.state == state);
        (
            s.behind + s.behind_and_diverged > 0 || projects(State::Behind),
            s.diverged + s.behind_and_diverged > 0,
            s.unknown + s.unreadable > 0
                || projects(State::Failed)
                || projects(State::Unknown)
                || !self.project_errors.is_empty(),
        )
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
