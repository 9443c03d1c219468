//! Writing a planned update into the project: every new file is written next to its target
//! first and only then renamed into place, so a failure while writing changes nothing. The
//! renames run under a `Journal` the caller began with `touched`: a run killed among them is
//! rolled back by the next one.
//!
//! No write goes through a symbolic link or outside the project: each target's parent
//! directories are checked before anything is written.

use super::merge::{Action, Step};
use super::tree::{Blob, Kind};
use super::Error;
use crate::journal::Journal;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Every path `apply` may write or remove, and every temporary file it may leave, relative
/// to the project: what the journal must record before `apply` runs.
pub(crate) fn touched(steps: &[Step]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut paths = Vec::new();
    let mut temporaries = Vec::new();
    for step in steps {
        let written = match &step.action {
            Action::Keep => continue,
            Action::Delete => false,
            Action::Write(_) => true,
            Action::Conflict { rej, .. } => {
                if rej.is_some() {
                    let rej = format!("{}.rej", step.path);
                    temporaries.push(temporary(&rej));
                    paths.push(PathBuf::from(rej));
                }
                true
            }
        };
        if written {
            temporaries.push(temporary(&step.path));
        }
        paths.push(PathBuf::from(&step.path));
    }
    (paths, temporaries)
}

/// Where the new content of `rel` is written before it is renamed over `rel`.
fn temporary(rel: &str) -> PathBuf {
    let path = Path::new(rel);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.jig-update-{}", std::process::id()))
}

/// Applies `steps` to `project`; returns the `.rej` files written. A directory in the way of
/// a file is set aside in `journal`, not deleted.
pub(crate) fn apply(
    project: &Path,
    steps: &[Step],
    journal: &mut Journal,
) -> Result<Vec<String>, Error> {
    let mut writes: Vec<(String, &Blob)> = Vec::new();
    let mut rejs: Vec<(String, Blob)> = Vec::new();
    let mut deletes: Vec<&str> = Vec::new();
    for step in steps {
        match &step.action {
            Action::Keep => {}
            Action::Write(blob) => writes.push((step.path.clone(), blob)),
            Action::Delete => deletes.push(&step.path),
            Action::Conflict { file, rej, .. } => {
                writes.push((step.path.clone(), file));
                if let Some(rej) = rej {
                    let blob = Blob {
                        kind: Kind::File { exec: false },
                        bytes: rej.clone(),
                    };
                    rejs.push((format!("{}.rej", step.path), blob));
                }
            }
        }
    }
    writes.extend(rejs.iter().map(|(p, b)| (p.clone(), b)));
    for (path, _) in &writes {
        check_target(project, path)?;
    }
    for path in &deletes {
        check_target(project, path)?;
    }
    // Phase 1: everything written beside its target; any failure removes what was written.
    let mut staged: Vec<(PathBuf, &str)> = Vec::new();
    for (path, blob) in &writes {
        match stage(project, path, blob) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    // Phase 2: renames and deletions.
    for (tmp, rel) in &staged {
        let target = project.join(rel);
        if target.is_dir() && !target.is_symlink() {
            journal
                .set_aside(Path::new(rel))
                .map_err(super::io("replace", &target))?;
        }
        std::fs::rename(tmp, &target).map_err(super::io("write", &target))?;
    }
    for path in deletes {
        let target = project.join(path);
        std::fs::remove_file(&target).map_err(super::io("delete", &target))?;
        crate::journal::remove_empty_parents(project, &target);
    }
    Ok(rejs.into_iter().map(|(p, _)| p).collect())
}

/// Refuses a target whose parent directories inside the project include a symlink.
fn check_target(project: &Path, rel: &str) -> Result<(), Error> {
    let mut at = project.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        if at.is_symlink() {
            return Err(Error::ThroughSymlink {
                path: rel.to_string(),
                link: super::tree::relative(project, &at),
            });
        }
    }
    Ok(())
}

fn stage(project: &Path, rel: &str, blob: &Blob) -> Result<PathBuf, Error> {
    let target = project.join(rel);
    let parent = target.parent().expect("inside the project");
    std::fs::create_dir_all(parent).map_err(super::io("create", parent))?;
    let tmp = project.join(temporary(rel));
    let _ = std::fs::remove_file(&tmp);
    match blob.kind {
        Kind::Symlink => {
            let dest = String::from_utf8_lossy(&blob.bytes).into_owned();
            std::os::unix::fs::symlink(dest, &tmp).map_err(super::io("write", &target))?;
        }
        Kind::File { exec } => {
            std::fs::write(&tmp, &blob.bytes).map_err(super::io("write", &target))?;
            let mode = if exec { 0o755 } else { 0o644 };
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(mode))
                .map_err(super::io("write", &target))?;
        }
    }
    Ok(tmp)
}
