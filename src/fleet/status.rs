//! `jig fleet status`: every member read from git (`snapshot`), and for each blueprint in it
//! the two axes of `jig check`: the version axis exactly as `jig check` computes it, and the
//! content axis by the same rules, with the recorded version rendered again and compared with
//! the committed blobs instead of a working tree.
//!
//! Members run in parallel on a pool of `jobs` threads; each keeps only its row once done,
//! so memory stays flat however large the fleet. A member that fails in any way is a row
//! with the reason, never the end of the run. Hooks of untrusted sources never run (the row
//! carries the warning), as in `jig check`.

use super::band;
use super::file::{Member, Place};
use super::report::{Content, LinkStatus, RepoStatus};
use super::snapshot::Snapshot;
use super::web::Site;
use crate::prompt::{AskError, Asker, Mode};
use crate::settings::Settings;
use crate::source::Resolver;
use crate::sync::check::{self, Policy};
use crate::sync::compare::{same, FileState, State};
use crate::sync::link::{self, Link};
use crate::sync::project::{self, carry, Answering, Project};
use crate::sync::Error;
use std::path::{Path, PathBuf};

/// How to look at the fleet.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    pub offline: bool,
    pub pre: bool,
    pub policy: Policy,
    /// Threads (at least one).
    pub jobs: usize,
    /// The forges, for links to the repositories' pages.
    pub hosts: Vec<super::forge::Host>,
}

/// Turns an error into the one line a row shows (the command knows how errors read).
pub(crate) type Describe<'a> = &'a (dyn Fn(Error) -> String + Sync);

/// The status of every member, in `members`' order; `done` hears of each row as it is made
/// (for a progress bar).
pub(crate) fn status(
    settings: &Settings,
    members: &[Member],
    options: &Options,
    describe: Describe,
    done: &(dyn Fn(&RepoStatus) + Sync),
) -> Vec<RepoStatus> {
    let resolver = Resolver::new(settings);
    super::each(options.jobs, members, done, |m| {
        one(settings, &resolver, m, options, describe)
    })
}

/// One member's row.
fn one(
    settings: &Settings,
    resolver: &Resolver,
    member: &Member,
    options: &Options,
    describe: Describe,
) -> RepoStatus {
    let site = match &member.place {
        Place::Remote(url) => Site::of(url, &options.hosts),
        Place::Local(_) => None,
    };
    let unreadable = |reason: String| RepoStatus {
        links: site.as_ref().map(|s| s.links(None)),
        ..RepoStatus::unreadable(&member.name, &member.id, reason)
    };
    let snapshot = match Snapshot::read(member, &resolver.cache, options.offline) {
        Ok(s) => s,
        Err(e) => return unreadable(describe(e)),
    };
    let links = match snapshot
        .answers_files()
        .and_then(|files| link::from_committed(&files))
    {
        Ok(links) if links.is_empty() => {
            return unreadable(format!(
                "no .jig/ answers file and no .cruft.json on {}",
                snapshot.branch.as_deref().unwrap_or("its default branch")
            ))
        }
        Ok(links) => links,
        Err(e) => return unreadable(describe(e)),
    };
    let dir = match &member.place {
        Place::Local(path) => path.clone(),
        Place::Remote(url) => resolver.cache.git_dir(url),
    };
    let quiet = Quiet;
    let project = project_at(
        settings,
        resolver,
        dir,
        options.pre,
        options.offline,
        &quiet,
    );
    let blueprints = links
        .iter()
        .map(|link| {
            let version = check::version_axis(&project, link, &options.policy, describe);
            let band = band::band(
                &version.current,
                version.newest.as_deref().or(version.latest.as_deref()),
            );
            let (content, warnings) = match content(&project, link, &snapshot) {
                Ok((files, warnings)) => (Content::of(files), warnings),
                Err(e) => (Content::unknown(describe(e)), Vec::new()),
            };
            LinkStatus {
                blueprint: link.record.blueprint.clone(),
                answers_file: link.file.clone(),
                source: link.record.source.clone(),
                repository: link.record.repository.clone(),
                version,
                band,
                content,
                warnings,
            }
        })
        .collect();
    let rollout = rollout_of(resolver, member, &snapshot, &links, site.as_ref());
    let mut row = RepoStatus {
        name: member.name.clone(),
        location: member.id.clone(),
        branch: snapshot.branch.clone(),
        commit: Some(snapshot.commit.clone()),
        links: site.as_ref().map(|s| s.links(Some(&snapshot.commit))),
        status: super::report::RepoState::Clean,
        reason: None,
        blueprints,
        rollout,
    };
    row.settle();
    row
}

/// The member's `jig/` branches, and the requests `jig fleet update` recorded in the mirror
/// it works in (a local clone's too: updates go through a mirror of `file://` it).
fn rollout_of(
    resolver: &Resolver,
    member: &Member,
    snapshot: &Snapshot,
    links: &[Link],
    site: Option<&Site>,
) -> Vec<super::rollout::Rollout> {
    let mirror = match &member.place {
        Place::Remote(url) => resolver.cache.git_dir(url),
        Place::Local(path) => resolver
            .cache
            .git_dir(&format!("file://{}", path.display())),
    };
    let uses: Vec<(&str, &str)> = links
        .iter()
        .map(|l| (l.record.blueprint.as_str(), l.record.version.as_str()))
        .collect();
    super::rollout::rollouts(
        &snapshot.update_branches(),
        super::rollout::recorded(&mirror),
        &uses,
        site,
    )
}

/// The content axis against the committed files: the recorded version rendered with the
/// recorded answers, each file compared with its blob (bytes and mode).
fn content(
    project: &Project,
    link: &Link,
    snapshot: &Snapshot,
) -> Result<(Vec<FileState>, Vec<String>), Error> {
    let source = project.recorded(link)?;
    let (given, _) = carry(&link.record, Path::new(&link.file), None);
    let answering = Answering {
        given,
        mode: Mode::Replay,
        asker: None,
    };
    let render = project.render(Some(link), &source, answering)?;
    let mut files = Vec::with_capacity(render.tree.files.len());
    for path in render.tree.files.keys() {
        let state = if render.create_once.contains(path) {
            State::CreateOnce
        } else {
            match snapshot.blob(path)? {
                None => State::Missing,
                Some(committed) => {
                    let rendered = render
                        .tree
                        .read(path)
                        .map_err(crate::sync::io("read", &render.tree.root.join(path)))?
                        .expect("listed in the render");
                    if same(&rendered, &committed) {
                        State::InSync
                    } else {
                        State::Modified
                    }
                }
            }
        };
        files.push(FileState {
            path: path.clone(),
            state,
        });
    }
    Ok((files, render.warnings.clone()))
}

/// A project at `dir` (a clone, a mirror, a worktree) for the fleet's checks and updates.
pub(crate) fn project_at<'a>(
    settings: &'a Settings,
    resolver: &Resolver<'a>,
    dir: PathBuf,
    pre: bool,
    offline: bool,
    feedback: &'a Quiet,
) -> Project<'a> {
    Project {
        settings,
        resolver: resolver.clone(),
        dir: dir.clone(),
        options: project::Options {
            path: dir,
            pre,
            offline,
            ..Default::default()
        },
        feedback,
        recovered: Vec::new(),
    }
}

/// Feedback for a run with no one watching each repository: rows carry what matters.
pub(crate) struct Quiet;

impl project::Feedback for Quiet {
    fn resolving(&self, _: &str) -> Box<dyn std::any::Any> {
        Box::new(())
    }
    fn rendering(&self, _: &str) -> Box<dyn std::any::Any> {
        Box::new(())
    }
    fn warn(&self, _: &str) {}
    fn alarm(&self, _: &str) {}
    fn asker(&self) -> Box<dyn Asker + '_> {
        Box::new(NoAnswers)
    }
}

/// A fleet run asks nobody: a question it would have to ask is an error in that row.
struct NoAnswers;

impl Asker for NoAnswers {
    fn ask(
        &mut self,
        _: &crate::blueprint::Question,
        _: Option<&serde_json::Value>,
        _: &mut crate::prompt::Check<'_>,
    ) -> Result<serde_json::Value, AskError> {
        Err(AskError::Io("a fleet run asks no questions".into()))
    }
}
