//! `--studio-s3` against the fake account: the template's visibility tag, the bucket's CORS
//! check, the Studio domain's templates tag (added once, retagged when it points elsewhere),
//! and the AddTags request as SageMaker receives it.

use super::*;

#[test]
fn studio_s3_tags_the_template_and_checks_cors() {
    let w = W::default();
    let opts = Options {
        studio_s3: true,
        ..Options::default()
    };
    let report = run(&w, &product("1.0.0", "T1"), &opts).unwrap();
    assert_eq!(
        log(&w),
        vec![
            "PutObject jig/churn/1.0.0/registry/index.json",
            "PutObject jig/churn/1.0.0/template.yaml tagging=sagemaker%3Astudio-visibility=true",
            "GetBucketCors sagemaker-acme",
        ]
    );
    assert!(report
        .instructions
        .iter()
        .any(|i| i.contains("https://*.sagemaker.aws")));
    assert!(
        report
            .instructions
            .iter()
            .any(|i| i
                .contains("sagemaker:projectS3TemplatesLocation,Value=s3://sagemaker-acme/jig/"))
    );
}

/// `--domain-id`: the domain is looked up, its tags read, and the templates tag added only
/// when it is missing or points elsewhere; a second publish changes nothing.
#[test]
fn studio_s3_with_a_domain_id_tags_the_domain_once() {
    use crate::aws::fake::sagemaker::{DOMAIN, DOMAIN_ARN};
    let w = W::default();
    let opts = Options {
        studio_s3: true,
        domain_id: Some(DOMAIN.into()),
        ..Options::default()
    };
    let report = run(&w, &product("1.0.0", "T1"), &opts).unwrap();
    assert_eq!(
        log(&w)[3..],
        [
            format!("DescribeDomain {DOMAIN}"),
            format!("ListTags {DOMAIN_ARN}"),
            format!("AddTags {DOMAIN_ARN} sagemaker:projectS3TemplatesLocation=s3://sagemaker-acme/jig/"),
        ]
    );
    assert!(report.steps.iter().any(|s| s.changed
        && s.what == "domain d-abc123 lists the templates in s3://sagemaker-acme/jig/"));
    assert!(
        !report.instructions.iter().any(|i| i.contains("add-tags")),
        "nothing left to do by hand: {:?}",
        report.instructions
    );

    // Again: read, not written.
    let report = run(&w, &product("1.0.0", "T1"), &opts).unwrap();
    assert_eq!(log(&w).last().unwrap(), &format!("ListTags {DOMAIN_ARN}"));
    assert!(report.steps.iter().any(|s| !s.changed
        && s.what == "domain d-abc123 lists the templates in s3://sagemaker-acme/jig/"));

    // Pointing elsewhere: retagged, and the report says what it was.
    w.lock().unwrap().domain_tags.insert(
        "sagemaker:projectS3TemplatesLocation".into(),
        "s3://old-bucket/templates/".into(),
    );
    let report = run(&w, &product("1.0.0", "T1"), &opts).unwrap();
    assert!(report
        .steps
        .iter()
        .any(|s| s.changed && s.what.ends_with("(was s3://old-bucket/templates/)")));

    // An unknown domain is an error naming the call and the permission.
    let opts = Options {
        domain_id: Some("d-nope".into()),
        ..opts
    };
    let err = run(&w, &product("1.0.0", "T1"), &opts).unwrap_err();
    assert!(
        err.to_string().contains("DescribeDomain failed") && err.to_string().contains("d-nope"),
        "{err}"
    );
}

/// The bytes of AddTags on the wire: SageMaker's JSON protocol, the target header, the tag.
#[test]
fn the_domain_tag_request_on_the_wire() {
    use crate::catalog::publish::Api;
    use aws_smithy_http_client::test_util::capture_request;
    let (http, rx) = capture_request(Some(
        http::Response::builder()
            .status(200)
            .body(aws_smithy_types::body::SdkBody::from("{}"))
            .unwrap(),
    ));
    let config = aws_sdk_sagemaker::Config::builder()
        .behavior_version(aws_sdk_sagemaker::config::BehaviorVersion::latest())
        .region(aws_sdk_sagemaker::config::Region::new("eu-west-1"))
        .credentials_provider(aws_sdk_sagemaker::config::Credentials::for_tests())
        .http_client(http)
        .build();
    let mut api = crate::aws::fake::catalog(&W::default())
        .with_sagemaker(aws_sdk_sagemaker::Client::from_conf(config));
    api.tag_studio_domain(
        crate::aws::fake::sagemaker::DOMAIN_ARN,
        "s3://sagemaker-acme/jig/",
    )
    .unwrap();
    let request = rx.expect_request();
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.headers().get("x-amz-target"),
        Some("SageMaker.AddTags")
    );
    let body: serde_json::Value = serde_json::from_slice(request.body().bytes().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "ResourceArn": "arn:aws:sagemaker:eu-west-1:111122223333:domain/d-abc123",
            "Tags": [{"Key": "sagemaker:projectS3TemplatesLocation", "Value": "s3://sagemaker-acme/jig/"}]
        })
    );
}
