//! Carrying out a render plan: directories first, then files in parallel, symlinks last.
//!
//! Binary files (a NUL byte or invalid UTF-8) are copied byte for byte; text files are
//! rendered with their delimiter profile. Permission bits are kept. Every write goes below
//! `dest`, through paths that `plan` already checked. With `dry_run`, contents are rendered
//! (so template errors still surface) but nothing is written.

use super::plan::{Action, Plan, PlannedFile};
use super::scan::looks_binary;
use super::Renderer;
use rayon::prelude::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const SNIFF_BYTES: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Rendered,
    CopiedBinary,
    Copied,
    Symlinked,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Render(#[from] super::Error),
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("interrupted")]
    Interrupted,
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes (or, with `dry_run`, only renders) the plan; `tick` is called once per file.
pub fn execute(
    plan: &Plan,
    template_root: &Path,
    dest: &Path,
    renderer: &Renderer,
    dry_run: bool,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Outcome>, Error> {
    if !dry_run {
        for dir in &plan.dirs {
            let path = dest.join(dir);
            std::fs::create_dir_all(&path).map_err(io("create directory", &path))?;
        }
    }
    let (links, files): (Vec<(usize, &PlannedFile)>, Vec<_>) = plan
        .files
        .iter()
        .enumerate()
        .partition(|(_, f)| matches!(f.action, Action::Symlink { .. }));
    let mut outcomes: Vec<(usize, Outcome)> = files
        .par_iter()
        .map(|&(index, file)| {
            if crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            let outcome = write_file(file, template_root, dest, renderer, dry_run)?;
            tick();
            Ok((index, outcome))
        })
        .collect::<Result<_, Error>>()?;
    for (index, link) in links {
        if let Action::Symlink { target } = &link.action {
            let path = dest.join(&link.dst);
            if !dry_run {
                ensure_parent(&path)?;
                std::os::unix::fs::symlink(target, &path).map_err(io("create symlink", &path))?;
            }
            outcomes.push((index, Outcome::Symlinked));
            tick();
        }
    }
    outcomes.sort_by_key(|(i, _)| *i);
    Ok(outcomes.into_iter().map(|(_, o)| o).collect())
}

fn ensure_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) if !parent.exists() => {
            std::fs::create_dir_all(parent).map_err(io("create directory", parent))
        }
        _ => Ok(()),
    }
}

fn write_file(
    file: &PlannedFile,
    template_root: &Path,
    dest: &Path,
    renderer: &Renderer,
    dry_run: bool,
) -> Result<Outcome, Error> {
    let src = template_root.join(&file.src);
    let out = dest.join(&file.dst);
    let profile = match file.action {
        Action::Render { profile } => profile,
        _ => {
            if !dry_run {
                ensure_parent(&out)?;
                std::fs::copy(&src, &out).map_err(io("copy", &src))?;
            }
            return Ok(Outcome::Copied);
        }
    };
    let bytes = std::fs::read(&src).map_err(io("read", &src))?;
    let text = if looks_binary(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        None
    } else {
        std::str::from_utf8(&bytes).ok()
    };
    let (content, outcome) = match text {
        Some(text) => {
            let rendered = renderer.render_file(profile, Path::new(&file.src), text)?;
            (
                std::borrow::Cow::Owned(rendered.into_bytes()),
                Outcome::Rendered,
            )
        }
        None => (
            std::borrow::Cow::Borrowed(&bytes[..]),
            Outcome::CopiedBinary,
        ),
    };
    if !dry_run {
        ensure_parent(&out)?;
        std::fs::write(&out, &content).map_err(io("write", &out))?;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(file.mode))
            .map_err(io("set permissions on", &out))?;
    }
    Ok(outcome)
}
