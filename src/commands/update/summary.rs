//! The human summary of `jig update` (and the JSON one).

use crate::cli::UpdateArgs;
use crate::sync::merge::{ConflictStyle, Outcome};
use crate::sync::report::UpdateReport;
use crate::ui::Ui;

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
        if nothing && r.migrations.is_empty() {
            ui.status(
                "Up to date",
                &format!("{} {} ({})", r.blueprint, r.to, r.answers_file),
            );
            continue;
        }
        let verb = if args.pretend {
            "Would update"
        } else {
            "Updating"
        };
        ui.status(
            verb,
            &format!(
                "{} {} -> {} ({})",
                r.blueprint, r.from, r.to, r.answers_file
            ),
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
        if !r.conflicts.is_empty() {
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
                    r.blueprint, r.to
                ),
            );
        }
    }
}
