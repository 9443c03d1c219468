//! A template that failed to render, said the way a reader can act on it: the file, line and
//! column, what went wrong (`cause`: the undefined name, the unknown filter), the template
//! line with a marker under the expression, and the nearest name the template could have
//! meant among those it can use ("did you mean `project_name`?").

use super::cause::Cause;
use super::limits;
use std::path::{Path, PathBuf};

/// A template failed to render; `path` is relative to the template tree it belongs to.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {message}{}", self.location(), self.suggestion().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct Error {
    pub path: PathBuf,
    pub line: Option<usize>,
    /// What went wrong, naming the name (`undefined variable `projet_name``).
    pub message: String,
    /// Where on the line (boxed: errors stay small).
    pub at: Option<Box<Spot>>,
    /// What the error is about and what the template could have meant.
    pub why: Box<Why>,
}

/// The failing expression on its line.
#[derive(Debug, Clone, Default)]
pub struct Spot {
    /// The template line the error points at.
    pub source_line: String,
    /// 1-based, in characters, where the expression starts (0: unknown).
    pub column: usize,
    /// How many characters the expression covers (0: unknown).
    pub width: usize,
}

impl Spot {
    /// Moves the marker onto `expr` (an undefined name) when the failing expression is
    /// another one (`upper` in `{{ projet_name | upper }}`): its occurrence on the line
    /// nearest before the failing one, else the first after it.
    fn mark(&mut self, expr: &str) {
        let chars: Vec<char> = self.source_line.chars().collect();
        let wanted: Vec<char> = expr.chars().collect();
        if wanted.is_empty() {
            return;
        }
        let ident = |c: &char| c.is_alphanumeric() || *c == '_';
        let word = |c: &char| ident(c) || *c == '.';
        let found: Vec<usize> = (0..chars.len().saturating_sub(wanted.len() - 1))
            .filter(|&i| chars[i..].starts_with(&wanted))
            .filter(|&i| i == 0 || !word(&chars[i - 1]))
            .filter(|&i| chars.get(i + wanted.len()).is_none_or(|c| !ident(c)))
            .collect();
        let failing = self.column.saturating_sub(1);
        if self.column > 0 && found.contains(&failing) {
            return;
        }
        let before = found.iter().rev().find(|&&i| i < failing);
        if let Some(&i) = before.or_else(|| found.first()) {
            self.column = i + 1;
            self.width = wanted.len();
        }
    }
}

/// The cause, and the names known where the mistaken one was looked up.
#[derive(Debug, Clone)]
pub struct Why {
    pub cause: Cause,
    /// The nearest known name (`project_name`, `cookiecutter.project_slug`, `upper`).
    pub suggestion: Option<String>,
    /// The names the template could use there (variables, or the object's keys), for a hint.
    pub known: Vec<String>,
}

impl Default for Why {
    fn default() -> Why {
        Why {
            cause: Cause::Other,
            suggestion: None,
            known: Vec::new(),
        }
    }
}

impl Error {
    /// A render stopped by the render budget (`limits`).
    pub fn limit(path: &Path, message: String) -> Error {
        Error {
            path: path.to_path_buf(),
            line: None,
            message,
            at: None,
            why: Box::default(),
        }
    }

    pub fn from_minijinja(path: PathBuf, err: minijinja::Error) -> Error {
        if err.kind() == minijinja::ErrorKind::OutOfFuel {
            let steps = limits::get().steps;
            return Error {
                line: err.line(),
                ..Error::limit(&path, format!("takes more than {steps} template steps, so it was stopped (a loop that never ends? raise the limit with --max-render-steps)"))
            };
        }
        let line = err.line();
        let src = err.template_source();
        // The range is in bytes of the source minijinja parsed; anything that does not fall
        // on its character boundaries (found by fuzzing) gives no column.
        let range = err.range();
        let before = range.as_ref().and_then(|r| src?.get(..r.start));
        let inside = range.as_ref().and_then(|r| src?.get(r.clone()));
        let at = match (line, src) {
            (Some(n), Some(src)) => src.lines().nth(n.saturating_sub(1)).map(|text| {
                let mut spot = Spot {
                    source_line: text.to_string(),
                    ..Spot::default()
                };
                if let (Some(before), Some(inside)) = (before, inside) {
                    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                    spot.column = before[line_start..].chars().count() + 1;
                    spot.width = inside.lines().next().unwrap_or("").chars().count();
                }
                Box::new(spot)
            }),
            _ => None,
        };
        let cause = Cause::of(&err, inside);
        let mut at = at;
        if let (Some(spot), Some(path)) = (at.as_deref_mut(), cause.path()) {
            spot.mark(&path);
        }
        let message = match cause.describe(false) {
            Some(named) if names_its_cause(err.kind()) => named,
            // What was done to the undefined value (Copier's lenient undefined fails so).
            Some(named) => {
                let detail = err.detail().unwrap_or_default();
                let done = detail.find(" (`").map_or(detail, |end| &detail[..end]);
                format!("{named} ({}: {done})", err.kind())
            }
            None => {
                let mut message = err
                    .detail()
                    .map_or_else(|| err.kind().to_string(), str::to_string);
                let mut source = std::error::Error::source(&err);
                while let Some(inner) = source {
                    message.push_str(&format!(": {inner}"));
                    source = inner.source();
                }
                format!("{}: {message}", err.kind())
            }
        };
        // Errors inside an included template name that template.
        let path = match err.name() {
            Some(name) if name != path.to_string_lossy() && !name.starts_with('<') => {
                PathBuf::from(name)
            }
            _ => path,
        };
        Error {
            path,
            line,
            message,
            at,
            why: Box::new(Why {
                cause,
                ..Why::default()
            }),
        }
    }

    /// The undefined name the error is about, when it is a plain name.
    pub fn undefined_name(&self) -> Option<&str> {
        match &self.why.cause {
            Cause::UndefinedVariable(name) => Some(name),
            _ => None,
        }
    }

    /// Adds the nearest name `context` has where the undefined one was looked up: a top-level
    /// name, or a key of the object it was looked up on (`cookiecutter.project_slug`).
    pub fn suggest_in(mut self, context: &minijinja::Value) -> Error {
        match self.why.cause.clone() {
            Cause::UndefinedVariable(name) => {
                let known = keys(context);
                self.why.suggestion = crate::suggest::nearest(&name, &known);
                self.why.known = known;
            }
            Cause::UndefinedAttribute { object, name } => {
                let mut scope = Some(context.clone());
                for part in object.split('.') {
                    scope = scope
                        .and_then(|s| s.get_attr(part).ok())
                        .filter(|v| !v.is_undefined());
                }
                // Only a map's keys are names to choose from (a string's items are letters).
                if let Some(map) = scope.filter(|v| v.kind() == minijinja::value::ValueKind::Map) {
                    let known = keys(&map);
                    self.why.suggestion =
                        crate::suggest::nearest(&name, &known).map(|n| format!("{object}.{n}"));
                    self.why.known = known;
                    if let Some(named) = self.why.cause.describe(true) {
                        self.message = named;
                    }
                }
            }
            _ => {}
        }
        self
    }

    /// Adds "did you mean" for a render with `context` in `env`: the nearest name the context
    /// has, or the nearest filter, test or function `env` has (with `extra`: a template's own).
    pub fn explain(
        self,
        context: &minijinja::Value,
        env: &minijinja::Environment<'_>,
        extra: &[String],
    ) -> Error {
        let mut e = self.suggest_in(context);
        let (name, known) = match &e.why.cause {
            Cause::UnknownFilter(name) => (name, super::callables::known(env, "filter", extra)),
            Cause::UnknownTest(name) => (name, super::callables::known(env, "test", extra)),
            Cause::UnknownFunction(name) => {
                let globals = env.globals().map(|(n, _)| n.to_string());
                (name, globals.chain(keys(context)).collect())
            }
            _ => return e,
        };
        e.why.suggestion = crate::suggest::nearest(name, known);
        e
    }

    pub fn suggestion(&self) -> Option<&str> {
        self.why.suggestion.as_deref()
    }

    /// The hint for the report: the nearest name, and the names known where it was looked up.
    pub fn hint(&self) -> Option<String> {
        let shown: Vec<&str> = self
            .why
            .known
            .iter()
            .map(String::as_str)
            .filter(|n| !n.starts_with('_'))
            .collect();
        const MAX: usize = 12;
        let mut names = shown
            .iter()
            .take(MAX)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if shown.len() > MAX {
            names.push_str(&format!(", ... ({} more)", shown.len() - MAX));
        }
        let object = match &self.why.cause {
            Cause::UndefinedAttribute { object, .. } => Some(object),
            _ => None,
        };
        match (self.suggestion(), shown.is_empty(), object) {
            (Some(near), true, _) => Some(format!("did you mean `{near}`?")),
            (Some(near), false, None) => {
                Some(format!("did you mean `{near}`? (variables: {names})"))
            }
            (Some(near), false, Some(o)) => {
                Some(format!("did you mean `{near}`? (keys of `{o}`: {names})"))
            }
            (None, false, None) => Some(format!("the variables it can use: {names}")),
            (None, false, Some(o)) => Some(format!("`{o}` has the keys: {names}")),
            (None, true, _) => None,
        }
    }

    /// Says where the error is about a file of another tree: `prefix` goes before its path.
    pub fn under(mut self, prefix: &Path) -> Error {
        self.path = prefix.join(&self.path);
        self
    }

    /// `file:line:column` (as much as is known).
    pub fn location(&self) -> String {
        let column = self.at.as_deref().map_or(0, |s| s.column);
        match self.line {
            Some(line) if column > 0 => format!("{}:{line}:{column}", self.path.display()),
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// The template line and a marker under the expression, for a report.
    pub fn excerpt(&self) -> Vec<String> {
        let (Some(line), Some(spot)) = (self.line, self.at.as_deref()) else {
            return Vec::new();
        };
        let text = &spot.source_line;
        let mut out = vec![format!("{line:>4} | {}", text.trim_end())];
        if spot.column > 0 {
            let pad: String = text
                .chars()
                .take(spot.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push(format!("     | {pad}{}", "^".repeat(spot.width.max(1))));
        }
        out
    }
}

/// Whether minijinja's message for `kind` is replaced by the named cause (other kinds, such
/// as an operation on an undefined value, keep theirs: they say what was done to it).
fn names_its_cause(kind: minijinja::ErrorKind) -> bool {
    use minijinja::ErrorKind as K;
    matches!(
        kind,
        K::UndefinedError | K::UnknownFilter | K::UnknownTest | K::UnknownFunction
    )
}

/// A map's keys, in its order (other values have none: a string's items are letters).
fn keys(value: &minijinja::Value) -> Vec<String> {
    if value.kind() != minijinja::value::ValueKind::Map {
        return Vec::new();
    }
    value
        .try_iter()
        .map(|it| it.filter_map(|k| k.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_at_a_multibyte_character_does_not_panic() {
        // Found by the cookiecutter_json fuzz target: the range fell inside a character.
        let env = minijinja::Environment::new();
        let err = env.render_str("{{界 🎉", ()).unwrap_err();
        let e = Error::from_minijinja("k2".into(), err);
        assert!(e.location().starts_with("k2:1"), "{}", e.location());
    }

    #[test]
    fn an_undefined_name_is_located_and_marked() {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // As `base_environment` does: without it minijinja keeps no source to locate from.
        env.set_debug(true);
        let err = env
            .render_named_str("README.md", "a\n# {{ projetc_name }} here\n", ())
            .unwrap_err();
        let context = minijinja::context! { project_name => "x" };
        let e = Error::from_minijinja("README.md".into(), err).suggest_in(&context);
        assert_eq!(e.location(), "README.md:2:6");
        assert_eq!(e.undefined_name(), Some("projetc_name"));
        assert_eq!(e.suggestion(), Some("project_name"));
        assert_eq!(
            e.excerpt(),
            vec![
                "   2 | # {{ projetc_name }} here",
                "     |      ^^^^^^^^^^^^"
            ]
        );
    }

    #[test]
    fn an_undefined_attribute_is_matched_among_its_objects_keys() {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_debug(true);
        let context = minijinja::context! {
            cookiecutter => minijinja::context! { project_slug => "x" },
            _cookiecutter => minijinja::context! {},
        };
        let err = env
            .render_named_str("a.txt", "{{ cookiecutter.projetc_slug }}", &context)
            .unwrap_err();
        let e = Error::from_minijinja("a.txt".into(), err).suggest_in(&context);
        assert_eq!(e.suggestion(), Some("cookiecutter.project_slug"));
        // A name that is defined (`cookiecutter`) is never "corrected" into another.
        assert_eq!(e.undefined_name(), None);
    }
}
