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

#[test]
fn new_refuses_a_copier_template_by_name_and_writes_nothing() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["new", &fixture("demo_data"), "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is a Copier template, and this jig cannot render Copier templates yet"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        err.contains("hint: `jig show SOURCE` lists its questions"),
        "{err}"
    );
    assert!(!sb.out().exists());

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
