//! `--dry-run`'s DataZone calls: recorded with their parameters as the API spells them; the
//! domain is a placeholder in the configured region, and nothing is found, so the calls are
//! those a first publish to an empty domain makes.

use super::dry_run::DryRun;
use super::unified::*;
use super::Error;
use serde_json::{json, Value as Json};

const SERVICE: &str = "datazone";

/// A grant's AddPolicyGrant parameters (ListPolicyGrants takes the first three).
pub(super) fn grant_json(domain: &str, grant: &Grant) -> Json {
    match grant {
        Grant::UseBlueprint {
            account,
            blueprint,
            domain_unit,
        } => json!({
            "domainIdentifier": domain,
            "entityType": "ENVIRONMENT_BLUEPRINT_CONFIGURATION",
            "entityIdentifier": format!("{account}:{blueprint}"),
            "policyType": "CREATE_ENVIRONMENT_FROM_BLUEPRINT",
            "principal": {"project": {"projectDesignation": "CONTRIBUTOR",
                "projectGrantFilter": {"domainUnitFilter": {"domainUnit": domain_unit, "includeChildDomainUnits": true}}}},
            "detail": {"createEnvironmentFromBlueprint": {}},
        }),
        Grant::CreateProjects {
            domain_unit,
            profile,
            grantee,
        } => {
            let principal = match grantee {
                Grantee::AllUsers => json!({"user": {"allUsersGrantFilter": {}}}),
                Grantee::User(id) => json!({"user": {"userIdentifier": id}}),
                Grantee::Group(id) => json!({"group": {"groupIdentifier": id}}),
            };
            json!({
                "domainIdentifier": domain,
                "entityType": "DOMAIN_UNIT",
                "entityIdentifier": domain_unit,
                "policyType": "CREATE_PROJECT_FROM_PROJECT_PROFILE",
                "principal": principal,
                "detail": {"createProjectFromProjectProfile": {"projectProfiles": [profile], "includeChildDomainUnits": true}},
            })
        }
    }
}

fn environment_json(e: &EnvironmentConfiguration) -> Json {
    json!({
        "name": e.name,
        "environmentBlueprintId": e.blueprint_id,
        "description": e.description,
        "deploymentMode": if e.on_create { "ON_CREATE" } else { "ON_DEMAND" },
        "deploymentOrder": e.order,
        "awsAccount": {"awsAccountId": e.account},
        "awsRegion": {"regionName": e.region},
    })
}

fn blueprint_json(domain: &str, b: &NewBlueprint) -> Json {
    let mut p = json!({
        "domainIdentifier": domain,
        "name": b.name,
        "description": b.description,
        "provisioningProperties": {"cloudFormation": {"templateUrl": b.template_url}},
        "userParameters": b.user_parameters,
    });
    if b.tooling {
        p["blueprintCategory"] = json!("TOOLING");
    }
    p
}

impl UnifiedApi for DryRun {
    fn domain(&mut self, id: &str) -> Result<Domain, Error> {
        self.call(SERVICE, "GetDomain", json!({"identifier": id}));
        Ok(Domain {
            arn: format!("arn:aws:datazone:{}:<account>:domain/{id}", self.region),
            root_domain_unit: "<root domain unit>".into(),
        })
    }
    fn find_blueprint(&mut self, domain: &str, name: &str) -> Result<Option<EnvBlueprint>, Error> {
        self.call(
            SERVICE,
            "ListEnvironmentBlueprints",
            json!({"domainIdentifier": domain, "name": name, "managed": false}),
        );
        Ok(None)
    }
    fn create_blueprint(&mut self, domain: &str, b: &NewBlueprint) -> Result<String, Error> {
        self.call(
            SERVICE,
            "CreateEnvironmentBlueprint",
            blueprint_json(domain, b),
        );
        Ok("<new blueprint id>".into())
    }
    fn update_blueprint(&mut self, domain: &str, id: &str, b: &NewBlueprint) -> Result<(), Error> {
        let mut p = blueprint_json(domain, b);
        p["identifier"] = json!(id);
        p.as_object_mut().expect("object").remove("name");
        self.call(SERVICE, "UpdateEnvironmentBlueprint", p);
        Ok(())
    }
    fn blueprint_configuration(
        &mut self,
        domain: &str,
        blueprint: &str,
    ) -> Result<Option<BlueprintConfiguration>, Error> {
        self.call(
            SERVICE,
            "GetEnvironmentBlueprintConfiguration",
            json!({"domainIdentifier": domain, "environmentBlueprintIdentifier": blueprint}),
        );
        Ok(None)
    }
    fn put_blueprint_configuration(
        &mut self,
        domain: &str,
        blueprint: &str,
        c: &BlueprintConfiguration,
    ) -> Result<(), Error> {
        self.call(
            SERVICE,
            "PutEnvironmentBlueprintConfiguration",
            json!({"domainIdentifier": domain, "environmentBlueprintIdentifier": blueprint,
                "provisioningRoleArn": c.provisioning_role, "manageAccessRoleArn": c.manage_access_role,
                "enabledRegions": c.regions}),
        );
        Ok(())
    }
    fn managed_blueprint(&mut self, domain: &str, name: &str) -> Result<Option<String>, Error> {
        self.call(
            SERVICE,
            "ListEnvironmentBlueprints",
            json!({"domainIdentifier": domain, "name": name, "managed": true}),
        );
        Ok(Some(format!("<managed {name} blueprint id>")))
    }
    fn has_grant(&mut self, domain: &str, grant: &Grant) -> Result<bool, Error> {
        let full = grant_json(domain, grant);
        let keys = [
            "domainIdentifier",
            "entityType",
            "entityIdentifier",
            "policyType",
        ];
        let p: serde_json::Map<String, Json> = keys
            .iter()
            .map(|k| (k.to_string(), full[k].clone()))
            .collect();
        self.call(SERVICE, "ListPolicyGrants", Json::Object(p));
        Ok(false)
    }
    fn add_grant(&mut self, domain: &str, grant: &Grant) -> Result<(), Error> {
        let mut p = grant_json(domain, grant);
        p["clientToken"] = json!(grant.token(domain));
        self.call(SERVICE, "AddPolicyGrant", p);
        Ok(())
    }
    fn find_profile(&mut self, domain: &str, name: &str) -> Result<Option<Profile>, Error> {
        self.call(
            SERVICE,
            "ListProjectProfiles",
            json!({"domainIdentifier": domain, "name": name}),
        );
        Ok(None)
    }
    fn create_profile(&mut self, domain: &str, p: &NewProfile) -> Result<String, Error> {
        let envs: Vec<Json> = p.environments.iter().map(environment_json).collect();
        self.call(
            SERVICE,
            "CreateProjectProfile",
            json!({"domainIdentifier": domain, "name": p.name, "description": p.description,
                "status": "ENABLED", "domainUnitIdentifier": p.domain_unit, "environmentConfigurations": envs}),
        );
        Ok("<new project profile id>".into())
    }
    fn add_to_profile(
        &mut self,
        domain: &str,
        profile: &str,
        e: &EnvironmentConfiguration,
    ) -> Result<(), Error> {
        self.call(
            SERVICE,
            "UpdateProjectProfile",
            json!({"domainIdentifier": domain, "identifier": profile,
                "environmentConfigurations": ["<the profile's own>", environment_json(e)]}),
        );
        Ok(())
    }
}
