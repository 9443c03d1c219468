//! `jig fleet update`: for every repository behind the requested version, the same three-way
//! update as `jig update` (`sync::update`), run in a worktree of jig's mirror (`branch`),
//! committed on `jig/<blueprint>-<version>` from the default branch's tip, pushed, and opened
//! as a pull or merge request (`forge`) that says what changed, which migrations ran and which
//! files hold conflicts.
//!
//! Idempotent: commits are deterministic, so a second run over an unchanged repository finds
//! its branch where it would push it; an open request for the branch is refreshed, never
//! opened twice; requests for older versions of the same blueprint are closed as superseded.
//! Pinned repositories are left alone unless asked; migrations of untrusted sources never
//! run (the row says the repository needs trust). `dry_run` plans every repository and
//! touches no remote.

use super::branch::Checkout;
use super::file::{Member, Place};
use super::forge::{self, Host, Proposal};
use super::proposal::{self, RequestRow};
use super::snapshot::Snapshot;
use super::status::{project_at, Quiet};
use crate::settings::Settings;
use crate::source::Resolver;
use crate::sync::link::{self, Link};
use crate::sync::merge::ConflictStyle;
use crate::sync::report::FileOutcome;
use crate::sync::update::{self, Request};
use crate::sync::workspace::Workspace;
use crate::version::Requirement;
use serde::Serialize;

/// What the command line asks.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// `--to`: the requirement to update to (`2.0.0`, `^2`).
    pub to: String,
    /// `--blueprint`: which blueprint (needed where a repository uses several).
    pub blueprint: Option<String>,
    pub push: bool,
    pub open_pr: bool,
    pub dry_run: bool,
    /// What to do with a merge that conflicts.
    pub on_conflict: OnConflict,
    /// Move repositories pinned to an older requirement too.
    pub include_pinned: bool,
    /// `--pin`: record the exact version, not a requirement of the recorded kind.
    pub pin: bool,
    pub jobs: usize,
    /// Where each forge's API is.
    pub hosts: Vec<Host>,
    /// The run's time (RFC 3339, UTC), for the record of the requests it opens.
    pub now: String,
}

/// `--on-conflict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnConflict {
    /// Commit the conflict markers and open the request as a draft listing the files.
    Draft,
    /// Leave the repository alone and report it.
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    /// Committed (and pushed, and a request opened, as asked).
    Updated,
    /// Committed with conflict markers; the request is a draft.
    Conflicts,
    /// Conflicted, and left alone (`--on-conflict skip`).
    SkippedConflicts,
    /// `--dry-run`: what would be done.
    Planned,
    UpToDate,
    /// Its requirement does not allow the version (`--include-pinned` moves it).
    Pinned,
    /// It does not use the blueprint.
    NotUsing,
    /// The update runs migrations of a source that is not trusted.
    NeedsTrust,
    Unreadable,
    Failed,
}

/// One repository's update.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UpdateRow {
    pub name: String,
    pub location: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blueprint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `pushed`, or `unchanged` when the branch was already there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestRow>,
    /// Requests for older versions closed as superseded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileOutcome>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What can stop one repository's update; the command turns it into a line.
pub(crate) enum Failure {
    Sync(crate::sync::Error),
    Forge(forge::Error),
}

impl From<crate::sync::Error> for Failure {
    fn from(e: crate::sync::Error) -> Failure {
        Failure::Sync(e)
    }
}

impl From<forge::Error> for Failure {
    fn from(e: forge::Error) -> Failure {
        Failure::Forge(e)
    }
}

pub(crate) type Describe<'a> = &'a (dyn Fn(Failure) -> String + Sync);

/// Updates every member; rows in `members`' order, `done` told of each.
pub(crate) fn update(
    settings: &Settings,
    members: &[Member],
    options: &Options,
    describe: Describe,
    done: &(dyn Fn(&UpdateRow) + Sync),
) -> Vec<UpdateRow> {
    let resolver = Resolver::new(settings);
    super::each(options.jobs, members, done, |m| {
        let mut row = UpdateRow::new(m);
        if crate::interrupt::requested() {
            row.detail = Some("not started: the run was interrupted".into());
            return row;
        }
        if let Err(e) = one(settings, &resolver, m, options, &mut row) {
            if let Failure::Sync(crate::sync::Error::Untrusted(_)) = &e {
                row.outcome = Outcome::NeedsTrust;
            } else if row.outcome != Outcome::Unreadable {
                row.outcome = Outcome::Failed;
            }
            row.detail = Some(describe(e));
        }
        row
    })
}

impl UpdateRow {
    fn new(m: &Member) -> UpdateRow {
        UpdateRow {
            name: m.name.clone(),
            location: m.id.clone(),
            outcome: Outcome::Failed,
            blueprint: None,
            from: None,
            to: None,
            branch: None,
            commit: None,
            push: None,
            request: None,
            closed: Vec::new(),
            files: Vec::new(),
            conflicts: Vec::new(),
            migrations: Vec::new(),
            detail: None,
        }
    }
}

fn one(
    settings: &Settings,
    resolver: &Resolver,
    member: &Member,
    options: &Options,
    row: &mut UpdateRow,
) -> Result<(), Failure> {
    let (remote, url) = through_mirror(member);
    // A request that cannot be opened (no forge, no token) is known before anything is
    // committed or pushed.
    let forge = if options.open_pr {
        let host = forge::host_of(&url, &options.hosts)
            .ok_or_else(|| forge::Error::UnknownForge { url: url.clone() })?;
        Some(forge::connect(&url, &host)?)
    } else {
        None
    };
    row.outcome = Outcome::Unreadable;
    let snapshot = Snapshot::read(&remote, &resolver.cache, false)?;
    let links = link::from_committed(&snapshot.answers_files()?)?;
    row.outcome = Outcome::Failed;
    let Some(link) = choose(&links, options.blueprint.as_deref(), row) else {
        return Ok(());
    };
    let r = &link.record;
    row.blueprint = Some(r.blueprint.clone());
    row.from = Some(r.version.clone());
    let mirror_dir = resolver.cache.git_dir(&url);
    let quiet = Quiet;
    let planning = project_at(settings, resolver, mirror_dir.clone(), false, false, &quiet);
    let target = planning.target(link, Some(&options.to))?;
    let version = target.pin.version.clone();
    let to = version
        .as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| options.to.clone());
    row.to = Some(to.clone());
    let current = semver::Version::parse(&r.version).ok();
    if let (Some(cur), Some(v)) = (&current, &version) {
        if v <= cur {
            row.outcome = Outcome::UpToDate;
            return Ok(());
        }
    } else if target.pin.commit.is_some() && target.pin.commit == r.commit {
        row.outcome = Outcome::UpToDate;
        return Ok(());
    }
    if !options.include_pinned {
        if let (Some(own), Some(v)) = (planning.requirement(link, None), &version) {
            let own = Requirement::parse(&own);
            if own.is_version() && !own.allows(v, true) {
                row.outcome = Outcome::Pinned;
                row.detail = Some(format!("its requirement does not allow {v}"));
                return Ok(());
            }
        }
    }
    let branch = format!("jig/{}-{to}", r.blueprint);
    row.branch = Some(branch.clone());
    let checkout = Checkout::new(&mirror_dir, &snapshot.commit, &branch)?;
    let project = project_at(
        settings,
        resolver,
        checkout.dir().to_path_buf(),
        false,
        false,
        &quiet,
    );
    let ws = Workspace::open(checkout.dir())?;
    let request = Request {
        to: Some(options.to.clone()),
        pin: options.pin,
        pretend: options.dry_run,
        conflict: ConflictStyle::Inline,
        given: Default::default(),
        // Nobody to ask in a fleet run: new questions take their defaults.
        ask: crate::prompt::Mode::Replay,
    };
    let report = update::update(&project, &ws, link, &request, false)?;
    row.files = report.files.clone();
    row.conflicts = report.conflicts.clone();
    row.migrations = report.migrations.clone();
    let conflicted = !report.conflicts.is_empty();
    if options.dry_run {
        row.outcome = Outcome::Planned;
        return Ok(());
    }
    if conflicted && options.on_conflict == OnConflict::Skip {
        row.outcome = Outcome::SkippedConflicts;
        return Ok(());
    }
    let title = format!("Update {} {} -> {to}", r.blueprint, r.version);
    let body = proposal::body(&report, &url, &r.source);
    let commit = checkout.commit(&format!("{title}\n\n{}", proposal::commit_text(&report)))?;
    row.commit = Some(commit.to_string());
    row.outcome = if conflicted {
        Outcome::Conflicts
    } else {
        Outcome::Updated
    };
    if options.push {
        let there = snapshot.refs.refs.get(&format!("refs/heads/{branch}"));
        if there.map(String::as_str) == Some(commit.to_string().as_str()) {
            row.push = Some("unchanged");
        } else {
            match &member.place {
                // A clone on this machine takes the branch by a fetch from the mirror (git
                // does not push into a repository with a working tree).
                Place::Local(path) => super::branch::fetch_into(path, &mirror_dir, &branch)?,
                Place::Remote(_) => {
                    let mirror = snapshot.mirror().expect("read through the mirror");
                    let base = snapshot
                        .branch
                        .as_ref()
                        .map_or_else(|| "HEAD".to_string(), |b| format!("refs/heads/{b}"));
                    mirror
                        .push(&format!("+refs/heads/{branch}:refs/heads/{branch}"), &base)
                        .map_err(|e| Failure::Sync(crate::sync::Error::Source(e.into())))?;
                }
            }
            row.push = Some("pushed");
        }
    }
    if let Some(forge) = forge {
        let base = snapshot.branch.clone().unwrap_or_else(|| "main".into());
        let request_text = Proposal {
            branch: branch.clone(),
            base,
            title,
            body,
            draft: conflicted,
        };
        let (request, closed) =
            proposal::propose(forge.as_ref(), &r.blueprint, &to, &request_text)?;
        super::rollout::remember(&mirror_dir, &branch, &request, &closed, &options.now);
        row.request = Some(request);
        row.closed = closed.into_iter().map(|c| c.url).collect();
    }
    Ok(())
}

/// Every member is read through the mirror, a local clone too: its working tree is never
/// touched, and the branch reaches it by a fetch (`branch::fetch_into`).
fn through_mirror(member: &Member) -> (Member, String) {
    let url = match &member.place {
        Place::Remote(url) => url.clone(),
        Place::Local(path) => format!("file://{}", path.display()),
    };
    let remote = Member {
        place: Place::Remote(url.clone()),
        ..member.clone()
    };
    (remote, url)
}

/// The blueprints the members use and how many use each, read from their default branches
/// (for a `--to` given without `--blueprint`); members that cannot be read are left out here
/// and reported by the update itself.
pub(crate) fn blueprints_used(
    settings: &Settings,
    members: &[Member],
    jobs: usize,
) -> std::collections::BTreeMap<String, usize> {
    let resolver = Resolver::new(settings);
    let names = super::each(jobs, members, &|_| {}, |m| {
        let (remote, _) = through_mirror(m);
        Snapshot::read(&remote, &resolver.cache, false)
            .and_then(|s| link::from_committed(&s.answers_files()?))
            .map(|links| links.into_iter().map(|l| l.record.blueprint).collect())
            .unwrap_or_else(|_| Vec::new())
    });
    let mut used = std::collections::BTreeMap::new();
    for name in names.into_iter().flatten() {
        *used.entry(name).or_insert(0) += 1;
    }
    used
}

/// The link to update: the named blueprint's, or the only one.
fn choose<'a>(links: &'a [Link], name: Option<&str>, row: &mut UpdateRow) -> Option<&'a Link> {
    let known: Vec<&str> = links.iter().map(|l| l.record.blueprint.as_str()).collect();
    if links.is_empty() {
        row.outcome = Outcome::NotUsing;
        row.detail = Some("no .jig/ answers file and no .cruft.json on its default branch".into());
        return None;
    }
    match name {
        Some(n) => {
            let found = links.iter().find(|l| l.record.blueprint == n);
            if found.is_none() {
                row.outcome = Outcome::NotUsing;
                row.detail = Some(format!("it uses {}", list(&known)));
            }
            found
        }
        None if links.len() == 1 => links.first(),
        None => {
            row.detail = Some(format!(
                "it uses several blueprints ({}): pass --blueprint",
                list(&known)
            ));
            None
        }
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "no blueprint".into()
    } else {
        names.join(", ")
    }
}
