//! `jig lint`: run the lint rules and report; exit 3 when there are errors.

use crate::cli::{Format, LintArgs};
use crate::error::{Error, EXIT_BLUEPRINT};
use crate::lint::{self, Severity};
use crate::ui::Ui;

pub(super) fn run(args: &LintArgs, ui: &Ui) -> Result<u8, Error> {
    if !args.dir.is_dir() {
        return Err(Error::NotADirectory {
            path: args.dir.clone(),
            what: "blueprint directory",
        });
    }
    let mut findings = lint::lint(&args.dir);
    for f in &mut findings {
        f.file = args.dir.join(&f.file).display().to_string();
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    match args.format {
        Format::Json => {
            let json = serde_json::json!({
                "blueprint": args.dir,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": findings,
            });
            ui.out(&serde_json::to_string_pretty(&json).expect("serialises"));
        }
        Format::Human => ui.lint_report(&findings, &args.dir.display().to_string()),
    }
    let failing = errors + if args.strict { warnings } else { 0 };
    Ok(if failing > 0 { EXIT_BLUEPRINT } else { 0 })
}
