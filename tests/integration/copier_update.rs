//! A Copier project through its life, against the real Copier 9.19.1 (test venv): made by
//! `copier copy` at v1, edited by its team, then the template moves to v2 (changed, deleted,
//! renamed and new files, a new question, `_migrations` before and after the merge). `jig
//! check` reads Copier's answers file; `jig update` must give the files `copier update` gives,
//! with conflicts marked the jig way and unmerged in the index.

use crate::common::{git, read, test_path, write, Sandbox};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) fn copier(dir: &Path, args: &[&str]) -> std::process::Output {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/copier");
    assert!(
        bin.is_file(),
        "run scripts/test-deps: it installs Copier 9.19.1"
    );
    std::process::Command::new(bin)
        .current_dir(dir)
        .args(args)
        .env("PATH", test_path())
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Team")
        .env("GIT_AUTHOR_EMAIL", "team@example.com")
        .env("GIT_COMMITTER_NAME", "Team")
        .env("GIT_COMMITTER_EMAIL", "team@example.com")
        .output()
        .unwrap()
}

/// The template repository at v1.0.0.
fn template_v1(dir: &Path) {
    write(
        &dir.join("copier.yml"),
        b"project_name:\n  type: str\n  default: Churn Model\nuse_ci:\n  type: bool\n  default: true\n_skip_if_exists:\n  - CHANGELOG.md\n_exclude:\n  - copier.yml\n  - .git\n  - \"{% if _copier_operation == 'update' %}CONTRIBUTING.md{% endif %}\"\n",
    );
    write(&dir.join("CONTRIBUTING.md"), b"contributing, v1\n");
    write(
        &dir.join("CHANGELOG.md.jinja"),
        b"# Changes of {{ project_name }}\n",
    );
    write(
        &dir.join("{{ _copier_conf.answers_file }}.jinja"),
        b"# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n{{ _copier_answers|to_nice_yaml -}}\n",
    );
    write(
        &dir.join("config.yaml.jinja"),
        b"line1: a\nline2: b\nline3: c\nname: {{ project_name }}\n",
    );
    write(
        &dir.join("README.md.jinja"),
        b"# {{ project_name }}\n\nIntro.\n",
    );
    write(&dir.join("old-name.txt"), b"a\nb\nc\n");
    write(&dir.join("obsolete.txt"), b"old file\n");
    write(
        &dir.join("{% if use_ci %}.github{% endif %}/ci.yml"),
        b"ci: v1\n",
    );
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "v1"]);
    git(dir, &["tag", "v1.0.0"]);
}

/// v2.0.0: a changed file, a deleted one, a renamed one (moved by a migration), a new one, a
/// new question, and migrations before and after the merge.
fn template_v2(dir: &Path) {
    git(dir, &["mv", "old-name.txt", "new-name.txt"]);
    write(&dir.join("new-name.txt"), b"A\nb\nc\n");
    git(dir, &["rm", "-q", "obsolete.txt"]);
    write(
        &dir.join("config.yaml.jinja"),
        b"line1: a\nline2: b\nline3: C-from-template\nname: {{ project_name }}\nlicense: {{ license }}\n",
    );
    write(
        &dir.join("README.md.jinja"),
        b"# {{ project_name }}\n\nIntro, version 2.\n",
    );
    write(
        &dir.join("NEW.md.jinja"),
        b"new in v2 for {{ project_name }}\n",
    );
    write(
        &dir.join("CHANGELOG.md.jinja"),
        b"# Changelog of {{ project_name }}, v2\n",
    );
    write(&dir.join("CONTRIBUTING.md"), b"contributing, v2\n");
    write(
        &dir.join("{% if use_ci %}.github{% endif %}/ci.yml"),
        b"ci: v2\n",
    );
    let mut config = read(&dir.join("copier.yml"));
    config.push_str(
        "license:\n  type: str\n  default: MIT\n\
         _migrations:\n\
         \x20 - version: v2.0.0\n    command: git mv old-name.txt new-name.txt\n    when: \"{{ _stage == 'before' }}\"\n\
         \x20 - version: v2.0.0\n    command: echo $STAGE $VERSION_FROM $VERSION_TO $VERSION_PEP440_CURRENT {{ project_name }} > migrated.txt\n\
         \x20 - version: v3.0.0\n    command: touch never.txt\n",
    );
    write(&dir.join("copier.yml"), config.as_bytes());
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "v2"]);
    git(dir, &["tag", "v2.0.0"]);
}

/// Every file below `root` but `.git`, conflict markers' labels blanked (Copier writes
/// "before updating" / "after updating", jig names the sides).
pub(crate) fn files(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == ".git" || rel.starts_with(".git/") || !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text: Vec<String> = text
            .lines()
            .map(|l| match l {
                l if l.starts_with("<<<<<<< ") => "<<<<<<<".to_string(),
                l if l.starts_with(">>>>>>> ") => ">>>>>>>".to_string(),
                l => l.to_string(),
            })
            .collect();
        out.insert(rel, text.join("\n"));
    }
    out
}

fn copy(from: &Path, to: &Path) -> PathBuf {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
    to.to_path_buf()
}

#[test]
fn jig_updates_a_copier_project_as_copier_update_does() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    template_v1(&tpl);
    let src = tpl.to_string_lossy().into_owned();
    let out = copier(sb.path(), &["copy", "--defaults", "--quiet", &src, "proj"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let proj = sb.path().join("proj");
    git(&proj, &["init", "-q", "-b", "main"]);
    git(&proj, &["add", "-A"]);
    git(&proj, &["commit", "-qm", "from copier"]);

    // Copier's own answers file is a link jig reads: in sync at v1.0.0.
    let out = sb
        .jig()
        .current_dir(&proj)
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("tpl v1.0.0 (.copier-answers.yml)"));

    // The team edits; the template moves on.
    write(&proj.join("old-name.txt"), b"a\nb\nc\nlocal line\n");
    write(
        &proj.join("config.yaml"),
        b"line1: a\nline2: b\nline3: LOCAL3\nname: Churn Model\n",
    );
    write(
        &proj.join("README.md"),
        b"# Churn Model\n\nIntro.\n\nLocal section.\n",
    );
    write(&proj.join("local.txt"), b"mine\n");
    write(
        &proj.join("CHANGELOG.md"),
        b"# Changes\n\n- our first release\n",
    );
    git(&proj, &["add", "-A"]);
    git(&proj, &["commit", "-qm", "team edits"]);
    // `jig diff` shows the team's edits against the recorded version.
    let out = sb.jig().current_dir(&proj).args(["diff"]).output().unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("+Local section.") && diff.contains("+line3: LOCAL3"),
        "{diff}"
    );
    template_v2(&tpl);

    let out = sb
        .jig()
        .current_dir(&proj)
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(12),
        "behind and diverged: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    let theirs = copy(&proj, &sb.path().join("by-copier"));
    let ours = copy(&proj, &sb.path().join("by-jig"));
    let out = copier(&theirs, &["update", "--defaults", "--trust", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = sb
        .jig()
        .current_dir(&ours)
        .args(["update", "--defaults", "--trust"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "conflicts: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (a, b) = (files(&theirs), files(&ours));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, text) in &a {
        assert_eq!(text, &b[path], "{path}");
    }
    // The checks that the comparison is about something.
    assert!(
        b["new-name.txt"].contains("<<<<<<<"),
        "the renamed file conflicts in both"
    );
    assert!(
        b["README.md"].contains("Local section.") && b["README.md"].contains("Intro, version 2.")
    );
    assert_eq!(b["migrated.txt"], "after v1.0.0 v2.0.0 2.0.0 Churn Model");
    assert!(!b.contains_key("obsolete.txt") && !b.contains_key("never.txt"));
    assert_eq!(
        b["CHANGELOG.md"], "# Changes\n\n- our first release",
        "_skip_if_exists: the team's"
    );
    assert_eq!(
        b["CONTRIBUTING.md"], "contributing, v1",
        "excluded when `_copier_operation` is update"
    );
    assert!(b[".copier-answers.yml"].contains("_commit: v2.0.0\n_src_path: "));
    assert!(b[".copier-answers.yml"].contains("license: MIT"));
    let status = git(&ours, &["status", "--short"]);
    assert!(
        status.contains("AA new-name.txt") || status.contains("UU new-name.txt"),
        "{status}"
    );
    assert!(
        status.contains("UU README.md") && status.contains("UU config.yaml"),
        "{status}"
    );
    let text = read(&ours.join("README.md"));
    assert!(
        text.contains("<<<<<<< local changes") && text.contains(">>>>>>> tpl 2.0.0"),
        "{text}"
    );
}

#[test]
fn copier_migrations_need_trust() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    template_v1(&tpl);
    let src = tpl.to_string_lossy().into_owned();
    let out = sb
        .jig()
        .args(["new", &src, "proj", "--defaults"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let proj = sb.path().join("proj");
    assert_eq!(
        read(&proj.join(".copier-answers.yml")),
        format!("# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n_commit: v1.0.0\n_src_path: {src}\nproject_name: Churn Model\nuse_ci: true\n"),
        "jig writes the answers file Copier writes"
    );
    template_v2(&tpl);
    let out = sb
        .jig()
        .current_dir(&proj)
        .args(["update", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("would run: git mv old-name.txt new-name.txt (before the merge, for v2.0.0)"),
        "{err}"
    );
    assert_eq!(git(&proj, &["status", "--short"]), "", "nothing changed");

    // Copier's `--vcs-ref` names jig's `--version`: the older tag, not the newest.
    let out = sb
        .jig()
        .args([
            "new",
            &src,
            "old",
            "--defaults",
            "--no-git",
            "--vcs-ref",
            "v1.0.0",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&sb.path().join("old/.copier-answers.yml")).contains("_commit: v1.0.0\n"));
}

/// `jig fleet status` sees Copier projects, made by Copier or by jig, like any other: one
/// clean, one behind after the template's next release, one edited.
#[test]
fn the_fleet_sees_copier_projects() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    template_v1(&tpl);
    let src = tpl.to_string_lossy().into_owned();
    let mut members = Vec::new();
    for (name, by_copier) in [("by-copier", true), ("by-jig", false), ("edited", true)] {
        let out = match by_copier {
            true => copier(sb.path(), &["copy", "--defaults", "--quiet", &src, name]),
            false => sb
                .jig()
                .args(["new", &src, name, "--defaults", "--no-git"])
                .output()
                .unwrap(),
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let proj = sb.path().join(name);
        if name == "edited" {
            write(&proj.join("README.md"), b"# Edited\n");
        }
        git(&proj, &["init", "-q", "-b", "main"]);
        git(&proj, &["add", "-A"]);
        git(&proj, &["commit", "-qm", "init"]);
        members.push(format!("  - ./{name}\n"));
    }
    write(
        &sb.path().join("fleet.yaml"),
        format!("repositories:\n{}", members.concat()).as_bytes(),
    );
    let status = |sb: &Sandbox| {
        let out = sb
            .jig()
            .args(["fleet", "status", "fleet.yaml", "--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let states: BTreeMap<String, String> = report["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (out.status.code(), states, report)
    };
    let (code, states, report) = status(&sb);
    assert_eq!(code, Some(11), "{report:#}");
    assert_eq!(states["by-copier"], "clean", "{report:#}");
    assert_eq!(states["by-jig"], "clean", "{report:#}");
    assert_eq!(states["edited"], "diverged", "{report:#}");
    template_v2(&tpl);
    let (code, states, report) = status(&sb);
    assert_eq!(code, Some(12), "{report:#}");
    assert_eq!(states["by-copier"], "behind", "{report:#}");
    assert_eq!(states["edited"], "behind-and-diverged", "{report:#}");
}

/// A secret answer (never recorded) used in a file: the update of an untouched project takes
/// it from the working tree into both renders, so a change next to its line merges cleanly,
/// with the secret given again or not.
#[test]
fn a_copier_secret_next_to_a_change_merges_cleanly() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    write(
        &tpl.join("copier.yml"),
        b"name:\n  default: demo\ntoken:\n  type: str\n  secret: true\n  default: changeme\n",
    );
    write(
        &tpl.join("config.txt.jinja"),
        b"a: 1\ntoken: {{ token }}\nb: 2\nc: 3\n",
    );
    write(
        &tpl.join("{{ _copier_conf.answers_file }}.jinja"),
        b"{{ _copier_answers|to_nice_yaml -}}\n",
    );
    git(&tpl, &["init", "-q", "-b", "main"]);
    git(&tpl, &["add", "-A"]);
    git(&tpl, &["commit", "-qm", "v1"]);
    git(&tpl, &["tag", "v1.0.0"]);
    let src = tpl.to_string_lossy().into_owned();
    let out = sb
        .jig()
        .args(["new", &src, "proj", "--defaults", "--data", "token=hunter2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let proj = sb.path().join("proj");
    assert!(!read(&proj.join(".copier-answers.yml")).contains("hunter2"));
    write(
        &tpl.join("config.txt.jinja"),
        b"a: 1\ntoken: {{ token }}\nb: 7\nc: 3\n",
    );
    git(&tpl, &["commit", "-qam", "v2"]);
    git(&tpl, &["tag", "v2.0.0"]);
    for extra in [&["--data", "token=hunter2"][..], &[][..]] {
        git(&proj, &["reset", "-q", "--hard"]);
        let out = sb
            .jig()
            .current_dir(&proj)
            .arg("update")
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            read(&proj.join("config.txt")),
            "a: 1\ntoken: hunter2\nb: 7\nc: 3\n"
        );
        assert!(!read(&proj.join(".copier-answers.yml")).contains("hunter2"));
    }
}
