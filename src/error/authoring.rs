//! Messages and hints for the blueprint-authoring commands (`jig init`, `jig lint`,
//! `jig test`).

use super::{Error, Report, EXIT_BLUEPRINT, EXIT_FAILED, EXIT_USAGE};
use crate::init::Error as I;

pub(super) fn authoring_report(err: &Error) -> Report {
    let message = err.to_string();
    match err {
        Error::Init(e) => match e {
            I::Interrupted => super::engine::interrupted("nothing was written"),
            I::NotEmpty { .. } => Report::new(message, EXIT_USAGE)
                .hint("jig init writes a new blueprint directory; name one that does not exist yet"),
            I::UnknownBuiltin { name } => {
                let names = crate::source::builtin_names();
                let r = Report::new(message, EXIT_USAGE).detail("nothing was written");
                let r = match crate::suggest::did_you_mean(name, &names) {
                    Some(mean) => r.hint(mean),
                    None => r,
                };
                r.hint(format!(
                    "first-party blueprints: {} (see `jig list`)",
                    names.join(", ")
                ))
            }
            I::BadVar(_) => Report::new(message, EXIT_USAGE)
                .hint("for example --var project_name=\"Churn Model\""),
            I::ValueNotFound { .. } => Report::new(message, EXIT_USAGE)
                .detail("nothing was written")
                .hint("pass the value exactly as it appears in the repository (any case variant of it works)"),
            I::TemplatedName { .. } => Report::new(message, EXIT_USAGE).detail("nothing was written"),
            I::RoundTrip { .. } | I::Invalid(_) => Report::new(message, EXIT_FAILED)
                .detail("nothing was written")
                .hint("this is a bug in jig; please report it with the file named"),
            I::Io { .. } => Report::new(message, EXIT_FAILED).detail("nothing was written"),
            I::SeedEntry { .. } => Report::new(message, EXIT_USAGE)
                .detail("nothing was written")
                .hint("change or remove it in the seed code, or name other seed code with --seed PATH"),
            I::SeedZipOver { over, .. } => Report::new(message, EXIT_FAILED)
                .detail("nothing was written")
                .hint(format!("if the seed code really is that large, raise the limit with {} in the config file", over.how_to_raise())),
            I::NotSageMaker { .. } => Report::new(message, EXIT_USAGE)
                .detail("nothing was written")
                .hint("give a sample folder as AWS publishes them (with project/template.yaml) or its product template file"),
            I::NoSeeding { looked, .. } => {
                let mut r = Report::new(message, EXIT_USAGE)
                    .detail("nothing was written")
                    .detail("looked for:");
                for l in looked {
                    r = r.detail(format!("  {l}"));
                }
                r.hint("if the sample keeps its seed code elsewhere, name it with --seed PATH (a folder or a zip), once per repository; docs/catalog.md lists what the import reads")
            }
            I::SeedingUnclear { why, .. } => {
                let mut r = Report::new(message, EXIT_USAGE).detail("nothing was written");
                for w in why {
                    r = r.detail(w.clone());
                }
                r.hint("docs/catalog.md says what the import reads in each seeding style, and how to convert such a sample by hand")
            }
            I::SeedNotFound { looked, .. } => {
                let mut r = Report::new(message, EXIT_USAGE).detail("looked for:");
                for l in looked {
                    r = r.detail(format!("  {l}"));
                }
                r.detail("nothing was written")
                    .hint("name it with --seed PATH (a folder or a zip), once per repository in the template's order")
            }
            I::SeedCount { .. } => Report::new(message, EXIT_USAGE)
                .detail("nothing was written")
                .hint("give one --seed per repository, in the order listed, or none to let jig find them"),
        },
        Error::NotADirectory { .. } => Report::new(message, EXIT_USAGE),
        Error::AnswerSet { .. } => Report::new(message, EXIT_BLUEPRINT)
            .hint("an answer set is a YAML mapping of question names to values, like a --data-file"),
        Error::UnknownAnswerSet { known, .. } => Report::new(message, EXIT_USAGE)
            .hint(format!("the answer sets are: {}", known.join(", "))),
        _ => Report::new(message, EXIT_FAILED),
    }
}
