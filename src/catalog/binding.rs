//! A question answered by a parameter the blueprint's own CloudFormation declares
//! (`catalog.answers`): the parameter must accept exactly the answers `jig new` accepts, with
//! the same default, and hide a secret.

use crate::blueprint::{Question, QuestionKind};
use serde_json::{json, Map, Value as Json};

/// What is wrong (`problems`) or worth knowing (`notes`) about answering `q` with a parameter
/// the blueprint's CloudFormation declares (`declared`: its properties): the console must
/// accept exactly the answers `jig new` accepts, with the same default, and hide a secret.
pub fn check_binding(q: &Question, declared: &Map<String, Json>) -> (Vec<String>, Vec<String>) {
    let (expected, _) = super::params::parameter(q);
    let text = |v: &Json| match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    let want = expected.body.get("Type").map(text).unwrap_or_default();
    let have = declared.get("Type").map(text).unwrap_or_default();
    if want != have {
        problems.push(format!(
            "is of type `{have}`, and a {} question needs `{want}`",
            kind_name(q.kind)
        ));
    }
    let values = |body: &Map<String, Json>| {
        body.get("AllowedValues")
            .and_then(Json::as_array)
            .map(|items| {
                let mut v: Vec<String> = items.iter().map(text).collect();
                v.sort();
                v
            })
    };
    match (values(&expected.body), values(declared)) {
        (Some(want), Some(have)) if want != have => problems.push(format!(
            "allows {}, and the question allows {}",
            have.join(", "),
            want.join(", ")
        )),
        (Some(want), None) => problems.push(format!(
            "allows any value, and the question allows only {}",
            want.join(", ")
        )),
        (None, Some(have)) => notes.push(format!(
            "the console allows only {}, which `jig new` does not check",
            have.join(", ")
        )),
        _ => {}
    }
    if !expected.computed_default {
        match (expected.body.get("Default"), declared.get("Default")) {
            (Some(want), Some(have)) if text(want) != text(have) => problems.push(format!(
                "defaults to `{}`, and the question to `{}`",
                text(have),
                text(want)
            )),
            (Some(want), None) => notes.push(format!(
                "the console has no default; `jig new` defaults to `{}`",
                text(want)
            )),
            _ => {}
        }
    }
    if q.is_secret() && declared.get("NoEcho") != Some(&json!(true)) {
        problems.push("shows its value (a secret needs `NoEcho: true`)".to_string());
    }
    if let (Some(want), Some(have)) = (
        expected.body.get("AllowedPattern"),
        declared.get("AllowedPattern"),
    ) {
        if want != have {
            notes.push(format!(
                "the console checks /{}/, `jig new` checks /{}/",
                text(have),
                text(want)
            ));
        }
    }
    (problems, notes)
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::String => "string",
        QuestionKind::Secret => "secret",
        QuestionKind::Integer => "integer",
        QuestionKind::Float => "float",
        QuestionKind::Boolean => "boolean",
        QuestionKind::Choice => "choice",
        QuestionKind::Multiselect => "multiselect",
    }
}
