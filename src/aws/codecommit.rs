//! AWS CodeCommit for `jig fleet`: repositories found by name prefix or tag, and pull requests
//! opened, refreshed and closed through the SDK (blocking wrappers on a current-thread
//! runtime, as the rest of `aws`). CodeCommit has no draft pull requests: a request with
//! conflicts is titled `[Draft]`; and its comments need commit ids, so a superseded request
//! says why in its description before it is closed.

use crate::fleet::forge::{Error, Forge, Proposal, Request};
use aws_sdk_codecommit::types::{PullRequestStatusEnum, Target};
use aws_sdk_codecommit::Client;

pub(crate) struct CodeCommit {
    client: Client,
    rt: tokio::runtime::Runtime,
    region: String,
    repo: String,
}

/// `(region, repository)` of a CodeCommit git URL: the HTTPS or SSH endpoint
/// (`https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/churn`) or git-remote-codecommit's
/// `codecommit::eu-west-1://churn` (`codecommit://churn` takes the configured region).
pub(crate) fn parse_url(url: &str) -> Option<(Option<String>, String)> {
    if let Some(rest) = url.strip_prefix("codecommit::") {
        let (region, name) = rest.split_once("://")?;
        return Some((
            Some(region.to_string()),
            name.rsplit('@').next()?.to_string(),
        ));
    }
    if let Some(rest) = url.strip_prefix("codecommit://") {
        return Some((None, rest.rsplit('@').next()?.to_string()));
    }
    let host = crate::source::git_remote::host_of(url);
    let region = host
        .strip_prefix("git-codecommit.")?
        .split('.')
        .next()?
        .to_string();
    let name = url.split("/v1/repos/").nth(1)?.trim_end_matches('/');
    Some((Some(region), name.to_string()))
}

fn api(operation: &str, err: impl std::fmt::Display) -> Error {
    Error::Api {
        forge: "CodeCommit",
        call: operation.to_string(),
        status: None,
        message: err.to_string(),
    }
}

fn sdk<E, R>(
    operation: &'static str,
) -> impl FnOnce(aws_sdk_codecommit::error::SdkError<E, R>) -> Error
where
    E: aws_sdk_codecommit::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    move |err| {
        use aws_sdk_codecommit::error::ProvideErrorMetadata;
        let message = match err.code() {
            Some(code) => format!("{code}: {}", err.message().unwrap_or("no message")),
            None => aws_sdk_codecommit::error::DisplayErrorContext(&err).to_string(),
        };
        api(operation, message)
    }
}

impl CodeCommit {
    /// A client for the repository `url` names, with the standard AWS chain.
    pub(crate) fn for_url(url: &str) -> Result<CodeCommit, Error> {
        let (region, repo) = parse_url(url).ok_or_else(|| Error::NotARepository {
            forge: "CodeCommit",
            url: url.to_string(),
        })?;
        let mut client = CodeCommit::for_region(region.as_deref())?;
        client.repo = repo;
        Ok(client)
    }

    /// A client for a region (default: the AWS configuration's), for discovery.
    pub(crate) fn for_region(region: Option<&str>) -> Result<CodeCommit, Error> {
        let rt = super::runtime().map_err(|e| api("start", e))?;
        let config = rt.block_on(super::sdk_config(region, None));
        let region = config.region().map(|r| r.to_string()).unwrap_or_default();
        Ok(CodeCommit::with_client(
            Client::new(&config),
            rt,
            &region,
            "",
        ))
    }

    pub(crate) fn with_client(
        client: Client,
        rt: tokio::runtime::Runtime,
        region: &str,
        repo: &str,
    ) -> CodeCommit {
        CodeCommit {
            client,
            rt,
            region: region.to_string(),
            repo: repo.to_string(),
        }
    }

    fn console_url(&self, id: &str) -> String {
        format!(
            "https://{r}.console.aws.amazon.com/codesuite/codecommit/repositories/{}/pull-requests/{id}/details?region={r}",
            self.repo,
            r = self.region
        )
    }

    fn request(&self, id: &str, branch: &str, title: &str) -> Request {
        Request {
            id: id.to_string(),
            url: self.console_url(id),
            branch: branch.trim_start_matches("refs/heads/").to_string(),
            draft: title.starts_with("[Draft] "),
        }
    }

    /// UpdatePullRequestDescription.
    fn describe(&self, id: &str, text: &str) -> Result<(), Error> {
        self.rt
            .block_on(
                self.client
                    .update_pull_request_description()
                    .pull_request_id(id)
                    .description(text)
                    .send(),
            )
            .map_err(sdk("UpdatePullRequestDescription"))?;
        Ok(())
    }

    /// The repositories of the region whose names start with `prefix` and that carry every
    /// tag in `tags`: `(name, HTTPS clone URL)`, sorted.
    pub(crate) fn discover(
        &self,
        prefix: &str,
        tags: &[(String, String)],
    ) -> Result<Vec<(String, String)>, Error> {
        let mut names = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .rt
                .block_on(
                    self.client
                        .list_repositories()
                        .set_next_token(token.take())
                        .send(),
                )
                .map_err(sdk("ListRepositories"))?;
            for r in out.repositories() {
                if let Some(name) = r.repository_name().filter(|n| n.starts_with(prefix)) {
                    names.push(name.to_string());
                }
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        let mut found = Vec::new();
        for chunk in names.chunks(25) {
            let out = self
                .rt
                .block_on(
                    self.client
                        .batch_get_repositories()
                        .set_repository_names(Some(chunk.to_vec()))
                        .send(),
                )
                .map_err(sdk("BatchGetRepositories"))?;
            for meta in out.repositories() {
                let (Some(name), Some(url)) = (meta.repository_name(), meta.clone_url_http())
                else {
                    continue;
                };
                if !tags.is_empty() {
                    let arn = meta.arn().unwrap_or_default();
                    let have = self
                        .rt
                        .block_on(
                            self.client
                                .list_tags_for_resource()
                                .resource_arn(arn)
                                .send(),
                        )
                        .map_err(sdk("ListTagsForResource"))?;
                    let have = have.tags();
                    let all =
                        have.is_some_and(|have| tags.iter().all(|(k, v)| have.get(k) == Some(v)));
                    if !all {
                        continue;
                    }
                }
                found.push((name.to_string(), url.to_string()));
            }
        }
        found.sort();
        Ok(found)
    }
}

impl Forge for CodeCommit {
    fn open_requests(&self, prefix: &str) -> Result<Vec<Request>, Error> {
        let mut ids = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .rt
                .block_on(
                    self.client
                        .list_pull_requests()
                        .repository_name(&self.repo)
                        .pull_request_status(PullRequestStatusEnum::Open)
                        .set_next_token(token.take())
                        .send(),
                )
                .map_err(sdk("ListPullRequests"))?;
            ids.extend(out.pull_request_ids().iter().cloned());
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        let mut found = Vec::new();
        for id in ids {
            let out = self
                .rt
                .block_on(self.client.get_pull_request().pull_request_id(&id).send())
                .map_err(sdk("GetPullRequest"))?;
            let Some(pr) = out.pull_request() else {
                continue;
            };
            let title = pr.title().unwrap_or_default();
            for t in pr.pull_request_targets() {
                let branch = t.source_reference().unwrap_or_default();
                let ours = t.repository_name() == Some(self.repo.as_str());
                if ours && branch.trim_start_matches("refs/heads/").starts_with(prefix) {
                    found.push(self.request(&id, branch, title));
                }
            }
        }
        Ok(found)
    }

    fn create(&self, p: &Proposal) -> Result<Request, Error> {
        let target = Target::builder()
            .repository_name(&self.repo)
            .source_reference(&p.branch)
            .destination_reference(&p.base)
            .build()
            .map_err(|e| api("CreatePullRequest", e))?;
        let title = title(p);
        let out = self
            .rt
            .block_on(
                self.client
                    .create_pull_request()
                    .title(&title)
                    .description(&p.body)
                    .targets(target)
                    // The same branch of the same repository asks for the same request: a
                    // retried call does not open a second one.
                    .client_request_token(idempotency_token(&self.repo, &p.branch, &title))
                    .send(),
            )
            .map_err(sdk("CreatePullRequest"))?;
        let id = out
            .pull_request()
            .and_then(|pr| pr.pull_request_id())
            .unwrap_or_default();
        Ok(self.request(id, &p.branch, &title))
    }

    fn refresh(&self, r: &Request, p: &Proposal) -> Result<Request, Error> {
        let title = title(p);
        self.rt
            .block_on(
                self.client
                    .update_pull_request_title()
                    .pull_request_id(&r.id)
                    .title(&title)
                    .send(),
            )
            .map_err(sdk("UpdatePullRequestTitle"))?;
        self.describe(&r.id, &p.body)?;
        Ok(self.request(&r.id, &p.branch, &title))
    }

    fn close(&self, r: &Request, comment: &str) -> Result<(), Error> {
        self.describe(&r.id, comment)?;
        self.rt
            .block_on(
                self.client
                    .update_pull_request_status()
                    .pull_request_id(&r.id)
                    .pull_request_status(PullRequestStatusEnum::Closed)
                    .send(),
            )
            .map_err(sdk("UpdatePullRequestStatus"))?;
        self.rt
            .block_on(
                self.client
                    .delete_branch()
                    .repository_name(&self.repo)
                    .branch_name(&r.branch)
                    .send(),
            )
            .map_err(sdk("DeleteBranch"))?;
        Ok(())
    }
}

fn title(p: &Proposal) -> String {
    if p.draft {
        format!("[Draft] {}", p.title)
    } else {
        p.title.clone()
    }
}

/// CodeCommit's `clientRequestToken`: the same for the same repository, branch and title.
fn idempotency_token(repo: &str, branch: &str, title: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{repo}\n{branch}\n{title}").as_bytes());
    format!("jig-{}", hex::encode(&digest[..16]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls() {
        assert_eq!(
            super::parse_url("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/churn"),
            Some((Some("eu-west-1".into()), "churn".into()))
        );
        assert_eq!(
            super::parse_url("codecommit::us-east-2://ml-fraud"),
            Some((Some("us-east-2".into()), "ml-fraud".into()))
        );
        assert_eq!(
            super::parse_url("codecommit://ml-fraud"),
            Some((None, "ml-fraud".into()))
        );
        assert_eq!(super::parse_url("https://github.com/a/b"), None);
    }
}
