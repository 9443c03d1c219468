//! `copier.yml` (or `copier.yaml`) read as Copier 9 reads it: every YAML document of the file
//! (read as PyYAML reads YAML, see `pyyaml`),
//! `!include GLOB` documents replaced by the documents of the files they match (inside the
//! template only), then merged: the lists `_exclude`, `_jinja_extensions`,
//! `_secret_questions` and `_skip_if_exists` concatenated across documents, every other key
//! taken from the last document that has it, in the order keys first appear. Keys starting with
//! `_` are settings; the others are questions, a value that is not a map being the question's
//! default (Copier's short form).

use super::pyyaml::Document;
use super::Error;
use indexmap::IndexMap;
use serde_json::{Map, Value as Json};
use std::path::{Path, PathBuf};

/// The two names Copier reads (having both is an error, as in Copier).
pub(crate) const FILES: [&str; 2] = crate::source::COPIER_FILES;

/// Lists concatenated across documents rather than overridden.
const MERGED: [&str; 4] = [
    "_exclude",
    "_jinja_extensions",
    "_secret_questions",
    "_skip_if_exists",
];

/// A loaded `copier.yml`: settings (without their `_`) and questions in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub settings: Map<String, Json>,
    pub questions: IndexMap<String, Map<String, Json>>,
}

/// The config file of the template at `dir`, if it has one.
pub(crate) fn find(dir: &Path) -> Result<Option<PathBuf>, Error> {
    let found: Vec<PathBuf> = FILES
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect();
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.into_iter().next()),
        _ => Err(Error::TwoConfigs {
            dir: dir.to_path_buf(),
        }),
    }
}

impl Config {
    pub(crate) fn load(path: &Path) -> Result<Config, Error> {
        let root = path.parent().unwrap_or(Path::new("."));
        let docs = documents(path, root)?;
        let mut merged: Map<String, Json> = Map::new();
        for doc in &docs {
            for (key, value) in doc {
                match (MERGED.contains(&key.as_str()), merged.get_mut(key), value) {
                    (true, Some(Json::Array(have)), Json::Array(more)) => {
                        have.extend(more.iter().cloned())
                    }
                    _ => {
                        merged.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        let mut config = Config::default();
        for (key, value) in merged {
            match key.strip_prefix('_') {
                Some(setting) => {
                    config.settings.insert(setting.to_string(), value);
                }
                None => {
                    let full = match value {
                        Json::Object(map) => map,
                        other => Map::from_iter([("default".to_string(), other)]),
                    };
                    config.questions.insert(key, full);
                }
            }
        }
        Ok(config)
    }

    /// A text setting, or `default`.
    pub(crate) fn text(&self, key: &str, default: &str) -> String {
        self.settings
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or(default)
            .to_string()
    }
}

/// The file's documents, includes expanded, each a map (empty documents left out).
fn documents(path: &Path, root: &Path) -> Result<Vec<Map<String, Json>>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let bad = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut out = Vec::new();
    for doc in super::pyyaml::documents(&text).map_err(bad)? {
        match doc {
            Document::Include(pattern) => out.extend(include(&pattern, root, path)?),
            Document::Value(Json::Null) => {}
            Document::Value(Json::Object(map)) => out.push(map),
            Document::Value(other) => return Err(bad(format!("a document is {other}, not a map"))),
        }
    }
    Ok(out)
}

/// The documents of every file `pattern` matches under `root`, in path order.
fn include(pattern: &str, root: &Path, from: &Path) -> Result<Vec<Map<String, Json>>, Error> {
    let bad = |message: String| Error::Invalid {
        path: from.to_path_buf(),
        message,
    };
    if Path::new(pattern).is_absolute() || pattern.split('/').any(|c| c == "..") {
        return Err(bad(format!(
            "`!include {pattern}`: an include is a path inside the template"
        )));
    }
    let pattern = pattern.trim_start_matches("./");
    let glob = globset::Glob::new(pattern)
        .map_err(|e| bad(format!("`!include {pattern}`: {e}")))?
        .compile_matcher();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .strip_prefix(root)
                .is_ok_and(|rel| glob.is_match(rel))
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        docs.extend(documents(&file, root)?);
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn documents_merge_as_copier_merges_them() {
        let dir = tempfile::tempdir().unwrap();
        // Copier's own tests/demo_transclude_nested_include, plus a later override.
        write(
            dir.path(),
            "copier.yml",
            "---\n!include ./include_me.yml\n---\n\nproject_name:\n  type: str\n  help: What is the project name\n---\n_exclude: [c]\nlicense: MIT\n",
        );
        write(
            dir.path(),
            "include_me.yml",
            "!include include_me_also.yml\n",
        );
        write(
            dir.path(),
            "include_me_also.yml",
            "_exclude:\n  - a\n  - b\nlicense: Apache-2.0\nproject_name: old\n",
        );
        let path = find(dir.path()).unwrap().unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(
            config.settings["exclude"],
            serde_json::json!(["a", "b", "c"])
        );
        let names: Vec<&str> = config.questions.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["license", "project_name"],
            "first appearance orders"
        );
        assert_eq!(
            config.questions["license"]["default"], "MIT",
            "the last wins"
        );
        assert_eq!(
            config.questions["project_name"]["help"],
            "What is the project name"
        );
    }

    #[test]
    fn two_config_files_and_escaping_includes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "copier.yml", "a: 1\n");
        write(dir.path(), "copier.yaml", "a: 2\n");
        assert!(matches!(find(dir.path()), Err(Error::TwoConfigs { .. })));
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "copier.yml", "!include ../secrets.yml\n");
        let e = Config::load(&dir.path().join("copier.yml")).unwrap_err();
        assert!(
            e.to_string()
                .contains("an include is a path inside the template"),
            "{e}"
        );
    }
}
