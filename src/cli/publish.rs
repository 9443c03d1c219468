//! Arguments of `jig publish` and `jig catalog`.

use super::Format;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The blueprint's directory (holding blueprint.yaml).
    pub blueprint: PathBuf,

    /// The registry to publish to (default: `default_registry` in the config, else `local`).
    #[arg(long, value_name = "NAME")]
    pub registry: Option<String>,

    /// Also publish the version as an AWS Service Catalog product for SageMaker Projects.
    #[arg(long)]
    pub service_catalog: bool,

    /// Also publish the product template to S3 for SageMaker Studio's S3 templates.
    #[arg(long)]
    pub studio_s3: bool,

    /// Touch nothing: write the template and bundle to --out and print every AWS call,
    /// with placeholders for what is not configured. Needs no AWS credentials.
    #[arg(long, requires = "out")]
    pub dry_run: bool,

    /// Where --dry-run writes the product template, the seed registry and calls.json.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub catalog: CatalogSettings,

    /// Publish even with uncommitted changes in the blueprint's folder (a published version is
    /// immutable, so by default it must be a commit).
    #[arg(long)]
    pub allow_dirty: bool,

    /// Keep this many newest versions of the product; mark older ones DEPRECATED.
    #[arg(long, value_name = "N")]
    pub deprecate_older: Option<usize>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Flags over the config file's `catalog:` section.
#[derive(Debug, Args, Default)]
pub struct CatalogSettings {
    /// The Service Catalog portfolio (`port-...`).
    #[arg(long, value_name = "ID")]
    pub portfolio: Option<String>,

    /// The S3 bucket for templates, bundles and the seed's jig binary.
    #[arg(long, value_name = "NAME")]
    pub bucket: Option<String>,

    /// The AWS region (default: the standard AWS chain).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// The role Service Catalog launches the product with (default: the SageMaker products
    /// launch role of the portfolio's account).
    #[arg(long, value_name = "ARN")]
    pub launch_role: Option<String>,

    /// An IAM role (a Studio execution role) given access to the portfolio. Repeatable.
    #[arg(long = "principal", value_name = "ARN")]
    pub principals: Vec<String>,

    /// The product's owner.
    #[arg(long, value_name = "TEXT")]
    pub owner: Option<String>,

    /// Where seeded projects live: a CodeCommit repository in the project's stack (the
    /// default), or an existing repository on GitHub or GitLab reached through
    /// `--connection`.
    #[arg(long, value_enum, value_name = "HOST")]
    pub git_provider: Option<crate::catalog::repository::Provider>,

    /// The CodeConnections connection to GitHub or GitLab the seed pushes through.
    #[arg(long, value_name = "ARN")]
    pub connection: Option<String>,

    /// The default repository owner (user, organisation or group) on the launch form.
    #[arg(long, value_name = "OWNER")]
    pub git_owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Products, their versions, and which versions are deprecated or inactive.
    List {
        /// Only products in this portfolio (default: `catalog.portfolio`, else all).
        #[arg(long, value_name = "ID")]
        portfolio: Option<String>,

        /// The AWS region (default: the standard AWS chain).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,

        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}
