//! Where a person opens a fleet repository in a browser: the web page of a repository, one of
//! its commits and one of its branches, made from its git URL for the forges jig knows
//! (GitHub, GitLab, including the self-hosted ones the fleet file names, and CodeCommit's
//! console). A local path or a host jig does not know has no page: the report shows the
//! location as text rather than guess a link that may not exist. Pure.

use super::forge::{self, Host, Kind};
use serde::{Deserialize, Serialize};

/// A repository's pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Links {
    /// The repository's page.
    pub repository: String,
    /// The page of the commit read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// A repository on a forge, as far as its pages go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Site {
    kind: Kind,
    /// `https://github.com/acme/churn`; CodeCommit: the console's repository page.
    base: String,
    /// CodeCommit's region and repository name.
    region: String,
    name: String,
}

impl Site {
    /// The site of the repository at `url`, when it is on a forge jig knows.
    pub(crate) fn of(url: &str, hosts: &[Host]) -> Option<Site> {
        let host = forge::host_of(url, hosts)?;
        match host.kind {
            Kind::Github | Kind::Gitlab => {
                let path = forge::repo_path(url)?;
                let base = format!("{}/{path}", origin(url)?);
                Some(Site {
                    kind: host.kind,
                    base,
                    region: String::new(),
                    name: String::new(),
                })
            }
            Kind::Codecommit => {
                let (region, name) = codecommit(url)?;
                let base = format!(
                    "https://{region}.console.aws.amazon.com/codesuite/codecommit/repositories/{name}"
                );
                Some(Site {
                    kind: Kind::Codecommit,
                    base,
                    region,
                    name,
                })
            }
        }
    }

    /// The repository's page and, with `commit`, the commit's.
    pub(crate) fn links(&self, commit: Option<&str>) -> Links {
        Links {
            repository: self.page(""),
            commit: commit.map(|sha| self.page(&format!("commit/{sha}"))),
        }
    }

    /// A branch's page.
    pub(crate) fn branch(&self, branch: &str) -> String {
        match self.kind {
            Kind::Github => self.page(&format!("tree/{branch}")),
            Kind::Gitlab => self.page(&format!("tree/{branch}")),
            Kind::Codecommit => self.page(&format!("browse/refs/heads/{branch}")),
        }
    }

    fn page(&self, tail: &str) -> String {
        match self.kind {
            Kind::Github if tail.is_empty() => self.base.clone(),
            Kind::Github => format!("{}/{tail}", self.base),
            Kind::Gitlab if tail.is_empty() => self.base.clone(),
            Kind::Gitlab => format!("{}/-/{tail}", self.base),
            Kind::Codecommit => {
                let tail = if tail.is_empty() { "browse" } else { tail };
                format!("{}/{tail}?region={}", self.base, self.region)
            }
        }
    }
}

/// The web origin of a git URL: `https://` and the host for ssh and scp-like addresses (their
/// port is ssh's), the URL's own scheme, host and port for `http(s)://`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (scheme, rest),
        None => ("ssh", url),
    };
    let authority = rest.split('/').next()?;
    let authority = authority.rsplit('@').next()?;
    match scheme {
        "http" | "https" => Some(format!("{scheme}://{authority}")),
        "ssh" | "git" | "git+ssh" | "ssh+git" => {
            let host = authority.split(':').next()?;
            Some(format!("https://{host}"))
        }
        _ => None,
    }
}

/// CodeCommit's region and repository name: from its HTTPS or SSH endpoint
/// (`git-codecommit.REGION.amazonaws.com/v1/repos/NAME`) or a `codecommit::REGION://NAME` URL.
fn codecommit(url: &str) -> Option<(String, String)> {
    if let Some(rest) = url.strip_prefix("codecommit::") {
        let (region, name) = rest.split_once("://")?;
        let name = name.rsplit('@').next()?;
        return Some((region.to_string(), name.to_string()));
    }
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next()?.rsplit('@').next()?;
    let host = authority.split(':').next()?;
    let region = host
        .strip_prefix("git-codecommit.")?
        .split('.')
        .next()?
        .to_string();
    let name = rest.split("/v1/repos/").nth(1)?.trim_end_matches('/');
    (!name.is_empty()).then(|| (region, name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str) -> Option<Links> {
        Site::of(url, &forge::public_hosts()).map(|s| s.links(Some("abc123")))
    }

    #[test]
    fn forges_pages_from_git_urls() {
        let hub = page("git@github.com:acme/churn.git").unwrap();
        assert_eq!(hub.repository, "https://github.com/acme/churn");
        assert_eq!(
            hub.commit.as_deref(),
            Some("https://github.com/acme/churn/commit/abc123")
        );
        assert_eq!(
            page("https://x-token@github.com/acme/churn.git")
                .unwrap()
                .repository,
            "https://github.com/acme/churn"
        );
        let lab = page("ssh://git@gitlab.com:2222/acme/ml/churn.git").unwrap();
        assert_eq!(lab.repository, "https://gitlab.com/acme/ml/churn");
        assert_eq!(
            lab.commit.as_deref(),
            Some("https://gitlab.com/acme/ml/churn/-/commit/abc123")
        );
        let cc = page("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/churn").unwrap();
        assert_eq!(
            cc.repository,
            "https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/churn/browse?region=eu-west-1"
        );
        assert_eq!(
            cc.commit.as_deref(),
            Some("https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/churn/commit/abc123?region=eu-west-1")
        );
        assert_eq!(
            page("codecommit::us-east-1://churn").unwrap().repository,
            "https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/churn/browse?region=us-east-1"
        );
        assert_eq!(page("https://git.example.com/acme/a.git"), None);
        assert_eq!(page("/srv/git/churn"), None);
    }

    #[test]
    fn a_self_hosted_forge_keeps_its_scheme_and_port() {
        let hosts = vec![Host {
            kind: Kind::Gitlab,
            host: "127.0.0.1:8443".into(),
            api: "http://127.0.0.1:8443/api/v4".into(),
        }];
        let site = Site::of("http://127.0.0.1:8443/acme/a.git", &hosts).unwrap();
        assert_eq!(site.links(None).repository, "http://127.0.0.1:8443/acme/a");
        assert_eq!(
            site.branch("jig/team-py-2.0.0"),
            "http://127.0.0.1:8443/acme/a/-/tree/jig/team-py-2.0.0"
        );
    }
}
