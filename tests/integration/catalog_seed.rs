//! The seed step of a product template, run locally: its build script, taken from the
//! template's buildspec, runs with bash against a bare repository that stands in for the
//! project's (CodeCommit, or GitHub through a connection) and must push the tree `jig new`
//! renders with the same answers. Plus the repository settings: a connection's parameters and
//! CodeBuild source, and the combinations that are refused.

use super::catalog::{blueprint_dir, cfn_lint, dry_run};
use crate::common::*;
use serde_yaml_ng::Value;
use std::path::{Path, PathBuf};

/// The value the template gives the seed's environment variable `name`.
pub(crate) fn seed_var(template: &Value, name: &str) -> Value {
    template["Resources"]["JigSeedProject"]["Properties"]["Environment"]["EnvironmentVariables"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["Name"] == name)
        .unwrap_or_else(|| panic!("{name} is passed to the seed"))["Value"]
        .clone()
}

pub(crate) fn buildspec(template: &Value) -> Value {
    serde_yaml_ng::from_str(
        template["Resources"]["JigSeedProject"]["Properties"]["Source"]["BuildSpec"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
}

/// The build phase as CodeBuild would run it after the install phase (jig on PATH, the
/// registry downloaded to `build/registry`), without the repository URLs and answers.
pub(crate) fn seed_command(sb: &Sandbox, template: &Value) -> std::process::Command {
    let script = buildspec(template)["phases"]["build"]["commands"][0]
        .as_str()
        .unwrap()
        .to_string();
    let bin = sb.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let _ = std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_jig"), bin.join("jig"));
    let mut cmd = std::process::Command::new("bash");
    cmd.args(["-c", &script])
        .env_clear()
        .env("PATH", format!("{}:{}", bin.display(), test_path()))
        .env("HOME", sb.path().join("home"))
        .env("XDG_CACHE_HOME", sb.path().join("seed-cache"))
        .env("XDG_DATA_HOME", sb.path().join("seed-data"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("JIG_REGISTRY_DIR", sb.path().join("build/registry"))
        .env(
            "JIG_BUNDLE_SHA256",
            seed_var(template, "JIG_BUNDLE_SHA256").as_str().unwrap(),
        );
    cmd
}

/// Runs the build phase, pushing to `remote`.
pub(crate) fn run_seed(sb: &Sandbox, template: &Value, answers: &[(&str, &str)], remote: &Path) {
    run_seed_into(sb, template, answers, &[("JIG_REPOSITORY_URL", remote)]);
}

/// Runs the build phase, pushing each repository to its remote: (variable, remote) pairs.
pub(crate) fn run_seed_into(
    sb: &Sandbox,
    template: &Value,
    answers: &[(&str, &str)],
    remotes: &[(&str, &Path)],
) {
    let mut cmd = seed_command(sb, template);
    for (var, remote) in remotes {
        cmd.env(var, remote);
    }
    for (q, v) in answers {
        assert!(
            !seed_var(template, &format!("JIG_ANSWER_{q}")).is_null(),
            "{q} is passed to the seed"
        );
        cmd.env(format!("JIG_ANSWER_{q}"), v);
    }
    let seeded = cmd.output().unwrap();
    assert!(
        seeded.status.success(),
        "seed script failed:\n{}{}",
        stdout(&seeded),
        stderr(&seeded)
    );
}

/// `jig new BLUEPRINT --defaults` with the non-empty answers; the project directory.
pub(crate) fn jig_new(
    sb: &Sandbox,
    blueprint: &str,
    answers: &[(&str, &str)],
    project: &str,
) -> PathBuf {
    let mut direct = sb.jig();
    direct.args(["new", blueprint, "--defaults", "--trust", "-o", "direct"]);
    for (q, v) in answers.iter().filter(|(_, v)| !v.is_empty()) {
        direct.args(["--data", &format!("{q}={v}")]);
    }
    let result = direct.output().unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    sb.path().join("direct").join(project)
}

/// Same files with the same bytes, and the same recorded answers.
pub(crate) fn assert_same_project(seeded: &Path, direct: &Path, record: &str) -> Value {
    assert_eq!(tree(seeded), tree(direct));
    for file in tree(direct)
        .iter()
        .filter(|f| !f.ends_with('/') && *f != record)
    {
        assert_eq!(
            std::fs::read(seeded.join(file)).unwrap(),
            std::fs::read(direct.join(file)).unwrap(),
            "{file}"
        );
    }
    let answers = |p: &Path| -> Value { serde_yaml_ng::from_str(&read(&p.join(record))).unwrap() };
    let (s, d) = (answers(seeded), answers(direct));
    assert_eq!(s["answers"], d["answers"]);
    assert_eq!(s["registry"], "sc");
    assert_eq!(s["version"], "1.0.0");
    s
}

#[test]
fn the_seed_step_renders_what_jig_new_renders() {
    let sb = Sandbox::new();
    let (_, template) = dry_run(&sb, &blueprint_dir("sagemaker-mlops"), "build", &[]);
    let bare = sb.path().join("remote.git");
    git(sb.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
    let deploy = sb.path().join("deploy.git");
    git(
        sb.path(),
        &["init", "-q", "--bare", deploy.to_str().unwrap()],
    );
    // The stack's parameters: every answer given, except an empty "compute it" default.
    let answers = [
        ("project_name", "Fraud Detector"),
        ("project_slug", "fraud-det"),
        ("description", ""),
        ("owner", "risk-team"),
        ("python_version", "3.12"),
        ("instance_type", "ml.g5.xlarge"),
        ("max_runtime_hours", "6"),
        ("approval_threshold", "0.8"),
        ("ci_checks", "lint,test"),
        ("enable_model_monitor", "true"),
    ];
    run_seed_into(
        &sb,
        &template,
        &answers,
        &[
            ("JIG_REPOSITORY_URL_MODEL_BUILD", &bare),
            ("JIG_REPOSITORY_URL_MODEL_DEPLOY", &deploy),
        ],
    );

    git(
        sb.path(),
        &[
            "clone",
            "-q",
            "-b",
            "main",
            bare.to_str().unwrap(),
            "seeded",
        ],
    );
    let seeded = sb.path().join("seeded");
    let direct = jig_new(&sb, "sagemaker-mlops", &answers, "fraud-det");
    // The model-deploy repository is seeded too, with what `jig new` made beside the build.
    git(
        sb.path(),
        &[
            "clone",
            "-q",
            "-b",
            "main",
            deploy.to_str().unwrap(),
            "seeded-deploy",
        ],
    );
    let seeded_deploy = sb.path().join("seeded-deploy");
    let deploy_record = assert_same_project(
        &seeded_deploy,
        &sb.path().join("direct/fraud-det-deploy"),
        ".jig/sagemaker-mlops.yaml",
    );
    assert_eq!(deploy_record["repository"], "model-deploy");
    assert!(seeded_deploy.join("infra/endpoint.yaml").is_file());
    assert!(
        seeded_deploy.join("infra/monitoring.yaml").is_file(),
        "enable_model_monitor=true took effect"
    );
    let record = assert_same_project(&seeded, &direct, ".jig/sagemaker-mlops.yaml");
    assert!(seeded.join("data/abalone.csv").is_file());
    assert_eq!(
        record["bundle"].as_str().unwrap(),
        format!(
            "sha256:{}",
            seed_var(&template, "JIG_BUNDLE_SHA256").as_str().unwrap()
        )
    );
    assert_eq!(git(&seeded, &["log", "--format=%an|%s"]).lines().count(), 1);
    assert!(git(&seeded, &["log", "--format=%an"]).starts_with("jig seed"));
}

const GITHUB: &str = "catalog:\n  repository:\n    provider: github\n    connection_arn: arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d\n    owner: acme-ml\n";

#[test]
fn a_github_connection_seeds_an_existing_repository_on_top_of_its_history() {
    let sb = Sandbox::new();
    sb.write_config(GITHUB);
    let (summary, template) = dry_run(&sb, &blueprint_dir("python-lib"), "build", &[]);
    cfn_lint(&sb.path().join("build/template.yaml"));
    assert_eq!(summary["not_configured"].as_array().unwrap().len(), 3); // bucket, portfolio, region

    // The launch form asks for the repository; its name defaults to the project's.
    let params = &template["Parameters"];
    assert_eq!(params["JigRepositoryOwner"]["Default"], "acme-ml");
    assert_eq!(params["JigRepositoryName"]["Default"], "<project name>");
    assert!(params["JigRepositoryName"]["Description"]
        .as_str()
        .unwrap()
        .contains(
            "`<project name>` (the default) means the repository named like the SageMaker project"
        ));
    let groups = &template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"];
    let last = groups.as_sequence().unwrap().last().unwrap();
    assert_eq!(last["Label"]["default"], "GitHub repository");
    let url = "!Sub\n- https://github.com/${Owner}/${Name}.git\n- Owner: !Ref JigRepositoryOwner\n  Name: !If\n  - JigRepositoryNameIsProjectName\n  - !Ref SageMakerProjectName\n  - !Ref JigRepositoryName\n";
    let source = &template["Resources"]["JigSeedProject"]["Properties"]["Source"];
    assert_eq!(source["Type"], "GITHUB");
    assert_eq!(serde_yaml_ng::to_string(&source["Location"]).unwrap(), url);
    assert_eq!(
        serde_yaml_ng::to_string(&seed_var(&template, "JIG_REPOSITORY_URL")).unwrap(),
        url
    );
    assert_eq!(source["Auth"]["Type"], "CODECONNECTIONS");
    assert_eq!(
        source["Auth"]["Resource"],
        "arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d"
    );
    let spec = buildspec(&template);
    assert_eq!(spec["env"]["git-credential-helper"], "yes");
    let install = serde_yaml_ng::to_string(&spec["phases"]["install"]).unwrap();
    assert!(!install.contains("codecommit"), "{install}");
    assert!(template["Resources"].get("JigRepository").is_none());
    assert_eq!(
        template["Conditions"]["JigRepositoryNameIsProjectName"],
        serde_yaml_ng::from_str::<Value>("!Equals [!Ref JigRepositoryName, '<project name>']")
            .unwrap()
    );

    // The repository exists with a first commit on its default branch, `trunk`.
    let bare = sb.path().join("remote.git");
    git(sb.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
    git(&bare, &["symbolic-ref", "HEAD", "refs/heads/trunk"]);
    let first = sb.path().join("first");
    git(sb.path(), &["init", "-q", "-b", "trunk", "first"]);
    write(&first.join("README.md"), b"# churn-model\n");
    write(&first.join("LICENSE"), b"Proprietary\n");
    git(&first, &["add", "-A"]);
    git(&first, &["commit", "-q", "-m", "Initial commit"]);
    git(&first, &["push", "-q", bare.to_str().unwrap(), "trunk"]);
    let initial = git(&first, &["rev-parse", "HEAD"]).trim().to_string();

    let answers = [
        ("dist_name", "churn-model"),
        ("description", "Churn features"),
        ("author_email", "ml@acme.io"),
        ("aws_region", "us-west-2"),
        ("python_version", "3.12"),
    ];
    run_seed(&sb, &template, &answers, &bare);

    git(
        sb.path(),
        &["clone", "-q", bare.to_str().unwrap(), "seeded"],
    );
    let seeded = sb.path().join("seeded");
    let direct = jig_new(&sb, "python-lib", &answers, "churn-model");
    assert_same_project(&seeded, &direct, ".jig/python-lib.yaml");
    assert!(!seeded.join("LICENSE").exists(), "only the rendered files");
    assert_eq!(git(&seeded, &["branch", "--show-current"]).trim(), "trunk");
    assert_eq!(
        git(&seeded, &["rev-parse", "HEAD~1"]).trim(),
        initial,
        "the seed commit's parent is the repository's first commit"
    );
    assert_eq!(
        git(&seeded, &["log", "-1", "--format=%an|%cn"]).trim(),
        "jig seed|jig seed"
    );
    assert_eq!(git(&seeded, &["show", "HEAD~1:LICENSE"]), "Proprietary");
    assert_eq!(
        git(&bare, &["for-each-ref", "--format=%(refname)"]).trim(),
        "refs/heads/trunk",
        "no other branch was pushed"
    );
}

#[test]
fn repository_settings_that_cannot_work_are_refused() {
    let sb = Sandbox::new();
    sb.write_config(GITHUB);
    // A blueprint whose CloudFormation builds on its own CodeCommit repository.
    let cfn = "Resources:\n  SourceRepository:\n    Type: AWS::CodeCommit::Repository\n    Properties:\n      RepositoryName: !Sub sagemaker-${SageMakerProjectName}\n";
    let manifest = "name: own-repo\nversion: 1.0.0\ndescription: builds on its own repository\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\ncatalog:\n  cloudformation: infra/cicd.yaml\n  repository: SourceRepository\n  answers:\n    project_slug: SageMakerProjectName\nfiles:\n  exclude: [infra/]\n";
    let own = sb.blueprint(
        "own-repo",
        &[
            ("blueprint.yaml", manifest),
            ("template/infra/cicd.yaml", cfn),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    );
    let out = sb
        .jig()
        .arg("publish")
        .arg(&own)
        .args(["--service-catalog", "--dry-run", "--out", "plan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("blueprint own-repo creates its own CodeCommit repository `SourceRepository` (catalog.repository), so it cannot be seeded on GitHub"),
        "{err}"
    );
    assert!(err.contains("--git-provider codecommit"), "{err}");
    assert!(!sb.path().join("plan").exists(), "nothing written");

    // ... and publishes with the flag that puts it back on CodeCommit.
    let (_, template) = dry_run(&sb, &own, "plan", &["--git-provider", "codecommit"]);
    assert_eq!(
        template["Resources"]["JigSeedProject"]["Properties"]["Source"]["Type"],
        "NO_SOURCE"
    );

    // GitHub Enterprise has no default host.
    let out = sb
        .jig()
        .arg("publish")
        .arg(blueprint_dir("python-lib"))
        .args(["--service-catalog", "--dry-run", "--out", "ghe"])
        .args(["--git-provider", "github-enterprise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the host of the GitHub server is not configured"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("catalog.repository.host"));

    // Without a connection, a dry run marks it as a placeholder; a publish refuses.
    let sb = Sandbox::new();
    let (summary, template) = dry_run(
        &sb,
        &blueprint_dir("ds-project"),
        "plan",
        &["--git-provider", "gitlab", "--git-owner", "acme/ml"],
    );
    assert!(summary["not_configured"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("catalog.repository.connection_arn")));
    let source = &template["Resources"]["JigSeedProject"]["Properties"]["Source"];
    assert_eq!(source["Type"], "GITLAB");
    assert_eq!(
        source["Auth"]["Resource"],
        "<unset catalog.repository.connection_arn>"
    );
    assert_eq!(
        template["Parameters"]["JigRepositoryOwner"]["Default"],
        "acme/ml"
    );
    let out = sb
        .jig()
        .arg("publish")
        .arg(blueprint_dir("ds-project"))
        .args([
            "--service-catalog",
            "--bucket",
            "b",
            "--portfolio",
            "port-1",
        ])
        .args(["--git-provider", "gitlab", "--git-owner", "acme/ml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the repository.connection_arn is not configured"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--connection ARN"));
}

/// sagemaker-mlops published for GitHub: the seed step commits both repositories on top of
/// the existing ones' first commits, on `main`, which the product's pipelines follow.
#[test]
fn sagemaker_mlops_on_github_seeds_both_existing_repositories() {
    let sb = Sandbox::new();
    let answers = [
        ("project_slug", "fraud-det"),
        ("enable_model_monitor", "true"),
    ];
    seed_both_mlops_repositories(&sb, &answers);
    assert!(sb.path().join("seeded/buildspec.yml").is_file());
    assert!(!sb
        .path()
        .join("seeded/.github/workflows/pipeline.yml")
        .exists());
}

/// With GitHub Actions as the CI/CD service, the stack gives the seed the region and account
/// it is created in (`AWS::Region`, `AWS::AccountId`), and the workflows assume the role there.
#[test]
fn sagemaker_mlops_with_github_actions_seeds_workflows_for_the_launch_account_and_region() {
    let sb = Sandbox::new();
    let answers = [
        ("project_slug", "fraud-det"),
        ("ci_service", "github-actions"),
        ("aws_region", "ap-southeast-2"),
        ("aws_account_id", "444455556666"),
    ];
    let template = seed_both_mlops_repositories(&sb, &answers);
    for (question, pseudo) in [
        ("aws_region", "!Ref AWS::Region\n"),
        ("aws_account_id", "!Ref AWS::AccountId\n"),
    ] {
        let value = seed_var(&template, &format!("JIG_ANSWER_{question}"));
        assert_eq!(serde_yaml_ng::to_string(&value).unwrap(), pseudo);
    }
    let action = read(&sb.path().join("seeded/.github/actions/aws/action.yml"));
    assert!(action
        .contains("role-to-assume: arn:aws:iam::444455556666:role/sagemaker-github-actions\n"));
    assert!(action.contains("aws-region: ap-southeast-2\n"));
    assert!(sb.path().join("seeded-deploy/deploy.py").is_file());
    assert!(!sb.path().join("seeded/buildspec.yml").exists());
    assert!(!sb.path().join("seeded-deploy/buildspec.yml").exists());
}

/// Publishes sagemaker-mlops for GitHub, seeds both repositories (each created on GitHub with
/// a first commit) with `answers`, and checks each is what `jig new` makes; the template.
fn seed_both_mlops_repositories(sb: &Sandbox, answers: &[(&str, &str)]) -> Value {
    let connection = "arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d";
    let (_, template) = dry_run(
        sb,
        &blueprint_dir("sagemaker-mlops"),
        "build",
        &[
            "--git-provider",
            "github",
            "--connection",
            connection,
            "--git-owner",
            "acme",
        ],
    );
    let mut remotes = Vec::new();
    for name in ["build", "deploy"] {
        let bare = sb.path().join(format!("{name}.git"));
        git(sb.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
        // GitHub's HEAD names the default branch.
        git(&bare, &["symbolic-ref", "HEAD", "refs/heads/main"]);
        let first = sb.path().join(format!("first-{name}"));
        git(
            sb.path(),
            &["init", "-q", "-b", "main", first.to_str().unwrap()],
        );
        write(&first.join("README.md"), b"# created on GitHub\n");
        git(&first, &["add", "-A"]);
        git(&first, &["commit", "-q", "-m", "Initial commit"]);
        git(&first, &["push", "-q", bare.to_str().unwrap(), "main"]);
        let head = git(&first, &["rev-parse", "HEAD"]).trim().to_string();
        remotes.push((bare, head));
    }
    run_seed_into(
        sb,
        &template,
        answers,
        &[
            ("JIG_REPOSITORY_URL_MODEL_BUILD", &remotes[0].0),
            ("JIG_REPOSITORY_URL_MODEL_DEPLOY", &remotes[1].0),
        ],
    );
    let direct = jig_new(sb, "sagemaker-mlops", answers, "fraud-det");
    for ((bare, first), (clone, made)) in remotes.iter().zip([
        ("seeded", direct.clone()),
        ("seeded-deploy", sb.path().join("direct/fraud-det-deploy")),
    ]) {
        git(sb.path(), &["clone", "-q", bare.to_str().unwrap(), clone]);
        let seeded = sb.path().join(clone);
        assert_same_project(&seeded, &made, ".jig/sagemaker-mlops.yaml");
        assert_eq!(git(&seeded, &["branch", "--show-current"]).trim(), "main");
        assert_eq!(
            git(&seeded, &["rev-parse", "HEAD~1"]).trim(),
            first,
            "{clone}"
        );
    }
    assert!(sb.path().join("seeded/data/abalone.csv").is_file());
    assert_eq!(
        sb.path()
            .join("seeded-deploy/infra/monitoring.yaml")
            .is_file(),
        answers.contains(&("enable_model_monitor", "true"))
    );
    template
}
