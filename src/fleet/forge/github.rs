//! Pull requests through GitHub's REST API (github.com, or GitHub Enterprise Server at the
//! API URL the fleet file gives): list the open ones, open, refresh, close with a comment,
//! and delete a superseded branch. Authenticated with `GITHUB_TOKEN`.

use super::http::Client;
use super::{Error, Forge, Proposal, Request};
use serde_json::json;

pub(crate) struct Github {
    client: Client,
    /// `owner/name`.
    repo: String,
}

impl Github {
    pub(crate) fn new(url: &str, api: &str) -> Result<Github, Error> {
        let repo = super::repo_path(url).ok_or_else(|| Error::NotARepository {
            forge: "GitHub",
            url: url.to_string(),
        })?;
        let token = super::token("GitHub", "GITHUB_TOKEN")?;
        let client = Client::new(
            "GitHub",
            api,
            Some(("Authorization", format!("Bearer {token}"))),
            vec![
                ("Accept", "application/vnd.github+json"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ],
        )?;
        Ok(Github { client, repo })
    }
}

/// A pull request as GitHub answers it: the fields jig reads, each required.
#[derive(serde::Deserialize)]
struct Pull {
    number: u64,
    html_url: String,
    head: Head,
    #[serde(default)]
    draft: bool,
}

#[derive(serde::Deserialize)]
struct Head {
    #[serde(rename = "ref")]
    branch: String,
    /// Absent when the fork it came from was deleted.
    repo: Option<HeadRepo>,
}

#[derive(serde::Deserialize)]
struct HeadRepo {
    full_name: String,
}

impl From<Pull> for Request {
    fn from(pr: Pull) -> Request {
        Request {
            id: pr.number.to_string(),
            url: pr.html_url,
            branch: pr.head.branch,
            draft: pr.draft,
        }
    }
}

const PULL: &str = "a pull request";

impl Forge for Github {
    fn open_requests(&self, prefix: &str) -> Result<Vec<Request>, Error> {
        let pulls: Vec<Pull> = self.client.listing(
            &format!("/repos/{}/pulls?state=open&per_page=100", self.repo),
            PULL,
        )?;
        Ok(pulls
            .into_iter()
            .filter(|p| {
                p.head.repo.as_ref().map(|r| r.full_name.as_str()) == Some(self.repo.as_str())
            })
            .map(Request::from)
            .filter(|r| r.branch.starts_with(prefix))
            .collect())
    }

    fn create(&self, p: &Proposal) -> Result<Request, Error> {
        let body = json!({
            "title": p.title, "head": p.branch, "base": p.base, "body": p.body, "draft": p.draft,
        });
        let pr: Pull = self.client.call_as(
            "POST",
            &format!("/repos/{}/pulls", self.repo),
            Some(&body),
            PULL,
        )?;
        Ok(pr.into())
    }

    fn refresh(&self, r: &Request, p: &Proposal) -> Result<Request, Error> {
        let body = json!({ "title": p.title, "body": p.body });
        let pr: Pull = self.client.call_as(
            "PATCH",
            &format!("/repos/{}/pulls/{}", self.repo, r.id),
            Some(&body),
            PULL,
        )?;
        Ok(pr.into())
    }

    fn close(&self, r: &Request, comment: &str) -> Result<(), Error> {
        self.client.call(
            "POST",
            &format!("/repos/{}/issues/{}/comments", self.repo, r.id),
            Some(&json!({ "body": comment })),
        )?;
        self.client.call(
            "PATCH",
            &format!("/repos/{}/pulls/{}", self.repo, r.id),
            Some(&json!({ "state": "closed" })),
        )?;
        self.client.call(
            "DELETE",
            &format!("/repos/{}/git/refs/heads/{}", self.repo, r.branch),
            None,
        )?;
        Ok(())
    }
}
