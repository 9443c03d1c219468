//! The Jinja environment Cookiecutter templates expect, rebuilt on minijinja.
//!
//! Cookiecutter renders with Jinja2: strict undefined, trailing newlines kept, newlines in the
//! template source normalised to `\n`, its five default extensions (`jsonify`, `slugify`,
//! `random_ascii_string`, `uuid4` and the `{% now %}` tag), options from `_jinja2_env_vars`,
//! and a loader over the project template and `<repo>/templates`. minijinja has no custom
//! tags, so `{% now ... %}` is rewritten into a call before parsing; and templates mutate the
//! context (`cookiecutter.update({...})` in hooks), so `cookiecutter` is a mutable map object.

use super::EnvVars;
use indexmap::IndexMap;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{Environment, Error, ErrorKind, State};
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The name the rewritten `{% now %}` tag calls.
const NOW_FN: &str = "__jig_cookiecutter_now";

/// Builds the environment: `project_template` and `repo_templates` back the loader.
pub(crate) fn environment(
    vars: &EnvVars,
    project_template: Option<PathBuf>,
    repo_templates: Option<PathBuf>,
) -> Result<Environment<'static>, String> {
    let mut env = crate::render::base_environment(&Default::default());
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .variable_delimiters(vars.variable.0.clone(), vars.variable.1.clone())
        .block_delimiters(vars.block.0.clone(), vars.block.1.clone())
        .comment_delimiters(vars.comment.0.clone(), vars.comment.1.clone())
        .keep_trailing_newline(true)
        .trim_blocks(vars.trim_blocks)
        .lstrip_blocks(vars.lstrip_blocks)
        .build()
        .map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    env.add_function(NOW_FN, now_tag);
    let dirs: Vec<PathBuf> = project_template.into_iter().chain(repo_templates).collect();
    let vars = vars.clone();
    env.set_loader(move |name| {
        let Some(rel) = safe_relative(name) else {
            return Ok(None);
        };
        for dir in &dirs {
            if let Some(text) = crate::render::read_confined(dir, &dir.join(&rel))? {
                return Ok(Some(preprocess(&text, &vars).into_owned()));
            }
        }
        Ok(None)
    });
    Ok(env)
}

/// Jinja2's FileSystemLoader refuses names that climb out of its directories.
fn safe_relative(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        .then(|| path.to_path_buf())
}

/// What Jinja2's lexer does to a template source before parsing (all newlines become `\n`),
/// plus the `{% now %}` rewrite.
pub(crate) fn preprocess<'a>(source: &'a str, vars: &EnvVars) -> Cow<'a, str> {
    let normalised: Cow<str> = if source.contains('\r') {
        Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(source)
    };
    match rewrite_now_tags(&normalised, vars) {
        Some(rewritten) => Cow::Owned(rewritten),
        None => normalised,
    }
}

/// Rewrites `{% now 'utc' [+|- 'days=1'] [, '%Y'] %}` into a call of the `now` function,
/// keeping whitespace control (`{%-`, `-%}`). Returns `None` when there is nothing to rewrite.
fn rewrite_now_tags(source: &str, vars: &EnvVars) -> Option<String> {
    let (open, close) = (&vars.block.0, &vars.block.1);
    if !source.contains(open.as_str()) || !source.contains("now") {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut changed = false;
    while let Some(start) = rest.find(open.as_str()) {
        let after = &rest[start + open.len()..];
        let (left_ws, body) = match after.chars().next() {
            Some(c @ ('-' | '+')) => (Some(c), &after[1..]),
            _ => (None, after),
        };
        let trimmed = body.trim_start();
        let is_now = trimmed.starts_with("now")
            && !trimmed[3..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
        let end = is_now
            .then(|| find_outside_quotes(&trimmed[3..], close))
            .flatten();
        let Some(end) = end else {
            out.push_str(&rest[..start + open.len()]);
            rest = after;
            continue;
        };
        let mut args = trimmed[3..3 + end].trim_end();
        let mut right_ws = None;
        if let Some(stripped) = args.strip_suffix(['-', '+']) {
            right_ws = args.chars().last();
            args = stripped;
        }
        // A block tag obeys lstrip_blocks / trim_blocks; the expression it becomes does not,
        // so apply them here: drop the indentation before it, the newline after it.
        let mut before = &rest[..start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        if vars.lstrip_blocks
            && left_ws != Some('+')
            && before[line_start..].chars().all(|c| c == ' ' || c == '\t')
        {
            before = &before[..line_start];
        }
        let mut after_tag = &trimmed[3 + end + close.len()..];
        if vars.trim_blocks && right_ws != Some('+') {
            after_tag = after_tag.strip_prefix('\n').unwrap_or(after_tag);
        }
        out.push_str(before);
        out.push_str(&vars.variable.0);
        out.extend(left_ws.filter(|c| *c == '-'));
        out.push_str(&format!(" {NOW_FN}({}) ", now_call_args(args)));
        out.extend(right_ws.filter(|c| *c == '-'));
        out.push_str(&vars.variable.1);
        rest = after_tag;
        changed = true;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The byte index of `needle` in `text`, skipping quoted strings.
fn find_outside_quotes(text: &str, needle: &str) -> Option<usize> {
    let mut quote = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(_) if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if text[i..].starts_with(needle) => return Some(i),
            None => {}
        }
    }
    None
}

/// `'utc' + 'days=1', '%Y'` → `'utc', '%Y', '+', 'days=1'` (timezone, format, op, offset).
fn now_call_args(args: &str) -> String {
    let (zone_part, format) = match find_outside_quotes(args, ",") {
        Some(i) => (&args[..i], Some(args[i + 1..].trim())),
        None => (args, None),
    };
    let zone_part = zone_part.trim();
    // An operator after the first token: `'utc' + 'days=1'`.
    let op = ['+', '-']
        .iter()
        .filter_map(|op| find_outside_quotes(zone_part, &op.to_string()).map(|i| (i, *op)))
        .min_by_key(|(i, _)| *i);
    let format = format.filter(|f| !f.is_empty()).unwrap_or("none");
    match op {
        Some((i, op)) => format!(
            "{}, {format}, '{op}', {}",
            zone_part[..i].trim(),
            zone_part[i + 1..].trim()
        ),
        None => format!("{zone_part}, {format}, none, none"),
    }
}

/// The `{% now %}` tag: arrow's `now(tz).shift(**offset).strftime(format)`.
fn now_tag(
    zone: String,
    format: Option<String>,
    op: Option<String>,
    offset: Option<String>,
) -> Result<String, Error> {
    let invalid = |msg: String| Error::new(ErrorKind::InvalidOperation, msg);
    let mut time = crate::render::time::zoned_now(&zone)?;
    if let (Some(op), Some(offset)) = (op, offset) {
        let sign = if op == "-" { -1.0 } else { 1.0 };
        for param in offset.split(',') {
            let (unit, value) = param
                .split_once('=')
                .ok_or_else(|| invalid(format!("bad time offset `{param}` in {{% now %}}")))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| invalid(format!("bad time offset `{param}` in {{% now %}}")))?;
            time = shift(time, unit.trim(), sign * value).map_err(invalid)?;
        }
    }
    crate::render::time::strftime(&time, format.as_deref().unwrap_or("%Y-%m-%d"))
}

fn shift(time: jiff::Zoned, unit: &str, value: f64) -> Result<jiff::Zoned, String> {
    let whole = value.trunc() as i64;
    let span = match unit {
        "years" => jiff::Span::new().years(whole),
        "months" => jiff::Span::new().months(whole),
        "weeks" => jiff::Span::new().weeks(whole),
        "days" => jiff::Span::new().days(whole),
        "hours" => jiff::Span::new().seconds((value * 3600.0) as i64),
        "minutes" => jiff::Span::new().seconds((value * 60.0) as i64),
        "seconds" => jiff::Span::new().milliseconds((value * 1000.0) as i64),
        other => return Err(format!("unknown time unit `{other}` in {{% now %}}")),
    };
    time.checked_add(span).map_err(|e| e.to_string())
}

/// The `cookiecutter` dict: a map templates read and hooks may `update()`.
#[derive(Debug, Default)]
pub(crate) struct ContextDict {
    /// Read on every lookup from every render thread; written only by `update()`.
    items: RwLock<IndexMap<String, Value>>,
}

impl ContextDict {
    pub(crate) fn new(items: IndexMap<String, Value>) -> Arc<ContextDict> {
        Arc::new(ContextDict {
            items: RwLock::new(items),
        })
    }

    /// The current contents, as JSON.
    pub(crate) fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        let items = self.items.read().expect("not poisoned");
        items
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or_default()))
            .collect()
    }
}

impl Object for ContextDict {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let items = self.items.read().expect("not poisoned");
        items.get(key.as_str()?).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let items = self.items.read().expect("not poisoned");
        Enumerator::Values(items.keys().map(|k| Value::from(k.as_str())).collect())
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        if method != "update" {
            return Err(Error::from(ErrorKind::UnknownMethod));
        }
        let mut updates = Vec::new();
        for arg in args {
            let iter = arg.try_iter()?;
            for key in iter {
                let value = arg.get_item(&key)?;
                let key = key
                    .as_str()
                    .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "keys must be strings"))?
                    .to_string();
                updates.push((key, value));
            }
        }
        let mut items = self.items.write().expect("not poisoned");
        items.extend(updates);
        Ok(Value::from(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(src: &str) -> String {
        rewrite_now_tags(src, &EnvVars::default()).unwrap_or_else(|| src.to_string())
    }

    #[test]
    fn now_tags_become_calls() {
        assert_eq!(
            rewrite("(c) {% now 'utc', '%Y' %} x"),
            "(c) {{ __jig_cookiecutter_now('utc', '%Y', none, none) }} x"
        );
        assert_eq!(
            rewrite("{%- now 'local' - 'days=1,hours=2' -%}"),
            "{{- __jig_cookiecutter_now('local', none, '-', 'days=1,hours=2') -}}"
        );
        assert_eq!(
            rewrite("{% if nowhere %}{% endif %}"),
            "{% if nowhere %}{% endif %}"
        );
        assert_eq!(
            rewrite("{% now \"Europe/London\", '%H:%M %%}' %}"),
            "{{ __jig_cookiecutter_now(\"Europe/London\", '%H:%M %%}', none, none) }}"
        );
    }
}
