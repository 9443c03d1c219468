//! Blueprints that make several repositories (`repositories:`): `jig new` makes each side by
//! side from one set of answers, all or none; each records which one it is, so `jig check` and
//! `jig update` work on every one; a product seeds each repository from its own tree.

use super::catalog::{cfn_lint, dry_run};
use super::catalog_seed::{seed_command, seed_var};
use crate::common::*;
use crate::lifecycle::{check_json, jig_in, update_json};
use std::path::{Path, PathBuf};

const MANIFEST: &str = r#"name: mlops
version: VERSION
description: Model build and model deploy
questions:
  project_slug:
    default: churn
  stage_name:
    default: staging
repositories:
  model-build:
    template: build
  model-deploy:
    template: deploy
    directory: "{{ project_slug }}-deploy"
"#;

/// Writes release `version` of the two-repository blueprint into `root`; `deploy_extra` is
/// appended to the deploy repository's config.
fn release(root: &Path, version: &str, deploy_extra: &str) {
    let _ = std::fs::remove_dir_all(root.join("build"));
    let _ = std::fs::remove_dir_all(root.join("deploy"));
    write(
        &root.join("blueprint.yaml"),
        MANIFEST.replace("VERSION", version).as_bytes(),
    );
    write(
        &root.join("build/README.md"),
        b"# {{ project_slug }}: {{ jig.repository }}\n",
    );
    write(
        &root.join("build/pipeline.py"),
        b"PIPELINE = '{{ project_slug }}-build'\n",
    );
    write(
        &root.join("deploy/README.md"),
        b"# {{ project_slug }}: {{ jig.repository }}\n",
    );
    write(
        &root.join("deploy/config.yaml"),
        format!("stage: {{{{ stage_name }}}}\nretries: 3\n{deploy_extra}").as_bytes(),
    );
}

fn tagged_release(repo: &Path, version: &str, deploy_extra: &str) {
    release(repo, version, deploy_extra);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", &format!("release {version}")]);
    git(repo, &["tag", &format!("v{version}")]);
}

fn made(sb: &Sandbox) -> (PathBuf, PathBuf) {
    (
        sb.out().join("churn-model-build"),
        sb.out().join("churn-deploy"),
    )
}

#[test]
fn jig_new_makes_every_repository_side_by_side_and_each_records_which_it_is() {
    let sb = Sandbox::new();
    let bp = sb.path().join("mlops");
    release(&bp, "1.0.0", "");
    let out = sb.new_project(&bp, &["--data", "project_slug=churn"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (build, deploy) = made(&sb);
    assert_eq!(listing(&sb.out()), ["churn-deploy", "churn-model-build"]);
    assert_eq!(
        tree(&build),
        [".jig/", ".jig/mlops.yaml", "README.md", "pipeline.py"]
    );
    assert_eq!(
        tree(&deploy),
        [".jig/", ".jig/mlops.yaml", "README.md", "config.yaml"]
    );
    assert_eq!(read(&build.join("README.md")), "# churn: model-build\n");
    assert_eq!(read(&deploy.join("README.md")), "# churn: model-deploy\n");
    assert!(!build.join("config.yaml").exists());
    assert!(!deploy.join("pipeline.py").exists());
    for (dir, name) in [(&build, "model-build"), (&deploy, "model-deploy")] {
        let record = answers(dir, "mlops");
        assert_eq!(record["repository"].as_str(), Some(name));
        assert_eq!(record["answers"]["project_slug"].as_str(), Some("churn"));
        assert_eq!(
            git(dir, &["log", "--format=%s"]),
            "Initial commit from blueprint mlops 1.0.0"
        );
    }
    let err = stderr(&out);
    assert!(
        err.contains("Created out/churn-model-build from mlops 1.0.0 (2 files)"),
        "{err}"
    );
    assert!(
        err.contains("Created out/churn-deploy from mlops 1.0.0 (2 files)"),
        "{err}"
    );
    assert!(
        err.contains("each of out/churn-model-build, out/churn-deploy is its own git repository"),
        "{err}"
    );

    // Each checks clean against its own tree, and drift is its own.
    for dir in [&build, &deploy] {
        let (code, report) = check_json(&sb, dir, &[]);
        assert_eq!(code, 0, "{report}");
        assert_eq!(report["status"], "clean");
    }
    write(&deploy.join("config.yaml"), b"stage: staging\nretries: 9\n");
    let (code, report) = check_json(&sb, &deploy, &[]);
    assert_eq!(code, 11, "{report}");
    let files = &report["blueprints"][0]["content"]["files"];
    let modified: Vec<&str> = files
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["state"] == "modified")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(modified, ["config.yaml"]);
    let (code, _) = check_json(&sb, &build, &[]);
    assert_eq!(code, 0, "the build repository did not drift");

    // --format json: one report per repository.
    let json = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults", "-o", "json"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let reports: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let dirs: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["project_dir"].as_str().unwrap())
        .collect();
    assert_eq!(dirs, ["json/churn-model-build", "json/churn-deploy"]);
}

#[test]
fn one_repository_on_its_own_and_the_mistakes_a_new_user_makes() {
    let sb = Sandbox::new();
    let bp = sb.path().join("mlops");
    release(&bp, "1.0.0", "");

    let out = sb.new_project(&bp, &["--repository", "model-deploy"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(listing(&sb.out()), ["churn-deploy"]);

    // A typo is named, with the nearest name and every name.
    let out = sb.new_project_in(&bp, "typo", &["--repository", "model-deplyo"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: blueprint mlops makes no repository `model-deplyo`\nhint: did you mean `model-deploy`? (it makes: model-build, model-deploy)\n"
    );
    assert!(!sb.path().join("typo").exists());

    // The second repository's directory is taken: nothing is made, not even the first.
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("out/churn-deploy already exists and is not empty"),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing(&sb.out()), ["churn-deploy"], "nothing half-made");

    // A render error in the second tree removes the first repository again.
    write(
        &bp.join("deploy/broken.txt"),
        b"{{ stage_name | nofilter }}\n",
    );
    let out = sb.new_project_in(&bp, "fresh", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown filter"), "{}", stderr(&out));
    let left = listing(&sb.path().join("fresh"));
    assert!(left.is_empty(), "all or nothing: {left:?}");

    // Two repositories rendering to one directory is the blueprint's mistake, said before
    // anything is written.
    std::fs::remove_file(bp.join("deploy/broken.txt")).unwrap();
    let manifest = read(&bp.join("blueprint.yaml")).replace(
        "\"{{ project_slug }}-deploy\"",
        "\"{{ project_slug }}-model-build\"",
    );
    write(&bp.join("blueprint.yaml"), manifest.as_bytes());
    let out = sb.new_project_in(&bp, "same", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: repositories `model-build` and `model-deploy` both render to the directory `churn-model-build`\n"),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("same/churn-model-build").exists());

    // A manifest naming a folder it does not have is refused with the line.
    let manifest = read(&bp.join("blueprint.yaml")).replace("template: deploy", "template: deploi");
    write(&bp.join("blueprint.yaml"), manifest.as_bytes());
    let out = sb.new_project_in(&bp, "bad", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("repositories: `model-deploy` renders the folder `deploi`, which the blueprint does not have"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn update_moves_each_repository_with_its_own_tree() {
    let sb = Sandbox::new();
    let repo = sb.path().join("mlops-repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    tagged_release(&repo, "1.0.0", "");
    let source = format!("{}@^1", repo.display());
    let out = sb
        .jig()
        .args(["new", &source, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (build, deploy) = made(&sb);
    // The team edits its deploy config; 1.1.0 adds a line to it (apart from the edit).
    write(
        &deploy.join("config.yaml"),
        b"stage: production\nretries: 3\n",
    );
    git(&deploy, &["commit", "-q", "-am", "our stage"]);
    tagged_release(&repo, "1.1.0", "alarms: true\n");

    let (code, report) = check_json(&sb, &deploy, &[]);
    assert_eq!(code, 12, "behind and diverged: {report}");
    let (code, report, err) = update_json(&sb, &deploy, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report["to"], "1.1.0");
    assert_eq!(
        read(&deploy.join("config.yaml")),
        "stage: production\nretries: 3\nalarms: true\n"
    );
    assert!(!deploy.join("pipeline.py").exists(), "only its own tree");
    let record = answers(&deploy, "mlops");
    assert_eq!(record["version"].as_str(), Some("1.1.0"));
    assert_eq!(record["repository"].as_str(), Some("model-deploy"));

    // The build repository's files did not change: its update only records the version.
    let (code, _, err) = update_json(&sb, &build, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&build.join("README.md")), "# churn: model-build\n");
    assert_eq!(answers(&build, "mlops")["version"].as_str(), Some("1.1.0"));
    let (code, _, _) = jig_in(&sb, &build, &["check"]);
    assert_eq!(code, 0);
}

const PRODUCT: &str = r#"
catalog:
  cloudformation: product.yaml
  repositories:
    model-build: BuildRepo
  answers:
    project_slug: SageMakerProjectName
"#;

const PRODUCT_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SageMakerProjectName:
    Type: String
  SageMakerProjectId:
    Type: String
Resources:
  BuildRepo:
    Type: AWS::CodeCommit::Repository
    Properties:
      RepositoryName: !Sub sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-modelbuild
"#;

/// The product's seed script, run as CodeBuild would, pushing each repository to its bare
/// stand-in; `urls` are (environment variable, bare repository).
fn run_seed(sb: &Sandbox, template: &serde_yaml_ng::Value, urls: &[(&str, &Path)]) {
    let mut cmd = seed_command(sb, template);
    cmd.env("JIG_ANSWER_project_slug", "fraud");
    for (var, bare) in urls {
        cmd.env(var, bare);
    }
    let seeded = cmd.output().unwrap();
    assert!(
        seeded.status.success(),
        "seed script failed:\n{}{}",
        stdout(&seeded),
        stderr(&seeded)
    );
}

#[test]
fn one_product_seeds_every_repository_from_its_own_tree() {
    let sb = Sandbox::new();
    let bp = sb.path().join("mlops");
    release(&bp, "1.0.0", "");
    let manifest = read(&bp.join("blueprint.yaml")) + PRODUCT;
    write(&bp.join("blueprint.yaml"), manifest.as_bytes());
    write(&bp.join("product.yaml"), PRODUCT_YAML.as_bytes());
    assert_lints_clean(&sb, &bp);

    let (_, template) = dry_run(&sb, &bp, "build", &[]);
    cfn_lint(&sb.path().join("build/template.yaml"));
    let resources = &template["Resources"];
    // The named repository is the build's; the deploy one is created for it.
    assert!(resources.get("JigRepository").is_none());
    assert_eq!(
        resources["JigRepositoryModelDeploy"]["Properties"]["RepositoryName"],
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(
            "!Sub sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-model-deploy"
        )
        .unwrap()
    );
    let getatt = |id: &str| {
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&format!("!GetAtt {id}.CloneUrlHttp"))
            .unwrap()
    };
    assert_eq!(
        seed_var(&template, "JIG_REPOSITORY_URL_MODEL_BUILD"),
        getatt("BuildRepo")
    );
    assert_eq!(
        seed_var(&template, "JIG_REPOSITORY_URL_MODEL_DEPLOY"),
        getatt("JigRepositoryModelDeploy")
    );
    assert_eq!(
        template["Outputs"]["JigRepositoryCloneUrlModelDeploy"]["Value"],
        getatt("JigRepositoryModelDeploy")
    );

    let bare_build = sb.path().join("build.git");
    let bare_deploy = sb.path().join("deploy.git");
    for bare in [&bare_build, &bare_deploy] {
        git(sb.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
    }
    run_seed(
        &sb,
        &template,
        &[
            ("JIG_REPOSITORY_URL_MODEL_BUILD", &bare_build),
            ("JIG_REPOSITORY_URL_MODEL_DEPLOY", &bare_deploy),
        ],
    );
    let direct = sb.new_project_in(&bp, "direct", &["--data", "project_slug=fraud"]);
    assert_eq!(direct.status.code(), Some(0), "{}", stderr(&direct));
    for (bare, dir, name) in [
        (&bare_build, "fraud-model-build", "model-build"),
        (&bare_deploy, "fraud-deploy", "model-deploy"),
    ] {
        let clone = sb.path().join(format!("seeded-{name}"));
        git(
            sb.path(),
            &[
                "clone",
                "-q",
                "-b",
                "main",
                bare.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
        let made = sb.path().join("direct").join(dir);
        let files = |root: &Path| -> Vec<String> {
            tree(root)
                .into_iter()
                .filter(|f| !f.ends_with('/') && !f.starts_with(".jig/"))
                .collect()
        };
        assert_eq!(files(&clone), files(&made), "{name}");
        for f in files(&made) {
            assert_eq!(read(&clone.join(&f)), read(&made.join(&f)), "{name}: {f}");
        }
        let record = answers(&clone, "mlops");
        assert_eq!(record["repository"].as_str(), Some(name));
        assert_eq!(record["registry"].as_str(), Some("sc"));
    }
}

#[test]
fn on_a_connection_each_repository_gets_its_name_on_the_launch_form() {
    let sb = Sandbox::new();
    sb.write_config("catalog:\n  repository:\n    provider: github\n    connection_arn: arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d\n    owner: acme-ml\n");
    let bp = sb.path().join("mlops");
    release(&bp, "1.0.0", "");
    let (_, template) = dry_run(&sb, &bp, "build", &[]);
    cfn_lint(&sb.path().join("build/template.yaml"));
    let params = &template["Parameters"];
    assert_eq!(params["JigRepositoryOwner"]["Default"], "acme-ml");
    for suffix in ["ModelBuild", "ModelDeploy"] {
        let token = match suffix {
            "ModelBuild" => "<project name>-model-build",
            _ => "<project name>-model-deploy",
        };
        assert_eq!(
            params[format!("JigRepositoryName{suffix}").as_str()]["Default"],
            token
        );
    }
    let deploy_url = "!Sub\n- https://github.com/${Owner}/${Name}.git\n- Owner: !Ref JigRepositoryOwner\n  Name: !If\n  - JigRepositoryNameIsProjectNameModelDeploy\n  - !Sub ${SageMakerProjectName}-model-deploy\n  - !Ref JigRepositoryNameModelDeploy\n";
    assert_eq!(
        serde_yaml_ng::to_string(&seed_var(&template, "JIG_REPOSITORY_URL_MODEL_DEPLOY")).unwrap(),
        deploy_url
    );
    let project = &template["Resources"]["JigSeedProject"]["Properties"];
    assert_eq!(project["Source"]["Type"], "GITHUB");
    let secondary = &project["SecondarySources"][0];
    assert_eq!(secondary["SourceIdentifier"], "repo_modeldeploy");
    assert_eq!(
        serde_yaml_ng::to_string(&secondary["Location"]).unwrap(),
        deploy_url
    );
    assert_eq!(secondary["Auth"]["Type"], "CODECONNECTIONS");
}

#[test]
fn jig_test_and_lint_see_every_repository() {
    let sb = Sandbox::new();
    let bp = sb.path().join("mlops");
    release(&bp, "1.0.0", "");
    let checks = "checks:\n  - name: readme\n    run: test -f README.md\n  - name: config\n    run: test -f config.yaml\n    when: jig.repository == 'model-deploy'\n  - name: pipeline\n    run: test -f pipeline.py\n";
    let manifest = read(&bp.join("blueprint.yaml")) + checks;
    write(&bp.join("blueprint.yaml"), manifest.as_bytes());
    let out = sb.jig().arg("test").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let grid = stdout(&out);
    assert!(
        grid.contains("defaults    pass     -         pass     pass     FAIL"),
        "{grid}"
    );
    assert!(
        grid.contains("[model-deploy] $ test -f pipeline.py"),
        "the failing repository is named: {grid}"
    );
    assert!(!grid.contains("[model-build] $"), "{grid}");

    // A mistake in the second tree is found by lint, with the path from the blueprint root.
    write(&bp.join("deploy/x.txt"), b"{{ stage_nmae }}\n");
    let out = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "deploy/x.txt:1:4: error[undefined-variable]: `stage_nmae` is not a question"
        ),
        "{}",
        stdout(&out)
    );
}

/// `jig show` names the repositories a blueprint makes and their directory templates.
#[test]
fn show_names_the_repositories() {
    let sb = Sandbox::new();
    let bp = sb.path().join("mlops");
    release(&bp, "1.0.0", "");
    let out = sb.jig().arg("show").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Repositories (made side by side; --repository NAME for one):\n  model-build   {{ project_slug }}-model-build\n  model-deploy  {{ project_slug }}-deploy\n"),
        "{}",
        stdout(&out)
    );
    let out = sb
        .jig()
        .arg("show")
        .arg(&bp)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["repositories"],
        serde_json::json!([
            {"name": "model-build", "directory": "{{ project_slug }}-model-build"},
            {"name": "model-deploy", "directory": "{{ project_slug }}-deploy"}
        ])
    );
}
