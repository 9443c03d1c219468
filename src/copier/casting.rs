//! Copier's answer types and how a value is cast to each (`CAST_STR_TO_NATIVE`): Copier's
//! `cast_to_bool` and `cast_to_str`, Python's `int()` and `float()` on text, JSON and YAML
//! parsing, and `str()` for paths. Kept apart from the questionnaire because the rules are
//! Python's, not Copier's, and are tested as such.

use serde_json::Value as Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Float,
    Int,
    Json,
    Str,
    Yaml,
    Path,
}

impl Kind {
    pub(crate) fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "bool" => Kind::Bool,
            "float" => Kind::Float,
            "int" => Kind::Int,
            "json" => Kind::Json,
            "str" => Kind::Str,
            "yaml" => Kind::Yaml,
            "path" => Kind::Path,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Bool => "bool",
            Kind::Float => "float",
            Kind::Int => "int",
            Kind::Json => "json",
            Kind::Str => "str",
            Kind::Yaml => "yaml",
            Kind::Path => "path",
        }
    }
}

/// `Question.cast_answer`: `None` only for json and yaml; a list item by item when the
/// question is a multiselect.
pub(crate) fn cast(kind: Kind, answer: &Json, multiselect: bool) -> Result<Json, String> {
    if answer.is_null() && !matches!(kind, Kind::Json | Kind::Yaml) {
        return Err(format!(
            "no answer (null) for a question of type {}",
            kind.name()
        ));
    }
    if let (true, Json::Array(items)) = (multiselect, answer) {
        return items
            .iter()
            .map(|item| cast_one(kind, item))
            .collect::<Result<_, _>>()
            .map(Json::Array);
    }
    cast_one(kind, answer)
}

fn cast_one(kind: Kind, answer: &Json) -> Result<Json, String> {
    let bad = || format!("`{}` is not a valid {}", python_str(answer), kind.name());
    match kind {
        Kind::Bool => Ok(Json::Bool(to_bool(answer))),
        Kind::Int => match answer {
            Json::Bool(b) => Ok(Json::from(*b as i64)),
            Json::Number(n) => Ok(match n.as_i64() {
                Some(i) => Json::from(i),
                None => Json::from(n.as_f64().unwrap_or_default().trunc() as i64),
            }),
            Json::String(s) => python_int(s).map(Json::from).ok_or_else(bad),
            _ => Err(bad()),
        },
        Kind::Float => match answer {
            Json::Bool(b) => Ok(float(if *b { 1.0 } else { 0.0 })),
            Json::Number(n) => Ok(float(n.as_f64().unwrap_or_default())),
            Json::String(s) => python_float(s).map(float).ok_or_else(bad),
            _ => Err(bad()),
        },
        Kind::Str => match answer {
            Json::String(_) | Json::Number(_) | Json::Bool(_) => {
                Ok(Json::String(python_str(answer)))
            }
            _ => Err(format!(
                "could not convert {} to a string",
                python_str(answer)
            )),
        },
        Kind::Path => Ok(Json::String(python_str(answer))),
        Kind::Json => match answer {
            Json::String(s) => serde_json::from_str(s).map_err(|e| format!("invalid JSON: {e}")),
            other => Ok(other.clone()),
        },
        Kind::Yaml => match answer {
            Json::String(s) => match super::pyyaml::yaml11_scalar(s) {
                Some(value) => Ok(value),
                None => crate::yaml::from_str::<Json>(s).map_err(|e| format!("invalid YAML: {e}")),
            },
            other => Ok(other.clone()),
        },
    }
}

fn float(f: f64) -> Json {
    serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
}

/// Copier's `cast_to_bool`: a number is true unless zero; YAML's words; else Python's truth.
pub(crate) fn to_bool(value: &Json) -> bool {
    match value {
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::Null => false,
        Json::String(s) => {
            if let Some(f) = python_float(s) {
                return f != 0.0;
            }
            let lower = s.trim().to_lowercase();
            match lower.as_str() {
                "" => false,
                "y" | "yes" | "t" | "true" | "on" => true,
                "n" | "no" | "f" | "false" | "off" | "~" | "null" | "none" => false,
                _ => true,
            }
        }
        Json::Array(items) => !items.is_empty(),
        Json::Object(map) => !map.is_empty(),
    }
}

/// Python's `int(text)`: optional sign, digits with single underscores between them.
fn python_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    t.replace('_', "").parse().ok()
}

/// Python's `float(text)`: decimal and exponent forms with underscores between digits,
/// `inf`, `infinity`, `nan` in any case.
fn python_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t).to_lowercase();
    let negative = t.starts_with('-');
    match unsigned.as_str() {
        "inf" | "infinity" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    let ok_underscores = !t.contains("__")
        && t.char_indices().all(|(i, c)| {
            c != '_'
                || (i > 0
                    && t[..i].chars().last().is_some_and(|p| p.is_ascii_digit())
                    && t[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_digit()))
        });
    let plain = t.replace('_', "");
    let valid = ok_underscores
        && !plain.is_empty()
        && plain
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
        && plain.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    plain.parse().ok()
}

/// Python's `str()` of an answer: `True`, `1.5`, text as is, lists and maps as their repr.
pub(crate) fn python_str(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Bool(true) => "True".into(),
        Json::Bool(false) => "False".into(),
        Json::Null => "None".into(),
        Json::Number(n) if n.is_f64() => {
            super::pyyaml::python_float_repr(n.as_f64().unwrap_or_default())
        }
        Json::Number(n) => n.to_string(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    python_repr(&Json::String(k.clone())),
                    python_repr(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `repr()`: strings quoted (single quotes unless the text has one and no double).
fn python_repr(value: &Json) -> String {
    match value {
        Json::String(s) => {
            let quote = if s.contains('\'') && !s.contains('"') {
                '"'
            } else {
                '\''
            };
            let mut out = String::from(quote);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        other => python_str(other),
    }
}

/// Copier's `parse_yaml_list`: the items of a YAML list as raw text, one level deep, quotes
/// taken off quoted strings.
pub(crate) fn parse_yaml_list(text: &str) -> Result<Vec<String>, String> {
    let value: crate::yaml::Value =
        crate::yaml::from_str(text).map_err(|e| format!("not a YAML list: {e}"))?;
    let crate::yaml::Value::Sequence(items) = value else {
        return Err(format!("not a YAML list: {text:?}"));
    };
    Ok(items
        .into_iter()
        .map(|item| match item {
            crate::yaml::Value::String(s) => s,
            crate::yaml::Value::Number(n) => n.to_string(),
            crate::yaml::Value::Bool(b) => b.to_string(),
            crate::yaml::Value::Null => "null".to_string(),
            other => crate::yaml::to_string(&other)
                .unwrap_or_default()
                .trim_end()
                .to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each (type, answer) cast by Copier 9.19.1's own `Question.cast_answer` and by jig.
    #[test]
    fn casts_as_copier_does() {
        let answers = [
            json!("12"),
            json!(" 7 "),
            json!("1_000"),
            json!("1.5"),
            json!("1e3"),
            json!("abc"),
            json!("yes"),
            json!("Off"),
            json!("0"),
            json!("0.0"),
            json!(""),
            json!("none"),
            json!(true),
            json!(false),
            json!(3),
            json!(2.5),
            json!("[1, 2]"),
            json!("{a: 1}"),
            json!("\"quoted\""),
            json!("inf"),
            json!("-Infinity"),
            json!("1__0"),
            json!("_1"),
            json!("null"),
            json!(["x"]),
            json!("0b101"),
            json!("017"),
            json!("1:30"),
            json!("0o17"),
            json!("0x1F"),
            json!("1_000.5"),
            json!("- a\n- b"),
            json!("~"),
        ];
        let kinds = ["bool", "float", "int", "json", "str", "yaml", "path"];
        let script = r#"
import json, sys, math
from copier._user_data import CAST_STR_TO_NATIVE
d = json.loads(sys.stdin.read())
out = []
for k in d["kinds"]:
    row = []
    for a in d["answers"]:
        try:
            v = CAST_STR_TO_NATIVE[k](a)
            if isinstance(v, float) and (math.isinf(v) or math.isnan(v)):
                v = "special"
            row.append({"ok": v})
        except (TypeError, AttributeError):
            row.append({"ok": a} if k in ("json", "yaml") else {"err": True})
        except Exception:
            row.append({"err": True})
    out.append(row)
print(json.dumps(out))
"#;
        let input = json!({"kinds": kinds, "answers": answers.to_vec()}).to_string();
        let expected: Vec<Vec<Json>> = crate::copier::test_python(script, &input);
        for (kind, row) in kinds.iter().zip(expected) {
            for (answer, want) in answers.iter().zip(row) {
                let got = cast_one(Kind::parse(kind).unwrap(), answer);
                match (want.get("ok"), got) {
                    // Infinity and NaN: JSON cannot hold them, so jig refuses or drops them.
                    (Some(Json::String(s)), Ok(Json::Null) | Err(_)) if s == "special" => {}
                    (Some(want), Ok(got)) => {
                        assert!(
                            want == &got
                                || want.as_f64().is_some() && want.as_f64() == got.as_f64(),
                            "{kind} of {answer}: Copier {want}, jig {got}"
                        )
                    }
                    (None, Err(_)) => {}
                    (want, got) => panic!("{kind} of {answer}: Copier {want:?}, jig {got:?}"),
                }
            }
        }
    }
}
