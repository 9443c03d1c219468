//! The Cookiecutter context: `cookiecutter.json` with overrides, rendered in two passes.
//!
//! This follows `generate_context` and `prompt_for_config` of Cookiecutter 2.7.1 step by step,
//! because templates depend on its quirks: defaults render in key order and see only earlier
//! keys; `_private` keys stay verbatim and `__private` ones are rendered but never asked; dict
//! variables are rendered in a second pass; numbers become strings; an override of a choice
//! moves it to the front; `.cookiecutterrc` defaults that do not fit only warn. Unlike
//! Cookiecutter, `--data` keys the template does not have are an error, not silently dropped.

use super::jinja::preprocess;
use super::python::{py, py_number, py_str};
use super::Template;
use crate::blueprint::{Choice, Question, QuestionKind};
use crate::prompt::{AskError, Asker};
use crate::render;
use minijinja::Environment;
use serde_json::{Map, Value as Json};

/// The finished context.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// `cookiecutter`: every key, rendered, in `cookiecutter.json` order, plus injected keys.
    pub cookiecutter: Map<String, Json>,
    /// `_cookiecutter`: the non-private keys before rendering, after overrides.
    pub original: Map<String, Json>,
    /// `.cookiecutterrc` defaults that did not fit (Cookiecutter warns, so does jig).
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("--data {key}: {message}")]
    Override { key: String, message: String },
    #[error("--data names variables {} does not have: {}", template, keys.join(", "))]
    UnknownKeys {
        template: String,
        keys: Vec<String>,
        known: Vec<String>,
    },
    #[error("unable to render variable `{key}`")]
    Render {
        key: String,
        #[source]
        error: render::Error,
    },
    #[error("the list of choices for `{key}` is empty")]
    EmptyChoices { key: String },
    #[error(transparent)]
    Ask(#[from] AskError),
}

/// Where the run takes its answers from.
pub(crate) struct Inputs<'a> {
    /// `default_context` from the user's configuration (warn when a value does not fit).
    pub defaults: Map<String, Json>,
    /// `--data` / `--data-file` (an error when a value does not fit).
    pub extra: Map<String, Json>,
    /// `None` for `--no-input`-style runs.
    pub asker: Option<&'a mut dyn Asker>,
}

/// Refuses `--data` keys the template does not have, listing the ones it has.
pub(crate) fn check_keys(template: &Template, extra: &Map<String, Json>) -> Result<(), Error> {
    let unknown: Vec<String> = extra
        .keys()
        .filter(|k| !template.context.contains_key(*k))
        .cloned()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Error::UnknownKeys {
        template: template.name(),
        keys: unknown,
        known: template
            .context
            .keys()
            .filter(|k| !k.starts_with('_'))
            .cloned()
            .collect(),
    })
}

/// Builds the context for `template` as Cookiecutter does, then injects `_template` & co.
pub(crate) fn build(
    template: &Template,
    env: &Environment<'static>,
    inputs: Inputs,
    injected: [(&str, Json); 4],
) -> Result<Context, Error> {
    let mut raw: Map<String, Json> = template
        .context
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut warnings = Vec::new();
    if let Err(message) = apply_overrides(&mut raw, &inputs.defaults, false) {
        warnings.push(format!("invalid default received: {message}"));
    }
    check_keys(template, &inputs.extra)?;
    for (key, value) in &inputs.extra {
        let one = Map::from_iter([(key.clone(), value.clone())]);
        apply_overrides(&mut raw, &one, false).map_err(|message| Error::Override {
            key: key.clone(),
            message,
        })?;
    }
    let original: Map<String, Json> = raw
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut cookiecutter = prompt_for_config(template, env, &raw, inputs.asker)?;
    for (key, value) in injected {
        cookiecutter.insert(key.to_string(), value);
    }
    Ok(Context {
        cookiecutter,
        original,
        warnings,
    })
}

/// Cookiecutter's `apply_overwrites_to_context`.
fn apply_overrides(
    context: &mut Map<String, Json>,
    overrides: &Map<String, Json>,
    in_dict: bool,
) -> Result<(), String> {
    for (key, new) in overrides {
        if !context.contains_key(key) {
            if !in_dict {
                continue;
            }
            context.insert(key.clone(), new.clone());
        }
        let current = context.get_mut(key).expect("present");
        match (&mut *current, new) {
            (Json::Array(_), _) if in_dict => *current = new.clone(),
            (Json::Array(options), Json::Array(chosen)) => {
                if !chosen.iter().all(|c| options.contains(c)) {
                    return Err(format!(
                        "{} provided for multi-choice variable {key}, but valid choices are {}",
                        py(new),
                        py(current)
                    ));
                }
                *current = new.clone();
            }
            (Json::Array(options), _) => match options.iter().position(|o| o == new) {
                Some(i) => {
                    let chosen = options.remove(i);
                    options.insert(0, chosen);
                }
                None => {
                    return Err(format!(
                        "{} provided for choice variable {key}, but the choices are {}",
                        py(new),
                        py(current)
                    ))
                }
            },
            (Json::Object(inner), Json::Object(new_inner)) => {
                apply_overrides(inner, new_inner, true)?;
            }
            (Json::Bool(_), Json::String(text)) => match crate::prompt::parse_bool(text) {
                Some(b) => *current = Json::Bool(b),
                None => {
                    return Err(format!(
                        "`{text}` provided for variable {key} could not be converted to a boolean"
                    ))
                }
            },
            _ => *current = new.clone(),
        }
    }
    Ok(())
}

/// Cookiecutter's `prompt_for_config`: pass 1 for plain values and choices, pass 2 for dicts.
fn prompt_for_config(
    template: &Template,
    env: &Environment<'static>,
    raw: &Map<String, Json>,
    mut asker: Option<&mut dyn Asker>,
) -> Result<Map<String, Json>, Error> {
    let mut done = SoFar::default();
    let size = raw.keys().filter(|k| !k.starts_with('_')).count();
    let mut count = 0;
    for (key, value) in raw {
        if key.starts_with('_') && !key.starts_with("__") {
            done.insert(key.clone(), value.clone());
            continue;
        }
        if key.starts_with("__") {
            let rendered = render_variable(template, env, key, value, &done)?;
            done.insert(key.clone(), rendered);
            continue;
        }
        if value.is_object() {
            continue;
        }
        count += 1;
        let prefix = format!("[{count}/{size}] ");
        let answer = match value {
            Json::Array(options) => {
                let rendered: Vec<Json> = options
                    .iter()
                    .map(|o| render_variable(template, env, key, o, &done))
                    .collect::<Result<_, _>>()?;
                if rendered.is_empty() {
                    return Err(Error::EmptyChoices { key: key.clone() });
                }
                match asker.as_deref_mut() {
                    Some(a) => ask_choice(a, template, key, &prefix, rendered)?,
                    None => rendered[0].clone(),
                }
            }
            Json::Bool(b) => match asker.as_deref_mut() {
                Some(a) => {
                    let q = question(template, key, &prefix, QuestionKind::Boolean);
                    a.ask(&q, Some(&Json::Bool(*b)), &mut crate::prompt::accept)?
                }
                None => value.clone(),
            },
            _ => {
                let default = render_variable(template, env, key, value, &done)?;
                match asker.as_deref_mut() {
                    Some(a) => {
                        let q = question(template, key, &prefix, QuestionKind::String);
                        let shown = (!default.is_null()).then_some(&default);
                        a.ask(&q, shown, &mut crate::prompt::accept)?
                    }
                    None => default,
                }
            }
        };
        done.insert(key.clone(), answer);
    }
    for (key, value) in raw {
        if key.starts_with('_') && !key.starts_with("__") || !value.is_object() {
            continue;
        }
        count += 1;
        let rendered = render_variable(template, env, key, value, &done)?;
        let answer = match asker.as_deref_mut() {
            Some(a) if !key.starts_with("__") => {
                ask_dict(a, template, key, &format!("[{count}/{size}] "), rendered)?
            }
            _ => rendered,
        };
        done.insert(key.clone(), answer);
    }
    Ok(done.json)
}

/// The answers so far, as both the result and the `cookiecutter` variable of the next render.
/// The variable is an object over a map that grows by one value per key, so rendering key N
/// does not copy keys 1..N-1 (a copy per key made 20 000 templated keys take minutes).
#[derive(Default)]
struct SoFar {
    json: Map<String, Json>,
    values: std::sync::Arc<SoFarObject>,
}

#[derive(Debug, Default)]
struct SoFarObject(std::sync::RwLock<indexmap::IndexMap<String, minijinja::Value>>);

impl SoFar {
    fn insert(&mut self, key: String, value: Json) {
        let converted = crate::render::to_value(&value);
        self.values
            .0
            .write()
            .expect("never poisoned")
            .insert(key.clone(), converted);
        self.json.insert(key, value);
    }

    fn variable(&self) -> minijinja::Value {
        minijinja::Value::from_dyn_object(self.values.clone())
    }
}

impl minijinja::value::Object for SoFarObject {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Map
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let map = self.0.read().expect("never poisoned");
        map.get(key.as_str()?).cloned()
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let map = self.0.read().expect("never poisoned");
        let keys: Vec<minijinja::Value> = map
            .keys()
            .map(|k| minijinja::Value::from(k.as_str()))
            .collect();
        minijinja::value::Enumerator::Values(keys)
    }
}

/// Cookiecutter's `render_variable`: strings are templates over the answers so far.
fn render_variable(
    template: &Template,
    env: &Environment<'static>,
    key: &str,
    raw: &Json,
    done: &SoFar,
) -> Result<Json, Error> {
    Ok(match raw {
        Json::Null | Json::Bool(_) => raw.clone(),
        Json::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let k = render_variable(template, env, key, &Json::String(k.clone()), done)?;
                let v = render_variable(template, env, key, v, done)?;
                out.insert(py_str(&k), v);
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(
            items
                .iter()
                .map(|v| render_variable(template, env, key, v, done))
                .collect::<Result<_, _>>()?,
        ),
        Json::Number(n) => Json::String(py_number(n)),
        Json::String(text) => {
            let ctx = minijinja::context! { cookiecutter => done.variable() };
            let rendered = match template.foreign().filter(|f| f.claims(text)) {
                Some(foreign) => foreign.render(super::CONTEXT_FILE, text, &ctx),
                None => {
                    let source = preprocess(text, &template.env_vars);
                    render::render_bounded_str(env, super::CONTEXT_FILE, &source, &ctx)
                }
            }
            .map_err(|e| Error::Render {
                key: key.to_string(),
                error: render::Error::from_minijinja(
                    template.repo_dir.join(super::CONTEXT_FILE),
                    e,
                )
                .explain(&ctx, env, &template.extension_callables()),
            })?;
            Json::String(rendered)
        }
    })
}

fn label(template: &Template, key: &str) -> (String, Option<Map<String, Json>>) {
    match template.prompts.get(key) {
        Some(Json::String(s)) if !s.is_empty() => (s.clone(), None),
        Some(Json::Object(m)) => {
            let prompt = m
                .get("__prompt__")
                .and_then(Json::as_str)
                .unwrap_or(key)
                .to_string();
            (prompt, Some(m.clone()))
        }
        _ => (key.to_string(), None),
    }
}

fn question(template: &Template, key: &str, prefix: &str, kind: QuestionKind) -> Question {
    Question {
        name: key.to_string(),
        kind,
        prompt: format!("{prefix}{}", label(template, key).0),
        help: None,
        default: None,
        choices: Vec::new(),
        validators: Vec::new(),
        when: None,
        computed: None,
        renamed_from: Vec::new(),
        location: Default::default(),
    }
}

fn ask_choice(
    asker: &mut dyn Asker,
    template: &Template,
    key: &str,
    prefix: &str,
    options: Vec<Json>,
) -> Result<Json, Error> {
    let mut q = question(template, key, prefix, QuestionKind::Choice);
    let labels = label(template, key).1.unwrap_or_default();
    q.choices = options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let text = py_str(option);
            Choice {
                value: i.to_string(),
                label: Some(labels.get(&text).map_or(text.clone(), py_str)),
            }
        })
        .collect();
    let picked = asker.ask(
        &q,
        Some(&Json::String("0".into())),
        &mut crate::prompt::accept,
    )?;
    let index: usize = picked.as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(options.into_iter().nth(index).unwrap_or(Json::Null))
}

fn ask_dict(
    asker: &mut dyn Asker,
    template: &Template,
    key: &str,
    prefix: &str,
    default: Json,
) -> Result<Json, Error> {
    let q = question(template, key, prefix, QuestionKind::String);
    let shown = Json::String("default".into());
    let answer = asker.ask(&q, Some(&shown), &mut |answer| {
        let text = answer.as_str().unwrap_or_default().trim();
        if text.is_empty() || text == "default" {
            return Ok(default.clone());
        }
        match serde_json::from_str::<Json>(text) {
            Ok(value @ Json::Object(_)) => Ok(value),
            _ => Err("An error occurred while parsing JSON: enter a JSON object".into()),
        }
    })?;
    Ok(answer)
}
