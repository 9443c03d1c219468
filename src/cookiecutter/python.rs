//! How Python prints values, where Cookiecutter's output depends on it: `str()` of numbers in
//! `cookiecutter.json` (`3.0`, `1e+16`) and the reprs in its error messages.

use serde_json::Value as Json;

/// Python's `str()` of a JSON value as a context value (strings as they are).
pub(crate) fn py_str(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => py(other),
    }
}

/// Python's `repr()`-style rendering of a value, as Jinja2 prints lists and dicts.
pub(crate) fn py(value: &Json) -> String {
    crate::render::to_value(value).to_string()
}

/// Python's `str()` of a JSON number: ints as digits, floats in `repr` form.
pub(crate) fn py_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or_default();
    let exp = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i32
    };
    if (-4..16).contains(&exp) {
        let s = format!("{f:?}");
        if s.contains('.') || s.contains('e') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        // 1e+16, 1e-05: Python's exponent has a sign and at least two digits.
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').expect("exponent form");
        let exp: i32 = exp.parse().expect("exponent");
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_python() {
        let n = |s: &str| serde_json::from_str::<serde_json::Number>(s).unwrap();
        assert_eq!(py_number(&n("3")), "3");
        assert_eq!(py_number(&n("3.0")), "3.0");
        assert_eq!(py_number(&n("2.5")), "2.5");
        assert_eq!(py_number(&n("1e16")), "1e+16");
        assert_eq!(py_number(&n("0.00001")), "1e-05");
        assert_eq!(py_number(&n("0.0001")), "0.0001");
    }
}
