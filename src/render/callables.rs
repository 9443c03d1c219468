//! Which filters and tests an environment has. minijinja looks a filter up only when the
//! expression runs and cannot list them, so jig asks: for `jig lint` (a misspelt filter found
//! before any render) and for the "did you mean" of a render that met an unknown one.

use minijinja::Environment;

/// Whether `env` has the filter or test `name`: applying it to `none` fails with "unknown
/// filter/test" only when it does not exist (other failures mean it exists).
pub(crate) fn exists(env: &Environment<'_>, what: &str, name: &str) -> bool {
    let (expr, unknown) = match what {
        "filter" => (
            format!("none | {name}"),
            minijinja::ErrorKind::UnknownFilter,
        ),
        _ => (format!("none is {name}"), minijinja::ErrorKind::UnknownTest),
    };
    match env.compile_expression(&expr) {
        Ok(e) => !matches!(e.eval(()), Err(err) if err.kind() == unknown),
        Err(_) => true,
    }
}

/// Every filter or test name the environment has (of the ones jig knows by name, plus
/// `extra`: a template's own), for suggestions.
pub(crate) fn known(env: &Environment<'_>, what: &str, extra: &[String]) -> Vec<String> {
    let names: &[&str] = match what {
        "filter" => crate::render::filters::NAMES,
        _ => crate::render::filters::TEST_NAMES,
    };
    names
        .iter()
        .filter(|n| exists(env, what, n))
        .map(|n| n.to_string())
        .chain(extra.iter().cloned())
        .collect()
}
