//! `jig catalog list`: the Service Catalog products, their versions and which are
//! deprecated or inactive; `jig catalog projects`: the SageMaker projects launched from them
//! (or from jig's Studio S3 templates) and the version each runs.

use crate::cli::{CatalogArgs, CatalogCommand, Format};
use crate::error::Error;
use crate::settings::{Config, Settings};
use crate::ui::Ui;

pub(super) fn run(args: &CatalogArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    let config = &settings.config;
    match &args.command {
        CatalogCommand::List {
            portfolio,
            region,
            format,
        } => list(config, portfolio.as_deref(), region.as_deref(), *format, ui).map(|()| 0),
        CatalogCommand::Upgrade {
            projects,
            all,
            to,
            pretend,
            allow_replace,
            data,
            region,
            format,
        } => {
            let options = crate::catalog::upgrade::Options {
                to: to.clone(),
                pretend: *pretend,
                allow_replace: *allow_replace,
                data: data.clone(),
            };
            let selection = (!*all).then_some(projects.as_slice());
            let select = |survey: &crate::catalog::projects::Survey| pick(survey, selection);
            let done = upgrade_projects(config, region.as_deref(), &select, &options, ui)?;
            match format {
                Format::Json => ui.out(&serde_json::to_string_pretty(&done).expect("serialises")),
                _ => ui.upgrade_report(&done, *pretend),
            }
            if crate::interrupt::requested() {
                ui.warn("interrupted: the projects marked `not started` were left as they were; run the same command again to go on");
                return Ok(crate::error::EXIT_INTERRUPTED);
            }
            Ok(if all_fine(&done) {
                0
            } else {
                crate::error::EXIT_FAILED
            })
        }
        CatalogCommand::Projects { region, format } => {
            let survey = survey(config, region.as_deref(), ui)?;
            show_projects(&survey, *format, ui);
            Ok(if survey.failed() {
                crate::error::EXIT_FAILED
            } else if survey.behind() {
                crate::error::EXIT_BEHIND
            } else {
                0
            })
        }
    }
}

#[cfg(feature = "aws")]
fn connect(config: &Config, region: Option<&str>) -> Result<crate::aws::catalog::Catalog, Error> {
    let c = &config.catalog;
    Ok(crate::aws::catalog::Catalog::connect(
        region.or(c.region.as_deref()),
        c.endpoint_url.as_deref(),
        c.bucket.as_deref().unwrap_or_default(),
    )?)
}

/// Every project of the account (region), with a spinner meanwhile.
#[cfg(feature = "aws")]
fn surveyed(
    catalog: &mut crate::aws::catalog::Catalog,
    ui: &Ui,
) -> Result<crate::catalog::projects::Survey, Error> {
    let spinner = ui.spinner_as("Surveying", "SageMaker projects");
    let survey = crate::catalog::projects::survey(catalog);
    spinner.finish_and_clear();
    Ok(survey.map_err(crate::catalog::Error::read_only)?)
}

#[cfg(feature = "aws")]
pub(super) fn survey(
    config: &Config,
    region: Option<&str>,
    ui: &Ui,
) -> Result<crate::catalog::projects::Survey, Error> {
    surveyed(&mut connect(config, region)?, ui)
}

/// Which of a survey's projects to upgrade.
pub(super) type Selector<'a> =
    &'a dyn Fn(
        &crate::catalog::projects::Survey,
    ) -> Result<Vec<crate::catalog::projects::ProjectRow>, Error>;

/// Surveys `region`, takes the projects `select` picks, and upgrades them (`jig catalog
/// upgrade`, and `jig fleet update --projects` for each of the fleet's regions).
#[cfg(feature = "aws")]
pub(super) fn upgrade_projects(
    config: &Config,
    region: Option<&str>,
    select: Selector,
    options: &crate::catalog::upgrade::Options,
    ui: &Ui,
) -> Result<Vec<crate::catalog::upgrade::Upgraded>, Error> {
    let mut catalog = connect(config, region)?;
    let survey = surveyed(&mut catalog, ui)?;
    let rows = select(&survey)?;
    // From here a Ctrl-C lets the project under way finish and starts no other.
    crate::interrupt::guard();
    let spinner = ui.spinner_as(
        if options.pretend {
            "Previewing"
        } else {
            "Upgrading"
        },
        &format!("{} project(s)", rows.len()),
    );
    let done = crate::catalog::upgrade::upgrade(
        &mut catalog,
        &rows,
        options,
        &crate::interrupt::requested,
    );
    spinner.finish_and_clear();
    Ok(done)
}

#[cfg(not(feature = "aws"))]
pub(super) fn upgrade_projects(
    _: &Config,
    _: Option<&str>,
    _: Selector,
    _: &crate::catalog::upgrade::Options,
    _: &Ui,
) -> Result<Vec<crate::catalog::upgrade::Upgraded>, Error> {
    Err(without_aws())
}

/// Whether every project ended at the target (or would, with `--pretend`).
pub(super) fn all_fine(done: &[crate::catalog::upgrade::Upgraded]) -> bool {
    use crate::catalog::upgrade::Outcome;
    done.iter().all(|d| {
        matches!(
            d.outcome,
            Outcome::AtTarget | Outcome::Upgraded | Outcome::WouldUpgrade
        )
    })
}

/// The rows of the projects named, or all; an unknown name is an error naming jig's projects.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
fn pick(
    survey: &crate::catalog::projects::Survey,
    selection: Option<&[String]>,
) -> Result<Vec<crate::catalog::projects::ProjectRow>, Error> {
    let Some(names) = selection else {
        return Ok(survey.projects.clone());
    };
    let known: Vec<&str> = survey.projects.iter().map(|p| p.project.as_str()).collect();
    let unknown: Vec<&String> = names
        .iter()
        .filter(|n| !known.contains(&n.as_str()))
        .collect();
    if let Some(first) = unknown.first() {
        let mut hint = match known.is_empty() {
            true => {
                "no project of this account and region was launched from a jig product or template"
                    .to_string()
            }
            false => format!("jig's projects here: {}", known.join(", ")),
        };
        if let Some(near) = crate::suggest::nearest(first, &known) {
            hint = format!("did you mean `{near}`? {hint}");
        }
        let names: Vec<String> = unknown.iter().map(|n| format!("`{n}`")).collect();
        return Err(crate::catalog::Error::UnknownProjects {
            names: names.join(", "),
            hint,
        }
        .into());
    }
    Ok(survey
        .projects
        .iter()
        .filter(|p| names.contains(&p.project))
        .cloned()
        .collect())
}

#[cfg(not(feature = "aws"))]
pub(super) fn survey(
    _: &Config,
    _: Option<&str>,
    _: &Ui,
) -> Result<crate::catalog::projects::Survey, Error> {
    Err(without_aws())
}

fn show_projects(survey: &crate::catalog::projects::Survey, format: Format, ui: &Ui) {
    match format {
        Format::Json => ui.out(&serde_json::to_string_pretty(survey).expect("serialises")),
        _ => ui.projects_report(survey),
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
    let products = products.map_err(crate::catalog::Error::read_only)?;
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
    Err(without_aws())
}

#[cfg(not(feature = "aws"))]
fn without_aws() -> Error {
    crate::catalog::Error::NotConfigured {
        what: "AWS support".into(),
        hint: "this jig was built without the `aws` feature".into(),
    }
    .into()
}
