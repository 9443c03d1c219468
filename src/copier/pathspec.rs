//! `_exclude` and `_skip_if_exists` patterns, matched as Copier matches them: Python's
//! `pathspec` with its "gitignore" patterns (`GitIgnoreBasicPattern`), every pattern turned
//! into a regular expression and the last pattern that matches a path deciding.
//!
//! This is not git's own ignore walk (the `ignore` crate's): pathspec tests each path on its
//! own, so `bad` excludes `bad/sub/file.txt` because the pattern's regex matches it, and a
//! later `!bad/sub/file.txt` brings that file back. Copier's users rely on both.

use regex::Regex;

/// Compiled patterns, in order, each with whether it includes (matches) or negates.
#[derive(Debug, Default, Clone)]
pub(crate) struct PathSpec {
    patterns: Vec<(Regex, bool)>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid pattern `{pattern}`")]
pub(crate) struct BadPattern {
    pub pattern: String,
}

impl PathSpec {
    pub(crate) fn new<'a>(
        lines: impl IntoIterator<Item = &'a str>,
    ) -> Result<PathSpec, BadPattern> {
        let mut patterns = Vec::new();
        for line in lines {
            let bad = || BadPattern {
                pattern: line.to_string(),
            };
            if let Some((regex, include)) = to_regex(line).map_err(|_| bad())? {
                patterns.push((Regex::new(&regex).map_err(|_| bad())?, include));
            }
        }
        Ok(PathSpec { patterns })
    }

    /// Whether `path` (relative, `/`-separated) is matched.
    pub(crate) fn matches(&self, path: &str) -> bool {
        let mut matched = false;
        for (regex, include) in &self.patterns {
            if regex.is_match(path) {
                matched = *include;
            }
        }
        matched
    }
}

/// `GitIgnoreBasicPattern.pattern_to_regex`: `None` for blank lines and comments.
fn to_regex(pattern: &str) -> Result<Option<(String, bool)>, ()> {
    let pattern = if pattern.ends_with("\\ ") {
        pattern
    } else {
        pattern.trim_end()
    };
    if pattern.is_empty() || pattern.starts_with('#') {
        return Ok(None);
    }
    let (pattern, include) = match pattern.strip_prefix('!') {
        Some(rest) => (rest, false),
        None => (pattern, true),
    };
    let mut segs: Vec<&str> = pattern.split('/').collect();
    let mut is_dir = segs.last() == Some(&"");
    if pattern == "/" {
        is_dir = false;
    }
    if segs[0].is_empty() {
        segs.remove(0);
    } else if (segs.len() == 1 || (segs.len() == 2 && segs[1].is_empty())) && segs[0] != "**" {
        segs.insert(0, "**");
    }
    if segs.is_empty() {
        return Err(());
    }
    if let Some(last) = segs.last_mut() {
        if last.is_empty() {
            *last = "**";
        }
    }
    segs.dedup_by(|b, a| *a == "**" && *b == "**");
    let regex = match segs.as_slice() {
        ["**"] if is_dir => "/".to_string(),
        ["**"] | ["**", "*"] => ".".to_string(),
        ["**", "*", "**"] => "/".to_string(),
        _ => translate(&segs)?,
    };
    Ok(Some((regex, include)))
}

fn translate(segs: &[&str]) -> Result<String, ()> {
    let mut out = String::new();
    let mut need_slash = false;
    let end = segs.len() - 1;
    for (i, seg) in segs.iter().enumerate() {
        if *seg == "**" {
            if i == 0 {
                out.push_str("^(?:.+/)?");
            } else if i < end {
                out.push_str("(?:/.+)?");
                need_slash = true;
            } else {
                out.push('/');
            }
            continue;
        }
        if i == 0 {
            out.push('^');
        }
        if need_slash {
            out.push('/');
        }
        if *seg == "*" {
            out.push_str("[^/]+");
        } else {
            out.push_str(&glob(seg)?);
        }
        if i == end {
            out.push_str(if *seg == "*" { "/?$" } else { "(?:/|$)" });
        }
        need_slash = true;
    }
    Ok(out)
}

/// `_translate_segment_glob` with invalid ranges taken literally.
fn glob(pattern: &str) -> Result<String, ()> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut escape = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if escape {
            escape = false;
            out.push_str(&regex::escape(&c.to_string()));
        } else if c == '\\' {
            escape = true;
        } else if c == '*' {
            out.push_str("[^/]*");
        } else if c == '?' {
            out.push_str("[^/]");
        } else if c == '[' {
            let mut j = i;
            if j < chars.len() && (chars[j] == '!' || chars[j] == '^') {
                j += 1;
            }
            if j < chars.len() && chars[j] == ']' {
                j += 1;
            }
            while j < chars.len() && chars[j] != ']' {
                j += 1;
            }
            if j < chars.len() {
                j += 1;
                let mut expr = String::from("[");
                if chars[i] == '!' || chars[i] == '^' {
                    expr.push('^');
                    i += 1;
                }
                let inner: String = chars[i..j].iter().collect();
                expr.push_str(&inner.replace('\\', "\\\\"));
                out.push_str(&expr);
                i = j;
            } else {
                out.push_str("\\[");
            }
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
    }
    if escape {
        return Err(());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(lines: &[&str]) -> PathSpec {
        PathSpec::new(lines.iter().copied()).unwrap()
    }

    #[test]
    fn copier_defaults() {
        let s = spec(&crate::copier::template::DEFAULT_EXCLUDE);
        for path in [
            "copier.yml",
            "a/copier.yaml",
            "~tmp",
            "x/y.pyc",
            "__pycache__/z.py",
            ".git",
        ] {
            assert!(s.matches(path), "{path}");
        }
        for path in ["copier.yml.jinja", "a.py", ".gitignore", "src/main.py"] {
            assert!(!s.matches(path), "{path}");
        }
    }

    #[test]
    fn last_match_wins_and_reaches_inside_directories() {
        let s = spec(&["bad", "!bad/keep.txt"]);
        assert!(s.matches("bad"));
        assert!(s.matches("bad/sub/file.txt"));
        assert!(!s.matches("bad/keep.txt"));
        let s = spec(&["!bad/keep.txt", "bad"]);
        assert!(s.matches("bad/keep.txt"));
    }

    #[test]
    fn anchoring_directories_and_globs() {
        let s = spec(&["/root.txt", "dir/", "a/**/z", "*.md", "x[!0-9]y", "[bad"]);
        assert!(s.matches("root.txt"));
        assert!(!s.matches("sub/root.txt"));
        assert!(!s.matches("dir"));
        assert!(s.matches("dir/file"));
        assert!(s.matches("a/z") && s.matches("a/b/c/z"));
        assert!(s.matches("docs/readme.md"));
        assert!(s.matches("xay") && !s.matches("x1y"));
        assert!(s.matches("[bad"));
        assert!(spec(&["*"]).matches("any/thing"));
        assert!(spec(&["**/"]).matches("a/b") && !spec(&["**/"]).matches("a"));
        assert!(spec(&["# comment", ""]).patterns.is_empty());
        assert!(PathSpec::new(["trailing\\"]).is_err());
    }

    #[test]
    fn matches_as_python_pathspec_does() {
        let patterns = [
            "bad",
            "!bad/keep.txt",
            "/top",
            "dir/",
            "a/**/z",
            "**/deep",
            "*.md",
            "!docs/*.md",
            "x[!0-9]y",
            "[bad",
            "*",
            "*/",
            "**",
            "**/",
            "sub/*",
            "~*",
            "*.py[co]",
            "a?c",
            "name\\ ",
            "#x",
            "\\#x",
            "\\!y",
            "/",
            "a/b/",
            "**/c/**",
            "q/**",
        ];
        let paths = [
            "bad",
            "bad/keep.txt",
            "bad/sub/f",
            "top",
            "x/top",
            "dir",
            "dir/f",
            "a/z",
            "a/b/z",
            "deep",
            "x/y/deep",
            "r.md",
            "docs/r.md",
            "docs/x/r.md",
            "xay",
            "x1y",
            "[bad",
            "sub",
            "sub/f",
            "sub/f/g",
            "~t",
            "m.pyc",
            "abc",
            "name ",
            "#x",
            "!y",
            "a/b",
            "a/b/c",
            "c/d",
            "q",
            "q/r",
        ];
        let mut cases = Vec::new();
        for n in 0..patterns.len() {
            // Each pattern alone, and with the next two after it (for ordering).
            let set: Vec<&str> = patterns[n..(n + 3).min(patterns.len())].to_vec();
            cases.push(vec![patterns[n]]);
            cases.push(set);
        }
        let input = serde_json::json!({"cases": cases, "paths": paths}).to_string();
        let script = "import json,sys,pathspec\n\
d=json.loads(sys.stdin.read())\n\
print(json.dumps([[pathspec.PathSpec.from_lines('gitignore',c).match_file(p) for p in d['paths']] for c in d['cases']]))";
        let expected: Vec<Vec<bool>> = crate::copier::test_python(script, &input);
        for (case, want) in cases.iter().zip(expected) {
            let s = PathSpec::new(case.iter().copied()).unwrap();
            for (path, want) in paths.iter().zip(want) {
                assert_eq!(s.matches(path), want, "patterns {case:?}, path {path}");
            }
        }
    }
}
