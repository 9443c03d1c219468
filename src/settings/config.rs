//! jig's user config file: `$JIG_CONFIG`, else `$XDG_CONFIG_HOME/jig/config.yaml`, else
//! `~/.config/jig/config.yaml`, as written (every section and key).

use super::Error;
/// The git hosts (`--git-provider`, `catalog.repository.provider`); the blueprint manifest's
/// `catalog.git.providers` names them too.
pub(crate) use crate::blueprint::git::Provider;
use crate::env;
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The user config file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// Sources whose hooks run without `--trust`: exact paths, or prefixes ending in `/`.
    #[serde(default)]
    pub trusted: Vec<String>,
    /// Answers used as defaults for questions of the same name (author, email, org ...).
    #[serde(default)]
    pub defaults: IndexMap<String, String>,
    /// Source abbreviations: `acme: "ssh://git@git.acme.io/{0}.git"` makes `acme:team/bps`
    /// a git URL. Over the built-in `gh:`, `gl:`, `bb:` and those of `~/.cookiecutterrc`.
    #[serde(default)]
    pub abbreviations: IndexMap<String, String>,
    /// Named registries of published blueprints. `local` (a directory) always exists.
    #[serde(default)]
    pub registries: IndexMap<String, RegistryConfig>,
    /// The registry `jig publish` uses and name lookups try first.
    #[serde(default)]
    pub default_registry: Option<String>,
    /// Git repositories (or directories) whose blueprints `jig list` shows.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Service Catalog / SageMaker Projects publishing (`jig publish --service-catalog`).
    #[serde(default)]
    pub catalog: CatalogConfig,
    /// The render budget; each key is also a `JIG_MAX_*` variable and a `--max-*` flag.
    #[serde(default)]
    pub limits: LimitsConfig,
}

/// The `limits:` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LimitsConfig {
    pub render_steps: Option<u64>,
    pub run_steps: Option<u64>,
    /// A size: `64M`, `1G`, or bytes.
    pub file_size: Option<String>,
    pub output_size: Option<String>,
    /// Entries one archive (registry bundle, seed-code zip) may hold.
    pub archive_entries: Option<u64>,
}

/// The `catalog:` section; every key may also be given as a `jig publish` flag.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogConfig {
    /// Default: the standard AWS chain (`AWS_REGION`, profile).
    pub region: Option<String>,
    /// A different endpoint for S3 and Service Catalog (a local emulator).
    pub endpoint_url: Option<String>,
    /// The bucket templates, bundles and the seed's jig binary are uploaded to.
    pub bucket: Option<String>,
    /// Key prefix inside the bucket (default `jig`).
    pub prefix: Option<String>,
    pub portfolio: Option<String>,
    /// Default: the SageMaker products launch role of the portfolio's account.
    pub launch_role: Option<String>,
    /// IAM roles (Studio execution roles) given access to the portfolio.
    #[serde(default)]
    pub principals: Vec<String>,
    /// The product's owner, shown in Service Catalog (default `Platform team`).
    pub owner: Option<String>,
    /// Extra product tags.
    #[serde(default)]
    pub tags: IndexMap<String, String>,
    /// Role ARNs for the seed step (default: the SageMaker products CodeBuild/Lambda roles).
    pub codebuild_role: Option<String>,
    pub lambda_role: Option<String>,
    /// The CodeBuild image of the seed step.
    pub codebuild_image: Option<String>,
    /// A Linux x86_64 jig the seed step runs (default: this jig, when it is one).
    pub jig_binary: Option<PathBuf>,
    /// Where seeded projects live (default: CodeCommit).
    pub repository: Option<SeedRepositoryConfig>,
    /// `jig publish --unified-studio`: the SageMaker Unified Studio domain and its setup.
    #[serde(default)]
    pub unified_studio: UnifiedStudioConfig,
}

/// `catalog.unified_studio`: where `--unified-studio` registers blueprints.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnifiedStudioConfig {
    /// The DataZone domain (`dzd-...`); `--domain-id` overrides it.
    pub domain_id: Option<String>,
    /// Default: `service-role/AmazonSageMakerProvisioning-ACCOUNT` of the domain's account.
    pub provisioning_role: Option<String>,
    /// Default: `service-role/AmazonSageMakerManageAccess-REGION-DOMAIN`.
    pub manage_access_role: Option<String>,
    /// The regions to enable blueprints in (default: the domain's).
    #[serde(default)]
    pub regions: Vec<String>,
    /// The project profile that offers them (default: the blueprint's name).
    pub project_profile: Option<String>,
    /// The domain unit whose projects and users are granted (default: the root unit).
    pub domain_unit: Option<String>,
    /// Who may create projects from the profile: `all-users` (default), `user:ID`, `group:ID`.
    pub grant: Option<String>,
}

/// `catalog.repository`: seed projects into GitHub or GitLab through a connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRepositoryConfig {
    pub provider: Provider,
    /// The CodeConnections connection ARN.
    pub connection_arn: Option<String>,
    /// The default owner (user, organisation or group path) on the launch form.
    pub owner: Option<String>,
    /// The server, for GitHub Enterprise and self-managed GitLab.
    pub host: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum RegistryConfig {
    /// A directory registry.
    Directory { path: PathBuf },
    /// AWS CodeArtifact generic packages (read by the `aws` backends).
    Codeartifact(#[cfg_attr(not(feature = "aws"), allow(dead_code))] CodeArtifactConfig),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub(crate) struct CodeArtifactConfig {
    pub domain: String,
    /// The AWS account that owns the domain (12 digits); default: the caller's.
    #[serde(default)]
    pub domain_owner: Option<String>,
    pub repository: String,
    /// The generic-package namespace, one per organisation.
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// Default: the standard AWS chain (`AWS_REGION`, profile).
    #[serde(default)]
    pub region: Option<String>,
    /// A different endpoint (a VPC endpoint, or a local emulator).
    #[serde(default)]
    pub endpoint_url: Option<String>,
}

fn default_namespace() -> String {
    "blueprints".to_string()
}

impl Config {
    /// The config file's path, whether or not it exists.
    pub(crate) fn path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(env::JIG_CONFIG) {
            return Some(PathBuf::from(p));
        }
        dirs::config_dir().map(|d| d.join("jig").join("config.yaml"))
    }

    /// Loads the config file; a missing file (other than one named by `JIG_CONFIG`) is empty.
    pub(crate) fn load() -> Result<Config, Error> {
        let explicit = std::env::var_os(env::JIG_CONFIG).is_some();
        let Some(path) = Config::path() else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().is_empty() => Ok(Config::default()),
            Ok(text) => crate::yaml::from_str(&text).map_err(|e| Error::Invalid {
                path: path.clone(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(source) => Err(Error::Read { path, source }),
        }
    }

    /// The `trusted:` entries with `~` expanded.
    pub(crate) fn trusted_entries(&self) -> Vec<String> {
        self.trusted.iter().map(|t| expand_home_str(t)).collect()
    }
}

/// `~/x` made absolute.
pub(crate) fn expand_home(path: &Path) -> PathBuf {
    PathBuf::from(expand_home_str(&path.to_string_lossy()))
}

fn expand_home_str(path: &str) -> String {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest).to_string_lossy().into_owned(),
        _ => path.to_string(),
    }
}

/// Flags over the config file's `catalog:` section.
#[derive(Debug, clap::Args, Default)]
pub struct CatalogFlags {
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
    /// default), or an existing repository on GitHub, GitLab or Bitbucket reached through
    /// `--connection`. A blueprint may list the providers it works with
    /// (`catalog.git.providers`); another is refused.
    #[arg(long, value_enum, value_name = "HOST")]
    pub git_provider: Option<Provider>,

    /// The CodeConnections connection to GitHub, GitLab or Bitbucket the seed pushes through
    /// (with `--connection-at launch`, the launch form's default).
    #[arg(long, value_name = "ARN")]
    pub connection: Option<String>,

    /// Where the connection's ARN is given: `launch` (a `CodeConnectionArn` parameter on the
    /// launch form) or `publish` (fixed now, by `--connection`). Default: the blueprint's
    /// `catalog.git.connection`, else `publish`.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub connection_at: Option<crate::blueprint::git::Connection>,

    /// The default repository owner (user, organisation or group) on the launch form.
    #[arg(long, value_name = "OWNER")]
    pub git_owner: Option<String>,
}
