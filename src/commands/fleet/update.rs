//! `jig fleet update`: the library's fleet update (`fleet::update`) over the fleet or one
//! shard, with a progress bar, shown as a table or JSON, with an exit code that says whether
//! anything needs a person.

use super::{default_jobs, load};
use crate::cli::{FleetUpdateArgs, OnConflictArg, UpdateFormat};
use crate::error::{self, Error};
use crate::fleet::update::{self, Failure, OnConflict, Outcome, UpdateRow};
use crate::settings::Settings;
use crate::ui::Ui;
use std::collections::BTreeMap;

pub(super) fn run(args: &FleetUpdateArgs, settings: &Settings, ui: &Ui) -> Result<u8, Error> {
    // Nothing is asked: a signal is caught from the first fetch into jig's mirrors on.
    crate::interrupt::guard();
    let (fleet, shard, members) = load(&args.fleet, args.shard.as_deref(), settings)?;
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    let used = update::blueprints_used(settings, &members, jobs);
    let blueprint = match &args.blueprint {
        // A name no repository uses is a typo, not forty rows of "not-using".
        Some(name) if !used.is_empty() && !used.contains_key(name) => {
            let used = used.into_iter().collect();
            return Err(crate::fleet::Error::UnusedBlueprint {
                name: name.clone(),
                used,
            }
            .into());
        }
        Some(name) => Some(name.clone()),
        None => {
            if used.len() > 1 {
                let used = used.into_iter().collect();
                return Err(crate::fleet::Error::WhichBlueprint { used }.into());
            }
            used.into_keys().next()
        }
    };
    let options = update::Options {
        to: args.to.clone(),
        blueprint,
        push: args.push || args.open_pr,
        open_pr: args.open_pr,
        dry_run: args.dry_run,
        on_conflict: match args.on_conflict {
            OnConflictArg::Draft => OnConflict::Draft,
            OnConflictArg::Skip => OnConflict::Skip,
        },
        include_pinned: args.include_pinned,
        pin: args.pin,
        jobs,
        hosts: fleet.hosts.clone(),
        now: super::now()?,
    };
    if args.projects && fleet.sagemaker.is_empty() {
        return Err(crate::fleet::Error::NoRegions {
            path: fleet.path.clone(),
        }
        .into());
    }
    let blueprint_name = options.blueprint.clone();
    let bar = ui.bar("Updating", members.len(), "repositories");
    let rows = update::update(settings, &members, &options, &describe, &|row| {
        bar.set_message(row.name.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    // The projects move once: with the whole fleet, or with its first shard.
    let mut projects = Vec::new();
    if args.projects && shard.is_none_or(|s| s.index == 1) {
        projects = upgrade_projects(
            settings,
            &fleet.sagemaker,
            blueprint_name.as_deref(),
            args,
            ui,
        )?;
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        *counts.entry(name(r.outcome)).or_insert(0) += 1;
    }
    match args.format {
        UpdateFormat::Json => {
            let json = serde_json::json!({
                "schema": "jig.fleet-update/v1",
                "fleet": fleet.path.display().to_string(),
                "shard": shard.map(|s| s.to_string()),
                "to": args.to,
                "dry_run": args.dry_run,
                "summary": counts,
                "repositories": rows,
                "projects": projects,
            });
            ui.out(&serde_json::to_string_pretty(&json).expect("serialises"));
        }
        UpdateFormat::Human => {
            table(ui, &rows, &counts);
            if args.projects {
                ui.upgrade_report(&projects, args.dry_run);
            }
        }
    }
    let projects_fine = super::super::catalog::all_fine(&projects);
    let any = |o: &[Outcome]| rows.iter().any(|r| o.contains(&r.outcome));
    if crate::interrupt::requested() {
        ui.warn("interrupted: the repositories above marked `failed` were not updated; the others were (run again to finish)");
        return Ok(error::EXIT_INTERRUPTED);
    }
    Ok(
        if any(&[Outcome::Failed, Outcome::Unreadable]) || !projects_fine {
            error::EXIT_FAILED
        } else if any(&[Outcome::NeedsTrust]) {
            error::EXIT_UNTRUSTED
        } else if any(&[Outcome::Conflicts, Outcome::SkippedConflicts]) {
            error::EXIT_CONFLICTS
        } else {
            0
        },
    )
}

/// `--projects`: each region's projects that run `blueprint` (every jig project when none
/// is named), moved to `--to`.
fn upgrade_projects(
    settings: &Settings,
    regions: &[String],
    blueprint: Option<&str>,
    args: &FleetUpdateArgs,
    ui: &Ui,
) -> Result<Vec<crate::catalog::upgrade::Upgraded>, Error> {
    let to = args
        .to
        .parse()
        .map_err(|message| crate::fleet::Error::BadVersion {
            text: args.to.clone(),
            message,
        })?;
    let options = crate::catalog::upgrade::Options {
        to,
        pretend: args.dry_run,
        allow_replace: args.allow_replace,
        data: Vec::new(),
    };
    let select = |survey: &crate::catalog::projects::Survey| {
        Ok(survey
            .projects
            .iter()
            .filter(|p| blueprint.is_none_or(|b| p.blueprint == b))
            .cloned()
            .collect())
    };
    let mut done = Vec::new();
    for region in regions {
        done.extend(super::super::catalog::upgrade_projects(
            &settings.config,
            Some(region),
            &select,
            &options,
            ui,
        )?);
    }
    Ok(done)
}

fn describe(f: Failure) -> String {
    match f {
        // The fleet has no --trust: trust is given per source, in the config file.
        Failure::Sync(crate::sync::Error::Untrusted(u)) => format!(
            "{} would run code the config file does not trust: {}; to let it run, add `{}` under `trusted:` in {}",
            u.trust_key,
            u.would_run.join(", "),
            u.trust_key,
            crate::settings::Config::path()
                .map_or("the config file".into(), |p| p.display().to_string())
        ),
        Failure::Sync(e) => super::super::check::describe(e),
        Failure::Forge(e) => super::super::check::describe(Error::Forge(e)),
    }
}

fn name(o: Outcome) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn table(ui: &Ui, rows: &[UpdateRow], counts: &BTreeMap<String, usize>) {
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 40);
    for r in rows {
        let mut parts = Vec::new();
        if let (Some(f), Some(t)) = (&r.from, &r.to) {
            parts.push(format!(
                "{} {f} -> {t}",
                r.blueprint.as_deref().unwrap_or("")
            ));
        }
        if !r.conflicts.is_empty() {
            parts.push(format!("conflicts: {}", r.conflicts.join(", ")));
        }
        match (&r.request, &r.branch, r.push) {
            (Some(req), _, _) => parts.push(format!("{} {}", req.action, req.url)),
            (None, Some(b), Some(push)) => parts.push(format!("{push} {b}")),
            _ => {}
        }
        parts.extend(r.closed.iter().map(|c| format!("closed {c}")));
        parts.extend(r.detail.clone());
        let line = format!(
            "{:<width$}  {:<17} {}",
            r.name,
            name(r.outcome),
            parts.join("; ")
        );
        ui.out(line.trim_end());
    }
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    ui.out(&format!(
        "{} repositories: {}",
        rows.len(),
        summary.join(", ")
    ));
}
