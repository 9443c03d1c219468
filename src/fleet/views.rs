//! The fleet report aggregated for people, per blueprint: how many repositories are on each
//! version, how many are behind or diverged, which files teams change most often (what the
//! blueprint's authors should make a question or `create-once`), and the repository x file
//! drift matrix. The terminal table and the HTML page both draw these, so they agree with
//! each other and with the JSON they come from. Pure.

use super::band::{band, Band};
use super::report::{FleetReport, LinkStatus, RepoStatus};
use crate::sync::compare::State;
use std::collections::BTreeMap;

/// One blueprint across the fleet.
#[derive(Debug)]
pub(crate) struct BlueprintView<'a> {
    pub name: String,
    /// Repositories that use it.
    pub repositories: usize,
    pub behind: usize,
    pub diverged: usize,
    /// Up to date with a requirement that keeps them below the newest release.
    pub pinned: usize,
    /// Repositories where it could not be checked.
    pub unknown: usize,
    /// The newest version the fleet's requirements allow, and the newest released.
    pub latest: Option<String>,
    pub newest: Option<String>,
    /// Recorded version -> the repositories on it, newest version first.
    pub versions: Vec<(String, Vec<(&'a RepoStatus, &'a LinkStatus)>)>,
    /// Drifted files by how many repositories changed or deleted them, most first.
    pub hot_files: Vec<(String, usize)>,
}

impl BlueprintView<'_> {
    /// The version chart's bars, newest first: each recorded version with its repositories
    /// and band, and the newest release always among them (with no repositories when none
    /// runs it yet).
    pub(crate) fn chart(&self) -> Vec<(&str, usize, Band)> {
        let newest = self.newest.as_deref();
        let mut bars: Vec<(&str, usize, Band)> = self
            .versions
            .iter()
            .map(|(v, members)| (v.as_str(), members.len(), band(v, newest)))
            .collect();
        if let Some(n) = newest {
            if !bars.iter().any(|(v, _, _)| *v == n) {
                let at = bars
                    .iter()
                    .position(|(v, _, _)| version_order(v, n).is_lt())
                    .unwrap_or(bars.len());
                bars.insert(at, (n, 0, band(n, newest)));
            }
        }
        bars
    }

    /// The drift matrix: the repositories with drift, and each hot file's state in them.
    pub(crate) fn matrix(&self) -> Vec<(&RepoStatus, Vec<Option<State>>)> {
        let mut rows = Vec::new();
        for (_, members) in &self.versions {
            for (repo, link) in members {
                if link.content.drifted.is_empty() {
                    continue;
                }
                let cells = self
                    .hot_files
                    .iter()
                    .map(|(path, _)| {
                        link.content
                            .drifted
                            .iter()
                            .find(|f| &f.path == path)
                            .map(|f| f.state)
                    })
                    .collect();
                rows.push((*repo, cells));
            }
        }
        rows.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        rows
    }
}

/// Every blueprint the fleet uses, by name.
pub(crate) fn blueprints(report: &FleetReport) -> Vec<BlueprintView<'_>> {
    let mut by_name: BTreeMap<&str, Vec<(&RepoStatus, &LinkStatus)>> = BTreeMap::new();
    for repo in &report.repositories {
        for link in &repo.blueprints {
            by_name
                .entry(&link.blueprint)
                .or_default()
                .push((repo, link));
        }
    }
    by_name
        .into_iter()
        .map(|(name, uses)| view(name, uses))
        .collect()
}

fn view<'a>(name: &str, uses: Vec<(&'a RepoStatus, &'a LinkStatus)>) -> BlueprintView<'a> {
    let newest_of = |pick: fn(&LinkStatus) -> Option<&String>| {
        uses.iter()
            .filter_map(|(_, l)| pick(l))
            .max_by(|a, b| version_order(a, b))
            .cloned()
    };
    let latest = newest_of(|l| l.version.latest.as_ref());
    let newest = newest_of(|l| l.version.newest.as_ref().or(l.version.latest.as_ref()));
    let mut versions: BTreeMap<String, Vec<(&RepoStatus, &LinkStatus)>> = BTreeMap::new();
    let mut hot: BTreeMap<String, usize> = BTreeMap::new();
    for (repo, link) in &uses {
        versions
            .entry(link.version.current.clone())
            .or_default()
            .push((repo, link));
        for f in &link.content.drifted {
            *hot.entry(f.path.clone()).or_insert(0) += 1;
        }
    }
    let mut versions: Vec<_> = versions.into_iter().collect();
    versions.sort_by(|a, b| version_order(&b.0, &a.0));
    for (_, members) in &mut versions {
        members.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    }
    let mut hot_files: Vec<(String, usize)> = hot.into_iter().collect();
    hot_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let count = |f: fn(&LinkStatus) -> bool| uses.iter().filter(|(_, l)| f(l)).count();
    BlueprintView {
        name: name.to_string(),
        repositories: uses.len(),
        behind: count(LinkStatus::behind),
        diverged: count(LinkStatus::diverged),
        pinned: count(LinkStatus::pinned),
        unknown: count(|l| {
            l.version.status == crate::sync::report::VersionStatus::Unknown
                || l.content.status == super::report::ContentState::Unknown
        }),
        latest,
        newest,
        versions,
        hot_files,
    }
}

/// Semantic versions in order, anything else after them by text.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
        (Err(_), Ok(_)) => std::cmp::Ordering::Less,
        _ => a.cmp(b),
    }
}

/// A blueprint's state in one repository, in a few words (`behind -> 2.0.0, 3 modified`).
pub(crate) fn describe(link: &LinkStatus) -> String {
    use super::report::ContentState;
    use crate::sync::report::VersionStatus;
    let mut parts = Vec::new();
    match link.version.status {
        VersionStatus::Behind => parts.push(format!(
            "behind -> {}{}",
            link.version.latest.as_deref().unwrap_or("?"),
            if link.version.allowed {
                " (allowed)"
            } else {
                ""
            }
        )),
        VersionStatus::Unknown => parts.push(format!(
            "version unknown: {}",
            link.version.detail.as_deref().unwrap_or("")
        )),
        VersionStatus::UpToDate if link.pinned() => parts.push(format!(
            "behind: pinned {}, newest {}",
            link.version.requirement,
            link.version.newest.as_deref().unwrap_or("?")
        )),
        VersionStatus::UpToDate => {}
    }
    match link.content.status {
        ContentState::Diverged => {
            let n = |s: State| link.content.counts.get(&s).copied().unwrap_or(0);
            let mut drift = Vec::new();
            for s in [State::Modified, State::Missing] {
                if n(s) > 0 {
                    drift.push(format!("{} {}", n(s), s.name()));
                }
            }
            parts.push(drift.join(", "));
        }
        ContentState::Unknown => parts.push(format!(
            "content unknown: {}",
            link.content.detail.as_deref().unwrap_or("")
        )),
        ContentState::InSync => {}
    }
    if parts.is_empty() {
        "clean".to_string()
    } else {
        parts.join("; ")
    }
}

/// One update branch across the fleet: how many repositories have it and where it stands.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RolloutView {
    pub branch: String,
    pub repositories: usize,
    pub landed: usize,
    pub pending: usize,
    pub gone: usize,
    /// Requests as `jig fleet update` recorded them.
    pub open: usize,
    pub closed: usize,
}

/// Every `jig/` branch of the fleet, by name.
pub(crate) fn rollouts(report: &FleetReport) -> Vec<RolloutView> {
    use super::rollout::{BranchState, RequestState};
    let mut by_branch: BTreeMap<&str, RolloutView> = BTreeMap::new();
    for r in report.repositories.iter().flat_map(|r| &r.rollout) {
        let v = by_branch.entry(&r.branch).or_insert_with(|| RolloutView {
            branch: r.branch.clone(),
            ..RolloutView::default()
        });
        v.repositories += 1;
        *match r.state {
            BranchState::Landed => &mut v.landed,
            BranchState::Pending => &mut v.pending,
            BranchState::Gone => &mut v.gone,
        } += 1;
        match r.request.as_ref().map(|q| q.state) {
            Some(RequestState::Open) => v.open += 1,
            Some(RequestState::Closed) => v.closed += 1,
            None => {}
        }
    }
    by_branch.into_values().collect()
}
