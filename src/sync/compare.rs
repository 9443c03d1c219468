//! The content axis of `jig check`: each file the blueprint produces, rendered again from the
//! recorded version and answers, against the working tree.
//!
//! `in-sync` and `modified` compare bytes (and the executable bit); `missing` is a file the
//! team deleted; `create-once` files belong to the team after generation and are not compared;
//! `unmanaged` files are the team's own (listed, never an error). A render that needed a
//! secret holds a placeholder there, which matches any text on that line.

use super::tree::{Blob, Kind, Tree};
use crate::prompt::SECRET_MARK;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum State {
    InSync,
    Modified,
    Missing,
    CreateOnce,
}

impl State {
    pub(crate) fn name(self) -> &'static str {
        match self {
            State::InSync => "in-sync",
            State::Modified => "modified",
            State::Missing => "missing",
            State::CreateOnce => "create-once",
        }
    }

    /// Whether the state counts as drift.
    pub(crate) fn diverged(self) -> bool {
        matches!(self, State::Modified | State::Missing)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct FileState {
    pub path: String,
    pub state: State,
}

/// Classifies every file of `render` against `project`, in parallel, sorted by path.
pub(crate) fn classify(
    render: &Tree,
    create_once: &BTreeSet<String>,
    project: &Path,
) -> std::io::Result<Vec<FileState>> {
    let paths: Vec<&String> = render.files.keys().collect();
    paths
        .par_iter()
        .map(|path| {
            let state = if create_once.contains(*path) {
                State::CreateOnce
            } else {
                match Blob::read(project, path)? {
                    None => State::Missing,
                    Some(working) => {
                        let rendered = render.read(path)?.expect("listed in the render");
                        if same(&rendered, &working) {
                            State::InSync
                        } else {
                            State::Modified
                        }
                    }
                }
            };
            Ok(FileState {
                path: path.to_string(),
                state,
            })
        })
        .collect()
}

/// Whether a working file matches its render; placeholders for secrets match any text.
pub(crate) fn same(rendered: &Blob, working: &Blob) -> bool {
    if rendered.kind != working.kind {
        return false;
    }
    if rendered.bytes == working.bytes {
        return true;
    }
    if rendered.kind == Kind::Symlink || !contains(&rendered.bytes, SECRET_MARK.as_bytes()) {
        return false;
    }
    match (
        std::str::from_utf8(&rendered.bytes),
        std::str::from_utf8(&working.bytes),
    ) {
        (Ok(r), Ok(w)) => matches_with_secrets(r, w),
        _ => false,
    }
}

/// `same` for optional sides: both absent, or both present and the same.
pub(crate) fn same_option(rendered: Option<&Blob>, working: Option<&Blob>) -> bool {
    match (rendered, working) {
        (None, None) => true,
        (Some(r), Some(w)) => same(r, w),
        _ => false,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Line by line: lines holding a placeholder match any text in its place.
fn matches_with_secrets(rendered: &str, working: &str) -> bool {
    let placeholder = regex::Regex::new(&format!("{}[A-Za-z0-9_]+@@", regex::escape(SECRET_MARK)))
        .expect("valid");
    let (r_lines, w_lines): (Vec<&str>, Vec<&str>) = (
        rendered.split('\n').collect(),
        working.split('\n').collect(),
    );
    if r_lines.len() != w_lines.len() {
        return false;
    }
    r_lines.iter().zip(&w_lines).all(|(r, w)| {
        if r == w {
            return true;
        }
        if !placeholder.is_match(r) {
            return false;
        }
        let pattern = placeholder
            .split(r)
            .map(regex::escape)
            .collect::<Vec<_>>()
            .join(".*?");
        regex::Regex::new(&format!("^{pattern}$")).is_ok_and(|re| re.is_match(w))
    })
}

/// Files in `project` that no blueprint produces: not ignored by git, not jig's metadata.
pub(crate) fn unmanaged(project: &Path, managed: &HashSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(project)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker.flatten() {
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            continue;
        }
        let rel = super::tree::relative(project, entry.path());
        if is_metadata(&rel) || managed.contains(&rel) {
            continue;
        }
        found.push(rel);
    }
    found.sort();
    found
}

/// jig's (and its peers') own records, never compared.
pub(crate) fn is_metadata(rel: &str) -> bool {
    rel.starts_with(".jig/")
        || rel == super::link::CRUFT_FILE
        || crate::copier::answers::is_answers_file(rel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::secret_placeholder;

    fn text(s: &str) -> Blob {
        Blob {
            kind: Kind::File { exec: false },
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn placeholders_match_any_text_on_their_line_only() {
        let p = secret_placeholder("token");
        let rendered = text(&format!("a: 1\ntoken: \"{p}\"\nb: 2\n"));
        assert!(same(&rendered, &text("a: 1\ntoken: \"s3cr3t\"\nb: 2\n")));
        assert!(!same(&rendered, &text("a: 1\ntoken: s3cr3t\nb: 2\n")));
        assert!(!same(&rendered, &text("a: 1\ntoken: \"x\"\nb: 3\n")));
        assert!(!same(&rendered, &text("a: 1\ntoken: \"x\"\n")));
    }

    #[test]
    fn the_executable_bit_and_symlinks_count() {
        let mut exec = text("x");
        exec.kind = Kind::File { exec: true };
        assert!(!same(&text("x"), &exec));
        let link = Blob {
            kind: Kind::Symlink,
            bytes: b"x".to_vec(),
        };
        assert!(!same(&link, &text("x")));
    }
}
