//! Pull requests through GitHub's REST API (github.com, or GitHub Enterprise Server at the
//! API URL the fleet file gives): list the open ones, open, refresh, close with a comment,
//! and delete a superseded branch. Authenticated with `GITHUB_TOKEN`.

use super::http::Client;
use super::{Error, Forge, Proposal, Request};
use serde_json::{json, Value};

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

    fn request(&self, pr: &Value) -> Request {
        Request {
            id: pr["number"].as_u64().unwrap_or_default().to_string(),
            url: pr["html_url"].as_str().unwrap_or_default().to_string(),
            branch: pr["head"]["ref"].as_str().unwrap_or_default().to_string(),
            draft: pr["draft"].as_bool().unwrap_or(false),
        }
    }
}

impl Forge for Github {
    fn open_requests(&self, prefix: &str) -> Result<Vec<Request>, Error> {
        let pulls = self.client.all(&format!(
            "/repos/{}/pulls?state=open&per_page=100",
            self.repo
        ))?;
        Ok(pulls
            .iter()
            .filter(|p| p["head"]["repo"]["full_name"].as_str() == Some(self.repo.as_str()))
            .map(|p| self.request(p))
            .filter(|r| r.branch.starts_with(prefix))
            .collect())
    }

    fn create(&self, p: &Proposal) -> Result<Request, Error> {
        let body = json!({
            "title": p.title, "head": p.branch, "base": p.base, "body": p.body, "draft": p.draft,
        });
        let pr = self
            .client
            .call("POST", &format!("/repos/{}/pulls", self.repo), Some(&body))?;
        Ok(self.request(&pr))
    }

    fn refresh(&self, r: &Request, p: &Proposal) -> Result<Request, Error> {
        let body = json!({ "title": p.title, "body": p.body });
        let pr = self.client.call(
            "PATCH",
            &format!("/repos/{}/pulls/{}", self.repo, r.id),
            Some(&body),
        )?;
        Ok(self.request(&pr))
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
