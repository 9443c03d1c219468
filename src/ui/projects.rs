//! How `jig catalog projects` looks on a terminal: one row a project, its state coloured.

use super::Ui;
use crate::catalog::projects::{ProjectRow, State, Survey};
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
                let (text, style) = match r.state {
                    State::UpToDate => ("up to date".to_string(), Style::new().green()),
                    State::Behind => ("behind".to_string(), Style::new().yellow().bold()),
                    State::Failed => (format!("failed ({})", r.status), Style::new().red().bold()),
                    State::Unknown => ("unknown version".to_string(), Style::new().dim()),
                };
                let state = self.stdout_style(style).apply_to(text);
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
}
