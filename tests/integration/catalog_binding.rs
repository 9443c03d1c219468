//! Questions answered by parameters the blueprint's own CloudFormation declares: bound in
//! `catalog.answers`, asked once, checked against the question (type, allowed values,
//! default, NoEcho), the template's parameter groups and labels kept; an unbound question
//! whose parameter the template declares is a clash whose hint says how to bind it; what
//! `jig publish` refuses, `jig lint` reports.

use crate::catalog::{cfn_lint, dry_run, dry_run_output};
use crate::common::*;
use pretty_assertions::assert_eq;
use std::path::PathBuf;

/// A blueprint whose CloudFormation declares `CodeRepositoryName` and `TrainingInstance`,
/// which answer `code_repository_name` and `instance_type` (`answers` lines of the manifest).
fn blueprint(sb: &Sandbox, repo_default: &str, parameters: &str) -> PathBuf {
    blueprint_with(
        sb,
        repo_default,
        parameters,
        "    code_repository_name: CodeRepositoryName\n    instance_type: TrainingInstance\n",
    )
}

fn blueprint_with(sb: &Sandbox, repo_default: &str, parameters: &str, answers: &str) -> PathBuf {
    let manifest = format!(
        r#"name: bind-demo
version: 1.0.0
description: Binding demo
project_dir: "{{{{ project_slug }}}}"
questions:
  project_slug:
    default: demo
  code_repository_name:
    prompt: Repository name
    default: {repo_default}
  instance_type:
    type: choice
    prompt: Instance type
    choices: [ml.m5.large, ml.m5.xlarge]
    default: ml.m5.large
catalog:
  cloudformation: infra/cicd.yaml
  answers:
{answers}files:
  exclude: [infra/]
"#
    );
    let cfn = format!(
        r#"Parameters:
  SageMakerProjectName:
    Type: String
  SageMakerProjectId:
    Type: String
{parameters}Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: {{default: Code}}
        Parameters: [CodeRepositoryName, TrainingInstance]
    ParameterLabels:
      CodeRepositoryName: {{default: Code repository}}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: "{{{{ code_repository_name }}}}-{{{{ instance_type }}}}"
"#
    );
    sb.blueprint(
        "bind",
        &[
            ("blueprint.yaml", &manifest),
            ("template/infra/cicd.yaml", &cfn),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    )
}

const DECLARED: &str = "  CodeRepositoryName:
    Type: String
    Default: churn-model
  TrainingInstance:
    Type: String
    AllowedValues: [ml.m5.large, ml.m5.xlarge]
    Default: ml.m5.large
";

#[test]
fn a_parameter_the_template_declares_is_asked_once_and_its_groups_are_kept() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb, "churn-model", DECLARED);
    let out = dry_run_output(&sb, &bp, "out", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = sb.path().join("out/template.yaml");
    let text = read(&path);
    let template: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let parameters: Vec<&str> = template["Parameters"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    // The template's own, the SageMaker ones, then jig's for the questions nobody answers.
    assert_eq!(
        parameters,
        [
            "SageMakerProjectName",
            "SageMakerProjectId",
            "CodeRepositoryName",
            "TrainingInstance",
            "ProjectSlug"
        ]
    );
    assert!(
        text.contains("BucketName: !Sub ${CodeRepositoryName}-${TrainingInstance}"),
        "{text}"
    );
    // The seed step answers both questions from the template's parameters.
    assert!(text.contains("Value: !Ref CodeRepositoryName"), "{text}");
    assert!(text.contains("Value: !Ref TrainingInstance"), "{text}");
    let interface = &template["Metadata"]["AWS::CloudFormation::Interface"];
    let groups: Vec<(String, Vec<String>)> = interface["ParameterGroups"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|g| {
            let label = g["Label"]["default"].as_str().unwrap().to_string();
            let names = g["Parameters"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect();
            (label, names)
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "Code".to_string(),
                vec![
                    "CodeRepositoryName".to_string(),
                    "TrainingInstance".to_string()
                ]
            ),
            ("Binding demo".to_string(), vec!["ProjectSlug".to_string()]),
        ]
    );
    assert_eq!(
        interface["ParameterLabels"]["CodeRepositoryName"]["default"].as_str(),
        Some("Code repository"),
        "the template's label wins"
    );
    cfn_lint(&path);
    assert_lints_clean(&sb, &bp);
}

#[test]
fn a_binding_that_disagrees_with_the_question_is_refused_by_publish_and_lint() {
    let sb = Sandbox::new();
    let cases = [
        (
            "fraud",
            DECLARED.to_string(),
            "question `code_repository_name` is answered by parameter `CodeRepositoryName`, which defaults to `churn-model`, and the question to `fraud`",
        ),
        (
            "churn-model",
            DECLARED.replace("[ml.m5.large, ml.m5.xlarge]", "[ml.m5.large, ml.c5.xlarge]"),
            "question `instance_type` is answered by parameter `TrainingInstance`, which allows ml.c5.xlarge, ml.m5.large, and the question allows ml.m5.large, ml.m5.xlarge",
        ),
        (
            "churn-model",
            DECLARED.replace("  CodeRepositoryName:\n    Type: String", "  CodeRepositoryName:\n    Type: Number"),
            "question `code_repository_name` is answered by parameter `CodeRepositoryName`, which is of type `Number`, and a string question needs `String`",
        ),
        (
            "churn-model",
            DECLARED.replace("  TrainingInstance:", "  TrainingInstances:"),
            "question `instance_type` is answered by parameter `TrainingInstance`, which is not declared in its `Parameters`",
        ),
    ];
    for (i, (default, declared, problem)) in cases.iter().enumerate() {
        let bp = blueprint(&sb, default, declared);
        let out = dry_run_output(&sb, &bp, &format!("out{i}"), &[]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("error: infra/cicd.yaml: {problem}\n")),
            "{err}"
        );
        assert!(err.contains("hint: make the question and `"), "{err}");
        assert!(
            !sb.path().join(format!("out{i}")).exists(),
            "nothing is written"
        );
        let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
        assert_eq!(lint.status.code(), Some(3));
        assert!(
            stdout(&lint).contains(&format!(
                "error[catalog-product]: `jig publish --service-catalog` would refuse it: infra/cicd.yaml: {problem}"
            )),
            "{}",
            stdout(&lint)
        );
    }
}

#[test]
fn an_unbound_question_whose_parameter_the_template_declares_says_how_to_bind_it() {
    let sb = Sandbox::new();
    let bp = blueprint_with(
        &sb,
        "churn-model",
        DECLARED,
        "    instance_type: TrainingInstance\n",
    );
    let out = dry_run_output(&sb, &bp, "out", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: infra/cicd.yaml: parameter `CodeRepositoryName` clashes with one jig adds\n\
         hint: if `CodeRepositoryName` asks what `code_repository_name` asks, answer the question with it: `catalog.answers: {code_repository_name: CodeRepositoryName}`; otherwise rename one of them\n"
    );
    assert!(!sb.path().join("out").exists());
}

#[test]
fn binding_to_a_template_parameter_needs_the_template() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "nocfn",
        &[
            (
                "blueprint.yaml",
                &manifest("  region:\n    default: eu-west-1\ncatalog:\n  answers:\n    region: AwsRegion\n    project_slug: Sage-Maker\n"),
            ),
            ("template/README.md", "x\n"),
        ],
    );
    let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(lint.status.code(), Some(3));
    let text = stdout(&lint);
    assert!(
        text.contains("catalog.answers: `region` is bound to `AwsRegion`, which only SageMakerProjectName or SageMakerProjectId or a parameter of catalog.cloudformation can be; catalog.cloudformation is not set"),
        "{text}"
    );
    assert!(
        text.contains("catalog.answers: `project_slug` names `Sage-Maker`, which is not a CloudFormation parameter name (letters and digits)"),
        "{text}"
    );
}

/// A question that asks for the GitHub repository the product seeds is bound to jig's own
/// launch parameter, so the form asks once; seeded into CodeCommit, it is a parameter again.
#[test]
fn a_repository_question_bound_to_jigs_launch_parameter_is_asked_once() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "gh",
        &[
            (
                "blueprint.yaml",
                "name: gh\nversion: 1.0.0\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\n  repo_owner:\n    default: acme-ml\n  repo_name:\n    default: \"{{ project_slug }}\"\ncatalog:\n  answers:\n    project_slug: SageMakerProjectName\n    repo_owner: JigRepositoryOwner\n    repo_name: JigRepositoryName\n",
            ),
            ("template/README.md", "{{ repo_owner }}/{{ repo_name }}\n"),
        ],
    );
    sb.write_config("catalog:\n  repository:\n    provider: github\n    connection_arn: arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d\n    owner: acme-ml\n");
    let (_, template) = dry_run(&sb, &bp, "gh-out", &[]);
    cfn_lint(&sb.path().join("gh-out/template.yaml"));
    let params = template["Parameters"].as_mapping().unwrap();
    let names: Vec<&str> = params.keys().map(|k| k.as_str().unwrap()).collect();
    assert!(
        !names.contains(&"RepoOwner") && !names.contains(&"RepoName"),
        "{names:?}"
    );
    assert!(names.contains(&"JigRepositoryOwner") && names.contains(&"JigRepositoryName"));
    let var = |name: &str| super::catalog_seed::seed_var(&template, name);
    assert_eq!(
        var("JIG_ANSWER_repo_owner"),
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>("!Ref JigRepositoryOwner").unwrap()
    );
    // The name the repository gets: the project's, unless the launch form names another.
    assert_eq!(
        var("JIG_ANSWER_repo_name"),
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(
            "!If [JigRepositoryNameIsProjectName, !Ref SageMakerProjectName, !Ref JigRepositoryName]"
        )
        .unwrap()
    );

    // On CodeCommit there is no such parameter: the question is asked as itself, with a note.
    let out = sb
        .jig()
        .arg("publish")
        .arg(&bp)
        .args([
            "--service-catalog",
            "--dry-run",
            "--out",
            "cc-out",
            "--allow-dirty",
        ])
        .args(["--git-provider", "codecommit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("question `repo_owner`: bound to JigRepositoryOwner, which jig adds only for a repository reached through a connection (GitHub, GitLab, Bitbucket)"),
        "{}",
        stderr(&out)
    );
    let cc: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(&sb.path().join("cc-out/template.yaml"))).unwrap();
    assert_eq!(cc["Parameters"]["RepoOwner"]["Default"], "acme-ml");
    cfn_lint(&sb.path().join("cc-out/template.yaml"));

    // A name jig does not add is refused by publish and lint alike, naming the ones it does.
    let manifest = read(&bp.join("blueprint.yaml")).replace(
        "repo_name: JigRepositoryName\n",
        "repo_name: JigRepositoryNameModelDeploy\n",
    );
    write(&bp.join("blueprint.yaml"), manifest.as_bytes());
    let wanted = "catalog.answers: `repo_name` is bound to `JigRepositoryNameModelDeploy`, which jig does not add; its repository parameters are JigRepositoryOwner, JigRepositoryName";
    let out = dry_run_output(&sb, &bp, "bad-out", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains(wanted), "{}", stderr(&out));
    let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(lint.status.code(), Some(3), "{}", stdout(&lint));
    assert!(stdout(&lint).contains(wanted), "{}", stdout(&lint));
}
