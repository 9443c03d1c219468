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
mod sync;

use crate::{blueprint, cookiecutter, generate, hooks, prompt, render, settings, source};
pub use catalog::catalog_report;
use std::path::PathBuf;
pub use sync::sync_report;

pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_BLUEPRINT: u8 = 3;
pub const EXIT_UNTRUSTED: u8 = 4;
pub const EXIT_CONFLICTS: u8 = 5;
pub const EXIT_BEHIND: u8 = 10;
pub const EXIT_DIVERGED: u8 = 11;
pub const EXIT_BEHIND_AND_DIVERGED: u8 = 12;
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, thiserror::Error)]
pub enum Error {
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
    #[error("cannot read the answers file {}: {message}", path.display())]
    AnswersFile { path: PathBuf, message: String },
    #[error("{} is not a jig blueprint (no {})", dir.display(), blueprint::MANIFEST_FILE)]
    NotPublishable { dir: PathBuf },
    #[error(transparent)]
    Init(#[from] crate::init::Error),
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
pub struct Report {
    pub message: String,
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
            S::Untrusted(e) => Error::Untrusted(e),
            S::Migration(e) => Error::Migration(e),
            e => Error::Update(e),
        }
    }
}

pub fn report(err: &Error) -> Report {
    match err {
        Error::Source(e) => source_report(e),
        Error::Blueprint(e) => blueprint_report(e),
        Error::Settings(e) => Report::new(e.to_string(), EXIT_USAGE).causes(e),
        Error::Answers(e) => answers_report(e),
        Error::Generate(e) => generate_report(e),
        Error::Cookiecutter(e) => cookiecutter_report(e),
        Error::CookiecutterContext(e) => context_report(e),
        Error::Update(e) => sync_report(e),
        Error::Catalog(e) => catalog_report(e),
        Error::Init(_)
        | Error::NotADirectory { .. }
        | Error::AnswerSet { .. }
        | Error::UnknownAnswerSet { .. } => authoring::authoring_report(err),
        Error::Migration(e) => {
            let mut r = hook_report(e);
            r.details.retain(|d| d != "nothing was left behind");
            r.detail("the project was restored to its last commit; the answers file is unchanged")
        }
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
        Error::AnswersFile { .. } => Report::new(err.to_string(), EXIT_USAGE),
        Error::NotPublishable { .. } => Report::new(err.to_string(), EXIT_USAGE).hint(
            "only jig blueprints are published; a Cookiecutter template can be used from git or a directory",
        ),
        Error::TagMismatch { .. } => Report::new(err.to_string(), EXIT_BLUEPRINT)
            .hint("set `version:` in blueprint.yaml to the tag's version, or tag the commit with the manifest's version"),
    }
}

fn cookiecutter_report(e: &cookiecutter::Error) -> Report {
    let r = Report::new(e.to_string(), EXIT_BLUEPRINT).causes(e);
    match e {
        cookiecutter::Error::Extension { .. } => r
            .detail("jig runs the extension modules a template ships beside cookiecutter.json (with --trust), and provides Cookiecutter's built-in ones natively; this one is neither")
            .hint("ship the module in the template (`local_extensions.py` or a package beside cookiecutter.json), or remove the entry"),
        cookiecutter::Error::Extensions(cookiecutter::extensions::Error::NoJinja2 { python }) => r
            .detail("the template names its own Python modules in `_extensions`; they import Jinja2")
            .hint(format!("install it there (`{python} -m pip install jinja2 cookiecutter`), or point JIG_PYTHON at a Python that has it")),
        cookiecutter::Error::Extensions(cookiecutter::extensions::Error::Spawn { .. }) => r
            .hint("set JIG_PYTHON to the Python interpreter that should run the template's extensions"),
        cookiecutter::Error::NoProjectTemplate { .. } => r.hint(
            "a Cookiecutter template keeps its files in a directory such as `{{cookiecutter.project_slug}}`",
        ),
        _ => r,
    }
}

fn context_report(e: &cookiecutter::context::Error) -> Report {
    use cookiecutter::context::Error as C;
    match e {
        C::Render { error, .. } => {
            let mut r = render_report(error);
            r.message = format!("{e}: {}", r.message);
            r
        }
        C::UnknownKeys { known, .. } => Report::new(e.to_string(), EXIT_USAGE)
            .hint(format!("the template's variables: {}", known.join(", "))),
        C::Ask(prompt::AskError::Interrupted) => {
            Report::new("interrupted; nothing was written", EXIT_INTERRUPTED)
        }
        C::Ask(_) => Report::new(e.to_string(), EXIT_FAILED),
        C::EmptyChoices { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT),
        C::Override { .. } => Report::new(e.to_string(), EXIT_USAGE),
    }
}

fn source_report(e: &source::Error) -> Report {
    use source::git_remote::Error as G;
    use source::Error as S;
    let usage = Report::new(e.to_string(), EXIT_USAGE).causes(e);
    let failed = Report::new(e.to_string(), EXIT_FAILED).causes(e);
    let offline_hint = "run once without --offline to fill the cache (JIG_CACHE_DIR)";
    match e {
        S::NotFound { given, .. } => typo(usage, given, source::builtin_names())
            .hint(format!(
                "first-party blueprints: {} (see `jig list`)",
                source::builtin_names().join(", ")
            ))
            .hint("a directory needs a path (`./NAME`); a git repository a URL (`gh:org/repo`, `https://...`)"),
        S::NoMatch { available, .. } => usage
            .detail(format!("available: {}", available.join(", ")))
            .hint("`jig show SOURCE` lists every version; add --pre to allow prereleases"),
        S::NoVersions { .. } => usage.hint("tag a release (`git tag v1.0.0`), or name a branch or commit with @REQ"),
        S::BuiltinVersion { .. } => usage.hint("first-party blueprints come in the version built into jig; use a registry or git source for others"),
        S::Git(G::Auth { tried, .. }) => {
            let mut r = failed;
            if !tried.is_empty() {
                r = r.detail(format!("tried: {}", tried.join(", ")));
            }
            r.hint("check that `git ls-remote URL` works; jig uses ssh-agent, ~/.ssh/id_* keys and git credential helpers (`git config credential.helper`)")
        }
        S::Git(G::UnknownHost { .. } | G::Unreachable { .. }) => {
            failed.hint("check the URL and the network; if jig fetched this source before, --offline uses the cached copy")
        }
        S::Git(G::NoRepository { .. }) => usage.hint("check the URL; `git ls-remote URL` should list its branches"),
        S::Git(G::NotCached { .. }) => failed.hint(offline_hint),
        S::Git(G::MissingRef { .. }) => usage.hint("`jig show SOURCE` lists the versions; `git ls-remote URL` lists branches and tags"),
        S::Git(_) => failed,
        S::Registry(r) => registry_report(r, usage, failed, offline_hint),
        S::Spec(_) | S::Conflict { .. } | S::NotAVersion { .. } | S::NoDirectory { .. } | S::NoSubdir { .. } => usage,
        S::NoManifest { .. } | S::Extract { .. } => usage,
    }
}

fn registry_report(
    e: &crate::registry::Error,
    usage: Report,
    failed: Report,
    offline_hint: &str,
) -> Report {
    use crate::registry::Error as R;
    match e {
        R::Unknown { known, .. } => usage.hint(format!(
            "configured registries: {} (under `registries:` in {})",
            known.join(", "),
            settings::Config::path().map_or("the config file".into(), |p| p.display().to_string())
        )),
        R::NoVersion { available, .. } if !available.is_empty() => usage
            .detail(format!("available: {}", available.join(", ")))
            .hint("add --pre to allow prereleases"),
        R::NoVersion { .. } | R::NoBlueprint { .. } => usage,
        R::Immutable { published, ours, .. } => failed
            .detail(format!("published: {published}"))
            .detail(format!("this one:  {ours}"))
            .hint("published versions never change; raise `version:` in blueprint.yaml and publish again"),
        R::DigestMismatch { .. } => failed.hint("the registry's bundle was altered or damaged; nothing was used. Tell the registry's owners"),
        R::NotCached { .. } => failed.hint(offline_hint),
        R::Remote { hint: Some(h), .. } => failed.hint(h.clone()),
        _ => failed,
    }
}

fn blueprint_report(e: &blueprint::Error) -> Report {
    match e {
        blueprint::Error::Invalid { path, diagnostics } => {
            let n = diagnostics.len();
            let mut r = Report::new(
                format!(
                    "{} has {n} problem{}",
                    path.display(),
                    if n == 1 { "" } else { "s" }
                ),
                EXIT_BLUEPRINT,
            );
            for d in diagnostics {
                r = r.detail(format!(
                    "{}:{}:{}: {}",
                    path.display(),
                    d.location.line,
                    d.location.column,
                    d.message
                ));
            }
            r.hint("docs/blueprint.md describes every manifest key")
        }
        blueprint::Error::JigTooOld { .. } => {
            Report::new(e.to_string(), EXIT_BLUEPRINT).hint("install a newer jig")
        }
        blueprint::Error::Read { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT).causes(e),
    }
}

fn answers_report(e: &prompt::Error) -> Report {
    match e {
        prompt::Error::Invalid(problems) => {
            let n = problems.len();
            let mut r = Report::new(
                format!("{n} invalid answer{}", if n == 1 { "" } else { "s" }),
                EXIT_USAGE,
            );
            for p in problems {
                let origin = p
                    .origin
                    .as_ref()
                    .map_or(String::new(), |o| format!(" (from {o})"));
                r = r.detail(format!("{}{origin}: {}", p.question, p.message));
            }
            r
        }
        prompt::Error::Missing { names, defaulted } => {
            let message = match defaulted {
                true => "questions without an answer or a default",
                false => "questions without an answer, and no terminal to ask them in",
            };
            let mut r = Report::new(message, EXIT_USAGE);
            for name in names {
                r = r.detail(format!("{name}: pass --data {name}=VALUE"));
            }
            match defaulted {
                true => r.hint("or give them all in a file: --data-file answers.yaml"),
                false => r.hint("pass --defaults to take every question's default"),
            }
        }
        prompt::Error::UnknownKeys { keys, known } => Report::new(
            format!(
                "--data names unknown question{}: {}",
                if keys.len() == 1 { "" } else { "s" },
                keys.join(", ")
            ),
            EXIT_USAGE,
        )
        .hint(format!("this blueprint asks: {}", known.join(", "))),
        prompt::Error::Ask(prompt::AskError::Interrupted) => {
            Report::new("interrupted; nothing was written", EXIT_INTERRUPTED)
        }
        prompt::Error::Ask(e) => Report::new(e.to_string(), EXIT_FAILED),
    }
}

/// Adds "did you mean" for a mistyped name (`given`, its `@REQ` left out) when a known one
/// is near it.
fn typo(r: Report, given: &str, known: impl IntoIterator<Item = impl AsRef<str>>) -> Report {
    let name = given.split('@').next().unwrap_or(given);
    match crate::suggest::did_you_mean(name, known) {
        Some(hint) => r.hint(hint),
        None => r,
    }
}

pub(super) fn render_report(e: &render::Error) -> Report {
    let mut r = Report::new(format!("cannot render {}", e.location()), EXIT_FAILED)
        .detail(e.message.clone());
    for line in e.excerpt() {
        r = r.detail(line);
    }
    r = r.detail("nothing was written");
    match e.suggestion() {
        Some(name) => r.hint(format!("did you mean `{name}`?")),
        None => r,
    }
}

fn generate_report(e: &generate::Error) -> Report {
    use generate::Error as G;
    match e {
        G::Render(e) | G::Plan(render::plan::Error::Render(e)) | G::Write(render::write::Error::Render(e)) => {
            render_report(e)
        }
        G::Hook(h) => hook_report(h),
        G::DestinationSymlink { .. } => Report::new(e.to_string(), EXIT_USAGE)
            .detail("nothing was written")
            .hint("remove the link, or pass --output-dir where the link points"),
        G::Write(render::write::Error::TooLarge { .. }) => Report::new(e.to_string(), EXIT_FAILED)
            .detail("nothing was left behind")
            .hint("add it to `files.copy` (`_copy_without_render` in Cookiecutter) to copy it unrendered, or raise the limit with --max-file-size"),
        G::Plan(p @ render::plan::Error::SymlinkOutside { .. }) | G::Plan(p @ render::plan::Error::SymlinkLoop { .. }) | G::Plan(p @ render::plan::Error::LinkLeavesTemplate { .. }) => Report::new(p.to_string(), EXIT_FAILED)
            .detail("nothing was left behind")
            .hint("a template may link only to paths inside itself; `jig lint` lists every such link"),
        G::DestinationExists { .. } => Report::new(e.to_string(), EXIT_USAGE)
            .hint("pass --overwrite to replace its files, --skip-if-exists to keep them, or choose another --output-dir"),
        G::KindConflicts { paths, .. } => {
            let mut r = Report::new(e.to_string(), EXIT_FAILED);
            for path in paths {
                r = r.detail(path.display().to_string());
            }
            r.detail("nothing was changed")
                .hint("move those paths aside, or generate into another --output-dir")
        }
        G::Interrupted | G::Write(render::write::Error::Interrupted) => {
            Report::new("interrupted; nothing was left behind", EXIT_INTERRUPTED)
        }
        G::Git(git) => Report::new(e.to_string(), EXIT_FAILED)
            .causes(git)
            .hint("pass --no-git to skip creating a repository"),
        _ => Report::new(e.to_string(), EXIT_FAILED)
            .causes(e)
            .detail("nothing was left behind"),
    }
}

pub(crate) fn hook_report(e: &hooks::Error) -> Report {
    let output = match e {
        hooks::Error::Failed { output, .. }
        | hooks::Error::Killed { output, .. }
        | hooks::Error::TimedOut { output, .. } => Some(output),
        _ => None,
    };
    if matches!(e, hooks::Error::Interrupted) {
        return Report::new("interrupted; nothing was left behind", EXIT_INTERRUPTED);
    }
    let mut r = Report::new(e.to_string(), EXIT_FAILED).causes(e);
    if let Some(output) = output.filter(|o| !o.trim().is_empty()) {
        r = r.detail("hook output:");
        for line in output.trim_end().lines() {
            r = r.detail(format!("  | {line}"));
        }
    }
    r = r.detail("nothing was left behind");
    if matches!(e, hooks::Error::TimedOut { .. }) {
        r = r.hint("raise the limit with the hook's `timeout` or JIG_HOOK_TIMEOUT");
    }
    r
}
