//! Arguments of the commands that work on a generated project: `check`, `diff`, `update`
//! and `adopt`. Doc comments here are the `--help` text.

use super::{AnswerArgs, HookArgs, SourceArgs};
use crate::sync::merge::ConflictStyle;
use clap::{ArgGroup, Args, ValueEnum};
use std::path::PathBuf;

/// Which project, which of its blueprints, and where their sources are.
#[derive(Debug, Args)]
pub(crate) struct ProjectArgs {
    /// The project directory (holding `.jig/`, `.cruft.json` or `.copier-answers.yml`).
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Only this blueprint, in a project that uses several (`.jig/NAME.yaml`).
    #[arg(long, value_name = "NAME")]
    pub blueprint: Option<String>,

    /// Read the blueprint from this source instead of the recorded one (a CI checkout of the
    /// blueprints repository, a mirror); versions are looked up there too.
    #[arg(long, value_name = "SOURCE")]
    pub from: Option<String>,

    /// Use only what is cached: no network.
    #[arg(long, env = crate::env::JIG_OFFLINE, value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,

    /// Allow prereleases when looking for the newest version.
    #[arg(long)]
    pub pre: bool,

    #[command(flatten)]
    pub hooks: HookArgs,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

impl ProjectArgs {
    /// These arguments as the library's project options.
    pub(crate) fn options(&self) -> crate::sync::project::Options {
        crate::sync::project::Options {
            path: self.path.clone(),
            blueprint: self.blueprint.clone(),
            from: self.from.clone(),
            pre: self.pre,
            offline: self.offline,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Report format: a table, JSON (schema `jig.check/v1`), SARIF 2.1.0 or GitHub
    /// workflow annotations.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// How far behind is fine, for `jig check` and `jig fleet status`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("policy").args(["allow_patch", "allow_minor", "allow_major"])))]
pub(crate) struct PolicyArgs {
    /// Being behind by patch releases only is fine (reported, exit code unaffected).
    #[arg(long)]
    pub allow_patch: bool,

    /// Being behind by minor or patch releases is fine; only a new major version counts.
    #[arg(long)]
    pub allow_minor: bool,

    /// Never count being behind; check content only.
    #[arg(long)]
    pub allow_major: bool,
}

impl PolicyArgs {
    pub(crate) fn policy(&self) -> crate::sync::check::Policy {
        crate::sync::check::Policy {
            allow_patch: self.allow_patch,
            allow_minor: self.allow_minor,
            allow_major: self.allow_major,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Show what the next version would change instead: the recorded version's render
    /// against the newest one's.
    #[arg(long)]
    pub upstream: bool,

    /// With --upstream: the version to compare with (default: the recorded requirement's
    /// newest).
    #[arg(long, value_name = "REQ", requires = "upstream")]
    pub to: Option<String>,

    /// Exit with 1 when there are differences (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// The version to update to: `2.0.0`, `^2`, `latest`, a branch, a tag or a commit
    /// (default: the newest version the recorded source's requirement allows). The recorded
    /// requirement keeps its kind: `^1` becomes `^2` when the version leaves it.
    #[arg(long, value_name = "REQ")]
    pub to: Option<String>,

    /// Record the exact version updated to (`@2.0.0`), so later updates stay on it until
    /// `--to` moves it.
    #[arg(long)]
    pub pin: bool,

    #[command(flatten)]
    pub answers: AnswerArgs,

    /// How to leave conflicts: markers in the file (and unmerged in the git index), or the
    /// new version in the file and the dropped local changes in `<file>.rej`.
    #[arg(long, value_enum, default_value_t = ConflictStyle::Inline)]
    pub conflict: ConflictStyle,

    /// Update even though the working tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,

    /// Show what would change, and write nothing.
    #[arg(long)]
    pub pretend: bool,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = super::Format::Human)]
    pub format: super::Format,
}

#[derive(Debug, Args)]
pub(crate) struct AdoptArgs {
    /// The blueprint the project follows (any SOURCE `jig new` takes, with its version).
    pub source: String,

    /// The existing project's directory.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    #[command(flatten)]
    pub from: SourceArgs,

    #[command(flatten)]
    pub answers: AnswerArgs,

    #[command(flatten)]
    pub hooks: HookArgs,

    /// Replace an existing link to the same blueprint.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}
