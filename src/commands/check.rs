//! `jig check`: the version axis and the content axis of every blueprint a project uses,
//! as a table, JSON, SARIF or GitHub annotations, with an exit code CI can branch on.

use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{self, Error};
use crate::prompt::Mode;
use crate::settings::Settings;
use crate::sync::compare::{self, FileState, State};
use crate::sync::link::Link;
use crate::sync::project::{carry, Answering, Project, Rendered};
use crate::sync::provenance::{self, Finding};
use crate::sync::report::*;
use crate::ui::Ui;
use std::collections::HashSet;

pub fn run(args: &CheckArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    let project = Project::open(&settings, args.project.options(), ui)?;
    for recovered in &project.recovered {
        ui.warn(&recovered.describe());
    }
    let links = project.links()?;
    let mut report = CheckReport {
        schema: CHECK_SCHEMA,
        project: project.dir.display().to_string(),
        status: Status::Clean,
        blueprints: Vec::new(),
        unmanaged: Vec::new(),
    };
    let mut managed: HashSet<String> = HashSet::new();
    for link in &links {
        let (check, render) = check_link(&project, link, args, ui);
        if let Some(render) = &render {
            managed.extend(render.tree.files.keys().cloned());
        }
        report.blueprints.push(check);
    }
    let complete = report
        .blueprints
        .iter()
        .all(|b| b.content.status != ContentStatus::Unknown);
    if args.project.blueprint.is_none() && complete {
        report.unmanaged = compare::unmanaged(&project.dir, &managed);
    }
    report.summarize();
    show(ui, args, &report);
    Ok(match report.status {
        Status::Clean => 0,
        Status::Behind => error::EXIT_BEHIND,
        Status::Diverged => error::EXIT_DIVERGED,
        Status::BehindAndDiverged => error::EXIT_BEHIND_AND_DIVERGED,
        Status::Error => error::EXIT_FAILED,
    })
}

/// Both axes of one link; errors become `unknown` with the message, so one broken link does
/// not hide the others.
fn check_link(
    project: &Project,
    link: &Link,
    args: &CheckArgs,
    ui: &Ui,
) -> (BlueprintCheck, Option<Rendered>) {
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
            ui.alarm(&d);
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
    let (content, render) = match content_axis(project, link, ui) {
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
    let version = version_axis(project, link, args);
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
    ui: &Ui,
) -> Result<(Vec<FileState>, Rendered), Error> {
    let source = project.recorded(link)?;
    let file = project.dir.join(&link.file);
    let (given, _) = carry(&link.record, &file, None);
    let spinner = ui.spinner_as(
        "Rendering",
        &format!("{} {}", link.record.blueprint, link.record.version),
    );
    let render = project.render(
        Some(link),
        &source,
        Answering {
            given,
            mode: Mode::Replay,
            asker: None,
        },
    );
    spinner.finish_and_clear();
    let render = render?;
    for w in &render.warnings {
        ui.warn(w);
    }
    let files = compare::classify(&render.tree, &render.create_once, &project.dir)
        .map_err(|e| crate::sync::io("read", &project.dir)(e))?;
    Ok((files, render))
}

fn version_axis(project: &Project, link: &Link, args: &CheckArgs) -> VersionCheck {
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
                check.allowed = allowed(args, cur, latest);
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
                check.allowed = args.allow_major;
            }
        }
    }
    check
}

/// `; 2.0.0 is out (outside @1.0.0)` when the source's newest release is past what the
/// requirement allows.
fn beyond(v: &crate::sync::report::VersionCheck) -> String {
    let parse = |s: Option<&String>| s.and_then(|s| semver::Version::parse(s).ok());
    let (newest, latest) = (parse(v.newest.as_ref()), parse(v.latest.as_ref()));
    match (newest, latest) {
        (Some(newest), Some(latest)) if newest > latest => {
            format!("; {newest} is out (outside @{})", v.requirement)
        }
        _ => String::new(),
    }
}

/// Whether the lag from `cur` to `latest` is within the policy flags.
fn allowed(args: &CheckArgs, cur: &semver::Version, latest: &semver::Version) -> bool {
    let major = latest.major != cur.major;
    let minor = !major && latest.minor != cur.minor;
    args.allow_major || (args.allow_minor && !major) || (args.allow_patch && !major && !minor)
}

/// An error as one line for a report: its message and first hint.
fn describe(e: impl Into<Error>) -> String {
    let r = error::report(&e.into());
    let mut text = r.message;
    for d in r.details.iter().take(3) {
        text.push_str(&format!("; {d}"));
    }
    if let Some(h) = r.hints.first() {
        text.push_str(&format!(" (hint: {h})"));
    }
    text
}

fn show(ui: &Ui, args: &CheckArgs, report: &CheckReport) {
    let prefix = args.project.path.to_string_lossy();
    match args.format {
        CheckFormat::Json => return ui.out(&report.to_json()),
        CheckFormat::Sarif => return ui.out(&report.to_sarif(&prefix)),
        CheckFormat::Github => {
            let text = report.to_github(&prefix);
            if !text.is_empty() {
                ui.out(text.trim_end());
            }
        }
        CheckFormat::Human => {}
    }
    for b in &report.blueprints {
        ui.out(&ui.bold(&format!(
            "{} {} ({})",
            b.blueprint, b.version.current, b.answers_file
        )));
        let version = match b.version.status {
            VersionStatus::UpToDate => "up-to-date".to_string(),
            VersionStatus::Behind => format!(
                "behind {} -> {}{}",
                b.version.current,
                b.version.latest.as_deref().unwrap_or("?"),
                if b.version.allowed {
                    " (allowed by policy)"
                } else {
                    ""
                }
            ),
            VersionStatus::Unknown => {
                format!("unknown: {}", b.version.detail.as_deref().unwrap_or(""))
            }
        };
        ui.out(&format!("  version  {version}{}", beyond(&b.version)));
        let content = match b.content.status {
            ContentStatus::Unknown => {
                format!("unknown: {}", b.content.detail.as_deref().unwrap_or(""))
            }
            status => {
                let count = |s: State| b.content.files.iter().filter(|f| f.state == s).count();
                let label = if status == ContentStatus::InSync {
                    "in-sync"
                } else {
                    "diverged"
                };
                let parts: Vec<String> = [
                    State::Modified,
                    State::Missing,
                    State::InSync,
                    State::CreateOnce,
                ]
                .into_iter()
                .filter(|s| count(*s) > 0)
                .map(|s| format!("{} {}", count(s), s.name()))
                .collect();
                format!("{label} ({})", parts.join(", "))
            }
        };
        ui.out(&format!("  content  {content}"));
        for f in b.content.files.iter().filter(|f| f.state.diverged()) {
            ui.out(&format!("    {:<9} {}", f.state.name(), f.path));
        }
        if b.provenance.status == "changed" {
            ui.out(&format!(
                "  source   CHANGED: {}",
                b.provenance.detail.as_deref().unwrap_or("")
            ));
        }
    }
    if !report.unmanaged.is_empty() {
        ui.out(&format!(
            "unmanaged: {} file(s) no blueprint produces (not drift)",
            report.unmanaged.len()
        ));
        for path in report.unmanaged.iter().take(20) {
            ui.out(&ui.dim(&format!("    {path}")));
        }
        if report.unmanaged.len() > 20 {
            ui.out(&ui.dim(&format!(
                "    ... and {} more (see --format json)",
                report.unmanaged.len() - 20
            )));
        }
    }
    let status = serde_json::to_value(report.status).expect("serialises");
    ui.out(&format!("status: {}", status.as_str().unwrap_or_default()));
}
