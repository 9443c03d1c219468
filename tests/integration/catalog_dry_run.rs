//! What `jig publish --dry-run` tells a person: where it wrote (a kept temporary folder when
//! there is no `--out`), the region it looked at and where that came from, that no Studio
//! user will see a product no principal can reach, and what a launch creates.

use crate::catalog::blueprint_dir;
use crate::common::*;
use std::path::PathBuf;

/// `jig publish python-lib --service-catalog --dry-run --allow-dirty EXTRA...` with `env`.
fn dry(sb: &Sandbox, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = sb.jig();
    cmd.arg("publish")
        .arg(blueprint_dir("python-lib"))
        .args(["--service-catalog", "--dry-run", "--allow-dirty"])
        .args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

fn config_path(sb: &Sandbox) -> PathBuf {
    sb.path().join("config/jig/config.yaml")
}

#[test]
fn a_dry_run_without_out_writes_to_a_kept_temporary_folder_and_says_where() {
    let sb = Sandbox::new();
    let out = dry(&sb, &[], &[]);
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.starts_with("       Wrote "))
        .unwrap_or_else(|| panic!("{err}"));
    let names = listing(&sb.path().join("tmp"));
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("jig-dry-run-"), "{names:?}");
    let dir = sb.path().join("tmp").join(&names[0]);
    assert_eq!(
        line,
        format!(
            "       Wrote the product template, the seed registry and calls.json to {} (no --out: a new folder, kept)",
            dir.display()
        )
    );
    assert_eq!(listing(&dir), ["calls.json", "registry", "template.yaml"]);
    // A second run gets a folder of its own.
    dry(&sb, &[], &[]);
    assert_eq!(listing(&sb.path().join("tmp")).len(), 2);
}

#[test]
fn the_not_configured_warning_names_the_region_and_where_it_looked() {
    let sb = Sandbox::new();
    let out = dry(&sb, &["--out", "a"], &[]);
    assert!(
        stderr(&out).contains(&format!(
            "warning: not configured, shown as placeholders: catalog.bucket, catalog.portfolio, catalog.region (looked at --region, `catalog.region` in {}, AWS_REGION and AWS_DEFAULT_REGION)\n",
            config_path(&sb).display()
        )),
        "{}",
        stderr(&out)
    );

    // From the environment, as the AWS SDK would take it: used in the template's URL.
    let out = dry(&sb, &["--out", "b"], &[("AWS_DEFAULT_REGION", "eu-west-2")]);
    let err = stderr(&out);
    assert!(
        err.contains("      Region eu-west-2 (from AWS_DEFAULT_REGION)\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: not configured, shown as placeholders: catalog.bucket, catalog.portfolio\n"
        ),
        "{err}"
    );
    assert!(read(&sb.path().join("b/calls.json"))
        .contains("https://<unset catalog.bucket>.s3.eu-west-2.amazonaws.com/jig/python-lib/1.0.0/template.yaml"));

    let out = dry(
        &sb,
        &["--out", "c", "--region", "eu-central-1"],
        &[
            ("AWS_REGION", "us-east-1"),
            ("AWS_DEFAULT_REGION", "eu-west-2"),
        ],
    );
    assert!(
        stderr(&out).contains("      Region eu-central-1 (from --region)\n"),
        "{}",
        stderr(&out)
    );
    let out = dry(
        &sb,
        &["--out", "d"],
        &[
            ("AWS_REGION", "us-east-1"),
            ("AWS_DEFAULT_REGION", "eu-west-2"),
        ],
    );
    assert!(
        stderr(&out).contains("      Region us-east-1 (from AWS_REGION)\n"),
        "{}",
        stderr(&out)
    );

    sb.write_config("catalog:\n  region: eu-north-1\n");
    let out = dry(&sb, &["--out", "e"], &[("AWS_REGION", "us-east-1")]);
    assert!(
        stderr(&out).contains(&format!(
            "      Region eu-north-1 (from `catalog.region` in {})\n",
            config_path(&sb).display()
        )),
        "{}",
        stderr(&out)
    );
}

const NO_PRINCIPALS: &str = "warning: no Studio user will see the product: portfolio <unset catalog.portfolio> gives no principal access, and none is configured; add the Studio execution role with --principal arn:aws:iam::ACCOUNT:role/ROLE (repeatable) or `catalog.principals` in the config file\n";

#[test]
fn without_studio_principals_the_dry_run_warns_that_no_studio_user_will_see_the_product() {
    let sb = Sandbox::new();
    let out = dry(&sb, &["--out", "a"], &[]);
    assert!(stderr(&out).contains(NO_PRINCIPALS), "{}", stderr(&out));

    let out = dry(
        &sb,
        &[
            "--out",
            "b",
            "--principal",
            "arn:aws:iam::111122223333:role/Studio",
        ],
        &[],
    );
    assert!(!stderr(&out).contains("no Studio user"), "{}", stderr(&out));
}

#[test]
fn the_dry_run_summarizes_what_a_launch_creates_and_lists_the_calls_without_json() {
    let sb = Sandbox::new();
    let out = dry(&sb, &["--out", "plan"], &[]);
    let err = stderr(&out);
    assert!(
        err.contains("      Launch a project made from python-lib 1.0.0 creates 4 resources:\n"),
        "{err}"
    );
    assert!(
        err.contains("     Dry run 15 AWS calls a first publish makes (nothing was called; their parameters are in plan/calls.json, or use --format json):\n"),
        "{err}"
    );
    assert_eq!(
        stdout(&out),
        "  CodeCommit repository      JigRepository\n\
         \x20 CodeBuild project          JigSeedProject\n\
         \x20 Lambda function            JigSeedFunction\n\
         \x20 jig seed (custom)          JigSeed\n\
         \x20 s3 PutObject ×5\n\
         \x20 servicecatalog DescribePortfolio\n\
         \x20 servicecatalog SearchProductsAsAdmin\n\
         \x20 servicecatalog CreateProduct\n\
         \x20 servicecatalog DescribeProvisioningArtifact\n\
         \x20 servicecatalog DescribeProductAsAdmin\n\
         \x20 servicecatalog ListPortfoliosForProduct\n\
         \x20 servicecatalog AssociateProductWithPortfolio\n\
         \x20 servicecatalog ListConstraintsForPortfolio\n\
         \x20 servicecatalog CreateConstraint\n\
         \x20 servicecatalog ListPrincipalsForPortfolio\n"
    );
    // The JSON report carries the same summary.
    let out = dry(&sb, &["--out", "json", "--format", "json"], &[]);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["launch"][0],
        serde_json::json!({"type": "AWS::CodeCommit::Repository", "what": "CodeCommit repository", "logical_ids": ["JigRepository"]})
    );
}

#[test]
fn the_launch_summary_groups_resources_by_type_with_their_conditions() {
    let sb = Sandbox::new();
    let text = format!(
        "{}catalog:\n  cloudformation: infra/stack.yaml\n",
        manifest("")
    );
    let stack = "AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  WantsData: !Equals ['a', 'a']\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Condition: WantsData\n  Alerts:\n    Type: AWS::SNS::Topic\n  Logs:\n    Type: AWS::S3::Bucket\n  BuildRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n";
    let dir = sb.blueprint(
        "bp",
        &[
            ("blueprint.yaml", &text),
            ("template/README.md", "hi\n"),
            ("template/infra/stack.yaml", stack),
        ],
    );
    let out = sb
        .jig()
        .arg("publish")
        .arg(&dir)
        .args(["--service-catalog", "--dry-run", "--out", "plan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("      Launch a project made from fixture 1.2.3 creates 8 resources:\n"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    let launch: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("  s3 "))
        .collect();
    assert_eq!(
        launch,
        [
            "  S3 bucket (2)              Data (if WantsData), Logs",
            "  AWS::SNS::Topic            Alerts",
            "  IAM role                   BuildRole",
            "  CodeCommit repository      JigRepository",
            "  CodeBuild project          JigSeedProject",
            "  Lambda function            JigSeedFunction",
            "  jig seed (custom)          JigSeed",
        ]
    );
}
