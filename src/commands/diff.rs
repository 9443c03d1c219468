//! `jig diff`: local changes against the blueprint's render, or (`--upstream`) what the next
//! version would change, as a unified diff.

use crate::cli::DiffArgs;
use crate::error::Error;
use crate::prompt::Mode;
use crate::settings::Settings;
use crate::sync::diff;
use crate::sync::project::{carry, questions_of, Answering, Project, RenderedVersion};
use crate::ui::Ui;
use std::collections::BTreeSet;

pub(super) fn run(args: &DiffArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    let project = Project::open(&settings, args.project.options(), ui)?;
    for recovered in &project.recovered {
        ui.warn(&recovered.describe());
    }
    let mut changed = false;
    for link in project.links()? {
        let file = project.dir.join(&link.file);
        let source = project.recorded(&link)?;
        let (given, _) = carry(&link.record, &file, None);
        let base = render(&project, &link, &source, given)?;
        let text = if args.upstream {
            let target = project.target(&link, args.to.as_deref())?;
            let questions = questions_of(&target)?;
            let (given, _) = carry(&link.record, &file, questions.as_deref());
            let next = render(&project, &link, &target, given)?;
            if let Some(o) = project.outside(&link, &target, args.to.as_deref()) {
                // Not a difference (the requirement leaves it out), but worth knowing.
                ui.note(&format!(
                    "note: {v} is out, outside {}: `jig diff --upstream --to {v}` shows it, `jig update --to {v}` takes it",
                    o.requirement,
                    v = o.version
                ));
            }
            let paths: BTreeSet<&String> = base
                .tree
                .files
                .keys()
                .chain(next.tree.files.keys())
                .collect();
            diff::trees(&paths, &base.tree, &next.tree.root, |p| {
                next.tree.files.contains_key(p)
            })?
        } else {
            let paths: BTreeSet<&String> = base
                .tree
                .files
                .keys()
                .filter(|p| !base.create_once.contains(*p))
                .collect();
            diff::trees(&paths, &base.tree, &project.dir, |_| true)?
        };
        if !text.is_empty() {
            changed = true;
            ui.diff(&text);
        }
    }
    Ok(if changed && args.exit_code { 1 } else { 0 })
}

fn render(
    project: &Project,
    link: &crate::sync::link::Link,
    source: &crate::source::Source,
    given: crate::prompt::Given,
) -> Result<RenderedVersion, Error> {
    let version = source
        .pin
        .version
        .as_ref()
        .map_or(link.record.version.clone(), |v| v.to_string());
    let what = format!("{} {version}", link.record.blueprint);
    let answering = Answering {
        given,
        mode: Mode::Replay,
        asker: None,
    };
    Ok(project.render_shown(Some(link), source, answering, &what)?)
}
