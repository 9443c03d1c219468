//! `jig test`, `jig init` and `jig schema`: the first-party blueprints' own CI, broken
//! fixtures failing in the right cells, skeletons that start green, repositories turned into
//! blueprints that render back byte for byte, and the schema checked by a real validator.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn first_party(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("blueprints")
        .join(name)
}

/// `jig test DIR --format json` plus args; the exit code and the report.
fn jig_test(sb: &Sandbox, dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = sb
        .jig()
        .arg("test")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code(), report)
}

/// The grid as `set: step=status ...` lines.
fn grid(report: &Value) -> Vec<String> {
    report["sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let cells: Vec<String> = s["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        c["step"].as_str().unwrap(),
                        c["status"].as_str().unwrap()
                    )
                })
                .collect();
            format!("{}: {}", s["set"].as_str().unwrap(), cells.join(" "))
        })
        .collect()
}

fn output_of<'a>(report: &'a Value, set: &str, step: &str) -> &'a str {
    report["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["set"] == set)
        .and_then(|s| {
            s["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["step"] == step)
        })
        .and_then(|c| c["output"].as_str())
        .unwrap_or("")
}

#[test]
fn first_party_blueprints_pass_their_own_tests() {
    let sb = Sandbox::new();
    let expected = [
        (
            "sagemaker-mlops",
            vec![
            "defaults: render=pass snapshot=skip cfn-lint=pass pre-commit=pass pytest=pass",
            "github-actions: render=pass snapshot=skip cfn-lint=pass pre-commit=pass pytest=pass",
            "gpu-monitoring: render=pass snapshot=skip cfn-lint=pass pre-commit=pass pytest=pass",
        ],
        ),
        (
            "python-lib",
            vec![
                "defaults: render=pass snapshot=skip pre-commit=pass pytest=pass",
                "codeartifact: render=pass snapshot=skip pre-commit=pass pytest=pass",
            ],
        ),
        (
            "ds-project",
            vec![
                "defaults: render=pass snapshot=skip pre-commit=pass pytest=pass",
                "variant: render=pass snapshot=skip pre-commit=pass pytest=pass",
            ],
        ),
    ];
    for (name, rows) in expected {
        let (code, report) = jig_test(&sb, &first_party(name), &[]);
        assert_eq!(grid(&report), rows, "{name}: {report}");
        assert_eq!(code, Some(0), "{name}");
    }
}

#[test]
fn broken_fixtures_fail_in_the_right_cells() {
    let sb = Sandbox::new();
    let manifest = format!(
        "{}  flavor:\n    type: choice\n    choices: [good, bad]\n    default: good\nchecks:\n  - name: no-bad\n    run: \"! grep -q bad flavor.txt\"\n  - name: only-bad\n    run: echo checking; exit 7\n    when: \"flavor == 'bad'\"\n",
        manifest("")
    );
    let dir = sb.blueprint(
        "bp",
        &[
            ("blueprint.yaml", &manifest),
            ("template/flavor.txt", "{{ flavor }}\n"),
            ("template/name.txt", "{{ project_slug }}\n"),
            ("tests/bad.yaml", "flavor: bad\n"),
            ("tests/broken.yaml", "flavor: ugly\n"),
        ],
    );
    // Store expected trees, then change one.
    let (code, report) = jig_test(&sb, &dir, &["--update-snapshots", "--set", "defaults"]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        read(&dir.join("tests/defaults.expected/flavor.txt")),
        "good\n"
    );
    write(&dir.join("tests/defaults.expected/name.txt"), b"other\n");

    let (code, report) = jig_test(&sb, &dir, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        grid(&report),
        [
            "defaults: render=pass snapshot=fail no-bad=pass only-bad=skip",
            "bad: render=pass snapshot=skip no-bad=fail only-bad=fail",
            "broken: render=fail snapshot=skip no-bad=skip only-bad=skip",
        ]
    );
    let snapshot = output_of(&report, "defaults", "snapshot");
    assert!(snapshot.starts_with("changed: name.txt\n"), "{snapshot}");
    assert!(snapshot.contains("-other\n+demo"), "{snapshot}");
    assert_eq!(
        output_of(&report, "bad", "only-bad"),
        "$ echo checking; exit 7\nchecking\n(exit code 7)"
    );
    assert!(
        output_of(&report, "broken", "render").contains("`ugly` is not one of: good, bad"),
        "{report}"
    );

    // The human table shows the same grid and the failing output.
    let out = sb.jig().arg("test").arg(&dir).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("answer set  render   snapshot  no-bad   only-bad"),
        "{text}"
    );
    assert!(
        text.contains("bad         pass     -         FAIL     FAIL"),
        "{text}"
    );
    assert!(
        text.contains("--- bad x only-bad (tests/bad.yaml) ---"),
        "{text}"
    );

    let unknown = sb
        .jig()
        .arg("test")
        .arg(&dir)
        .args(["--set", "nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("the answer sets are: defaults, bad, broken"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_skeleton_starts_green_and_refuses_a_non_empty_directory() {
    let sb = Sandbox::new();
    let out = sb.jig().args(["init", "my-bp"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = sb.path().join("my-bp");
    let manifest = read(&dir.join("blueprint.yaml"));
    assert!(manifest.starts_with("# A jig blueprint."));
    assert!(manifest.contains("name: my-bp\n"));
    for kind in [
        "choice",
        "boolean",
        "integer",
        "float",
        "multiselect",
        "secret",
    ] {
        assert!(
            manifest.contains(&format!("type: {kind}")),
            "{kind} example"
        );
    }
    let lint = sb
        .jig()
        .arg("lint")
        .arg(&dir)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    let (code, report) = jig_test(&sb, &dir, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        grid(&report),
        [
            "defaults: render=pass snapshot=skip readme=pass dockerfile=skip",
            "docker: render=pass snapshot=skip readme=pass dockerfile=pass",
        ]
    );
    let again = sb.jig().args(["init", "my-bp"]).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("my-bp exists and is not empty"));
}

#[test]
fn the_schema_validates_first_party_manifests_and_rejects_mistakes() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["schema", "-o", "schema.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = |manifest: &Path| {
        std::process::Command::new("python3")
            .args(["-c", "import json,sys,yaml,jsonschema; jsonschema.validate(yaml.safe_load(open(sys.argv[2])), json.load(open(sys.argv[1])))"])
            .arg(sb.path().join("schema.json"))
            .arg(manifest)
            .env("PATH", test_path())
            .output()
            .unwrap()
    };
    for name in ["sagemaker-mlops", "python-lib", "ds-project"] {
        let out = check(&first_party(name).join("blueprint.yaml"));
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
    let skeleton = sb.jig().args(["init", "sk"]).output().unwrap();
    assert!(skeleton.status.success());
    assert!(check(&sb.path().join("sk/blueprint.yaml")).status.success());
    for (mistake, expect) in [
        (
            "name: x\nversion: 1.0.0\ncolour: red\n",
            "Additional properties are not allowed ('colour'",
        ),
        (
            "name: x\nversion: 1.0.0\nquestions:\n  q:\n    type: enormous\n",
            "'enormous' is not one of",
        ),
        (
            "name: x\nquestions: {}\n",
            "'version' is a required property",
        ),
    ] {
        write(&sb.path().join("bad.yaml"), mistake.as_bytes());
        let out = check(&sb.path().join("bad.yaml"));
        assert!(!out.status.success(), "{mistake}");
        assert!(stderr(&out).contains(expect), "{mistake}: {}", stderr(&out));
    }
}
