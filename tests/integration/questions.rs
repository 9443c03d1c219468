//! Questions and answers in scripted mode: every type, `when`, computed values, validation,
//! data files, config defaults, and every error reported together with the flag to fix.

use crate::common::*;
use pretty_assertions::assert_eq;

const QUESTIONS: &str = r#"  name:
    default: Churn Model
    validate:
      regex: '^[A-Z]'
      message: must start with a capital letter
  count:
    type: integer
    default: 3
    validate:
      expr: "value <= 10"
      message: at most 10
  ratio:
    type: float
    default: 0.5
  gpu:
    type: boolean
    default: false
  region:
    type: choice
    choices:
      - value: eu-west-1
        label: Ireland
      - us-east-1
    default: us-east-1
  checks:
    type: multiselect
    choices: [lint, test, docs]
    default: [lint]
  gpu_type:
    type: choice
    choices: [a10, h100]
    default: a10
    when: gpu
  api_key:
    type: secret
  slug:
    computed: "{{ name | slugify }}-{{ count }}"
"#;

const TEMPLATE: &str = "name={{ name }}\ncount={{ count + 1 }}\nratio={{ ratio * 2 }}\ngpu={{ gpu }}\nregion={{ region }}\nchecks={{ checks | join(',') }}\ngpu_type={{ gpu_type }}\nkey_len={{ api_key | length }}\nslug={{ slug }}\n";

fn fixture(sb: &Sandbox) -> std::path::PathBuf {
    sb.blueprint(
        "typed",
        &[
            ("blueprint.yaml", &manifest(QUESTIONS)),
            ("template/out.txt", TEMPLATE),
        ],
    )
}

#[test]
fn every_type_is_parsed_from_data_flags() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb
        .jig()
        .arg("new")
        .arg(&bp)
        .args(["-o", "out", "--data", "project_slug=typed"])
        .args([
            "-d",
            "name=Fraud",
            "-d",
            "count=7",
            "-d",
            "ratio=1.25",
            "-d",
            "gpu=yes",
        ])
        .args([
            "-d",
            "region=eu-west-1",
            "-d",
            "checks=test,docs",
            "-d",
            "gpu_type=h100",
            "-d",
            "api_key=abc123",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&sb.out().join("typed/out.txt")),
        "name=Fraud\ncount=8\nratio=2.5\ngpu=True\nregion=eu-west-1\nchecks=test,docs\ngpu_type=h100\nkey_len=6\nslug=fraud-7\n"
    );
    let answers = read(&sb.out().join("typed/.jig/fixture.yaml"));
    let recorded = answers.split("answers:\n").nth(1).unwrap();
    assert_eq!(
        recorded,
        "  project_slug: typed\n  name: Fraud\n  count: 7\n  ratio: 1.25\n  gpu: true\n  region: eu-west-1\n  checks:\n  - test\n  - docs\n  gpu_type: h100\n"
    );
}

#[test]
fn skipped_questions_still_give_templates_their_default() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb.new_project(&bp, &["-d", "api_key=k"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = read(&sb.out().join("demo/out.txt"));
    assert!(
        text.contains("gpu=False\n"),
        "booleans render like Jinja2: {text}"
    );
    assert!(text.contains("gpu_type=a10\n"), "{text}");
    assert!(text.contains("slug=churn-model-3\n"));
    let answers = read(&sb.out().join("demo/.jig/fixture.yaml"));
    assert!(
        !answers.contains("gpu_type"),
        "skipped questions are not recorded"
    );
    assert!(
        !answers.contains("\n  slug:"),
        "computed values are not recorded"
    );
}

#[test]
fn all_invalid_answers_are_reported_together() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb.new_project(
        &bp,
        &[
            "-d",
            "api_key=k",
            "-d",
            "name=lower",
            "-d",
            "count=abc",
            "-d",
            "gpu=maybe",
            "-d",
            "region=mars",
            "-d",
            "checks=lint,fmt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 5 invalid answers\n\
         \x20 name (from --data): must start with a capital letter\n\
         \x20 count (from --data): is not an integer: `abc`\n\
         \x20 gpu (from --data): is not a yes/no value: `maybe` (use true/false, yes/no, y/n, 1/0, on/off)\n\
         \x20 region (from --data): `mars` is not one of: eu-west-1, us-east-1\n\
         \x20 checks (from --data): `fmt` is not one of: lint, test, docs\n"
    );
    assert!(!sb.out().exists(), "nothing is written for invalid answers");
}

#[test]
fn expression_validators_see_the_typed_value() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb.new_project(&bp, &["-d", "api_key=k", "-d", "count=11"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 1 invalid answer\n  count (from --data): at most 10\n"
    );
}

#[test]
fn without_a_terminal_missing_answers_name_the_flags_to_pass() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb
        .jig()
        .arg("new")
        .arg(&bp)
        .args(["-o", "out", "-d", "name=Ok"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: questions without an answer, and no terminal to ask them in\n\
         \x20 project_slug: pass --data project_slug=VALUE\n\
         \x20 count: pass --data count=VALUE\n\
         \x20 ratio: pass --data ratio=VALUE\n\
         \x20 gpu: pass --data gpu=VALUE\n\
         \x20 region: pass --data region=VALUE\n\
         \x20 checks: pass --data checks=VALUE\n\
         \x20 api_key: pass --data api_key=VALUE\n\
         hint: pass --defaults to take every question's default\n"
    );
}

#[test]
fn defaults_mode_fails_on_a_question_without_default() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("  api_key: pass --data api_key=VALUE\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_data_keys_are_an_error() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    let out = sb.new_project(&bp, &["-d", "api_key=k", "-d", "nmae=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --data names unknown question: nmae\n\
         hint: did you mean `name`? (this blueprint asks: project_slug, name, count, ratio, gpu, region, checks, gpu_type, api_key)\n"
    );
    let out = sb.new_project(&bp, &["-d", "novalue"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: --data `novalue` must look like KEY=VALUE\n"));
}

#[test]
fn data_file_gives_typed_values_and_data_flags_win() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    write(
        &sb.path().join("answers.yaml"),
        b"name: Yaml Name\ncount: 9\ngpu: true\nchecks: [docs, test]\napi_key: from-file\n",
    );
    let out = sb.new_project(&bp, &["--data-file", "answers.yaml", "-d", "count=2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = read(&sb.out().join("demo/out.txt"));
    assert!(text.starts_with("name=Yaml Name\ncount=3\n"), "{text}");
    assert!(text.contains("checks=docs,test\n"));

    write(&sb.path().join("bad.yaml"), b"count: many\n");
    let out = sb.new_project(&bp, &["--data-file", "bad.yaml", "-d", "api_key=k"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 1 invalid answer\n  count (from --data-file bad.yaml): is not an integer: `many`\n"
    );
}

#[test]
fn config_file_defaults_replace_blueprint_defaults() {
    let sb = Sandbox::new();
    let bp = fixture(&sb);
    sb.write_config("defaults:\n  name: Configured\n  region: eu-west-1\n");
    let out = sb.new_project(&bp, &["-d", "api_key=k"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = read(&sb.out().join("demo/out.txt"));
    assert!(text.starts_with("name=Configured\n"));
    assert!(text.contains("region=eu-west-1\n"));

    sb.write_config("defualts: {}\n");
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid config file"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("unknown field `defualts`"),
        "{}",
        stderr(&out)
    );
}

/// A CI run without answers: every first-party blueprint names the unanswered questions and
/// the flag to pass, and nothing else (no template error of a default that needs them).
#[test]
fn without_answers_every_first_party_blueprint_lists_only_the_unanswered_questions() {
    let sb = Sandbox::new();
    for name in ["sagemaker-mlops", "ds-project", "python-lib"] {
        let first = if name == "python-lib" {
            "dist_name=fraud-lib"
        } else {
            "project_name=Fraud Detection"
        };
        for data in [&[][..], &["--data", first][..]] {
            let out = sb
                .jig()
                .args(["new", name, "-o", "out"])
                .args(data)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{name} {data:?}");
            let err = stderr(&out);
            let mut lines = err.lines();
            assert_eq!(
                lines.next(),
                Some("error: questions without an answer, and no terminal to ask them in"),
                "{name} {data:?}: {err}"
            );
            for line in lines {
                assert!(
                    line.starts_with("  ") && line.contains(": pass --data ")
                        || line == "hint: pass --defaults to take every question's default",
                    "{name} {data:?}: unexpected line `{line}` in\n{err}"
                );
            }
            assert!(!sb.out().exists());
        }
    }
}

/// With --defaults, a default that needs an unanswered question is not an error of its own.
#[test]
fn a_default_that_needs_a_missing_answer_is_not_reported_with_defaults() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "dependent",
        &[
            (
                "blueprint.yaml",
                &manifest("  team:\n    help: owning team\n  bucket:\n    default: \"{{ team | lower }}-data\"\n  label:\n    computed: \"{{ team.upper() }}\"\n"),
            ),
            ("template/a.txt", "{{ bucket }} {{ label }}\n"),
        ],
    );
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: questions without an answer or a default\n  team: pass --data team=VALUE\nhint: or give them all in a file: --data-file answers.yaml\n"
    );
    let out = sb.new_project(&bp, &["--data", "team=Risk"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("demo/a.txt")), "risk-data RISK\n");
}

/// Cookiecutter users type `--no-input`; it means `--defaults`.
#[test]
fn no_input_is_cookiecutters_name_for_defaults() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["new", "python-lib", "--no-input", "--no-git", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sb.out().read_dir().unwrap().count() == 1);
    let help = sb.jig().args(["new", "--help"]).output().unwrap();
    assert!(
        stdout(&help).contains("[alias: --no-input]"),
        "{}",
        stdout(&help)
    );
}

/// A typo in a blueprint's name is answered with the name meant.
#[test]
fn a_typo_in_a_blueprint_name_suggests_the_name_meant() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["new", "sagemaker-mlosp@1", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\nhint: did you mean `sagemaker-mlops`?\n"),
        "{}",
        stderr(&out)
    );
    assert!(!sb.out().exists());
}

/// A broken config file stops the commands that read it with the fix to make, and only them.
#[test]
fn a_broken_config_file_says_how_to_get_past_it() {
    let sb = Sandbox::new();
    sb.write_config("trustd: []\n");
    let out = sb
        .jig()
        .args(["new", "python-lib", "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.ends_with("hint: fix the file (its keys are in the README, Configuration), or set JIG_CONFIG to another one\n"),
        "{err}"
    );
    assert!(
        err.contains("unknown field `trustd`, expected one of `trusted`"),
        "{err}"
    );
    assert!(!sb.out().exists());
    let schema = sb.jig().arg("schema").output().unwrap();
    assert_eq!(schema.status.code(), Some(0), "{}", stderr(&schema));
}
