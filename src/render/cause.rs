//! What a failed render was about, as data: an undefined variable or attribute (with the
//! object it was looked up on), an unknown filter, test or function, a syntax error. The one
//! place that reads a minijinja error for its cause, so that every command names the same
//! name the same way; `error` adds the nearest known name for it.
//!
//! The undefined expression comes from minijinja's own tracking of where an undefined value
//! was made (its debug mode, which every jig environment turns on): it follows the value
//! through filters and operators (`{{ projet_name | upper }}` fails at `upper`, but the value
//! came from `projet_name`). Unknown callables are read at the failing expression's span.

use minijinja::ErrorKind;

/// The cause of a render error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// A name the context does not have.
    UndefinedVariable(String),
    /// `object` (as the template wrote it: `cookiecutter`, `a.b`) has no attribute `name`.
    UndefinedAttribute {
        object: String,
        name: String,
    },
    UnknownFilter(String),
    UnknownTest(String),
    UnknownFunction(String),
    /// The template does not parse.
    Syntax,
    /// Anything else (a failing filter, a limit, an include that is not there).
    Other,
}

impl Cause {
    /// Reads `err`'s cause; `spanned` is the source text of the failing expression.
    pub(crate) fn of(err: &minijinja::Error, spanned: Option<&str>) -> Cause {
        let detail = err.detail().unwrap_or("");
        let name_at_span = || spanned.and_then(leading_identifier).map(str::to_string);
        match err.kind() {
            ErrorKind::SyntaxError | ErrorKind::BadEscape => Cause::Syntax,
            ErrorKind::UnknownFilter => name_at_span()
                .or_else(|| between(detail, "filter ", " is unknown"))
                .map_or(Cause::Other, Cause::UnknownFilter),
            ErrorKind::UnknownTest => name_at_span()
                .or_else(|| between(detail, "test ", " is unknown"))
                .map_or(Cause::Other, Cause::UnknownTest),
            ErrorKind::UnknownFunction => name_at_span()
                .or_else(|| between(detail, "", " is unknown"))
                .map_or(Cause::Other, Cause::UnknownFunction),
            // A Python extension's callable refusing an undefined argument: the span is the
            // callable's name, not the undefined value's, so say what the refusal says.
            ErrorKind::UndefinedError if detail.contains("was given an undefined value") => {
                Cause::Other
            }
            ErrorKind::UndefinedError => undefined_origin(detail)
                .or_else(|| spanned.and_then(leading_path))
                .map_or(Cause::Other, |path| Cause::of_path(&path)),
            // An operation on an undefined value (Copier's lenient undefined fails this way).
            _ => undefined_origin(detail).map_or(Cause::Other, |path| Cause::of_path(&path)),
        }
    }

    /// `a` is a variable, `a.b.c` attribute `c` of `a.b`.
    fn of_path(path: &str) -> Cause {
        match path.rsplit_once('.') {
            Some((object, name)) => Cause::UndefinedAttribute {
                object: object.to_string(),
                name: name.to_string(),
            },
            None => Cause::UndefinedVariable(path.to_string()),
        }
    }

    /// The undefined expression as written (`projet_name`, `cookiecutter.nope`).
    pub(crate) fn path(&self) -> Option<String> {
        match self {
            Cause::UndefinedVariable(name) => Some(name.clone()),
            Cause::UndefinedAttribute { object, name } => Some(format!("{object}.{name}")),
            _ => None,
        }
    }

    /// The message for a cause that names something (`None`: say what minijinja said).
    pub(crate) fn describe(&self, map: bool) -> Option<String> {
        Some(match self {
            Cause::UndefinedVariable(name) => format!("undefined variable `{name}`"),
            Cause::UndefinedAttribute { object, name } if map => {
                format!("`{object}` has no key `{name}`")
            }
            Cause::UndefinedAttribute { object, name } => {
                format!("`{object}` has no attribute `{name}`")
            }
            Cause::UnknownFilter(name) => format!("unknown filter `{name}`"),
            Cause::UnknownTest(name) => format!("unknown test `{name}`"),
            Cause::UnknownFunction(name) => format!("unknown function `{name}`"),
            Cause::Syntax | Cause::Other => return None,
        })
    }
}

/// The expression minijinja says was undefined: "`user.name` is undefined", possibly with
/// what failed before it and where the value came from. Only plain names and attribute
/// chains count (`(...).x` or `a[0]` name no single thing).
fn undefined_origin(detail: &str) -> Option<String> {
    let end = detail.find("` is undefined")?;
    let start = detail[..end].rfind('`')? + 1;
    let path = &detail[start..end];
    is_path(path).then(|| path.to_string())
}

/// `a`, `a.b`, `a.b.c`: identifiers joined by dots.
fn is_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| leading_identifier(part) == Some(part))
}

/// The identifier `text` starts with.
fn leading_identifier(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let ident = &text[..end];
    let plain = !ident.is_empty() && !ident.starts_with(|c: char| c.is_ascii_digit());
    plain.then_some(ident)
}

/// The attribute chain `text` starts with (`cookiecutter.nope` of `cookiecutter.nope }}`).
fn leading_path(text: &str) -> Option<String> {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(text.len());
    let path = text[..end].trim_end_matches('.');
    is_path(path).then(|| path.to_string())
}

/// The text of `detail` between `before` (at its start) and `after` (at its end).
fn between(detail: &str, before: &str, after: &str) -> Option<String> {
    let name = detail.strip_prefix(before)?.strip_suffix(after)?;
    leading_identifier(name)
        .filter(|n| *n == name)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause(source: &str) -> Cause {
        let mut env = crate::render::validation_environment();
        env.add_global("project_name", "x");
        let err = env.render_named_str("t", source, ()).unwrap_err();
        let span = err
            .range()
            .and_then(|r| err.template_source().and_then(|s| s.get(r)))
            .map(str::to_string);
        Cause::of(&err, span.as_deref())
    }

    #[test]
    fn each_mistake_is_named_by_what_it_is() {
        let var = |n: &str| Cause::UndefinedVariable(n.into());
        assert_eq!(cause("{{ projet_name }}"), var("projet_name"));
        // The filter fails, but the undefined value came from the name before it.
        assert_eq!(cause("{{ projet_name | upper }}"), var("projet_name"));
        assert_eq!(cause("{{ 'a' ~ projet_name }}"), var("projet_name"));
        assert_eq!(cause("{% if projet_name %}{% endif %}"), var("projet_name"));
        assert_eq!(cause("{{ x.y.z }}"), var("x"));
        assert_eq!(
            cause("{{ project_name.nope | upper }}"),
            Cause::UndefinedAttribute {
                object: "project_name".into(),
                name: "nope".into()
            }
        );
        assert_eq!(
            cause("{{ project_name | uper }}"),
            Cause::UnknownFilter("uper".into())
        );
        assert_eq!(
            cause("{% if 1 is strng %}{% endif %}"),
            Cause::UnknownTest("strng".into())
        );
        assert_eq!(
            cause("{{ lenght(project_name) }}"),
            Cause::UnknownFunction("lenght".into())
        );
        assert_eq!(cause("{{ }}"), Cause::Syntax);
        assert_eq!(cause("{{ project_name.upper(1, 2) }}"), Cause::Other);
    }

    #[test]
    fn a_release_build_names_the_undefined_value_too() {
        // minijinja tracks undefined values only in debug mode, which is off in release
        // builds unless asked for: jig asks for it.
        assert!(crate::render::validation_environment().debug());
    }
}
