//! Asking a Copier question on the terminal, through the same `Asker` as a blueprint's: its
//! rendered help above the prompt, `NAME (TYPE)` as Copier shows it, a menu of the enabled
//! choices (a disabled one left out), a checkbox list for a multiselect, yes/no for a bool,
//! hidden input for a secret; the answer is cast, checked against the choices and the
//! validator, and asked again under the reason when refused.

use super::casting::{python_str, Kind};
use super::question::{same, Choice, Error, Inputs, Question};
use crate::blueprint::QuestionKind;
use crate::prompt::{AskError, Asker};
use serde_json::Value as Json;

/// Asks on the terminal until the answer parses and validates.
pub(super) fn ask(q: &Question, inputs: &Inputs, asker: &mut dyn Asker) -> Result<Json, Error> {
    let kind = q.kind()?;
    let choices = q.choices()?;
    let enabled: Vec<&Choice> = choices.iter().filter(|c| c.disabled.is_empty()).collect();
    let multiselect = q.multiselect();
    let default = q.default(inputs, true).ok().flatten();
    let help = match q.field("help") {
        Some(h) => Some(python_str(&q.render(h, None)?)).filter(|h| !h.trim().is_empty()),
        None => None,
    };
    let shown = crate::blueprint::Question {
        name: q.name.to_string(),
        kind: match (kind, enabled.is_empty(), multiselect) {
            (_, false, true) => QuestionKind::Multiselect,
            (_, false, false) => QuestionKind::Choice,
            _ if q.secret => QuestionKind::Secret,
            (Kind::Bool, ..) => QuestionKind::Boolean,
            _ => QuestionKind::String,
        },
        prompt: match kind {
            Kind::Str => q.name.to_string(),
            other => format!("{} ({})", q.name, other.name()),
        },
        help,
        default: None,
        choices: enabled
            .iter()
            .enumerate()
            .map(|(i, c)| crate::blueprint::Choice {
                value: i.to_string(),
                label: Some(c.label.clone()),
            })
            .collect(),
        validators: Vec::new(),
        when: None,
        computed: None,
        renamed_from: Vec::new(),
        location: crate::yaml::Location::default(),
    };
    let index_of = |v: &Json| {
        enabled
            .iter()
            .position(|c| q.cast_single(&c.value).is_ok_and(|c| same(&c, v)))
    };
    let shown_default = default.as_ref().map(|d| match (&shown.kind, d) {
        (QuestionKind::Choice, d) => {
            Json::String(index_of(d).map_or_else(String::new, |i| i.to_string()))
        }
        (QuestionKind::Multiselect, Json::Array(items)) => Json::Array(
            items
                .iter()
                .filter_map(|d| index_of(d).map(|i| Json::String(i.to_string())))
                .collect(),
        ),
        (QuestionKind::Boolean, d) => d.clone(),
        (_, Json::String(s)) => Json::String(s.clone()),
        (_, other) if matches!(kind, Kind::Yaml | Kind::Json) => Json::String(python_str(other)),
        (_, other) => Json::String(python_str(other)),
    });
    // An error that is not a refusal (a validator that fails to render) ends the question.
    let mut failed = None;
    let value = asker
        .ask(&shown, shown_default.as_ref(), &mut |raw| {
            let answer = match (&shown.kind, raw) {
                (QuestionKind::Choice, Json::String(i)) => {
                    enabled[i.parse::<usize>().unwrap_or(0)].value.clone()
                }
                (QuestionKind::Multiselect, Json::Array(picked)) => Json::Array(
                    picked
                        .iter()
                        .filter_map(|i| i.as_str()?.parse::<usize>().ok())
                        .map(|i| enabled[i].value.clone())
                        .collect(),
                ),
                (_, other) => other.clone(),
            };
            match q.parse(&answer).and_then(|v| q.validate(&v).map(|_| v)) {
                Ok(value) => Ok(value),
                Err(Error::Invalid { message, .. }) => Err(message),
                Err(e) => {
                    failed = Some(e);
                    Ok(Json::Null)
                }
            }
        })
        .map_err(|e: AskError| Error::Prompt(e.into()))?;
    match failed {
        Some(e) => Err(e),
        None => Ok(value),
    }
}
