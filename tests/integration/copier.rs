//! Copier templates: their `copier.yml` read as Copier reads it (Copier's own test templates,
//! tests/fixtures/copier), shown by `jig show`, and refused by name where jig cannot render
//! them yet.

use crate::common::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/copier/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn show_reads_nested_includes_and_both_question_forms() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args([
            "show",
            &fixture("demo_transclude_nested_include"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let questions: Vec<(&str, &str, &str)> = shown["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["name"].as_str().unwrap(),
                q["type"].as_str().unwrap(),
                q["help"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        questions,
        [
            ("project_url", "str", "What is the project URL?"),
            ("project_name", "str", "What is the project name"),
        ],
        "the included file's question first, as Copier orders them"
    );
    assert!(shown["description"]
        .as_str()
        .unwrap()
        .contains("answers file .copier-answers.yml"));
}

/// A small Copier template with a validator, a secret, a task and its answers file.
fn template(sb: &Sandbox) -> std::path::PathBuf {
    let dir = sb.path().join("tpl");
    write(
        &dir.join("copier.yml"),
        b"project_name:\n  type: str\n  help: The name\nslug:\n  type: str\n  default: \"{{ project_name | lower }}\"\n  validator: \"{% if ' ' in slug %}no spaces in a slug{% endif %}\"\ntoken:\n  type: str\n  secret: true\n  default: t0ken\n_tasks:\n  - touch made-by-task\n_message_before_copy: A few questions about {{ _src_path }}\n_message_after_copy: Now run make in {{ slug }}\n",
    );
    write(
        &dir.join("{{ _copier_conf.answers_file }}.jinja"),
        b"{{ _copier_answers|to_nice_yaml -}}\n",
    );
    write(
        &dir.join("{{ slug }}.txt.jinja"),
        b"{{ project_name }} {{ token }}\n",
    );
    dir
}

#[test]
fn new_renders_a_copier_template_into_dest() {
    let sb = Sandbox::new();
    template(&sb);
    let out = sb
        .jig()
        .args([
            "new",
            "./tpl",
            "proj",
            "--defaults",
            "--data",
            "project_name=Demo",
            "--no-hooks",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let proj = sb.path().join("proj");
    assert_eq!(read(&proj.join("demo.txt")), "Demo t0ken\n");
    assert_eq!(
        read(&proj.join(".copier-answers.yml")),
        "_src_path: ./tpl\nproject_name: Demo\nslug: demo\n",
        "secrets are not recorded"
    );
    assert!(
        !proj.join("made-by-task").exists(),
        "--no-hooks skips _tasks"
    );
    assert!(
        proj.join(".git").is_dir(),
        "jig makes the repository, as for every template"
    );
    assert!(
        !proj.join(".jig").exists(),
        "the answers file is the template's own"
    );
    let err = stderr(&out);
    assert!(err.contains("Now run make in demo"), "{err}");
    assert!(err.contains("A few questions about ./tpl"), "{err}");
}

#[test]
fn new_on_a_copier_template_says_what_it_needs() {
    let sb = Sandbox::new();
    template(&sb);
    let run = |args: &[&str]| sb.jig().args(args).output().unwrap();

    // No DEST: Copier templates name no directory.
    let out = run(&["new", "./tpl", "--defaults"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("renders into the directory you name: jig new ./tpl DEST"),
        "{}",
        stderr(&out)
    );

    // No terminal, no answers: every missing answer named at once.
    let out = run(&["new", "./tpl", "proj", "--no-hooks"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("project_name: pass --data project_name=VALUE"),
        "{err}"
    );

    // An answer the validator refuses: the question and Copier's message.
    let out = run(&[
        "new",
        "./tpl",
        "proj",
        "--defaults",
        "--no-hooks",
        "--data",
        "project_name=A B",
        "--data",
        "slug=a b",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("question `slug`: no spaces in a slug"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");

    // The template's tasks are its code: not run without trust.
    let out = run(&[
        "new",
        "./tpl",
        "proj",
        "--defaults",
        "--data",
        "project_name=X",
    ]);
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("would run: _tasks: touch made-by-task"),
        "{err}"
    );
    assert!(!sb.path().join("proj").exists());

    // With trust they run, in the project.
    let out = run(&[
        "new",
        "./tpl",
        "proj",
        "--defaults",
        "--data",
        "project_name=X",
        "--trust",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(sb.path().join("proj/made-by-task").is_file());

    // A typo'd --data name: Copier passes it on; jig says so, with the question meant.
    let out = run(&[
        "new",
        "./tpl",
        "other",
        "--defaults",
        "--no-hooks",
        "--data",
        "project_name=Y",
        "--data",
        "slgu=z",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("--data slgu: the template asks no question `slgu` (did you mean `slug`?)"),
        "{}",
        stderr(&out)
    );

    // DEST is for Copier templates only: a blueprint names its own directory.
    let out = run(&["new", "python-lib", "somewhere", "--defaults"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is for Copier templates") && err.contains("--output-dir"),
        "{err}"
    );
    assert!(!sb.path().join("somewhere").exists());

    // An existing, non-empty DEST is refused unless asked.
    let out = run(&[
        "new",
        "./tpl",
        "proj",
        "--defaults",
        "--no-hooks",
        "--data",
        "project_name=X",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already exists and is not empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn copier_templates_keep_their_refusals() {
    let sb = Sandbox::new();
    // Two configuration files: refused, as Copier refuses them.
    let dir = sb.path().join("two");
    write(&dir.join("copier.yml"), b"a: 1\n");
    write(&dir.join("copier.yaml"), b"a: 2\n");
    let out = sb.jig().args(["show", "./two"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has both copier.yml and copier.yaml"),
        "{}",
        stderr(&out)
    );
}

/// Copier 9.19.1's own loader and jig read every configuration of Copier's test templates to
/// the same questions (order, type, help, default) and the same settings, and refuse the same
/// ones.
#[test]
fn every_configuration_reads_as_copier_reads_it() {
    let sb = Sandbox::new();
    let root = std::path::PathBuf::from(fixture(""));
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 15, "{dirs:?}");
    const COPIER: &str = r#"
import json, sys
from pathlib import Path
from copier._template import load_template_config
d = Path(sys.argv[1])
paths = [p for p in (d / "copier.yml", d / "copier.yaml") if p.is_file()]
try:
    if len(paths) != 1:
        raise ValueError("config files: %d" % len(paths))
    conf = load_template_config(paths[0])
except Exception as e:
    print(json.dumps({"error": type(e).__name__}))
    sys.exit(0)
qs = []
for k, v in conf.items():
    if k.startswith("_"):
        continue
    if not isinstance(v, dict):
        v = {"default": v}
    d = v.get("default")
    qs.append([k, str(v.get("type", "yaml")), v.get("help"),
               None if d is None else (d if isinstance(d, str) else json.dumps(d, separators=(",", ":")))])
settings = {k[1:]: v for k, v in conf.items() if k.startswith("_")}
print(json.dumps({"questions": qs, "settings": settings}, default=str))
"#;
    let mut compared = 0;
    for dir in dirs {
        let out = std::process::Command::new("python3")
            .env("PATH", test_path())
            .args(["-c", COPIER, &dir.display().to_string()])
            .output()
            .expect("python3 from the test venv");
        assert!(out.status.success(), "{}", stderr(&out));
        let copier: Value = serde_json::from_slice(&out.stdout).unwrap();
        let jig = sb
            .jig()
            .args(["show", &dir.display().to_string(), "--format", "json"])
            .output()
            .unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if copier.get("error").is_some() {
            assert!(
                !jig.status.success(),
                "{name}: Copier refuses it ({copier}), jig read it"
            );
            continue;
        }
        assert!(jig.status.success(), "{name}: {}", stderr(&jig));
        let shown: Value = serde_json::from_str(&stdout(&jig)).unwrap();
        let ours: Vec<Value> = shown["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| serde_json::json!([q["name"], q["type"], q.get("help"), q.get("default")]))
            .collect();
        assert_eq!(Value::Array(ours), copier["questions"], "{name}");
        assert_eq!(shown["settings"], copier["settings"], "{name}: settings");
        compared += 1;
    }
    assert!(compared >= 10, "{compared} configurations compared");
}

/// A typo renders as nothing, as in Copier (the bytes must be Copier's), and jig names it.
#[test]
fn a_typo_in_a_copier_template_is_named() {
    let sb = Sandbox::new();
    let dir = sb.path().join("tpl");
    write(&dir.join("copier.yml"), b"project_name: Demo\n");
    write(
        &dir.join("README.md.jinja"),
        b"# {{ projet_name }}\n{% for i in [1] %}{{ i }}{% endfor %}\n",
    );
    let out = sb
        .jig()
        .args(["new", "./tpl", "proj", "--defaults", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(&sb.path().join("proj/README.md")), "# \n1\n");
    let err = stderr(&out);
    assert!(
        err.contains("warning: README.md.jinja uses `projet_name`, which no question or setting defines: it renders as nothing, as with Copier (did you mean `project_name`?)"),
        "{err}"
    );
    assert!(!err.contains("`i`"), "loop variables are defined: {err}");
}
