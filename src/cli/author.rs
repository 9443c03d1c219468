//! Arguments of the blueprint-authoring commands: `jig init`, `jig lint`, `jig test`,
//! `jig schema`.

use super::Format;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The blueprint directory to create (default: the current directory, which must be
    /// empty).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Turn this existing repository into the blueprint: its files (not `.git`, build
    /// outputs or git-ignored files) become the template.
    #[arg(long, value_name = "REPO_DIR")]
    pub from: Option<PathBuf>,

    /// With --from: a value in the repository that becomes a question. Every occurrence in
    /// file contents and paths, including its case variants (`Churn Model`, `churn-model`,
    /// `churn_model`, `ChurnModel`, ...), becomes a template expression. Repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE", requires = "from")]
    pub vars: Vec<String>,

    /// Import a SageMaker project template: a sample folder as AWS publishes them
    /// (aws-samples/sagemaker-custom-project-templates) or its product template file. Each
    /// CodeCommit repository it seeds becomes one of the blueprint's repositories, its seed
    /// code copied byte for byte; IMPORT.md lists what was changed and what was not imported.
    #[arg(long, value_name = "SAMPLE", conflicts_with = "from")]
    pub from_sagemaker: Option<PathBuf>,

    /// Start from a first-party blueprint built into jig (`jig list` names them): its files
    /// written out as they are, its `name:` the new blueprint's, to make a house blueprint of.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["from", "from_sagemaker"])]
    pub from_builtin: Option<String>,

    /// With --from-sagemaker: the seed code of each repository (a folder or a zip), in the
    /// order of the template's repositories, where the sample's own naming does not say.
    #[arg(long = "seed", value_name = "PATH", requires = "from_sagemaker")]
    pub seeds: Vec<PathBuf>,

    /// The blueprint's name (default: the directory's name).
    #[arg(long)]
    pub name: Option<String>,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// The blueprint directory.
    #[arg(value_name = "BLUEPRINT_DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,

    /// Output format (`json` for editors and CI).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// The blueprint directory.
    #[arg(value_name = "BLUEPRINT_DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Only this answer set (`defaults`, or the name of a `tests/NAME.yaml`). Repeatable.
    #[arg(long = "set", value_name = "NAME")]
    pub sets: Vec<String>,

    /// Store each set's rendered tree as its expected tree (`tests/NAME.expected/`).
    #[arg(long)]
    pub update_snapshots: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum, default_value_t = SchemaKind::Blueprint)]
    pub kind: SchemaKind,

    /// Write the schema to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// blueprint.yaml
    Blueprint,
    /// fleet.yaml (`jig fleet`)
    Fleet,
}
