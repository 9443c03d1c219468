//! Fixtures for the project life-cycle scenarios (`check`, `diff`, `update`, `adopt`): a
//! blueprint git repository released version by version, and a project made from it.

use crate::common::*;
use std::path::{Path, PathBuf};

/// A blueprint in its own git repository; each `release` replaces the template and tags it.
pub(crate) struct BlueprintRepo {
    pub dir: PathBuf,
    pub name: String,
}

impl BlueprintRepo {
    pub(crate) fn new(sb: &Sandbox, name: &str) -> BlueprintRepo {
        BlueprintRepo::in_dir(&sb.path().join(format!("{name}-repo")), name)
    }

    /// A blueprint repository at `dir` (under a git server's base directory, say).
    pub(crate) fn in_dir(dir: &Path, name: &str) -> BlueprintRepo {
        let dir = dir.to_path_buf();
        std::fs::create_dir_all(&dir).unwrap();
        git(&dir, &["init", "-q", "-b", "main"]);
        BlueprintRepo {
            dir,
            name: name.to_string(),
        }
    }

    /// Commits `version` with these questions (manifest YAML, indented by two spaces), extra
    /// manifest keys and template files, and tags it `v<version>`.
    pub(crate) fn release(
        &self,
        version: &str,
        questions: &str,
        extra: &str,
        files: &[(&str, &[u8])],
    ) {
        let template = self.dir.join("template");
        let _ = std::fs::remove_dir_all(&template);
        std::fs::create_dir_all(&template).unwrap();
        let manifest = format!(
            "name: {}\nversion: {version}\ndescription: life-cycle fixture\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: app\n{questions}{extra}",
            self.name
        );
        write(&self.dir.join("blueprint.yaml"), manifest.as_bytes());
        for (path, bytes) in files {
            write(&template.join(path), bytes);
        }
        git(&self.dir, &["add", "-A"]);
        git(
            &self.dir,
            &["commit", "-q", "-m", &format!("release {version}")],
        );
        git(&self.dir, &["tag", &format!("v{version}")]);
    }

    /// The SOURCE for `jig new` at a requirement.
    pub(crate) fn at(&self, req: &str) -> String {
        format!("{}@{req}", self.dir.display())
    }
}

/// `jig new SOURCE --defaults -o out EXTRA` must succeed; returns the project directory.
pub(crate) fn make_project(sb: &Sandbox, source: &str, extra: &[&str]) -> PathBuf {
    let out = sb
        .jig()
        .args(["new", source, "--defaults", "-o", "out"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "jig new failed: {}", stderr(&out));
    sb.out().join("app")
}

/// Runs jig in `project` with `args`; returns (exit code, stdout, stderr).
pub(crate) fn jig_in(sb: &Sandbox, project: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sb.jig().current_dir(project).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// `jig check --format json` in `project`: (exit code, report).
pub(crate) fn check_json(sb: &Sandbox, project: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = jig_in(sb, project, &args);
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, report)
}

/// `jig update --format json EXTRA` in `project`: (exit code, report of the one update, stderr).
pub(crate) fn update_json(
    sb: &Sandbox,
    project: &Path,
    extra: &[&str],
) -> (i32, serde_json::Value, String) {
    let mut args = vec!["update", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = jig_in(sb, project, &args);
    if out.trim().is_empty() {
        return (code, serde_json::Value::Null, err);
    }
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, report["updates"][0].clone(), err)
}

/// Each file's state in a check report's first blueprint, as `(path, state)` pairs.
pub(crate) fn states(report: &serde_json::Value) -> Vec<(String, String)> {
    report["blueprints"][0]["content"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["state"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// Each file's outcome in an update report, as `(path, outcome)` pairs.
pub(crate) fn outcomes(report: &serde_json::Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["outcome"].as_str().unwrap().into(),
            )
        })
        .collect()
}

pub(crate) fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Commits everything in the project (as the team would).
pub(crate) fn commit_all(project: &Path, message: &str) {
    git(project, &["add", "-A"]);
    git(project, &["commit", "-q", "-m", message]);
}

/// `git status --porcelain` lines, sorted.
pub(crate) fn status(project: &Path) -> Vec<String> {
    let out = std::process::Command::new("git")
        .current_dir(project)
        .args(["status", "--porcelain", "--untracked-files=all"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}
