//! The Cookiecutter conformance harness: every case in tests/conformance/cases.yaml is run
//! through the reference (cookiecutter 2.7.1 with binaryornot 0.6.0, installed by
//! scripts/test-deps along with cookiecutter's sdist, whose tests/ folder holds its fixtures)
//! and through jig, and the output trees are compared. Prints `N passed, M failed`.

mod copier;
mod corpus;
mod tree;

use crate::common::test_path;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    fixture: Option<String>,
    own: Option<String>,
    generated: Option<String>,
    #[serde(default)]
    context: Option<serde_json::Value>,
    #[serde(default)]
    data: BTreeMap<String, String>,
    directory: Option<String>,
    rc: Option<String>,
    #[serde(default)]
    mask: Vec<String>,
    #[serde(default)]
    expect: Expect,
    project: Option<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    jig_has: Vec<String>,
    #[serde(default)]
    jig_lacks: Vec<String>,
    why: String,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Expect {
    #[default]
    Same,
    BothFail,
    JigRefuses,
    CookiecutterFails,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference_tests() -> PathBuf {
    repo().join(".venv/reference/cookiecutter-2.7.1/tests")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success(), "cp -a {} failed", from.display());
}

impl Case {
    fn name(&self) -> String {
        let base = self
            .fixture
            .as_ref()
            .or(self.own.as_ref())
            .or(self.generated.as_ref());
        base.cloned().unwrap_or_default()
    }

    /// Builds the template for this case under `work`; returns its path.
    fn template(&self, work: &Path) -> PathBuf {
        let dir = work.join("template");
        if let Some(fixture) = &self.fixture {
            let src = reference_tests().join(fixture);
            match &self.project {
                Some(project) => {
                    for file in &self.files {
                        let to = dir.join(project).join(file);
                        copy_tree(&src.join(file), &to);
                    }
                }
                None => copy_tree(&src, &dir),
            }
        } else if let Some(own) = &self.own {
            copy_tree(&repo().join("tests/conformance/templates").join(own), &dir);
        } else {
            assert_eq!(self.generated.as_deref(), Some("binary-corpus"));
            let total = corpus::write(&dir);
            let python = repo().join(".venv/bin/python");
            let aside = corpus::set_aside_undecodable(&dir, &python, &work.join("undecodable"));
            eprintln!(
                "binary corpus: {total} files, {} of them non-UTF-8 that binaryornot calls text",
                aside.len()
            );
        }
        if let Some(context) = &self.context {
            let json = serde_json::to_string_pretty(context).unwrap();
            std::fs::write(dir.join("cookiecutter.json"), json).unwrap();
        }
        dir
    }
}

pub(super) fn command(program: &Path, work: &Path, rc: Option<&Path>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(work)
        .env_clear()
        .env("PATH", test_path())
        .env("HOME", work.join("home"))
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8");
    if let Some(rc) = rc {
        cmd.env("COOKIECUTTER_CONFIG", rc);
    }
    cmd
}

/// How a tool's run ended: success, and its stdout and stderr together.
pub(super) struct Outcome {
    pub ok: bool,
    pub stderr: String,
}

pub(super) fn run(mut cmd: Command) -> Outcome {
    let out = cmd.output().unwrap();
    Outcome {
        ok: out.status.success(),
        stderr: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Runs one case; `Err` holds why it failed.
fn check(case: &Case, work: &Path) -> Result<(), String> {
    let template = case.template(work);
    std::fs::create_dir_all(work.join("home")).unwrap();
    let rc = case.rc.as_ref().map(|text| {
        let path = work.join("cookiecutterrc.yaml");
        std::fs::write(&path, text).unwrap();
        path
    });
    let (cc_out, jig_out) = (work.join("cookiecutter"), work.join("jig"));

    let mut cc = command(&repo().join(".venv/bin/cookiecutter"), work, rc.as_deref());
    cc.arg("--no-input").arg("-o").arg(&cc_out).arg(&template);
    if let Some(d) = &case.directory {
        cc.args(["--directory", d]);
    }
    cc.args(case.data.iter().map(|(k, v)| format!("{k}={v}")));
    let cc = run(cc);

    let mut jig = command(Path::new(env!("CARGO_BIN_EXE_jig")), work, rc.as_deref());
    jig.arg("new").arg(&template);
    jig.args(["--defaults", "--no-git", "--trust", "-o"])
        .arg(&jig_out);
    if let Some(d) = &case.directory {
        jig.args(["--directory", d]);
    }
    for (k, v) in &case.data {
        jig.arg("--data").arg(format!("{k}={v}"));
    }
    let jig = run(jig);
    if case.generated.is_some() {
        check_undecodable(work)?;
    }

    let masks: Vec<regex::bytes::Regex> = case
        .mask
        .iter()
        .map(|m| regex::bytes::Regex::new(m).unwrap())
        .collect();
    let jig_tree = tree::read(&jig_out, &masks);
    match case.expect {
        Expect::Same => {
            if !cc.ok {
                return Err(format!("cookiecutter failed:\n{}", cc.stderr));
            }
            if !jig.ok {
                return Err(format!("jig failed:\n{}", jig.stderr));
            }
            let cc_tree = tree::read(&cc_out, &masks);
            if cc_tree.is_empty() {
                return Err("cookiecutter produced nothing".into());
            }
            let diffs = tree::diff("cookiecutter", &cc_tree, &jig_tree);
            if diffs.is_empty() {
                Ok(())
            } else {
                Err(diffs.join("\n"))
            }
        }
        Expect::CookiecutterFails => {
            if cc.ok {
                return Err("cookiecutter succeeded, but the case expects it to fail".into());
            }
            if !jig.ok {
                return Err(format!("jig failed:\n{}", jig.stderr));
            }
            let missing: Vec<_> = case
                .jig_has
                .iter()
                .filter(|p| !jig_tree.contains_key(*p))
                .collect();
            let extra: Vec<_> = case
                .jig_lacks
                .iter()
                .filter(|p| jig_tree.contains_key(*p))
                .collect();
            if missing.is_empty() && extra.is_empty() && !case.jig_has.is_empty() {
                Ok(())
            } else {
                Err(format!("jig's output lacks {missing:?} or holds {extra:?}"))
            }
        }
        Expect::BothFail | Expect::JigRefuses => {
            if case.expect == Expect::BothFail && cc.ok {
                return Err("cookiecutter succeeded, but the case expects it to fail".into());
            }
            if jig.ok {
                return Err("jig succeeded, but the case expects it to refuse".into());
            }
            if !jig_tree.is_empty() {
                return Err(format!("jig failed but left files: {:?}", jig_tree.keys()));
            }
            if !jig.stderr.starts_with("error: ") {
                return Err(format!(
                    "jig's error is not a clear message:\n{}",
                    jig.stderr
                ));
            }
            Ok(())
        }
    }
}

/// Files binaryornot calls text that are not UTF-8: Cookiecutter crashes on them; jig must
/// refuse each with a message naming the file.
fn check_undecodable(work: &Path) -> Result<(), String> {
    let aside = work.join("undecodable");
    for entry in std::fs::read_dir(&aside).map_err(|e| e.to_string())? {
        let file = entry.unwrap().path();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let single = work.join("single").join(&name);
        std::fs::create_dir_all(single.join("{{cookiecutter.name}}")).unwrap();
        std::fs::write(single.join("cookiecutter.json"), r#"{"name": "one"}"#).unwrap();
        std::fs::copy(&file, single.join("{{cookiecutter.name}}").join(&name)).unwrap();
        let mut jig = command(Path::new(env!("CARGO_BIN_EXE_jig")), work, None);
        jig.arg("new")
            .arg(&single)
            .args(["--defaults", "--no-git", "-o"]);
        jig.arg(work.join("single-out"));
        let out = run(jig);
        if out.ok || !out.stderr.contains(&name) || !out.stderr.contains("not UTF-8") {
            return Err(format!(
                "{name} (not UTF-8, binaryornot says text): jig did not refuse it by name:\n{}",
                out.stderr
            ));
        }
    }
    Ok(())
}

/// Runs `check` on each case (`rows`: its name and its table label) in a directory of its own,
/// prints the table and `N passed, M failed` under `title`, and returns the failed names.
pub(super) fn run_table(
    title: &str,
    rows: &[(String, String)],
    check: impl Fn(usize, &Path) -> Result<(), String>,
) -> Vec<String> {
    let scratch = tempfile::tempdir().unwrap();
    let mut failed = Vec::new();
    let mut report = String::new();
    for (i, (name, label)) in rows.iter().enumerate() {
        let work = scratch.path().join(format!("case-{i:02}"));
        std::fs::create_dir_all(&work).unwrap();
        match check(i, &work) {
            Ok(()) => report.push_str(&format!("  ok    {label}\n")),
            Err(why) => {
                report.push_str(&format!("  FAIL  {label}\n"));
                for line in why.lines() {
                    report.push_str(&format!("          {line}\n"));
                }
                failed.push(format!("#{i} {name}"));
            }
        }
    }
    eprintln!("{title}:\n{report}");
    eprintln!(
        "{} passed, {} failed",
        rows.len() - failed.len(),
        failed.len()
    );
    failed
}

#[test]
fn jig_renders_cookiecutter_templates_like_cookiecutter() {
    assert!(
        reference_tests().is_dir() && repo().join(".venv/bin/cookiecutter").is_file(),
        "the reference is missing: run scripts/test-deps (it installs cookiecutter 2.7.1 and fetches its sdist)"
    );
    let text = std::fs::read_to_string(repo().join("tests/conformance/cases.yaml")).unwrap();
    let cases: Vec<Case> = jig::yaml::from_str(&text).unwrap();
    let rows: Vec<(String, String)> = cases
        .iter()
        .map(|c| {
            (
                c.name(),
                format!("{:<40} {:?}: {}", c.name(), c.expect, c.why),
            )
        })
        .collect();
    let failed = run_table(
        "Cookiecutter conformance (cookiecutter 2.7.1, binaryornot 0.6.0)",
        &rows,
        |i, work| check(&cases[i], work),
    );
    assert!(failed.is_empty(), "conformance failures: {failed:?}");
}
