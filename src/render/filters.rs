//! The filters and functions template authors expect, beyond minijinja's built-ins.
//!
//! `slugify`, `jsonify`, `regex_*`, `now`/`date` (honouring `SOURCE_DATE_EPOCH` so renders are
//! reproducible), `uuid`/`uuid4`, `random_string`/`random_ascii_string`, plus minijinja-contrib's
//! Python-compatible string and dict methods (`.lower()`, `.replace()`, `.split()` ...).

use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, Value};
use rand::Rng;

pub(crate) fn register(env: &mut Environment<'static>) {
    minijinja_contrib::add_to_environment(env);
    env.set_unknown_method_callback(super::python_methods::python_methods);
    env.add_filter("slugify", slugify);
    for (name, case) in CASES {
        env.add_filter(*name, move |value: &str| case(value));
    }
    env.add_filter("jsonify", jsonify);
    env.add_filter("regex_match", regex_match);
    env.add_filter("regex_search", regex_search);
    env.add_filter("regex_replace", regex_replace);
    env.add_filter("date", super::time::date);
    env.add_filter("strftime", super::time::date);
    env.add_test("match", regex_match);
    env.add_function("now", super::time::now);
    env.add_function("uuid", uuid4);
    env.add_function("uuid4", uuid4);
    env.add_function("random_string", random_string);
    env.add_function("random_ascii_string", random_string);
    super::jinja_filters::register(env);
}

/// Names of the filters a template may have meant, for "did you mean": minijinja's and
/// minijinja-contrib's built-ins and jig's own (`CASES` are added where the list is used).
/// A name here that the environment lacks is never suggested (the caller checks).
pub(crate) const NAMES: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "bool",
    "capitalize",
    "center",
    "count",
    "d",
    "dateformat",
    "datetimeformat",
    "default",
    "dictsort",
    "e",
    "escape",
    "filesizeformat",
    "first",
    "float",
    "format",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "jsonify",
    "last",
    "length",
    "lines",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "pluralize",
    "pprint",
    "random",
    "regex_match",
    "regex_replace",
    "regex_search",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "slugify",
    "sort",
    "split",
    "strftime",
    "string",
    "striptags",
    "sum",
    "timeformat",
    "title",
    "tojson",
    "trim",
    "truncate",
    "unique",
    "upper",
    "urlencode",
    "wordcount",
    "wordwrap",
    "date",
    "kebab_case",
    "snake_case",
    "pascal_case",
    "camel_case",
    "shouty_snake_case",
    "title_case",
    "train_case",
];

/// Names of the tests a template may have meant, for "did you mean".
pub(crate) const TEST_NAMES: &[&str] = &[
    "boolean",
    "defined",
    "divisibleby",
    "endingwith",
    "eq",
    "equalto",
    "escaped",
    "even",
    "false",
    "filter",
    "float",
    "ge",
    "gt",
    "in",
    "integer",
    "iterable",
    "le",
    "lower",
    "lt",
    "mapping",
    "match",
    "ne",
    "none",
    "number",
    "odd",
    "safe",
    "sameas",
    "sequence",
    "startingwith",
    "string",
    "test",
    "true",
    "undefined",
    "upper",
];

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

fn regex(pattern: &str) -> Result<regex::Regex, Error> {
    regex::Regex::new(pattern).map_err(|e| invalid(format!("invalid regex `{pattern}`: {e}")))
}

/// Spells a value in one case.
pub(crate) type CaseFn = fn(&str) -> String;

/// Case filters: `{{ "Churn Model" | kebab_case }}` is `churn-model`; `snake_case`,
/// `pascal_case` (`ChurnModel`), `camel_case`, `constant_case` (`CHURN_MODEL`), `title_case`.
/// `jig init --from` writes templates with them, so they split words exactly as it does.
pub(crate) const CASES: &[(&str, CaseFn)] = &[
    ("kebab_case", |s| heck::ToKebabCase::to_kebab_case(s)),
    ("snake_case", |s| heck::ToSnakeCase::to_snake_case(s)),
    ("pascal_case", |s| {
        heck::ToUpperCamelCase::to_upper_camel_case(s)
    }),
    ("camel_case", |s| {
        heck::ToLowerCamelCase::to_lower_camel_case(s)
    }),
    ("constant_case", |s| {
        heck::ToShoutySnakeCase::to_shouty_snake_case(s)
    }),
    ("title_case", |s| heck::ToTitleCase::to_title_case(s)),
];

/// `{{ "Churn Model!" | slugify }}` → `churn-model`; `separator="_"` for snake case.
fn slugify(value: &str, kwargs: Kwargs) -> Result<String, Error> {
    let separator: Option<String> = kwargs.get("separator")?;
    kwargs.assert_all_used()?;
    let slug = slug::slugify(value);
    Ok(match separator {
        Some(sep) if sep != "-" => slug.replace('-', &sep),
        _ => slug,
    })
}

/// JSON with sorted keys, 4-space indentation and non-ASCII escaped (Cookiecutter's `jsonify`).
fn jsonify(value: Value, indent: Option<usize>) -> Result<String, Error> {
    let json = serde_json::to_value(&value).map_err(|e| invalid(e.to_string()))?;
    let sorted = sort_keys(json);
    let indent = " ".repeat(indent.unwrap_or(4));
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(&sorted, &mut ser).map_err(|e| invalid(e.to_string()))?;
    let json = String::from_utf8(out).expect("serde_json writes UTF-8");
    // Python's json.dumps escapes every non-ASCII character (ensure_ascii); outside strings
    // JSON has none, so escaping the whole text is exact.
    if json.is_ascii() {
        return Ok(json);
    }
    let mut escaped = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c.is_ascii() {
            escaped.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    Ok(escaped)
}

fn sort_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sort_keys).collect())
        }
        other => other,
    }
}

/// True when the pattern matches at the start of the value (Python's `re.match`).
fn regex_match(value: &str, pattern: &str) -> Result<bool, Error> {
    Ok(regex(pattern)?.find(value).is_some_and(|m| m.start() == 0))
}

/// The first match anywhere in the value, or none.
fn regex_search(value: &str, pattern: &str) -> Result<Value, Error> {
    Ok(regex(pattern)?
        .find(value)
        .map_or(Value::from(()), |m| Value::from(m.as_str())))
}

/// Replaces every match; `$1` / `${name}` refer to groups.
fn regex_replace(value: &str, pattern: &str, replacement: &str) -> Result<String, Error> {
    Ok(regex(pattern)?.replace_all(value, replacement).into_owned())
}

fn uuid4() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `random_string(16)`; `punctuation=true` adds ASCII punctuation.
fn random_string(length: usize, punctuation: Option<bool>) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const PUNCT: &[u8] = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    let mut alphabet = LETTERS.to_vec();
    if punctuation.unwrap_or(false) {
        alphabet.extend_from_slice(PUNCT);
    }
    let mut rng = rand::rng();
    (0..length)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}
