//! `jig catalog list`: the Service Catalog products, their versions and which are
//! deprecated or inactive.

use crate::cli::{CatalogArgs, CatalogCommand, Format};
use crate::error::Error;
use crate::settings::{Config, Settings};
use crate::ui::Ui;

pub(super) fn run(args: &CatalogArgs, settings: Settings, ui: &Ui) -> Result<(), Error> {
    let config = &settings.config;
    match &args.command {
        CatalogCommand::List {
            portfolio,
            region,
            format,
        } => list(config, portfolio.as_deref(), region.as_deref(), *format, ui),
    }
}

#[cfg(feature = "aws")]
fn list(
    config: &Config,
    portfolio: Option<&str>,
    region: Option<&str>,
    format: Format,
    ui: &Ui,
) -> Result<(), Error> {
    let c = &config.catalog;
    let portfolio = portfolio.or(c.portfolio.as_deref());
    let mut catalog = crate::aws::catalog::Catalog::connect(
        region.or(c.region.as_deref()),
        c.endpoint_url.as_deref(),
        c.bucket.as_deref().unwrap_or_default(),
    )?;
    let spinner = ui.spinner_as("Listing", "Service Catalog products");
    let products = catalog.list(portfolio);
    spinner.finish_and_clear();
    let products = products?;
    if format == Format::Json {
        ui.out(&serde_json::to_string_pretty(&products).expect("serialises"));
        return Ok(());
    }
    if products.is_empty() {
        ui.status("Empty", "no products found");
    }
    for p in &products {
        ui.out(&format!("{} ({})", ui.bold(&p.name), p.id));
        for v in &p.versions {
            let mut marks = Vec::new();
            if v.deprecated {
                marks.push("deprecated");
            }
            if !v.active {
                marks.push("inactive");
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!("  [{}]", marks.join(", "))
            };
            ui.out(&format!("  {:<12} {}{marks}", v.name, ui.dim(&v.id)));
        }
    }
    Ok(())
}

#[cfg(not(feature = "aws"))]
fn list(_: &Config, _: Option<&str>, _: Option<&str>, _: Format, _: &Ui) -> Result<(), Error> {
    Err(crate::catalog::Error::NotConfigured {
        what: "AWS support".into(),
        hint: "this jig was built without the `aws` feature".into(),
    }
    .into())
}
