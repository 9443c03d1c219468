//! `jig check` of a project: for every link, the version axis (the recorded version against
//! the newest the requirement allows, and the newest released) and the content axis (the
//! recorded version rendered again and compared file by file), plus where the recorded
//! source still stands (provenance). A broken link is `unknown` with the reason, never the
//! end of the check.

use super::compare::{self, FileState};
use super::link::Link;
use super::project::{carry, Answering, Project, RenderedVersion};
use super::provenance::{self, Finding};
use super::report::*;
use super::Error;
use crate::prompt::Mode;
use std::collections::HashSet;

/// How far behind is fine (`--allow-patch`, `--allow-minor`, `--allow-major`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Policy {
    pub allow_patch: bool,
    pub allow_minor: bool,
    pub allow_major: bool,
}

impl Policy {
    /// Whether the lag from `cur` to `latest` is within the policy.
    pub(crate) fn allows(&self, cur: &semver::Version, latest: &semver::Version) -> bool {
        let major = latest.major != cur.major;
        let minor = !major && latest.minor != cur.minor;
        self.allow_major || (self.allow_minor && !major) || (self.allow_patch && !major && !minor)
    }
}

/// Turns an error into the one line a report shows for an `unknown` axis (the command knows
/// how errors read; the library does not).
pub(crate) type Describe<'a> = &'a dyn Fn(Error) -> String;

/// Checks every link of `project` (`links`); `whole` says whether they are all the project's
/// links, so files no link renders can be listed as unmanaged.
pub(crate) fn check(
    project: &Project,
    links: &[Link],
    whole: bool,
    policy: &Policy,
    describe: Describe,
) -> CheckReport {
    let mut report = CheckReport {
        schema: CHECK_SCHEMA,
        project: project.dir.display().to_string(),
        status: Status::Clean,
        blueprints: Vec::new(),
        unmanaged: Vec::new(),
    };
    let mut managed: HashSet<String> = HashSet::new();
    for link in links {
        let (check, render) = check_link(project, link, policy, describe);
        if let Some(render) = &render {
            managed.extend(render.tree.files.keys().cloned());
        }
        report.blueprints.push(check);
    }
    let complete = report
        .blueprints
        .iter()
        .all(|b| b.content.status != ContentStatus::Unknown);
    if whole && complete {
        report.unmanaged = compare::unmanaged(&project.dir, &managed);
    }
    report.summarize();
    report
}

/// Both axes of one link; errors become `unknown` with the message, so one broken link does
/// not hide the others.
fn check_link(
    project: &Project,
    link: &Link,
    policy: &Policy,
    describe: Describe,
) -> (BlueprintCheck, Option<RenderedVersion>) {
    let r = &link.record;
    let file = link.file.clone();
    let finding = provenance::verify(r, &file, &project.resolver, project.options.offline);
    let provenance = match finding {
        Finding::Verified(d) => Provenance {
            status: "verified",
            detail: Some(d),
        },
        Finding::NotApplicable => Provenance {
            status: "not-applicable",
            detail: None,
        },
        Finding::Changed(d) => {
            project.feedback.alarm(&d);
            Provenance {
                status: "changed",
                detail: Some(d),
            }
        }
        Finding::Unverifiable(d) => Provenance {
            status: "unverifiable",
            detail: Some(d),
        },
    };
    let (content, render) = match content_axis(project, link) {
        Ok((files, render)) => {
            let diverged = files.iter().any(|f| f.state.diverged());
            let status = if diverged {
                ContentStatus::Diverged
            } else {
                ContentStatus::InSync
            };
            (
                ContentCheck {
                    status,
                    files,
                    detail: None,
                },
                Some(render),
            )
        }
        Err(e) => {
            let detail = Some(describe(e));
            (
                ContentCheck {
                    status: ContentStatus::Unknown,
                    files: Vec::new(),
                    detail,
                },
                None,
            )
        }
    };
    let version = version_axis(project, link, policy, describe);
    let check = BlueprintCheck {
        blueprint: r.blueprint.clone(),
        answers_file: file,
        source: r.source.clone(),
        version,
        content,
        provenance,
    };
    (check, render)
}

fn content_axis(
    project: &Project,
    link: &Link,
) -> Result<(Vec<FileState>, RenderedVersion), Error> {
    let source = project.recorded(link)?;
    let file = project.dir.join(&link.file);
    let (given, _) = carry(&link.record, &file, None);
    let what = format!("{} {}", link.record.blueprint, link.record.version);
    let answering = Answering {
        given,
        mode: Mode::Replay,
        asker: None,
    };
    let render = project.render_shown(Some(link), &source, answering, &what)?;
    let files = compare::classify(&render.tree, &render.create_once, &project.dir)
        .map_err(super::io("read", &project.dir))?;
    Ok((files, render))
}

pub(crate) fn version_axis(
    project: &Project,
    link: &Link,
    policy: &Policy,
    describe: Describe,
) -> VersionCheck {
    let r = &link.record;
    let requirement = project
        .requirement(link, None)
        .unwrap_or_else(|| "latest".into());
    let mut check = VersionCheck {
        status: VersionStatus::UpToDate,
        current: r.version.clone(),
        latest: None,
        newest: None,
        requirement,
        allowed: false,
        detail: None,
    };
    let target = match project.target(link, None) {
        Ok(t) => t,
        Err(e) => {
            check.status = VersionStatus::Unknown;
            check.detail = Some(describe(e));
            return check;
        }
    };
    check.newest = target.available.iter().max().map(|v| v.to_string());
    let current = semver::Version::parse(&r.version).ok();
    match (&current, &target.pin.version) {
        (Some(cur), Some(latest)) => {
            check.latest = Some(latest.to_string());
            if latest > cur {
                check.status = VersionStatus::Behind;
                check.allowed = policy.allows(cur, latest);
            }
        }
        _ => {
            // Unversioned (a branch, a directory): behind when the content moved on; a commit
            // that changed nothing in the blueprint is not "behind".
            check.latest = target
                .pin
                .commit
                .as_deref()
                .map(|c| crate::source::git_remote::short(c).to_string())
                .or_else(|| target.pin.version.as_ref().map(|v| v.to_string()));
            if target.pin.commit.is_some() && target.pin.commit == r.commit {
                return check;
            }
            let digest = |dir: &std::path::Path| {
                crate::source::content_digest(dir, &Default::default()).ok()
            };
            // cruft records no digest: take it from the recorded commit itself.
            let recorded = if r.digest.is_empty() {
                project.recorded(link).ok().and_then(|s| digest(&s.dir))
            } else {
                Some(r.digest.clone())
            };
            if digest(&target.dir) != recorded {
                check.status = VersionStatus::Behind;
                check.allowed = policy.allow_major;
            }
        }
    }
    check
}
