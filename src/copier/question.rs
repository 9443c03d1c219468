//! One Copier question and what Copier does with it (`copier/_user_data.py::Question`):
//! every field rendered as a template with the answers so far, the type (the default's
//! Python type when not given), the rendered choices (a choice whose `validator` renders
//! something is disabled), `parse_answer` (cast, then one of the enabled choices, in the
//! choices' order for a multiselect), `validate_answer` and `get_default` (given, recorded,
//! the user's, the template's; `{{ UNSET }}` removes it).

use super::casting::{cast, parse_yaml_list, python_str, Kind};
use minijinja::{Environment, Value};
use serde_json::{Map, Value as Json};

/// Where answers come from besides the questions' own defaults.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// `--data` / `--data-file` (Copier's `data`): also visible to templates when no question
    /// asks for them.
    pub data: Map<String, Json>,
    /// The answers file of the project (`jig update`, `jig check`).
    pub last: Map<String, Json>,
    /// The user's configured defaults.
    pub user_defaults: Map<String, Json>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("question `{question}`: {message}")]
    Invalid { question: String, message: String },
    #[error(transparent)]
    Prompt(#[from] crate::prompt::Error),
}

/// One question, with what it needs to render its fields.
pub(super) struct Question<'a> {
    pub(super) name: &'a str,
    pub(super) def: &'a Map<String, Json>,
    pub(super) env: &'a Environment<'static>,
    pub(super) context: Value,
    pub(super) secret: bool,
}

/// A rendered choice: its label, value and (when its validator said so) why it is disabled.
pub(super) struct Choice {
    pub(super) label: String,
    pub(super) value: Json,
    pub(super) disabled: String,
}

impl Question<'_> {
    pub(super) fn fail(&self, message: impl Into<String>) -> Error {
        Error::Invalid {
            question: self.name.to_string(),
            message: message.into(),
        }
    }

    /// Copier's `render_value`: strings are templates, lists render their string items.
    pub(super) fn render(&self, value: &Json, extra: Option<(&str, &Json)>) -> Result<Json, Error> {
        match value {
            Json::String(source) => {
                let ctx = match extra {
                    Some((k, v)) => with(&self.context, k, crate::render::to_value(v)),
                    None => self.context.clone(),
                };
                crate::render::render_bounded_str(self.env, self.name, source, &ctx)
                    .map(Json::String)
                    .map_err(|e| self.fail(render_message(e)))
            }
            Json::Array(items) => items
                .iter()
                .map(|item| match item {
                    Json::String(_) => self.render(item, None),
                    other => Ok(other.clone()),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Json::Array),
            other => Ok(other.clone()),
        }
    }

    pub(super) fn field(&self, key: &str) -> Option<&Json> {
        self.def.get(key)
    }

    pub(super) fn kind(&self) -> Result<Kind, Error> {
        let name = match self.field("type") {
            Some(t) => match self.render(t, None)? {
                Json::String(s) => s,
                other => other.to_string(),
            },
            None => match self.field("default") {
                Some(Json::String(_)) => "str".into(),
                Some(Json::Bool(_)) => "bool".into(),
                Some(Json::Number(n)) if n.is_f64() => "float".into(),
                Some(Json::Number(_)) => "int".into(),
                _ => "yaml".into(),
            },
        };
        Kind::parse(&name).ok_or_else(|| {
            self.fail(format!(
                "unsupported type `{name}` (Copier's types: bool, float, int, json, path, str, yaml)"
            ))
        })
    }

    pub(super) fn multiselect(&self) -> bool {
        self.field("multiselect")
            .is_some_and(super::casting::to_bool)
    }

    pub(super) fn when(&self) -> Result<bool, Error> {
        match self.field("when") {
            None => Ok(true),
            Some(v) => Ok(super::casting::to_bool(&self.render(v, None)?)),
        }
    }

    fn cast(&self, answer: &Json) -> Result<Json, Error> {
        let kind = self.kind()?;
        cast(kind, answer, self.multiselect()).map_err(|m| self.fail(m))
    }

    pub(super) fn choices(&self) -> Result<Vec<Choice>, Error> {
        let Some(raw) = self.field("choices") else {
            return Ok(Vec::new());
        };
        let raw = match raw {
            Json::String(_) => match self.render(raw, None)? {
                Json::String(text) => crate::yaml::from_str::<Json>(&text)
                    .map_err(|e| self.fail(format!("choices render to invalid YAML: {e}")))?,
                other => other,
            },
            other => other.clone(),
        };
        let pairs: Vec<(Json, Json, bool)> = match raw {
            Json::Object(map) => map
                .into_iter()
                .map(|(k, v)| (Json::String(k), v, true))
                .collect(),
            Json::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Json::Array(pair) if pair.len() == 2 => {
                        (pair[0].clone(), pair[1].clone(), true)
                    }
                    single => (single.clone(), single, false),
                })
                .collect(),
            Json::Null => Vec::new(),
            other => return Err(self.fail(format!("choices must be a list or a map, not {other}"))),
        };
        let mut out = Vec::new();
        for (name, value, pair) in pairs {
            let label = python_str(&self.render(&name, None)?);
            let (value, disabled) = match value {
                Json::Object(map) if pair => {
                    let Some(v) = map.get("value") else {
                        return Err(self.fail(format!("choice `{label}` has no `value`")));
                    };
                    let disabled = match map.get("validator") {
                        None => String::new(),
                        Some(Json::String(s)) => {
                            python_str(&self.render(&Json::String(s.clone()), None)?)
                        }
                        Some(_) => {
                            return Err(self.fail(format!(
                                "the validator of choice `{label}` must be a string"
                            )))
                        }
                    };
                    (v.clone(), disabled)
                }
                other => (other, String::new()),
            };
            let value = self.render(&value, None)?;
            self.cast(&value)?;
            out.push(Choice {
                label,
                value,
                disabled,
            });
        }
        Ok(out)
    }

    /// `parse_answer`: cast, then (with choices) one of the enabled choices.
    pub(super) fn parse(&self, answer: &Json) -> Result<Json, Error> {
        let choices = self.choices()?;
        if self.multiselect() {
            let items: Vec<Json> = match answer {
                Json::String(s) => parse_yaml_list(s)
                    .map_err(|m| self.fail(m))?
                    .into_iter()
                    .map(Json::String)
                    .collect(),
                Json::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            let mut given = Vec::new();
            for item in &items {
                given.push(self.parse_one(&choices, item, false)?);
            }
            let mut out = Vec::new();
            for choice in &choices {
                let value = self.cast_single(&choice.value)?;
                if given.iter().any(|g| same(g, &value)) {
                    out.push(value);
                }
            }
            return Ok(Json::Array(out));
        }
        self.parse_one(&choices, answer, true)
    }

    pub(super) fn cast_single(&self, answer: &Json) -> Result<Json, Error> {
        cast(self.kind()?, answer, false).map_err(|m| self.fail(m))
    }

    fn parse_one(&self, choices: &[Choice], answer: &Json, whole: bool) -> Result<Json, Error> {
        let ans = match whole {
            true => self.cast(answer)?,
            false => self.cast_single(answer)?,
        };
        if choices.is_empty() {
            return Ok(ans);
        }
        let mut disabled_reason = None;
        let mut valid = Vec::new();
        for choice in choices {
            let value = self.cast_single(&choice.value)?;
            if choice.disabled.is_empty() {
                valid.push(value.clone());
            }
            if same(&ans, &value) {
                if choice.disabled.is_empty() {
                    return Ok(ans);
                }
                disabled_reason.get_or_insert(choice.disabled.clone());
            }
        }
        let detail = disabled_reason.unwrap_or_else(|| {
            let valid_plain: Vec<String> = valid
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect();
            let valid: Vec<String> = valid.iter().map(|v| v.to_string()).collect();
            let plain = |v: &Json| v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let near = crate::suggest::did_you_mean(&plain(&ans), valid_plain.iter())
                .map(|n| format!("; {n}"))
                .unwrap_or_default();
            format!("{ans} is not one of {}{near}", valid.join(", "))
        });
        Err(self.fail(format!("invalid choice: {detail}")))
    }

    /// `validate_answer`: the validator renders nothing for a good answer.
    pub(super) fn validate(&self, answer: &Json) -> Result<(), Error> {
        let Some(validator) = self.field("validator") else {
            return Ok(());
        };
        let message = match self.render(validator, Some((self.name, answer))) {
            Ok(rendered) => python_str(&rendered).trim().to_string(),
            Err(Error::Invalid { message, .. }) => message,
            Err(e) => return Err(e),
        };
        match message.is_empty() {
            true => Ok(()),
            false => Err(self.fail(message)),
        }
    }

    /// The template's default, rendered (`None` when there is none or it renders `UNSET`).
    fn template_default(&self, inputs: &Inputs) -> Result<Option<Json>, Error> {
        let raw = inputs
            .user_defaults
            .get(self.name)
            .or_else(|| self.field("default"));
        let Some(raw) = raw else {
            return Ok(None);
        };
        if raw.as_str().is_some_and(|s| s.contains("UNSET")) {
            let unset = with(&self.context, "UNSET", Value::from(UNSET_MARK));
            let source = raw.as_str().unwrap_or_default();
            let text = crate::render::render_bounded_str(self.env, self.name, source, &unset)
                .map_err(|e| self.fail(render_message(e)))?;
            if text.contains(UNSET_MARK) {
                return Ok(None);
            }
            return Ok(Some(Json::String(text)));
        }
        self.render(raw, None).map(Some)
    }

    /// `get_default`: given, recorded, the user's, the template's; parsed and (when asked
    /// and not secret) validated.
    pub(super) fn default(&self, inputs: &Inputs, active: bool) -> Result<Option<Json>, Error> {
        let found = match inputs.data.get(self.name).or(inputs.last.get(self.name)) {
            Some(v) => Some(v.clone()),
            None => self.template_default(inputs)?,
        };
        let Some(found) = found else {
            return Ok(None);
        };
        let parsed = self.parse(&found)?;
        if active && !self.secret {
            self.validate(&parsed)?;
        }
        Ok(Some(parsed))
    }
}

/// What `{{ UNSET }}` renders to, so a default that uses it is known to have none.
const UNSET_MARK: &str = "\u{1}jig-copier-unset\u{1}";

/// `base` with one more variable.
fn with(base: &Value, key: &str, value: Value) -> Value {
    let one: std::collections::BTreeMap<String, Value> = [(key.to_string(), value)].into();
    minijinja::value::merge_maps([Value::from(one), base.clone()])
}

/// Python's `==` for answers: numbers by value (`1 == 1.0`), the rest as JSON.
pub(super) fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Bool(x), Json::Number(y)) | (Json::Number(y), Json::Bool(x)) => {
            y.as_f64() == Some(if *x { 1.0 } else { 0.0 })
        }
        _ => a == b,
    }
}

pub(super) fn render_message(e: minijinja::Error) -> String {
    crate::render::Error::from_minijinja("<question>".into(), e).message
}
