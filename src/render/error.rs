//! A template that failed to render, said the way a reader can act on it: the file, line and
//! column, the template line with a marker under the expression, and for a misspelt name the
//! nearest name the template could have meant ("did you mean `project_name`?").

use super::limits;
use std::path::{Path, PathBuf};

/// A template failed to render; `path` is relative to the blueprint's template tree.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {message}{}", self.location(), self.suggestion().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct Error {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    /// Where on the line, and what the template probably meant (boxed: errors stay small).
    pub at: Option<Box<Spot>>,
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
    /// The name the template probably meant, for an undefined one.
    pub suggestion: Option<String>,
}

impl Error {
    /// A render stopped by the render budget (`limits`).
    pub fn limit(path: &Path, message: String) -> Error {
        Error {
            path: path.to_path_buf(),
            line: None,
            message,
            at: None,
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
        let at = match (line, err.template_source()) {
            (Some(n), Some(src)) => src.lines().nth(n.saturating_sub(1)).map(|text| {
                let mut spot = Spot {
                    source_line: text.to_string(),
                    ..Spot::default()
                };
                // The range is in bytes of the source minijinja parsed; anything that does not
                // fall on its character boundaries (found by fuzzing) gives no column.
                let range = err.range();
                let before = range.as_ref().and_then(|r| src.get(..r.start));
                let inside = range.as_ref().and_then(|r| src.get(r.clone()));
                if let (Some(before), Some(inside)) = (before, inside) {
                    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                    spot.column = before[line_start..].chars().count() + 1;
                    spot.width = inside.lines().next().unwrap_or("").chars().count();
                }
                Box::new(spot)
            }),
            _ => None,
        };
        let mut message = err
            .detail()
            .map_or_else(|| err.kind().to_string(), str::to_string);
        if err.kind() == minijinja::ErrorKind::UndefinedError && err.detail().is_none() {
            message = "undefined variable".to_string();
        }
        let mut source = std::error::Error::source(&err);
        while let Some(inner) = source {
            message.push_str(&format!(": {inner}"));
            source = inner.source();
        }
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
            message: format!("{}: {message}", err.kind()),
            at,
        }
    }

    /// The undefined name or attribute path the error is about (`projetc_name`,
    /// `cookiecutter.projetc_name`), read at the marked expression.
    fn undefined_path(&self) -> Option<&str> {
        if !self
            .message
            .starts_with("undefined value: undefined variable")
            && !self.message.ends_with("` is undefined")
        {
            return None;
        }
        let spot = self.at.as_deref().filter(|s| s.column > 0)?;
        let start = spot.source_line.char_indices().nth(spot.column - 1)?.0;
        let path: &str = spot.source_line[start..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .next()?
            .trim_end_matches('.');
        let plain = !path.is_empty() && !path.starts_with(|c: char| c.is_ascii_digit());
        plain.then_some(path)
    }

    /// The undefined name the error is about, when the failing expression is a plain name.
    pub fn undefined_name(&self) -> Option<&str> {
        self.undefined_path().filter(|p| !p.contains('.'))
    }

    /// Adds the nearest name `context` has where the undefined one was looked up: a top-level
    /// name, or an attribute of the object before the last dot (`cookiecutter.project_slug`).
    pub fn suggest_in(self, context: &minijinja::Value) -> Error {
        let keys = |v: &minijinja::Value| -> Vec<String> {
            v.try_iter()
                .map(|it| it.filter_map(|k| k.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let found = self.undefined_path().and_then(|path| {
            let (parents, last) = match path.rsplit_once('.') {
                Some((parents, last)) => (Some(parents), last),
                None => (None, path),
            };
            let mut scope = context.clone();
            for part in parents.into_iter().flat_map(|p| p.split('.')) {
                scope = scope.get_attr(part).ok().filter(|v| !v.is_undefined())?;
            }
            let near = crate::suggest::nearest(last, keys(&scope))?;
            Some(parents.map_or(near.clone(), |p| format!("{p}.{near}")))
        });
        self.with_suggestion(found)
    }

    /// Adds "did you mean" for a render with `context` in `env`: the nearest name the context
    /// has, or the nearest filter or test `env` has (with `extra`: a template's own).
    pub fn explain(
        self,
        context: &minijinja::Value,
        env: &minijinja::Environment<'_>,
        extra: &[String],
    ) -> Error {
        self.suggest_in(context)
            .suggest_callable(|what| super::callables::known(env, what, extra))
    }

    /// For an unknown filter or test, adds the nearest of those `known` gives for its kind
    /// (`"filter"` or `"test"`).
    fn suggest_callable(self, known: impl FnOnce(&str) -> Vec<String>) -> Error {
        let unknown = ["filter", "test"].into_iter().find_map(|what| {
            let prefix = format!("unknown {what}: {what} ");
            let name = self
                .message
                .strip_prefix(&prefix)?
                .strip_suffix(" is unknown")?;
            Some((what, name.to_string()))
        });
        let found = unknown.and_then(|(what, name)| crate::suggest::nearest(&name, known(what)));
        self.with_suggestion(found)
    }

    fn with_suggestion(mut self, found: Option<String>) -> Error {
        if let (Some(found), Some(spot)) = (found, self.at.as_deref_mut()) {
            spot.suggestion = Some(found);
        }
        self
    }

    pub fn suggestion(&self) -> Option<&str> {
        self.at.as_deref()?.suggestion.as_deref()
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
        let env = minijinja::Environment::new();
        let mut env = env;
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
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
