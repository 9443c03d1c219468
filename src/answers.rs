//! The answers file recorded in every generated project: `.jig/<blueprint>.yaml`.
//!
//! It says which blueprint, from where, at which version and content digest, made the project
//! and with which answers (never secrets). Later `jig check` and `jig update` re-render from it.
//! One file per applied blueprint, so one repository can use several blueprints.

use crate::prompt::Answers;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub(crate) const DIR: &str = ".jig";

const HEADER: &str =
    "# Written by jig. Do not edit by hand: `jig update` uses it as the merge base.\n";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswersFile {
    pub blueprint: String,
    pub version: String,
    /// The source as the user gave it.
    pub source: String,
    pub source_kind: crate::source::Kind,
    /// The git URL the source resolved to (abbreviations expanded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The tag or branch the commit was taken from (`refs/tags/v1.2.0`).
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    /// The resolved git commit, for git sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The registry the version was published in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// The digest of the registry bundle (`sha256:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<String>,
    /// `cookiecutter` for Cookiecutter templates; absent for jig blueprints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The template's subdirectory inside the source (`--directory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
    /// Which of the blueprint's `repositories:` this one is, when it makes several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// SHA-256 of the blueprint's files (`sha256:...`).
    pub digest: String,
    /// The other tool's answers file `jig adopt` took this link's answers from
    /// (`.copier-answers.yml`, `.cruft.json`): this link replaces it, so it is no link of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted_from: Option<String>,
    pub jig_version: String,
    pub answers: Answers,
}

/// An answers file (jig's, or cruft's `.cruft.json`) that cannot be read: the one error for
/// it, wherever it is read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the answers file {}: {message}", path.display())]
pub(crate) struct ReadError {
    pub path: PathBuf,
    pub message: String,
}

impl AnswersFile {
    /// The file's path relative to the project root.
    pub(crate) fn relative_path(blueprint: &str) -> PathBuf {
        Path::new(DIR).join(format!("{blueprint}.yaml"))
    }

    pub(crate) fn to_yaml(&self) -> Result<String, crate::yaml::Error> {
        Ok(format!("{HEADER}{}", crate::yaml::to_string(self)?))
    }

    pub(crate) fn write(&self, project: &Path) -> std::io::Result<PathBuf> {
        let rel = Self::relative_path(&self.blueprint);
        let path = project.join(&rel);
        std::fs::create_dir_all(path.parent().expect("has a parent"))?;
        let text = self.to_yaml().map_err(std::io::Error::other)?;
        crate::journal::replace_file(&path, text.as_bytes())?;
        Ok(rel)
    }

    /// Records where the source resolved to; a tag's or registry's version wins over the
    /// template's own.
    pub(crate) fn pin(&mut self, source: &crate::source::Source) {
        let pin = &source.pin;
        if let Some(v) = &pin.version {
            self.version = v.to_string();
        }
        self.url.clone_from(&pin.url);
        self.git_ref.clone_from(&pin.git_ref);
        self.commit.clone_from(&pin.commit);
        self.registry.clone_from(&pin.registry);
        self.bundle.clone_from(&pin.bundle);
        if source.directory.is_some() {
            self.directory.clone_from(&source.directory);
        }
        // A directory given relative to where `jig new` ran means nothing to a later `jig
        // check` run elsewhere (inside the project, say): record where it is.
        let given = Path::new(&self.source);
        if source.kind == crate::source::Kind::Local && given.is_relative() && given.is_dir() {
            if let Ok(absolute) = std::path::absolute(given) {
                self.source = absolute.to_string_lossy().into_owned();
            }
        }
    }

    /// Every answers file under `project/.jig`, sorted by path.
    pub(crate) fn find(project: &Path) -> std::io::Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        match std::fs::read_dir(project.join(DIR)) {
            Ok(entries) => {
                for entry in entries {
                    let path = entry?.path();
                    if path.extension().is_some_and(|e| e == "yaml") {
                        found.push(path);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        found.sort();
        Ok(found)
    }

    pub(crate) fn read(path: &Path) -> Result<AnswersFile, ReadError> {
        let fail = |message: String| ReadError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        Self::parse(&text, path)
    }

    /// An answers file's text, read from `path` (a file, or a blob a fleet read from git).
    pub(crate) fn parse(text: &str, path: &Path) -> Result<AnswersFile, ReadError> {
        crate::yaml::from_str(text).map_err(|e| ReadError {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }
}
