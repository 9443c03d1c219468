//! Which repository the seed step pushes to, and what that adds to the product template.
//!
//! CodeCommit is the default: the blueprint's own CodeCommit repository (`catalog.repository`
//! in its manifest), else one the template creates. A platform that keeps code on GitHub or
//! GitLab configures a CodeConnections connection instead. CloudFormation cannot create
//! repositories on those hosts, so the launch form asks for an existing one (owner and name,
//! the name defaulting to the SageMaker project's), the seed's CodeBuild project takes it as
//! its source through the connection, and CodeBuild's git credential helper lets the seed push
//! with the connection's token. Keeping this apart from `seed` keeps the build script the same
//! for every host: only the URL and the credentials differ.

use super::cfn::tagged;
use super::Error;
use crate::blueprint::Blueprint;
use crate::settings::Provider;
use crate::yaml;
use serde_json::{json, Value as Json};

/// The parameters a connection adds to the launch form.
pub const OWNER_PARAMETER: &str = "JigRepositoryOwner";
pub const NAME_PARAMETER: &str = "JigRepositoryName";
/// True when the launch form left the repository name empty (use the project's name).
const NAME_IS_PROJECT: &str = "JigRepositoryNameIsProjectName";

/// What the catalog needs to know of each git host.
impl Provider {
    /// CodeBuild's source type.
    fn source_type(self) -> &'static str {
        match self {
            Provider::Codecommit => "CODECOMMIT",
            Provider::Github => "GITHUB",
            Provider::Gitlab => "GITLAB",
            Provider::GithubEnterprise => "GITHUB_ENTERPRISE",
            Provider::GitlabSelfManaged => "GITLAB_SELF_MANAGED",
        }
    }

    /// The host of the public service; the others need `host`.
    fn default_host(self) -> Option<&'static str> {
        match self {
            Provider::Github => Some("github.com"),
            Provider::Gitlab => Some("gitlab.com"),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Provider::Codecommit => "CodeCommit",
            Provider::Github | Provider::GithubEnterprise => "GitHub",
            Provider::Gitlab | Provider::GitlabSelfManaged => "GitLab",
        }
    }
}

/// Where seeded projects live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repository {
    CodeCommit,
    Connection {
        provider: Provider,
        /// The CodeConnections (or older CodeStar Connections) connection ARN.
        connection_arn: String,
        /// Default owner (user, organisation or group path) on the launch form.
        owner: String,
        host: String,
    },
}

impl Repository {
    /// A connection's settings checked: a host for self-hosted providers, an owner.
    pub fn connection(
        provider: Provider,
        connection_arn: String,
        owner: String,
        host: Option<String>,
    ) -> Result<Repository, Error> {
        if provider == Provider::Codecommit {
            return Ok(Repository::CodeCommit);
        }
        let host = host
            .or_else(|| provider.default_host().map(str::to_string))
            .ok_or_else(|| Error::NotConfigured {
                what: format!("the host of the {} server", provider.label()),
                hint: "set `catalog.repository.host` in the config file".into(),
            })?;
        Ok(Repository::Connection {
            provider,
            connection_arn,
            owner,
            host: host.trim_end_matches('/').to_string(),
        })
    }
}

impl Repository {
    /// What a person launching the product must do first, if anything.
    pub fn prerequisite(&self) -> Option<String> {
        match self {
            Repository::CodeCommit => None,
            Repository::Connection { provider, host, owner, .. } => Some(format!(
                "projects are seeded into an existing {} repository on {host} (owner `{owner}` by default, named like the project unless the launch form says otherwise); create it with a first commit, and give the seed's CodeBuild role codeconnections:UseConnection and codeconnections:GetConnectionToken on the connection",
                provider.label()
            )),
        }
    }
}

/// What the repository adds to the product template.
#[derive(Debug)]
pub struct Target {
    /// `JigRepository` when the template creates the CodeCommit repository itself.
    pub resources: yaml::Mapping,
    /// Launch-form parameters, in order, shown under `group`.
    pub parameters: Vec<LaunchParameter>,
    pub group: String,
    pub conditions: yaml::Mapping,
    /// The HTTPS clone URL, as a CloudFormation expression.
    pub url: yaml::Value,
    /// The seed project's `Source`, without its buildspec.
    pub source: yaml::Mapping,
    /// Install-phase commands that give git its credentials.
    pub credentials: Vec<&'static str>,
    /// Whether the buildspec turns on CodeBuild's git credential helper.
    pub credential_helper: bool,
}

/// A launch-form parameter jig adds (not a question's).
#[derive(Debug, Clone)]
pub struct LaunchParameter {
    pub name: &'static str,
    pub label: &'static str,
    pub body: Json,
}

/// The seed target of `blueprint` under `repository`.
pub fn target(blueprint: &Blueprint, repository: &Repository) -> Result<Target, Error> {
    let m = &blueprint.manifest;
    let sub = |s: &str| tagged("Sub", yaml::Value::String(s.to_string()));
    let mut target = Target {
        resources: yaml::Mapping::new(),
        parameters: Vec::new(),
        conditions: yaml::Mapping::new(),
        url: yaml::Value::Null,
        source: yaml::Mapping::new(),
        credentials: Vec::new(),
        credential_helper: false,
        group: String::new(),
    };
    match repository {
        Repository::CodeCommit => {
            let id = match &m.catalog.repository {
                Some(id) => id.clone(),
                None => {
                    let mut props = yaml::Mapping::new();
                    props.insert(
                        "RepositoryName".into(),
                        sub("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}"),
                    );
                    props.insert(
                        "RepositoryDescription".into(),
                        format!(
                            "{} (from blueprint {} {})",
                            m.description, m.name, m.version
                        )
                        .into(),
                    );
                    let mut repo = yaml::Mapping::new();
                    repo.insert("Type".into(), "AWS::CodeCommit::Repository".into());
                    repo.insert("Properties".into(), yaml::Value::Mapping(props));
                    target
                        .resources
                        .insert("JigRepository".into(), yaml::Value::Mapping(repo));
                    "JigRepository".to_string()
                }
            };
            target.url = tagged("GetAtt", format!("{id}.CloneUrlHttp").into());
            target.source.insert("Type".into(), "NO_SOURCE".into());
            target.credentials = vec![
                "git config --global credential.helper '!aws codecommit credential-helper $@'",
                "git config --global credential.UseHttpPath true",
            ];
        }
        Repository::Connection {
            provider,
            connection_arn,
            owner,
            host,
        } => {
            if let Some(id) = &m.catalog.repository {
                return Err(Error::SeedTarget {
                    blueprint: m.name.clone(),
                    resource: id.clone(),
                    provider: provider.label(),
                });
            }
            let label = provider.label();
            target.parameters = vec![
                LaunchParameter {
                    name: OWNER_PARAMETER,
                    label: "Repository owner",
                    body: json!({"Type": "String", "Default": owner,
                           "Description": format!("The {label} user, organisation or group on {host} that owns the repository"),
                           "AllowedPattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$",
                           "ConstraintDescription": "a user, organisation or group path"}),
                },
                LaunchParameter {
                    name: NAME_PARAMETER,
                    label: "Repository name",
                    body: json!({"Type": "String", "Default": "",
                           "Description": format!("An existing {label} repository jig seeds; empty means one named like the SageMaker project. Create it with a first commit (a README); the project is committed on top"),
                           "AllowedPattern": "^[A-Za-z0-9_.-]*$",
                           "ConstraintDescription": "letters, digits, '.', '_' and '-'"}),
                },
            ];
            target.group = format!("{label} repository");
            target.conditions.insert(
                NAME_IS_PROJECT.into(),
                tagged(
                    "Equals",
                    yaml::Value::Sequence(vec![tagged("Ref", NAME_PARAMETER.into()), "".into()]),
                ),
            );
            let name = tagged(
                "If",
                yaml::Value::Sequence(vec![
                    NAME_IS_PROJECT.into(),
                    tagged("Ref", "SageMakerProjectName".into()),
                    tagged("Ref", NAME_PARAMETER.into()),
                ]),
            );
            let mut vars = yaml::Mapping::new();
            vars.insert("Owner".into(), tagged("Ref", OWNER_PARAMETER.into()));
            vars.insert("Name".into(), name);
            target.url = tagged(
                "Sub",
                yaml::Value::Sequence(vec![
                    format!("https://{host}/${{Owner}}/${{Name}}.git").into(),
                    yaml::Value::Mapping(vars),
                ]),
            );
            let mut auth = yaml::Mapping::new();
            auth.insert("Type".into(), "CODECONNECTIONS".into());
            auth.insert("Resource".into(), connection_arn.clone().into());
            target
                .source
                .insert("Type".into(), provider.source_type().into());
            target.source.insert("Location".into(), target.url.clone());
            target
                .source
                .insert("Auth".into(), yaml::Value::Mapping(auth));
            target.source.insert("GitCloneDepth".into(), 1.into());
            target.credential_helper = true;
        }
    }
    Ok(target)
}
