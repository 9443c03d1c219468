//! `jig new` end to end: plan -> staging dir -> hooks -> answers file -> git -> move into place.
//!
//! Everything is written into a staging directory next to the destination and moved into place
//! only when every step succeeded, so a failure of any kind (template error, hook failure,
//! Ctrl-C) leaves nothing behind. The staging directory removes itself when dropped.

pub(crate) mod blueprint;
mod each;
mod filters;
pub(crate) mod git;
mod objects;
mod stage;
pub(crate) mod staging;

pub(crate) use each::generate_each;

use crate::answers::AnswersFile;
use crate::hooks::{self, Stage};
use crate::render::{self, plan::Plan, write::Outcome, Renderer};
use crate::source::Source;
use std::path::{Path, PathBuf};

/// What to do when the destination exists and is not empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    Refuse,
    Overwrite,
    Skip,
}

/// What differs between template formats (jig blueprints, Cookiecutter templates); the
/// pipeline in `generate` does the rest the same way for both.
pub(crate) trait Template: Sync {
    /// Name and version for the report, the answers file and the commit message.
    fn name(&self) -> &str;
    fn version(&self) -> &str;
    /// The source directory (its content digest is recorded).
    fn source_dir(&self) -> &Path;
    /// The template tree the plan's sources are relative to.
    fn template_root(&self) -> PathBuf;
    fn renderer(&self) -> &Renderer;
    /// The rendered name of the project directory.
    fn project_dir_name(&self) -> Result<String, Error>;
    fn plan(&self) -> Result<Plan, Error>;
    /// Runs the hooks of `stage` in `project` (the staging directory); returns warnings.
    fn run_hooks(
        &self,
        stage: Stage,
        project: &Path,
        dest: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<String>, Error>;
    /// The answers file to record (its digest filled in by the pipeline); `None` when the
    /// template writes its own record as one of its files (Copier's answers file).
    fn answers_file(&self, source: &Source, digest: String) -> Option<AnswersFile>;
}

pub(crate) struct Request<'a> {
    pub source: &'a Source,
    pub template: &'a dyn Template,
    pub output_dir: &'a Path,
    pub existing: Existing,
    pub pretend: bool,
    pub git: bool,
    pub author: Option<&'a str>,
    pub run_hooks: bool,
}

/// What `jig new` did (or, with `--pretend`, would do).
#[derive(Debug, serde::Serialize)]
pub(crate) struct Generated {
    pub project_dir: PathBuf,
    pub blueprint: String,
    pub version: String,
    pub pretend: bool,
    pub files: Vec<FileReport>,
    pub skipped: Vec<String>,
    pub answers_file: Option<PathBuf>,
    /// What the answers file records (as written), so a caller need not read it back.
    #[serde(skip)]
    pub record: Option<AnswersFile>,
    pub commit: Option<String>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct FileReport {
    pub path: String,
    pub action: Outcome,
    /// A `files.create_once` file: the team owns it after generation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub create_once: bool,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
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
    /// A template format's own planning error (a Copier template's `yield`, patterns ...).
    #[error(transparent)]
    Format(Box<dyn std::error::Error + Send + Sync>),
    #[error("the project directory name `{template}` renders to `{rendered}`, which is not a single directory name")]
    BadProjectDir { template: String, rendered: String },
    #[error("{} has {} path(s) that are a directory on one side and a file on the other", dest.display(), paths.len())]
    KindConflicts { dest: PathBuf, paths: Vec<PathBuf> },
    #[error("{} already exists and is not empty", path.display())]
    DestinationExists { path: PathBuf },
    #[error("{} is a symlink; jig writes a project only into a real directory", path.display())]
    DestinationSymlink { path: PathBuf },
    #[error(transparent)]
    Io(#[from] crate::fs_error::FsError),
    #[error("interrupted")]
    Interrupted,
    #[error("repositories `{first}` and `{second}` both render to the directory `{name}`")]
    SameDirectory {
        name: String,
        first: String,
        second: String,
    },
}

/// For `map_err`: the failure of `action` on `path` as this module's error.
fn io<'a>(
    action: &'static str,
    path: &'a std::path::Path,
) -> impl FnOnce(std::io::Error) -> Error + 'a {
    crate::fs_error::at(action, path)
}

/// What a long generation is doing, for progress displays.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Progress<'a> {
    /// `done` of `total` files written.
    Files { done: usize, total: usize },
    /// A hook started (`stage`, `hook`).
    Hook { stage: &'a str, hook: &'a str },
    /// A line the running hook printed.
    HookOutput { line: &'a str },
    /// The hook that was running finished.
    HookDone,
    /// The first commit of `files` files started (seconds for a large project).
    Commit { files: usize },
    /// The commit is made.
    CommitDone,
}

/// Runs the whole generation; `progress` hears about files written and hooks run. A run that
/// fails after Ctrl-C (a render or hook cut short by it) reports the interruption.
pub(crate) fn generate(
    req: &Request,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Generated, Error> {
    generate_inner(req, progress).map_err(|e| match crate::interrupt::requested() {
        true => Error::Interrupted,
        false => e,
    })
}

fn generate_inner(req: &Request, progress: &(dyn Fn(Progress) + Sync)) -> Result<Generated, Error> {
    match prepare(req, progress)? {
        Prepared::Pretend(report) => Ok(report),
        Prepared::Staged(staged) => staged.finish(),
    }
}

/// What `prepare` made: the report of a `--pretend` run, or a project staged whole.
enum Prepared {
    Pretend(Generated),
    Staged(Staged),
}

/// A project staged whole beside its destination (rendered, hooks run, committed), waiting
/// for its move into place; dropped, it leaves nothing.
struct Staged {
    stage: staging::Staging,
    dest: PathBuf,
    /// The destination had files: they are merged (journalled), not replaced by a rename.
    dest_nonempty: bool,
    overwrite: bool,
    journal_dir: PathBuf,
    /// The directories this run created to make the output directory, deepest first
    /// (removed again on a failure).
    created_output_dir: Vec<PathBuf>,
    report: Generated,
}

/// Everything up to the move into place: checks, plan, staging, hooks, answers file, commit.
fn prepare(req: &Request, progress: &(dyn Fn(Progress) + Sync)) -> Result<Prepared, Error> {
    let template = req.template;
    let name = template.project_dir_name()?;
    let dest = req.output_dir.join(&name);
    // A run killed while merging into an existing directory left a journal: put it back first.
    let recovered = match req.pretend {
        true => Vec::new(),
        false => crate::journal::recover(req.output_dir, crate::journal::OVERWRITE_PREFIX)
            .map_err(io("roll back an interrupted run in", req.output_dir))?,
    };
    if dest.is_symlink() {
        // Writing through it would put the project (or, with --overwrite, its files) wherever
        // the link points.
        return Err(Error::DestinationSymlink { path: dest });
    }
    let dest_nonempty = is_nonempty_dir(&dest);
    if dest.exists() && !dest.is_dir() || dest_nonempty && req.existing == Existing::Refuse {
        return Err(Error::DestinationExists { path: dest });
    }

    let plan = template.plan()?;
    // Every link a render creates resolves inside the project, whichever format planned it
    // (Copier's `_preserve_symlinks` copies links as they are).
    plan.check_links()?;
    let mut report = Generated {
        project_dir: dest.clone(),
        blueprint: template.name().to_string(),
        // What the answers file records: a tag's or registry's version wins (`AnswersFile::pin`).
        version: req
            .source
            .pin
            .version
            .as_ref()
            .map_or_else(|| template.version().to_string(), |v| v.to_string()),
        pretend: req.pretend,
        files: Vec::new(),
        skipped: plan.skipped.iter().map(|s| s.src.clone()).collect(),
        answers_file: None,
        record: None,
        commit: None,
        warnings: recovered
            .iter()
            .map(crate::journal::Recovered::describe)
            .collect(),
    };
    let template_root = template.template_root();
    if req.pretend {
        let outcomes = render::write::execute(
            &plan,
            &template_root,
            &dest,
            template.renderer(),
            true,
            &|| {},
        )?;
        report.files = stage::file_reports(&plan, outcomes);
        return Ok(Prepared::Pretend(report));
    }

    crate::interrupt::guard();
    let created_output_dir = create_output_dir(req.output_dir)?;
    match stage::stage(req, &plan, &dest, dest_nonempty, &mut report, progress) {
        Ok(stage) => Ok(Prepared::Staged(Staged {
            stage,
            dest: dest.clone(),
            dest_nonempty,
            overwrite: req.existing == Existing::Overwrite,
            journal_dir: dest.parent().unwrap_or(req.output_dir).to_path_buf(),
            created_output_dir,
            report,
        })),
        Err(e) => {
            remove_created(&created_output_dir);
            Err(e)
        }
    }
}

/// Removes the directories this run created for the output, each only if nothing else
/// appeared in it.
fn remove_created(dirs: &[PathBuf]) {
    for dir in dirs {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
    }
}

/// Checks a rendered project directory name: one plain directory name.
pub(crate) fn check_project_dir(template: &str, rendered: &str) -> Result<String, Error> {
    let name = rendered.trim();
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(Error::BadProjectDir {
            template: template.to_string(),
            rendered: name.to_string(),
        });
    }
    Ok(name.to_string())
}

impl Staged {
    /// Moves the project into place: one rename into a new directory, a journalled merge
    /// into one with files. The last point of return is just before.
    fn finish(self) -> Result<Generated, Error> {
        let Staged {
            stage,
            dest,
            dest_nonempty,
            overwrite,
            journal_dir,
            created_output_dir,
            report,
        } = self;
        let result = if crate::interrupt::requested() {
            Err(Error::Interrupted)
        } else if dest_nonempty {
            stage
                .merge_into(&dest, overwrite, &journal_dir)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::Interrupted => Error::Interrupted,
                    _ => io("move files into", &dest)(e),
                })
        } else {
            stage
                .move_to(&dest)
                .map_err(io("move the project into", &dest))
        };
        if result.is_err() {
            remove_created(&created_output_dir);
        }
        result.map(|()| report)
    }
}

/// `path` made absolute (without resolving symlinks).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn is_nonempty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some())
}

/// Creates the output directory if needed; returns the directories this run created (it and
/// the missing parents), deepest first.
fn create_output_dir(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.is_dir())
        .map(Path::to_path_buf)
        .collect();
    if let Err(e) = std::fs::create_dir_all(dir) {
        remove_created(&missing);
        return Err(io("create", dir)(e));
    }
    Ok(missing)
}
