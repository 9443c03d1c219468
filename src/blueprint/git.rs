//! `catalog.git`: which git providers a blueprint's product works with, and whether the
//! CodeConnections ARN is a launch-form parameter or fixed when the product is published.
//!
//! A blueprint whose CloudFormation builds on a GitHub repository (a CodePipeline
//! `CodeStarSourceConnection` source, jig's `JigRepositoryOwner`) is wrong on CodeCommit, and
//! only its author knows it: this section lets the author say so, so that `jig publish` can
//! refuse another provider instead of publishing a product that cannot launch. The provider
//! names are those of `--git-provider` and the config file's `catalog.repository.provider`;
//! this module owns them so the manifest, the config file and the command line agree.

use super::manifest::RawGit;
use super::validate::Validator;
use crate::yaml::Location;

/// A git host the seed step pushes to: CodeCommit, or one reached through CodeConnections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    /// A CodeCommit repository in the project's stack (the default).
    Codecommit,
    Github,
    Gitlab,
    GithubEnterprise,
    GitlabSelfManaged,
    Bitbucket,
}

impl Provider {
    /// Every provider, in the order messages list them.
    pub const ALL: [Provider; 6] = [
        Provider::Codecommit,
        Provider::Github,
        Provider::Gitlab,
        Provider::GithubEnterprise,
        Provider::GitlabSelfManaged,
        Provider::Bitbucket,
    ];

    /// The name written in `blueprint.yaml`, the config file and `--git-provider`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Codecommit => "codecommit",
            Provider::Github => "github",
            Provider::Gitlab => "gitlab",
            Provider::GithubEnterprise => "github-enterprise",
            Provider::GitlabSelfManaged => "gitlab-self-managed",
            Provider::Bitbucket => "bitbucket",
        }
    }

    pub fn parse(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether the seed step reaches this provider through a CodeConnections connection.
    pub fn uses_connection(self) -> bool {
        self != Provider::Codecommit
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a connection provider's CodeConnections ARN comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Connection {
    /// Fixed at publish time (`--connection`, or `catalog.repository.connection_arn`).
    #[default]
    Publish,
    /// A `CodeConnectionArn` parameter on the launch form.
    Launch,
}

impl Connection {
    pub const NAMES: [&'static str; 2] = ["launch", "publish"];

    pub fn parse(name: &str) -> Option<Connection> {
        match name {
            "launch" => Some(Connection::Launch),
            "publish" => Some(Connection::Publish),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Connection::Launch => "launch",
            Connection::Publish => "publish",
        }
    }
}

/// The checked `catalog.git` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Git {
    /// The providers the product works with, in the manifest's order; `None`: any provider.
    pub providers: Option<Vec<Provider>>,
    /// The default for a connection provider (`jig publish --connection-at` overrides it).
    pub connection: Connection,
}

impl Git {
    /// Whether the product may be published for `provider`.
    pub fn supports(&self, provider: Provider) -> bool {
        self.providers
            .as_ref()
            .is_none_or(|list| list.contains(&provider))
    }

    /// The providers the product works with, as a message lists them.
    pub fn supported_names(&self) -> Vec<&'static str> {
        match &self.providers {
            Some(list) => list.iter().map(|p| p.name()).collect(),
            None => Provider::ALL.iter().map(|p| p.name()).collect(),
        }
    }
}

impl Validator {
    /// `catalog.git`: every provider name known (a typo gets the nearest name), none twice,
    /// the list not empty, and `connection` one of `launch`/`publish`.
    pub(super) fn catalog_git(&mut self, raw: Option<RawGit>, at: Location) -> Git {
        let Some(raw) = raw else {
            return Git::default();
        };
        let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
        let providers = raw.providers.map(|list| {
            if list.is_empty() {
                let msg = format!(
                    "catalog.git.providers is empty; list the providers the product works with ({}), or leave the key out for any provider",
                    names.join(", ")
                );
                self.problem(at, msg);
            }
            let mut found = Vec::new();
            for name in &list {
                let at = Location::of_spanned(name);
                match Provider::parse(name.as_str()) {
                    Some(p) if found.contains(&p) => {
                        let msg = format!("catalog.git.providers: `{p}` is listed twice");
                        self.problem(at, msg);
                    }
                    Some(p) => found.push(p),
                    None => {
                        let hint = crate::suggest::did_you_mean(name.as_str(), &names)
                            .map_or(String::new(), |h| format!("; {h}"));
                        let msg = format!(
                            "catalog.git.providers: unknown git provider `{}`{hint} (known: {})",
                            name.as_str(),
                            names.join(", ")
                        );
                        self.problem(at, msg);
                    }
                }
            }
            found
        });
        let connection = match &raw.connection {
            None => Connection::default(),
            Some(name) => Connection::parse(name.as_str()).unwrap_or_else(|| {
                let hint = crate::suggest::did_you_mean(name.as_str(), Connection::NAMES)
                    .map_or(String::new(), |h| format!("; {h}"));
                let msg = format!(
                    "catalog.git.connection: `{}` is not `launch` (a CodeConnectionArn parameter on the launch form) or `publish` (fixed at publish time){hint}",
                    name.as_str()
                );
                self.problem(Location::of_spanned(name), msg);
                Connection::default()
            }),
        };
        if let (Some(list), Some(name)) = (&providers, &raw.connection) {
            if !list.is_empty() && !list.iter().any(|p| p.uses_connection()) {
                let msg = format!(
                    "catalog.git.connection: `{}` is for a provider reached through a connection, and catalog.git.providers lists only codecommit",
                    name.as_str()
                );
                self.problem(Location::of_spanned(name), msg);
            }
        }
        Git {
            providers,
            connection,
        }
    }
}
