//! `jig diff`: local changes against the blueprint's render, or (`--upstream`) what the next
//! version would change, as a unified diff.

use crate::cli::DiffArgs;
use crate::error::Error;
use crate::prompt::Mode;
use crate::settings::Settings;
use crate::sync::project::{carry, questions_of, Answering, Project, Rendered};
use crate::sync::tree::{Blob, Tree};
use crate::ui::Ui;
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(args: &DiffArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    let project = Project::open(&settings, args.project.options(), ui)?;
    for recovered in &project.recovered {
        ui.warn(&recovered.describe());
    }
    let mut changed = false;
    for link in project.links()? {
        let file = project.dir.join(&link.file);
        let source = project.recorded(&link)?;
        let (given, _) = carry(&link.record, &file, None);
        let base = render(&project, &link, &source, given, ui)?;
        let text = if args.upstream {
            let target = project.target(&link, args.to.as_deref())?;
            let questions = questions_of(&target)?;
            let (given, _) = carry(&link.record, &file, questions.as_deref());
            let next = render(&project, &link, &target, given, ui)?;
            let paths: BTreeSet<&String> = base
                .tree
                .files
                .keys()
                .chain(next.tree.files.keys())
                .collect();
            diff_trees(&paths, &base.tree, &next.tree.root, |p| {
                next.tree.files.contains_key(p)
            })?
        } else {
            let paths: BTreeSet<&String> = base
                .tree
                .files
                .keys()
                .filter(|p| !base.create_once.contains(*p))
                .collect();
            diff_trees(&paths, &base.tree, &project.dir, |_| true)?
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
    ui: &Ui,
) -> Result<Rendered, Error> {
    let what = format!(
        "{} {}",
        link.record.blueprint,
        source
            .pin
            .version
            .as_ref()
            .map_or(link.record.version.clone(), |v| v.to_string())
    );
    let spinner = ui.spinner_as("Rendering", &what);
    let result = project.render(
        Some(link),
        source,
        Answering {
            given,
            mode: Mode::Replay,
            asker: None,
        },
    );
    spinner.finish_and_clear();
    let rendered = result?;
    for w in &rendered.warnings {
        ui.warn(w);
    }
    Ok(rendered)
}

/// A unified diff from `old` to the files under `new_root` for `paths`; `in_new` says
/// whether a path exists on the new side at all.
fn diff_trees(
    paths: &BTreeSet<&String>,
    old: &Tree,
    new_root: &Path,
    in_new: impl Fn(&str) -> bool,
) -> Result<String, Error> {
    let mut out = String::new();
    for path in paths {
        let read = |root: &Path| {
            Blob::read(root, path).map_err(|e| crate::sync::io("read", &root.join(path))(e))
        };
        let a = old
            .read(path)
            .map_err(|e| crate::sync::io("read", &old.root.join(path))(e))?;
        let b = if in_new(path) { read(new_root)? } else { None };
        if crate::sync::compare::same_option(a.as_ref(), b.as_ref()) {
            continue;
        }
        out.push_str(&unified(path, a.as_ref(), b.as_ref()));
    }
    Ok(out)
}

/// One file's diff in git's format (`/dev/null` for an added or deleted side).
fn unified(path: &str, a: Option<&Blob>, b: Option<&Blob>) -> String {
    let name_a = if a.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".into()
    };
    let name_b = if b.is_some() {
        format!("b/{path}")
    } else {
        "/dev/null".into()
    };
    let mut out = format!("diff --git a/{path} b/{path}\n");
    match (a, b) {
        (None, Some(y)) => out.push_str(&format!("new file mode {:o}\n", y.mode())),
        (Some(x), None) => out.push_str(&format!("deleted file mode {:o}\n", x.mode())),
        (Some(x), Some(y)) if x.kind != y.kind => {
            out.push_str(&format!(
                "old mode {:o}\nnew mode {:o}\n",
                x.mode(),
                y.mode()
            ));
        }
        _ => {}
    }
    let binary = a.is_some_and(Blob::is_binary) || b.is_some_and(Blob::is_binary);
    if binary {
        out.push_str(&format!("Binary files {name_a} and {name_b} differ\n"));
        return out;
    }
    let text = |x: Option<&Blob>| {
        x.map(|x| String::from_utf8_lossy(&x.bytes).into_owned())
            .unwrap_or_default()
    };
    let (ta, tb) = (text(a), text(b));
    if ta != tb {
        let diff = similar::TextDiff::from_lines(&ta, &tb);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&name_a, &name_b)
                .to_string(),
        );
    }
    out
}
