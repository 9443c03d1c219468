//! Jinja's built-in filters with Jinja's signatures, where minijinja's differ.
//!
//! Cookiecutter templates are Jinja templates: they call `wordwrap(119)`, `replace('a', 'b',
//! 1)`, `dictsort(false, 'value')`, `sort(true)` and `center(80)` with positional arguments,
//! as Jinja documents them. minijinja takes some of these by keyword only, lacks a few, and
//! wraps text differently from Python's `textwrap`. Each filter here takes Jinja's parameters,
//! positionally or by name, and gives Jinja's output; where minijinja already has the logic
//! (sorting), the positional arguments are handed to it as keywords.

use minijinja::value::{Kwargs, Rest, Value};
use minijinja::{Environment, Error, ErrorKind, State};

pub(super) fn register(env: &mut Environment<'static>) {
    env.add_filter("wordwrap", wordwrap);
    env.add_filter("center", center);
    env.add_filter("replace", replace);
    env.add_filter("sort", sort);
    env.add_filter("dictsort", dictsort);
    env.add_filter("truncate", truncate);
}

/// `truncate(length=255, killwords=False, end='...', leeway=5)`.
fn truncate(value: &str, args: Rest<Value>, kwargs: Kwargs) -> Result<String, Error> {
    let p = params(&args, &kwargs, &["length", "killwords", "end", "leeway"])?;
    let length = int(p[0].as_ref(), 255)?;
    let killwords = flag(p[1].as_ref(), false);
    let end = match &p[2] {
        Some(v) if !v.is_none() => v.to_string(),
        _ => "...".to_string(),
    };
    let leeway = int(p[3].as_ref(), 5)?;
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= length + leeway {
        return Ok(value.to_string());
    }
    let keep: String = chars[..length.saturating_sub(end.chars().count())]
        .iter()
        .collect();
    if killwords {
        return Ok(keep + &end);
    }
    let cut = keep
        .rsplit_once(' ')
        .map_or(keep.as_str(), |(head, _)| head);
    Ok(format!("{cut}{end}"))
}

/// Jinja's `(name, default)` parameters taken positionally and by keyword.
fn params(args: &[Value], kwargs: &Kwargs, names: &[&str]) -> Result<Vec<Option<Value>>, Error> {
    if args.len() > names.len() {
        return Err(Error::new(
            ErrorKind::TooManyArguments,
            format!("takes at most {} arguments", names.len()),
        ));
    }
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let by_name: Option<Value> = kwargs.get(name)?;
        out.push(match (args.get(i), by_name) {
            (Some(_), Some(_)) => {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`{name}` given twice"),
                ))
            }
            (Some(v), None) => Some(v.clone()),
            (None, v) => v,
        });
    }
    kwargs.assert_all_used()?;
    Ok(out)
}

fn int(value: Option<&Value>, default: usize) -> Result<usize, Error> {
    match value {
        None => Ok(default),
        Some(v) if v.is_none() => Ok(default),
        Some(v) => usize::try_from(v.clone()),
    }
}

fn flag(value: Option<&Value>, default: bool) -> bool {
    value.map_or(default, Value::is_true)
}

/// `wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)`:
/// each line wrapped by Python's `textwrap` rules, lines joined with `wrapstring`.
fn wordwrap(value: &str, args: Rest<Value>, kwargs: Kwargs) -> Result<String, Error> {
    let p = params(
        &args,
        &kwargs,
        &[
            "width",
            "break_long_words",
            "wrapstring",
            "break_on_hyphens",
        ],
    )?;
    let width = int(p[0].as_ref(), 79)?;
    let break_long = flag(p[1].as_ref(), true);
    let wrapstring = match &p[2] {
        Some(v) if !v.is_none() => v.to_string(),
        _ => "\n".to_string(),
    };
    let hyphens = flag(p[3].as_ref(), true);
    let lines: Vec<String> = split_lines(value)
        .map(|line| textwrap(line, width, break_long, hyphens).join(&wrapstring))
        .collect();
    Ok(lines.join(&wrapstring))
}

/// Python's `str.splitlines()` for the separators text files have.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let t = rest?;
        match t.find(['\n', '\r']) {
            Some(i) => {
                let skip = if t[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[i + skip..]);
                Some(&t[..i])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// Python's `textwrap.wrap(line, width, expand_tabs=False, replace_whitespace=False,
/// break_long_words, break_on_hyphens)`.
fn textwrap(line: &str, width: usize, break_long: bool, hyphens: bool) -> Vec<String> {
    let len = |s: &str| s.chars().count();
    let mut chunks: Vec<String> = split_chunks(line, hyphens);
    chunks.reverse();
    let mut lines: Vec<String> = Vec::new();
    let width = width.max(1);
    while !chunks.is_empty() {
        let mut cur: Vec<String> = Vec::new();
        let mut cur_len = 0;
        if !lines.is_empty() && chunks.last().is_some_and(|c| c.trim().is_empty()) {
            chunks.pop();
        }
        while let Some(chunk) = chunks.last() {
            let l = len(chunk);
            if cur_len + l > width {
                break;
            }
            cur_len += l;
            cur.push(chunks.pop().expect("checked"));
        }
        if chunks.last().is_some_and(|c| len(c) > width) {
            if break_long {
                let chunk = chunks.pop().expect("checked");
                let space_left = width.saturating_sub(cur_len).max(1);
                let chars: Vec<char> = chunk.chars().collect();
                let mut end = space_left.min(chars.len());
                if hyphens && chars.len() > space_left {
                    let head: String = chars[..space_left].iter().collect();
                    if let Some(h) = head.rfind('-').map(|b| head[..b].chars().count()) {
                        if h > 0 && chars[..h].iter().any(|c| *c != '-') {
                            end = h + 1;
                        }
                    }
                }
                cur.push(chars[..end].iter().collect());
                let rest: String = chars[end..].iter().collect();
                if !rest.is_empty() {
                    chunks.push(rest);
                }
            } else if cur.is_empty() {
                cur.push(chunks.pop().expect("checked"));
            }
        }
        if cur.last().is_some_and(|c| c.trim().is_empty()) {
            cur.pop();
        }
        if !cur.is_empty() {
            lines.push(cur.concat());
        }
    }
    lines
}

/// `TextWrapper._split`: runs of whitespace and words; with `hyphens`, a hyphenated word
/// breaks after its hyphens (`well-` `known`) where letters stand on both sides.
fn split_chunks(text: &str, hyphens: bool) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        let space = c.is_whitespace();
        let mut chunk = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_whitespace() != space {
                break;
            }
            chunk.push(d);
            chars.next();
        }
        if space || !hyphens {
            chunks.push(chunk);
        } else {
            chunks.extend(split_hyphens(&chunk));
        }
    }
    chunks
}

/// A word split after each hyphen that has two letters (or letter-letter-) before it and a
/// letter after it, as Python's `wordsep_re` does.
fn split_hyphens(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let letter = |i: usize| chars.get(i).is_some_and(|c| c.is_alphabetic());
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        if chars[i] != '-' || i < 2 {
            continue;
        }
        let before = letter(i - 1) && letter(i - 2)
            || i >= 3 && letter(i - 1) && chars[i - 2] == '-' && letter(i - 3);
        let after = letter(i + 1) || chars.get(i + 1) == Some(&'-') && letter(i + 2);
        if before && after && i + 1 > start {
            out.push(chars[start..=i].iter().collect());
            start = i + 1;
        }
    }
    out.push(chars[start..].iter().collect());
    out
}

/// `center(width=80)`: Python's `str.center`.
fn center(value: &str, args: Rest<Value>, kwargs: Kwargs) -> Result<String, Error> {
    let p = params(&args, &kwargs, &["width"])?;
    let width = int(p[0].as_ref(), 80)?;
    let len = value.chars().count();
    if width <= len {
        return Ok(value.to_string());
    }
    let total = width - len;
    // Where the odd space goes, as CPython decides it.
    let left = total / 2 + (total & width & 1);
    Ok(format!(
        "{}{value}{}",
        " ".repeat(left),
        " ".repeat(total - left)
    ))
}

/// `replace(old, new, count=None)`.
fn replace(value: &str, args: Rest<Value>, kwargs: Kwargs) -> Result<String, Error> {
    let p = params(&args, &kwargs, &["old", "new", "count"])?;
    let text = |v: &Option<Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    let (old, new) = (text(&p[0]), text(&p[1]));
    match &p[2] {
        Some(count) if !count.is_none() => {
            let count = usize::try_from(count.clone())?;
            Ok(value.replacen(&old, &new, count))
        }
        _ => Ok(value.replace(&old, &new)),
    }
}

/// `sort(reverse=False, case_sensitive=False, attribute=None)`, handed to minijinja's.
fn sort(state: &State, value: Value, args: Rest<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    let p = params(&args, &kwargs, &["reverse", "case_sensitive", "attribute"])?;
    minijinja::filters::sort(
        state,
        value,
        as_kwargs(&["reverse", "case_sensitive", "attribute"], p),
    )
}

/// `dictsort(case_sensitive=False, by='key', reverse=False)`, handed to minijinja's.
fn dictsort(value: &Value, args: Rest<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    let names = ["case_sensitive", "by", "reverse"];
    let p = params(&args, &kwargs, &names)?;
    minijinja::filters::dictsort(value, as_kwargs(&names, p))
}

fn as_kwargs(names: &[&str], values: Vec<Option<Value>>) -> Kwargs {
    names
        .iter()
        .zip(values)
        .filter_map(|(n, v)| v.map(|v| (*n, v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textwrap_is_pythons() {
        let text = "The quick brown fox jumps over the lazy dog and keeps running far away";
        // Python: textwrap.wrap(text, 15, expand_tabs=False, replace_whitespace=False)
        assert_eq!(
            textwrap(text, 15, true, true),
            [
                "The quick brown",
                "fox jumps over",
                "the lazy dog",
                "and keeps",
                "running far",
                "away"
            ]
        );
        assert_eq!(
            textwrap("supercalifragilistic word", 8, true, true),
            ["supercal", "ifragili", "stic", "word"]
        );
        assert_eq!(
            textwrap("a well-known thing", 8, true, true),
            ["a well-", "known", "thing"]
        );
        assert_eq!(
            textwrap("a well-known thing", 8, true, false),
            ["a well-k", "nown", "thing"]
        );
        assert_eq!(textwrap("", 8, true, true), Vec::<String>::new());
    }

    fn render(source: &str) -> String {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(source, ()).unwrap()
    }

    #[test]
    fn jinja_signatures_positional_and_by_name() {
        // Expected values are Jinja 3.1's.
        assert_eq!(render("[{{ 'ab' | center(5) }}]"), "[  ab ]");
        assert_eq!(render("[{{ 'abc' | center(6) }}]"), "[ abc  ]");
        assert_eq!(render("{{ 'a-b-c' | replace('-', '+', 1) }}"), "a+b-c");
        assert_eq!(render("{{ 'a-b-c' | replace(old='-', new='') }}"), "abc");
        assert_eq!(render("{{ [3, 1, 2] | sort(true) | join }}"), "321");
        assert_eq!(
            render("{{ {'b': 1, 'a': 2} | dictsort(false, 'value', true) }}"),
            "[('a', 2), ('b', 1)]"
        );
        assert_eq!(
            render("{{ 'aaaa bbbb cccc' | wordwrap(9, true, '|') }}"),
            "aaaa bbbb|cccc"
        );
        assert_eq!(
            render("{{ ('x' * 30) | truncate(10, true, '..', 0) }}"),
            "xxxxxxxx.."
        );
    }
}
