//! `jig lint`: one fixture per rule, each asserting the exact diagnostic (code, file, line,
//! column, message), plus all problems at once, exit codes, --strict and the human format.

use crate::common::*;
use serde_json::{json, Value};

/// Lints a blueprint made of `files`; the exit code and the diagnostics.
fn lint(files: &[(&str, &str)]) -> (Option<i32>, Vec<Value>) {
    let sb = Sandbox::new();
    let dir = sb.blueprint("bp", files);
    let out = sb
        .jig()
        .arg("lint")
        .arg(&dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    let mut diags = report["diagnostics"].as_array().unwrap().clone();
    for d in &mut diags {
        let file = d["file"].as_str().unwrap();
        let rel = file.split("blueprints/bp/").nth(1).unwrap().to_string();
        d["file"] = json!(rel);
    }
    assert_eq!(
        report["errors"].as_u64().unwrap() + report["warnings"].as_u64().unwrap(),
        diags.len() as u64
    );
    (out.status.code(), diags)
}

fn diag(code: &str, severity: &str, file: &str, line: u64, column: u64, message: &str) -> Value {
    json!({"code": code, "severity": severity, "file": file, "line": line, "column": column, "message": message})
}

const README: (&str, &str) = ("template/README.md", "# {{ project_slug }}\n");

#[test]
fn manifest_schema_errors_name_line_and_column() {
    let manifest = manifest("  owner:\n    tyep: string\n");
    let (code, diags) = lint(&[("blueprint.yaml", &manifest), README]);
    assert_eq!(code, Some(3));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "manifest-schema");
    assert_eq!(
        (diags[0]["line"].clone(), diags[0]["column"].clone()),
        (json!(9), json!(5))
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown key `tyep`; expected one of: type, prompt"),
        "{diags:?}"
    );
}

#[test]
fn a_default_not_among_the_choices() {
    let manifest = manifest("  region:\n    type: choice\n    choices: [eu-west-1, us-east-1]\n    default: us-west-2\n");
    let (code, diags) = lint(&[
        ("blueprint.yaml", &manifest),
        ("template/r.txt", "{{ region }}\n"),
        README,
    ]);
    assert_eq!(code, Some(3));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "invalid-default");
    assert_eq!(diags[0]["file"], "blueprint.yaml");
    assert_eq!(diags[0]["line"], 8);
    assert!(
        diags[0]["message"].as_str().unwrap().starts_with(
            "question `region`: default `us-west-2` is not one of: eu-west-1, us-east-1"
        ),
        "{diags:?}"
    );
}

#[test]
fn an_invalid_regex() {
    let manifest = manifest("  name:\n    validate:\n      regex: '^[a-z+$'\n");
    let (code, diags) = lint(&[
        ("blueprint.yaml", &manifest),
        ("template/n.txt", "{{ name }}\n"),
        README,
    ]);
    assert_eq!(code, Some(3));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "invalid-regex");
    assert_eq!(
        (diags[0]["line"].clone(), diags[0]["column"].clone()),
        (json!(10), json!(14))
    );
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("question `name`: invalid regex:"));
}

#[test]
fn when_and_defaults_referring_to_later_or_unknown_questions() {
    let manifest = manifest(
        "  first:\n    default: \"{{ second }}-x\"\n  gpu:\n    type: boolean\n    when: \"use_gpus\"\n  second:\n    default: b\n",
    );
    let files = [
        ("blueprint.yaml", manifest.as_str()),
        ("template/f.txt", "{{ first }}{{ gpu }}{{ second }}\n"),
        README,
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(3));
    assert_eq!(
        diags,
        vec![
            diag("unknown-reference", "error", "blueprint.yaml", 8, 3, "question `first`: default refers to `second`, which is not a question asked before it"),
            diag("unknown-reference", "error", "blueprint.yaml", 12, 11, "question `gpu`: when refers to `use_gpus`, which is not a question asked before it"),
        ]
    );
}

#[test]
fn template_variables_no_question_defines_and_unused_questions() {
    let manifest = manifest("  owner:\n    default: team\n");
    let files = [
        ("blueprint.yaml", manifest.as_str()),
        (
            "template/README.md",
            "# {{ project_slug }}\n\nOwner: {{ onwer }}\n",
        ),
        ("template/{{ team_dir }}/x.txt", "x\n"),
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(3));
    assert_eq!(
        diags,
        vec![
            diag(
                "unused-question",
                "warning",
                "blueprint.yaml",
                8,
                3,
                "question `owner` is asked, but no template, path or other question uses it"
            ),
            diag(
                "undefined-variable",
                "error",
                "template/README.md",
                3,
                11,
                "`onwer` is not a question (or a variable the template sets); did you mean `owner`?"
            ),
            diag(
                "undefined-variable",
                "error",
                "template/{{ team_dir }}",
                1,
                1,
                "the path `{{ team_dir }}` uses `team_dir`, which no question defines"
            ),
        ]
    );
}

#[test]
fn template_syntax_errors_point_at_the_tag() {
    let files = [
        ("blueprint.yaml", manifest("").leak() as &str),
        (
            "template/README.md",
            "# {{ project_slug }}\n\n{% if project_slug %}\nno endif\n",
        ),
        ("template/b.txt", "ok {{ project_slug | upper }\n"),
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(3));
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["template-syntax", "template-syntax"], "{diags:?}");
    assert_eq!(diags[0]["file"], "template/README.md");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("unexpected end of input"),
        "{diags:?}"
    );
    assert_eq!(diags[1]["file"], "template/b.txt");
    assert_eq!(diags[1]["line"], 1);
    assert!(
        diags[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("syntax error"),
        "{diags:?}"
    );
}

#[test]
fn rendered_paths_that_collide_or_escape() {
    let manifest = manifest(
        "  kind:\n    type: choice\n    choices: [lib, app]\n    default: lib\n  where:\n    default: \"..\"\n    validate:\n      regex: '^[.a-z]+$'\n",
    );
    let files = [
        ("blueprint.yaml", manifest.as_str()),
        README,
        ("template/app.py", "a\n"),
        ("template/{{ kind }}.py", "b\n"),
        ("template/{{ where }}/evil.txt", "c\n"),
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(3));
    assert_eq!(
        diags,
        vec![
            diag(
                "path-collision",
                "error",
                "template/{{ kind }}.py",
                1,
                1,
                "renders to `app.py`, as `app.py` does, with (all defaults) and kind=app"
            ),
            diag(
                "path-escape",
                "error",
                "template/{{ where }}",
                1,
                1,
                "renders to `..`, which contains `..`, which would leave the destination, with (all defaults)"
            ),
        ]
    );
}

#[test]
fn free_text_in_a_path_is_a_warning() {
    let manifest = manifest("  module:\n    default: core\n");
    let files = [
        ("blueprint.yaml", manifest.as_str()),
        README,
        ("template/{{ module }}.py", "x\n"),
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(0), "warnings alone pass");
    assert_eq!(
        diags,
        vec![diag("unchecked-path-variable", "warning", "blueprint.yaml", 8, 3, "question `module` is free text used in a file path; add a regex validator so an answer cannot hold `/` or `..`")]
    );
}

#[test]
fn delimiters_colliding_with_cloudformation_and_github_actions() {
    let files = [
        ("blueprint.yaml", manifest("").leak() as &str),
        README,
        (
            "template/infra/stack.yaml",
            "Resources:\n  P:\n    Properties:\n      Pass: '{{resolve:ssm:/x}}'\n",
        ),
        (
            "template/.github/workflows/ci.yml",
            "steps:\n  - run: echo ${{ github.sha }} ${{ runner.os }}\n",
        ),
        (
            "template/ok.yml",
            "{% raw %}${{ github.sha }}{% endraw %} {{ project_slug }}\n",
        ),
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(3));
    assert_eq!(
        diags,
        vec![
            diag("delimiter-clash", "error", "template/.github/workflows/ci.yml", 2, 15, "GitHub Actions' expression `${{ ... }}` (2 places) collides with Jinja's `{{ }}`; add a `files.delimiters` rule (or `files.copy`) covering this file, or wrap it in {% raw %}"),
            diag("delimiter-clash", "error", "template/infra/stack.yaml", 4, 14, "CloudFormation's dynamic reference `{{resolve:...}}` collides with Jinja's `{{ }}`; add a `files.delimiters` rule (or `files.copy`) covering this file, or wrap it in {% raw %}"),
        ]
    );
    // A delimiter rule covering the file settles it.
    let with_rule = format!(
        "{}files:\n  delimiters:\n    - files: [\".github/workflows/*.yml\", \"infra/*.yaml\"]\n      variable: [\"<<\", \">>\"]\n",
        manifest("")
    );
    let mut files = files.to_vec();
    files[0] = ("blueprint.yaml", with_rule.as_str());
    let (code, diags) = lint(&files);
    assert_eq!((code, diags), (Some(0), vec![]));
}

#[test]
fn sagemaker_projects_cloudformation_must_declare_the_project_parameters() {
    let with_catalog = format!(
        "{}catalog:\n  cloudformation: infra/cfn.yaml\n",
        manifest("")
    );
    let cfn = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  SageMakerProjectName:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${SageMakerProjectName}-{{ project_slug }}'\n";
    let files = [
        ("blueprint.yaml", with_catalog.as_str()),
        README,
        ("template/infra/cfn.yaml", cfn),
    ];
    let (code, diags) = lint(&files);
    assert_eq!(code, Some(3));
    assert_eq!(
        diags,
        vec![diag("sagemaker-parameters", "error", "template/infra/cfn.yaml", 2, 1, "the blueprint's CloudFormation (catalog.cloudformation) declares no `SageMakerProjectId` parameter; SageMaker Projects passes it to every project stack")]
    );
}

#[test]
fn every_problem_at_once_and_strict_and_human_output() {
    let sb = Sandbox::new();
    let manifest = manifest("  owner:\n    default: team\n  region:\n    type: choice\n    choices: [a]\n    default: b\n");
    let dir = sb.blueprint(
        "bp",
        &[
            ("blueprint.yaml", &manifest),
            ("template/x.txt", "{{ nope }}{{ region }}\n"),
        ],
    );
    // The manifest is invalid: its problems come first, the template checks wait for it.
    let out = sb.jig().arg("lint").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    assert!(
        text.contains(
            "blueprint.yaml:10:3: error[invalid-default]: question `region`: default `b` is not one of: a"
        ),
        "{text}"
    );

    let ok = sb.blueprint(
        "ok",
        &[
            (
                "blueprint.yaml",
                &self::manifest("  owner:\n    default: team\n"),
            ),
            README,
        ],
    );
    let out = sb.jig().arg("lint").arg(&ok).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("blueprint.yaml:8:3: warning[unused-question]"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("0 errors, 1 warning"),
        "{}",
        stderr(&out)
    );
    let strict = sb
        .jig()
        .arg("lint")
        .arg(&ok)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(3));
}

#[test]
fn first_party_blueprints_lint_clean() {
    let sb = Sandbox::new();
    for name in ["sagemaker-mlops", "python-lib", "ds-project"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("blueprints")
            .join(name);
        let out = sb
            .jig()
            .arg("lint")
            .arg(&dir)
            .args(["--strict", "--format", "json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["diagnostics"], json!([]), "{name}");
        assert_eq!(out.status.code(), Some(0), "{name}");
    }
}

/// Lint finds what `jig publish --service-catalog` would refuse: here a parameter of the
/// blueprint's CloudFormation that clashes with one jig adds for a question.
#[test]
fn lint_reports_what_a_catalog_publish_would_refuse() {
    let sb = Sandbox::new();
    let bp = sb.path().join("sc");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/sagemaker-mlops"))
        .arg(&bp)
        .status()
        .unwrap();
    assert!(copied.success());
    let manifest = read(&bp.join("blueprint.yaml")).replacen(
        "questions:\n",
        "questions:\n  code_repository_name:\n    default: repo\n",
        1,
    );
    write(&bp.join("blueprint.yaml"), manifest.as_bytes());
    let cfn = read(&bp.join("product/cicd.yaml")).replacen(
        "Parameters:\n",
        "Parameters:\n  CodeRepositoryName:\n    Type: String\n    Default: x\n",
        1,
    ) + "# {{ code_repository_name }}\n";
    write(&bp.join("product/cicd.yaml"), cfn.as_bytes());
    let out = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("/product/cicd.yaml:1:1: error[catalog-product]: `jig publish --service-catalog` would refuse it: product/cicd.yaml: parameter `CodeRepositoryName` clashes with one jig adds\n"),
        "{}",
        stdout(&out)
    );
    let published = sb
        .jig()
        .args(["publish", "--service-catalog", "--dry-run", "--out"])
        .arg(sb.path().join("dry"))
        .arg(&bp)
        .output()
        .unwrap();
    assert_eq!(published.status.code(), Some(3), "{}", stderr(&published));
}
