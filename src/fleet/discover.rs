//! Repositories found where teams keep them, on every run: a GitHub organisation's (optionally
//! only those with a topic), a GitLab group's with its subgroups (optionally with a topic),
//! and CodeCommit repositories of a region by name prefix and tags. Archived repositories are
//! left out. A discovery that fails stops the run with the reason: a fleet seen in part would
//! pass for a fleet seen whole. So does an answer of the wrong shape (an item that is not a
//! repository), named with its place in the list, rather than read as fewer repositories.

use super::file::{self, CodeCommitRepos, Fleet, GithubOrg, GitlabGroup};
use super::forge::{self, http::Client, Error, Host, Kind};
use serde::Deserialize;

/// A repository as GitHub lists an organisation's.
#[derive(Deserialize)]
#[serde(expecting = "a repository")]
struct GithubRepo {
    name: String,
    clone_url: String,
    archived: Option<bool>,
    topics: Option<Vec<String>>,
}

/// A project as GitLab lists a group's.
#[derive(Deserialize)]
#[serde(expecting = "a project")]
struct GitlabProject {
    path: String,
    http_url_to_repo: String,
}

/// Adds what the fleet file's `discover:` entries find to its members.
pub(crate) fn expand(fleet: &mut Fleet) -> Result<(), Error> {
    for d in fleet.discover.clone() {
        let found = match (&d.github, &d.gitlab, &d.codecommit) {
            (Some(g), _, _) => github(g, &fleet.hosts)?,
            (_, Some(g), _) => gitlab(g, &fleet.hosts)?,
            (_, _, Some(c)) => codecommit(c)?,
            _ => Vec::new(),
        };
        fleet
            .members
            .extend(found.iter().map(|(name, url)| file::discovered(url, name)));
    }
    file::sort(&mut fleet.members);
    Ok(())
}

fn host(kind: Kind, named: Option<&str>, hosts: &[Host]) -> Result<Host, Error> {
    hosts
        .iter()
        .find(|h| h.kind == kind && named.is_none_or(|n| h.host == n))
        .cloned()
        .ok_or_else(|| Error::UnknownForge {
            url: named.unwrap_or_default().to_string(),
        })
}

/// `(name, clone URL)` of the organisation's repositories.
fn github(g: &GithubOrg, hosts: &[Host]) -> Result<Vec<(String, String)>, Error> {
    let host = host(Kind::Github, g.host.as_deref(), hosts)?;
    let auth = forge::token("GitHub", "GITHUB_TOKEN")
        .ok()
        .map(|t| ("Authorization", format!("Bearer {t}")));
    let client = Client::new(
        "GitHub",
        &host.api,
        auth,
        vec![
            ("Accept", "application/vnd.github+json"),
            ("X-GitHub-Api-Version", "2022-11-28"),
        ],
    )?;
    let repos: Vec<GithubRepo> = client.listing(
        &format!("/orgs/{}/repos?type=all&per_page=100", g.org),
        "a repository",
    )?;
    Ok(repos
        .into_iter()
        .filter(|r| !r.archived.unwrap_or(false))
        .filter(|r| {
            g.topic
                .as_ref()
                .is_none_or(|t| r.topics.as_ref().is_some_and(|ts| ts.contains(t)))
        })
        .map(|r| (r.name, r.clone_url))
        .collect())
}

/// `(name, clone URL)` of the group's projects, subgroups included.
fn gitlab(g: &GitlabGroup, hosts: &[Host]) -> Result<Vec<(String, String)>, Error> {
    let host = host(Kind::Gitlab, g.host.as_deref(), hosts)?;
    let auth = forge::token("GitLab", "GITLAB_TOKEN")
        .ok()
        .map(|t| ("PRIVATE-TOKEN", t));
    let client = Client::new("GitLab", &host.api, auth, Vec::new())?;
    let mut path = format!(
        "/groups/{}/projects?include_subgroups=true&archived=false&per_page=100",
        forge::gitlab::encode(&g.group)
    );
    if let Some(t) = &g.topic {
        path.push_str(&format!("&topic={}", forge::gitlab::encode(t)));
    }
    let projects: Vec<GitlabProject> = client.listing(&path, "a project")?;
    Ok(projects
        .into_iter()
        .map(|p| (p.path, p.http_url_to_repo))
        .collect())
}

fn codecommit(c: &CodeCommitRepos) -> Result<Vec<(String, String)>, Error> {
    let tags: Vec<(String, String)> = c.tags.clone().into_iter().collect();
    (forge::codecommit()?.discover)(
        c.region.as_deref(),
        c.prefix.as_deref().unwrap_or(""),
        &tags,
    )
}
