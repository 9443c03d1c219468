//! `jig publish --unified-studio` as a platform engineer meets it: the dry run's DataZone
//! calls and the Unified Studio template (cfn-lint clean), `--domain-id` sorted by kind with a
//! clear refusal, and a `catalog.tooling` blueprint checked by `jig lint` and by the publish.

use crate::catalog::{blueprint_dir, cfn_lint};
use crate::common::*;
use std::path::PathBuf;

fn publish(sb: &Sandbox, dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    sb.jig()
        .arg("publish")
        .arg(dir)
        .args([
            "--unified-studio",
            "--dry-run",
            "--allow-dirty",
            "--bucket",
            "amazon-sagemaker-cf-templates-acme",
            "--region",
            "eu-west-1",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_dry_run_lists_the_datazone_calls_and_writes_a_template_cfn_lint_accepts() {
    let sb = Sandbox::new();
    let out = publish(
        &sb,
        &blueprint_dir("sagemaker-mlops"),
        &["--out", "o", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["not_configured"],
        serde_json::json!(["catalog.unified_studio.domain_id"])
    );
    let ops: Vec<&str> = summary["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["service"] == "datazone")
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        ops,
        [
            "GetDomain",
            "ListEnvironmentBlueprints",
            "CreateEnvironmentBlueprint",
            "GetEnvironmentBlueprintConfiguration",
            "PutEnvironmentBlueprintConfiguration",
            "ListPolicyGrants",
            "AddPolicyGrant",
            "ListProjectProfiles",
            "ListEnvironmentBlueprints",
            "CreateProjectProfile",
            "ListPolicyGrants",
            "AddPolicyGrant",
        ]
    );
    // No Service Catalog call: --unified-studio alone is that target alone.
    assert!(summary["calls"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["service"] != "servicecatalog"));
    let create = summary["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["operation"] == "CreateEnvironmentBlueprint")
        .unwrap();
    let url = create["parameters"]["provisioningProperties"]["cloudFormation"]["templateUrl"]
        .as_str()
        .unwrap();
    assert_eq!(url, "https://amazon-sagemaker-cf-templates-acme.s3.eu-west-1.amazonaws.com/jig/sagemaker-mlops/1.0.0/unified-studio.yaml");
    let keys: Vec<&str> = create["parameters"]["userParameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["keyName"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"SageMakerProjectName") && !keys.contains(&"SageMakerProjectId"),
        "{keys:?}"
    );
    let template = sb.path().join("o/unified-studio.yaml");
    let text = read(&template);
    assert!(
        !text.contains("${SageMakerProjectId}") && !text.contains("Ref SageMakerProjectId"),
        "{text}"
    );
    assert!(text.contains("${datazoneEnvironmentProjectId}"), "{text}");
    cfn_lint(&template);
    cfn_lint(&sb.path().join("o/template.yaml"));
}

#[test]
fn a_domain_id_of_the_other_kind_is_refused_with_what_to_add() {
    let sb = Sandbox::new();
    let out = publish(
        &sb,
        &blueprint_dir("sagemaker-mlops"),
        &["--out", "o", "--domain-id", "d-abc123"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("d-abc123 is a SageMaker domain, which only --studio-s3 takes: add --studio-s3, or drop the --domain-id"), "{err}");
    assert!(!sb.path().join("o").exists(), "nothing written");
    // Both kinds, each with its target.
    let out = publish(
        &sb,
        &blueprint_dir("sagemaker-mlops"),
        &[
            "--out",
            "o",
            "--studio-s3",
            "--domain-id",
            "d-abc123",
            "--domain-id",
            "dzd_abc123",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = summary["calls"].as_array().unwrap();
    let on = |op: &str| {
        calls
            .iter()
            .find(|c| c["operation"] == op)
            .map(|c| c["parameters"].clone())
    };
    assert_eq!(on("GetDomain").unwrap()["identifier"], "dzd_abc123");
    assert_eq!(on("DescribeDomain").unwrap()["DomainId"], "d-abc123");
}

const TOOLING_CFN: &str = r#"Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
  datazoneEnvironmentDomainId: {Type: String}
  datazoneEnvironmentEnvironmentId: {Type: String}
  datazoneScopeName: {Type: String, Default: dev}
Resources:
  ProjectBucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - {Key: AmazonDataZoneDomain, Value: !Ref datazoneEnvironmentDomainId}
        - {Key: AmazonDataZoneEnvironment, Value: !Ref datazoneEnvironmentEnvironmentId}
        - {Key: sagemaker:project-name, Value: !Ref SageMakerProjectName}
  DefaultIAMConnection:
    Type: AWS::DataZone::Connection
    Properties:
      Name: default.iam
      DomainIdentifier: !Ref datazoneEnvironmentDomainId
      EnvironmentIdentifier: !Ref datazoneEnvironmentEnvironmentId
      Props: {IamProperties: {GlueLineageSyncEnabled: false}}
  DefaultS3Connection:
    Type: AWS::DataZone::Connection
    Properties:
      Name: default.s3
      DomainIdentifier: !Ref datazoneEnvironmentDomainId
      EnvironmentIdentifier: !Ref datazoneEnvironmentEnvironmentId
      Props: {S3Properties: {S3Uri: !Sub 's3://${ProjectBucket}/${SageMakerProjectId}/'}}
  DefaultS3SharedConnection:
    Type: AWS::DataZone::Connection
    Properties:
      Name: default.s3_shared
      DomainIdentifier: !Ref datazoneEnvironmentDomainId
      EnvironmentIdentifier: !Ref datazoneEnvironmentEnvironmentId
      Props: {S3Properties: {S3Uri: !Sub 's3://${ProjectBucket}/shared/'}}
Outputs:
  BucketArn:
    Value: !GetAtt ProjectBucket.Arn
    Export: {Name: !Sub 's3BucketArn-${SageMakerProjectId}-${datazoneScopeName}'}
  BucketPath:
    Value: !Sub 's3://${ProjectBucket}/${SageMakerProjectId}/'
    Export: {Name: !Sub 's3BucketPath-${SageMakerProjectId}-${datazoneScopeName}'}
"#;

fn tooling_blueprint(sb: &Sandbox, cfn: &str) -> PathBuf {
    let manifest = "name: team-tooling\nversion: 1.0.0\ndescription: The team's tooling environment\nproject_dir: tooling\ncatalog:\n  cloudformation: infra/tooling.yaml\n  tooling: true\nfiles:\n  exclude: [infra/]\n";
    sb.blueprint(
        "tooling",
        &[
            ("blueprint.yaml", manifest),
            ("template/infra/tooling.yaml", cfn),
            ("template/README.md", "# tooling\n"),
        ],
    )
}

#[test]
fn a_tooling_blueprint_is_checked_by_lint_and_by_the_publish() {
    let sb = Sandbox::new();
    let good = tooling_blueprint(&sb, TOOLING_CFN);
    assert_lints_clean(&sb, &good);
    let out = publish(
        &sb,
        &good,
        &[
            "--out",
            "o",
            "--format",
            "json",
            "--domain-id",
            "dzd-abc123",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = summary["calls"].as_array().unwrap();
    let create = calls
        .iter()
        .find(|c| c["operation"] == "CreateEnvironmentBlueprint")
        .unwrap();
    assert_eq!(create["parameters"]["blueprintCategory"], "TOOLING");
    let profile = calls
        .iter()
        .find(|c| c["operation"] == "CreateProjectProfile")
        .unwrap();
    let envs = profile["parameters"]["environmentConfigurations"]
        .as_array()
        .unwrap();
    assert_eq!(
        envs.len(),
        1,
        "a tooling blueprint is the profile's first and only environment"
    );
    assert_eq!(envs[0]["deploymentOrder"], 0);
    cfn_lint(&sb.path().join("o/unified-studio.yaml"));
    let text = read(&sb.path().join("o/unified-studio.yaml"));
    assert!(
        text.contains("s3BucketArn-${datazoneEnvironmentProjectId}-${datazoneScopeName}"),
        "{text}"
    );

    let bad = TOOLING_CFN
        .replace("      Name: default.iam", "      Name: team.iam")
        .replace("  BucketPath:\n    Value: !Sub 's3://${ProjectBucket}/${SageMakerProjectId}/'\n    Export: {Name: !Sub 's3BucketPath-${SageMakerProjectId}-${datazoneScopeName}'}\n", "");
    let sb = Sandbox::new();
    let bad = tooling_blueprint(&sb, &bad);
    let lint = sb.jig().arg("lint").arg(&bad).output().unwrap();
    assert_eq!(
        lint.status.code(),
        Some(3),
        "{}{}",
        stdout(&lint),
        stderr(&lint)
    );
    let text = format!("{}{}", stdout(&lint), stderr(&lint));
    assert!(text.contains("unified-tooling"), "{text}");
    assert!(
        text.contains("DefaultIAMConnection is named `team.iam`, not default.iam or project.iam"),
        "{text}"
    );
    assert!(
        text.contains(
            "no output exports `s3BucketPath-${datazoneEnvironmentProjectId}-${datazoneScopeName}`"
        ),
        "{text}"
    );
    let out = publish(&sb, &bad, &["--out", "o", "--domain-id", "dzd-abc123"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("infra/tooling.yaml is not a Unified Studio tooling blueprint: DefaultIAMConnection is named `team.iam`"), "{err}");
    assert!(err.contains("drop `catalog.tooling`"), "{err}");
    assert!(!sb.path().join("o").exists(), "nothing written");
}

/// Ctrl-C while AWS does not answer: the line says what the publish already did (the registry
/// version) and what to type, not "nothing was written".
#[test]
fn ctrl_c_during_the_aws_steps_says_what_stays_and_what_to_run() {
    let sb = Sandbox::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            held.push(conn); // accepted, never answered
        }
    });
    write(
        &sb.path().join("config/jig/config.yaml"),
        format!("catalog:\n  endpoint_url: http://127.0.0.1:{port}\n").as_bytes(),
    );
    let child = sb
        .jig_std()
        .args([
            "publish",
            "sagemaker-mlops",
            "--unified-studio",
            "--bucket",
            "b",
            "--region",
            "eu-west-1",
            "--domain-id",
            "dzd-abc",
        ])
        .env("AWS_ACCESS_KEY_ID", "x")
        .env("AWS_SECRET_ACCESS_KEY", "y")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(4));
    // SAFETY: the child's pid, still running (it waits on the silent endpoint).
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("`jig publish` was interrupted; sagemaker-mlops 1.0.0 is in registry `local`, and the AWS steps reported done stay; run the same command again to complete the publish"),
        "{err}"
    );
}
