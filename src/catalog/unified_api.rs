//! The DataZone calls a Unified Studio publish makes, as a trait: `aws::catalog_unified` makes
//! them with the SDK, `DryRun` records them, `unified::publish` decides their order. The types
//! are the requests and answers, free of any SDK type.

use super::unified_template::{UnifiedTemplate, UserParameter};
use super::Error;
use serde::Serialize;

/// A Unified Studio (DataZone) domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// `arn:PARTITION:datazone:REGION:ACCOUNT:domain/ID`.
    pub arn: String,
    pub root_domain_unit: String,
}

impl Domain {
    fn arn_part(&self, i: usize) -> &str {
        self.arn.split(':').nth(i).unwrap_or_default()
    }
    pub fn partition(&self) -> &str {
        match self.arn_part(1) {
            "" => "aws",
            p => p,
        }
    }
    pub fn region(&self) -> &str {
        self.arn_part(3)
    }
    pub fn account(&self) -> &str {
        self.arn_part(4)
    }
}

/// A custom environment blueprint as the domain has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvBlueprint {
    pub id: String,
    pub template_url: String,
    pub description: String,
    pub user_parameters: Vec<UserParameter>,
    pub tooling: bool,
}

/// A blueprint as a publish wants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewBlueprint {
    pub name: String,
    pub description: String,
    pub template_url: String,
    pub user_parameters: Vec<UserParameter>,
    /// `blueprintCategory: TOOLING`.
    pub tooling: bool,
}

/// Where and as whom a blueprint is enabled (`PutEnvironmentBlueprintConfiguration`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlueprintConfiguration {
    pub provisioning_role: String,
    pub manage_access_role: String,
    pub regions: Vec<String>,
}

/// Who may create projects from a project profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grantee {
    /// Every user of the domain unit.
    AllUsers,
    /// One user (its DataZone user id).
    User(String),
    /// One group (its DataZone group id).
    Group(String),
}

impl std::str::FromStr for Grantee {
    type Err = String;
    fn from_str(text: &str) -> Result<Grantee, String> {
        match text.split_once(':') {
            _ if text == "all-users" => Ok(Grantee::AllUsers),
            Some(("user", id)) if !id.is_empty() => Ok(Grantee::User(id.into())),
            Some(("group", id)) if !id.is_empty() => Ok(Grantee::Group(id.into())),
            _ => Err(format!(
                "`{text}` names no grantee: give all-users, user:USER_ID or group:GROUP_ID"
            )),
        }
    }
}

impl std::fmt::Display for Grantee {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Grantee::AllUsers => write!(f, "every user"),
            Grantee::User(id) => write!(f, "user {id}"),
            Grantee::Group(id) => write!(f, "group {id}"),
        }
    }
}

/// A policy grant a publish needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Grant {
    /// `CREATE_ENVIRONMENT_FROM_BLUEPRINT` on the blueprint's configuration
    /// (`ACCOUNT:BLUEPRINT_ID`), for the contributor projects of a domain unit and its
    /// children: projects may deploy the blueprint.
    UseBlueprint {
        account: String,
        blueprint: String,
        domain_unit: String,
    },
    /// `CREATE_PROJECT_FROM_PROJECT_PROFILE` on a domain unit (and its children), for one
    /// profile.
    CreateProjects {
        domain_unit: String,
        profile: String,
        grantee: Grantee,
    },
}

impl Grant {
    /// AddPolicyGrant's client token: the same grant asked twice is one grant.
    pub fn token(&self, domain: &str) -> String {
        let text = serde_json::to_string(self).expect("serialises");
        super::token(&["grant", domain, &text])
    }
}

/// An environment of a project profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentConfiguration {
    pub name: String,
    pub blueprint_id: String,
    pub description: String,
    /// `ON_CREATE` (else `ON_DEMAND`).
    pub on_create: bool,
    pub order: Option<i32>,
    pub account: String,
    pub region: String,
}

/// A project profile as the domain has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    /// (environment name, blueprint id, deployment order) of each environment.
    pub environments: Vec<(String, String, Option<i32>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewProfile {
    pub name: String,
    pub description: String,
    pub domain_unit: String,
    pub environments: Vec<EnvironmentConfiguration>,
}

/// The DataZone calls of a Unified Studio publish.
pub trait UnifiedApi {
    /// GetDomain.
    fn domain(&mut self, id: &str) -> Result<Domain, Error>;
    /// ListEnvironmentBlueprints (custom ones, all pages, exact name), then
    /// GetEnvironmentBlueprint.
    fn find_blueprint(&mut self, domain: &str, name: &str) -> Result<Option<EnvBlueprint>, Error>;
    /// CreateEnvironmentBlueprint: the new blueprint's id.
    fn create_blueprint(&mut self, domain: &str, blueprint: &NewBlueprint)
        -> Result<String, Error>;
    /// UpdateEnvironmentBlueprint.
    fn update_blueprint(
        &mut self,
        domain: &str,
        id: &str,
        blueprint: &NewBlueprint,
    ) -> Result<(), Error>;
    /// GetEnvironmentBlueprintConfiguration (None: not enabled in this account).
    fn blueprint_configuration(
        &mut self,
        domain: &str,
        blueprint: &str,
    ) -> Result<Option<BlueprintConfiguration>, Error>;
    /// PutEnvironmentBlueprintConfiguration.
    fn put_blueprint_configuration(
        &mut self,
        domain: &str,
        blueprint: &str,
        configuration: &BlueprintConfiguration,
    ) -> Result<(), Error>;
    /// ListEnvironmentBlueprints (managed ones, exact name): the id.
    fn managed_blueprint(&mut self, domain: &str, name: &str) -> Result<Option<String>, Error>;
    /// ListPolicyGrants on the grant's entity and policy type: whether one grants it.
    fn has_grant(&mut self, domain: &str, grant: &Grant) -> Result<bool, Error>;
    /// AddPolicyGrant.
    fn add_grant(&mut self, domain: &str, grant: &Grant) -> Result<(), Error>;
    /// ListProjectProfiles (all pages, exact name), then GetProjectProfile.
    fn find_profile(&mut self, domain: &str, name: &str) -> Result<Option<Profile>, Error>;
    /// CreateProjectProfile, ENABLED: its id.
    fn create_profile(&mut self, domain: &str, profile: &NewProfile) -> Result<String, Error>;
    /// GetProjectProfile, then UpdateProjectProfile with every environment it has (as it has
    /// them) and `environment`.
    fn add_to_profile(
        &mut self,
        domain: &str,
        profile: &str,
        environment: &EnvironmentConfiguration,
    ) -> Result<(), Error>;
}

/// The `--unified-studio` settings, resolved (`catalog.unified_studio` under the flags).
#[derive(Debug, Clone)]
pub struct Unified {
    /// The DataZone domain (`dzd-...` or `dzd_...`).
    pub domain_id: String,
    /// None: `service-role/AmazonSageMakerProvisioning-ACCOUNT`, the role the console's
    /// blueprint setup creates.
    pub provisioning_role: Option<String>,
    /// None: `service-role/AmazonSageMakerManageAccess-REGION-DOMAIN`.
    pub manage_access_role: Option<String>,
    /// The regions to enable the blueprint in (empty: the domain's).
    pub regions: Vec<String>,
    /// The project profile to offer it in (default: the blueprint's name).
    pub project_profile: Option<String>,
    /// The domain unit whose projects and users get the grants (None: the root unit).
    pub domain_unit: Option<String>,
    pub grantee: Grantee,
    /// The blueprint is the profile's tooling environment (`catalog.tooling`).
    pub tooling: bool,
    /// The Unified Studio template and its user parameters.
    pub template: UnifiedTemplate,
    /// Where the Unified Studio template is uploaded (key in the bucket).
    pub template_key: String,
}

/// What a Unified Studio publish left in the domain.
#[derive(Debug, Default, Clone, Serialize)]
pub struct UnifiedReport {
    pub domain_id: String,
    pub blueprint_id: String,
    pub project_profile_id: String,
    pub template_url: String,
}
