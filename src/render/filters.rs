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
    env.set_unknown_method_callback(python_methods);
    env.add_filter("slugify", slugify);
    for (name, case) in CASES {
        env.add_filter(*name, move |value: &str| case(value));
    }
    env.add_filter("jsonify", jsonify);
    env.add_filter("regex_match", regex_match);
    env.add_filter("regex_search", regex_search);
    env.add_filter("regex_replace", regex_replace);
    env.add_filter("date", date);
    env.add_filter("strftime", date);
    env.add_test("match", regex_match);
    env.add_function("now", now);
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

/// Python `str` methods templates call, beyond minijinja-contrib's pycompat set (which handles
/// the rest: `lower`, `replace`, `split`, `strip`, dict `items`/`get` ...).
fn python_methods(
    state: &mut minijinja::State,
    value: &Value,
    method: &str,
    args: &[Value],
) -> Result<Value, Error> {
    let Some(s) = value.as_str() else {
        return minijinja_contrib::pycompat::unknown_method_callback(state, value, method, args);
    };
    let arg = |i: usize| -> Option<&str> { args.get(i).and_then(|v| v.as_str()) };
    let width = || {
        args.first()
            .and_then(|v| i64::try_from(v.clone()).ok())
            .unwrap_or(0)
            .max(0) as usize
    };
    let pad = |n: usize| {
        arg(1)
            .and_then(|f| f.chars().next())
            .unwrap_or(' ')
            .to_string()
            .repeat(n)
    };
    let len = s.chars().count();
    Ok(match method {
        "isdigit" | "isdecimal" => Value::from(!s.is_empty() && s.chars().all(|c| c.is_numeric())),
        "swapcase" => Value::from(
            s.chars()
                .flat_map(|c| -> Box<dyn Iterator<Item = char>> {
                    if c.is_uppercase() {
                        Box::new(c.to_lowercase())
                    } else {
                        Box::new(c.to_uppercase())
                    }
                })
                .collect::<String>(),
        ),
        "casefold" => Value::from(s.to_lowercase()),
        "removeprefix" => Value::from(
            s.strip_prefix(arg(0).unwrap_or(""))
                .unwrap_or(s)
                .to_string(),
        ),
        "removesuffix" => Value::from(
            s.strip_suffix(arg(0).unwrap_or(""))
                .unwrap_or(s)
                .to_string(),
        ),
        "zfill" => {
            let (sign, digits) = match s.strip_prefix(['-', '+']) {
                Some(rest) => (&s[..1], rest),
                None => ("", s),
            };
            let fill = "0".repeat(width().saturating_sub(len));
            Value::from(format!("{sign}{fill}{digits}"))
        }
        "ljust" => Value::from(format!("{s}{}", pad(width().saturating_sub(len)))),
        "rjust" => Value::from(format!("{}{s}", pad(width().saturating_sub(len)))),
        "center" => {
            let total = width().saturating_sub(len);
            // Python puts the odd extra character on the right unless the width is odd.
            let left = total / 2 + (total & width() & 1);
            Value::from(format!("{}{s}{}", pad(left), pad(total - left)))
        }
        "rsplit" => {
            let max = args
                .get(1)
                .and_then(|v| i64::try_from(v.clone()).ok())
                .unwrap_or(-1);
            let mut parts: Vec<&str> = match arg(0) {
                Some(sep) if max >= 0 => s.rsplitn(max as usize + 1, sep).collect(),
                Some(sep) => s.rsplit(sep).collect(),
                None => {
                    return minijinja_contrib::pycompat::unknown_method_callback(
                        state, value, "split", args,
                    )
                }
            };
            parts.reverse();
            Value::from(parts.into_iter().map(str::to_string).collect::<Vec<_>>())
        }
        "partition" | "rpartition" => {
            let sep = arg(0).unwrap_or(" ");
            let found = if method == "partition" {
                s.split_once(sep)
            } else {
                s.rsplit_once(sep)
            };
            let parts = match found {
                Some((a, b)) => vec![a, sep, b],
                None if method == "partition" => vec![s, "", ""],
                None => vec!["", "", s],
            };
            Value::from_object(Tuple(parts.into_iter().map(Value::from).collect()))
        }
        _ => {
            return minijinja_contrib::pycompat::unknown_method_callback(state, value, method, args)
        }
    })
}

/// A Python tuple (what `str.partition` returns): a sequence that prints as `('a', 'b')`.
#[derive(Debug)]
struct Tuple(Vec<Value>);

impl minijinja::value::Object for Tuple {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_usize()?).cloned()
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }

    fn render(self: &std::sync::Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = Value::from(self.0.clone()).to_string();
        let inner = &list[1..list.len() - 1];
        if self.0.len() == 1 {
            write!(f, "({inner},)")
        } else {
            write!(f, "({inner})")
        }
    }
}

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

/// The current instant, or `SOURCE_DATE_EPOCH` when set, for reproducible output.
pub(crate) fn current_timestamp() -> Result<jiff::Timestamp, Error> {
    match std::env::var(crate::env::SOURCE_DATE_EPOCH) {
        Ok(epoch) if !epoch.trim().is_empty() => {
            let secs: i64 = epoch.trim().parse().map_err(|_| {
                invalid(format!(
                    "SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"
                ))
            })?;
            jiff::Timestamp::from_second(secs).map_err(|e| invalid(e.to_string()))
        }
        _ => Ok(jiff::Timestamp::now()),
    }
}

/// The current time (or `SOURCE_DATE_EPOCH`) in `tz`: `utc`, `local` or an IANA name.
pub(crate) fn zoned_now(tz: &str) -> Result<jiff::Zoned, Error> {
    zoned(current_timestamp()?, tz)
}

fn zoned(ts: jiff::Timestamp, tz: &str) -> Result<jiff::Zoned, Error> {
    let zone = match tz {
        "utc" | "UTC" => jiff::tz::TimeZone::UTC,
        "local" => jiff::tz::TimeZone::system(),
        name => jiff::tz::TimeZone::get(name)
            .map_err(|e| invalid(format!("unknown time zone `{name}`: {e}")))?,
    };
    Ok(ts.to_zoned(zone))
}

/// `now()` → ISO 8601; `now("%Y")` → formatted; `tz="Europe/London"` or `"local"`.
fn now(format: Option<&str>, kwargs: Kwargs) -> Result<String, Error> {
    let tz: Option<String> = kwargs.get("tz")?;
    kwargs.assert_all_used()?;
    let zoned = zoned(current_timestamp()?, tz.as_deref().unwrap_or("utc"))?;
    Ok(match format {
        Some(fmt) => strftime(&zoned, fmt)?,
        None => zoned.timestamp().to_string(),
    })
}

/// Formats a timestamp (seconds) or an ISO 8601 string: `{{ now() | date("%Y") }}`.
fn date(value: Value, format: &str, kwargs: Kwargs) -> Result<String, Error> {
    let tz: Option<String> = kwargs.get("tz")?;
    kwargs.assert_all_used()?;
    let ts = if let Some(secs) = value.as_i64() {
        jiff::Timestamp::from_second(secs).map_err(|e| invalid(e.to_string()))?
    } else if let Some(text) = value.as_str() {
        text.parse::<jiff::Timestamp>()
            .map_err(|e| invalid(format!("`{text}` is not an ISO 8601 timestamp: {e}")))?
    } else {
        return Err(invalid("date expects a timestamp or an ISO 8601 string"));
    };
    strftime(&zoned(ts, tz.as_deref().unwrap_or("utc"))?, format)
}

pub(crate) fn strftime(zoned: &jiff::Zoned, format: &str) -> Result<String, Error> {
    let mut out = String::new();
    jiff::fmt::strtime::format(format, zoned)
        .map(|s| out.push_str(&s))
        .map_err(|e| invalid(format!("invalid date format `{format}`: {e}")))?;
    Ok(out)
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
