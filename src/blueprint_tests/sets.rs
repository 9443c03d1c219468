//! Answer sets: the named sets of answers a blueprint is tested with.
//!
//! `tests/NAME.yaml` in a blueprint holds answers like a `--data-file`; the all-defaults set
//! `defaults` is always there (a `tests/defaults.yaml` replaces it). `jig test` renders each
//! set, and `jig lint` renders paths with each to find collisions.

use crate::blueprint::Blueprint;
use crate::prompt::{self, Given, Mode, Resolved};
use std::path::{Path, PathBuf};

/// The folder of answer sets and expected trees inside a blueprint.
pub(crate) const TESTS_DIR: &str = "tests";
/// The name of the all-defaults set.
pub(crate) const DEFAULTS: &str = "defaults";

#[derive(Debug, Clone)]
pub(crate) struct AnswerSet {
    pub name: String,
    /// The answers file; none for the implicit all-defaults set.
    pub file: Option<PathBuf>,
    pub given: Given,
}

impl AnswerSet {
    /// Where the expected tree of this set lives: `tests/NAME.expected/`.
    pub(crate) fn snapshot_dir(&self, root: &Path) -> PathBuf {
        root.join(TESTS_DIR).join(format!("{}.expected", self.name))
    }

    /// The set's file relative to the blueprint, or `(all defaults)`.
    pub(crate) fn origin(&self, root: &Path) -> String {
        match &self.file {
            Some(f) => f.strip_prefix(root).unwrap_or(f).display().to_string(),
            None => "(all defaults)".into(),
        }
    }

    /// The set of every default.
    pub(crate) fn defaults() -> AnswerSet {
        AnswerSet {
            name: DEFAULTS.into(),
            file: None,
            given: Given::new(),
        }
    }

    /// The answers templates see: the set's answers, defaults for the rest.
    pub(crate) fn resolve(&self, blueprint: &Blueprint) -> Result<Resolved, prompt::Error> {
        crate::generate::blueprint::scripted_answers(blueprint, &self.given, Mode::Defaults)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub(crate) struct Error {
    pub path: PathBuf,
    pub message: String,
}

/// The blueprint's answer sets: `defaults` first, then `tests/*.yaml` by name.
pub(crate) fn answer_sets(root: &Path) -> Result<Vec<AnswerSet>, Error> {
    let dir = root.join(TESTS_DIR);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(Error {
                path: dir,
                message: e.to_string(),
            })
        }
    };
    files.sort();
    let mut sets = Vec::new();
    for file in files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let given = prompt::read_answers_file(&file).map_err(|e| Error {
            path: e.path,
            message: e.message,
        })?;
        sets.push(AnswerSet {
            name,
            file: Some(file),
            given,
        });
    }
    if !sets.iter().any(|s| s.name == DEFAULTS) {
        sets.insert(0, AnswerSet::defaults());
    }
    Ok(sets)
}
