//! Planning an update over whole trees: every path either version produces, the secrets
//! the old render stands in for, and the check that no placeholder reaches the project.
//! Reads the renders and the working tree; writes nothing.

use super::merge::{self, Action, ConflictStyle, Labels, Sides, Step};
use super::tree::{Blob, Tree};
use super::{secrets, Error};
use crate::prompt::SECRET_MARK;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The two renders an update merges between.
pub(crate) struct Renders<'a> {
    pub base: &'a Tree,
    pub base_create_once: &'a BTreeSet<String>,
    pub theirs: &'a Tree,
    pub theirs_create_once: &'a BTreeSet<String>,
    /// The old version asks secret questions, so its render may hold placeholders.
    pub has_secrets: bool,
}

/// The merge plan over every path either version produces.
pub(crate) fn plan(
    renders: &Renders,
    project: &Path,
    style: ConflictStyle,
    labels: &Labels,
) -> Result<Vec<Step>, Error> {
    let (base, theirs) = (renders.base, renders.theirs);
    let paths: BTreeSet<&String> = base.files.keys().chain(theirs.files.keys()).collect();
    let paths: Vec<&String> = paths.into_iter().collect();
    // Reading the old render twice and copying every blob is only worth it with secrets.
    let secrets = if renders.has_secrets {
        recover_secrets(base, project)?
    } else {
        BTreeMap::new()
    };
    let unmask = |blob: Option<Blob>| match blob {
        Some(b) if !secrets.is_empty() => Some(Blob {
            bytes: secrets::substitute(&b.bytes, &secrets),
            kind: b.kind,
        }),
        other => other,
    };
    paths
        .par_iter()
        .map(|path| {
            let sides = Sides {
                base: unmask(read(base, path)?),
                ours: read_file(project, path)?,
                theirs: unmask(read(theirs, path)?),
                create_once: renders.theirs_create_once.contains(*path)
                    || renders.base_create_once.contains(*path),
            };
            merge::plan(path, sides, style, labels).map_err(Error::Git)
        })
        .collect()
}

fn read(tree: &Tree, path: &str) -> Result<Option<Blob>, Error> {
    tree.read(path)
        .map_err(|e| super::io("read", &tree.root.join(path))(e))
}

fn read_file(root: &Path, path: &str) -> Result<Option<Blob>, Error> {
    Blob::read(root, path).map_err(|e| super::io("read", &root.join(path))(e))
}

/// Secret values the old render's placeholders stand for, read from the working tree.
fn recover_secrets(base: &Tree, project: &Path) -> Result<BTreeMap<String, String>, Error> {
    let mut found = BTreeMap::new();
    for path in base.files.keys() {
        let Some(rendered) = read(base, path)? else {
            continue;
        };
        let text = String::from_utf8_lossy(&rendered.bytes);
        if !text.contains(SECRET_MARK) {
            continue;
        }
        if let Some(ours) = read_file(project, path)? {
            secrets::recover(&text, &String::from_utf8_lossy(&ours.bytes), &mut found);
        }
    }
    Ok(found)
}

/// A new or changed line that would carry a secret's placeholder into the project means the
/// secret is needed; nothing is written.
pub(crate) fn check_secrets(steps: &[Step]) -> Result<(), Error> {
    let mut question = None;
    let mut files = Vec::new();
    for step in steps {
        let bytes = match &step.action {
            Action::Write(b) | Action::Conflict { file: b, .. } => &b.bytes,
            _ => continue,
        };
        let text = String::from_utf8_lossy(bytes);
        if let Some(at) = text.find(SECRET_MARK) {
            let rest = &text[at + SECRET_MARK.len()..];
            question.get_or_insert_with(|| rest.split("@@").next().unwrap_or_default().to_string());
            files.push(step.path.clone());
        }
    }
    match question {
        Some(question) => Err(Error::SecretNeeded { question, files }),
        None => Ok(()),
    }
}
