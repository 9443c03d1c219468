//! Arguments of `jig fleet` and its subcommands. Doc comments here are the `--help` text.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct FleetArgs {
    #[command(subcommand)]
    pub command: FleetCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum FleetCommand {
    /// Every repository of the fleet checked at once: versions and drift, no checkouts.
    ///
    /// Reads each repository's default branch from git (a shallow fetch into jig's cache,
    /// nothing fetched when the branch has not moved since the last run; local paths are read
    /// where they are), and for each blueprint in it (`.jig/*.yaml`, `.cruft.json`,
    /// `.copier-answers.yml`) checks what `jig check` checks: the recorded version against the
    /// newest allowed and the newest released, and every file the recorded version renders
    /// against the committed one. A repository that cannot be read is a row with the reason.
    ///
    /// Exit codes, for the fleet as a whole: 0 clean, 10 some behind, 11 some diverged,
    /// 12 both; 1 when all that was found is that some repositories could not be read.
    ///
    /// Examples:
    ///   jig fleet status fleet.yaml
    ///   jig fleet status fleet.yaml --format html --out fleet.html
    ///   jig fleet status fleet.yaml --format json --out fleet.json --jobs 16
    ///   jig fleet status fleet.yaml --shard 2/4 --format json --out shard-2.json
    #[command(verbatim_doc_comment)]
    Status(StatusArgs),

    /// Roll a blueprint version out: a branch and a pull request per repository behind it.
    ///
    /// For each repository that uses the blueprint and is behind REQ, the same three-way
    /// update as `jig update`, in a scratch worktree of jig's cached mirror (nothing is
    /// checked out in your clones), committed on `jig/<blueprint>-<version>` from the default
    /// branch's tip; --push pushes the branch, --open-pr opens (or refreshes) a pull request
    /// on GitHub, a merge request on GitLab or a pull request on CodeCommit listing what
    /// changed, the migrations that ran and the files with conflicts, and closes the requests
    /// of older versions it supersedes. Run it again and it updates the same branches and
    /// requests. Repositories whose requirement pins an older version are skipped unless
    /// --include-pinned; migrations of sources not trusted in the config file never run.
    ///
    /// Exit codes: 0 done, 5 some merges conflicted, 4 some repositories need trust, 1 some
    /// could not be updated (each row says why).
    ///
    /// Examples:
    ///   jig fleet update fleet.yaml --to 2.0.0 --dry-run
    ///   jig fleet update fleet.yaml --to 2.0.0 --push --open-pr
    ///   jig fleet update fleet.yaml --to ^2 --blueprint sagemaker-mlops --open-pr --on-conflict skip
    #[command(verbatim_doc_comment)]
    Update(UpdateArgs),

    /// The CI matrix that runs `jig fleet status` in shards.
    ///
    /// Examples:
    ///   jig fleet plan fleet.yaml --shards 8 --format github-matrix
    ///   jig fleet plan fleet.yaml --shards 8 --format codebuild > buildspec-fleet.yml
    ///   jig fleet plan fleet.yaml --shards 8        (which repositories each shard reads)
    #[command(verbatim_doc_comment)]
    Plan(PlanArgs),

    /// Merge shards' JSON reports into one, in any format.
    ///
    /// Examples:
    ///   jig fleet report shard-*.json --format html --out fleet.html
    ///   jig fleet report shard-*.json --format json --out fleet.json
    #[command(verbatim_doc_comment)]
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// The fleet file (see `jig schema fleet`).
    #[arg(value_name = "FLEET")]
    pub fleet: PathBuf,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Repositories read at once [default: the number of CPUs, at least 4].
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,

    /// Only this share of the fleet: K of N (`2/4`), as `jig fleet plan` splits it.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// Use only what is cached: no network.
    #[arg(long, env = crate::env::JIG_OFFLINE, value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,

    /// Allow prereleases when looking for the newest version.
    #[arg(long)]
    pub pre: bool,

    #[command(flatten)]
    pub policy: super::project::PolicyArgs,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Report format: a table grouped by blueprint and version, JSON (schema
    /// `jig.fleet/v1`, docs/fleet.md), SARIF 2.1.0, or one self-contained HTML page.
    #[arg(long, value_enum, default_value_t = FleetFormat::Human)]
    pub format: FleetFormat,

    /// Write the report to this file instead of standard output (needed for html).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FleetFormat {
    Human,
    Json,
    Sarif,
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The fleet file.
    #[arg(value_name = "FLEET")]
    pub fleet: PathBuf,

    /// How many shards.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub shards: u16,

    /// What to print: each shard's repositories, a GitHub Actions matrix, or a CodeBuild
    /// batch buildspec.
    #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
    pub format: PlanFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanFormat {
    Human,
    Json,
    GithubMatrix,
    Codebuild,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// JSON reports of `jig fleet status --format json` (shards of one fleet).
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// The fleet file.
    #[arg(value_name = "FLEET")]
    pub fleet: PathBuf,

    /// The version to move to: an exact version (`2.0.0`) or a requirement (`^2`).
    #[arg(long, value_name = "REQ")]
    pub to: String,

    /// The blueprint to update, in a fleet whose repositories use several.
    #[arg(long, value_name = "NAME")]
    pub blueprint: Option<String>,

    /// Push each branch to its repository.
    #[arg(long)]
    pub push: bool,

    /// Open (or refresh) a pull / merge request for each branch; implies --push. Needs
    /// GITHUB_TOKEN or GITLAB_TOKEN, or AWS credentials for CodeCommit.
    #[arg(long)]
    pub open_pr: bool,

    /// Plan every repository's update and show it; push nothing, open nothing.
    #[arg(long, conflicts_with_all = ["push", "open_pr"])]
    pub dry_run: bool,

    /// A merge that conflicts: commit the conflict markers and open the request as a draft
    /// that lists the files (draft), or leave the repository alone and report it (skip).
    #[arg(long, value_enum, default_value_t = OnConflictArg::Draft, value_name = "WHAT")]
    pub on_conflict: OnConflictArg,

    /// Also move repositories whose requirement pins an older version.
    #[arg(long)]
    pub include_pinned: bool,

    /// Record the exact version in each answers file (`@2.0.0`) instead of a requirement of
    /// the kind it had (`^1` becomes `^2`).
    #[arg(long)]
    pub pin: bool,

    /// Repositories updated at once [default: the number of CPUs, at least 4].
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,

    /// Only this share of the fleet: K of N (`2/4`).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// Also move the SageMaker projects of the fleet file's `sagemaker:` regions that run the
    /// blueprint, as `jig catalog upgrade` does (a change set first; with --dry-run, only it).
    #[arg(long)]
    pub projects: bool,

    /// With --projects: go on when a change set replaces or removes a stateful resource.
    #[arg(long, requires = "projects")]
    pub allow_replace: bool,

    /// A table, or JSON (schema `jig.fleet-update/v1`).
    #[arg(long, value_enum, default_value_t = UpdateFormat::Human)]
    pub format: UpdateFormat,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OnConflictArg {
    Draft,
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum UpdateFormat {
    Human,
    Json,
}
