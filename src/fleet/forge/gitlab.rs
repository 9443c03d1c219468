//! Merge requests through GitLab's REST API (v4; gitlab.com or a self-managed instance at the
//! API URL the fleet file gives): list the open ones, open (a draft as `Draft:`), refresh,
//! close with a note, and delete a superseded branch. Authenticated with `GITLAB_TOKEN`.

use super::http::Client;
use super::{Error, Forge, Proposal, Request};
use serde_json::{json, Value};

pub(crate) struct Gitlab {
    client: Client,
    /// The project's path, URL-encoded (`acme%2Fml%2Fchurn`): GitLab's project id.
    project: String,
}

impl Gitlab {
    pub(crate) fn new(url: &str, api: &str) -> Result<Gitlab, Error> {
        let path = super::repo_path(url).ok_or_else(|| Error::NotARepository {
            forge: "GitLab",
            url: url.to_string(),
        })?;
        let token = super::token("GitLab", "GITLAB_TOKEN")?;
        let client = Client::new("GitLab", api, Some(("PRIVATE-TOKEN", token)), Vec::new())?;
        Ok(Gitlab {
            client,
            project: encode(&path),
        })
    }

    fn request(&self, mr: &Value) -> Request {
        Request {
            id: mr["iid"].as_u64().unwrap_or_default().to_string(),
            url: mr["web_url"].as_str().unwrap_or_default().to_string(),
            branch: mr["source_branch"].as_str().unwrap_or_default().to_string(),
            draft: mr["draft"].as_bool().unwrap_or(false),
        }
    }
}

/// A path segment, percent-encoded as GitLab wants project ids and branch names.
pub(crate) fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn title(p: &Proposal) -> String {
    if p.draft {
        format!("Draft: {}", p.title)
    } else {
        p.title.clone()
    }
}

impl Forge for Gitlab {
    fn open_requests(&self, prefix: &str) -> Result<Vec<Request>, Error> {
        let mrs = self.client.all(&format!(
            "/projects/{}/merge_requests?state=opened&per_page=100",
            self.project
        ))?;
        Ok(mrs
            .iter()
            .map(|m| self.request(m))
            .filter(|r| r.branch.starts_with(prefix))
            .collect())
    }

    fn create(&self, p: &Proposal) -> Result<Request, Error> {
        let body = json!({
            "source_branch": p.branch, "target_branch": p.base, "title": title(p),
            "description": p.body, "remove_source_branch": true,
        });
        let mr = self.client.call(
            "POST",
            &format!("/projects/{}/merge_requests", self.project),
            Some(&body),
        )?;
        Ok(self.request(&mr))
    }

    fn refresh(&self, r: &Request, p: &Proposal) -> Result<Request, Error> {
        let body = json!({ "title": title(p), "description": p.body });
        let mr = self.client.call(
            "PUT",
            &format!("/projects/{}/merge_requests/{}", self.project, r.id),
            Some(&body),
        )?;
        Ok(self.request(&mr))
    }

    fn close(&self, r: &Request, comment: &str) -> Result<(), Error> {
        self.client.call(
            "POST",
            &format!("/projects/{}/merge_requests/{}/notes", self.project, r.id),
            Some(&json!({ "body": comment })),
        )?;
        self.client.call(
            "PUT",
            &format!("/projects/{}/merge_requests/{}", self.project, r.id),
            Some(&json!({ "state_event": "close" })),
        )?;
        self.client.call(
            "DELETE",
            &format!(
                "/projects/{}/repository/branches/{}",
                self.project,
                encode(&r.branch)
            ),
            None,
        )?;
        Ok(())
    }
}
