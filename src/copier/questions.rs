//! A Copier questionnaire answered the way Copier 9 answers it (`copier/_user_data.py`).
//!
//! Every field of a question may be a template rendered with the answers so far; `type` is
//! the default's Python type when not given (`str`, `int`, `float`, `bool`, else `yaml`); an
//! answer is cast by its type (Copier's `cast_to_bool`, Python's `int()` and `float()`, YAML or
//! JSON parsing), checked against the rendered `choices` (a choice whose `validator` renders
//! something is disabled) and then against the question's `validator` (a template that renders
//! nothing when the answer is good, else the message). A question whose `when` is false is
//! not asked and not recorded, but keeps its default in the context; `{{ UNSET }}` in a default
//! removes it. Given answers (`--data`) win, then recorded ones (`jig update`), then the
//! user's defaults, then the template's. Secrets are never recorded.

use super::question::Question;
pub(crate) use super::question::{Error, Inputs};
use super::so_far::SoFar;
use crate::prompt::{Asker, Mode};
use indexmap::IndexMap;
use minijinja::{Environment, Value};
use serde_json::{Map, Value as Json};
use std::collections::HashSet;

/// The answers: what templates see, and what the answers file records.
#[derive(Debug, Default, Clone)]
pub(crate) struct Answers {
    /// Every answer, including skipped questions' defaults and secrets.
    pub values: Map<String, Json>,
    /// Questions whose `when` was false (their answers are not recorded).
    pub hidden: HashSet<String>,
    /// The answers the answers file records, in question order.
    pub recorded: Map<String, Json>,
}

/// Answers every question in order. `base` is the rest of the render context (`_copier_conf`,
/// `_src_path` ...); `asker` asks on a terminal in `Mode::Interactive`.
pub(crate) fn answer(
    questions: &IndexMap<String, Map<String, Json>>,
    secret_questions: &[String],
    env: &Environment<'static>,
    base: &Map<String, Json>,
    mut inputs: Inputs,
    mode: Mode,
    mut asker: Option<&mut dyn Asker>,
) -> Result<Answers, Error> {
    let mut out = Answers::default();
    let mut missing = Vec::new();
    let secret_questions: HashSet<&str> = secret_questions.iter().map(String::as_str).collect();
    // One context for every question, growing by each answer (see `so_far`).
    let so_far = SoFar::new(base, &inputs);
    for (name, def) in questions {
        let secret = secret_questions.contains(name.as_str())
            || def.get("secret").is_some_and(super::casting::to_bool);
        let q = Question {
            name,
            def,
            env,
            context: so_far.value(),
            secret,
        };
        if secret && !def.contains_key("default") {
            return Err(q.fail("a secret question needs a default (Copier refuses it too)"));
        }
        // A recorded answer that no longer parses or validates is asked again.
        if let Some(last) = inputs.last.get(name.as_str()) {
            if q.parse(last).and_then(|v| q.validate(&v)).is_err() {
                inputs.last.remove(name.as_str());
                so_far.forget_recorded(name);
            }
        }
        let active = q.when()?;
        if !active {
            out.hidden.insert(name.clone());
            inputs.last.remove(name.as_str());
            so_far.forget_recorded(name);
        }
        let value = if let Some(given) = inputs.data.get(name.as_str()) {
            let value = q.parse(given)?;
            q.validate(&value)?;
            Some(value)
        } else if matches!(mode, Mode::Replay | Mode::ReplayNoInput) && secret && active {
            // Secrets are never recorded: a render of a recorded version marks where one goes.
            Some(Json::String(crate::prompt::secret_placeholder(name)))
        } else if !active
            || matches!(mode, Mode::Defaults | Mode::Replay)
            || (mode == Mode::ReplayNoInput && inputs.last.contains_key(name.as_str()))
        {
            match q.default(&inputs, active)? {
                Some(v) => Some(v),
                None if !active => None,
                None if mode == Mode::Replay && secret => {
                    Some(Json::String(crate::prompt::secret_placeholder(name)))
                }
                None => {
                    missing.push(name.clone());
                    None
                }
            }
        } else {
            match (mode, asker.as_deref_mut()) {
                (Mode::Interactive, Some(asker)) => Some(super::ask::ask(&q, &inputs, asker)?),
                _ => {
                    missing.push(name.clone());
                    None
                }
            }
        };
        if let Some(value) = value {
            if active && !secret {
                out.recorded.insert(name.clone(), value.clone());
            }
            so_far.answered(name, &value);
            out.values.insert(name.clone(), value);
        }
    }
    if !missing.is_empty() {
        return Err(crate::prompt::Error::Missing {
            names: missing,
            defaulted: matches!(mode, Mode::Defaults | Mode::Replay),
        }
        .into());
    }
    Ok(out)
}

/// The render context: Copier's `answers.combined` over `base`, built once (the questions
/// render in `SoFar`, the same context as a view that grows).
pub(crate) fn context(
    base: &Map<String, Json>,
    inputs: &Inputs,
    answered: &Map<String, Json>,
) -> Value {
    let mut map = base.clone();
    for layer in [&inputs.user_defaults, &inputs.last, &inputs.data, answered] {
        for (k, v) in layer {
            map.insert(k.clone(), v.clone());
        }
    }
    crate::render::to_value(&map)
}

#[cfg(test)]
#[path = "questions_tests.rs"]
mod tests;
