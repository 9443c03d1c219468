//! Names a Copier template uses that nothing defines. Copier renders an undefined variable as
//! nothing (Jinja's default `Undefined`), and jig must render the same bytes, so a typo like
//! `{{ projet_name }}` silently empties a line. `jig new` renders as Copier does and says so:
//! each such name once, with the file that uses it and the question it probably meant.

use super::generate::Prepared;
use crate::render::plan::Action;
use std::collections::{BTreeMap, HashSet};

/// Warnings for the variables the template's files use that neither the answers, the context
/// Copier gives nor the environment's globals define (nothing when `_envops.undefined` is
/// strict: a render error names them then).
pub(crate) fn undefined_names(prepared: &Prepared) -> Vec<String> {
    let renderer = crate::generate::Template::renderer(prepared);
    if prepared.template.envops.strict {
        return Vec::new();
    }
    let Ok(plan) = crate::generate::Template::plan(prepared) else {
        return Vec::new();
    };
    let env = renderer.environment();
    let mut known: HashSet<String> = env.globals().map(|(k, _)| k.to_string()).collect();
    if let Ok(keys) = renderer.context().try_iter() {
        known.extend(keys.map(|k| k.to_string()));
    }
    let root = crate::generate::Template::template_root(prepared);
    let mut unknown: BTreeMap<String, String> = BTreeMap::new();
    for file in &plan.files {
        if !matches!(file.action, Action::Render { .. }) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(&file.src)) else {
            continue;
        };
        let text = prepared.template.envops.normalize(&text);
        let Ok(template) = env.template_from_str(&text) else {
            continue;
        };
        let local: HashSet<String> = file
            .vars
            .as_ref()
            .and_then(|v| v.try_iter().ok())
            .map(|keys| keys.map(|k| k.to_string()).collect())
            .unwrap_or_default();
        for name in template.undeclared_variables(false) {
            if !known.contains(&name) && !local.contains(&name) {
                unknown.entry(name).or_insert_with(|| file.src.clone());
            }
        }
    }
    unknown
        .into_iter()
        .map(|(name, file)| {
            let hint = prepared.template.question_hint(&name);
            format!("{file} uses `{name}`, which no question or setting defines: it renders as nothing, as with Copier{hint}")
        })
        .collect()
}
