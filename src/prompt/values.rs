//! Typing answers: text from a flag, a file or a prompt becomes the question's type.

use crate::blueprint::{Choice, QuestionKind};
use serde_json::Value as Json;

/// A raw value before typing: text, or a list (from a data file or a multiselect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    Text(String),
    List(Vec<String>),
}

/// A file of answers that cannot be read: what is wrong with it (the caller names its role,
/// `--data-file` or an answer set).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct DataFileError {
    pub path: std::path::PathBuf,
    pub message: String,
}

/// Answers from a YAML file (`--data-file`, a blueprint's `tests/*.yaml`): a mapping of
/// question names to a value or a list of values.
pub(crate) fn read_answers_file(path: &std::path::Path) -> Result<super::Given, DataFileError> {
    let fail = |message: String| DataFileError {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    if text.trim().is_empty() {
        return Ok(super::Given::new());
    }
    let map: indexmap::IndexMap<String, crate::yaml::Value> =
        crate::yaml::from_str(&text).map_err(|e| fail(e.to_string()))?;
    let mut given = super::Given::new();
    for (key, value) in map {
        let input = yaml_input(&value)
            .ok_or_else(|| fail(format!("`{key}` must be a value or a list of values")))?;
        given.insert(key, (input, super::Origin::DataFile(path.to_path_buf())));
    }
    Ok(given)
}

fn yaml_input(value: &crate::yaml::Value) -> Option<Input> {
    use crate::yaml::Value as Y;
    let scalar = |v: &Y| match v {
        Y::String(s) => Some(s.clone()),
        Y::Bool(b) => Some(b.to_string()),
        Y::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Y::Sequence(items) => items
            .iter()
            .map(scalar)
            .collect::<Option<Vec<_>>>()
            .map(Input::List),
        other => scalar(other).map(Input::Text),
    }
}

/// Types one scalar (multiselect: comma-separated values).
pub(crate) fn parse_scalar(
    kind: QuestionKind,
    text: &str,
    choices: &[Choice],
) -> Result<Json, String> {
    parse_value(kind, &Input::Text(text.to_string()), choices)
}

pub(crate) fn parse_value(
    kind: QuestionKind,
    input: &Input,
    choices: &[Choice],
) -> Result<Json, String> {
    let text = match input {
        Input::Text(t) => t.as_str(),
        Input::List(items) if kind == QuestionKind::Multiselect => {
            return multiselect(items.iter().map(String::as_str), choices)
        }
        Input::List(_) => return Err("expects a single value, not a list".into()),
    };
    match kind {
        QuestionKind::String | QuestionKind::Secret => Ok(Json::String(text.to_string())),
        QuestionKind::Integer => text
            .trim()
            .parse::<i64>()
            .map(Json::from)
            .map_err(|_| format!("is not an integer: `{text}`")),
        QuestionKind::Float => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Json::Number)
            .ok_or_else(|| format!("is not a number: `{text}`")),
        QuestionKind::Boolean => parse_bool(text).map(Json::Bool).ok_or_else(|| {
            format!("is not a yes/no value: `{text}` (use true/false, yes/no, y/n, 1/0, on/off)")
        }),
        QuestionKind::Choice => {
            let text = text.trim();
            choices
                .iter()
                .find(|c| c.value == text)
                .map(|c| Json::String(c.value.clone()))
                .ok_or_else(|| not_one_of(text, choices))
        }
        QuestionKind::Multiselect => {
            let items = text.split(',').map(str::trim).filter(|s| !s.is_empty());
            multiselect(items, choices)
        }
    }
}

fn multiselect<'a>(
    items: impl Iterator<Item = &'a str>,
    choices: &[Choice],
) -> Result<Json, String> {
    let mut out = Vec::new();
    for item in items {
        if !choices.iter().any(|c| c.value == item) {
            return Err(not_one_of(item, choices));
        }
        out.push(Json::String(item.to_string()));
    }
    Ok(Json::Array(out))
}

/// "`eu-wset-1` is not one of: eu-west-1, us-east-1; did you mean `eu-west-1`?"
fn not_one_of(given: &str, choices: &[Choice]) -> String {
    let near = crate::suggest::did_you_mean(given, choices.iter().map(|c| c.value.as_str()));
    match near {
        Some(near) => format!("`{given}` is not one of: {}; {near}", list(choices)),
        None => format!("`{given}` is not one of: {}", list(choices)),
    }
}

fn list(choices: &[Choice]) -> String {
    choices
        .iter()
        .map(|c| c.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "t" | "yes" | "y" | "on" => Some(true),
        "0" | "false" | "f" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// A yes/no answer typed at a prompt: y, yes, n, no, true or false, in any case (the
/// wider set of `parse_bool` is for values given in flags and files).
pub(crate) fn parse_yes_no(text: &str) -> Result<bool, String> {
    let text = text.trim();
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" => Ok(true),
        "n" | "no" | "false" => Ok(false),
        "" => Err("type y or n (there is no default)".into()),
        _ => Err(format!(
            "`{text}` is not yes or no: type y, yes, n, no, true or false"
        )),
    }
}

/// A value as text, the way a regex validator sees it.
pub(crate) fn display(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Array(items) => items.iter().map(display).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}
