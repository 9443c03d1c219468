//! A catalog publish made ready: the `catalog:` settings under the command line's flags, the
//! product template, the version's files (its one-entry seed registry and the seed step's jig
//! binary), all built and checked before anything is published; and the dry run that writes
//! them to a folder with the calls a first publish makes.

pub use super::dry_run::{dry_run, DryRunOutput};
use super::publish::{Options, Upload};
use super::repository::{ConnectionArn, Repository};
use super::required::Required;
use super::{placeholder, Error, Layout, ProviderFrom, Settings};
use crate::blueprint::git::Connection;
use crate::catalog;
use crate::registry::{Bundle, Meta};
use crate::settings::Provider;
use crate::settings::{CatalogConfig, CatalogFlags};

/// The default CodeBuild image of the seed step.
const CODEBUILD_IMAGE: &str = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";

/// Everything a publish uploads, built and checked before anything is published anywhere.
pub struct Prepared {
    pub settings: Settings,
    /// Where `settings.region` came from (None: not set, a placeholder in a dry run).
    pub region_from: Option<RegionFrom>,
    pub product: catalog::Product,
    pub uploads: Vec<Upload>,
    pub opts: Options,
}

/// What the command line asks of a catalog publish.
pub struct Request<'a> {
    pub flags: &'a CatalogFlags,
    /// `--service-catalog` (also the default when neither target is named).
    pub service_catalog: bool,
    /// `--studio-s3`.
    pub studio_s3: bool,
    /// `--unified-studio`.
    pub unified_studio: bool,
    /// `--dry-run`: settings not given become placeholders instead of errors.
    pub dry_run: bool,
    pub deprecate_older: Option<usize>,
    /// `--set-cors`.
    pub set_cors: bool,
    /// `--domain-id`, each a SageMaker (`d-...`) or a Unified Studio (`dzd-...`) domain.
    pub domain_ids: Vec<String>,
    /// `--project-profile`.
    pub project_profile: Option<String>,
    /// `--grant`.
    pub grant: Option<String>,
    /// The region the AWS SDK would take from the environment (`AWS_REGION`, then
    /// `AWS_DEFAULT_REGION`): a dry run shows it, as it calls no SDK.
    pub env_region: Option<(&'static str, String)>,
}

/// Where the region of a publish came from, for the messages that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionFrom {
    /// `--region`.
    Flag,
    /// `catalog.region` in the config file.
    Config,
    /// An environment variable (a dry run only; a publish leaves it to the AWS SDK).
    Env(&'static str),
}

/// Resolves the settings, builds the product template and the version's files (the
/// product's `notes` say what a parameter cannot express).
pub fn prepare(
    req: &Request,
    config: &CatalogConfig,
    blueprint: &crate::blueprint::Blueprint,
    meta: &Meta,
    bundle: &Bundle,
) -> Result<Prepared, Error> {
    let (mut settings, region_from) = settings(config, req, blueprint)?;
    let (binary, binary_sha) = seed_binary(config, req.dry_run)?;
    let layout = Layout::new(
        &settings,
        &meta.name,
        &meta.version,
        &meta.digest,
        &binary_sha,
    );
    let product = catalog::build(blueprint, &settings, layout)?;
    let mut uploads = registry_files(meta, bundle, &product.layout)?;
    uploads.extend(product.artifacts.iter().cloned());
    if let Some(body) = binary {
        uploads.push(Upload {
            key: product.layout.binary_key.clone(),
            body,
        });
    }
    let (studio_domain, unified_domain) =
        super::unified_settings::domains(&req.domain_ids, req.studio_s3, req.unified_studio)?;
    let unified = match req.unified_studio {
        false => None,
        true => {
            let (u, missing) = super::unified_settings::resolve(
                req.dry_run,
                req.project_profile.clone(),
                req.grant.clone(),
                &config.unified_studio,
                unified_domain,
                blueprint,
                &product,
            )?;
            settings.missing.extend(missing);
            uploads.push(Upload {
                key: u.template_key.clone(),
                body: u.template.template.clone().into_bytes(),
            });
            Some(u)
        }
    };
    let opts = Options {
        service_catalog: req.service_catalog || !(req.studio_s3 || req.unified_studio),
        studio_s3: req.studio_s3,
        deprecate_older: req.deprecate_older,
        set_cors: req.set_cors,
        domain_id: studio_domain,
        changelog: catalog::changelog_entry(&blueprint.root, &meta.version),
        unified,
    };
    Ok(Prepared {
        settings,
        region_from,
        product,
        uploads,
        opts,
    })
}

/// The config's `catalog:` section under the flags; placeholders (and the list of them)
/// for what a dry run may leave unset.
fn settings(
    config: &CatalogConfig,
    req: &Request,
    blueprint: &crate::blueprint::Blueprint,
) -> Result<(Settings, Option<RegionFrom>), Error> {
    let flags = req.flags;
    let mut required = Required {
        dry_run: req.dry_run,
        missing: Vec::new(),
    };
    let bucket = required.get(
        flags.bucket.clone().or(config.bucket.clone()),
        "bucket",
        "--bucket NAME",
    )?;
    let wants_portfolio = req.service_catalog || !(req.studio_s3 || req.unified_studio);
    let portfolio = match flags.portfolio.clone().or(config.portfolio.clone()) {
        None if wants_portfolio => Some(required.get(None, "portfolio", "--portfolio ID")?),
        other => other,
    };
    let repository = seed_repository(config, req.flags, blueprint, &mut required)?;
    let (region, region_from) = region(config, req, &mut required);
    let mut principals = config.principals.clone();
    principals.extend(flags.principals.iter().cloned());
    let role = |name: &str| {
        format!("@sub:arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/service-role/{name}")
    };
    let settings = Settings {
        bucket,
        prefix: config
            .prefix
            .clone()
            .unwrap_or_else(|| "jig".into())
            .trim_matches('/')
            .to_string(),
        region,
        portfolio,
        launch_role: flags.launch_role.clone().or(config.launch_role.clone()),
        principals,
        owner: flags
            .owner
            .clone()
            .or(config.owner.clone())
            .unwrap_or_else(|| "Platform team".into()),
        tags: config
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        codebuild_role: config
            .codebuild_role
            .clone()
            .unwrap_or_else(|| role("AmazonSageMakerServiceCatalogProductsCodeBuildRole")),
        lambda_role: config
            .lambda_role
            .clone()
            .unwrap_or_else(|| role("AmazonSageMakerServiceCatalogProductsLambdaRole")),
        codebuild_image: config
            .codebuild_image
            .clone()
            .unwrap_or_else(|| CODEBUILD_IMAGE.into()),
        repository,
        missing: required.missing,
    };
    Ok((settings, region_from))
}

/// `--region`, else `catalog.region`; a dry run also takes the environment's, as the AWS SDK
/// would, and marks the region missing when there is none.
fn region(
    config: &CatalogConfig,
    req: &Request,
    required: &mut Required,
) -> (Option<String>, Option<RegionFrom>) {
    let env = req
        .env_region
        .clone()
        .filter(|_| req.dry_run)
        .map(|(var, value)| (value, RegionFrom::Env(var)));
    let found = req
        .flags
        .region
        .clone()
        .map(|r| (r, RegionFrom::Flag))
        .or_else(|| config.region.clone().map(|r| (r, RegionFrom::Config)))
        .or(env);
    match found {
        Some((region, from)) => (Some(region), Some(from)),
        None => {
            if required.dry_run {
                required.missing.push("catalog.region".into());
            }
            (None, None)
        }
    }
}

/// `--git-provider`/`--connection`/`--git-owner`/`--connection-at` over `catalog.repository`
/// and the blueprint's `catalog.git`: a provider the blueprint does not list is refused.
fn seed_repository(
    config: &CatalogConfig,
    flags: &CatalogFlags,
    blueprint: &crate::blueprint::Blueprint,
    required: &mut Required,
) -> Result<Repository, Error> {
    let file = config.repository.as_ref();
    let (provider, from) = match (flags.git_provider, file.map(|r| r.provider)) {
        (Some(p), _) => (p, ProviderFrom::Flag),
        (None, Some(p)) => (p, ProviderFrom::Config),
        (None, None) => (Provider::Codecommit, ProviderFrom::Default),
    };
    let git = &blueprint.manifest.catalog.git;
    if !git.supports(provider) {
        return Err(Error::ProviderNotSupported {
            blueprint: blueprint.manifest.name.clone(),
            manifest: blueprint.root.join(crate::blueprint::MANIFEST_FILE),
            provider,
            from,
            supported: git.supported_names(),
        });
    }
    if provider == Provider::Codecommit {
        if flags.connection_at == Some(Connection::Launch) {
            return Err(Error::NotConfigured {
                what: "a connection for `--connection-at launch`".into(),
                hint: "a CodeCommit repository needs no connection: drop --connection-at, or pass --git-provider with a provider reached through a connection (github, gitlab, bitbucket ...)".into(),
            });
        }
        return Ok(Repository::CodeCommit);
    }
    let given = flags
        .connection
        .clone()
        .or(file.and_then(|r| r.connection_arn.clone()));
    let connection = match flags.connection_at.unwrap_or(git.connection) {
        Connection::Launch => ConnectionArn::Launch { default: given },
        Connection::Publish => ConnectionArn::Fixed(required.get(
            given,
            "repository.connection_arn",
            "--connection ARN (or --connection-at launch, to ask for it on the launch form)",
        )?),
    };
    let owner = required.get(
        flags
            .git_owner
            .clone()
            .or(file.and_then(|r| r.owner.clone())),
        "repository.owner",
        "--git-owner OWNER",
    )?;
    Repository::connection(
        provider,
        connection,
        owner,
        file.and_then(|r| r.host.clone()),
    )
}

/// The jig the seed step runs: `catalog.jig_binary`, else this one when it is Linux x86_64.
fn seed_binary(config: &CatalogConfig, dry_run: bool) -> Result<(Option<Vec<u8>>, String), Error> {
    let path = match &config.jig_binary {
        Some(p) => Some(crate::settings::expand_home(p)),
        None if cfg!(all(target_os = "linux", target_arch = "x86_64")) => {
            std::env::current_exe().ok()
        }
        None => None,
    };
    let bytes = match path {
        Some(p) => std::fs::read(&p).map_err(|e| Error::Read { path: p.clone(), message: e.to_string() })?,
        None if dry_run => return Ok((None, placeholder("catalog.jig_binary"))),
        None => {
            return Err(Error::NotConfigured {
                what: "a Linux x86_64 jig for the seed step".into(),
                hint: "set `catalog.jig_binary` to a Linux x86_64 build of this jig version (this jig is for another platform)".into(),
            })
        }
    };
    let sha = crate::registry::bundle::digest(&bytes)
        .trim_start_matches("sha256:")
        .to_string();
    Ok((Some(bytes), sha))
}

/// The version's one-entry directory registry, as uploads under `layout.registry_prefix`.
fn registry_files(meta: &Meta, bundle: &Bundle, layout: &Layout) -> Result<Vec<Upload>, Error> {
    use crate::registry::Registry;
    let fail = |e: &dyn std::fmt::Display| Error::Output {
        what: "the seed registry".into(),
        message: e.to_string(),
    };
    let tmp = tempfile::tempdir().map_err(|e| fail(&e))?;
    let reg =
        crate::registry::dir::DirRegistry::new(catalog::seed::REGISTRY, tmp.path().to_path_buf());
    reg.publish(meta, bundle).map_err(|e| fail(&e))?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(tmp.path()).sort_by_file_name() {
        let entry = entry.map_err(|e| fail(&e))?;
        let rel = entry.path().strip_prefix(tmp.path()).expect("inside");
        if !entry.file_type().is_file()
            || rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            continue;
        }
        files.push(Upload {
            key: format!("{}/{}", layout.registry_prefix, rel.to_string_lossy()),
            body: std::fs::read(entry.path()).map_err(|e| fail(&e))?,
        });
    }
    Ok(files)
}
