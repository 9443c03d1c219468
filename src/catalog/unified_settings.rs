//! `--unified-studio`'s settings, resolved once: `catalog.unified_studio` in the config file
//! under the flags, the Unified Studio template derived from the product template, and a
//! tooling blueprint checked against what Unified Studio requires, before anything is
//! published anywhere.

use super::required::Required;
use super::unified::{Grantee, Unified};
use super::{tooling, unified_template, Error, Product};
use crate::settings::UnifiedStudioConfig;

/// The settings, and the ones a dry run left as placeholders.
pub(super) fn resolve(
    dry_run: bool,
    project_profile: Option<String>,
    grant: Option<String>,
    config: &UnifiedStudioConfig,
    domain: Option<String>,
    blueprint: &crate::blueprint::Blueprint,
    product: &Product,
) -> Result<(Unified, Vec<String>), Error> {
    let mut required = Required {
        dry_run,
        missing: Vec::new(),
    };
    let domain_id = required.get_as(
        "the Unified Studio domain",
        domain.or(config.domain_id.clone()),
        "unified_studio.domain_id",
        "--domain-id dzd-... (`aws datazone list-domains` lists the domains)",
    )?;
    if !dry_run && !super::unified::is_datazone_domain(&domain_id) {
        return Err(Error::NotConfigured {
            what: format!("a Unified Studio domain (`catalog.unified_studio.domain_id` is `{domain_id}`)"),
            hint: "a Unified Studio domain id looks like dzd-abc123 or dzd_abc123 (`aws datazone list-domains`)".into(),
        });
    }
    let grant = grant.or(config.grant.clone());
    let grantee = match grant {
        None => Grantee::AllUsers,
        Some(text) => text.parse().map_err(|hint| Error::NotConfigured {
            what: "a valid `catalog.unified_studio.grant`".into(),
            hint,
        })?,
    };
    let template = unified_template::derive(&product.template)?;
    let tooling = blueprint.manifest.catalog.tooling;
    if tooling {
        let problems = tooling::problems(&template.template);
        if !problems.is_empty() {
            return Err(Error::Tooling {
                file: blueprint
                    .manifest
                    .catalog
                    .cloudformation
                    .clone()
                    .unwrap_or_else(|| "the product template".into()),
                problems,
            });
        }
    }
    let u = Unified {
        domain_id,
        provisioning_role: config.provisioning_role.clone(),
        manage_access_role: config.manage_access_role.clone(),
        regions: config.regions.clone(),
        project_profile: project_profile.or(config.project_profile.clone()),
        domain_unit: config.domain_unit.clone(),
        grantee,
        tooling,
        template,
        template_key: product.layout.unified_template_key.clone(),
    };
    Ok((u, required.missing))
}

/// `--domain-id`s sorted by kind: (the SageMaker domain, the Unified Studio domain), each only
/// with the target that takes it.
pub(super) fn domains(
    ids: &[String],
    studio_s3: bool,
    unified_studio: bool,
) -> Result<(Option<String>, Option<String>), Error> {
    let (mut studio, mut unified) = (None, None);
    for id in ids {
        let datazone = super::unified::is_datazone_domain(id);
        let (slot, wanted, target, kind) = match datazone {
            true => (
                &mut unified,
                unified_studio,
                "--unified-studio",
                "a SageMaker Unified Studio (DataZone) domain",
            ),
            false => (&mut studio, studio_s3, "--studio-s3", "a SageMaker domain"),
        };
        if !wanted {
            return Err(Error::NotConfigured {
                what: format!("the target of --domain-id {id}"),
                hint: format!("{id} is {kind}, which only {target} takes: add {target}, or drop the --domain-id"),
            });
        }
        if slot.replace(id.clone()).is_some() {
            return Err(Error::NotConfigured {
                what: format!("one {kind} for --domain-id"),
                hint: format!("{target} takes one --domain-id of its kind; give one"),
            });
        }
    }
    Ok((studio, unified))
}
