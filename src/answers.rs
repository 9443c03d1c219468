//! The answers file recorded in every generated project: `.jig/<blueprint>.yaml`.
//!
//! It says which blueprint, from where, at which version and content digest, made the project
//! and with which answers (never secrets). Later `jig check` and `jig update` re-render from it.
//! One file per applied blueprint, so one repository can use several blueprints.

use crate::prompt::Answers;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const DIR: &str = ".jig";

const HEADER: &str =
    "# Written by jig. Do not edit by hand: `jig update` uses it as the merge base.\n";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    pub blueprint: String,
    pub version: String,
    /// The source as the user gave it.
    pub source: String,
    pub source_kind: crate::source::Kind,
    /// The resolved git commit, for git sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `cookiecutter` for Cookiecutter templates; absent for jig blueprints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The template's subdirectory inside the source (`--directory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
    /// SHA-256 of the blueprint's files (`sha256:...`).
    pub digest: String,
    pub jig_version: String,
    pub answers: Answers,
}

impl AnswersFile {
    /// The file's path relative to the project root.
    pub fn relative_path(blueprint: &str) -> PathBuf {
        Path::new(DIR).join(format!("{blueprint}.yaml"))
    }

    pub fn to_yaml(&self) -> Result<String, crate::yaml::Error> {
        Ok(format!("{HEADER}{}", crate::yaml::to_string(self)?))
    }

    pub fn write(&self, project: &Path) -> std::io::Result<PathBuf> {
        let rel = Self::relative_path(&self.blueprint);
        let path = project.join(&rel);
        std::fs::create_dir_all(path.parent().expect("has a parent"))?;
        let text = self.to_yaml().map_err(std::io::Error::other)?;
        std::fs::write(&path, text)?;
        Ok(rel)
    }

    pub fn read(path: &Path) -> Result<AnswersFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        crate::yaml::from_str(&text).map_err(|e| e.to_string())
    }
}
