//! The `catalog::unified::UnifiedApi` methods over DataZone, the service behind SageMaker
//! Unified Studio: each is one look or one change, in the order `catalog::unified::publish`
//! decides. Updating a project profile resends every environment it already has exactly as
//! DataZone returned it, with the new one after them.

use super::catalog::{all_pages, next, Catalog};
use super::catalog_unified_types::*;
use super::{code, fail};
use crate::catalog::unified::*;
use crate::catalog::Error;
use aws_sdk_datazone::types::{
    self as dz, BlueprintCategory, CreateProjectFromProjectProfilePolicyGrantDetail,
    PolicyGrantDetail,
};

impl Catalog {
    fn datazone_client(&self) -> Result<aws_sdk_datazone::Client, Error> {
        self.datazone.clone().ok_or_else(|| Error::Aws {
            operation: "DataZone".into(),
            message: "no DataZone client was set up".into(),
            hint: None,
        })
    }

    /// Custom or managed blueprints named exactly `name`: (id, summary).
    fn blueprints_named(
        &self,
        domain: &str,
        name: &str,
        managed: bool,
    ) -> Result<Vec<String>, Error> {
        let dz = self.datazone_client()?;
        all_pages(|token| {
            let out = self
                .rt
                .block_on(
                    dz.list_environment_blueprints()
                        .domain_identifier(domain)
                        .name(name)
                        .managed(managed)
                        .set_next_token(token)
                        .send(),
                )
                .map_err(fail(
                    "ListEnvironmentBlueprints",
                    "datazone:ListEnvironmentBlueprints",
                ))?;
            let ids = out
                .items()
                .iter()
                .filter(|b| b.name() == name)
                .map(|b| b.id().to_string())
                .collect();
            Ok((ids, next(out.next_token())))
        })
    }
}

impl UnifiedApi for Catalog {
    fn domain(&mut self, id: &str) -> Result<Domain, Error> {
        let dz = self.datazone_client()?;
        let out = self
            .rt
            .block_on(dz.get_domain().identifier(id).send())
            .map_err(|e| {
                let mut err = fail("GetDomain", "datazone:GetDomain")(e);
                if let Error::Aws { hint, message, .. } = &mut err {
                    if message.starts_with("ResourceNotFoundException") {
                        *hint = Some(format!("no Unified Studio domain {id} in this account and region: `aws datazone list-domains` lists them; pass --region for another region"));
                    }
                }
                err
            })?;
        Ok(Domain {
            arn: out.arn().unwrap_or_default().to_string(),
            root_domain_unit: out.root_domain_unit_id().unwrap_or_default().to_string(),
        })
    }

    fn find_blueprint(&mut self, domain: &str, name: &str) -> Result<Option<EnvBlueprint>, Error> {
        let Some(id) = self
            .blueprints_named(domain, name, false)?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let dz = self.datazone_client()?;
        let out = self
            .rt
            .block_on(
                dz.get_environment_blueprint()
                    .domain_identifier(domain)
                    .identifier(&id)
                    .send(),
            )
            .map_err(fail(
                "GetEnvironmentBlueprint",
                "datazone:GetEnvironmentBlueprint",
            ))?;
        let template_url = out
            .provisioning_properties()
            .and_then(|p| p.as_cloud_formation().ok())
            .map(|c| c.template_url().to_string())
            .unwrap_or_default();
        Ok(Some(EnvBlueprint {
            id,
            template_url,
            description: out.description().unwrap_or_default().to_string(),
            user_parameters: out.user_parameters().iter().map(user_parameter).collect(),
            tooling: out.blueprint_category() == Some(&BlueprintCategory::Tooling),
        }))
    }

    fn create_blueprint(&mut self, domain: &str, b: &NewBlueprint) -> Result<String, Error> {
        let dz = self.datazone_client()?;
        let call = dz
            .create_environment_blueprint()
            .domain_identifier(domain)
            .name(&b.name)
            .description(&b.description)
            .provisioning_properties(provisioning(&b.template_url)?)
            .set_user_parameters(Some(custom_parameters(&b.user_parameters)?))
            .set_blueprint_category(b.tooling.then_some(BlueprintCategory::Tooling));
        let out = self.rt.block_on(call.send()).map_err(fail(
            "CreateEnvironmentBlueprint",
            "datazone:CreateEnvironmentBlueprint",
        ))?;
        Ok(out.id().to_string())
    }

    fn update_blueprint(&mut self, domain: &str, id: &str, b: &NewBlueprint) -> Result<(), Error> {
        let dz = self.datazone_client()?;
        let call = dz
            .update_environment_blueprint()
            .domain_identifier(domain)
            .identifier(id)
            .description(&b.description)
            .provisioning_properties(provisioning(&b.template_url)?)
            .set_user_parameters(Some(custom_parameters(&b.user_parameters)?))
            .set_blueprint_category(b.tooling.then_some(BlueprintCategory::Tooling));
        self.rt.block_on(call.send()).map_err(fail(
            "UpdateEnvironmentBlueprint",
            "datazone:UpdateEnvironmentBlueprint",
        ))?;
        Ok(())
    }

    fn blueprint_configuration(
        &mut self,
        domain: &str,
        blueprint: &str,
    ) -> Result<Option<BlueprintConfiguration>, Error> {
        let dz = self.datazone_client()?;
        let sent = self.rt.block_on(
            dz.get_environment_blueprint_configuration()
                .domain_identifier(domain)
                .environment_blueprint_identifier(blueprint)
                .send(),
        );
        match sent {
            Ok(out) => Ok(Some(BlueprintConfiguration {
                provisioning_role: out.provisioning_role_arn().unwrap_or_default().to_string(),
                manage_access_role: out.manage_access_role_arn().unwrap_or_default().to_string(),
                regions: out.enabled_regions().to_vec(),
            })),
            Err(e) if code(&e).as_deref() == Some("ResourceNotFoundException") => Ok(None),
            Err(e) => Err(fail(
                "GetEnvironmentBlueprintConfiguration",
                "datazone:GetEnvironmentBlueprintConfiguration",
            )(e)),
        }
    }

    fn put_blueprint_configuration(
        &mut self,
        domain: &str,
        blueprint: &str,
        c: &BlueprintConfiguration,
    ) -> Result<(), Error> {
        let dz = self.datazone_client()?;
        self.rt
            .block_on(
                dz.put_environment_blueprint_configuration()
                    .domain_identifier(domain)
                    .environment_blueprint_identifier(blueprint)
                    .provisioning_role_arn(&c.provisioning_role)
                    .manage_access_role_arn(&c.manage_access_role)
                    .set_enabled_regions(Some(c.regions.clone()))
                    .send(),
            )
            .map_err(fail(
                "PutEnvironmentBlueprintConfiguration",
                "datazone:PutEnvironmentBlueprintConfiguration and iam:PassRole on the provisioning and manage-access roles",
            ))?;
        Ok(())
    }

    fn managed_blueprint(&mut self, domain: &str, name: &str) -> Result<Option<String>, Error> {
        Ok(self
            .blueprints_named(domain, name, true)?
            .into_iter()
            .next())
    }

    fn has_grant(&mut self, domain: &str, grant: &Grant) -> Result<bool, Error> {
        let dz = self.datazone_client()?;
        let (kind, id, policy) = entity(grant);
        let wanted = principal(grant)?;
        let members = all_pages(|token| {
            let out = self
                .rt
                .block_on(
                    dz.list_policy_grants()
                        .domain_identifier(domain)
                        .entity_type(kind.clone())
                        .entity_identifier(&id)
                        .policy_type(policy.clone())
                        .set_next_token(token)
                        .send(),
                )
                .map_err(fail("ListPolicyGrants", "datazone:ListPolicyGrants"))?;
            Ok((out.grant_list().to_vec(), next(out.next_token())))
        })?;
        Ok(members.iter().any(|m| grants(m, grant, &wanted)))
    }

    fn add_grant(&mut self, domain: &str, grant: &Grant) -> Result<(), Error> {
        let dz = self.datazone_client()?;
        let (kind, id, policy) = entity(grant);
        let detail = match grant {
            Grant::UseBlueprint { .. } => {
                PolicyGrantDetail::CreateEnvironmentFromBlueprint(dz::Unit::builder().build())
            }
            Grant::CreateProjects { profile, .. } => {
                PolicyGrantDetail::CreateProjectFromProjectProfile(
                    CreateProjectFromProjectProfilePolicyGrantDetail::builder()
                        .project_profiles(profile)
                        .include_child_domain_units(true)
                        .build(),
                )
            }
        };
        self.rt
            .block_on(
                dz.add_policy_grant()
                    .domain_identifier(domain)
                    .entity_type(kind)
                    .entity_identifier(id)
                    .policy_type(policy)
                    .principal(principal(grant)?)
                    .detail(detail)
                    .client_token(grant.token(domain))
                    .send(),
            )
            .map_err(fail("AddPolicyGrant", "datazone:AddPolicyGrant"))?;
        Ok(())
    }

    fn find_profile(&mut self, domain: &str, name: &str) -> Result<Option<Profile>, Error> {
        let dz = self.datazone_client()?;
        let ids = all_pages(|token| {
            let out = self
                .rt
                .block_on(
                    dz.list_project_profiles()
                        .domain_identifier(domain)
                        .name(name)
                        .set_next_token(token)
                        .send(),
                )
                .map_err(fail("ListProjectProfiles", "datazone:ListProjectProfiles"))?;
            let ids = out
                .items()
                .iter()
                .filter(|p| p.name() == name)
                .map(|p| p.id().to_string())
                .collect();
            Ok((ids, next(out.next_token())))
        })?;
        let Some(id) = ids.into_iter().next() else {
            return Ok(None);
        };
        let envs = self.profile_environments(domain, &id)?;
        Ok(Some(Profile {
            id,
            environments: envs
                .iter()
                .map(|e| {
                    (
                        e.name().to_string(),
                        e.environment_blueprint_id().to_string(),
                        e.deployment_order(),
                    )
                })
                .collect(),
        }))
    }

    fn create_profile(&mut self, domain: &str, p: &NewProfile) -> Result<String, Error> {
        let dz = self.datazone_client()?;
        let envs = p
            .environments
            .iter()
            .map(environment)
            .collect::<Result<Vec<_>, _>>()?;
        let out = self
            .rt
            .block_on(
                dz.create_project_profile()
                    .domain_identifier(domain)
                    .name(&p.name)
                    .description(&p.description)
                    .status(dz::Status::Enabled)
                    .domain_unit_identifier(&p.domain_unit)
                    .set_environment_configurations(Some(envs))
                    .send(),
            )
            .map_err(fail(
                "CreateProjectProfile",
                "datazone:CreateProjectProfile",
            ))?;
        Ok(out.id().to_string())
    }

    fn add_to_profile(
        &mut self,
        domain: &str,
        profile: &str,
        e: &EnvironmentConfiguration,
    ) -> Result<(), Error> {
        let dz = self.datazone_client()?;
        let mut envs = self.profile_environments(domain, profile)?;
        envs.push(environment(e)?);
        self.rt
            .block_on(
                dz.update_project_profile()
                    .domain_identifier(domain)
                    .identifier(profile)
                    .set_environment_configurations(Some(envs))
                    .send(),
            )
            .map_err(fail(
                "UpdateProjectProfile",
                "datazone:UpdateProjectProfile",
            ))?;
        Ok(())
    }
}

impl Catalog {
    /// GetProjectProfile: its environments, as DataZone has them.
    fn profile_environments(
        &self,
        domain: &str,
        profile: &str,
    ) -> Result<Vec<dz::EnvironmentConfiguration>, Error> {
        let dz = self.datazone_client()?;
        let out = self
            .rt
            .block_on(
                dz.get_project_profile()
                    .domain_identifier(domain)
                    .identifier(profile)
                    .send(),
            )
            .map_err(fail("GetProjectProfile", "datazone:GetProjectProfile"))?;
        Ok(out.environment_configurations().to_vec())
    }
}
