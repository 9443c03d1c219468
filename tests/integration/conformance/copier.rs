//! The Copier conformance harness: every case in tests/conformance/copier-cases.yaml is run
//! through the reference (Copier 9.19.1, pinned in the test venv, whose sdist's tests/ folder
//! scripts/test-deps fetches) and through jig, in the same directory with the same relative
//! source (so `_src_path` is the same), and the output trees are compared. Prints a table and
//! `N passed, M failed`.

use super::run;
use super::tree;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    fixture: Option<String>,
    own: Option<String>,
    #[serde(default)]
    data: BTreeMap<String, String>,
    #[serde(default)]
    tasks: bool,
    /// Trust the template (its Python extensions) without running its tasks.
    #[serde(default)]
    trust: bool,
    #[serde(default)]
    mask: Vec<String>,
    #[serde(default)]
    expect: Expect,
    why: String,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Expect {
    #[default]
    Same,
    BothFail,
    JigRefuses,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference_tests() -> PathBuf {
    repo().join(".venv/reference/copier-9.19.1/tests")
}

impl Case {
    fn name(&self) -> String {
        let base = self.fixture.as_ref().or(self.own.as_ref());
        base.cloned().unwrap_or_default()
    }

    fn source(&self) -> PathBuf {
        match (&self.fixture, &self.own) {
            (Some(f), _) => reference_tests().join(f),
            (_, Some(o)) => repo().join("tests/conformance/copier").join(o),
            _ => panic!("a case needs `fixture` or `own`"),
        }
    }
}

/// The tool in `work` with the harness's environment; HOME (and so Copier's settings) beside it.
fn command(program: &Path, work: &Path) -> Command {
    let mut cmd = super::command(program, work, None);
    cmd.env("HOME", work.join("../home"))
        .env("XDG_CONFIG_HOME", work.join("../home/.config"));
    cmd
}

fn check(case: &Case, work: &Path) -> Result<(), String> {
    let status = Command::new("cp")
        .arg("-a")
        .arg(case.source())
        .arg(work.join("tpl"))
        .status()
        .unwrap();
    assert!(status.success(), "cp -a {} failed", case.source().display());
    std::fs::create_dir_all(work.join("home")).unwrap();

    // Each tool runs in its own directory into `project`, so `_folder_name` and `_src_path`
    // (`../tpl`) are the same for both.
    let (a, b) = (work.join("copier"), work.join("jig"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let mut copier = command(&repo().join(".venv/bin/copier"), &a);
    copier.args(["copy", "--defaults", "--quiet"]);
    match case.tasks {
        true => copier.arg("--trust"),
        false => copier.arg("--skip-tasks"),
    };
    if case.trust {
        copier.arg("--trust");
    }
    for (k, v) in &case.data {
        copier.arg("-d").arg(format!("{k}={v}"));
    }
    copier.args(["../tpl", "project"]);
    let reference = run(copier);

    let mut jig = command(Path::new(env!("CARGO_BIN_EXE_jig")), &b);
    jig.args(["new", "../tpl", "project", "--defaults", "--no-git"]);
    match case.tasks {
        true => jig.arg("--trust"),
        false => jig.arg("--no-hooks"),
    };
    if case.trust {
        jig.arg("--trust");
    }
    for (k, v) in &case.data {
        jig.arg("--data").arg(format!("{k}={v}"));
    }
    let ours = run(jig);

    let masks: Vec<regex::bytes::Regex> = case
        .mask
        .iter()
        .map(|m| regex::bytes::Regex::new(m).unwrap())
        .collect();
    let jig_tree = tree::read(&b.join("project"), &masks);
    match case.expect {
        Expect::Same => {
            if !reference.ok {
                return Err(format!("copier failed:\n{}", reference.stderr));
            }
            if !ours.ok {
                return Err(format!("jig failed:\n{}", ours.stderr));
            }
            let copier_tree = tree::read(&a.join("project"), &masks);
            let diffs = tree::diff("copier", &copier_tree, &jig_tree);
            match diffs.is_empty() {
                true => Ok(()),
                false => Err(diffs.join("\n")),
            }
        }
        Expect::BothFail | Expect::JigRefuses => {
            if case.expect == Expect::BothFail && reference.ok {
                return Err("copier succeeded, but the case expects it to fail".into());
            }
            if ours.ok {
                return Err("jig succeeded, but the case expects it to refuse".into());
            }
            let left: Vec<_> = std::fs::read_dir(&b).unwrap().collect();
            if !left.is_empty() {
                return Err(format!(
                    "jig failed but left {} entries in {}",
                    left.len(),
                    b.display()
                ));
            }
            let clear =
                ours.stderr.contains("nothing was written") || ours.stderr.contains("would run: ");
            if !ours.stderr.starts_with("error: ") || !clear {
                return Err(format!(
                    "jig's error is not a clear message:\n{}",
                    ours.stderr
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn jig_renders_copier_templates_like_copier() {
    assert!(
        reference_tests().is_dir() && repo().join(".venv/bin/copier").is_file(),
        "the reference is missing: run scripts/test-deps (it installs Copier 9.19.1 and fetches its sdist)"
    );
    let text = std::fs::read_to_string(repo().join("tests/conformance/copier-cases.yaml")).unwrap();
    let cases: Vec<Case> = jig::yaml::from_str(&text).unwrap();
    let rows: Vec<(String, String)> = cases
        .iter()
        .map(|c| {
            (
                c.name(),
                format!("{:<32} {:?}: {}", c.name(), c.expect, c.why),
            )
        })
        .collect();
    let failed = super::run_table("Copier conformance (Copier 9.19.1)", &rows, |i, work| {
        check(&cases[i], work)
    });
    assert!(failed.is_empty(), "Copier conformance failures: {failed:?}");
}
