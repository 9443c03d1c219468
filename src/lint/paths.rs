//! Lint rules over rendered paths: two template paths rendering to one file, or a path (or the
//! project directory) leaving the project, for any answer set in `tests/` or the defaults with
//! each choice and boolean varied; and free text reaching a path unchecked.

use super::Finding;
use crate::blueprint::{codes, Blueprint, QuestionKind, Rule, MANIFEST_FILE};
use crate::blueprint_tests::sets::{self, AnswerSet};
use crate::generate::{self, blueprint::BlueprintTemplate, Template};
use crate::prompt::{Input, Origin};
use crate::render::plan;
use crate::render::scan::Entry;
use crate::yaml::Location;
use std::collections::HashSet;

pub(super) fn check(
    blueprint: &Blueprint,
    manifest_text: &str,
    entries: &[Entry],
    out: &mut Vec<Finding>,
) {
    let m = &blueprint.manifest;
    let env = crate::render::validation_environment();
    // The questions path templates use.
    let mut in_paths: HashSet<String> = HashSet::new();
    for entry in entries {
        let name = entry.rel.rsplit('/').next().unwrap_or_default();
        if let Ok(t) = env.template_from_str(name) {
            in_paths.extend(t.undeclared_variables(false));
        }
    }
    let project_dir_at = super::line_of(manifest_text, "project_dir:");
    for q in &m.questions {
        let free = q.kind == QuestionKind::String
            && q.computed.is_none()
            && !q
                .validators
                .iter()
                .any(|v| matches!(v.rule, Rule::Regex(_)));
        if free && in_paths.contains(&q.name) {
            let msg = format!(
                "question `{}` is free text used in a file path; add a regex validator so an answer cannot hold `/` or `..`",
                q.name
            );
            out.push(Finding::new(
                codes::UNCHECKED_PATH,
                MANIFEST_FILE,
                q.location,
                msg,
            ));
        }
    }

    let sets = match sets::answer_sets(&blueprint.root) {
        Ok(sets) => sets,
        Err(e) => {
            let file = relative(blueprint, &e.path);
            let at = Location { line: 1, column: 1 };
            out.push(Finding::new(
                codes::INVALID_ANSWER_SET,
                &file,
                at,
                e.message,
            ));
            return;
        }
    };
    for set in &sets {
        let mut variants = vec![(set.clone(), String::new())];
        if set.file.is_none() {
            variants.extend(varied(blueprint, set, &in_paths));
        }
        for (variant, label) in variants {
            let origin = format!("{}{label}", set.origin(&blueprint.root));
            let answers = match variant.resolve(blueprint) {
                Ok(a) => a,
                // A variant lint made up asks questions no answer set answers (an account id
                // asked only for one choice): the blueprint's own answer sets cover it.
                Err(crate::prompt::Error::Missing { .. }) if !label.is_empty() => continue,
                Err(e) => {
                    let file = set
                        .file
                        .as_ref()
                        .map_or_else(|| MANIFEST_FILE.to_string(), |f| relative(blueprint, f));
                    let at = Location { line: 1, column: 1 };
                    let msg = format!("answer set `{}`{label}: {e}", set.name);
                    out.push(Finding::new(codes::INVALID_ANSWER_SET, &file, at, msg));
                    break;
                }
            };
            let template = BlueprintTemplate::new(blueprint, &answers);
            let file = |src: &str| blueprint.tree_path(src);
            match template.plan() {
                Err(generate::Error::Plan(plan::Error::Collision { dst, first, second })) => {
                    let msg = format!("renders to `{dst}`, as `{first}` does, with {origin}");
                    out.push(Finding::new(
                        codes::PATH_COLLISION,
                        &file(&second),
                        Location { line: 1, column: 1 },
                        msg,
                    ));
                }
                Err(generate::Error::Plan(plan::Error::UnsafePath {
                    src,
                    rendered,
                    reason,
                })) => {
                    let msg = format!("renders to `{rendered}`, which {reason}, with {origin}");
                    out.push(Finding::new(
                        codes::PATH_ESCAPE,
                        &file(&src),
                        Location { line: 1, column: 1 },
                        msg,
                    ));
                }
                Err(generate::Error::Plan(
                    e @ (plan::Error::SymlinkOutside { .. }
                    | plan::Error::SymlinkLoop { .. }
                    | plan::Error::SpecialFile { .. }
                    | plan::Error::LinkLeavesTemplate { .. }),
                )) => {
                    let src = e.template_path().unwrap_or_default().to_string();
                    let msg = e.to_string();
                    out.push(Finding::new(
                        codes::PATH_ESCAPE,
                        &file(&src),
                        Location { line: 1, column: 1 },
                        msg,
                    ));
                }
                _ => {}
            }
            if let Err(generate::Error::BadProjectDir { rendered, .. }) =
                template.project_dir_name()
            {
                let msg = format!("project_dir renders to `{rendered}`, which is not a single directory name, with {origin}");
                out.push(Finding::new(
                    codes::PATH_ESCAPE,
                    MANIFEST_FILE,
                    project_dir_at,
                    msg,
                ));
            }
        }
    }
}

/// The defaults with one choice or boolean question used in paths set to each other value.
fn varied(
    blueprint: &Blueprint,
    set: &AnswerSet,
    in_paths: &HashSet<String>,
) -> Vec<(AnswerSet, String)> {
    let mut out = Vec::new();
    for q in &blueprint.manifest.questions {
        if !in_paths.contains(&q.name) || q.computed.is_some() {
            continue;
        }
        let values: Vec<String> = match q.kind {
            QuestionKind::Choice => q.choices.iter().map(|c| c.value.clone()).collect(),
            QuestionKind::Boolean => vec!["true".into(), "false".into()],
            _ => continue,
        };
        for value in values {
            let mut variant = set.clone();
            variant
                .given
                .insert(q.name.clone(), (Input::Text(value.clone()), Origin::Flag));
            out.push((variant, format!(" and {}={value}", q.name)));
        }
    }
    out
}

fn relative(blueprint: &Blueprint, path: &std::path::Path) -> String {
    path.strip_prefix(&blueprint.root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
