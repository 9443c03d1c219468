//! jig's DataZone requests and answers as the SDK's types and back: user parameters,
//! provisioning properties, profile environments, and policy grants (their entity, principal
//! and whether an existing grant gives what a publish asks).

use crate::catalog::unified::*;
use crate::catalog::unified_template::UserParameter;
use crate::catalog::Error;
use aws_sdk_datazone::types::{
    self as dz, AllUsersGrantFilter, CloudFormationProperties, CustomParameter, DeploymentMode,
    DomainUnitFilterForProject, ManagedPolicyType, PolicyGrantDetail, PolicyGrantPrincipal,
    ProjectDesignation, ProjectGrantFilter, ProjectPolicyGrantPrincipal, ProvisioningProperties,
    TargetEntityType,
};

pub(super) fn invalid(
    operation: &str,
) -> impl Fn(aws_sdk_datazone::error::BuildError) -> Error + '_ {
    move |e| Error::Aws {
        operation: operation.to_string(),
        message: e.to_string(),
        hint: None,
    }
}

pub(super) fn custom_parameters(params: &[UserParameter]) -> Result<Vec<CustomParameter>, Error> {
    params
        .iter()
        .map(|p| {
            CustomParameter::builder()
                .key_name(&p.key_name)
                .set_description(p.description.clone())
                .field_type(&p.field_type)
                .set_default_value(p.default_value.clone())
                .is_editable(p.is_editable)
                .is_optional(p.is_optional)
                .is_update_supported(p.is_update_supported)
                .build()
                .map_err(invalid("CreateEnvironmentBlueprint"))
        })
        .collect()
}

pub(super) fn user_parameter(p: &CustomParameter) -> UserParameter {
    UserParameter {
        key_name: p.key_name().to_string(),
        description: p.description().map(str::to_string),
        field_type: p.field_type().to_string(),
        default_value: p.default_value().map(str::to_string),
        is_editable: p.is_editable().unwrap_or(false),
        is_optional: p.is_optional().unwrap_or(false),
        is_update_supported: p.is_update_supported().unwrap_or(false),
    }
}

pub(super) fn provisioning(url: &str) -> Result<ProvisioningProperties, Error> {
    let cfn = CloudFormationProperties::builder()
        .template_url(url)
        .build()
        .map_err(invalid("CreateEnvironmentBlueprint"))?;
    Ok(ProvisioningProperties::CloudFormation(cfn))
}

pub(super) fn environment(
    e: &EnvironmentConfiguration,
) -> Result<dz::EnvironmentConfiguration, Error> {
    dz::EnvironmentConfiguration::builder()
        .name(&e.name)
        .environment_blueprint_id(&e.blueprint_id)
        .description(&e.description)
        .deployment_mode(match e.on_create {
            true => DeploymentMode::OnCreate,
            false => DeploymentMode::OnDemand,
        })
        .set_deployment_order(e.order)
        .aws_account(dz::AwsAccount::AwsAccountId(e.account.clone()))
        .aws_region(dz::Region::RegionName(e.region.clone()))
        .build()
        .map_err(invalid("CreateProjectProfile"))
}

/// A grant's entity and policy type, as ListPolicyGrants and AddPolicyGrant take them.
pub(super) fn entity(grant: &Grant) -> (TargetEntityType, String, ManagedPolicyType) {
    match grant {
        Grant::UseBlueprint {
            account, blueprint, ..
        } => (
            TargetEntityType::EnvironmentBlueprintConfiguration,
            format!("{account}:{blueprint}"),
            ManagedPolicyType::CreateEnvironmentFromBlueprint,
        ),
        Grant::CreateProjects { domain_unit, .. } => (
            TargetEntityType::DomainUnit,
            domain_unit.clone(),
            ManagedPolicyType::CreateProjectFromProjectProfile,
        ),
    }
}

pub(super) fn principal(grant: &Grant) -> Result<PolicyGrantPrincipal, Error> {
    Ok(match grant {
        Grant::UseBlueprint { domain_unit, .. } => {
            let filter = DomainUnitFilterForProject::builder()
                .domain_unit(domain_unit)
                .include_child_domain_units(true)
                .build()
                .map_err(invalid("AddPolicyGrant"))?;
            PolicyGrantPrincipal::Project(
                ProjectPolicyGrantPrincipal::builder()
                    .project_designation(ProjectDesignation::Contributor)
                    .project_grant_filter(ProjectGrantFilter::DomainUnitFilter(filter))
                    .build()
                    .map_err(invalid("AddPolicyGrant"))?,
            )
        }
        Grant::CreateProjects { grantee, .. } => match grantee {
            Grantee::AllUsers => {
                PolicyGrantPrincipal::User(dz::UserPolicyGrantPrincipal::AllUsersGrantFilter(
                    AllUsersGrantFilter::builder().build(),
                ))
            }
            Grantee::User(id) => {
                PolicyGrantPrincipal::User(dz::UserPolicyGrantPrincipal::UserIdentifier(id.clone()))
            }
            Grantee::Group(id) => PolicyGrantPrincipal::Group(
                dz::GroupPolicyGrantPrincipal::GroupIdentifier(id.clone()),
            ),
        },
    })
}

/// Whether an existing grant gives what `grant` asks: the same principal, and for a profile
/// grant, a detail that lists the profile (with the domain unit's children).
pub(super) fn grants(
    member: &dz::PolicyGrantMember,
    grant: &Grant,
    wanted: &PolicyGrantPrincipal,
) -> bool {
    if member.principal() != Some(wanted) {
        return false;
    }
    match (grant, member.detail()) {
        (
            Grant::UseBlueprint { .. },
            Some(PolicyGrantDetail::CreateEnvironmentFromBlueprint(_)),
        ) => true,
        (
            Grant::CreateProjects { profile, .. },
            Some(PolicyGrantDetail::CreateProjectFromProjectProfile(d)),
        ) => {
            d.project_profiles().iter().any(|p| p == profile)
                && d.include_child_domain_units() != Some(false)
        }
        _ => false,
    }
}
