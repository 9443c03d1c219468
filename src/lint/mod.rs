//! `jig lint`: every problem of a blueprint at once, each with file, line, column and a
//! stable code (the codes are in `blueprint::codes`, explained in docs/lint.md).
//!
//! Manifest problems come from the same validation `jig new` runs, so lint and generation
//! never disagree about what a valid manifest is. With a valid manifest, lint goes on to what
//! generation would only find for some answers, or never: template syntax in every file,
//! variables no question defines, questions nothing uses, paths that collide or escape for
//! some answer set, Jinja delimiters that swallow CloudFormation's `{{resolve:...}}` or GitHub
//! Actions' `${{ }}`, and SageMaker parameters missing from a SageMaker Projects blueprint's
//! CloudFormation. Lint only reads; findings are data, and `ui` prints them.

mod catalog;
mod cfn_lint;
mod cloudformation;
mod files;
mod paths;

use crate::blueprint::{codes, parse_manifest, Blueprint, DefaultValue, Rule, MANIFEST_FILE};
use crate::yaml::Location;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One problem, at a position in a file of the blueprint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    /// Relative to the blueprint directory, `/`-separated.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Finding {
    pub(crate) fn new(
        code: &'static str,
        file: &str,
        at: Location,
        message: impl Into<String>,
    ) -> Self {
        let severity = if codes::WARNINGS.contains(&code) {
            Severity::Warning
        } else {
            Severity::Error
        };
        Finding {
            code,
            severity,
            file: file.to_string(),
            line: at.line.max(1),
            column: at.column.max(1),
            message: message.into(),
        }
    }
}

/// The template mistakes that are certain before any answer is known: syntax, unknown filters
/// and tests, and names no question defines (in files the render writes; a partial that is
/// excluded may use its includer's variables). `jig new` checks these before the first
/// question, so a broken blueprint never costs the user their answers.
pub(crate) fn template_errors(blueprint: &Blueprint) -> Vec<Finding> {
    let mut out = Vec::new();
    for view in blueprint.each_repository() {
        let Ok(entries) = crate::render::scan::scan(&view.template_root()) else {
            continue; // the render reports an unreadable tree with its path
        };
        let mut found = Vec::new();
        files::check(&view, &entries, &mut HashSet::new(), &mut found);
        let prefix = view.tree_path("");
        let rules = &view.manifest.files;
        found.retain(|f| match f.code {
            codes::TEMPLATE_SYNTAX | codes::UNKNOWN_FILTER => true,
            codes::UNDEFINED_VARIABLE => {
                let rel = f.file.strip_prefix(&prefix).unwrap_or(&f.file);
                !rules.exclude.is_match(rel)
            }
            _ => false,
        });
        out.extend(found);
    }
    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

/// Lints the blueprint in `root`; findings sorted by file and position.
pub(crate) fn lint(root: &Path) -> Vec<Finding> {
    let start = Location { line: 1, column: 1 };
    let text = match std::fs::read_to_string(root.join(MANIFEST_FILE)) {
        Ok(text) => text,
        Err(e) => {
            let msg = format!("cannot read {MANIFEST_FILE}: {e}");
            return vec![Finding::new(
                codes::MANIFEST_SCHEMA,
                MANIFEST_FILE,
                start,
                msg,
            )];
        }
    };
    let manifest = match parse_manifest(&text, root) {
        Ok(m) => m,
        Err(diagnostics) => {
            return diagnostics
                .into_iter()
                .map(|d| Finding::new(d.code, MANIFEST_FILE, d.location, d.message))
                .collect()
        }
    };
    let blueprint = Blueprint::new(root.to_path_buf(), manifest);
    let mut out = Vec::new();
    let mut used = manifest_uses(&blueprint);
    // Each repository's tree (the one tree of a blueprint that makes one).
    for view in blueprint.each_repository() {
        match crate::render::scan::scan(&view.template_root()) {
            Ok(entries) => {
                files::check(&view, &entries, &mut used, &mut out);
                paths::check(&view, &text, &entries, &mut out);
            }
            Err(e) => {
                let msg = format!(
                    "the template folder `{}` cannot be rendered: {}",
                    view.tree_path("").trim_end_matches('/'),
                    crate::chain::with_causes(&e)
                );
                out.push(Finding::new(
                    codes::MANIFEST_SCHEMA,
                    MANIFEST_FILE,
                    start,
                    msg,
                ));
            }
        }
    }
    cloudformation::check(&blueprint, &mut out);
    catalog::check(&blueprint, &mut out);
    for q in &blueprint.manifest.questions {
        if !used.contains(&q.name) {
            let msg = format!(
                "question `{}` is asked, but no template, path or other question uses it",
                q.name
            );
            out.push(Finding::new(
                codes::UNUSED_QUESTION,
                MANIFEST_FILE,
                q.location,
                msg,
            ));
        }
    }
    // One finding per rule and place: a path that escapes with every answer set says so once.
    let mut seen = HashSet::new();
    out.retain(|f| seen.insert((f.code, f.file.clone(), f.line, f.column)));
    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

/// Variables the manifest's own templates and expressions use (defaults, `when`, computed
/// values, validators, the project directory, hook and check conditions).
fn manifest_uses(blueprint: &Blueprint) -> HashSet<String> {
    let env = crate::render::validation_environment();
    let m = &blueprint.manifest;
    let mut used = HashSet::new();
    let template = |source: &str, used: &mut HashSet<String>| {
        if let Ok(t) = env.template_from_str(source) {
            used.extend(t.undeclared_variables(false));
        }
    };
    template(&m.project_dir, &mut used);
    for r in &m.repositories {
        template(&r.directory, &mut used);
    }
    for q in &m.questions {
        match &q.default {
            Some(DefaultValue::Scalar(s)) => template(s, &mut used),
            Some(DefaultValue::List(items)) => items.iter().for_each(|s| template(s, &mut used)),
            None => {}
        }
        if let Some(c) = &q.computed {
            template(c, &mut used);
        }
        let mut own = HashSet::new();
        for v in &q.validators {
            if let Rule::Expr(e) = &v.rule {
                if let Ok(e) = env.compile_expression(e) {
                    own.extend(e.undeclared_variables(false));
                }
            }
        }
        own.remove(&q.name);
        used.extend(own);
    }
    let whens = m.questions.iter().filter_map(|q| q.when.as_deref());
    let hooks = m.hooks.pre_gen.iter().chain(&m.hooks.post_gen);
    let checks = m.checks.iter().filter_map(|c| c.when.as_deref());
    for expr in whens
        .chain(hooks.filter_map(|h| h.when.as_deref()))
        .chain(checks)
    {
        if let Ok(e) = env.compile_expression(expr) {
            used.extend(e.undeclared_variables(false));
        }
    }
    used
}

/// Where the first line starting with `prefix` is (a top-level key), else the start.
fn line_of(text: &str, prefix: &str) -> Location {
    let line = text
        .lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or(0);
    Location {
        line: line + 1,
        column: 1,
    }
}

/// 1-based line and column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let text = "ab\ncdé{{ x }}\n";
        assert_eq!(position(text, 0), Location { line: 1, column: 1 });
        assert_eq!(position(text, 3), Location { line: 2, column: 1 });
        let at = text.find("{{").unwrap();
        assert_eq!(position(text, at), Location { line: 2, column: 4 });
    }
}
