//! Several projects from one set of answers (the repositories of a multi-repository blueprint,
//! side by side), made all or none.
//!
//! Every destination is checked, then every project is staged whole (the slow part: render,
//! hooks, commit), and only then are they moved into place, one rename each. The moves into
//! new directories are journalled as one change (`journal`): a run killed between two renames
//! leaves a journal that the next `jig new` into the same folder rolls back, saying so, so no
//! subset of the repositories is ever left looking finished. A failure or Ctrl-C rolls back
//! at once. It must not print.

use super::{generate, prepare, Error, Existing, Generated, Prepared, Progress, Request, Staged};
use crate::journal::{self, Journal};
use std::path::{Path, PathBuf};

/// Generates every request, all or none; `progress` hears about each.
pub(crate) fn generate_each(
    requests: &[(&str, Request)],
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Generated>, Error> {
    if let [(_, one)] = requests {
        return generate(one, progress).map(|r| vec![r]);
    }
    let interrupted = |e: Error| match crate::interrupt::requested() {
        true => Error::Interrupted,
        false => e,
    };
    // A run of this set killed between its moves left a journal: put things back first, so
    // the checks below see the folder as it was.
    let mut recovered = Vec::new();
    for (_, req) in requests.iter().filter(|(_, r)| !r.pretend) {
        let found = journal::recover(req.output_dir, journal::OVERWRITE_PREFIX)
            .map_err(super::io("roll back an interrupted run in", req.output_dir))?;
        recovered.extend(found.iter().map(journal::Recovered::describe));
    }
    let dests = check(requests)?;
    let mut staged = Vec::new();
    for (_, req) in requests {
        match prepare(req, progress).map_err(interrupted)? {
            Prepared::Pretend(report) => staged.push(Err(report)),
            Prepared::Staged(s) => staged.push(Ok(s)),
        }
    }
    let mut reports = move_all(staged, &dests).map_err(interrupted)?;
    if let Some(first) = reports.first_mut() {
        first.warnings.splice(0..0, recovered);
    }
    Ok(reports)
}

/// Every destination before anything is written: distinct, and free unless asked.
fn check(requests: &[(&str, Request)]) -> Result<Vec<PathBuf>, Error> {
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    for (name, req) in requests {
        let dest = req.output_dir.join(req.template.project_dir_name()?);
        if let Some((_, first)) = seen.iter().find(|(d, _)| d == &dest) {
            return Err(Error::SameDirectory {
                name: dest
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into(),
                first: first.to_string(),
                second: name.to_string(),
            });
        }
        let taken = dest.exists() && !dest.is_dir() || super::is_nonempty_dir(&dest);
        if dest.is_symlink() {
            return Err(Error::DestinationSymlink { path: dest });
        }
        if taken && req.existing == Existing::Refuse {
            return Err(Error::DestinationExists { path: dest });
        }
        seen.push((dest, name));
    }
    Ok(seen.into_iter().map(|(d, _)| d).collect())
}

/// Moves every staged project into place under one journal of the directories it creates
/// (`Err` holds a `--pretend` report, which moves nothing).
fn move_all(
    staged: Vec<Result<Staged, Generated>>,
    dests: &[PathBuf],
) -> Result<Vec<Generated>, Error> {
    let fresh: Vec<&Path> = staged
        .iter()
        .zip(dests)
        .filter(|(s, dest)| s.as_ref().is_ok_and(|s| !s.dest_nonempty) && !dest.exists())
        .map(|(_, dest)| dest.as_path())
        .collect();
    let mut journal = None;
    if let Some(first) = fresh.first() {
        let parent = first.parent().unwrap_or(Path::new("."));
        let names: Vec<PathBuf> = fresh
            .iter()
            .filter_map(|d| d.strip_prefix(parent).ok().map(Path::to_path_buf))
            .collect();
        let what = format!(
            "jig new of {} repositories into {}",
            dests.len(),
            parent.display()
        );
        journal = Some(
            Journal::begin(
                parent,
                journal::OVERWRITE_PREFIX,
                &what,
                parent,
                &names,
                Vec::new(),
            )
            .map_err(super::io("write a journal in", parent))?,
        );
    }
    let mut reports = Vec::new();
    for s in staged {
        let done = match s {
            Ok(s) => s.finish(),
            Err(report) => Ok(report),
        };
        match done {
            Ok(report) => reports.push(report),
            Err(e) => {
                if let Some(j) = journal {
                    // Best effort: the error that stopped the run is the one to report.
                    let _ = j.rollback();
                }
                return Err(e);
            }
        }
    }
    if let Some(j) = journal {
        j.commit().map_err(super::io(
            "finish the journal in",
            dests[0].parent().unwrap_or(Path::new(".")),
        ))?;
    }
    Ok(reports)
}
