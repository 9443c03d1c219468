//! The CodeArtifact registry at the wire level: the SDK's `StaticReplayClient` replays
//! recorded HTTP responses and then checks every request jig sent (method, path, query,
//! `x-amz-content-sha256`, body). No network, no emulator: no emulator implements
//! `PublishPackageVersion` or `GetPackageVersionAsset` today.

use super::codeartifact::CodeArtifact;
use crate::cache::Cache;
use crate::registry::{self, bundle, Error, Meta, Published, Registry};
use crate::settings::config::CodeArtifactConfig;
use crate::version::Requirement;
use aws_sdk_codeartifact::config::retry::RetryConfig;
use aws_sdk_codeartifact::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use semver::Version;
use std::time::Duration;

const HOST: &str = "https://codeartifact.eu-west-1.amazonaws.com";
const COMMON: &str = "domain=acme&domain-owner=111122223333&repository=blueprints&format=generic&namespace=platform&package=svc";

fn settings() -> CodeArtifactConfig {
    CodeArtifactConfig {
        domain: "acme".into(),
        domain_owner: Some("111122223333".into()),
        repository: "blueprints".into(),
        namespace: "platform".into(),
        region: Some("eu-west-1".into()),
        endpoint_url: None,
    }
}

fn registry(http: &StaticReplayClient) -> CodeArtifact {
    let config = aws_sdk_codeartifact::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::for_tests())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .http_client(http.clone())
        .build();
    let client = aws_sdk_codeartifact::Client::from_conf(config);
    CodeArtifact::with_client("acme", &settings(), client, super::runtime().unwrap())
}

fn request(method: &str, path_and_query: &str) -> http::request::Builder {
    http::Request::builder()
        .method(method)
        .uri(format!("{HOST}{path_and_query}"))
}

fn json(status: u16, body: &str) -> http::Response<SdkBody> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(SdkBody::from(body.to_string()))
        .unwrap()
}

fn aws_error(status: u16, code: &str, message: &str) -> http::Response<SdkBody> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-errortype", code)
        .body(SdkBody::from(format!(r#"{{"message":"{message}"}}"#)))
        .unwrap()
}

fn event(req: http::Request<SdkBody>, res: http::Response<SdkBody>) -> ReplayEvent {
    ReplayEvent::new(req, res)
}

fn empty(b: http::request::Builder) -> http::Request<SdkBody> {
    b.body(SdkBody::empty()).unwrap()
}

/// A real blueprint bundle and its metadata.
fn sample() -> (Meta, bundle::Bundle) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("template")).unwrap();
    std::fs::write(
        dir.path().join("blueprint.yaml"),
        "name: svc\nversion: 1.0.0\ndescription: A service\nproject_dir: \"{{ slug }}\"\nquestions:\n  slug:\n    default: demo\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("template/README.md"), "{{ slug }}\n").unwrap();
    let bp = crate::blueprint::Blueprint::load(dir.path()).unwrap();
    let built = bundle::build(dir.path()).unwrap();
    (Meta::of(&bp, &built), built)
}

fn hex(digest: &str) -> &str {
    digest.trim_start_matches("sha256:")
}

const IGNORED: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-user-agent",
    "user-agent",
];

#[test]
fn publish_sends_metadata_unfinished_then_the_bundle_with_their_sha256() {
    let (meta, built) = sample();
    let meta_json = serde_json::to_vec_pretty(&meta).unwrap();
    let meta_sha = bundle::digest(&meta_json);
    let http = StaticReplayClient::new(vec![
        event(
            empty(request("POST", &format!("/v1/package/version/assets?{COMMON}&version=1.0.0"))),
            aws_error(404, "ResourceNotFoundException", "no such version"),
        ),
        event(
            request(
                "POST",
                &format!("/v1/package/version/publish?{COMMON}&version=1.0.0&asset=meta.json&unfinished=true"),
            )
            .header("x-amz-content-sha256", hex(&meta_sha))
            .body(SdkBody::from(meta_json.clone()))
            .unwrap(),
            json(200, r#"{"status":"Unfinished","version":"1.0.0"}"#),
        ),
        event(
            request(
                "POST",
                &format!("/v1/package/version/publish?{COMMON}&version=1.0.0&asset=svc-1.0.0.tar.gz"),
            )
            .header("x-amz-content-sha256", hex(&built.digest))
            .body(SdkBody::from(built.bytes.clone()))
            .unwrap(),
            json(200, r#"{"status":"Published","version":"1.0.0"}"#),
        ),
    ]);
    let reg = registry(&http);
    assert_eq!(reg.publish(&meta, &built).unwrap(), Published::New);
    http.assert_requests_match(IGNORED);
}

#[test]
fn publishing_checks_the_existing_bundle_digest() {
    let (meta, built) = sample();
    let assets = |sha: &str| {
        json(
            200,
            &format!(
                r#"{{"version":"1.0.0","assets":[{{"name":"meta.json","size":10,"hashes":{{"SHA-256":"00"}}}},{{"name":"svc-1.0.0.tar.gz","size":{},"hashes":{{"SHA-256":"{sha}","MD5":"x"}}}}]}}"#,
                built.bytes.len()
            ),
        )
    };
    let list = || {
        empty(request(
            "POST",
            &format!("/v1/package/version/assets?{COMMON}&version=1.0.0"),
        ))
    };

    // The same bytes: a no-op, and nothing is uploaded.
    let http = StaticReplayClient::new(vec![event(list(), assets(hex(&built.digest)))]);
    assert_eq!(
        registry(&http).publish(&meta, &built).unwrap(),
        Published::Unchanged
    );
    http.assert_requests_match(IGNORED);

    // Other bytes: refused, naming both digests.
    let http = StaticReplayClient::new(vec![event(list(), assets(&"ab".repeat(32)))]);
    match registry(&http).publish(&meta, &built) {
        Err(Error::Immutable {
            published, ours, ..
        }) => {
            assert_eq!(published, format!("sha256:{}", "ab".repeat(32)));
            assert_eq!(ours, built.digest);
        }
        other => panic!("expected Immutable, got {other:?}"),
    }
    http.assert_requests_match(IGNORED);
}

#[test]
fn an_interrupted_publish_is_completed() {
    let (meta, built) = sample();
    let http = StaticReplayClient::new(vec![
        event(
            empty(request(
                "POST",
                &format!("/v1/package/version/assets?{COMMON}&version=1.0.0"),
            )),
            json(
                200,
                r#"{"version":"1.0.0","assets":[{"name":"meta.json","hashes":{"SHA-256":"00"}}]}"#,
            ),
        ),
        event(
            request(
                "POST",
                &format!(
                    "/v1/package/version/publish?{COMMON}&version=1.0.0&asset=svc-1.0.0.tar.gz"
                ),
            )
            .header("x-amz-content-sha256", hex(&built.digest))
            .body(SdkBody::from(built.bytes.clone()))
            .unwrap(),
            json(200, r#"{"status":"Published","version":"1.0.0"}"#),
        ),
    ]);
    assert_eq!(
        registry(&http).publish(&meta, &built).unwrap(),
        Published::New
    );
    http.assert_requests_match(IGNORED);
}

#[test]
fn resolve_lists_published_versions_then_fetches_and_verifies() {
    let (meta, built) = sample();
    let meta_json = serde_json::to_string(&meta).unwrap();
    let versions = r#"{"versions":[
        {"version":"0.9.0","revision":"a","status":"Published"},
        {"version":"1.0.0","revision":"b","status":"Published"},
        {"version":"not-semver","revision":"c","status":"Published"}]}"#;
    let http = StaticReplayClient::new(vec![
        event(
            empty(request(
                "POST",
                &format!("/v1/package/versions?{COMMON}&status=Published"),
            )),
            json(200, versions),
        ),
        event(
            empty(request(
                "GET",
                &format!("/v1/package/version/asset?{COMMON}&version=1.0.0&asset=meta.json"),
            )),
            http::Response::builder()
                .status(200)
                .body(SdkBody::from(meta_json))
                .unwrap(),
        ),
        event(
            empty(request(
                "GET",
                &format!("/v1/package/version/asset?{COMMON}&version=1.0.0&asset=svc-1.0.0.tar.gz"),
            )),
            http::Response::builder()
                .status(200)
                .body(SdkBody::from(built.bytes.clone()))
                .unwrap(),
        ),
    ]);
    let reg = registry(&http);
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache {
        root: cache_dir.path().to_path_buf(),
    };
    let selected = registry::select(&reg, "svc", &Requirement::parse("^1"), false, &cache, false)
        .unwrap()
        .unwrap();
    assert_eq!(
        selected.versions,
        [Version::new(0, 9, 0), Version::new(1, 0, 0)]
    );
    let chosen = selected.meta;
    assert_eq!(chosen, meta);
    let dir = registry::fetch(&reg, &chosen, &cache, false).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("template/README.md")).unwrap(),
        "{{ slug }}\n"
    );
    http.assert_requests_match(IGNORED);

    // Offline, the cached listing, metadata and bundle answer without a single request.
    let silent = StaticReplayClient::new(vec![]);
    let reg = registry(&silent);
    let again = registry::select(
        &reg,
        "svc",
        &Requirement::parse("1.0.0"),
        false,
        &cache,
        true,
    )
    .unwrap()
    .unwrap()
    .meta;
    assert_eq!(registry::fetch(&reg, &again, &cache, true).unwrap(), dir);
    assert!(silent.actual_requests().next().is_none());
}

#[test]
fn a_bundle_that_does_not_match_its_digest_is_refused() {
    let (meta, _) = sample();
    let http = StaticReplayClient::new(vec![event(
        empty(request(
            "GET",
            &format!("/v1/package/version/asset?{COMMON}&version=1.0.0&asset=svc-1.0.0.tar.gz"),
        )),
        http::Response::builder()
            .status(200)
            .body(SdkBody::from("tampered"))
            .unwrap(),
    )]);
    let reg = registry(&http);
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache {
        root: cache_dir.path().to_path_buf(),
    };
    match registry::fetch(&reg, &meta, &cache, false) {
        Err(Error::DigestMismatch {
            expected, actual, ..
        }) => {
            assert_eq!(expected, meta.digest);
            assert_eq!(actual, bundle::digest(b"tampered"));
        }
        other => panic!("expected DigestMismatch, got {other:?}"),
    }
    assert!(
        !cache.bundle_path(&meta.digest).exists(),
        "nothing bad is cached"
    );
}

#[test]
fn throttling_is_retried() {
    let list = || {
        empty(request(
            "POST",
            &format!("/v1/package/versions?{COMMON}&status=Published"),
        ))
    };
    let http = StaticReplayClient::new(vec![
        event(list(), aws_error(429, "ThrottlingException", "slow down")),
        event(list(), aws_error(429, "ThrottlingException", "slow down")),
        event(
            list(),
            json(
                200,
                r#"{"versions":[{"version":"1.2.0","status":"Published"}]}"#,
            ),
        ),
    ]);
    let versions = registry(&http).versions("svc").unwrap();
    assert_eq!(versions, [Version::new(1, 2, 0)]);
    http.assert_requests_match(IGNORED);

    // Still throttled after three attempts: an error that says so.
    let http = StaticReplayClient::new(
        (0..3)
            .map(|_| event(list(), aws_error(429, "ThrottlingException", "slow down")))
            .collect(),
    );
    match registry(&http).versions("svc") {
        Err(Error::Remote {
            operation,
            message,
            hint,
            ..
        }) => {
            assert_eq!(operation, "ListPackageVersions");
            assert_eq!(message, "ThrottlingException: slow down");
            assert!(hint.unwrap().contains("throttling"));
        }
        other => panic!("expected a throttling error, got {other:?}"),
    }
}

#[test]
fn access_denied_is_explained() {
    let http = StaticReplayClient::new(vec![event(
        empty(request(
            "POST",
            &format!("/v1/package/versions?{COMMON}&status=Published"),
        )),
        aws_error(
            403,
            "AccessDeniedException",
            "User: arn:aws:iam::1:user/ds is not authorized",
        ),
    )]);
    let err = registry(&http).versions("svc").unwrap_err();
    assert_eq!(
        err.to_string(),
        "registry `acme`: ListPackageVersions failed: AccessDeniedException: User: arn:aws:iam::1:user/ds is not authorized"
    );
    let Error::Remote {
        hint: Some(hint), ..
    } = err
    else {
        panic!("no hint")
    };
    assert!(
        hint.contains("needs `codeartifact:ListPackageVersions`"),
        "{hint}"
    );
}

#[test]
fn missing_versions_and_packages() {
    let http = StaticReplayClient::new(vec![
        event(
            empty(request(
                "GET",
                &format!("/v1/package/version/asset?{COMMON}&version=9.9.9&asset=meta.json"),
            )),
            aws_error(404, "ResourceNotFoundException", "no version"),
        ),
        event(
            empty(request(
                "POST",
                &format!("/v1/package/versions?{COMMON}&status=Published"),
            )),
            aws_error(404, "ResourceNotFoundException", "no package"),
        ),
    ]);
    let reg = registry(&http);
    match reg.meta("svc", &Version::new(9, 9, 9)) {
        Err(Error::NoVersion { name, req, .. }) => {
            assert_eq!((name.as_str(), req.as_str()), ("svc", "=9.9.9"))
        }
        other => panic!("expected NoVersion, got {other:?}"),
    }
    // An unknown package has no versions, so other registries are tried.
    assert!(reg.versions("svc").unwrap().is_empty());
    http.assert_requests_match(IGNORED);
}
