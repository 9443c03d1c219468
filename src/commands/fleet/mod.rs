//! `jig fleet`: load the fleet file, take the shard, run the library's status over it with a
//! progress bar, and show the report in the format asked for (`fleet::views` for the table);
//! `plan` prints the CI matrix and `report` merges shards' reports; `update` rolls a version
//! out (its own file).

mod update;

use crate::cli::{
    FleetArgs, FleetCommand, FleetFormat, OutputArgs, PlanArgs, PlanFormat, ReportArgs, StatusArgs,
};
use crate::error::{self, Error};
use crate::fleet::file::Fleet;
use crate::fleet::plan::{self, Shard};
use crate::fleet::report::{FleetReport, RepoState};
use crate::fleet::{html, sarif, status, views};
use crate::settings::Settings;
use crate::source::Resolver;
use crate::ui::Ui;

pub(super) fn run(args: &FleetArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    match &args.command {
        FleetCommand::Status(a) => status_cmd(a, &settings, ui),
        FleetCommand::Plan(a) => plan_cmd(a, &settings, ui).map(|()| 0),
        FleetCommand::Report(a) => report_cmd(a, ui),
        FleetCommand::Update(a) => update::run(a, &settings, ui),
    }
}

fn status_cmd(args: &StatusArgs, settings: &Settings, ui: &Ui) -> Result<u8, Error> {
    check_output(&args.output)?;
    let (fleet, shard, members) = load(&args.fleet, args.shard.as_deref(), settings)?;
    let options = status::Options {
        offline: args.offline,
        pre: args.pre,
        policy: args.policy.policy(),
        jobs: args.jobs.unwrap_or_else(default_jobs),
        hosts: fleet.hosts.clone(),
    };
    let started = now()?;
    let bar = ui.bar("Checking", members.len(), "repositories");
    let rows = status::status(
        settings,
        &members,
        &options,
        &|e| super::check::describe(e),
        &|row| {
            bar.set_message(row.name.clone());
            bar.inc(1);
        },
    );
    bar.finish_and_clear();
    let mut report = FleetReport::new(
        fleet.path.display().to_string(),
        shard.map(|s| s.to_string()),
        started,
        rows,
    );
    // The projects are read once: by the whole fleet's run, or by its first shard.
    if shard.is_none_or(|s| s.index == 1) {
        for region in &fleet.sagemaker {
            match projects(settings, region, ui) {
                Ok(found) => report.projects.extend(found),
                Err(e) => report.project_errors.push(format!("{region}: {e}")),
            }
        }
    }
    show(ui, &args.output, &report)?;
    Ok(exit_code(&report))
}

/// The SageMaker projects of `region` made from jig's products and templates.
fn projects(
    settings: &Settings,
    region: &str,
    ui: &Ui,
) -> Result<Vec<crate::fleet::report::ProjectStatus>, Error> {
    let survey = super::catalog::survey(&settings.config, Some(region), ui)?;
    Ok(survey
        .projects
        .iter()
        .map(|p| crate::fleet::report::ProjectStatus::of(region, p))
        .collect())
}

/// The fleet file, the shard asked for, and the members in it.
fn load(
    path: &std::path::Path,
    shard: Option<&str>,
    settings: &Settings,
) -> Result<(Fleet, Option<Shard>, Vec<crate::fleet::file::Member>), Error> {
    let shard = shard.map(str::parse::<Shard>).transpose()?;
    let mut fleet = Fleet::load(path, &Resolver::new(settings))?;
    crate::fleet::discover::expand(&mut fleet)?;
    let members = match shard {
        Some(s) => s.select(&fleet.members),
        None => fleet.members.clone(),
    };
    Ok((fleet, shard, members))
}

/// Network-bound work: more threads than cores pays off while fetches wait.
fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .max(4)
}

/// `jig check`'s exit codes for the fleet as a whole: 10 some behind, 11 some diverged, 12
/// both; else 1 when some repository could not be read or checked; else 0.
fn exit_code(report: &FleetReport) -> u8 {
    match report.outcome() {
        (true, true, _) => error::EXIT_BEHIND_AND_DIVERGED,
        (true, false, _) => error::EXIT_BEHIND,
        (false, true, _) => error::EXIT_DIVERGED,
        (false, false, true) => error::EXIT_FAILED,
        _ => 0,
    }
}

fn plan_cmd(args: &PlanArgs, settings: &Settings, ui: &Ui) -> Result<(), Error> {
    let count = usize::from(args.shards);
    let fleet_path = args.fleet.display().to_string();
    match args.format {
        PlanFormat::GithubMatrix => {
            ui.out(&plan::github_matrix(count));
            return Ok(());
        }
        PlanFormat::Codebuild => {
            ui.out(plan::codebuild_buildspec(&fleet_path, count).trim_end());
            return Ok(());
        }
        PlanFormat::Human | PlanFormat::Json => {}
    }
    let mut fleet = Fleet::load(&args.fleet, &Resolver::new(settings))?;
    crate::fleet::discover::expand(&mut fleet)?;
    let shards: Vec<(Shard, Vec<crate::fleet::file::Member>)> = Shard::all(count)
        .into_iter()
        .map(|s| (s, s.select(&fleet.members)))
        .collect();
    if args.format == PlanFormat::Json {
        let json: Vec<serde_json::Value> = shards
            .iter()
            .map(|(s, members)| {
                serde_json::json!({
                    "shard": s.to_string(),
                    "repositories": members.iter().map(|m| &m.id).collect::<Vec<_>>(),
                })
            })
            .collect();
        ui.out(&serde_json::to_string_pretty(&json).expect("serialises"));
        return Ok(());
    }
    for (s, members) in &shards {
        ui.out(&ui.bold(&format!("shard {s}: {} repositories", members.len())));
        for m in members {
            ui.out(&format!("  {:<24} {}", m.name, m.id));
        }
    }
    Ok(())
}

fn report_cmd(args: &ReportArgs, ui: &Ui) -> Result<u8, Error> {
    check_output(&args.output)?;
    let mut reports = Vec::new();
    for path in &args.reports {
        let bad = |message: String| crate::fleet::Error::Report {
            path: path.clone(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        reports.push(FleetReport::from_json(&text).map_err(bad)?);
    }
    let report =
        FleetReport::merge(reports, now()?).map_err(|message| crate::fleet::Error::Report {
            path: args.reports[0].clone(),
            message,
        })?;
    show(ui, &args.output, &report)?;
    Ok(exit_code(&report))
}

/// The time a report is of: now, or `SOURCE_DATE_EPOCH` (for reproducible reports), to the
/// second, as RFC 3339 in UTC.
pub(super) fn now() -> Result<String, Error> {
    let ts = crate::render::time::current_timestamp().map_err(|_| crate::fleet::Error::Clock {
        given: std::env::var(crate::env::SOURCE_DATE_EPOCH).unwrap_or_default(),
    })?;
    Ok(ts.round(jiff::Unit::Second).unwrap_or(ts).to_string())
}

/// HTML is a page, not a stream: it goes to a file.
fn check_output(output: &OutputArgs) -> Result<(), Error> {
    if output.format == FleetFormat::Html && output.out.is_none() {
        return Err(crate::fleet::Error::HtmlToStdout.into());
    }
    Ok(())
}

fn show(ui: &Ui, output: &OutputArgs, report: &FleetReport) -> Result<(), Error> {
    let text = match output.format {
        FleetFormat::Json => report.to_json(),
        FleetFormat::Sarif => sarif::sarif(report),
        FleetFormat::Html => html::page(report),
        FleetFormat::Human => {
            if output.out.is_none() {
                table(ui, report);
                return Ok(());
            }
            let mut lines = Vec::new();
            table_lines(report, &mut |l: String| lines.push(l));
            lines.join("\n") + "\n"
        }
    };
    match &output.out {
        None => ui.out(text.trim_end()),
        Some(path) => {
            crate::journal::replace_file(path, text.as_bytes()).map_err(|e| Error::Output {
                what: path.display().to_string(),
                message: e.to_string(),
            })?;
            ui.status(
                "Wrote",
                &format!(
                    "the report of {} repositories to {}",
                    report.summary.repositories,
                    path.display()
                ),
            );
        }
    }
    Ok(())
}

fn table(ui: &Ui, report: &FleetReport) {
    table_lines(report, &mut |l: String| ui.out(&l));
}

/// The terminal table: per blueprint, per recorded version, each repository's state; then the
/// repositories that could not be read, and the counts.
fn table_lines(report: &FleetReport, out: &mut dyn FnMut(String)) {
    let width = report
        .repositories
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 40);
    for b in views::blueprints(report) {
        out(format!(
            "{} ({} repositories; newest allowed {}, newest released {})",
            b.name,
            b.repositories,
            b.latest.as_deref().unwrap_or("?"),
            b.newest.as_deref().unwrap_or("?")
        ));
        for (version, members) in &b.versions {
            out(format!("  {version}: {} repositories", members.len()));
            for (repo, link) in members {
                out(format!(
                    "    {:<width$}  {}",
                    repo.name,
                    views::describe(link)
                ));
            }
        }
        if let Some((path, n)) = b.hot_files.first() {
            out(format!(
                "  changed most: {path} ({n} of {} repositories)",
                b.repositories
            ));
        }
    }
    let unreadable: Vec<_> = report
        .repositories
        .iter()
        .filter(|r| r.status == RepoState::Unreadable)
        .collect();
    if !unreadable.is_empty() {
        out(format!("unreadable ({})", unreadable.len()));
        for r in unreadable {
            out(format!(
                "    {:<width$}  {}",
                r.name,
                r.reason.as_deref().unwrap_or("")
            ));
        }
    }
    let s = &report.summary;
    out(format!(
        "{} repositories: {} clean, {} behind, {} diverged, {} behind and diverged, {} pinned, {} not checkable, {} unreadable",
        s.repositories, s.clean, s.behind, s.diverged, s.behind_and_diverged, s.pinned, s.unknown, s.unreadable
    ));
    project_lines(report, out);
}

/// The SageMaker projects, per blueprint and version, as the repositories are.
fn project_lines(report: &FleetReport, out: &mut dyn FnMut(String)) {
    use crate::catalog::projects::State;
    if report.projects.is_empty() && report.project_errors.is_empty() {
        return;
    }
    let width = report
        .projects
        .iter()
        .map(|p| p.project.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 40);
    out(format!("SageMaker projects ({})", report.projects.len()));
    for p in &report.projects {
        let mut state = p.state.describe(&p.status);
        if p.state == State::Behind {
            state.push_str(&format!(" ({} is out)", p.newest.as_deref().unwrap_or("?")));
        }
        out(format!(
            "    {:<width$}  {} {} ({}, {})  {state}",
            p.project,
            p.blueprint,
            p.running.as_deref().unwrap_or("?"),
            p.target,
            p.region
        ));
    }
    for e in &report.project_errors {
        out(format!("    could not read projects: {e}"));
    }
    let behind = report
        .projects
        .iter()
        .filter(|p| p.state == State::Behind)
        .count();
    out(format!(
        "{} projects: {} up to date, {behind} behind",
        report.projects.len(),
        report
            .projects
            .iter()
            .filter(|p| p.state == State::UpToDate)
            .count()
    ));
}
