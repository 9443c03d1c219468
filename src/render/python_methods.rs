//! Python `str` methods Cookiecutter-style templates call (`.partition()`, `.zfill()` ...),
//! beyond minijinja-contrib's pycompat set, which handles the rest.

use minijinja::{Error, Value};

/// Python `str` methods templates call, beyond minijinja-contrib's pycompat set (which handles
/// the rest: `lower`, `replace`, `split`, `strip`, dict `items`/`get` ...).
pub(super) fn python_methods(
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
        "isdigit" | "isdecimal" | "isnumeric" => {
            Value::from(!s.is_empty() && s.chars().all(|c| c.is_numeric()))
        }
        "isidentifier" => Value::from(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        ),
        "isascii" => Value::from(s.is_ascii()),
        "isprintable" => Value::from(s.chars().all(|c| !c.is_control())),
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
