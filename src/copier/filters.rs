//! The filters of `jinja2-ansible-filters`, which Copier always loads, and Copier's globals:
//! `to_nice_yaml` with PyYAML's exact output, `to_json` as Python's `json.dumps`,
//! `regex_replace` with Python's `\1`, `strftime` on a format, `pathjoin`, `make_secret` ...
//! The tests in `jinja` compare them with Jinja2 and the real filters.

use super::pyyaml;
use minijinja::value::{Kwargs, Rest};
use minijinja::{Environment, ErrorKind, Value};
use serde_json::Value as Json;

/// jinja2-ansible-filters (the ones templates use) and Copier's globals.
pub(super) fn register(env: &mut Environment<'static>) {
    env.add_filter("to_yaml", |v: Value, kw: Kwargs| yaml(v, kw, 2, None));
    env.add_filter("to_nice_yaml", |v: Value, kw: Kwargs| {
        yaml(v, kw, 4, Some(false))
    });
    env.add_filter("to_json", |v: Value, kw: Kwargs| {
        let indent: Option<usize> = kw.get("indent")?;
        let sort: Option<bool> = kw.get("sort_keys")?;
        kw.assert_all_used()?;
        Ok(python_json(&json_of(&v)?, indent, sort.unwrap_or(false)))
    });
    env.add_filter("to_nice_json", |v: Value, kw: Kwargs| {
        let indent: Option<usize> = kw.get("indent")?;
        kw.assert_all_used()?;
        Ok(python_json(&json_of(&v)?, Some(indent.unwrap_or(4)), true))
    });
    env.add_filter("from_json", |s: &str| {
        serde_json::from_str::<Json>(s)
            .map(|j| crate::render::to_value(&j))
            .map_err(|e| invalid(format!("from_json: {e}")))
    });
    env.add_filter("from_yaml", |s: &str| {
        crate::yaml::from_str::<Json>(s)
            .map(|j| crate::render::to_value(&j))
            .map_err(|e| invalid(format!("from_yaml: {e}")))
    });
    env.add_filter("b64encode", |s: &str| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
    });
    env.add_filter("b64decode", |s: &str| {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s.trim())
            .map_err(|e| invalid(format!("b64decode: {e}")))?;
        String::from_utf8(bytes).map_err(|_| invalid("b64decode: not UTF-8 text"))
    });
    env.add_filter("basename", |s: &str| {
        s.rsplit('/').next().unwrap_or_default().to_string()
    });
    env.add_filter("dirname", |s: &str| match s.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => s[..i].trim_end_matches('/').to_string(),
        None => String::new(),
    });
    env.add_filter("splitext", |s: &str| {
        let name_at = s.rfind('/').map_or(0, |i| i + 1);
        let name = &s[name_at..];
        let dot = name
            .trim_start_matches('.')
            .rfind('.')
            .map(|i| i + (name.len() - name.trim_start_matches('.').len()));
        let (root, ext) = match dot {
            Some(i) => (&s[..name_at + i], &s[name_at + i..]),
            None => (s, ""),
        };
        Value::from(vec![Value::from(root), Value::from(ext)])
    });
    env.add_filter("bool", |v: Value| -> Value {
        if v.is_none() || v.is_undefined() {
            return v;
        }
        if let Some(b) = v.as_str().map(|s| s.to_lowercase()) {
            return Value::from(matches!(b.as_str(), "yes" | "on" | "1" | "true"));
        }
        if let Ok(n) = i64::try_from(v.clone()) {
            return Value::from(n == 1);
        }
        Value::from(v.is_true())
    });
    env.add_filter(
        "ternary",
        |v: Value, yes: Value, no: Value, none: Option<Value>| match none {
            Some(n) if v.is_none() => n,
            _ if v.is_true() => yes,
            _ => no,
        },
    );
    env.add_filter("quote", |s: &str| shell_quote(s));
    env.add_filter("regex_replace", regex_replace);
    env.add_filter("regex_escape", |s: &str| regex::escape(s));
    env.add_filter("regex_findall", |s: &str, pattern: &str| {
        let re = regex::Regex::new(pattern).map_err(|e| invalid(e.to_string()))?;
        Ok::<_, minijinja::Error>(Value::from(
            re.find_iter(s)
                .map(|m| Value::from(m.as_str()))
                .collect::<Vec<_>>(),
        ))
    });
    env.add_filter("hash", |s: &str, algo: Option<&str>| {
        digest(s, algo.unwrap_or("sha1"))
    });
    env.add_filter("checksum", |s: &str| digest(s, "sha1"));
    env.add_filter("sha1", |s: &str| digest(s, "sha1"));
    env.add_filter("md5", |s: &str| digest(s, "md5"));
    env.add_filter("mandatory", |v: Value| {
        if v.is_undefined() {
            Err(invalid("Mandatory variable not defined."))
        } else {
            Ok(v)
        }
    });
    env.add_filter("type_debug", type_debug);
    env.add_filter("combine", combine);
    env.add_filter("flatten", |v: Value, levels: Option<usize>| {
        flatten(&json_of(&v)?, levels).map(|j| crate::render::to_value(&j))
    });
    env.add_filter("strftime", strftime);
    // Copier's deprecated DEFAULT_DATA: `make_secret()` (`now()` is jig's own).
    env.add_function("make_secret", || {
        use sha2::Digest;
        let bytes: [u8; 48] = rand::random();
        hex::encode(sha2::Sha512::digest(bytes))
    });
    env.add_function("pathjoin", |parts: Rest<String>, kw: Kwargs| {
        let _mode: Option<String> = kw.get("mode")?;
        kw.assert_all_used()?;
        Ok::<_, minijinja::Error>(join_paths(&parts))
    });
}

fn invalid(message: impl Into<String>) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, message.into())
}

fn json_of(v: &Value) -> Result<Json, minijinja::Error> {
    serde_json::to_value(v).map_err(|e| invalid(e.to_string()))
}

fn yaml(
    v: Value,
    kw: Kwargs,
    default_indent: usize,
    flow: Option<bool>,
) -> Result<String, minijinja::Error> {
    let indent: Option<usize> = kw.get("indent")?;
    let flow: Option<bool> = kw.get::<Option<bool>>("default_flow_style")?.or(flow);
    let _: Option<bool> = kw.get("sort_keys")?;
    let _: Option<usize> = kw.get("width")?;
    kw.assert_all_used()?;
    let style = pyyaml::Style {
        indent: indent.unwrap_or(default_indent),
        flow,
    };
    Ok(pyyaml::dump(&json_of(&v)?, style))
}

/// Python's `json.dumps(value, indent=..., sort_keys=..., ensure_ascii=True)`.
pub(crate) fn python_json(value: &Json, indent: Option<usize>, sort_keys: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, value, indent, sort_keys, 0);
    out
}

fn write_json(out: &mut String, value: &Json, indent: Option<usize>, sort: bool, depth: usize) {
    let newline = |out: &mut String, depth: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * depth));
        }
    };
    let item_sep = if indent.is_some() { "," } else { ", " };
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match n.as_f64() {
            Some(f) if !(n.is_i64() || n.is_u64()) => out.push_str(&match f {
                f if f.is_nan() => "NaN".to_string(),
                f if f.is_infinite() => if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string(),
                f => pyyaml::python_float_repr(f),
            }),
            _ => out.push_str(&n.to_string()),
        },
        Json::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\x08' => out.push_str("\\b"),
                    '\x0C' => out.push_str("\\f"),
                    c if (c as u32) < 0x20 || !c.is_ascii() => {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        Json::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                newline(out, depth + 1);
                write_json(out, item, indent, sort, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Json::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut keys: Vec<&String> = map.keys().collect();
            if sort {
                keys.sort();
            }
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                newline(out, depth + 1);
                write_json(out, &Json::String(key.clone()), indent, sort, depth + 1);
                out.push_str(": ");
                write_json(out, &map[key], indent, sort, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// Ansible's `regex_replace`: Python's `re.sub`, so `\1` and `\g<name>` name groups.
fn regex_replace(
    value: &str,
    pattern: &str,
    replacement: Option<&str>,
    kw: Kwargs,
) -> Result<String, minijinja::Error> {
    let ignorecase: Option<bool> = kw.get("ignorecase")?;
    let multiline: Option<bool> = kw.get("multiline")?;
    kw.assert_all_used()?;
    let re = regex::RegexBuilder::new(pattern)
        .case_insensitive(ignorecase.unwrap_or(false))
        .multi_line(multiline.unwrap_or(false))
        .build()
        .map_err(|e| invalid(format!("regex_replace: {e}")))?;
    Ok(re
        .replace_all(value, python_replacement(replacement.unwrap_or("")))
        .into_owned())
}

/// A Python `re.sub` replacement as a `regex` crate one.
fn python_replacement(python: &str) -> String {
    let mut out = String::new();
    let mut chars = python.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("$$"),
            '\\' => match chars.peek().copied() {
                Some(d) if d.is_ascii_digit() => {
                    let mut n = String::new();
                    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                        n.push(d);
                        chars.next();
                    }
                    out.push_str(&format!("${{{n}}}"));
                }
                Some('g') => {
                    chars.next();
                    let name: String = chars
                        .by_ref()
                        .skip_while(|c| *c == '<')
                        .take_while(|c| *c != '>')
                        .collect();
                    out.push_str(&format!("${{{name}}}"));
                }
                Some('n') => {
                    chars.next();
                    out.push('\n');
                }
                Some('t') => {
                    chars.next();
                    out.push('\t');
                }
                Some('\\') => {
                    chars.next();
                    out.push('\\');
                }
                _ => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

fn digest(s: &str, algo: &str) -> Result<String, minijinja::Error> {
    use sha2::Digest;
    Ok(match algo {
        "sha1" => hex::encode(sha1::Sha1::digest(s.as_bytes())),
        "sha256" => hex::encode(sha2::Sha256::digest(s.as_bytes())),
        "sha512" => hex::encode(sha2::Sha512::digest(s.as_bytes())),
        "md5" => hex::encode(<md5::Md5 as md5::Digest>::digest(s.as_bytes())),
        other => return Err(invalid(format!("hash: unsupported algorithm `{other}`"))),
    })
}

fn type_debug(v: Value) -> &'static str {
    use minijinja::value::ValueKind;
    match v.kind() {
        ValueKind::Undefined => "Undefined",
        ValueKind::None => "NoneType",
        ValueKind::Bool => "bool",
        ValueKind::Number if v.is_integer() => "int",
        ValueKind::Number => "float",
        ValueKind::String => "str",
        ValueKind::Seq | ValueKind::Iterable => "list",
        ValueKind::Map => "dict",
        _ => "object",
    }
}

fn combine(first: Value, rest: Rest<Value>, kw: Kwargs) -> Result<Value, minijinja::Error> {
    let recursive: Option<bool> = kw.get("recursive")?;
    kw.assert_all_used()?;
    let mut merged = json_of(&first)?;
    for other in rest.iter() {
        merge(&mut merged, json_of(other)?, recursive.unwrap_or(false));
    }
    Ok(crate::render::to_value(&merged))
}

fn merge(into: &mut Json, from: Json, recursive: bool) {
    match (into, from) {
        (Json::Object(a), Json::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) if recursive && existing.is_object() && v.is_object() => {
                        merge(existing, v, true)
                    }
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (into, from) => *into = from,
    }
}

fn flatten(v: &Json, levels: Option<usize>) -> Result<Json, minijinja::Error> {
    fn go(items: &[Json], levels: Option<usize>, out: &mut Vec<Json>) {
        for item in items {
            match item {
                Json::Array(inner) if levels != Some(0) => go(inner, levels.map(|l| l - 1), out),
                Json::Null => {}
                other => out.push(other.clone()),
            }
        }
    }
    let Json::Array(items) = v else {
        return Err(invalid("flatten expects a list"));
    };
    let mut out = Vec::new();
    go(items, levels, &mut out);
    Ok(Json::Array(out))
}

/// Ansible's `strftime`: the value is the format; the time is now (or `second`), local time.
/// `SOURCE_DATE_EPOCH` fixes "now", as in all of jig's date functions.
fn strftime(format: &str, second: Option<f64>) -> Result<String, minijinja::Error> {
    let ts = match second {
        Some(s) => jiff::Timestamp::from_second(s as i64).map_err(|e| invalid(e.to_string()))?,
        None => crate::render::time::current_timestamp()?,
    };
    let zoned = ts.to_zoned(jiff::tz::TimeZone::system());
    crate::render::time::strftime(&zoned, format)
}

fn join_paths(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        if part.starts_with('/') {
            out = part.clone();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(part);
        } else {
            out.push('/');
            out.push_str(part);
        }
    }
    out
}
