//! The rules that decide how each file of a template is rendered: excluded, copied verbatim,
//! created once, or rendered with other delimiters; globs with gitignore-like semantics.
//!
//! They are rendering rules, so they live here; a blueprint's manifest (`blueprint`) is where
//! they are written, and other template formats can fill them too.

use globset::GlobSet;

/// Which files are excluded, copied verbatim, created once, or rendered with other delimiters.
/// Every glob is matched against the rendered path relative to the project root.
#[derive(Debug, Default, Clone)]
pub struct FileRules {
    pub exclude: GlobSet,
    pub copy: GlobSet,
    pub create_once: GlobSet,
    pub create_once_patterns: Vec<String>,
    /// Paths kept although jig leaves them out of every project by default
    /// (`render::plan`'s `.DS_Store` and `__pycache__`; never `.git`).
    pub keep: GlobSet,
    pub delimiters: Vec<DelimiterRule>,
}

impl FileRules {
    /// The index of the delimiter profile for a path (0 = default delimiters).
    pub fn syntax_for(&self, rel_path: &str) -> usize {
        self.delimiters
            .iter()
            .position(|rule| rule.files.is_match(rel_path))
            .map_or(0, |i| i + 1)
    }
}

#[derive(Debug, Clone)]
pub struct DelimiterRule {
    pub files: GlobSet,
    pub syntax: Delimiters,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delimiters {
    pub variable: (String, String),
    pub block: (String, String),
    pub comment: (String, String),
}

impl Default for Delimiters {
    fn default() -> Self {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        Delimiters {
            variable: pair("{{", "}}"),
            block: pair("{%", "%}"),
            comment: pair("{#", "#}"),
        }
    }
}

/// Gitignore-like glob semantics: a pattern without `/` matches at any depth, and a pattern
/// that matches a directory also matches everything below it.
pub(crate) fn expand_glob(pattern: &str) -> Vec<String> {
    let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
    let anchored = if trimmed.contains('/') {
        trimmed.trim_start_matches('/').to_string()
    } else {
        format!("**/{trimmed}")
    };
    vec![anchored.clone(), format!("{anchored}/**")]
}
