//! Arguments of `jig fleet` and its subcommands. Doc comments here are the `--help` text.

use clap::{ArgGroup, Args, Subcommand, ValueEnum};
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
    /// where they are), and for each blueprint in it (`.jig/*.yaml`, `.cruft.json`) checks what
    /// `jig check` checks: the recorded version against the newest allowed and the newest
    /// released, and every file the recorded version renders against the committed one. A
    /// repository that cannot be read is a row with the reason.
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
#[command(group(ArgGroup::new("policy").args(["allow_patch", "allow_minor", "allow_major"])))]
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
