//! Reports for Copier templates: the question, setting or path at fault, and what to do.

use super::{engine, Report, EXIT_BLUEPRINT, EXIT_USAGE};
use crate::copier::{plan, questions, Error as C};

pub(super) fn copier_report(e: &C) -> Report {
    let nothing = "nothing was written";
    match e {
        C::TwoConfigs { .. } => Report::new(e.to_string(), EXIT_USAGE)
            .detail(nothing)
            .hint("keep one of them, as Copier requires"),
        C::Questions(questions::Error::Invalid { .. }) => Report::new(e.to_string(), EXIT_USAGE)
            .detail(nothing)
            .hint("give another answer with --data NAME=VALUE (or in --data-file); `jig show SOURCE` lists the questions"),
        C::Questions(questions::Error::Prompt(p)) => Report::new(p.to_string(), EXIT_USAGE),
        C::Extensions(x) => Report::new(e.to_string(), EXIT_BLUEPRINT)
            .causes(x)
            .detail(nothing)
            .hint("the template's Python extensions run in `JIG_PYTHON` (else python3), which needs Jinja2 and what the extensions import"),
        C::ContextHook { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT)
            .detail(nothing)
            .hint("the hook is the template's Python code (`_jinja_extensions`); its author can fix it"),
        C::Untrusted(_) => Report::new(e.to_string(), super::EXIT_UNTRUSTED),
        C::MinVersion { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT)
            .detail(nothing)
            .hint("render it with a newer Copier, or pin an older version of the template (--version)"),
        C::ExternalOutside { .. } => Report::new(e.to_string(), EXIT_USAGE)
            .detail(nothing)
            .hint("read the template's `_external_data`, then pass --trust if it may read there"),
        C::IncludeLoop { .. } | C::IncludeDepth { .. } | C::IncludeCount { .. } => {
            Report::new(e.to_string(), EXIT_BLUEPRINT)
                .detail(nothing)
                .hint(format!(
                    "a file may not include itself, directly or through the files it includes; jig follows includes {} files deep and reads at most {}",
                    crate::copier::config::MAX_INCLUDE_DEPTH,
                    crate::copier::config::MAX_INCLUDED_FILES
                ))
        }
        C::Plan(plan::Error::Render(r)) => engine::render_report(r),
        C::Plan(_) | C::Invalid { .. } | C::Read { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT)
            .detail(nothing)
            .hint("the template's author can fix it; `jig show SOURCE` shows how jig reads its copier.yml"),
    }
}
