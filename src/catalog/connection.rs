//! What a git host reached through CodeConnections adds to the launch form: the repository's
//! owner, each repository's name, and (when the connection is chosen at launch) the
//! connection's ARN, with the patterns and descriptions the console shows.
//!
//! Kept apart from `repository` so that what each provider calls an owner, and what its names
//! may hold, is in one place; `repository` only wires these parameters into the seed project.

use super::repository::LaunchParameter;
use crate::settings::Provider;
use serde_json::json;

/// The launch parameter holding the connection's ARN when it is chosen at launch, as AWS's
/// own third-party-git templates call it.
pub const ARN_PARAMETER: &str = "CodeConnectionArn";

/// A CodeConnections (or older CodeStar Connections) connection ARN, in any partition.
pub const ARN_PATTERN: &str =
    "^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:connection/[A-Za-z0-9-]+$";

/// What the launch form shows as a repository name's default: the repository is named like
/// the SageMaker project (CloudFormation computes it). No host allows `<` or a space in a
/// repository name, so it cannot be mistaken for one.
pub const PROJECT_NAME_TOKEN: &str = "<project name>";

/// Where the connection ARN comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionArn {
    /// Fixed at publish time.
    Fixed(String),
    /// A `CodeConnectionArn` launch parameter, defaulting to the publisher's ARN if given.
    Launch { default: Option<String> },
}

/// What the catalog needs to know of each git host.
impl Provider {
    /// CodeBuild's source type.
    pub(super) fn source_type(self) -> &'static str {
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
    pub(super) fn default_host(self) -> Option<&'static str> {
        match self {
            Provider::Github => Some("github.com"),
            Provider::Gitlab => Some("gitlab.com"),
            Provider::Bitbucket => Some("bitbucket.org"),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Provider::Codecommit => "CodeCommit",
            Provider::Github | Provider::GithubEnterprise => "GitHub",
            Provider::Gitlab | Provider::GitlabSelfManaged => "GitLab",
            Provider::Bitbucket => "Bitbucket",
        }
    }

    /// What owns a repository on this host, as the launch form says it.
    fn owner_noun(self) -> &'static str {
        match self {
            Provider::Gitlab | Provider::GitlabSelfManaged => "user, group or subgroup path",
            Provider::Bitbucket => "workspace",
            _ => "user or organisation",
        }
    }

    /// An owner's pattern: GitLab owners are group paths (`acme/ml`), the others one name.
    fn owner_pattern(self) -> &'static str {
        match self {
            Provider::Gitlab | Provider::GitlabSelfManaged => {
                "^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$"
            }
            _ => "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        }
    }
}

/// `JigRepositoryOwner`, defaulting to the configured owner.
pub(super) fn owner_parameter(provider: Provider, owner: &str, host: &str) -> LaunchParameter {
    let noun = provider.owner_noun();
    LaunchParameter {
        name: super::repository::OWNER_PARAMETER.into(),
        label: "Repository owner".into(),
        body: json!({"Type": "String", "Default": owner,
               "Description": format!("The {} {noun} on {host} that owns the repository", provider.label()),
               "AllowedPattern": provider.owner_pattern(),
               "ConstraintDescription": format!("a {noun}")}),
    }
}

/// `JigRepositoryName` (or `...ModelDeploy`): its default, a token CloudFormation turns into
/// the project's name (followed by `-REPOSITORY` for one of several repositories).
pub(super) fn name_parameter(
    provider: Provider,
    parameter: &str,
    repository: Option<&str>,
) -> (LaunchParameter, String) {
    let (label, token) = match repository {
        None => (
            "Repository name".to_string(),
            PROJECT_NAME_TOKEN.to_string(),
        ),
        Some(n) => (
            format!("Repository name ({n})"),
            format!("{PROJECT_NAME_TOKEN}-{n}"),
        ),
    };
    let pattern = format!("^({}|[A-Za-z0-9_.-]+)$", regex::escape(&token));
    let parameter = LaunchParameter {
        name: parameter.to_string(),
        label,
        body: json!({"Type": "String", "Default": token,
               "Description": format!("An existing {} repository jig seeds. `{token}` (the default) means the repository named like the SageMaker project{}; type another name to seed that one. Create it with a first commit (a README); the project is committed on top", provider.label(), match repository { None => String::new(), Some(n) => format!(" followed by `-{n}`") }),
               "AllowedPattern": pattern,
               "ConstraintDescription": format!("`{token}`, or letters, digits, '.', '_' and '-'")}),
    };
    (parameter, token)
}

/// `CodeConnectionArn`, when the connection is chosen at launch.
pub(super) fn arn_parameter(provider: Provider, default: Option<&str>) -> LaunchParameter {
    let mut body = json!({"Type": "String",
           "Description": format!("The CodeConnections connection to {} the seed pushes through (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID); its app needs write access to the repository", provider.label()),
           "AllowedPattern": ARN_PATTERN,
           "ConstraintDescription": "a CodeConnections connection ARN: arn:aws:codeconnections:REGION:ACCOUNT:connection/ID"});
    if let Some(arn) = default {
        body["Default"] = json!(arn);
    }
    LaunchParameter {
        name: ARN_PARAMETER.into(),
        label: format!("{} connection", provider.label()),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patterns_take_what_the_hosts_take_and_the_defaults_they_offer() {
        let arn = regex::Regex::new(ARN_PATTERN).unwrap();
        assert!(arn.is_match("arn:aws:codeconnections:eu-west-1:111122223333:connection/0c1d-9f"));
        assert!(arn.is_match(
            "arn:aws-us-gov:codestar-connections:us-gov-west-1:111122223333:connection/ab"
        ));
        assert!(!arn.is_match("arn:aws:codeconnections:eu-west-1:1111:connection/ab"));
        assert!(!arn.is_match("<unset catalog.repository.connection_arn>"));

        for repository in [None, Some("model-deploy")] {
            let (p, token) = name_parameter(Provider::Github, "JigRepositoryName", repository);
            let pattern = regex::Regex::new(p.body["AllowedPattern"].as_str().unwrap()).unwrap();
            assert_eq!(p.body["Default"], token.as_str());
            assert!(pattern.is_match(&token), "{token}");
            assert!(pattern.is_match("churn-model.v2"));
            assert!(!pattern.is_match(""), "never empty");
            assert!(!pattern.is_match("a b"));
        }

        let gitlab = regex::Regex::new(Provider::Gitlab.owner_pattern()).unwrap();
        assert!(gitlab.is_match("acme/ml"));
        let bitbucket = regex::Regex::new(Provider::Bitbucket.owner_pattern()).unwrap();
        assert!(bitbucket.is_match("acme-ml"));
        assert!(!bitbucket.is_match("acme/ml"));
    }
}
