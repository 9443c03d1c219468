//! `jig publish --service-catalog` / `--studio-s3` / `--unified-studio`: prepare the product (the library's
//! `catalog::prepare`), then make AWS match, or with `--dry-run` write it to `--out` and
//! print every call a first publish makes.

use crate::catalog;
use crate::catalog::prepare::{self, Prepared, Request};
use crate::catalog::publish::PublishReport;
use crate::cli::{Format, PublishArgs};
use crate::error::Error;
use crate::registry::{Bundle, Meta};
use crate::settings::Config;
use crate::ui::Ui;
use std::path::{Path, PathBuf};

/// Prepares the publish and shows the notes on questions a parameter cannot express.
pub(super) fn prepare(
    args: &PublishArgs,
    config: &Config,
    blueprint: &crate::blueprint::Blueprint,
    meta: &Meta,
    bundle: &Bundle,
    ui: &Ui,
) -> Result<Prepared, Error> {
    let req = Request {
        flags: &args.catalog,
        service_catalog: args.service_catalog,
        studio_s3: args.studio_s3,
        unified_studio: args.unified_studio,
        dry_run: args.dry_run,
        deprecate_older: args.deprecate_older,
        set_cors: args.set_cors,
        domain_ids: args.domain_id.clone(),
        project_profile: args.project_profile.clone(),
        grant: args.grant.clone(),
        env_region: [crate::env::AWS_REGION, crate::env::AWS_DEFAULT_REGION]
            .into_iter()
            .find_map(|var| {
                std::env::var(var)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (var, v))
            }),
    };
    let p = prepare::prepare(&req, &config.catalog, blueprint, meta, bundle)?;
    for note in &p.product.notes {
        ui.note(&format!("question `{}`: {}", note.question, note.message));
    }
    if let Some(text) = p.settings.repository.prerequisite() {
        ui.note(&text);
    }
    if let Some(u) = &p.opts.unified {
        for name in &u.template.shown_secrets {
            ui.warn(&format!("parameter `{name}` is NoEcho, but Unified Studio shows a blueprint's user parameters and their defaults in clear; keep secrets out of its defaults"));
        }
    }
    Ok(p)
}

/// Publishes what `prepare` built: to AWS, or with `--dry-run` into `--out`.
pub(super) fn run(args: &PublishArgs, config: &Config, p: &Prepared, ui: &Ui) -> Result<(), Error> {
    if args.dry_run {
        return match &args.out {
            Some(out) => dry_run(out, false, p, args.format, ui),
            None => dry_run(&fresh_out_dir()?, true, p, args.format, ui),
        };
    }
    let report = connect_and_publish(p, config, ui)?;
    summarize(&p.product, &report, args.format, ui);
    Ok(())
}

#[cfg(feature = "aws")]
fn connect_and_publish(p: &Prepared, config: &Config, ui: &Ui) -> Result<PublishReport, Error> {
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
    let report = crate::catalog::publish::publish(&mut api, product, settings, &p.uploads, &p.opts);
    spinner.finish_and_clear();
    Ok(report?)
}

#[cfg(not(feature = "aws"))]
fn connect_and_publish(_: &Prepared, _: &Config, _: &Ui) -> Result<PublishReport, Error> {
    Err(catalog::Error::NotConfigured {
        what: "AWS support".into(),
        hint: "this jig was built without the `aws` feature; --dry-run works without it".into(),
    }
    .into())
}

/// `--dry-run` without `--out`: a new folder under the temporary directory, kept.
fn fresh_out_dir() -> Result<PathBuf, Error> {
    let dir = tempfile::Builder::new()
        .prefix("jig-dry-run-")
        .tempdir()
        .map_err(|e| Error::Output {
            what: format!("a dry-run folder in {}", std::env::temp_dir().display()),
            message: e.to_string(),
        })?;
    Ok(dir.keep())
}

fn dry_run(out: &Path, fresh: bool, p: &Prepared, format: Format, ui: &Ui) -> Result<(), Error> {
    let done = prepare::dry_run(out, p)?;
    let kept = if fresh {
        " (no --out: a new folder, kept)"
    } else {
        ""
    };
    let unified = match p.opts.unified {
        Some(_) => " (and unified-studio.yaml)",
        None => "",
    };
    let wrote = format!(
        "the product template{unified}, the seed registry and calls.json to {}{kept}",
        out.display()
    );
    if format == Format::Json {
        if fresh {
            ui.status("Wrote", &wrote);
        }
        ui.out(&done.summary);
        return Ok(());
    }
    let (product, settings) = (&p.product, &p.settings);
    ui.status("Wrote", &wrote);
    if let (Some(region), Some(from)) = (&settings.region, p.region_from) {
        ui.status(
            "Region",
            &format!("{region} (from {})", region_source(from)),
        );
    }
    if !settings.missing.is_empty() {
        let looked = match settings.region {
            None => format!(
                " (looked at --region, `catalog.region` in {}, {} and {})",
                config_path(),
                crate::env::AWS_REGION,
                crate::env::AWS_DEFAULT_REGION
            ),
            Some(_) => String::new(),
        };
        ui.warn(&format!(
            "not configured, shown as placeholders: {}{looked}",
            settings.missing.join(", ")
        ));
    }
    for warning in &done.report.warnings {
        ui.warn(warning);
    }
    ui.status(
        "Launch",
        &format!(
            "a project made from {} {} creates {} resources:",
            product.name,
            product.version,
            catalog::launch::count(&done.launch)
        ),
    );
    for line in catalog::launch::lines(&done.launch) {
        ui.out(&line);
    }
    ui.status(
        "Dry run",
        &format!(
            "{} AWS calls a first publish makes (nothing was called; their parameters are in {}, or use --format json):",
            done.calls.len(),
            out.join("calls.json").display()
        ),
    );
    let mut calls = done.calls.iter().peekable();
    while let Some(call) = calls.next() {
        let mut same = 1;
        while calls
            .next_if(|c| c.service == call.service && c.operation == call.operation)
            .is_some()
        {
            same += 1;
        }
        let times = if same > 1 {
            format!(" ×{same}")
        } else {
            String::new()
        };
        ui.out(&format!("  {} {}{times}", call.service, call.operation));
    }
    Ok(())
}

/// Where the region came from, as the messages say it.
fn region_source(from: prepare::RegionFrom) -> String {
    match from {
        prepare::RegionFrom::Flag => "--region".into(),
        prepare::RegionFrom::Config => format!("`catalog.region` in {}", config_path()),
        prepare::RegionFrom::Env(var) => var.into(),
    }
}

fn config_path() -> String {
    Config::path().map_or_else(|| "the config file".into(), |p| p.display().to_string())
}

fn summarize(product: &catalog::Product, report: &PublishReport, format: Format, ui: &Ui) {
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
    for warning in &report.warnings {
        ui.warn(warning);
    }
    for line in &report.instructions {
        ui.note(line);
    }
}
