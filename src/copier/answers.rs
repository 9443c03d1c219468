//! A Copier project's answers file (`.copier-answers.yml`, written by the template itself) read
//! as a jig link: `_src_path` is the source, `_commit` (`git describe` of the template: a tag,
//! or `TAG-N-gSHA`) the version, the other keys the answers. Lets `jig check`, `diff`,
//! `update` and `fleet` treat projects made by Copier (or by jig from a Copier template) like
//! any other.

use crate::answers::{AnswersFile, ReadError};
use crate::source::Kind;
use serde_json::{Map, Value as Json};
use std::path::Path;

/// The answers file Copier writes unless a template says otherwise.
pub(crate) const DEFAULT_FILE: &str = ".copier-answers.yml";

/// Whether `name` (a file at a project's root) is a Copier answers file: Copier's default
/// name, or the `.copier-answers.NAME.yml` teams use to apply several templates.
pub(crate) fn is_answers_file(name: &str) -> bool {
    name == DEFAULT_FILE
        || name.starts_with(".copier-answers.")
            && (name.ends_with(".yml") || name.ends_with(".yaml"))
            && !name.contains('/')
}

/// Reads the answers file `path` (its text `text`) of the project at `project`.
pub(crate) fn read(text: &str, path: &Path, project: &Path) -> Result<AnswersFile, ReadError> {
    let bad = |message: String| ReadError {
        path: path.to_path_buf(),
        message,
    };
    let docs = super::pyyaml::documents(text).map_err(bad)?;
    let map: Map<String, Json> = match docs.into_iter().next() {
        Some(super::pyyaml::Document::Value(Json::Object(map))) => map,
        _ => return Err(bad("it is not a mapping of answers".into())),
    };
    let src = map
        .get("_src_path")
        .and_then(Json::as_str)
        .ok_or_else(|| bad("it has no `_src_path` (Copier records the template there)".into()))?
        .to_string();
    let described = map.get("_commit").map(super::casting::python_str);
    // Copier's own abbreviations (`gh:`, `gl:`) are git URLs too.
    let is_url =
        crate::source::spec::is_url(&src) || src.starts_with("gh:") || src.starts_with("gl:");
    // A local template that is a git repository is read at its recorded commit, as Copier
    // reads it; a relative path is taken from the project, where Copier is run.
    let local = (!is_url).then(|| {
        let given = Path::new(&src);
        match given.is_relative() && project.join(given).exists() {
            true => project.join(given),
            false => given.to_path_buf(),
        }
    });
    let versioned =
        described.is_some() && (is_url || local.as_ref().is_some_and(|p| p.join(".git").exists()));
    let answers = map
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(AnswersFile {
        blueprint: name_of(&src),
        version: described.clone().unwrap_or_else(|| "unversioned".into()),
        source: src.clone(),
        source_kind: if versioned { Kind::Git } else { Kind::Local },
        url: match (&local, versioned) {
            (_, false) => None,
            (Some(p), true) => Some(format!(
                "file://{}",
                std::fs::canonicalize(p).unwrap_or(p.clone()).display()
            )),
            (None, true) => Some(src.clone()),
        },
        git_ref: None,
        commit: described.as_deref().map(commit_of),
        registry: None,
        bundle: None,
        format: Some("copier".into()),
        directory: None,
        repository: None,
        digest: String::new(),
        adopted_from: None,
        jig_version: String::new(),
        answers,
    })
}

/// The template's name: the last part of its path or URL.
fn name_of(src: &str) -> String {
    src.trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplit(['/', ':'])
        .next()
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .unwrap_or("template")
        .to_string()
}

/// What to check out for a `git describe` result: the tag, or the commit of `TAG-N-gSHA`.
fn commit_of(described: &str) -> String {
    match described.rsplit_once("-g") {
        Some((head, sha))
            if sha.chars().all(|c| c.is_ascii_hexdigit())
                && head
                    .rsplit_once('-')
                    .is_some_and(|(_, n)| n.chars().all(|c| c.is_ascii_digit())) =>
        {
            sha.to_string()
        }
        _ => described.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_copier_records() {
        let dir = tempfile::tempdir().unwrap();
        let text = "# Changes here will be overwritten by Copier\n_commit: v1.2.0-3-gabc1234\n_src_path: gh:acme/tpl\nname: x\nuse_docker: no\n";
        let record = read(text, &dir.path().join(DEFAULT_FILE), dir.path()).unwrap();
        assert_eq!(record.blueprint, "tpl");
        assert_eq!(record.version, "v1.2.0-3-gabc1234");
        assert_eq!(record.commit.as_deref(), Some("abc1234"));
        assert_eq!(record.source_kind, Kind::Git);
        assert_eq!(
            record.answers["use_docker"], false,
            "read as PyYAML reads it"
        );
        let text = "_commit: v1.0.0\n_src_path: ../tpl\na: 1\n";
        let local = read(text, Path::new("x"), dir.path()).unwrap();
        assert_eq!(
            (local.source_kind, local.commit.as_deref()),
            (Kind::Local, Some("v1.0.0"))
        );
        assert!(read("a: 1\n", Path::new("x"), dir.path())
            .unwrap_err()
            .to_string()
            .contains("no `_src_path`"));
        assert!(
            is_answers_file(".copier-answers.ci.yml") && !is_answers_file("copier-answers.yml")
        );
    }
}
