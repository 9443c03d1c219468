//! How `jig catalog projects` and `jig catalog upgrade` look on a terminal: one row a project,
//! its state coloured; an upgrade's changes under its project.

use super::Ui;
use crate::catalog::projects::{ProjectRow, State, Survey};
use crate::catalog::upgrade::{Outcome, Upgraded};
use console::Style;

impl Ui {
    /// The projects as a table on stdout, then how many others there are on stderr.
    pub(crate) fn projects_report(&self, survey: &Survey) {
        if survey.projects.is_empty() {
            self.status(
                "Empty",
                "no SageMaker project was launched from a jig product or template",
            );
        } else {
            let width = |f: fn(&ProjectRow) -> usize, title: &str| {
                let widest = survey.projects.iter().map(f).max().unwrap_or(0);
                widest.max(title.len())
            };
            let p = width(|r| r.project.len(), "PROJECT");
            let b = width(|r| r.blueprint.len(), "BLUEPRINT");
            let header = format!(
                "{:<p$}  {:<b$}  {:<15}  {:<9}  {:<9}  STATE",
                "PROJECT", "BLUEPRINT", "TARGET", "RUNNING", "NEWEST"
            );
            self.out(
                &self
                    .stdout_style(Style::new().bold())
                    .apply_to(header)
                    .to_string(),
            );
            for r in &survey.projects {
                let style = match r.state {
                    State::UpToDate => Style::new().green(),
                    State::Behind => Style::new().yellow().bold(),
                    State::Failed => Style::new().red().bold(),
                    State::Unknown => Style::new().dim(),
                };
                let state = self
                    .stdout_style(style)
                    .apply_to(r.state.describe(&r.status));
                let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                self.out(&format!(
                    "{:<p$}  {:<b$}  {:<15}  {:<9}  {:<9}  {state}",
                    r.project,
                    r.blueprint,
                    r.target,
                    dash(&r.running),
                    dash(&r.newest)
                ));
            }
        }
        if survey.others > 0 {
            self.status(
                "Skipped",
                &format!(
                    "{} project(s) not launched from a jig product or template",
                    survey.others
                ),
            );
        }
    }

    /// Each project's outcome on stdout, with the change set's changes; then the count.
    pub(crate) fn upgrade_report(&self, done: &[Upgraded], pretend: bool) {
        for d in done {
            let from = d.from.as_deref().unwrap_or("?");
            let (text, style) = match &d.outcome {
                Outcome::AtTarget => (format!("already at {}", d.to), Style::new().green()),
                Outcome::Upgraded => (format!("upgraded {from} -> {}", d.to), Style::new().green()),
                Outcome::WouldUpgrade => (
                    format!("would upgrade {from} -> {}", d.to),
                    Style::new().yellow(),
                ),
                Outcome::Refused(risky) => (
                    format!(
                        "refused: the change set to {} loses {} (pass --allow-replace to go on)",
                        d.to,
                        risky.join(", ")
                    ),
                    Style::new().red().bold(),
                ),
                Outcome::Failed(why) => (format!("failed: {why}"), Style::new().red().bold()),
                Outcome::NotStarted => ("not started (stopped)".into(), Style::new().dim()),
            };
            let outcome = self.stdout_style(style).apply_to(text);
            self.out(&format!(
                "{}  {outcome}",
                self.stdout_style(Style::new().bold()).apply_to(&d.project)
            ));
            for c in &d.changes {
                let replacement = match c.replacement.as_str() {
                    "True" => " (replaced)",
                    "Conditional" => " (may be replaced)",
                    _ => "",
                };
                let line = format!(
                    "    {:<7} {} {}{replacement}",
                    c.action, c.logical_id, c.resource_type
                );
                match c.risky() {
                    true => self.out(
                        &self
                            .stdout_style(Style::new().red())
                            .apply_to(line)
                            .to_string(),
                    ),
                    false => self.out(&line),
                }
            }
        }
        let count = |f: fn(&Outcome) -> bool| done.iter().filter(|d| f(&d.outcome)).count();
        let moved = count(|o| matches!(o, Outcome::Upgraded | Outcome::WouldUpgrade));
        let at = count(|o| matches!(o, Outcome::AtTarget));
        let bad = done.len() - moved - at;
        let verb = if pretend { "would upgrade" } else { "upgraded" };
        self.status(
            if pretend { "Previewed" } else { "Upgraded" },
            &format!(
                "{} project(s): {moved} {verb}, {at} already at the target, {bad} not",
                done.len()
            ),
        );
    }
}
