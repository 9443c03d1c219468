//! The pre-commit hook this repository ships (`.pre-commit-hooks.yaml`), driven by the real
//! pre-commit: it builds jig from a git repository holding this working tree (`language:
//! rust`, the system cargo) and runs `jig check` in a generated project, passing while the
//! files match the blueprint and failing, with the file named, once one drifts.
//!
//! The build goes to `target/pre-commit-hook` (kept between runs) without LTO or optimisation,
//! so only the first run pays for compiling the dependencies.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// A git repository holding this working tree's files (tracked and new, not ignored), as
/// pre-commit's `repo:` needs; returns its path and commit.
fn jig_repo(sb: &Sandbox) -> (std::path::PathBuf, String) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = sb.path().join("jig-repo");
    let files = git(here, &["ls-files", "-co", "--exclude-standard", "-z"]);
    for rel in files.split('\0').filter(|f| !f.is_empty()) {
        let from = here.join(rel);
        if from.is_file() {
            let to = repo.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
    }
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(
        &repo,
        &["-c", "commit.gpgsign=false", "commit", "-qm", "jig"],
    );
    let rev = git(&repo, &["rev-parse", "HEAD"]);
    (repo, rev)
}

fn pre_commit(sb: &Sandbox, project: &Path) -> std::process::Output {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-hook");
    Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/pre-commit"))
        .current_dir(project)
        .args(["run", "--all-files", "--color", "never"])
        .env("PRE_COMMIT_HOME", sb.path().join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .env("XDG_CONFIG_HOME", sb.path().join("config"))
        .env("XDG_CACHE_HOME", sb.path().join("cache"))
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
}

#[test]
fn the_shipped_hook_checks_a_generated_project_with_the_real_pre_commit() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "svc",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/README.md", "# {{ project_slug }}\n"),
            ("template/app.py", "print('hello')\n"),
        ],
    );
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("demo");
    let (repo, rev) = jig_repo(&sb);
    write(
        &project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: jig-check\n",
            repo.display()
        )
        .as_bytes(),
    );
    git(&project, &["add", ".pre-commit-config.yaml"]);
    git(
        &project,
        &["-c", "commit.gpgsign=false", "commit", "-qm", "hooks"],
    );

    let out = pre_commit(&sb, &project);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.lines()
            .any(|l| l.starts_with("jig check") && l.ends_with("Passed")),
        "{text}"
    );

    write(&project.join("app.py"), b"print('edited by the team')\n");
    let out = pre_commit(&sb, &project);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.lines()
            .any(|l| l.starts_with("jig check") && l.ends_with("Failed")),
        "{text}"
    );
    assert!(text.contains("- exit code: 11"), "{text}");
    assert!(text.contains("app.py"), "the drifted file is named: {text}");
}
