//! The GitHub Action this repository ships (`action.yml`), run step by step as a GitHub
//! runner runs a composite action: each `run:` step's script in `bash --noprofile --norc -eo
//! pipefail`, its `env:` with `${{ inputs.* }}`, `${{ runner.temp }}`,
//! `${{ github.action_path }}` and earlier steps' outputs substituted, `$GITHUB_OUTPUT`
//! collected, `if:` conditions on inputs evaluated. The build step is skipped by giving the
//! action this build's binary (`jig:` input); building from source is what the pre-commit
//! test covers. A `uses:` step that would run fails the test (this runner cannot run it).

use crate::common::*;
use serde_yaml_ng::Value as Yaml;
use std::collections::BTreeMap;
use std::path::Path;

struct Run {
    code: i32,
    log: String,
    outputs: BTreeMap<String, String>,
}

/// Runs `action.yml` in `workspace` with `inputs` (the rest take their defaults).
fn run_action(sb: &Sandbox, workspace: &Path, given: &[(&str, &str)]) -> Run {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let action: Yaml = serde_yaml_ng::from_str(&read(&here.join("action.yml"))).unwrap();
    let mut inputs: BTreeMap<String, String> = BTreeMap::new();
    for (name, spec) in action["inputs"].as_mapping().unwrap() {
        let default = spec["default"].as_str().unwrap_or_default();
        inputs.insert(name.as_str().unwrap().to_string(), default.to_string());
    }
    for (name, value) in given {
        assert!(inputs.contains_key(*name), "action.yml has no input {name}");
        inputs.insert(name.to_string(), value.to_string());
    }
    let temp = sb.path().join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let mut steps: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let expand = |text: &str, steps: &BTreeMap<String, BTreeMap<String, String>>| {
        let re = regex::Regex::new(r"\$\{\{\s*([^}]+?)\s*\}\}").unwrap();
        re.replace_all(text, |c: &regex::Captures| {
            let expr = &c[1];
            let parts: Vec<&str> = expr.split('.').collect();
            match parts.as_slice() {
                ["inputs", name] => inputs[*name].clone(),
                ["runner", "temp"] => temp.display().to_string(),
                ["github", "action_path"] => here.display().to_string(),
                ["steps", id, "outputs", name] => steps
                    .get(*id)
                    .and_then(|o| o.get(*name))
                    .cloned()
                    .unwrap_or_default(),
                _ => panic!("this runner does not know `{expr}`"),
            }
        })
        .into_owned()
    };
    let mut log = String::new();
    for (i, step) in action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .enumerate()
    {
        if let Some(cond) = step["if"].as_str() {
            let (name, want_empty) = match cond.split_once(" == ''") {
                Some((lhs, _)) => (lhs.trim().trim_start_matches("inputs."), true),
                None => panic!("this runner does not know the condition `{cond}`"),
            };
            if inputs[name].is_empty() != want_empty {
                continue;
            }
        }
        assert!(
            step["uses"].is_null(),
            "step {i} uses an action, which this runner cannot run"
        );
        assert_eq!(step["shell"].as_str(), Some("bash"));
        let script = sb.path().join(format!("step-{i}.sh"));
        write(&script, step["run"].as_str().unwrap().as_bytes());
        let output_file = sb.path().join(format!("step-{i}.out"));
        write(&output_file, b"");
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("PATH", test_path())
            .env("HOME", sb.path().join("home"))
            .env("XDG_CONFIG_HOME", sb.path().join("config"))
            .env("XDG_CACHE_HOME", sb.path().join("cache"))
            .env("NO_COLOR", "1");
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(k.as_str().unwrap(), expand(v.as_str().unwrap(), &steps));
            }
        }
        let out = cmd.output().unwrap();
        log.push_str(&stdout(&out));
        log.push_str(&stderr(&out));
        let mut outputs = BTreeMap::new();
        for line in read(&output_file).lines() {
            let (k, v) = line.split_once('=').unwrap();
            outputs.insert(k.to_string(), v.to_string());
        }
        if let Some(id) = step["id"].as_str() {
            steps.insert(id.to_string(), outputs);
        }
        if !out.status.success() {
            return Run {
                code: out.status.code().unwrap_or(-1),
                log,
                outputs: BTreeMap::new(),
            };
        }
    }
    let outputs = action["outputs"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let value = expand(v["value"].as_str().unwrap(), &steps);
            (k.as_str().unwrap().to_string(), value)
        })
        .collect();
    Run {
        code: 0,
        log,
        outputs,
    }
}

fn project(sb: &Sandbox) -> std::path::PathBuf {
    let bp = sb.blueprint(
        "svc",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/app.py", "print('hello')\n"),
        ],
    );
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    sb.out()
}

fn sarif(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap()
}

#[test]
fn the_action_writes_sarif_and_passes_on_a_clean_project() {
    let sb = Sandbox::new();
    let workspace = project(&sb);
    let jig = env!("CARGO_BIN_EXE_jig");
    let run = run_action(&sb, &workspace, &[("path", "demo"), ("jig", jig)]);
    assert_eq!(run.code, 0, "{}", run.log);
    assert!(run.log.contains("jig check: clean"), "{}", run.log);
    assert_eq!(run.outputs["exit-code"], "0");
    assert_eq!(run.outputs["sarif-file"], "jig.sarif");
    let report = sarif(&workspace.join("jig.sarif"));
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(report["runs"][0]["tool"]["driver"]["name"], "jig");
    assert_eq!(report["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn the_action_fails_on_drift_and_the_sarif_names_the_file() {
    let sb = Sandbox::new();
    let workspace = project(&sb);
    write(&workspace.join("demo/app.py"), b"print('edited')\n");
    let jig = env!("CARGO_BIN_EXE_jig");
    let run = run_action(
        &sb,
        &workspace,
        &[("path", "demo"), ("jig", jig), ("sarif-file", "out.sarif")],
    );
    assert_eq!(run.code, 11, "{}", run.log);
    assert!(
        run.log.contains(
            "::error title=jig check::the project is diverged (exit 11); the SARIF report lists each file"
        ),
        "{}",
        run.log
    );
    let report = sarif(&workspace.join("out.sarif"));
    let results = report["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{report}");
    assert_eq!(results[0]["ruleId"], "jig/modified");
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("app.py"), "{uri}");

    // Reporting only: the step passes with a warning, the exit code is an output.
    let run = run_action(
        &sb,
        &workspace,
        &[("path", "demo"), ("jig", jig), ("fail-on-drift", "false")],
    );
    assert_eq!(run.code, 0, "{}", run.log);
    assert!(
        run.log
            .contains("::warning title=jig check::the project is diverged (exit 11)"),
        "{}",
        run.log
    );
    assert_eq!(run.outputs["exit-code"], "11");
}

#[test]
fn the_action_fails_on_errors_and_on_a_missing_binary() {
    let sb = Sandbox::new();
    let workspace = project(&sb);
    let jig = env!("CARGO_BIN_EXE_jig");
    let run = run_action(&sb, &workspace, &[("path", "nowhere"), ("jig", jig)]);
    assert_eq!(run.code, 2, "{}", run.log);
    assert!(
        run.log.contains(
            "::error title=jig check::jig check failed with exit code 2 (nothing could be concluded)"
        ),
        "{}",
        run.log
    );
    assert!(
        run.log.contains("nowhere is not a jig project"),
        "jig's own error is in the log: {}",
        run.log
    );

    let run = run_action(&sb, &workspace, &[("jig", "no-such-jig")]);
    assert_eq!(run.code, 2, "{}", run.log);
    assert!(
        run.log.contains(
            "::error title=jig::the jig input names `no-such-jig`, which is not an executable"
        ),
        "{}",
        run.log
    );
}
