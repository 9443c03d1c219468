//! `jig publish --service-catalog` / `--studio-s3`: prepare the product (the library's
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
use std::path::Path;

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
        dry_run: args.dry_run,
        deprecate_older: args.deprecate_older,
        set_cors: args.set_cors,
        domain_id: args.domain_id.clone(),
    };
    let p = prepare::prepare(&req, &config.catalog, blueprint, meta, bundle)?;
    for note in &p.product.notes {
        ui.note(&format!("question `{}`: {}", note.question, note.message));
    }
    if let Some(text) = p.settings.repository.prerequisite() {
        ui.note(&text);
    }
    Ok(p)
}

/// Publishes what `prepare` built: to AWS, or with `--dry-run` into `--out`.
pub(super) fn run(args: &PublishArgs, config: &Config, p: &Prepared, ui: &Ui) -> Result<(), Error> {
    if args.dry_run {
        let out = args.out.as_deref().expect("clap requires --out");
        return dry_run(out, p, args.format, ui);
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

fn dry_run(out: &Path, p: &Prepared, format: Format, ui: &Ui) -> Result<(), Error> {
    let done = prepare::dry_run(out, p)?;
    if format == Format::Json {
        ui.out(&done.summary);
        return Ok(());
    }
    let settings = &p.settings;
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
            done.calls.len()
        ),
    );
    for call in &done.calls {
        ui.out(&format!(
            "{} {} {}",
            call.service, call.operation, call.parameters
        ));
    }
    Ok(())
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
    for line in &report.instructions {
        ui.note(line);
    }
}
