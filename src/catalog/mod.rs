//! Blueprints as AWS Service Catalog products that SageMaker Projects shows in Studio.
//!
//! Everything here is pure: `build` turns a blueprint and its bundle into the product's
//! CloudFormation template (the blueprint's own CloudFormation with parameters for answers,
//! the questions as `Parameters`, the console grouping, and the seed step) plus the S3 layout
//! it is published under. `publish` is the idempotent reconciliation algorithm over the `Api`
//! trait; the AWS SDK implements that trait in `aws::catalog`, and `--dry-run` implements it
//! by recording the calls, so the calls printed are exactly those a first publish makes.

mod api;
pub mod binding;
pub mod cfn;
mod cfn_rewrite;
pub mod connection;
pub mod dry_run;
mod dry_run_unified;
mod interface;
pub mod launch;
pub mod names;
pub mod package;
pub mod params;
pub mod prepare;
pub mod projects;
pub mod publish;
pub mod references;
pub mod repository;
mod required;
pub mod seed;
mod studio;
mod template;
pub mod tooling;
pub mod unified;
mod unified_api;
mod unified_settings;
pub mod unified_template;
pub mod upgrade;
mod wanted;

pub use api::Api;
pub use dry_run::Call;
pub use template::{build, Product};

use std::path::PathBuf;

/// The product tag that makes Studio list a product (and an S3 template).
pub const STUDIO_VISIBILITY: (&str, &str) = ("sagemaker:studio-visibility", "true");
/// The product tag naming the blueprint, so jig finds its own products.
pub const BLUEPRINT_TAG: &str = "jig:blueprint";

/// What is not configured shows up as this, in templates and in the calls `--dry-run` prints.
pub fn placeholder(setting: &str) -> String {
    format!("<unset {setting}>")
}

/// The virtual-hosted URL of an S3 object, as `LoadTemplateFromURL` takes it
/// (`aws::sc_registry::split_url` reads it back).
pub fn s3_url(bucket: &str, region: &str, key: &str) -> String {
    format!("https://{bucket}.s3.{region}.amazonaws.com/{key}")
}

/// Publish settings, resolved from the config file and flags (placeholders for the rest).
#[derive(Debug, Clone)]
pub struct Settings {
    pub bucket: String,
    /// Key prefix in the bucket (no trailing `/`).
    pub prefix: String,
    pub region: Option<String>,
    pub portfolio: Option<String>,
    /// None: the SageMaker launch role of the portfolio's account.
    pub launch_role: Option<String>,
    pub principals: Vec<String>,
    pub owner: String,
    pub tags: Vec<(String, String)>,
    /// Role ARNs for the seed's CodeBuild job and custom resource (`@sub:` = `!Sub`).
    pub codebuild_role: String,
    pub lambda_role: String,
    pub codebuild_image: String,
    /// Where seeded projects live: CodeCommit, or a host through a connection.
    pub repository: repository::Repository,
    /// Settings that were not configured and are placeholders.
    pub missing: Vec<String>,
}

impl Settings {
    /// Settings where every account-specific value is a placeholder: enough to build the
    /// product template and see whether `jig publish` would refuse it (`jig lint`).
    pub fn placeholders() -> Settings {
        let role = |name: &str| {
            format!(
                "@sub:arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/service-role/{name}"
            )
        };
        Settings {
            bucket: placeholder("bucket"),
            prefix: "jig".into(),
            region: None,
            portfolio: Some(placeholder("portfolio")),
            launch_role: None,
            principals: Vec::new(),
            owner: "Platform team".into(),
            tags: Vec::new(),
            codebuild_role: role("AmazonSageMakerServiceCatalogProductsCodeBuildRole"),
            lambda_role: role("AmazonSageMakerServiceCatalogProductsLambdaRole"),
            codebuild_image: "aws/codebuild/standard:7.0".into(),
            repository: repository::Repository::CodeCommit,
            missing: vec!["bucket".into(), "portfolio".into()],
        }
    }
}

/// Where one version's files live in the bucket.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Layout {
    pub template_key: String,
    /// The template as SageMaker Unified Studio takes it (`--unified-studio`).
    pub unified_template_key: String,
    /// A one-version directory registry (`index.json`, `NAME/VERSION/{bundle.tar.gz,meta.json}`).
    pub registry_prefix: String,
    /// Local artifacts the template refers to, packaged (`{sha256}.zip`, `{sha256}.template`).
    pub artifacts_prefix: String,
    pub binary_key: String,
    pub binary_sha256: String,
    pub bundle_digest: String,
}

impl Layout {
    pub fn new(
        settings: &Settings,
        name: &str,
        version: &semver::Version,
        bundle_digest: &str,
        binary_sha256: &str,
    ) -> Layout {
        let base = format!("{}/{name}/{version}", settings.prefix);
        let short = binary_sha256.get(..16).unwrap_or(binary_sha256);
        Layout {
            template_key: format!("{base}/template.yaml"),
            unified_template_key: format!("{base}/unified-studio.yaml"),
            registry_prefix: format!("{base}/registry"),
            artifacts_prefix: format!("{base}/artifacts"),
            binary_key: format!(
                "{}/jig/{}/{short}/jig",
                settings.prefix,
                env!("CARGO_PKG_VERSION")
            ),
            binary_sha256: binary_sha256.to_string(),
            bundle_digest: bundle_digest.to_string(),
        }
    }
}

/// An idempotency token that is the same for the same request: `jig-` and 40 hex digits of
/// SHA-256 over the parts (blueprint, version, content digest, ...).
pub fn token(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    format!("jig-{}", &hex::encode(hasher.finalize())[..40])
}

/// The changelog entry of `version` in the blueprint's `CHANGELOG.md` (`## 1.2.0` or
/// `## [1.2.0]` headings), if there is one.
pub fn changelog_entry(root: &std::path::Path, version: &semver::Version) -> Option<String> {
    let text = std::fs::read_to_string(root.join("CHANGELOG.md")).ok()?;
    let v = version.to_string();
    let mut lines = text.lines();
    lines.find(|l| {
        let heading = l.trim_start_matches('#').trim();
        l.starts_with("##") && (heading.starts_with(&v) || heading.starts_with(&format!("[{v}]")))
    })?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
    let body = body.join("\n").trim().to_string();
    (!body.is_empty()).then_some(body)
}

/// `infra/cicd.yaml refers to 2 names that jig does not add when publishing for codecommit: ...`
fn unprovided_message(
    file: &str,
    provider: crate::settings::Provider,
    at: crate::blueprint::git::Connection,
    missing: &[references::Unprovided],
) -> String {
    let what = match missing.len() {
        1 => "a name".to_string(),
        n => format!("{n} names"),
    };
    let launch = match (at, provider.uses_connection()) {
        (crate::blueprint::git::Connection::Launch, true) => " with the connection at launch",
        _ => "",
    };
    let names: Vec<String> = missing
        .iter()
        .map(|u| {
            let r = &u.reference;
            format!("`{}` ({} in {})", r.name, r.how, r.at)
        })
        .collect();
    format!(
        "{file} refers to {what} that jig does not add when publishing for {provider}{launch}: {}",
        names.join(", ")
    )
}

/// Where the provider of a publish came from, for the message that refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderFrom {
    /// `--git-provider`.
    Flag,
    /// `catalog.repository.provider` in the config file.
    Config,
    /// Neither: CodeCommit.
    Default,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{0}")]
    Render(crate::render::Error),
    #[error("{file} is not valid YAML once rendered: {message}")]
    Yaml { file: String, message: String },
    /// A placeholder was used where CloudFormation cannot take a parameter (internal).
    #[error("an answer is used where a parameter cannot go")]
    Placeholder,
    #[error("the default answers do not render: {0}")]
    Defaults(String),
    #[error("{file}: {what} `{name}` clashes with one jig adds")]
    Clash {
        file: String,
        what: &'static str,
        name: String,
        /// The question jig adds that parameter for.
        question: Option<String>,
    },
    #[error("{name} {version} is already published at {location} with different content")]
    Immutable {
        name: String,
        version: String,
        location: String,
    },
    #[error("Service Catalog product `{product}` version {version} loads {theirs}, not {ours}")]
    ArtifactElsewhere {
        product: String,
        version: String,
        theirs: String,
        ours: String,
    },
    #[error("{file}: question `{question}` is answered by parameter `{parameter}`, which {}", problems.join("; "))]
    Binding {
        file: String,
        question: String,
        parameter: String,
        problems: Vec<String>,
    },
    #[error("{file}: cannot package `{path}`: {message}")]
    Package {
        file: String,
        path: String,
        message: String,
    },
    #[error("{what} is not configured")]
    NotConfigured { what: String, hint: String },
    #[error("cannot write {what}: {message}")]
    Output { what: String, message: String },
    #[error("{operation} failed: {message}")]
    Aws {
        operation: String,
        message: String,
        hint: Option<String>,
    },
    #[error("no SageMaker project {names} was launched from a jig product or template here")]
    UnknownProjects { names: String, hint: String },
    /// An AWS call of a command that only reads (`jig catalog list`, `projects`) failed.
    #[error("{operation} failed: {message}")]
    AwsRead {
        operation: String,
        message: String,
        hint: Option<String>,
    },
    #[error("blueprint {blueprint} creates its own CodeCommit repository `{resource}` ({key}), so it cannot be seeded on {provider}")]
    SeedTarget {
        blueprint: String,
        resource: String,
        /// `catalog.repository`, or `catalog.repositories` of a multi-repository blueprint.
        key: &'static str,
        provider: &'static str,
    },
    #[error("blueprint {blueprint} does not work with {provider}: its catalog.git.providers lists {}", supported.join(", "))]
    ProviderNotSupported {
        blueprint: String,
        /// Its blueprint.yaml.
        manifest: PathBuf,
        provider: crate::settings::Provider,
        from: ProviderFrom,
        supported: Vec<&'static str>,
    },
    #[error("{}", unprovided_message(file, *provider, *at, missing))]
    Unprovided {
        file: String,
        provider: crate::settings::Provider,
        at: crate::blueprint::git::Connection,
        missing: Vec<references::Unprovided>,
    },
    #[error("Unified Studio blueprint `{blueprint}` in domain {domain} is at {theirs}; publishing {ours} would move it back")]
    UnifiedBackwards {
        blueprint: String,
        domain: String,
        theirs: String,
        ours: String,
    },
    #[error("project profile `{profile}` already starts with tooling environment `{environment}`, so tooling blueprint `{blueprint}` cannot be its first")]
    ProfileHasTooling {
        profile: String,
        environment: String,
        blueprint: String,
    },
    #[error("{file} is not a Unified Studio tooling blueprint: {}", problems.join("; "))]
    Tooling { file: String, problems: Vec<String> },
    #[error("Service Catalog version {version} of `{product}` is {status}")]
    ArtifactFailed {
        product: String,
        version: String,
        status: String,
    },
}

impl Error {
    /// The same failure, from a command that changes nothing (its hint says so).
    pub fn read_only(self) -> Error {
        match self {
            Error::Aws {
                operation,
                message,
                hint,
            } => Error::AwsRead {
                operation,
                message,
                hint,
            },
            other => other,
        }
    }
}
