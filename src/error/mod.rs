//! The one place where errors become messages, hints and exit codes.
//!
//! Modules return typed errors that carry the path, line, question or flag they are about;
//! here they are turned into a `Report` that `ui` prints. No colors live in error values.
//!
//! Exit codes: 0 success, 1 failed, 2 bad usage or answers, 3 invalid blueprint, 4 hooks or
//! migrations not trusted, 5 `jig update` left conflicts, 10/11/12 `jig check` found the
//! project behind / diverged / both, 130 interrupted.

mod authoring;
mod catalog;
mod copier;
mod engine;
mod storage;
mod sync;

use crate::{blueprint, cookiecutter, generate, hooks, prompt, settings, source};
pub(crate) use catalog::catalog_report;
use engine::*;
use std::path::PathBuf;
pub(crate) use sync::sync_report;

pub(crate) const EXIT_FAILED: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;
pub(crate) const EXIT_BLUEPRINT: u8 = 3;
pub(crate) const EXIT_UNTRUSTED: u8 = 4;
pub(crate) const EXIT_CONFLICTS: u8 = 5;
pub(crate) const EXIT_BEHIND: u8 = 10;
pub(crate) const EXIT_DIVERGED: u8 = 11;
pub(crate) const EXIT_BEHIND_AND_DIVERGED: u8 = 12;
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Source(#[from] source::Error),
    #[error(transparent)]
    Blueprint(#[from] blueprint::Error),
    #[error(transparent)]
    Settings(#[from] settings::Error),
    #[error(transparent)]
    Answers(#[from] prompt::Error),
    #[error(transparent)]
    Generate(#[from] generate::Error),
    #[error(transparent)]
    Cookiecutter(cookiecutter::Error),
    #[error(transparent)]
    CookiecutterContext(#[from] cookiecutter::context::Error),
    #[error(transparent)]
    Update(crate::sync::Error),
    #[error(transparent)]
    Migration(hooks::Error),
    #[error(transparent)]
    Catalog(#[from] crate::catalog::Error),
    #[error(transparent)]
    Untrusted(#[from] crate::trust::Untrusted),
    #[error("the blueprint at {} has {} template error(s)", dir.display(), findings.len())]
    TemplateErrors {
        dir: PathBuf,
        findings: Vec<crate::lint::Finding>,
    },
    #[error("{} has uncommitted changes, and a published version is immutable", dir.display())]
    PublishDirty { dir: PathBuf, paths: Vec<String> },
    #[error("--data `{0}` must look like KEY=VALUE")]
    BadDataFlag(String),
    #[error("cannot read --data-file {}: {message}", path.display())]
    DataFile { path: PathBuf, message: String },
    #[error("cannot write {what}: {message}")]
    Output { what: String, message: String },
    #[error("{} is not a jig blueprint (no {})", dir.display(), blueprint::MANIFEST_FILE)]
    NotPublishable { dir: PathBuf },
    #[error("no folder `{given}` and no first-party blueprint of that name")]
    NothingToPublish { given: String },
    #[error(transparent)]
    Init(#[from] crate::init::Error),
    #[error(transparent)]
    Fleet(#[from] crate::fleet::Error),
    #[error(transparent)]
    Copier(crate::copier::Error),
    #[error("a Copier template renders into the directory you name: jig new {given} DEST")]
    CopierDest { given: String },
    #[error("DEST names the project directory itself; --output-dir is for templates that name their own")]
    DestAndOutputDir,
    #[error("--repository is for blueprints that make several repositories; a Copier template makes one")]
    CopierRepository,
    #[error("DEST ({}) is for Copier templates, which do not name their project directory; this template names its own", dest.display())]
    DestNotCopier { dest: PathBuf },
    #[error(transparent)]
    Forge(#[from] crate::fleet::forge::Error),
    #[error("{} is not a {what}", path.display())]
    NotADirectory { path: PathBuf, what: &'static str },
    #[error("answer set {}: {message}", path.display())]
    AnswerSet { path: PathBuf, message: String },
    #[error("no answer set `{name}`")]
    UnknownAnswerSet { name: String, known: Vec<String> },
    #[error("{} says version {manifest}, but its commit is tagged {}", dir.display(), tags.join(", "))]
    TagMismatch {
        dir: PathBuf,
        manifest: String,
        tags: Vec<String>,
    },
}

/// A printable error: message, detail lines, hints and the exit code.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub message: String,
    /// The template lines an error points at (left out where a report takes one line).
    pub excerpt: Vec<String>,
    pub details: Vec<String>,
    pub hints: Vec<String>,
    pub exit_code: u8,
}

impl Report {
    pub(crate) fn new(message: impl Into<String>, exit_code: u8) -> Report {
        Report {
            message: message.into(),
            exit_code,
            ..Report::default()
        }
    }

    pub(crate) fn detail(mut self, line: impl Into<String>) -> Report {
        self.details.push(line.into());
        self
    }

    pub(crate) fn hint(mut self, line: impl Into<String>) -> Report {
        self.hints.push(line.into());
        self
    }

    /// Adds one `caused by:` line per source error.
    pub(crate) fn causes(mut self, err: &dyn std::error::Error) -> Report {
        let mut source = err.source();
        while let Some(cause) = source {
            self.details.push(format!("caused by: {cause}"));
            source = cause.source();
        }
        self
    }
}

fn fleet_report(e: &crate::fleet::Error) -> Report {
    use crate::fleet::Error as F;
    let r = Report::new(e.to_string(), EXIT_USAGE);
    match e {
        F::Read { .. } => r.hint("give the path of a fleet file (`jig schema fleet` describes one)"),
        F::Invalid { .. } => r
            .hint("a fleet file has `repositories:`, a list of git URLs or paths; `jig schema fleet -o fleet.schema.json` gives editors its schema"),
        F::Entries { problems, .. } => {
            let mut r = r;
            for p in problems {
                r = r.detail(p.clone());
            }
            r.hint("a repository is a git URL (https://, ssh://, git@host:path, git://, file://, gh:owner/name) or a path to a clone; docs/fleet.md has every key")
        }
        F::NoRegions { .. } => r.hint("add them to the fleet file: `sagemaker:` then `  - region: eu-west-1`"),
        F::BadVersion { .. } => r.hint("give an exact version (`2.0.0`) or a requirement (`^2`)"),
        F::Empty { .. } => r.hint("list the repositories under `repositories:` (or `discover:` them; `sagemaker:` adds regions' SageMaker projects)"),
        F::HtmlToStdout => r.hint("for example: --format html --out fleet.html"),
        F::Shard { .. } => r.hint("for example --shard 2/4; `jig fleet plan FLEET --shards 4` shows the split"),
        F::Report { .. } => r.hint("give reports written by `jig fleet status --format json`"),
        F::Clock { .. } => r.hint("set SOURCE_DATE_EPOCH to seconds since 1970 (`date +%s`), or unset it"),
        F::WhichBlueprint { used } => {
            let mut r = r;
            for (name, n) in used {
                r = r.detail(format!("{name}: {n} repositories"));
            }
            r.hint("pass --blueprint NAME")
        }
        F::UnusedBlueprint { name, used } => {
            let mut r = r;
            for (n, count) in used {
                r = r.detail(format!("{n}: {count} repositories"));
            }
            let names = used.iter().map(|(n, _)| n.as_str());
            match crate::suggest::did_you_mean(name, names) {
                Some(mean) => r.hint(mean),
                None => r.hint("pass --blueprint with one of the names above"),
            }
        }
    }
}

fn forge_report(e: &crate::fleet::forge::Error) -> Report {
    use crate::fleet::forge::Error as F;
    let r = Report::new(e.to_string(), EXIT_FAILED);
    match e {
        F::Api { status: Some(401), .. } => r.hint("the token was refused: check that it is valid and not expired"),
        F::Api { status: Some(403 | 404), .. } => r.hint("the token needs write access to pull requests (GitHub: `pull_requests: write` and `contents: write`; GitLab: the `api` scope)"),
        F::Api { .. } => r,
        F::NoToken { variable, .. } => r.hint(format!("export {variable} with a token that may open pull requests; jig never writes it anywhere")),
        F::NotARepository { .. } => r.hint("write the repository's URL as OWNER/NAME under the host (https://github.com/acme/churn.git)"),
        F::UnknownForge { .. } => r.hint("name the host's API under `forges:` in the fleet file (kind: github or gitlab, host, api)"),
        F::NoAws => r.hint("install a jig built with default features"),
        F::Offsite { .. } => r.hint("a forge's answer that leads to another origin is misconfigured or hostile; if the forge moved, name its new API under `forges:` in the fleet file"),
        F::PageLoop { .. } => r.hint("the forge's paging is broken; jig stops rather than ask for the same page again"),
        F::TooManyPages { .. } | F::PagingTooLong { .. } => r.hint("narrow the discovery (a topic, a subgroup), or check the forge's paging"),
        F::BadAnswer { .. } => r.hint("check that `api:` under `forges:` in the fleet file is the forge's REST API (GitHub: https://HOST/api/v3, GitLab: https://HOST/api/v4)"),
        F::BadApi { .. } => r.hint("write `api:` under `forges:` in the fleet file as an https URL (GitHub Enterprise: https://HOST/api/v3, GitLab: https://HOST/api/v4)"),
    }
}

fn settings_report(e: &settings::Error) -> Report {
    use settings::Error as S;
    let r = Report::new(e.to_string(), EXIT_USAGE).causes(e);
    match e {
        S::Read { .. } | S::Invalid { .. } => r.hint(
            "fix the file (its keys are in the README, Configuration), or set JIG_CONFIG to another one",
        ),
        S::ReadCookiecutter { .. } | S::InvalidCookiecutter { .. } => r.hint(
            "fix the file, or set COOKIECUTTER_CONFIG to another one (jig reads it for Cookiecutter's defaults and abbreviations)",
        ),
        S::BadLimit { .. } => r,
    }
}

/// A Cookiecutter error as the error of what it wraps (context, answers, generation, trust),
/// so each is reported the same way wherever it comes from.
impl From<cookiecutter::Error> for Error {
    fn from(e: cookiecutter::Error) -> Error {
        use cookiecutter::Error as C;
        match e {
            C::Context(e) => Error::CookiecutterContext(e),
            C::Answers(e) => Error::Answers(e),
            C::Generate(e) => Error::Generate(e),
            C::Untrusted(e) => Error::Untrusted(e),
            e => Error::Cookiecutter(e),
        }
    }
}

/// A Copier error that is really a missing answer or a failed render is reported as such.
impl From<crate::copier::Error> for Error {
    fn from(e: crate::copier::Error) -> Error {
        use crate::copier::{questions, Error as C};
        match e {
            C::Questions(questions::Error::Prompt(e)) => Error::Answers(e),
            C::Untrusted(e) => Error::Untrusted(e),
            e => Error::Copier(e),
        }
    }
}

/// The same for the project commands' library errors.
impl From<crate::sync::Error> for Error {
    fn from(e: crate::sync::Error) -> Error {
        use crate::sync::Error as S;
        match e {
            S::Source(e) => Error::Source(e),
            S::Blueprint(e) => Error::Blueprint(e),
            S::Answers(e) => Error::Answers(e),
            S::Generate(e) => Error::Generate(e),
            S::Cookiecutter(e) => Error::from(e),
            S::Copier(e) => Error::Copier(e),
            S::Untrusted(e) => Error::Untrusted(e),
            S::Migration(e) => Error::Migration(e),
            e => Error::Update(e),
        }
    }
}

pub(crate) fn report(err: &Error) -> Report {
    let mut r = report_of(err);
    // A full or read-only file system: that, not the command's usual advice, is what to fix.
    if let Some(hint) = storage::hint(err) {
        r.hints = vec![hint];
    }
    r
}

fn report_of(err: &Error) -> Report {
    match err {
        Error::Source(e) => source_report(e),
        Error::Blueprint(e) => blueprint_report(e),
        Error::Settings(e) => settings_report(e),
        Error::Answers(e) => answers_report(e),
        Error::Generate(e) => generate_report(e),
        Error::Cookiecutter(e) => cookiecutter_report(e),
        Error::CookiecutterContext(e) => context_report(e),
        Error::Update(e) => sync_report(e),
        Error::Catalog(e) => catalog_report(e),
        Error::Fleet(e) => fleet_report(e),
        Error::Copier(e) => copier::copier_report(e),
        Error::CopierDest { .. } | Error::DestAndOutputDir | Error::CopierRepository => {
            Report::new(err.to_string(), EXIT_USAGE).detail("nothing was written")
        }
        Error::DestNotCopier { .. } => Report::new(err.to_string(), EXIT_USAGE)
            .detail("nothing was written")
            .hint("choose where it goes with --output-dir DIR"),
        Error::Forge(e) => forge_report(e),
        Error::Init(_)
        | Error::NotADirectory { .. }
        | Error::AnswerSet { .. }
        | Error::UnknownAnswerSet { .. } => authoring::authoring_report(err),
        Error::Migration(e) => hook_report_after(e, Aftermath::Restored),
        Error::Untrusted(u) => {
            let mut r = Report::new(err.to_string(), EXIT_UNTRUSTED);
            for hook in &u.would_run {
                r = r.detail(format!("would run: {hook}"));
            }
            let first = if u.extensions {
                "the template cannot be rendered without its extensions: read them, then pass --trust to run them"
            } else {
                "read the hooks, then pass --trust to run them, or --no-hooks to generate without them"
            };
            r.hint(first)
                .hint(format!(
                    "to always trust this source, add `{}` under `trusted:` in {}",
                    u.trust_key,
                    settings::Config::path().map_or("the config file".into(), |p| p.display().to_string())
                ))
        }
        Error::TemplateErrors { dir, findings } => {
            let mut r = Report::new(err.to_string(), EXIT_BLUEPRINT);
            for f in findings {
                r = r.detail(format!("{}:{}:{}: {}", f.file, f.line, f.column, f.message));
            }
            r.detail("nothing was asked, nothing was written")
                .hint(format!("`jig lint {}` lists every problem of the blueprint; its author can fix them", dir.display()))
        }
        Error::PublishDirty { paths, .. } => {
            let mut r = Report::new(err.to_string(), EXIT_USAGE);
            for path in paths {
                r = r.detail(path.clone());
            }
            r.detail("nothing was published")
                .hint("commit them (and tag the commit), or pass --allow-dirty to publish the working tree as it is")
        }
        Error::BadDataFlag(_) => Report::new(err.to_string(), EXIT_USAGE)
            .hint("for example: --data project_name=\"Churn Model\""),
        Error::DataFile { .. } => Report::new(err.to_string(), EXIT_USAGE),
        Error::Output { .. } => Report::new(err.to_string(), EXIT_FAILED),
        Error::NotPublishable { .. } => Report::new(err.to_string(), EXIT_USAGE).hint(
            "only jig blueprints are published; a Cookiecutter template can be used from git or a directory",
        ),
        Error::NothingToPublish { given } => {
            let names = crate::source::builtin_names();
            let r = Report::new(err.to_string(), EXIT_USAGE);
            let r = match crate::suggest::did_you_mean(given, &names) {
                Some(mean) => r.hint(mean),
                None => r,
            };
            r.hint(format!(
                "first-party blueprints: {} (see `jig list`)",
                names.join(", ")
            ))
        }
        Error::TagMismatch { .. } => Report::new(err.to_string(), EXIT_BLUEPRINT)
            .hint("set `version:` in blueprint.yaml to the tag's version, or tag the commit with the manifest's version"),
    }
}
