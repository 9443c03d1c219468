//! SageMaker Unified Studio's side of a publish (`--unified-studio`): the version's Unified
//! Studio template registered as the domain's custom environment blueprint, enabled in the
//! account, and offered in a project profile that the chosen users may create projects from.
//!
//! Like the Service Catalog side it makes the domain match rather than replay a script: each
//! step looks first, so a second publish of a version changes nothing, a newer version
//! updates the blueprint in place, and an older one is refused (it would move every new
//! project back).

use super::api::PublishReport;
pub use super::unified_api::*;
use super::{Error, Product};

/// The managed tooling blueprint a profile starts with, for a blueprint that is not one.
pub const MANAGED_TOOLING: &str = "Tooling";

/// Whether `id` names a DataZone domain (`dzd-...`/`dzd_...`), not a SageMaker one (`d-...`).
pub fn is_datazone_domain(id: &str) -> bool {
    id.strip_prefix("dzd")
        .and_then(|rest| rest.strip_prefix(['-', '_']))
        .is_some_and(|rest| {
            (1..=36).contains(&rest.len())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// The version a template URL of jig's layout (`.../NAME/VERSION/unified-studio.yaml`) is of.
pub fn version_of(url: &str, name: &str) -> Option<semver::Version> {
    let mut parts = url.rsplit('/');
    let _file = parts.next()?;
    let version = parts.next()?;
    (parts.next()? == name).then_some(())?;
    semver::Version::parse(version).ok()
}

/// Makes the domain match: see the module documentation.
pub fn publish(
    api: &mut dyn UnifiedApi,
    product: &Product,
    u: &Unified,
    template_url: &str,
    report: &mut PublishReport,
) -> Result<UnifiedReport, Error> {
    let id = &u.domain_id;
    let domain = api.domain(id)?;
    let name = &product.name;
    let version = &product.version;
    check_name(name)?;
    let summary = product.description.lines().next().unwrap_or_default();
    let wanted = NewBlueprint {
        name: name.clone(),
        description: format!("{summary} (jig blueprint {name} {version})")
            .chars()
            .take(2048)
            .collect(),
        template_url: template_url.to_string(),
        user_parameters: u.template.user_parameters.clone(),
        tooling: u.tooling,
    };
    let blueprint = match api.find_blueprint(id, name)? {
        None => {
            let bp = api.create_blueprint(id, &wanted)?;
            report.step(
                true,
                format!("registered Unified Studio blueprint `{name}` ({bp}) at {version}"),
            );
            bp
        }
        Some(have) => {
            let same = have.template_url == wanted.template_url
                && have.user_parameters == wanted.user_parameters
                && have.tooling == wanted.tooling
                && have.description == wanted.description;
            let theirs = version_of(&have.template_url, name);
            if same {
                report.step(
                    false,
                    format!(
                        "Unified Studio blueprint `{name}` ({}) is at {version}",
                        have.id
                    ),
                );
            } else if let Some(theirs) = theirs.clone().filter(|t| t > version) {
                return Err(Error::UnifiedBackwards {
                    blueprint: name.clone(),
                    domain: id.clone(),
                    theirs: theirs.to_string(),
                    ours: version.to_string(),
                });
            } else {
                api.update_blueprint(id, &have.id, &wanted)?;
                let from = theirs.map_or_else(String::new, |t| format!(" from {t}"));
                report.step(
                    true,
                    format!(
                        "updated Unified Studio blueprint `{name}` ({}){from} to {version}",
                        have.id
                    ),
                );
            }
            have.id
        }
    };
    configure(api, &domain, u, &blueprint, report)?;
    let unit = u
        .domain_unit
        .clone()
        .unwrap_or_else(|| domain.root_domain_unit.clone());
    let use_it = Grant::UseBlueprint {
        account: domain.account().to_string(),
        blueprint: blueprint.clone(),
        domain_unit: unit.clone(),
    };
    if api.has_grant(id, &use_it)? {
        report.step(
            false,
            format!("projects of domain unit {unit} may use the blueprint"),
        );
    } else {
        api.add_grant(id, &use_it)?;
        report.step(
            true,
            format!("let the projects of domain unit {unit} use the blueprint"),
        );
    }
    let profile = profile(api, &domain, u, product, &blueprint, &unit, report)?;
    let create = Grant::CreateProjects {
        domain_unit: unit.clone(),
        profile: profile.clone(),
        grantee: u.grantee.clone(),
    };
    if api.has_grant(id, &create)? {
        report.step(
            false,
            format!("{} may create projects from the profile", u.grantee),
        );
    } else {
        api.add_grant(id, &create)?;
        report.step(
            true,
            format!(
                "let {} of domain unit {unit} create projects from the profile",
                u.grantee
            ),
        );
    }
    Ok(UnifiedReport {
        domain_id: id.clone(),
        blueprint_id: blueprint,
        project_profile_id: profile,
        template_url: template_url.to_string(),
    })
}

/// DataZone's pattern for blueprint names: `[\w -]+`, at most 64 characters.
fn check_name(name: &str) -> Result<(), Error> {
    let fits = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ');
    if fits {
        return Ok(());
    }
    Err(Error::NotConfigured {
        what: format!("a Unified Studio name for blueprint `{name}`"),
        hint: "DataZone takes blueprint names of letters, digits, `_`, `-` and spaces, at most 64 characters: rename the blueprint in blueprint.yaml".into(),
    })
}

/// Enables the blueprint where it is not yet (keeping regions enabled before).
fn configure(
    api: &mut dyn UnifiedApi,
    domain: &Domain,
    u: &Unified,
    blueprint: &str,
    report: &mut PublishReport,
) -> Result<(), Error> {
    let (partition, account, region) = (domain.partition(), domain.account(), domain.region());
    let role = |name: String| format!("arn:{partition}:iam::{account}:role/service-role/{name}");
    let wanted_regions = match u.regions.is_empty() {
        true => vec![region.to_string()],
        false => u.regions.clone(),
    };
    let mut wanted = BlueprintConfiguration {
        provisioning_role: u
            .provisioning_role
            .clone()
            .unwrap_or_else(|| role(format!("AmazonSageMakerProvisioning-{account}"))),
        manage_access_role: u.manage_access_role.clone().unwrap_or_else(|| {
            role(format!(
                "AmazonSageMakerManageAccess-{region}-{}",
                u.domain_id
            ))
        }),
        regions: wanted_regions.clone(),
    };
    let have = api.blueprint_configuration(&u.domain_id, blueprint)?;
    if let Some(have) = &have {
        let covered = wanted_regions.iter().all(|r| have.regions.contains(r));
        if covered
            && have.provisioning_role == wanted.provisioning_role
            && have.manage_access_role == wanted.manage_access_role
        {
            report.step(
                false,
                format!("the blueprint is enabled in {}", have.regions.join(", ")),
            );
            return Ok(());
        }
        let mut regions = have.regions.clone();
        regions.extend(
            wanted_regions
                .into_iter()
                .filter(|r| !have.regions.contains(r)),
        );
        wanted.regions = regions;
    }
    api.put_blueprint_configuration(&u.domain_id, blueprint, &wanted)?;
    report.step(
        true,
        format!(
            "enabled the blueprint in {} (provisioning role {})",
            wanted.regions.join(", "),
            wanted.provisioning_role
        ),
    );
    Ok(())
}

/// Finds or makes the project profile that offers the blueprint: a tooling blueprint first,
/// any other after the domain's managed tooling blueprint.
fn profile(
    api: &mut dyn UnifiedApi,
    domain: &Domain,
    u: &Unified,
    product: &Product,
    blueprint: &str,
    unit: &str,
    report: &mut PublishReport,
) -> Result<String, Error> {
    let id = &u.domain_id;
    let name = u
        .project_profile
        .clone()
        .unwrap_or_else(|| product.name.clone());
    let env = |env_name: &str, blueprint: &str, order: i32, description: String| {
        EnvironmentConfiguration {
            name: env_name.to_string(),
            blueprint_id: blueprint.to_string(),
            description,
            on_create: true,
            order: Some(order),
            account: domain.account().to_string(),
            region: domain.region().to_string(),
        }
    };
    let ours = env(
        &product.name,
        blueprint,
        if u.tooling { 0 } else { 1 },
        format!("jig blueprint {}", product.name),
    );
    match api.find_profile(id, &name)? {
        Some(p) => {
            if p.environments.iter().any(|(_, b, _)| b == blueprint) {
                report.step(
                    false,
                    format!("project profile `{name}` ({}) offers the blueprint", p.id),
                );
                return Ok(p.id);
            }
            if let (true, Some((first, _, _))) = (
                u.tooling,
                p.environments.iter().find(|(_, _, o)| *o == Some(0)),
            ) {
                return Err(Error::ProfileHasTooling {
                    profile: name,
                    environment: first.clone(),
                    blueprint: product.name.clone(),
                });
            }
            api.add_to_profile(id, &p.id, &ours)?;
            report.step(
                true,
                format!("added the blueprint to project profile `{name}` ({})", p.id),
            );
            Ok(p.id)
        }
        None => {
            let mut environments = Vec::new();
            if !u.tooling {
                let Some(tooling) = api.managed_blueprint(id, MANAGED_TOOLING)? else {
                    return Err(Error::NotConfigured {
                        what: format!("the managed `{MANAGED_TOOLING}` blueprint of domain {id}"),
                        hint: "a project profile starts with a tooling environment: enable the Tooling blueprint in the domain (Unified Studio console, Blueprints), or publish a blueprint whose blueprint.yaml sets `catalog.tooling: true`".into(),
                    });
                };
                environments.push(env(
                    MANAGED_TOOLING,
                    &tooling,
                    0,
                    "The project's tooling".into(),
                ));
            }
            environments.push(ours);
            let new = NewProfile {
                name: name.clone(),
                description: format!("Projects made from jig blueprint {}", product.name),
                domain_unit: unit.to_string(),
                environments,
            };
            let p = api.create_profile(id, &new)?;
            report.step(true, format!("created project profile `{name}` ({p})"));
            Ok(p)
        }
    }
}
