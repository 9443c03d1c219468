//! YAML as PyYAML reads and writes it, for Copier: `copier.yml` is read by PyYAML's
//! `SafeLoader` (YAML 1.1: `no` is false, `017` is 15, `1e3` is text), and every Copier
//! template writes its answers file with `{{ _copier_answers|to_nice_yaml }}`, so a project made
//! by jig must hold byte for byte the file Copier writes (or `jig check` and `copier update`
//! would each see the other's file as edited). `load` and `dump` are ports of the parts of
//! PyYAML 6 that plain data reaches; both are checked against PyYAML itself (tests).

mod dump;
mod load;
mod scalar;

pub(crate) use dump::{dump, Style};
pub(crate) use load::{documents, documents_counted, Document};

use regex::Regex;
use serde_json::Value as Json;
use std::sync::LazyLock;

/// Python's `repr(float)` as PyYAML writes it: `.inf`, `.nan`, `1.0e+17`.
pub(crate) fn python_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let repr = python_float_repr(f).to_lowercase();
    if !repr.contains('.') && repr.contains('e') {
        repr.replacen('e', ".0e", 1)
    } else {
        repr
    }
}

/// Python's `repr(float)`: the shortest digits that read back, positional for exponents
/// from -4 to 15, else `d.ddde+XX`.
pub(crate) fn python_float_repr(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = format!("{:e}", f); // e.g. "-1.2345e-7"
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("an integer exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    }
}

/// PyYAML's implicit resolvers: what a plain scalar reads back as, if not a string.
pub(super) static IMPLICIT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        r"^(?:<<)$",
        r"^(?:~|null|Null|NULL|)$",
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        r"^(?:=)$",
    ]
    .iter()
    .map(|re| Regex::new(re).expect("valid resolver pattern"))
    .collect()
});

pub(super) fn resolves_to_str(s: &str) -> bool {
    !IMPLICIT.iter().any(|re| re.is_match(s))
}

/// What PyYAML's `safe_load` makes of `text` when it is one plain scalar on one line: YAML
/// 1.1's implicit types, which YAML 1.2 readers take differently (`yes`, `off`, `0b101`,
/// `017`, `1_000`, `1:30` are typed; `1e3` is text). `None` for anything else (quoted,
/// flow or block collections, several lines: the caller's YAML reader agrees on those).
pub(crate) fn yaml11_scalar(text: &str) -> Option<Json> {
    let t = text.trim();
    let plain = !t.is_empty()
        && !t.contains('\n')
        && !t.contains(": ")
        && !t.ends_with(':')
        && !t.contains(" #")
        && !t.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c));
    match plain {
        true => resolve_plain(t),
        false => None,
    }
}

/// A plain scalar as PyYAML's SafeLoader constructs it (null, bool, int, float, else text);
/// `None` for a float JSON cannot hold (`.inf`, `.nan`).
pub(crate) fn resolve_plain(t: &str) -> Option<Json> {
    if IMPLICIT[4].is_match(t) {
        return Some(Json::Null);
    }
    if IMPLICIT[0].is_match(t) {
        return Some(Json::Bool(matches!(
            t.to_lowercase().as_str(),
            "yes" | "true" | "on"
        )));
    }
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let body = body.replace('_', "");
    if IMPLICIT[2].is_match(t) {
        let value = if let Some(bin) = body.strip_prefix("0b") {
            i64::from_str_radix(bin, 2).ok()?
        } else if let Some(hex) = body.strip_prefix("0x") {
            i64::from_str_radix(hex, 16).ok()?
        } else if body.contains(':') {
            body.split(':')
                .try_fold(0i64, |acc, part| Some(acc * 60 + part.parse::<i64>().ok()?))?
        } else if body.len() > 1 && body.starts_with('0') {
            i64::from_str_radix(&body[1..], 8).ok()?
        } else {
            body.parse().ok()?
        };
        return Some(Json::from(if negative { -value } else { value }));
    }
    if IMPLICIT[1].is_match(t) {
        let value = if body.contains(':') {
            body.split(':').try_fold(0f64, |acc, part| {
                Some(acc * 60.0 + part.parse::<f64>().ok()?)
            })?
        } else {
            body.parse::<f64>().ok()?
        };
        let value = if negative { -value } else { value };
        return serde_json::Number::from_f64(value).map(Json::Number);
    }
    Some(Json::String(t.to_string()))
}

#[cfg(test)]
mod tests;
