//! `jig lint` finds what the catalog's seed step would duplicate or break in a blueprint's
//! CloudFormation: AWS's sample-tooling placeholders, an initial commit from S3 on the
//! repository jig seeds, a function that seeds repositories itself. On a real sample
//! (tests/fixtures/aws-samples) and on a hand-made one for the function rule.

use crate::common::*;
use pretty_assertions::assert_eq;
use std::path::{Path, PathBuf};

/// A blueprint whose `catalog.cloudformation` is `cfn`, seeding `repository`.
fn blueprint(sb: &Sandbox, cfn: &str, repository: &str) -> PathBuf {
    let manifest = format!(
        "name: sample\nversion: 1.0.0\ndescription: an imported sample\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\ncatalog:\n  cloudformation: infra/cicd.yaml\n  repository: {repository}\nfiles:\n  exclude: [infra/]\n"
    );
    sb.blueprint(
        "sample",
        &[
            ("blueprint.yaml", &manifest),
            ("template/infra/cicd.yaml", cfn),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    )
}

fn lint(sb: &Sandbox, bp: &Path) -> (i32, Vec<String>) {
    let out = sb.jig().arg("lint").arg(bp).output().unwrap();
    let lines = stdout(&out)
        .lines()
        .filter(|l| l.contains("[seed-"))
        .map(|l| l.split_once("infra/cicd.yaml:").unwrap().1.to_string())
        .collect();
    (out.status.code().unwrap(), lines)
}

#[test]
fn a_real_samples_placeholders_and_s3_seed_are_found() {
    let sb = Sandbox::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aws-samples/mlops-shadow-deployment.yaml");
    let bp = blueprint(&sb, &read(&sample), "ModelBuildCodeCommitRepository");
    let (code, findings) = lint(&sb, &bp);
    assert_eq!(code, 3);
    let placeholder = |line: usize, column: usize, name: &str| {
        format!("{line}:{column}: error[seed-conflict]: `{name}` is a placeholder AWS's sample tooling fills in before upload; jig publishes the template as it is, so it would stay literal (use a parameter, or the bucket and roles jig's seed step uses)")
    };
    assert_eq!(
        findings,
        [
            "52:1: error[seed-conflict]: `ModelBuildCodeCommitRepository` (catalog.repository) has `Code`, an initial commit from S3; jig's seed step pushes the generated project there, so the repository would be seeded twice (remove `Code`)".to_string(),
            placeholder(60, 19, "AWSDEFAULT___CODE_STAGING_BUCKET___"),
            placeholder(61, 16, "AWSDEFAULT___PROJECT_NAME___"),
            placeholder(204, 19, "AWSDEFAULT___CODE_STAGING_BUCKET___"),
            placeholder(205, 16, "AWSDEFAULT___PROJECT_NAME___"),
        ]
    );
}

#[test]
fn a_function_that_seeds_repositories_itself_is_a_warning() {
    let sb = Sandbox::new();
    let cfn = r#"Parameters:
  SageMakerProjectName:
    Type: String
  SageMakerProjectId:
    Type: String
Resources:
  Repo:
    Type: AWS::CodeCommit::Repository
    Properties:
      RepositoryName: !Sub sagemaker-${SageMakerProjectName}
  SeedFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/seed
      Code:
        ZipFile: |
          import boto3
          def handler(event, context):
              boto3.client("codecommit").create_commit(repositoryName="x", branchName="main")
"#;
    let bp = blueprint(&sb, cfn, "Repo");
    let (code, findings) = lint(&sb, &bp);
    assert_eq!(code, 0, "a warning alone does not fail lint");
    assert_eq!(
        findings,
        ["11:1: warning[seed-function]: function `SeedFunction` commits files to a repository itself; jig's seed step already seeds the project's repository, so remove it (or keep it for a repository jig does not seed)"]
    );
    let strict = sb
        .jig()
        .args(["lint", "--strict"])
        .arg(&bp)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(3), "--strict fails on warnings");
}
