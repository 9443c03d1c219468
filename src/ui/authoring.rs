//! How `jig lint` findings and the `jig test` grid look on a terminal.

use super::Ui;
use crate::blueprint_tests::{Status, TestReport};
use crate::lint::{Finding, Severity};
use console::Style;

impl Ui {
    /// `file:line:col: error[code]: message`, one per finding, then a count.
    pub(crate) fn lint_report(&self, findings: &[Finding], blueprint: &str) {
        for f in findings {
            let label = match f.severity {
                Severity::Error => self
                    .stdout_style(Style::new().red().bold())
                    .apply_to(format!("error[{}]", f.code)),
                Severity::Warning => self
                    .stdout_style(Style::new().yellow().bold())
                    .apply_to(format!("warning[{}]", f.code)),
            };
            self.out(&format!(
                "{}:{}:{}: {label}: {}",
                f.file, f.line, f.column, f.message
            ));
        }
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let warnings = findings.len() - errors;
        if findings.is_empty() {
            self.status("Linted", &format!("{blueprint}: no problems"));
        } else {
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            self.note(&format!(
                "{blueprint}: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ));
        }
    }

    /// The answer set x step grid, then the output of every failed cell.
    pub(crate) fn test_report(&self, report: &TestReport) {
        let first = report
            .sets
            .iter()
            .map(|s| s.set.len())
            .chain(["answer set".len()])
            .max()
            .unwrap_or(10);
        let widths: Vec<usize> = report.steps.iter().map(|s| s.len().max(7)).collect();
        let mut header = format!("{:<first$}", "answer set");
        for (step, w) in report.steps.iter().zip(&widths) {
            header.push_str(&format!("  {step:<w$}"));
        }
        let bold = self.stdout_style(Style::new().bold());
        self.out(&bold.apply_to(header.trim_end()).to_string());
        for set in &report.sets {
            let mut line = format!("{:<first$}", set.set);
            for (step, w) in report.steps.iter().zip(&widths) {
                let status = set.cells.iter().find(|c| &c.step == step).map(|c| c.status);
                let (text, style) = match status {
                    Some(Status::Pass) => ("pass", Style::new().green()),
                    Some(Status::Fail) => ("FAIL", Style::new().red().bold()),
                    Some(Status::Updated) => ("updated", Style::new().cyan()),
                    Some(Status::Skip) | None => ("-", Style::new().dim()),
                };
                let cell = format!("{text:<w$}");
                line.push_str(&format!("  {}", self.stdout_style(style).apply_to(cell)));
            }
            self.out(line.trim_end());
        }
        for set in &report.sets {
            for cell in set.cells.iter().filter(|c| c.status == Status::Fail) {
                self.out("");
                let title = format!("--- {} x {} ({}) ---", set.set, cell.step, set.origin);
                self.out(&bold.apply_to(title).to_string());
                self.out(cell.output.trim_end());
            }
        }
        let failed = report.sets.iter().filter(|s| s.failed()).count();
        if failed == 0 {
            self.status(
                "Passed",
                &format!("{}: {} answer set(s)", report.blueprint, report.sets.len()),
            );
        } else {
            self.warn(&format!(
                "{}: {failed} of {} answer set(s) failed",
                report.blueprint,
                report.sets.len()
            ));
        }
    }

    pub(super) fn stdout_style(&self, style: Style) -> Style {
        if self.stdout_color {
            style.force_styling(true)
        } else {
            Style::new()
        }
    }
}
