//! Lint rules over the template tree's files: syntax, undefined variables, delimiter clashes,
//! and the SageMaker parameters of a Projects blueprint's CloudFormation.

use super::{position, Finding};
use crate::blueprint::{codes, Blueprint, Delimiters};
use crate::render::scan::{Entry, EntryKind};
use crate::yaml::Location;
use minijinja::Environment;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Text that other tools give meaning to and Jinja's default `{{ }}` would swallow.
const CLASHES: &[(&str, &str)] = &[
    (
        "{{resolve:",
        "CloudFormation's dynamic reference `{{resolve:...}}`",
    ),
    ("${{", "GitHub Actions' expression `${{ ... }}`"),
];

static RAW_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}").expect("valid regex")
});

/// Checks every file of the template tree; adds the variables they use to `used`.
pub(super) fn check(
    blueprint: &Blueprint,
    entries: &[Entry],
    used: &mut HashSet<String>,
    out: &mut Vec<Finding>,
) {
    let m = &blueprint.manifest;
    let mut profiles = vec![Delimiters::default()];
    profiles.extend(m.files.delimiters.iter().map(|r| r.syntax.clone()));
    let envs: Vec<Environment<'static>> = profiles
        .iter()
        .map(crate::render::base_environment)
        .collect();
    let questions: Vec<&str> = m.questions.iter().map(|q| q.name.as_str()).collect();
    let mut known: HashSet<String> = m.questions.iter().map(|q| q.name.clone()).collect();
    known.extend(envs[0].globals().map(|(k, _)| k.to_string()));
    known.insert("jig".into());
    let root = blueprint.template_root();
    // Whether a filter or test exists, by (kind, name): asked of the environment once each.
    let mut callables: HashMap<(&'static str, String), bool> = HashMap::new();
    for entry in entries {
        let file = blueprint.tree_path(&entry.rel);
        // A path's last component is a template with the default delimiters (the parents
        // are entries of their own).
        let part = entry.rel.rsplit('/').next().unwrap_or_default();
        if crate::blueprint::validate::is_template(part) {
            let at = Location { line: 1, column: 1 };
            match envs[0].template_from_str(part) {
                Ok(t) => undefined(t.undeclared_variables(false), &known, used, |var| {
                    let msg = format!(
                        "the path `{}` uses `{var}`, which no question defines",
                        entry.rel
                    );
                    out.push(Finding::new(codes::UNDEFINED_VARIABLE, &file, at, msg));
                }),
                Err(e) => {
                    let msg = format!("the path `{}`: {}", entry.rel, detail(&e));
                    out.push(Finding::new(codes::TEMPLATE_SYNTAX, &file, at, msg));
                }
            }
        }
        // The rules match the rendered path: a conditional name (`{% if x %}ci.yml{% endif %}`)
        // is matched as the file it renders to when it is there.
        let shown = without_tags(&entry.rel);
        let copied = m.files.copy.is_match(&entry.rel) || m.files.copy.is_match(&shown);
        if !matches!(entry.kind, EntryKind::File { .. }) || copied {
            continue;
        }
        let Ok(bytes) = std::fs::read(root.join(&entry.rel)) else {
            continue;
        };
        if crate::render::scan::looks_binary(&bytes) {
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let profile = match m.files.syntax_for(&shown) {
            0 => m.files.syntax_for(&entry.rel),
            other => other,
        };
        if profile == 0 && clashes(&text, &file, out) {
            continue;
        }
        match envs[profile].template_from_named_str(&entry.rel, &text) {
            Ok(t) => {
                for (what, name, line) in unknown_callables(&envs[profile], &t, &mut callables) {
                    let at = callable_use(&text, line, &name);
                    let mut msg = format!("there is no {what} `{name}`");
                    if let Some(near) = crate::suggest::nearest(
                        &name,
                        crate::render::callables::known(&envs[profile], what, &[]),
                    ) {
                        msg.push_str(&format!("; did you mean `{near}`?"));
                    }
                    out.push(Finding::new(codes::UNKNOWN_FILTER, &file, at, msg));
                }
                undefined(t.undeclared_variables(false), &known, used, |var| {
                    let at = first_use(&text, var, &profiles[profile]);
                    let mut msg =
                        format!("`{var}` is not a question (or a variable the template sets)");
                    if let Some(name) = crate::suggest::nearest(var, &questions) {
                        msg.push_str(&format!("; did you mean `{name}`?"));
                    }
                    out.push(Finding::new(codes::UNDEFINED_VARIABLE, &file, at, msg));
                })
            }
            Err(e) => {
                let at = match e.range() {
                    Some(r) => position(&text, r.start),
                    None => Location {
                        line: e.line().unwrap_or(1),
                        column: 1,
                    },
                };
                out.push(Finding::new(codes::TEMPLATE_SYNTAX, &file, at, detail(&e)));
            }
        }
    }
}

/// The filters and tests `template` applies that `env` does not have, with their line:
/// minijinja looks them up only when the expression runs, so without this a misspelt filter
/// passes until the line renders. Reads the compiled instructions (`unstable_machinery`).
fn unknown_callables(
    env: &Environment<'static>,
    template: &minijinja::Template,
    known: &mut HashMap<(&'static str, String), bool>,
) -> Vec<(&'static str, String, usize)> {
    use minijinja::machinery::{get_compiled_template, Instruction};
    let compiled = get_compiled_template(template);
    let mut found = Vec::new();
    for instructions in std::iter::once(&compiled.instructions).chain(compiled.blocks.values()) {
        let mut idx = 0;
        while let Some(instruction) = instructions.get(idx) {
            let call = match instruction {
                Instruction::ApplyFilter(name, ..) => Some(("filter", *name)),
                Instruction::PerformTest(name, ..) => Some(("test", *name)),
                _ => None,
            };
            if let Some((what, name)) = call {
                let exists = *known
                    .entry((what, name.to_string()))
                    .or_insert_with(|| crate::render::callables::exists(env, what, name));
                let line = instructions.get_line(idx).unwrap_or(1);
                if !exists && !found.iter().any(|(w, n, _)| *w == what && n == name) {
                    found.push((what, name.to_string(), line));
                }
            }
            idx += 1;
        }
    }
    found
}

/// Where filter or test `name` is used on `line` (1-based), else the line's start.
fn callable_use(text: &str, line: usize, name: &str) -> Location {
    let Some(row) = text.lines().nth(line.saturating_sub(1)) else {
        return Location { line, column: 1 };
    };
    let word = Regex::new(&format!(r"\b{}\b", regex::escape(name))).expect("escaped");
    let column = word
        .find(row)
        .map_or(1, |m| row[..m.start()].chars().count() + 1);
    Location { line, column }
}

/// Sorts `vars` into used names and undefined ones (reported in name order).
fn undefined(
    vars: HashSet<String>,
    known: &HashSet<String>,
    used: &mut HashSet<String>,
    mut report: impl FnMut(&str),
) {
    let mut unknown: Vec<&String> = vars.iter().filter(|v| !known.contains(*v)).collect();
    unknown.sort();
    for var in unknown {
        report(var);
    }
    used.extend(vars);
}

/// `path` without its block and comment tags: the name a conditional path renders to.
fn without_tags(path: &str) -> String {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{%.*?%\}|\{#.*?#\}").expect("a valid pattern"));
    TAG.replace_all(path, "").into_owned()
}

/// Reports text the default delimiters would swallow, outside `{% raw %}` blocks; true if any.
fn clashes(text: &str, file: &str, out: &mut Vec<Finding>) -> bool {
    let mut masked = text.to_string();
    for m in RAW_BLOCK.find_iter(text) {
        masked.replace_range(m.range(), &" ".repeat(m.len()));
    }
    let mut found = false;
    for (needle, what) in CLASHES {
        let hits: Vec<usize> = masked.match_indices(needle).map(|(i, _)| i).collect();
        if let Some(first) = hits.first() {
            found = true;
            let more = match hits.len() {
                1 => String::new(),
                n => format!(" ({n} places)"),
            };
            let msg = format!(
                "{what}{more} collides with Jinja's `{{{{ }}}}`; add a `files.delimiters` rule (or `files.copy`) covering this file, or wrap it in {{% raw %}}"
            );
            out.push(Finding::new(
                codes::DELIMITER_CLASH,
                file,
                position(text, *first),
                msg,
            ));
        }
    }
    found
}

/// Where `var` is first used inside a tag, else the start of the file.
fn first_use(text: &str, var: &str, d: &Delimiters) -> Location {
    let word = Regex::new(&format!(r"\b{}\b", regex::escape(var))).expect("escaped");
    let mut at = 0;
    while let Some(open) = [&d.variable.0, &d.block.0]
        .iter()
        .filter_map(|o| text[at..].find(o.as_str()).map(|i| (at + i, o.len())))
        .min()
    {
        let start = open.0 + open.1;
        let end = [&d.variable.1, &d.block.1]
            .iter()
            .filter_map(|c| text[start..].find(c.as_str()).map(|i| start + i))
            .min()
            .unwrap_or(text.len());
        if let Some(m) = word.find(&text[start..end]) {
            return position(text, start + m.start());
        }
        at = end;
    }
    Location { line: 1, column: 1 }
}

fn detail(e: &minijinja::Error) -> String {
    e.detail()
        .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()))
}
