//! `jig check`: the library's check of every blueprint a project uses (`sync::check`),
//! shown as a table, JSON, SARIF or GitHub annotations, with an exit code CI can branch on.

use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{self, Error};
use crate::settings::Settings;
use crate::sync::check;
use crate::sync::compare::State;
use crate::sync::project::Project;
use crate::sync::report::*;
use crate::ui::Ui;

pub(super) fn run(args: &CheckArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    let project = Project::open(&settings, args.project.options(), ui)?;
    for recovered in &project.recovered {
        ui.warn(&recovered.describe());
    }
    let links = project.links()?;
    let policy = args.policy.policy();
    let whole = args.project.blueprint.is_none();
    let report = check::check(&project, &links, whole, &policy, &|e| describe(e));
    show(ui, args, &report);
    Ok(match report.status {
        Status::Clean => 0,
        Status::Behind => error::EXIT_BEHIND,
        Status::Diverged => error::EXIT_DIVERGED,
        Status::BehindAndDiverged => error::EXIT_BEHIND_AND_DIVERGED,
        Status::Error => error::EXIT_FAILED,
    })
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

/// An error as one line for a report: its message and first hint.
pub(super) fn describe(e: impl Into<Error>) -> String {
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
