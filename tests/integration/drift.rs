//! `jig check` and `jig diff` on real projects made from a real blueprint repository.

use crate::common::*;
use crate::lifecycle::*;

const V1: &[(&str, &[u8])] = &[
    (
        "config.yaml",
        b"name: {{ project_slug }}\nteam: {{ team }}\nretries: 3\n",
    ),
    ("src/app.py", b"print('{{ project_slug }}')\n"),
    ("NOTES.md", b"# Notes\n"),
];
const TEAM: &str = "  team:\n    default: ml\n";
const CREATE_ONCE: &str = "files:\n  create_once: [NOTES.md]\n";

fn setup() -> (Sandbox, BlueprintRepo, std::path::PathBuf) {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", TEAM, CREATE_ONCE, V1);
    let project = make_project(&sb, &bp.at("latest"), &[]);
    (sb, bp, project)
}

#[test]
fn a_fresh_project_is_clean_and_check_changes_nothing() {
    let (sb, _bp, project) = setup();
    let before = tree(&project);
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["schema"], "jig.check/v1");
    assert_eq!(report["status"], "clean");
    let b = &report["blueprints"][0];
    assert_eq!(b["blueprint"], "svc");
    assert_eq!(b["version"]["status"], "up-to-date");
    assert_eq!(b["version"]["current"], "1.0.0");
    assert_eq!(b["content"]["status"], "in-sync");
    assert_eq!(
        states(&report),
        pairs(&[
            ("NOTES.md", "create-once"),
            ("config.yaml", "in-sync"),
            ("src/app.py", "in-sync")
        ])
    );
    assert_eq!(report["unmanaged"], serde_json::json!([]));
    assert_eq!(tree(&project), before);
    assert!(status(&project).is_empty(), "{:?}", status(&project));
}

#[test]
fn drift_is_reported_per_file_with_its_own_exit_code() {
    let (sb, _bp, project) = setup();
    write(
        &project.join("config.yaml"),
        b"name: app\nteam: ml\nretries: 5\n",
    );
    std::fs::remove_file(project.join("src/app.py")).unwrap();
    write(&project.join("NOTES.md"), b"# Our notes\n");
    write(&project.join("src/extra.py"), b"x = 1\n");
    write(&project.join(".gitignore"), b"*.log\n");
    write(&project.join("debug.log"), b"ignored\n");

    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 11, "diverged: {report}");
    assert_eq!(report["status"], "diverged");
    assert_eq!(
        states(&report),
        pairs(&[
            ("NOTES.md", "create-once"),
            ("config.yaml", "modified"),
            ("src/app.py", "missing")
        ])
    );
    assert_eq!(
        report["unmanaged"],
        serde_json::json!([".gitignore", "src/extra.py"])
    );

    let (code, out, _) = jig_in(&sb, &project, &["check"]);
    assert_eq!(code, 11);
    assert!(out.contains("    modified  config.yaml\n"), "{out}");
    assert!(out.contains("    missing   src/app.py\n"), "{out}");
    assert!(out.contains("status: diverged"), "{out}");

    let (code, out, _) = jig_in(&sb, &project, &["check", "--format", "github"]);
    assert_eq!(code, 11);
    assert!(out.contains("::error file=config.yaml,title=jig: modified::config.yaml differs from blueprint svc 1.0.0"), "{out}");
    assert!(
        out.contains("::error file=src/app.py,title=jig: missing::"),
        "{out}"
    );

    let (code, out, _) = jig_in(&sb, &project, &["check", "--format", "sarif"]);
    assert_eq!(code, 11);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["jig/modified", "jig/missing"]);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "config.yaml"
    );

    let (code, out, _) = jig_in(&sb, &project, &["diff", "--exit-code"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "diff --git a/config.yaml b/config.yaml\n--- a/config.yaml\n+++ b/config.yaml\n@@ -1,3 +1,3 @@\n name: app\n team: ml\n-retries: 3\n+retries: 5\ndiff --git a/src/app.py b/src/app.py\ndeleted file mode 100644\n--- a/src/app.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-print('app')\n"
    );
}

#[test]
fn behind_follows_the_requirement_and_the_policy_flags() {
    let (sb, bp, project) = setup();
    bp.release("1.1.0", TEAM, CREATE_ONCE, V1);
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 10, "{report}");
    assert_eq!(report["status"], "behind");
    let v = &report["blueprints"][0]["version"];
    assert_eq!(
        (
            v["status"].as_str(),
            v["current"].as_str(),
            v["latest"].as_str()
        ),
        (Some("behind"), Some("1.0.0"), Some("1.1.0"))
    );
    assert_eq!(report["blueprints"][0]["content"]["status"], "in-sync");

    let (code, report) = check_json(&sb, &project, &["--allow-minor"]);
    assert_eq!(code, 0, "a minor lag is allowed: {report}");
    assert_eq!(report["blueprints"][0]["version"]["allowed"], true);
    let (code, _) = check_json(&sb, &project, &["--allow-patch"]);
    assert_eq!(code, 10, "a minor lag is more than --allow-patch allows");

    bp.release("2.0.0", TEAM, CREATE_ONCE, V1);
    let (code, _) = check_json(&sb, &project, &["--allow-minor"]);
    assert_eq!(code, 10, "a major lag is more than --allow-minor allows");

    write(&project.join("src/app.py"), b"changed\n");
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 12, "behind and diverged: {report}");
    assert_eq!(report["status"], "behind-and-diverged");

    // `diff --upstream` shows what 2.0.0 would bring: nothing in the files here.
    let (code, out, _) = jig_in(&sb, &project, &["diff", "--upstream", "--exit-code"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn check_works_offline_from_the_cache_and_fails_as_an_error_without_it() {
    let (sb, bp, project) = setup();
    let (code, _) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0);
    let moved = sb.path().join("moved-away");
    std::fs::rename(&bp.dir, &moved).unwrap();
    let (code, report) = check_json(&sb, &project, &["--offline"]);
    assert_eq!(code, 0, "the cache answers: {report}");
    std::fs::remove_dir_all(sb.path().join("cache")).unwrap();
    let (code, report) = check_json(&sb, &project, &["--offline"]);
    assert_eq!(code, 1, "nothing cached is an error, not drift: {report}");
    assert_eq!(report["status"], "error");
    assert_eq!(report["blueprints"][0]["content"]["status"], "unknown");
    let detail = report["blueprints"][0]["content"]["detail"]
        .as_str()
        .unwrap();
    assert!(
        detail.contains("--offline") || detail.contains("cache"),
        "{detail}"
    );
}

#[test]
fn upstream_diff_shows_the_next_version() {
    let (sb, bp, project) = setup();
    let v2: &[(&str, &[u8])] = &[
        (
            "config.yaml",
            b"name: {{ project_slug }}\nteam: {{ team }}\nretries: 4\n",
        ),
        ("src/app.py", b"print('{{ project_slug }}')\n"),
        ("NOTES.md", b"# Notes\n"),
        ("ci.yml", b"on: push\n"),
    ];
    bp.release("1.1.0", TEAM, CREATE_ONCE, v2);
    let (code, out, err) = jig_in(&sb, &project, &["diff", "--upstream"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("diff --git a/ci.yml b/ci.yml\nnew file mode 100644\n--- /dev/null\n+++ b/ci.yml\n@@ -0,0 +1 @@\n+on: push\n"), "{out}");
    assert!(out.contains("-retries: 3\n+retries: 4\n"), "{out}");
    // The local diff is empty: the project matches 1.0.0.
    let (code, out, _) = jig_in(&sb, &project, &["diff", "--exit-code"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

/// A project pinned to a version is up to date with its requirement, and check still says
/// that a newer release is out, so a platform team sees who is pinned behind.
#[test]
fn check_reports_the_newest_release_beyond_a_pinned_requirement() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", TEAM, CREATE_ONCE, V1);
    let project = make_project(&sb, &bp.at("1.0.0"), &[]);
    bp.release("2.0.0", TEAM, CREATE_ONCE, V1);
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{report}");
    let v = &report["blueprints"][0]["version"];
    assert_eq!(v["status"], "up-to-date");
    assert_eq!(v["latest"], "1.0.0");
    assert_eq!(v["newest"], "2.0.0");
    let out = sb
        .jig()
        .current_dir(&project)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("  version  up-to-date; 2.0.0 is out (outside @1.0.0)\n"),
        "{}",
        stdout(&out)
    );
}
