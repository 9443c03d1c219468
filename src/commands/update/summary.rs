//! The human summary of `jig update` (and the JSON one).

use crate::cli::UpdateArgs;
use crate::sync::merge::{ConflictStyle, Outcome};
use crate::sync::report::UpdateReport;
use crate::ui::Ui;
use crate::version::{shown, Requirement};

pub(super) fn show(ui: &Ui, args: &UpdateArgs, reports: &[UpdateReport]) {
    if args.format == crate::cli::Format::Json {
        ui.out(&UpdateReport::to_json(reports));
        return;
    }
    for r in reports {
        // Create-once files and files the team deleted are listed, but nothing changes there.
        let quiet = |o: Outcome| matches!(o, Outcome::CreateOnce | Outcome::KeptDeleted);
        let nothing = r.files.iter().all(|f| quiet(f.outcome))
            && r.from == r.to
            && r.answers.changed.is_empty();
        let (from, to) = (shown(&r.from), shown(&r.to));
        if nothing && r.migrations.is_empty() && r.requirement.is_none() {
            ui.status(
                "Up to date",
                &format!("{} {to} ({})", r.blueprint, r.answers_file),
            );
            outside(ui, r);
            continue;
        }
        let verb = if args.pretend {
            "Would update"
        } else {
            "Updating"
        };
        ui.status(
            verb,
            &format!("{} {from} -> {to} ({})", r.blueprint, r.answers_file),
        );
        for f in &r.files {
            let name = serde_json::to_value(f.outcome).expect("serialises");
            let name = name.as_str().unwrap_or_default();
            let line = format!("  {name:<13} {}", f.path);
            if f.outcome == Outcome::Conflict {
                ui.note(&ui.bold(&line))
            } else {
                ui.note(&line)
            }
        }
        let a = &r.answers;
        for (old, new) in &a.renamed {
            ui.note(&format!("  answer {old} -> {new} (renamed)"));
        }
        for k in &a.added {
            ui.note(&format!("  answer {k} (new question)"));
        }
        for k in &a.dropped {
            ui.note(&format!("  answer {k} dropped (no longer asked)"));
        }
        for m in &r.migrations {
            ui.note(&format!("  migration {m}"));
        }
        if r.files.is_empty() {
            ui.note("  no file changes");
        }
        if let Some(moved) = &r.requirement {
            let from = if moved.from.is_empty() {
                "none"
            } else {
                &moved.from
            };
            let exact = matches!(Requirement::parse(&moved.to), Requirement::Exact(_));
            let pinned = if exact { " (pinned)" } else { "" };
            ui.note(&format!("  requirement {from} -> {}{pinned}", moved.to));
        }
        if !r.conflicts.is_empty() && args.pretend {
            let n = r.conflicts.len();
            let then = match (args.conflict, n) {
                (ConflictStyle::Rej, _) => "the local changes it drops go to .rej files",
                (_, 1) => "it gets conflict markers to resolve",
                _ => "they get conflict markers to resolve",
            };
            ui.warn(&format!(
                "{n} file{} would conflict: {}; nothing was written (without --pretend {then})",
                if n == 1 { "" } else { "s" },
                r.conflicts.join(", "),
            ));
        } else if !r.conflicts.is_empty() {
            let how = if args.conflict == ConflictStyle::Rej {
                "the dropped local changes are in the .rej files; apply what you need, delete them, then commit"
            } else {
                "resolve the markers (`git status` lists them), `git add` each file, then commit (what merged cleanly is staged already)"
            };
            ui.warn(&format!("{} conflict(s): {how}", r.conflicts.len()));
        } else if !args.pretend {
            ui.status(
                "Updated",
                &format!(
                    "{} to {}; review with `git diff`, then commit",
                    r.blueprint, to
                ),
            );
        }
        outside(ui, r);
    }
}

/// A newer release the requirement leaves out, and the command that takes it.
fn outside(ui: &Ui, r: &UpdateReport) {
    if let Some(o) = &r.outside {
        ui.note(&format!(
            "note: {} is out, outside {}: `jig update --to {}` takes it",
            o.version, o.requirement, o.version
        ));
    }
}
