//! `jig test`: render every answer set, compare, run the checks, show the grid.

use crate::blueprint::Blueprint;
use crate::blueprint_tests::{self, sets};
use crate::cli::{Format, TestArgs};
use crate::error::{Error, EXIT_FAILED};
use crate::ui::Ui;

pub(super) fn run(args: &TestArgs, ui: &Ui) -> Result<u8, Error> {
    let blueprint = Blueprint::load(&args.dir)?;
    let all = sets::answer_sets(&args.dir).map_err(|e| Error::AnswerSet {
        path: e.path,
        message: e.message,
    })?;
    if let Some(unknown) = args
        .sets
        .iter()
        .find(|s| !all.iter().any(|a| &a.name == *s))
    {
        return Err(Error::UnknownAnswerSet {
            name: unknown.clone(),
            known: all.iter().map(|s| s.name.clone()).collect(),
        });
    }
    let opts = blueprint_tests::Options {
        update_snapshots: args.update_snapshots,
        only: args.sets.clone(),
    };
    let total = if opts.only.is_empty() {
        all.len()
    } else {
        opts.only.len()
    };
    let bar = ui.spinner_as("Testing", &format!("{} answer set(s)", total));
    let done = std::sync::atomic::AtomicUsize::new(0);
    let report = blueprint_tests::run(&blueprint, &all, &opts, &|name| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        bar.set_message(format!("{n}/{total} answer sets ({name} done)"));
    });
    bar.finish_and_clear();
    match args.format {
        Format::Json => ui.out(&serde_json::to_string_pretty(&report).expect("serialises")),
        Format::Human => ui.test_report(&report),
    }
    Ok(if report.failed() { EXIT_FAILED } else { 0 })
}
