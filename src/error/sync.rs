//! Messages and hints for the project commands' errors (`check`, `diff`, `update`, `adopt`).

use super::{Report, EXIT_FAILED, EXIT_USAGE};
use crate::sync::Error as U;

pub(crate) fn sync_report(e: &U) -> Report {
    let usage = Report::new(e.to_string(), EXIT_USAGE);
    let failed = Report::new(e.to_string(), EXIT_FAILED).causes(e);
    match e {
        U::NotAProject { .. } => usage
            .hint("run it in a project made by `jig new` (or cruft), or link one with `jig adopt SOURCE`"),
        U::AnswersFile(e) => {
            // `.jig/NAME.yaml`, or another tool's file (`.copier-answers.yml`, `.cruft.json`).
            let name = e.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let file = match e.path.parent().and_then(|p| p.file_name()) {
                Some(dir) if dir == crate::answers::DIR => format!("{}/{name}", crate::answers::DIR),
                _ => name,
            };
            usage.hint(format!("the answers file is written by the tool that made the project; restore it from git (`git checkout -- {file}`)"))
        }
        U::NoSuchLink { known, .. } => {
            usage.hint(format!("this project uses: {}", known.join(", ")))
        }
        U::AlreadyLinked { .. } => usage.hint("pass --force to link it again (its recorded answers are replaced)"),
        U::NeedBlueprint { known } => usage.hint(format!("pass --blueprint with one of: {}", known.join(", "))),
        U::NotGit { .. } => usage.hint("commit the project to git first (`git init && git add -A && git commit`)"),
        U::Dirty { paths } => {
            let mut r = usage;
            for p in paths.iter().take(10) {
                r = r.detail(p.clone());
            }
            if paths.len() > 10 {
                r = r.detail(format!("... and {} more", paths.len() - 10));
            }
            r.hint("commit or stash them first, so the update can be reviewed and undone; or pass --allow-dirty")
        }
        U::Downgrade { .. } => usage.hint("name a newer version with --to; to re-render the same version with other answers, pass --to with the current version"),
        U::SourceChanged { .. } => usage
            .hint("a directory given without @REQ is used as it is; make projects from `PATH@latest` (or a git URL or registry) so jig records versions it can render again")
            .hint("or pass --from with a copy of the recorded version"),
        U::SecretNeeded { files, question } => {
            let mut r = usage;
            for f in files {
                r = r.detail(format!("needed by: {f}"));
            }
            r.hint(format!("pass --data {question}=VALUE, or run jig update in a terminal to be asked"))
        }
        U::ThroughSymlink { .. } => failed.detail("nothing was changed"),
        U::Io(_) | U::Git(_) => failed,
        // Taken apart by `Error::from` before they get here: reported as themselves.
        U::Source(_)
        | U::Blueprint(_)
        | U::Answers(_)
        | U::Generate(_)
        | U::Cookiecutter(_)
        | U::Copier(_)
        | U::Untrusted(_)
        | U::Migration(_) => failed,
    }
}
