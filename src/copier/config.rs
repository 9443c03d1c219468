//! `copier.yml` (or `copier.yaml`) read as Copier 9 reads it: every YAML document of the file
//! (read as PyYAML reads YAML, see `pyyaml`),
//! `!include GLOB` documents replaced by the documents of the files they match (inside the
//! template only; loops and runaway includes refused, see `Reading`), then merged: the lists
//! `_exclude`, `_jinja_extensions`,
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
        let docs = Reading {
            root,
            files: None,
            chain: Vec::new(),
            seen: Default::default(),
            reads: 0,
            spent: 0,
        }
        .documents(path)?;
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

/// How deep `!include`s may nest (files being read at once, the config itself included).
pub(crate) const MAX_INCLUDE_DEPTH: usize = 32;

/// How many files one config may read, itself and every include (a file included twice
/// counts twice): a handful in real templates.
pub(crate) const MAX_INCLUDED_FILES: usize = 1000;

/// One read of a config and its includes. Copier follows includes until Python's recursion
/// limit stops it; jig refuses a loop by its chain, a chain deeper than `MAX_INCLUDE_DEPTH`,
/// more than `MAX_INCLUDED_FILES` reads, and more than `yaml::MAX_ALIAS_NODES` nodes made by
/// aliases or by files read again, across the whole read.
struct Reading<'a> {
    root: &'a Path,
    /// The template's files (relative path, path), listed once for every include.
    files: Option<Vec<(String, PathBuf)>>,
    /// The files being read, outermost first, relative to the root.
    chain: Vec<String>,
    seen: std::collections::HashSet<String>,
    reads: usize,
    /// Nodes added so far by aliases and by files read again.
    spent: u64,
}

impl Reading<'_> {
    fn name(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The file's documents, includes expanded, each a map (empty documents left out).
    fn documents(&mut self, path: &Path) -> Result<Vec<Map<String, Json>>, Error> {
        let name = self.name(path);
        let looped = self.chain.contains(&name);
        let deep = self.chain.len() >= MAX_INCLUDE_DEPTH;
        if looped || deep {
            let mut chain = self.chain.clone();
            chain.push(name);
            let template = self.root.to_path_buf();
            return Err(match looped {
                true => Error::IncludeLoop { template, chain },
                false => Error::IncludeDepth {
                    template,
                    chain,
                    limit: MAX_INCLUDE_DEPTH,
                },
            });
        }
        self.reads += 1;
        if self.reads > MAX_INCLUDED_FILES {
            return Err(Error::IncludeCount {
                template: self.root.to_path_buf(),
                limit: MAX_INCLUDED_FILES,
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let bad = |message: String| Error::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let (docs, counts) = super::pyyaml::documents_counted(&text, self.spent).map_err(bad)?;
        self.spent = self.spent.saturating_add(counts.from_aliases);
        if !self.seen.insert(name.clone()) {
            self.spent = self.spent.saturating_add(counts.written);
            if self.spent > crate::yaml::MAX_ALIAS_NODES {
                return Err(bad(format!(
                    "read again by `!include`, it takes the nodes made by aliases and repeated includes past {}, jig's limit",
                    crate::yaml::MAX_ALIAS_NODES
                )));
            }
        }
        self.chain.push(name);
        let mut out = Vec::new();
        for doc in docs {
            match doc {
                Document::Include(pattern) => out.extend(self.include(&pattern, path)?),
                Document::Value(Json::Null) => {}
                Document::Value(Json::Object(map)) => out.push(map),
                Document::Value(other) => {
                    return Err(bad(format!("a document is {other}, not a map")))
                }
            }
        }
        self.chain.pop();
        Ok(out)
    }

    /// The documents of every file `pattern` matches under the root, in path order.
    fn include(&mut self, pattern: &str, from: &Path) -> Result<Vec<Map<String, Json>>, Error> {
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
        // As Copier's `pathlib` glob: `*` stays within one folder, `**` crosses folders.
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| bad(format!("`!include {pattern}`: {e}")))?
            .compile_matcher();
        let root = self.root;
        let files = self.files.get_or_insert_with(|| {
            let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(root)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| {
                    let rel = e
                        .path()
                        .strip_prefix(root)
                        .ok()?
                        .to_string_lossy()
                        .into_owned();
                    Some((rel, e.into_path()))
                })
                .collect();
            files.sort_by(|a, b| a.1.cmp(&b.1));
            files
        });
        let matched: Vec<PathBuf> = files
            .iter()
            .filter(|(rel, _)| glob.is_match(rel))
            .map(|(_, path)| path.clone())
            .collect();
        let mut docs = Vec::new();
        for file in matched {
            docs.extend(self.documents(&file)?);
        }
        Ok(docs)
    }
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
    fn includes_that_fan_out_or_repeat_a_big_file_are_bounded() {
        // Ten files of ten files of ten files: 1111 reads.
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "copier.yml", "!include l1/*.yml\n");
        for i in 0..10 {
            write(dir.path(), &format!("l1/{i}.yml"), "!include l2/*.yml\n");
            write(dir.path(), &format!("l2/{i}.yml"), "!include l3/*.yml\n");
            write(dir.path(), &format!("l3/{i}.yml"), &format!("q{i}: 1\n"));
        }
        let e = Config::load(&dir.path().join("copier.yml")).unwrap_err();
        assert!(
            matches!(
                e,
                Error::IncludeCount {
                    limit: MAX_INCLUDED_FILES,
                    ..
                }
            ),
            "{e}"
        );
        // One file of 20 002 nodes read 60 times: past the limit on nodes made again.
        let dir = tempfile::tempdir().unwrap();
        let big = format!("big: [{}]\n", vec!["x"; 19_999].join(","));
        write(dir.path(), "big.yml", &big);
        write(
            dir.path(),
            "copier.yml",
            &vec!["!include big.yml\n"; 60].join("---\n"),
        );
        let e = Config::load(&dir.path().join("copier.yml")).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{} is not a valid Copier configuration: read again by `!include`, it takes the nodes made by aliases and repeated includes past 1000000, jig's limit", dir.path().join("big.yml").display())
        );
        // Read twice, it is fine.
        write(
            dir.path(),
            "copier.yml",
            "!include big.yml\n---\n!include big.yml\n",
        );
        let config = Config::load(&dir.path().join("copier.yml")).unwrap();
        assert_eq!(
            config.questions["big"]["default"].as_array().unwrap().len(),
            19_999
        );
    }

    #[test]
    fn an_include_star_stays_in_its_folder_as_in_copier() {
        // `copier copy` of this template asks `a` only (checked against Copier 9.19.1).
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "copier.yml", "!include inc/*.yml\n");
        write(dir.path(), "inc/a.yml", "a: 1\n");
        write(dir.path(), "inc/sub/b.yml", "b: 1\n");
        let config = Config::load(&dir.path().join("copier.yml")).unwrap();
        assert_eq!(config.questions.keys().collect::<Vec<_>>(), ["a"]);
        write(dir.path(), "copier.yml", "!include inc/**/*.yml\n");
        let config = Config::load(&dir.path().join("copier.yml")).unwrap();
        assert_eq!(config.questions.keys().collect::<Vec<_>>(), ["a", "b"]);
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
