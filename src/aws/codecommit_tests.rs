//! CodeCommit for `jig fleet` without AWS: a small stateful fake (repositories with tags, pull
//! requests) behind the SDK's own mocking interceptor, every operation logged with its key
//! parameters; the fleet's request logic (`fleet::update::propose`) run against it for a first
//! run, a re-run and a superseding version; discovery by prefix and tags across pages; and
//! CreatePullRequest's bytes on the wire, idempotency token included.

use super::codecommit::CodeCommit;
use crate::fleet::forge::Proposal;
use crate::fleet::proposal::propose;
use aws_sdk_codecommit::operation::{
    batch_get_repositories::*, create_pull_request::*, delete_branch::*, get_pull_request::*,
    list_pull_requests::*, list_repositories::*, list_tags_for_resource::*,
    update_pull_request_description::*, update_pull_request_status::*,
    update_pull_request_title::*,
};
use aws_sdk_codecommit::types::{
    PullRequest, PullRequestStatusEnum, PullRequestTarget, RepositoryMetadata, RepositoryNameIdPair,
};
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Account {
    /// (id, repository, branch, title, description, open)
    prs: Vec<(String, String, String, String, String, bool)>,
    log: Vec<String>,
}

type A = Arc<Mutex<Account>>;

fn pr_of(p: &(String, String, String, String, String, bool)) -> PullRequest {
    PullRequest::builder()
        .pull_request_id(&p.0)
        .title(&p.3)
        .description(&p.4)
        .pull_request_status(if p.5 {
            PullRequestStatusEnum::Open
        } else {
            PullRequestStatusEnum::Closed
        })
        .pull_request_targets(
            PullRequestTarget::builder()
                .repository_name(&p.1)
                .source_reference(format!("refs/heads/{}", p.2))
                .destination_reference("refs/heads/main")
                .build(),
        )
        .build()
}

fn rules(a: &A) -> Vec<Rule> {
    let mut rules = Vec::new();
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::list_pull_requests).then_compute_response(move |i| {
            let mut a = c.lock().unwrap();
            let repo = i.repository_name().unwrap_or_default().to_string();
            a.log.push(format!("ListPullRequests {repo}"));
            let ids = a
                .prs
                .iter()
                .filter(|p| p.1 == repo && p.5)
                .map(|p| p.0.clone())
                .collect();
            aws_smithy_mocks::MockResponse::Output(
                ListPullRequestsOutput::builder()
                    .set_pull_request_ids(Some(ids))
                    .build()
                    .unwrap(),
            )
        }),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::get_pull_request).then_compute_response(move |i| {
            let mut a = c.lock().unwrap();
            let id = i.pull_request_id().unwrap_or_default().to_string();
            a.log.push(format!("GetPullRequest {id}"));
            let pr = a.prs.iter().find(|p| p.0 == id).map(pr_of);
            aws_smithy_mocks::MockResponse::Output(
                GetPullRequestOutput::builder().set_pull_request(pr).build(),
            )
        }),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::create_pull_request).then_compute_response(move |i| {
            let mut a = c.lock().unwrap();
            let t = &i.targets()[0];
            let id = (a.prs.len() + 1).to_string();
            let entry = (
                id,
                t.repository_name().to_string(),
                t.source_reference().to_string(),
                i.title().unwrap_or_default().to_string(),
                i.description().unwrap_or_default().to_string(),
                true,
            );
            a.log.push(format!(
                "CreatePullRequest {} {} token={}",
                entry.1,
                entry.2,
                i.client_request_token().unwrap_or_default().len()
            ));
            let pr = pr_of(&entry);
            a.prs.push(entry);
            aws_smithy_mocks::MockResponse::Output(
                CreatePullRequestOutput::builder().pull_request(pr).build(),
            )
        }),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::update_pull_request_title).then_compute_response(
            move |i| {
                let mut a = c.lock().unwrap();
                let id = i.pull_request_id().unwrap_or_default().to_string();
                a.log.push(format!("UpdatePullRequestTitle {id}"));
                let p = a.prs.iter_mut().find(|p| p.0 == id).unwrap();
                p.3 = i.title().unwrap_or_default().to_string();
                let pr = pr_of(p);
                aws_smithy_mocks::MockResponse::Output(
                    UpdatePullRequestTitleOutput::builder()
                        .pull_request(pr)
                        .build(),
                )
            },
        ),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::update_pull_request_description).then_compute_response(
            move |i| {
                let mut a = c.lock().unwrap();
                let id = i.pull_request_id().unwrap_or_default().to_string();
                a.log.push(format!("UpdatePullRequestDescription {id}"));
                let p = a.prs.iter_mut().find(|p| p.0 == id).unwrap();
                p.4 = i.description().unwrap_or_default().to_string();
                let pr = pr_of(p);
                aws_smithy_mocks::MockResponse::Output(
                    UpdatePullRequestDescriptionOutput::builder()
                        .pull_request(pr)
                        .build(),
                )
            },
        ),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::update_pull_request_status).then_compute_response(
            move |i| {
                let mut a = c.lock().unwrap();
                let id = i.pull_request_id().unwrap_or_default().to_string();
                a.log.push(format!("UpdatePullRequestStatus {id} CLOSED"));
                let p = a.prs.iter_mut().find(|p| p.0 == id).unwrap();
                p.5 = false;
                let pr = pr_of(p);
                aws_smithy_mocks::MockResponse::Output(
                    UpdatePullRequestStatusOutput::builder()
                        .pull_request(pr)
                        .build(),
                )
            },
        ),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::delete_branch).then_compute_response(move |i| {
            c.lock().unwrap().log.push(format!(
                "DeleteBranch {} {}",
                i.repository_name().unwrap_or_default(),
                i.branch_name().unwrap_or_default()
            ));
            aws_smithy_mocks::MockResponse::Output(DeleteBranchOutput::builder().build())
        }),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::list_repositories).then_compute_response(move |i| {
            // Two pages: the SDK's NextToken.
            let second = i.next_token() == Some("page-2");
            c.lock()
                .unwrap()
                .log
                .push(format!("ListRepositories second={second}"));
            let names: &[&str] = if second {
                &["ml-fraud", "web-site"]
            } else {
                &["ml-churn", "ml-old"]
            };
            let repos = names
                .iter()
                .map(|n| RepositoryNameIdPair::builder().repository_name(*n).build())
                .collect();
            aws_smithy_mocks::MockResponse::Output(
                ListRepositoriesOutput::builder()
                    .set_repositories(Some(repos))
                    .set_next_token((!second).then(|| "page-2".to_string()))
                    .build(),
            )
        }),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::batch_get_repositories).then_compute_response(move |i| {
            let names = i.repository_names().to_vec();
            c.lock()
                .unwrap()
                .log
                .push(format!("BatchGetRepositories {}", names.join(",")));
            let repos = names
                .iter()
                .map(|n| {
                    RepositoryMetadata::builder()
                        .repository_name(n)
                        .arn(format!("arn:aws:codecommit:eu-west-1:111122223333:{n}"))
                        .clone_url_http(format!(
                            "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/{n}"
                        ))
                        .build()
                })
                .collect();
            aws_smithy_mocks::MockResponse::Output(
                BatchGetRepositoriesOutput::builder()
                    .set_repositories(Some(repos))
                    .build(),
            )
        }),
    );
    let c = a.clone();
    rules.push(
        mock!(aws_sdk_codecommit::Client::list_tags_for_resource).then_compute_response(move |i| {
            let arn = i.resource_arn().unwrap_or_default().to_string();
            c.lock()
                .unwrap()
                .log
                .push(format!("ListTagsForResource {arn}"));
            let team = if arn.ends_with("ml-old") {
                "legacy"
            } else {
                "ml"
            };
            aws_smithy_mocks::MockResponse::Output(
                ListTagsForResourceOutput::builder()
                    .tags("team", team)
                    .build(),
            )
        }),
    );
    rules
}

fn client(a: &A, repo: &str) -> CodeCommit {
    let rules = rules(a);
    let client = mock_client!(aws_sdk_codecommit, RuleMode::MatchAny, rules.iter());
    CodeCommit::with_client(client, super::runtime().unwrap(), "eu-west-1", repo)
}

fn proposal(version: &str, draft: bool) -> Proposal {
    Proposal {
        branch: format!("jig/team-py-{version}"),
        base: "main".into(),
        title: format!("Update team-py 1.0.0 -> {version}"),
        body: "what changed".into(),
        draft,
    }
}

fn take_log(a: &A) -> Vec<String> {
    std::mem::take(&mut a.lock().unwrap().log)
}

#[test]
fn requests_are_opened_refreshed_and_superseded() {
    let a = A::default();
    let cc = client(&a, "ml-churn");
    let (row, closed) = propose(&cc, "team-py", "2.0.0", &proposal("2.0.0", true)).unwrap();
    assert_eq!(row.action, "created");
    assert!(row.draft, "a conflicted update is a [Draft]");
    assert!(closed.is_empty());
    assert_eq!(
        row.url,
        "https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/ml-churn/pull-requests/1/details?region=eu-west-1"
    );
    assert_eq!(
        take_log(&a),
        [
            "ListPullRequests ml-churn",
            "CreatePullRequest ml-churn jig/team-py-2.0.0 token=36",
        ]
    );

    // Again: the open request is found and refreshed, not opened twice.
    let (row, _) = propose(&cc, "team-py", "2.0.0", &proposal("2.0.0", false)).unwrap();
    assert_eq!(row.action, "refreshed");
    assert!(!row.draft, "conflicts resolved: the draft mark goes");
    assert_eq!(
        take_log(&a),
        [
            "ListPullRequests ml-churn",
            "GetPullRequest 1",
            "UpdatePullRequestTitle 1",
            "UpdatePullRequestDescription 1",
        ]
    );
    assert_eq!(a.lock().unwrap().prs[0].3, "Update team-py 1.0.0 -> 2.0.0");

    // A newer version: opened, and the 2.0.0 request closed with the reason, its branch gone.
    let (row, closed) = propose(&cc, "team-py", "2.1.0", &proposal("2.1.0", false)).unwrap();
    assert_eq!(row.action, "created");
    assert_eq!(closed.len(), 1);
    assert!(closed[0]
        .url
        .ends_with("/pull-requests/1/details?region=eu-west-1"));
    assert_eq!(
        take_log(&a),
        [
            "ListPullRequests ml-churn",
            "GetPullRequest 1",
            "CreatePullRequest ml-churn jig/team-py-2.1.0 token=36",
            "UpdatePullRequestDescription 1",
            "UpdatePullRequestStatus 1 CLOSED",
            "DeleteBranch ml-churn jig/team-py-2.0.0",
        ]
    );
    let account = a.lock().unwrap();
    assert!(account.prs[0].4.starts_with("Superseded by https://"));
    assert!(!account.prs[0].5 && account.prs[1].5);
}

#[test]
fn discovery_by_prefix_and_tags_across_pages() {
    let a = A::default();
    let cc = client(&a, "");
    let found = cc
        .discover("ml-", &[("team".to_string(), "ml".to_string())])
        .unwrap();
    assert_eq!(
        found,
        [
            (
                "ml-churn".to_string(),
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/ml-churn".to_string()
            ),
            (
                "ml-fraud".to_string(),
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/ml-fraud".to_string()
            ),
        ]
    );
    let log = take_log(&a);
    assert_eq!(
        &log[..3],
        [
            "ListRepositories second=false",
            "ListRepositories second=true",
            "BatchGetRepositories ml-churn,ml-old,ml-fraud",
        ]
    );
    assert_eq!(
        log.len(),
        6,
        "one ListTagsForResource per candidate: {log:?}"
    );
}

/// CreatePullRequest's bytes: CodeCommit's JSON protocol, its target header, and a
/// clientRequestToken that is the same for the same branch and title (a retried call does not
/// open a second request).
#[test]
fn the_create_request_on_the_wire() {
    use aws_smithy_http_client::test_util::capture_request;
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let (http, rx) = capture_request(Some(
            http::Response::builder()
                .status(200)
                .body(aws_smithy_types::body::SdkBody::from(
                    r#"{"pullRequest": {"pullRequestId": "7", "title": "t"}}"#,
                ))
                .unwrap(),
        ));
        let config = aws_sdk_codecommit::Config::builder()
            .behavior_version(aws_sdk_codecommit::config::BehaviorVersion::latest())
            .region(aws_sdk_codecommit::config::Region::new("eu-west-1"))
            .credentials_provider(aws_sdk_codecommit::config::Credentials::for_tests())
            .http_client(http)
            .build();
        let cc = CodeCommit::with_client(
            aws_sdk_codecommit::Client::from_conf(config),
            super::runtime().unwrap(),
            "eu-west-1",
            "ml-churn",
        );
        let made = crate::fleet::forge::Forge::create(&cc, &proposal("2.0.0", false)).unwrap();
        assert_eq!(made.id, "7");
        let request = rx.expect_request();
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.headers().get("x-amz-target"),
            Some("CodeCommit_20150413.CreatePullRequest")
        );
        let mut body: serde_json::Value =
            serde_json::from_slice(request.body().bytes().unwrap()).unwrap();
        tokens.push(body["clientRequestToken"].take());
        body.as_object_mut().unwrap().remove("clientRequestToken");
        assert_eq!(
            body,
            serde_json::json!({
                "title": "Update team-py 1.0.0 -> 2.0.0",
                "description": "what changed",
                "targets": [{
                    "repositoryName": "ml-churn",
                    "sourceReference": "jig/team-py-2.0.0",
                    "destinationReference": "main"
                }]
            })
        );
    }
    assert_eq!(tokens[0], tokens[1]);
    assert!(tokens[0].as_str().unwrap().starts_with("jig-"));
}
