//! The bytes on the wire of the Service Catalog calls that carry idempotency tokens.

use super::*;

/// The bytes on the wire of a call carrying an idempotency token: the same request twice
/// gives the same token, and the JSON names the fields the API model defines (the SDK leaves
/// out `DisableTemplateValidation: false`, the service's default).
#[test]
fn create_calls_send_deterministic_tokens_on_the_wire() {
    use crate::catalog::publish::{Api, NewArtifact};
    use aws_smithy_http_client::test_util::capture_request;
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let (http, rx) = capture_request(Some(
            http::Response::builder()
                .status(200)
                .header("content-type", "application/x-amz-json-1.1")
                .body(aws_smithy_types::body::SdkBody::from(
                    r#"{"ProvisioningArtifactDetail":{"Id":"pa-9"}}"#,
                ))
                .unwrap(),
        ));
        let config = aws_sdk_servicecatalog::Config::builder()
            .behavior_version(aws_sdk_servicecatalog::config::BehaviorVersion::latest())
            .region(aws_sdk_servicecatalog::config::Region::new("eu-west-1"))
            .credentials_provider(aws_sdk_servicecatalog::config::Credentials::for_tests())
            .http_client(http)
            .build();
        let sc = aws_sdk_servicecatalog::Client::from_conf(config);
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::Config::builder()
                .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
                .region(aws_sdk_s3::config::Region::new("eu-west-1"))
                .build(),
        );
        let mut api = Catalog::with_clients(
            sc,
            s3,
            crate::aws::runtime().unwrap(),
            "b",
            "eu-west-1",
            None,
        );
        let p = product("1.1.0", "T");
        let artifact = NewArtifact {
            name: "1.1.0".into(),
            description: "Adds drift checks".into(),
            template_url: url("1.1.0"),
            token: token(&["artifact", "churn", "1.1.0", &p.layout.bundle_digest]),
        };
        assert_eq!(api.create_artifact("prod-1", &artifact).unwrap(), "pa-9");
        let request = rx.expect_request();
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.uri(),
            "https://servicecatalog.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            request.headers().get("x-amz-target"),
            Some("AWS242ServiceCatalogService.CreateProvisioningArtifact")
        );
        let body: serde_json::Value =
            serde_json::from_slice(request.body().bytes().unwrap()).unwrap();
        bodies.push(body);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(
        bodies[0],
        serde_json::json!({
            "ProductId": "prod-1",
            "Parameters": {
                "Name": "1.1.0",
                "Description": "Adds drift checks",
                "Info": {"LoadTemplateFromURL": url("1.1.0")},
                "Type": "CLOUD_FORMATION_TEMPLATE"
            },
            "IdempotencyToken": token(&["artifact", "churn", "1.1.0", &format!("sha256:{}", "ab".repeat(32))])
        })
    );
}
