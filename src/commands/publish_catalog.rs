//! `jig publish --service-catalog` / `--studio-s3`: build the product template and the
//! version's files, then make AWS match (or, with `--dry-run`, write them to `--out` and print
//! every call a first publish makes).

use crate::catalog::dry_run::DryRun;
use crate::catalog::publish::{self, Options, Report, Upload};
use crate::catalog::repository::{Provider, Repository};
use crate::catalog::{self, placeholder, Layout, Settings};
use crate::cli::{Format, PublishArgs};
use crate::error::Error;
use crate::registry::{Bundle, Meta};
use crate::settings::{CatalogConfig, Config};
use crate::ui::Ui;
use std::path::Path;

/// The default CodeBuild image of the seed step.
const CODEBUILD_IMAGE: &str = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";

/// Everything a publish uploads, built and checked before anything is published anywhere.
pub struct Prepared {
    settings: Settings,
    product: catalog::Product,
    uploads: Vec<Upload>,
    opts: Options,
}

/// Resolves the settings, builds the product template and the version's files, and shows the
/// notes on questions a parameter cannot express.
pub fn prepare(
    args: &PublishArgs,
    config: &Config,
    blueprint: &crate::blueprint::Blueprint,
    meta: &Meta,
    bundle: &Bundle,
    ui: &Ui,
) -> Result<Prepared, Error> {
    let settings = settings(&config.catalog, args)?;
    let (binary, binary_sha) = seed_binary(&config.catalog, args.dry_run)?;
    let layout = Layout::new(
        &settings,
        &meta.name,
        &meta.version,
        &meta.digest,
        &binary_sha,
    );
    let product = catalog::build(blueprint, &settings, layout)?;
    let mut uploads = registry_files(meta, bundle, &product.layout)?;
    if let Some(body) = binary {
        uploads.push(Upload {
            key: product.layout.binary_key.clone(),
            body,
        });
    }
    let opts = Options {
        service_catalog: args.service_catalog || !args.studio_s3,
        studio_s3: args.studio_s3,
        deprecate_older: args.deprecate_older,
        changelog: catalog::changelog_entry(&blueprint.root, &meta.version),
    };
    for note in &product.notes {
        ui.note(&format!("question `{}`: {}", note.question, note.message));
    }
    if let Some(text) = settings.repository.prerequisite() {
        ui.note(&text);
    }
    Ok(Prepared {
        settings,
        product,
        uploads,
        opts,
    })
}

/// Publishes what `prepare` built: to AWS, or with `--dry-run` into `--out`.
pub fn run(args: &PublishArgs, config: &Config, p: &Prepared, ui: &Ui) -> Result<(), Error> {
    if args.dry_run {
        let out = args.out.as_deref().expect("clap requires --out");
        return dry_run(out, p, args.format, ui);
    }
    let report = connect_and_publish(p, config, ui)?;
    summarize(&p.product, &report, args.format, ui);
    Ok(())
}

#[cfg(feature = "aws")]
fn connect_and_publish(p: &Prepared, config: &Config, ui: &Ui) -> Result<Report, Error> {
    let (product, settings) = (&p.product, &p.settings);
    let mut api = crate::aws::catalog::Catalog::connect(
        settings.region.as_deref(),
        config.catalog.endpoint_url.as_deref(),
        &settings.bucket,
    )?;
    let spinner = ui.spinner_as(
        "Publishing",
        &format!("{} {} to AWS", product.name, product.version),
    );
    let report = publish::publish(&mut api, product, settings, &p.uploads, &p.opts);
    spinner.finish_and_clear();
    Ok(report?)
}

#[cfg(not(feature = "aws"))]
fn connect_and_publish(_: &Prepared, _: &Config, _: &Ui) -> Result<Report, Error> {
    Err(catalog::Error::NotConfigured {
        what: "AWS support".into(),
        hint: "this jig was built without the `aws` feature; --dry-run works without it".into(),
    }
    .into())
}

/// The config's `catalog:` section under the flags; placeholders (and the list of them)
/// for what a dry run may leave unset.
fn settings(config: &CatalogConfig, args: &PublishArgs) -> Result<Settings, Error> {
    let flags = &args.catalog;
    let mut required = Required {
        dry_run: args.dry_run,
        missing: Vec::new(),
    };
    let bucket = required.get(
        flags.bucket.clone().or(config.bucket.clone()),
        "bucket",
        "--bucket NAME",
    )?;
    let wants_portfolio = args.service_catalog || !args.studio_s3;
    let portfolio = match flags.portfolio.clone().or(config.portfolio.clone()) {
        None if wants_portfolio => Some(required.get(None, "portfolio", "--portfolio ID")?),
        other => other,
    };
    let repository = seed_repository(config, args, &mut required)?;
    let mut principals = config.principals.clone();
    principals.extend(flags.principals.iter().cloned());
    let role = |name: &str| {
        format!("@sub:arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/service-role/{name}")
    };
    Ok(Settings {
        bucket,
        prefix: config
            .prefix
            .clone()
            .unwrap_or_else(|| "jig".into())
            .trim_matches('/')
            .to_string(),
        region: flags.region.clone().or(config.region.clone()),
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
    })
}

/// A setting that must be given: with `--dry-run`, a placeholder noted as missing.
struct Required {
    dry_run: bool,
    missing: Vec<String>,
}

impl Required {
    fn get(&mut self, value: Option<String>, key: &str, flag: &str) -> Result<String, Error> {
        match value {
            Some(v) => Ok(v),
            None if self.dry_run => {
                self.missing.push(format!("catalog.{key}"));
                Ok(placeholder(&format!("catalog.{key}")))
            }
            None => Err(catalog::Error::NotConfigured {
                what: format!("the {key}"),
                hint: format!("pass {flag}, or set `catalog.{key}` in the config file"),
            }
            .into()),
        }
    }
}

/// `--git-provider`/`--connection`/`--git-owner` over `catalog.repository`.
fn seed_repository(
    config: &CatalogConfig,
    args: &PublishArgs,
    required: &mut Required,
) -> Result<Repository, Error> {
    let flags = &args.catalog;
    let file = config.repository.as_ref();
    let provider = flags
        .git_provider
        .or(file.map(|r| r.provider))
        .unwrap_or(Provider::Codecommit);
    if provider == Provider::Codecommit {
        return Ok(Repository::CodeCommit);
    }
    let arn = required.get(
        flags
            .connection
            .clone()
            .or(file.and_then(|r| r.connection_arn.clone())),
        "repository.connection_arn",
        "--connection ARN",
    )?;
    let owner = required.get(
        flags
            .git_owner
            .clone()
            .or(file.and_then(|r| r.owner.clone())),
        "repository.owner",
        "--git-owner OWNER",
    )?;
    Ok(Repository::connection(
        provider,
        arn,
        owner,
        file.and_then(|r| r.host.clone()),
    )?)
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
        Some(p) => std::fs::read(&p).map_err(|e| catalog::Error::Read { path: p.clone(), message: e.to_string() })?,
        None if dry_run => return Ok((None, placeholder("catalog.jig_binary"))),
        None => {
            return Err(catalog::Error::NotConfigured {
                what: "a Linux x86_64 jig for the seed step".into(),
                hint: "set `catalog.jig_binary` to a Linux x86_64 build of this jig version (this jig is for another platform)".into(),
            }
            .into())
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

fn dry_run(out: &Path, p: &Prepared, format: Format, ui: &Ui) -> Result<(), Error> {
    let (product, settings, uploads) = (&p.product, &p.settings, &p.uploads);
    let mut api = DryRun {
        bucket: settings.bucket.clone(),
        region: settings
            .region
            .clone()
            .unwrap_or_else(|| placeholder("catalog.region")),
        calls: Vec::new(),
    };
    publish::publish(&mut api, product, settings, uploads, &p.opts)?;
    let write = |rel: &str, body: &[u8]| -> Result<(), Error> {
        let path = out.join(rel);
        let fail = |e: std::io::Error| Error::Output {
            what: path.display().to_string(),
            message: e.to_string(),
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, body).map_err(fail)
    };
    write("template.yaml", product.template.as_bytes())?;
    let registry_prefix = format!("{}/", product.layout.registry_prefix);
    for upload in uploads {
        if let Some(rel) = upload.key.strip_prefix(&registry_prefix) {
            write(&format!("registry/{rel}"), &upload.body)?;
        }
    }
    let summary = serde_json::json!({
        "name": product.name,
        "version": product.version.to_string(),
        "template": out.join("template.yaml"),
        "registry": out.join("registry"),
        "layout": product.layout,
        "not_configured": settings.missing,
        "notes": product.notes,
        "calls": api.calls,
    });
    let text = serde_json::to_string_pretty(&summary).expect("serialises");
    write("calls.json", text.as_bytes())?;
    if format == Format::Json {
        ui.out(&text);
        return Ok(());
    }
    ui.status(
        "Wrote",
        &format!(
            "{} and the seed registry under {}",
            out.join("template.yaml").display(),
            out.join("registry").display()
        ),
    );
    if !settings.missing.is_empty() {
        ui.warn(&format!(
            "not configured, shown as placeholders: {}",
            settings.missing.join(", ")
        ));
    }
    ui.status(
        "Dry run",
        &format!(
            "{} AWS calls a first publish makes (nothing was called):",
            api.calls.len()
        ),
    );
    for call in &api.calls {
        ui.out(&format!(
            "{} {} {}",
            call.service, call.operation, call.parameters
        ));
    }
    Ok(())
}

fn summarize(product: &catalog::Product, report: &Report, format: Format, ui: &Ui) {
    if format == Format::Json {
        let json = serde_json::json!({
            "name": product.name,
            "version": product.version.to_string(),
            "changed": report.changed(),
            "report": report,
            "notes": product.notes,
        });
        ui.out(&serde_json::to_string_pretty(&json).expect("serialises"));
        return;
    }
    for step in &report.steps {
        if step.changed {
            ui.status("Done", &step.what);
        }
    }
    if !report.changed() {
        ui.status(
            "Unchanged",
            &format!(
                "{} {} is already published as it is; nothing to do",
                product.name, product.version
            ),
        );
    }
    for line in &report.instructions {
        ui.note(line);
    }
}
