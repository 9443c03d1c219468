//! `jig init --from`: two realistic repositories become blueprints that render them back
//! byte for byte (modes, symlinks, ignored and build files left out), whose other answers make
//! other projects; and values that cannot be found are refused with nothing left behind.

use crate::common::*;
use std::path::{Path, PathBuf};

/// A realistic repository: files, an executable, a symlink, ignored and build output files,
/// GitHub Actions and CloudFormation text, and the values in several cases.
fn ml_repo(root: &Path) {
    let files: &[(&str, &str)] = &[
        ("README.md", "# Churn Model\n\nOwned by risk-team. `pip install churn-model`.\n"),
        ("pyproject.toml", "[project]\nname = \"churn-model\"\nauthors = [{name = \"risk-team\"}]\n"),
        ("src/churn_model/__init__.py", "class ChurnModel:\n    KEY = \"CHURN_MODEL\"\n    label = f\"{churn_model_label}\"\n"),
        ("src/churn_model/churning.py", "# churning is not the model\n"),
        ("tests/test_churn_model.py", "from churn_model import ChurnModel\n\ndef test_churnModel():\n    assert ChurnModel.KEY\n"),
        (".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }} for churn-model\n"),
        ("infra/stack.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: churn-model-alerts\n      DisplayName: '{{resolve:ssm:/x}}'\n"),
        ("docs/jinja.md", "Write {{ name }} in templates.\n"),
        (".gitignore", "*.log\n/output/\n"),
        ("debug.log", "ignored\n"),
        ("output/model.bin", "ignored\n"),
        ("node_modules/x/index.js", "build output\n"),
        ("src/churn_model/__pycache__/x.pyc", "build output\n"),
        ("bin/run-churn-model", "#!/bin/sh\necho churn-model\n"),
    ];
    for (rel, text) in files {
        write(&root.join(rel), text.as_bytes());
    }
    make_executable(&root.join("bin/run-churn-model"));
    write(&root.join("data.bin"), &[0, 1, 2, b'c', b'h', 0xff]);
    std::os::unix::fs::symlink("README.md", root.join("LATEST.md")).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "golden"]);
}

/// A second, different repository: a CDK-style TypeScript service.
fn ts_repo(root: &Path) {
    let files: &[(&str, &str)] = &[
        ("package.json", "{\n  \"name\": \"fraud-scorer\",\n  \"description\": \"Fraud Scorer for the payments team\"\n}\n"),
        ("lib/fraud-scorer-stack.ts", "export class FraudScorerStack {\n  readonly name = 'fraudScorer';\n  readonly team = 'payments';\n}\n"),
        ("bin/app.ts", "import { FraudScorerStack } from '../lib/fraud-scorer-stack';\nnew FraudScorerStack(); // FRAUD_SCORER\n"),
        ("cdk.out/manifest.json", "{}\n"),
        ("README.md", "Fraud Scorer, owned by payments.\n"),
    ];
    for (rel, text) in files {
        write(&root.join(rel), text.as_bytes());
    }
}

/// `jig init --from`, then `jig new` with the defaults gives the repository back.
fn round_trip(sb: &Sandbox, repo: &str, vars: &[&str]) -> (PathBuf, PathBuf) {
    let mut cmd = sb.jig();
    cmd.args(["init", "bp", "--from", repo]);
    for v in vars {
        cmd.args(["--var", v]);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("renders back to the repository byte for byte"));
    let bp = sb.path().join("bp");
    let new = sb
        .jig()
        .args(["new", "./bp", "--defaults", "--no-git", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let lint = sb.jig().args(["lint", "bp"]).output().unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    (bp, sb.path().join("out").join(repo))
}

#[test]
fn a_python_repository_becomes_a_blueprint_that_renders_it_back() {
    let sb = Sandbox::new();
    let repo = sb.path().join("churn-model");
    ml_repo(&repo);
    let (bp, rendered) = round_trip(
        &sb,
        "churn-model",
        &["project_name=Churn Model", "owner=risk-team"],
    );

    // Byte for byte, executable bit and symlink included; ignored and build files left out.
    let kept: Vec<String> = tree(&repo)
        .into_iter()
        .filter(|p| {
            !p.starts_with("node_modules")
                && !p.starts_with("output")
                && p != "debug.log"
                && !p.contains("__pycache__")
        })
        .collect();
    let expected: Vec<String> = kept
        .iter()
        .filter(|p| !p.ends_with('/') || kept.iter().any(|q| q != *p && q.starts_with(p.as_str())))
        .cloned()
        .collect();
    let mut got = tree(&rendered);
    got.retain(|p| !p.starts_with(".jig"));
    assert_eq!(got, expected);
    for file in got.iter().filter(|f| !f.ends_with('/')) {
        assert_eq!(
            std::fs::read(rendered.join(file)).unwrap(),
            std::fs::read(repo.join(file)).unwrap(),
            "{file}"
        );
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(rendered.join("bin/run-churn-model"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(mode & 0o111, 0);
    assert_eq!(
        std::fs::read_link(rendered.join("LATEST.md")).unwrap(),
        Path::new("README.md")
    );

    // The values became questions and expressions, in contents and paths.
    let manifest = read(&bp.join("blueprint.yaml"));
    assert!(
        manifest.contains("project_dir: \"{{ project_name | kebab_case }}\""),
        "{manifest}"
    );
    assert!(manifest
        .contains("  project_name:\n    prompt: \"Project name\"\n    default: \"Churn Model\"\n"));
    assert!(bp
        .join("template/src/{{ project_name | snake_case }}/__init__.py")
        .is_file());
    assert!(bp
        .join("template/tests/test_{{ project_name | snake_case }}.py")
        .is_file());
    assert_eq!(
        read(&bp.join("template/README.md")),
        "# {{ project_name }}\n\nOwned by {{ owner }}. `pip install {{ project_name | kebab_case }}`.\n"
    );
    assert_eq!(
        read(&bp.join("template/tests/test_{{ project_name | snake_case }}.py")),
        "from {{ project_name | snake_case }} import {{ project_name | pascal_case }}\n\ndef test_{{ project_name | camel_case }}():\n    assert {{ project_name | pascal_case }}.KEY\n"
    );
    assert_eq!(
        read(&bp.join("template/src/{{ project_name | snake_case }}/churning.py")),
        "# churning is not the model\n"
    );
    // Jinja-looking text gets its own delimiters, or is copied when it holds no value.
    assert!(read(&bp.join("template/.github/workflows/ci.yml"))
        .contains("echo ${{ github.sha }} for [[ project_name | kebab_case ]]"));
    assert!(
        manifest.contains("  copy:\n    - \"/docs/jinja.md\"\n"),
        "{manifest}"
    );
    assert!(
        manifest.contains(
            "    - files: [\"/.github/workflows/ci.yml\"]\n      variable: [\"[[\", \"]]\"]"
        ),
        "{manifest}"
    );

    // Other answers give another project.
    let other = sb
        .jig()
        .args([
            "new",
            "./bp",
            "--defaults",
            "--no-git",
            "-o",
            "other",
            "--data",
            "project_name=Fraud Detector",
        ])
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    let p = sb.path().join("other/fraud-detector");
    assert!(read(&p.join("src/fraud_detector/__init__.py"))
        .starts_with("class FraudDetector:\n    KEY = \"FRAUD_DETECTOR\""));
    assert!(read(&p.join("infra/stack.yaml"))
        .contains("TopicName: fraud-detector-alerts\n      DisplayName: '{{resolve:ssm:/x}}'"));
}

#[test]
fn a_typescript_repository_becomes_a_blueprint_that_renders_it_back() {
    let sb = Sandbox::new();
    let repo = sb.path().join("fraud-scorer");
    ts_repo(&repo);
    let (bp, rendered) = round_trip(
        &sb,
        "fraud-scorer",
        &["service=Fraud Scorer", "team=payments"],
    );
    let mut got = tree(&rendered);
    got.retain(|p| !p.starts_with(".jig"));
    assert_eq!(
        got,
        [
            "README.md",
            "bin/",
            "bin/app.ts",
            "lib/",
            "lib/fraud-scorer-stack.ts",
            "package.json"
        ]
    );
    for file in got.iter().filter(|f| !f.ends_with('/')) {
        assert_eq!(read(&rendered.join(file)), read(&repo.join(file)), "{file}");
    }
    assert_eq!(
        read(&bp.join("template/lib/{{ service | kebab_case }}-stack.ts")),
        "export class {{ service | pascal_case }}Stack {\n  readonly name = '{{ service | camel_case }}';\n  readonly team = '{{ team }}';\n}\n"
    );
}

#[test]
fn init_from_refuses_values_it_cannot_find_and_leaves_nothing() {
    let sb = Sandbox::new();
    let repo = sb.path().join("fraud-scorer");
    ts_repo(&repo);
    let out = sb
        .jig()
        .args([
            "init",
            "bp",
            "--from",
            "fraud-scorer",
            "--var",
            "owner=nobody-here",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--var owner: the value is not found in fraud-scorer"),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("bp").exists());
    let bad = sb
        .jig()
        .args([
            "init",
            "bp",
            "--from",
            "fraud-scorer",
            "--var",
            "not a name=x",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--var `not a name=x` must look like NAME=VALUE"));
    let leftovers: Vec<String> = listing(sb.path())
        .into_iter()
        .filter(|n| n.starts_with(".jig-"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

/// A repository becomes a blueprint without any --var: one with no questions, which renders
/// the repository back as it is.
#[test]
fn init_from_without_variables_makes_a_blueprint_with_no_questions() {
    let sb = Sandbox::new();
    ts_repo(&sb.path().join("plain"));
    let (bp, out) = round_trip(&sb, "plain", &[]);
    assert!(read(&bp.join("blueprint.yaml")).contains("\nquestions: {}\n"));
    for file in [
        "README.md",
        "package.json",
        "bin/app.ts",
        "lib/fraud-scorer-stack.ts",
    ] {
        assert_eq!(
            read(&out.join(file)),
            read(&sb.path().join("plain").join(file)),
            "{file}"
        );
    }
}

/// A value inside a file name tools look for (CI configs, dotfiles, manifests) is not
/// templated there: the generated project keeps the name, for any answer.
#[test]
fn names_tools_look_for_are_never_templated() {
    let sb = Sandbox::new();
    let repo = sb.path().join("stack");
    write(&repo.join(".gitlab-ci.yml"), b"image: gitlab/base\n");
    write(&repo.join("Dockerfile"), b"FROM gitlab\n");
    write(&repo.join("gitlab-notes.txt"), b"notes\n");
    let (bp, _) = round_trip(&sb, "stack", &["stack_prefix=gitlab"]);
    let names = tree(&bp.join("template"));
    assert_eq!(
        names,
        [
            ".gitlab-ci.yml",
            "Dockerfile",
            "{{ stack_prefix }}-notes.txt"
        ]
    );
    let out = sb
        .jig()
        .args(["new", "./bp", "--defaults", "--no-git", "-o", "other"])
        .args(["--data", "stack_prefix=github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let made = sb.path().join("other/stack");
    assert_eq!(read(&made.join(".gitlab-ci.yml")), "image: github/base\n");
    assert!(made.join("Dockerfile").exists() && made.join("github-notes.txt").exists());
}

/// What `jig init --from` makes lints clean with --strict: a value that names files gets a
/// validator, so an answer with `/` is refused.
#[test]
fn init_from_blueprints_lint_clean_with_strict() {
    let sb = Sandbox::new();
    ml_repo(&sb.path().join("churn-model"));
    let (bp, _) = round_trip(
        &sb,
        "churn-model",
        &["project_name=Churn Model", "owner=risk-team"],
    );
    let lint = sb
        .jig()
        .arg("lint")
        .arg(&bp)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    let out = sb
        .jig()
        .args(["new", "./bp", "--defaults", "--no-git", "-o", "bad"])
        .args(["--data", "project_name=../escape"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("names files: no `/`, and no `.` first"),
        "{}",
        stderr(&out)
    );
}

/// A value inside a URL names someone else's resource: it stays as it is for every answer.
#[test]
fn values_inside_urls_are_not_templated() {
    let sb = Sandbox::new();
    let repo = sb.path().join("svc");
    write(
        &repo.join("README.md"),
        b"# churn-model\nBased on https://github.com/aws-samples/churn-model-pipeline\n",
    );
    round_trip(&sb, "svc", &["project_name=Churn Model"]);
    let out = sb
        .jig()
        .args(["new", "./bp", "--defaults", "--no-git", "-o", "other"])
        .args(["--data", "project_name=Fraud Model"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&sb.path().join("other/svc/README.md")),
        "# fraud-model\nBased on https://github.com/aws-samples/churn-model-pipeline\n"
    );
}
