//! Merge requests through GitLab's REST API (v4; gitlab.com or a self-managed instance at the
//! API URL the fleet file gives): list the open ones, open (a draft as `Draft:`), refresh,
//! close with a note, and delete a superseded branch. Authenticated with `GITLAB_TOKEN`.

use super::http::Client;
use super::{Error, Forge, Proposal, Request};
use serde_json::json;

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
}

/// A merge request as GitLab answers it: the fields jig reads, each required.
#[derive(serde::Deserialize)]
struct Merge {
    iid: u64,
    web_url: String,
    source_branch: String,
    #[serde(default)]
    draft: bool,
}

impl From<Merge> for Request {
    fn from(mr: Merge) -> Request {
        Request {
            id: mr.iid.to_string(),
            url: mr.web_url,
            branch: mr.source_branch,
            draft: mr.draft,
        }
    }
}

const MERGE: &str = "a merge request";

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
        let mrs: Vec<Merge> = self.client.listing(
            &format!(
                "/projects/{}/merge_requests?state=opened&per_page=100",
                self.project
            ),
            MERGE,
        )?;
        Ok(mrs
            .into_iter()
            .map(Request::from)
            .filter(|r| r.branch.starts_with(prefix))
            .collect())
    }

    fn create(&self, p: &Proposal) -> Result<Request, Error> {
        let body = json!({
            "source_branch": p.branch, "target_branch": p.base, "title": title(p),
            "description": p.body, "remove_source_branch": true,
        });
        let mr: Merge = self.client.call_as(
            "POST",
            &format!("/projects/{}/merge_requests", self.project),
            Some(&body),
            MERGE,
        )?;
        Ok(mr.into())
    }

    fn refresh(&self, r: &Request, p: &Proposal) -> Result<Request, Error> {
        let body = json!({ "title": title(p), "description": p.body });
        let mr: Merge = self.client.call_as(
            "PUT",
            &format!("/projects/{}/merge_requests/{}", self.project, r.id),
            Some(&body),
            MERGE,
        )?;
        Ok(mr.into())
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
