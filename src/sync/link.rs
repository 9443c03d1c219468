//! The blueprints a project is linked to: one per answers file under `.jig/`, plus a
//! `.cruft.json` left by cruft (a Cookiecutter template at a commit) and the answers files a
//! Copier template writes (`.copier-answers.yml`), so teams adopt jig without regenerating.
//!
//! A link is read into the same `AnswersFile` shape whatever its origin; writing it back
//! keeps the origin's format (cruft keeps working on a project jig updated).

use crate::answers::AnswersFile;
use crate::source::Kind;
use serde_json::{Map, Value as Json};
use std::path::{Path, PathBuf};

pub(crate) const CRUFT_FILE: &str = ".cruft.json";

#[derive(Debug, Clone)]
pub(crate) enum Origin {
    Jig,
    /// `.cruft.json`, kept as read so unknown keys survive a rewrite.
    Cruft {
        raw: Map<String, Json>,
    },
    /// A Copier answers file: the template writes it, so an update takes the new render's.
    Copier,
}

#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The answers file, relative to the project (`.jig/python-lib.yaml`, `.cruft.json`).
    pub file: String,
    pub record: AnswersFile,
    pub origin: Origin,
    /// Paths the team owns outright (cruft's `skip`): never compared or updated.
    pub skip: Vec<String>,
}

impl Link {
    /// Whether `rel` is owned by the team through the link's `skip` list.
    pub(crate) fn skips(&self, rel: &str) -> bool {
        self.skip
            .iter()
            .any(|s| rel == s || rel.starts_with(&format!("{}/", s.trim_end_matches('/'))))
    }

    /// Writes `record` back in the link's own format; a Copier link writes `own`, the answers
    /// file the new render wrote.
    pub(crate) fn write(
        &self,
        project: &Path,
        record: &AnswersFile,
        own: Option<&[u8]>,
    ) -> Result<(), super::Error> {
        match &self.origin {
            Origin::Copier => {
                if let Some(bytes) = own {
                    let path = project.join(&self.file);
                    crate::journal::replace_file(&path, bytes)
                        .map_err(super::io("write", &path))?;
                }
            }
            Origin::Jig => {
                record
                    .write(project)
                    .map_err(super::io("write", &project.join(&self.file)))?;
            }
            Origin::Cruft { raw } => {
                let mut raw = raw.clone();
                if let Some(commit) = &record.commit {
                    raw.insert("commit".into(), Json::String(commit.clone()));
                }
                let mut context = raw
                    .get("context")
                    .and_then(|c| c.get("cookiecutter"))
                    .and_then(Json::as_object)
                    .cloned()
                    .unwrap_or_default();
                for (k, v) in &record.answers {
                    context.insert(k.clone(), v.clone());
                }
                raw.insert(
                    "context".into(),
                    serde_json::json!({ "cookiecutter": context }),
                );
                let path = project.join(CRUFT_FILE);
                let text = serde_json::to_string_pretty(&raw).expect("serialises") + "\n";
                crate::journal::replace_file(&path, text.as_bytes())
                    .map_err(super::io("write", &path))?;
            }
        }
        Ok(())
    }
}

/// Every link of the project at `project`, answers files first (sorted), then cruft's.
pub(crate) fn find(project: &Path) -> Result<Vec<Link>, super::Error> {
    let mut links = Vec::new();
    let files = AnswersFile::find(project).map_err(super::io("read", &project.join(".jig")))?;
    for path in files {
        let record = AnswersFile::read(&path)?;
        links.push(Link {
            file: super::tree::relative(project, &path),
            record,
            origin: Origin::Jig,
            skip: Vec::new(),
        });
    }
    let adopted: Vec<String> = links
        .iter()
        .filter_map(|l| l.record.adopted_from.clone())
        .collect();
    let cruft = project.join(CRUFT_FILE);
    if cruft.is_file() && !adopted.iter().any(|a| a == CRUFT_FILE) {
        links.push(read_cruft(&cruft)?);
    }
    let mut copier: Vec<String> = std::fs::read_dir(project)
        .map_err(super::io("read", project))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| crate::copier::answers::is_answers_file(n) && !adopted.contains(n))
        .collect();
    copier.sort();
    for name in copier {
        let path = project.join(&name);
        let text = std::fs::read_to_string(&path).map_err(|e| crate::answers::ReadError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        links.push(copier_link(
            name.clone(),
            crate::copier::answers::read(&text, &path, project)?,
        ));
    }
    if links.is_empty() {
        return Err(super::Error::NotAProject {
            path: project.to_path_buf(),
        });
    }
    Ok(links)
}

/// The links in a set of committed files (a fleet reads them from git, not from a checkout):
/// `files` maps paths relative to the repository to their bytes, and holds at least every
/// `.jig/*.yaml` and `.cruft.json` there is. Sorted like `find`; empty when there are none.
pub(crate) fn from_committed(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Result<Vec<Link>, super::Error> {
    let mut links = Vec::new();
    let text = |rel: &str, bytes: &[u8]| {
        String::from_utf8(bytes.to_vec()).map_err(|_| crate::answers::ReadError {
            path: PathBuf::from(rel),
            message: "it is not UTF-8".into(),
        })
    };
    for (rel, bytes) in files {
        if is_answers_file(rel) {
            let record = AnswersFile::parse(&text(rel, bytes)?, Path::new(rel))?;
            links.push(Link {
                file: rel.clone(),
                record,
                origin: Origin::Jig,
                skip: Vec::new(),
            });
        }
    }
    let adopted: Vec<String> = links
        .iter()
        .filter_map(|l| l.record.adopted_from.clone())
        .collect();
    if let Some(bytes) = files
        .get(CRUFT_FILE)
        .filter(|_| !adopted.iter().any(|a| a == CRUFT_FILE))
    {
        links.push(parse_cruft(
            &text(CRUFT_FILE, bytes)?,
            Path::new(CRUFT_FILE),
        )?);
    }
    for (rel, bytes) in files {
        if crate::copier::answers::is_answers_file(rel) && !adopted.contains(rel) {
            let record =
                crate::copier::answers::read(&text(rel, bytes)?, Path::new(rel), Path::new(""))?;
            links.push(copier_link(rel.clone(), record));
        }
    }
    Ok(links)
}

fn copier_link(file: String, record: AnswersFile) -> Link {
    Link {
        file,
        record,
        origin: Origin::Copier,
        skip: Vec::new(),
    }
}

/// Whether `rel` (relative to a project) is one of jig's answers files.
pub(crate) fn is_answers_file(rel: &str) -> bool {
    rel.strip_prefix(".jig/")
        .is_some_and(|name| !name.contains('/') && name.ends_with(".yaml"))
}

fn read_cruft(path: &Path) -> Result<Link, super::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::answers::ReadError {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    parse_cruft(&text, path)
}

fn parse_cruft(text: &str, path: &Path) -> Result<Link, super::Error> {
    let bad = |message: String| crate::answers::ReadError {
        path: path.to_path_buf(),
        message,
    };
    let raw: Map<String, Json> = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let text_of = |key: &str| raw.get(key).and_then(Json::as_str).map(str::to_string);
    let template = text_of("template").ok_or_else(|| bad("it has no `template`".into()))?;
    let context = raw
        .get("context")
        .and_then(|c| c.get("cookiecutter"))
        .and_then(Json::as_object)
        .ok_or_else(|| bad("it has no `context.cookiecutter`".into()))?;
    let answers = context
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let directory = text_of("directory");
    let is_url = crate::source::spec::is_url(&template);
    let name_from = directory.as_deref().unwrap_or(&template);
    let blueprint = name_from
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplit(['/', ':'])
        .next()
        .unwrap_or("template")
        .to_string();
    let record = AnswersFile {
        blueprint,
        version: crate::cookiecutter::generate::UNVERSIONED.to_string(),
        source: template.clone(),
        source_kind: if is_url { Kind::Git } else { Kind::Local },
        url: is_url.then(|| template.clone()),
        git_ref: text_of("checkout").map(|c| format!("refs/heads/{c}")),
        commit: text_of("commit"),
        registry: None,
        bundle: None,
        format: Some("cookiecutter".into()),
        directory,
        repository: None,
        digest: String::new(),
        adopted_from: None,
        jig_version: String::new(),
        answers,
    };
    let skip = raw
        .get("skip")
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(|s| s.trim_start_matches("./").to_string())
                .collect()
        })
        .unwrap_or_default();
    Ok(Link {
        file: CRUFT_FILE.to_string(),
        record,
        origin: Origin::Cruft { raw },
        skip,
    })
}

/// Answers another tool recorded in `project`: cruft's context or Copier's answers file
/// (private `_` keys left out), for `jig adopt`.
pub(crate) fn foreign_answers(project: &Path) -> Option<(PathBuf, Map<String, Json>)> {
    let cruft = project.join(CRUFT_FILE);
    if let Ok(Link { record, .. }) = read_cruft(&cruft) {
        return Some((cruft, record.answers.into_iter().collect()));
    }
    let copier = project.join(".copier-answers.yml");
    let text = std::fs::read_to_string(&copier).ok()?;
    let map: indexmap::IndexMap<String, Json> = crate::yaml::from_str(&text).ok()?;
    let answers = map
        .into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .collect();
    Some((copier, answers))
}
