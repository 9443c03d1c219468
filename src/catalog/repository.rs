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
pub use crate::blueprint::catalog::{
    REPOSITORY_NAME as NAME_PARAMETER, REPOSITORY_OWNER as OWNER_PARAMETER,
};
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
            Provider::Bitbucket => "BITBUCKET",
        }
    }

    /// The host of the public service; the others need `host`.
    fn default_host(self) -> Option<&'static str> {
        match self {
            Provider::Github => Some("github.com"),
            Provider::Gitlab => Some("gitlab.com"),
            Provider::Bitbucket => Some("bitbucket.org"),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Provider::Codecommit => "CodeCommit",
            Provider::Github | Provider::GithubEnterprise => "GitHub",
            Provider::Gitlab | Provider::GitlabSelfManaged => "GitLab",
            Provider::Bitbucket => "Bitbucket",
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

/// What the repositories add to the product template.
#[derive(Debug)]
pub struct Target {
    /// `JigRepository` (and the like) when the template creates the CodeCommit repositories.
    pub resources: yaml::Mapping,
    /// Launch-form parameters, in order, shown under `group`.
    pub parameters: Vec<LaunchParameter>,
    pub group: String,
    pub conditions: yaml::Mapping,
    /// Each repository the seed pushes to, in the blueprint's order.
    pub seeded: Vec<Seeded>,
    /// The seed project's `Source`, without its buildspec.
    pub source: yaml::Mapping,
    /// Further sources of the seed project (the other repositories on a connection).
    pub secondary_sources: Vec<yaml::Mapping>,
    /// Install-phase commands that give git its credentials.
    pub credentials: Vec<&'static str>,
    /// Whether the buildspec turns on CodeBuild's git credential helper.
    pub credential_helper: bool,
}

/// One repository the seed step pushes to.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// Which of the blueprint's `repositories:` (none when it makes one).
    pub repository: Option<String>,
    /// The seed's environment variable holding the clone URL.
    pub var: String,
    /// The HTTPS clone URL, as a CloudFormation expression.
    pub url: yaml::Value,
    /// The stack output naming it.
    pub output: String,
}

/// A launch-form parameter jig adds (not a question's).
#[derive(Debug, Clone)]
pub struct LaunchParameter {
    pub name: String,
    pub label: String,
    pub body: Json,
}

/// `model-deploy` as it appears in logical ids and parameter names: `ModelDeploy`.
pub fn pascal(name: &str) -> String {
    crate::blueprint::catalog::pascal(name)
}

/// The environment variable with the clone URL of `repository` (`JIG_REPOSITORY_URL` for a
/// blueprint that makes one, `JIG_REPOSITORY_URL_MODEL_DEPLOY` for one of several).
pub fn url_var(repository: Option<&str>) -> String {
    match repository {
        None => crate::env::JIG_REPOSITORY_URL.to_string(),
        Some(name) => format!(
            "{}_{}",
            crate::env::JIG_REPOSITORY_URL,
            name.to_ascii_uppercase().replace('-', "_")
        ),
    }
}

/// The blueprint's repositories as (name, CodeCommit logical id it names, suffix for ids).
fn each(blueprint: &Blueprint) -> Vec<(Option<String>, Option<String>, String)> {
    let m = &blueprint.manifest;
    if m.repositories.is_empty() {
        return vec![(None, m.catalog.repository.clone(), String::new())];
    }
    m.repositories
        .iter()
        .map(|r| {
            let id = m.catalog.repositories.get(&r.name).cloned();
            (Some(r.name.clone()), id, pascal(&r.name))
        })
        .collect()
}

/// The seed target of `blueprint` under `repository`.
pub fn target(blueprint: &Blueprint, repository: &Repository) -> Result<Target, Error> {
    let m = &blueprint.manifest;
    let sub = |s: &str| tagged("Sub", yaml::Value::String(s.to_string()));
    let mut target = Target {
        resources: yaml::Mapping::new(),
        parameters: Vec::new(),
        conditions: yaml::Mapping::new(),
        seeded: Vec::new(),
        source: yaml::Mapping::new(),
        secondary_sources: Vec::new(),
        credentials: Vec::new(),
        credential_helper: false,
        group: String::new(),
    };
    let repositories = each(blueprint);
    match repository {
        Repository::CodeCommit => {
            for (name, id, suffix) in repositories {
                let id = match id {
                    Some(id) => id,
                    None => {
                        let id = format!("JigRepository{suffix}");
                        let dash = name.as_ref().map_or(String::new(), |n| format!("-{n}"));
                        let mut props = yaml::Mapping::new();
                        props.insert(
                            "RepositoryName".into(),
                            sub(&format!(
                                "sagemaker-${{SageMakerProjectName}}-${{SageMakerProjectId}}{dash}"
                            )),
                        );
                        let what = name.as_ref().map_or(String::new(), |n| format!(", {n}"));
                        props.insert(
                            "RepositoryDescription".into(),
                            format!(
                                "{} (from blueprint {} {}{what})",
                                m.description, m.name, m.version
                            )
                            .into(),
                        );
                        let mut repo = yaml::Mapping::new();
                        repo.insert("Type".into(), "AWS::CodeCommit::Repository".into());
                        repo.insert("Properties".into(), yaml::Value::Mapping(props));
                        target
                            .resources
                            .insert(id.clone().into(), yaml::Value::Mapping(repo));
                        id
                    }
                };
                target.seeded.push(Seeded {
                    var: url_var(name.as_deref()),
                    repository: name,
                    url: tagged("GetAtt", format!("{id}.CloneUrlHttp").into()),
                    output: format!("JigRepositoryCloneUrl{suffix}"),
                });
            }
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
            if let Some((_, Some(id), _)) = repositories.iter().find(|(_, id, _)| id.is_some()) {
                return Err(Error::SeedTarget {
                    blueprint: m.name.clone(),
                    resource: id.clone(),
                    key: match m.repositories.is_empty() {
                        true => "catalog.repository",
                        false => "catalog.repositories",
                    },
                    provider: provider.label(),
                });
            }
            let label = provider.label();
            target.parameters.push(LaunchParameter {
                name: OWNER_PARAMETER.into(),
                label: "Repository owner".into(),
                body: json!({"Type": "String", "Default": owner,
                       "Description": format!("The {label} user, organisation or group on {host} that owns the repository"),
                       "AllowedPattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$",
                       "ConstraintDescription": "a user, organisation or group path"}),
            });
            target.group = format!("{label} repository");
            let mut auth = yaml::Mapping::new();
            auth.insert("Type".into(), "CODECONNECTIONS".into());
            auth.insert("Resource".into(), connection_arn.clone().into());
            for (name, _, suffix) in repositories {
                let parameter = format!("{NAME_PARAMETER}{suffix}");
                let condition = format!("{NAME_IS_PROJECT}{suffix}");
                let (label, default_name, project) = match &name {
                    None => (
                        "Repository name".to_string(),
                        "the SageMaker project".to_string(),
                        tagged("Ref", "SageMakerProjectName".into()),
                    ),
                    Some(n) => (
                        format!("Repository name ({n})"),
                        format!("the SageMaker project followed by `-{n}`"),
                        sub(&format!("${{SageMakerProjectName}}-{n}")),
                    ),
                };
                target.parameters.push(LaunchParameter {
                    name: parameter.clone(),
                    label,
                    body: json!({"Type": "String", "Default": "",
                           "Description": format!("An existing {} repository jig seeds; empty means one named like {default_name}. Create it with a first commit (a README); the project is committed on top", provider.label()),
                           "AllowedPattern": "^[A-Za-z0-9_.-]*$",
                           "ConstraintDescription": "letters, digits, '.', '_' and '-'"}),
                });
                target.conditions.insert(
                    condition.clone().into(),
                    tagged(
                        "Equals",
                        yaml::Value::Sequence(vec![
                            tagged("Ref", parameter.clone().into()),
                            "".into(),
                        ]),
                    ),
                );
                let repo_name = tagged(
                    "If",
                    yaml::Value::Sequence(vec![
                        condition.into(),
                        project,
                        tagged("Ref", parameter.into()),
                    ]),
                );
                let mut vars = yaml::Mapping::new();
                vars.insert("Owner".into(), tagged("Ref", OWNER_PARAMETER.into()));
                vars.insert("Name".into(), repo_name);
                let url = tagged(
                    "Sub",
                    yaml::Value::Sequence(vec![
                        format!("https://{host}/${{Owner}}/${{Name}}.git").into(),
                        yaml::Value::Mapping(vars),
                    ]),
                );
                let mut source = yaml::Mapping::new();
                source.insert("Type".into(), provider.source_type().into());
                source.insert("Location".into(), url.clone());
                source.insert("Auth".into(), yaml::Value::Mapping(auth.clone()));
                source.insert("GitCloneDepth".into(), 1.into());
                // The first repository is the build's source; the others are fetched too,
                // so the connection's credentials cover every push.
                if target.seeded.is_empty() {
                    target.source = source;
                } else {
                    let id = format!("repo_{}", suffix.to_ascii_lowercase());
                    source.insert("SourceIdentifier".into(), id.into());
                    target.secondary_sources.push(source);
                }
                target.seeded.push(Seeded {
                    var: url_var(name.as_deref()),
                    repository: name,
                    url,
                    output: format!("JigRepositoryCloneUrl{suffix}"),
                });
            }
            target.credential_helper = true;
        }
    }
    Ok(target)
}
