//! Arguments of `jig publish` and `jig catalog`.

use super::Format;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("domain_target").args(["studio_s3", "unified_studio"]).multiple(true)))]
pub(crate) struct PublishArgs {
    /// The blueprint's directory (holding blueprint.yaml), or the name of a first-party
    /// blueprint built into jig (`jig list`); an existing path is always the path.
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

    /// Also register the version as a SageMaker Unified Studio custom blueprint in a domain
    /// (`--domain-id dzd-...`, or `catalog.unified_studio.domain_id`): enabled in the account,
    /// offered in a project profile, with the grant that lets users create projects from it.
    /// A newer version updates the blueprint; publishing the same one again changes nothing.
    #[arg(long)]
    pub unified_studio: bool,

    /// Touch nothing: write the template and bundle to --out, say what a launch creates and
    /// list every AWS call, with placeholders for what is not configured. Needs no AWS
    /// credentials.
    #[arg(long)]
    pub dry_run: bool,

    /// Where --dry-run writes the product template, the seed registry and calls.json
    /// (default: a new folder under the temporary directory, kept and named on stderr).
    #[arg(long, value_name = "DIR", requires = "dry_run")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub catalog: crate::settings::CatalogFlags,

    /// Publish even with uncommitted changes in the blueprint's folder (a published version is
    /// immutable, so by default it must be a commit).
    #[arg(long)]
    pub allow_dirty: bool,

    /// Keep this many newest versions of the product; mark older ones DEPRECATED.
    #[arg(long, value_name = "N")]
    pub deprecate_older: Option<usize>,

    /// With --studio-s3: add the CORS rule Studio needs (GET from https://*.sagemaker.aws) to
    /// the bucket when it has none, keeping its other rules (instead of printing what to add).
    #[arg(long, requires = "studio_s3")]
    pub set_cors: bool,

    /// With --studio-s3, a SageMaker domain (`d-...`): tag it with
    /// `sagemaker:projectS3TemplatesLocation` so its "Create project" page lists the templates
    /// under the bucket and prefix (instead of printing the command); a domain already tagged
    /// so is left alone. With --unified-studio, a Unified Studio domain (`dzd-...`) to
    /// register the blueprint in. Give it twice for both.
    #[arg(long, value_name = "DOMAIN_ID", requires = "domain_target")]
    pub domain_id: Vec<String>,

    /// With --unified-studio: the project profile that offers the blueprint (default:
    /// `catalog.unified_studio.project_profile`, else the blueprint's name); made when missing.
    #[arg(long, value_name = "NAME", requires = "unified_studio")]
    pub project_profile: Option<String>,

    /// With --unified-studio: who may create projects from the profile: `all-users` (the
    /// default), `user:USER_ID` or `group:GROUP_ID`.
    #[arg(long, value_name = "WHO", requires = "unified_studio", value_parser = grantee)]
    pub grant: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub limits: super::LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
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
    /// The SageMaker projects launched from jig's products and Studio S3 templates: the
    /// blueprint version each one's stack runs, the newest published, and its status.
    ///
    /// Exits 0 when every project runs the newest version, 10 when one is behind, 1 when one's
    /// last create or update failed.
    #[command(
        after_help = "Examples:\n  jig catalog projects\n  jig catalog projects --region eu-west-1 --format json"
    )]
    Projects {
        /// The AWS region (default: `catalog.region`, else the standard AWS chain).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,

        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Moves SageMaker projects to another published version of their blueprint.
    ///
    /// For each project: a CloudFormation change set of the new template against its running
    /// stack shows what changes (and is deleted); a replaced or removed bucket, model package
    /// group, repository or endpoint stops that project unless --allow-replace; then SageMaker
    /// UpdateProject, with the project's launch parameters carried over. A project at the
    /// target is left alone, one that fails does not stop the others, and Ctrl-C starts no
    /// new one. Exits 0 when every project is at the target (or would be, with --pretend),
    /// 1 when one failed or was refused, 130 when interrupted.
    #[command(
        after_help = "Examples:\n  jig catalog upgrade --all --pretend\n  jig catalog upgrade churn-a churn-b --to 1.2.0\n  jig catalog upgrade --all --data ci_service=codepipeline"
    )]
    #[command(group(clap::ArgGroup::new("which").required(true).args(["projects", "all"])))]
    Upgrade {
        /// The projects (names, as `jig catalog projects` lists them).
        #[arg(value_name = "PROJECT")]
        projects: Vec<String>,

        /// Every project made from a jig product or template.
        #[arg(long, conflicts_with = "projects")]
        all: bool,

        /// An exact version (`2.0.0`) or a requirement (`^2`) [default: each blueprint's
        /// newest published].
        #[arg(long, value_name = "REQ", default_value = "", hide_default_value = true, value_parser = wanted)]
        to: crate::catalog::upgrade::Wanted,

        /// Show each change set, change nothing.
        #[arg(long)]
        pretend: bool,

        /// Go on when a change set replaces or removes a stateful resource.
        #[arg(long)]
        allow_replace: bool,

        /// A value for a parameter the new version adds (a question name or a parameter name).
        #[arg(short, long = "data", value_name = "KEY=VALUE", value_parser = key_value)]
        data: Vec<(String, String)>,

        /// The AWS region (default: `catalog.region`, else the standard AWS chain).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,

        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// `--grant`: checked here, kept as written (the config file's `grant` takes the same).
fn grantee(text: &str) -> Result<String, String> {
    text.parse::<crate::catalog::unified::Grantee>()
        .map(|_| text.to_string())
}

/// `KEY=VALUE`, for `--data`.
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err("give it as KEY=VALUE (a question name or a parameter name)".into()),
    }
}

/// `--to`: empty for the newest.
fn wanted(text: &str) -> Result<crate::catalog::upgrade::Wanted, String> {
    match text {
        "" => Ok(crate::catalog::upgrade::Wanted::Newest),
        other => other.parse(),
    }
}
