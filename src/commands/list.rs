//! `jig list`: every blueprint jig can find, with its newest version: first-party ones, those
//! published in each configured registry, and those in each `sources:` entry of the config.
//! A source that cannot be read is reported and skipped; the rest are still listed.

use crate::cli::{Format, ListArgs};
use crate::error::Error;
use crate::registry::{self, Registry};
use crate::settings::Settings;
use crate::source::{self, listing};
use crate::ui::Ui;

#[derive(serde::Serialize)]
struct Row {
    name: String,
    version: String,
    description: String,
    /// `builtin`, `registry:NAME` or the configured source.
    from: String,
    /// What to give `jig new`.
    source: String,
}

pub(super) fn run(args: &ListArgs, settings: Settings, ui: &Ui) -> Result<(), Error> {
    let config = &settings.config;
    let resolver = source::Resolver::new(&settings);
    let mut rows = Vec::new();
    // Read in place from the binary: listing unpacks nothing.
    for name in source::builtin_names() {
        let s = source::builtin_summary(name)?;
        rows.push(Row {
            name: s.name,
            version: s.version.to_string(),
            description: s.description,
            from: "builtin".into(),
            source: name.to_string(),
        });
    }
    for reg in registry::configured(config).map_err(source::Error::from)? {
        if reg.is_remote() && args.offline {
            ui.warn(&format!("registry `{}` skipped: --offline", reg.name()));
            continue;
        }
        match registry_rows(reg.as_ref(), &resolver) {
            Ok(found) => rows.extend(found),
            Err(e) => ui.warn(&format!("registry `{}` skipped: {e}", reg.name())),
        }
    }
    for given in &config.sources {
        let spinner = ui.spinner_as("Listing", given);
        let result = listing::list(&resolver, given, args.offline);
        spinner.finish_and_clear();
        match result {
            Ok(found) => rows.extend(found.into_iter().map(|l| Row {
                name: l.name,
                version: l.version.map_or("-".into(), |v| v.to_string()),
                description: l.description,
                from: given.clone(),
                source: l.source,
            })),
            Err(e) => ui.warn(&format!("source {given} skipped: {e}")),
        }
    }
    match args.format {
        Format::Json => ui.out(&serde_json::to_string_pretty(&rows).expect("rows serialise")),
        Format::Human => {
            let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
            let vwidth = rows
                .iter()
                .map(|r| r.version.len())
                .max()
                .unwrap_or(0)
                .max(8);
            for row in &rows {
                let name = ui.bold(&format!("{:<width$}", row.name));
                let version = format!("{:<vwidth$}", row.version);
                let from = if row.from == "builtin" {
                    String::new()
                } else {
                    ui.dim(&format!("  [{}]", row.source))
                };
                ui.out(&format!("{name}  {version}  {}{from}", row.description));
            }
        }
    }
    Ok(())
}

fn registry_rows(
    reg: &dyn Registry,
    resolver: &source::Resolver,
) -> Result<Vec<Row>, registry::Error> {
    let mut rows = Vec::new();
    for name in reg.blueprints()? {
        let versions = registry::versions(reg, &name, &resolver.cache, false)?;
        let Some(latest) = versions
            .iter()
            .rev()
            .find(|v| v.pre.is_empty())
            .or(versions.last())
        else {
            continue;
        };
        let meta = registry::meta(reg, &name, latest, &resolver.cache, false)?;
        rows.push(Row {
            source: format!("{name}@{latest}"),
            name,
            version: latest.to_string(),
            description: meta.description,
            from: format!("registry:{}", reg.name()),
        });
    }
    Ok(rows)
}
