//! `jig new` end to end: plan -> staging dir -> hooks -> answers file -> git -> move into place.
//!
//! Everything is written into a staging directory next to the destination and moved into place
//! only when every step succeeded, so a failure of any kind (template error, hook failure,
//! Ctrl-C) leaves nothing behind. The staging directory removes itself when dropped.

pub mod git;
mod staging;

use crate::answers::AnswersFile;
use crate::blueprint::{Blueprint, Hook};
use crate::hooks::{self, Stage};
use crate::prompt::Resolved;
use crate::render::{self, plan::Plan, write::Outcome, Renderer};
use crate::source::Source;
use std::path::{Path, PathBuf};

/// What to do when the destination exists and is not empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Overwrite,
    Skip,
}

pub struct Request<'a> {
    pub source: &'a Source,
    pub blueprint: &'a Blueprint,
    pub answers: &'a Resolved,
    pub output_dir: &'a Path,
    pub existing: Existing,
    pub pretend: bool,
    pub git: bool,
    pub author: Option<&'a str>,
    pub run_hooks: bool,
}

/// What `jig new` did (or, with `--pretend`, would do).
#[derive(Debug, serde::Serialize)]
pub struct Report {
    pub project_dir: PathBuf,
    pub blueprint: String,
    pub version: String,
    pub pretend: bool,
    pub files: Vec<FileReport>,
    pub skipped: Vec<String>,
    pub answers_file: Option<PathBuf>,
    pub commit: Option<String>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, serde::Serialize)]
pub struct FileReport {
    pub path: String,
    pub action: Outcome,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Render(#[from] render::Error),
    #[error(transparent)]
    Plan(#[from] render::plan::Error),
    #[error(transparent)]
    Write(#[from] render::write::Error),
    #[error(transparent)]
    Scan(#[from] render::scan::Error),
    #[error(transparent)]
    Hook(#[from] hooks::Error),
    #[error(transparent)]
    Git(#[from] git::Error),
    #[error("the project directory name `{template}` renders to `{rendered}`, which is not a single directory name")]
    BadProjectDir { template: String, rendered: String },
    #[error("{} has {} path(s) that are a directory on one side and a file on the other", dest.display(), paths.len())]
    KindConflicts { dest: PathBuf, paths: Vec<PathBuf> },
    #[error("{} already exists and is not empty", path.display())]
    DestinationExists { path: PathBuf },
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

/// The template context: answers at the top level plus a `jig` object.
pub fn base_context(blueprint: &Blueprint) -> serde_json::Value {
    serde_json::json!({
        "jig": {
            "version": env!("CARGO_PKG_VERSION"),
            "blueprint": {
                "name": blueprint.manifest.name,
                "version": blueprint.manifest.version.to_string(),
            },
        }
    })
}

/// What a long generation is doing, for progress displays.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// `done` of `total` files written.
    Files { done: usize, total: usize },
    /// A hook started (`stage`, `hook`).
    Hook { stage: &'a str, hook: &'a str },
    /// The hook that was running finished.
    HookDone,
}

/// Runs the whole generation; `progress` hears about files written and hooks run.
pub fn generate(req: &Request, progress: &(dyn Fn(Progress) + Sync)) -> Result<Report, Error> {
    let manifest = &req.blueprint.manifest;
    let base = base_context(req.blueprint);
    let context = crate::prompt::context_value(&base, &req.answers.context);
    let template_root = req.blueprint.template_root();
    let renderer = Renderer::new(&template_root, &manifest.files, context);

    let name = renderer.render_str("project_dir", &manifest.project_dir)?;
    let name = name.trim().to_string();
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(Error::BadProjectDir {
            template: manifest.project_dir.clone(),
            rendered: name,
        });
    }
    let dest = req.output_dir.join(&name);
    let dest_nonempty = is_nonempty_dir(&dest);
    if dest.exists() && !dest.is_dir() || dest_nonempty && req.existing == Existing::Refuse {
        return Err(Error::DestinationExists { path: dest });
    }

    let entries = render::scan::scan(&template_root)?;
    let plan = render::plan::plan(&entries, &manifest.files, &renderer)?;
    let mut report = Report {
        project_dir: dest.clone(),
        blueprint: manifest.name.clone(),
        version: manifest.version.to_string(),
        pretend: req.pretend,
        files: Vec::new(),
        skipped: plan.skipped.iter().map(|s| s.src.clone()).collect(),
        answers_file: None,
        commit: None,
        warnings: Vec::new(),
    };
    if req.pretend {
        let outcomes =
            render::write::execute(&plan, &template_root, &dest, &renderer, true, &|| {})?;
        report.files = file_reports(&plan, outcomes);
        return Ok(report);
    }

    crate::interrupt::install();
    let created_output_dir = create_output_dir(req.output_dir)?;
    let result = stage_and_move(
        req,
        &renderer,
        &plan,
        &dest,
        dest_nonempty,
        &mut report,
        progress,
    );
    if result.is_err() {
        if let Some(dir) = created_output_dir {
            // Only removes what this run created, and only if nothing else appeared in it.
            let _ = std::fs::remove_dir(dir);
        }
    }
    result.map(|_| report)
}

fn stage_and_move(
    req: &Request,
    renderer: &Renderer,
    plan: &Plan,
    dest: &Path,
    dest_nonempty: bool,
    report: &mut Report,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(), Error> {
    let manifest = &req.blueprint.manifest;
    let stage = staging::Staging::new(req.output_dir, &manifest.name)
        .map_err(io("create a staging directory in", req.output_dir))?;
    let root = stage.path().to_path_buf();
    let hook_env = hook_env(req, dest);
    let answers_json = serde_json::to_string(&req.answers.context).expect("answers serialise");
    let hooks_for = |hooks: &[Hook]| -> Result<Vec<Hook>, Error> {
        let mut active = Vec::new();
        for hook in hooks {
            let on = match &hook.when {
                Some(expr) => renderer.is_true("blueprint.yaml (hook when)", expr)?,
                None => true,
            };
            if on {
                active.push(hook.clone());
            }
        }
        Ok(active)
    };
    let run =
        |stage_kind: Stage, hooks: Vec<Hook>, warnings: &mut Vec<String>| -> Result<(), Error> {
            if !req.run_hooks {
                return Ok(());
            }
            for hook in hooks {
                let inv = hooks::Invocation {
                    stage: stage_kind,
                    blueprint_dir: &req.blueprint.root,
                    project_dir: &root,
                    env: &hook_env,
                    answers_json: &answers_json,
                };
                let name = hook.action.describe();
                progress(Progress::Hook {
                    stage: stage_kind.name(),
                    hook: &name,
                });
                let outcome = hooks::run(&hook, &inv);
                progress(Progress::HookDone);
                if let hooks::Outcome::Skipped { output } = outcome? {
                    warnings.push(format!(
                        "{} hook `{}` skipped itself: {}",
                        stage_kind.name(),
                        hook.action.describe(),
                        output.trim()
                    ));
                }
            }
            Ok(())
        };

    run(
        Stage::PreGen,
        hooks_for(&manifest.hooks.pre_gen)?,
        &mut report.warnings,
    )?;
    let total = plan.files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(Progress::Files { done: n, total });
    };
    let template_root = req.blueprint.template_root();
    let written = render::write::execute(plan, &template_root, &root, renderer, false, &tick)?;
    // The digest reuses the hashes of the template files the render already read.
    let known = plan
        .files
        .iter()
        .zip(&written)
        .filter_map(|(f, w)| {
            let rel = Path::new(&manifest.template_dir).join(&f.src);
            Some((rel, w.source_sha256?))
        })
        .collect();
    report.files = file_reports(plan, written);

    let digest = crate::source::content_digest(&req.blueprint.root, &known)
        .map_err(io("hash", &req.blueprint.root))?;
    let answers = AnswersFile {
        blueprint: manifest.name.clone(),
        version: manifest.version.to_string(),
        source: req.source.given.clone(),
        source_kind: req.source.kind,
        commit: None,
        digest,
        jig_version: env!("CARGO_PKG_VERSION").to_string(),
        answers: req.answers.recorded.clone(),
    };
    report.answers_file = Some(
        answers
            .write(&root)
            .map_err(io("write the answers file in", &root))?,
    );

    let make_repo = req.git && !dest.join(".git").exists();
    let repo = if make_repo {
        Some(git::init(&root)?)
    } else {
        None
    };
    run(
        Stage::PostGen,
        hooks_for(&manifest.hooks.post_gen)?,
        &mut report.warnings,
    )?;
    if crate::interrupt::requested() {
        return Err(Error::Interrupted);
    }
    if let Some(repo) = &repo {
        let (author, from) = git::author(repo, req.author)?;
        if from == git::AuthorSource::Fallback {
            report.warnings.push("no git identity configured; the first commit is authored by `jig <jig@localhost>` (set user.name/user.email or pass --author)".into());
        }
        let message = format!(
            "Initial commit from blueprint {} {}\n\nGenerated by jig {}.\n",
            manifest.name,
            manifest.version,
            env!("CARGO_PKG_VERSION")
        );
        report.commit = Some(git::commit_all(repo, &message, &author)?);
    } else if req.git {
        report.warnings.push(format!(
            "{} is already a git repository; the changes are left uncommitted",
            dest.display()
        ));
    }
    if dest_nonempty {
        let paths = stage.kind_conflicts(dest);
        if !paths.is_empty() {
            return Err(Error::KindConflicts {
                dest: dest.to_path_buf(),
                paths,
            });
        }
        stage
            .merge_into(dest, req.existing == Existing::Overwrite)
            .map_err(io("move files into", dest))
    } else {
        stage
            .move_to(dest)
            .map_err(io("move the project into", dest))
    }
}

fn hook_env(req: &Request, dest: &Path) -> Vec<(String, String)> {
    let m = &req.blueprint.manifest;
    let path = |p: &Path| p.to_string_lossy().into_owned();
    vec![
        ("JIG_VERSION".into(), env!("CARGO_PKG_VERSION").into()),
        ("JIG_BLUEPRINT".into(), m.name.clone()),
        ("JIG_BLUEPRINT_VERSION".into(), m.version.to_string()),
        ("JIG_BLUEPRINT_DIR".into(), path(&req.blueprint.root)),
        ("JIG_DESTINATION".into(), path(&absolute(dest))),
    ]
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn file_reports(plan: &Plan, written: Vec<render::write::Written>) -> Vec<FileReport> {
    plan.files
        .iter()
        .zip(written)
        .map(|(f, w)| FileReport {
            path: f.dst.clone(),
            action: w.outcome,
        })
        .collect()
}

fn is_nonempty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some())
}

/// Creates the output directory if needed; returns it when this run created it.
fn create_output_dir(dir: &Path) -> Result<Option<PathBuf>, Error> {
    if dir.is_dir() {
        return Ok(None);
    }
    std::fs::create_dir_all(dir).map_err(io("create", dir))?;
    Ok(Some(dir.to_path_buf()))
}
