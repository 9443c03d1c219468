//! `jig update` scenarios about answers and blueprint-declared behaviour: renamed questions,
//! migrations, secrets and create-once files.

use crate::common::*;
use crate::lifecycle::*;

/// A blueprint asking `team` and writing it to OWNERS, and a project made from it.
fn owners_blueprint(extra: &[&str]) -> (Sandbox, BlueprintRepo, std::path::PathBuf) {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    let files: &[(&str, &[u8])] = &[("OWNERS", b"{{ team }}\n")];
    bp.release("1.0.0", "  team:\n    default: ml\n", "", files);
    let project = make_project(&sb, &bp.at("^1"), extra);
    (sb, bp, project)
}

#[test]
fn a_renamed_question_keeps_its_answer_and_new_questions_take_their_default() {
    let (sb, bp, project) = owners_blueprint(&["--data", "team=fraud"]);
    let questions =
        "  owner:\n    default: nobody\n    renamed_from: team\n  python:\n    default: \"3.12\"\n";
    bp.release(
        "1.1.0",
        questions,
        "",
        &[("OWNERS", b"{{ owner }}\n"), ("pyver", b"{{ python }}\n")],
    );

    let (code, report, err) = update_json(&sb, &project, &["--data", "python=3.11"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        report["answers"]["renamed"],
        serde_json::json!([["team", "owner"]])
    );
    assert_eq!(report["answers"]["dropped"], serde_json::json!([]));
    assert_eq!(report["answers"]["added"], serde_json::json!(["python"]));
    assert_eq!(read(&project.join("OWNERS")), "fraud\n");
    assert_eq!(read(&project.join("pyver")), "3.11\n");
    let recorded = answers(&project, "svc");
    assert_eq!(recorded["answers"]["owner"].as_str(), Some("fraud"));
    assert_eq!(recorded["answers"]["python"].as_str(), Some("3.11"));
    assert!(recorded["answers"].get("team").is_none(), "{recorded:?}");
}

#[test]
fn the_same_version_with_changed_answers_is_re_applied() {
    let (sb, _bp, project) = owners_blueprint(&[]);
    let (code, report, err) = update_json(&sb, &project, &["--data", "team=risk"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (report["from"].as_str(), report["to"].as_str()),
        (Some("1.0.0"), Some("1.0.0"))
    );
    assert_eq!(report["answers"]["changed"], serde_json::json!(["team"]));
    assert_eq!(outcomes(&report), pairs(&[("OWNERS", "updated")]));
    assert_eq!(read(&project.join("OWNERS")), "risk\n");
    assert_eq!(
        answers(&project, "svc")["answers"]["team"].as_str(),
        Some("risk")
    );
}

const MIGRATE: &[u8] = b"#!/bin/sh\nset -e\nmkdir -p app\nmv src/app.py app/main.py\nrmdir src\nsed -i 's/^  team:/  owner:/' \"$JIG_ANSWERS_FILE\"\necho \"$JIG_VERSION_FROM->$JIG_VERSION_TO\" > ../migrated-$(basename \"$PWD\")\n";

#[test]
fn a_migration_carries_local_edits_through_a_rename() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release(
        "1.0.0",
        "  team:\n    default: ml\n",
        "",
        &[("src/app.py", b"# {{ team }}\nline2\nline3\nline4\n")],
    );
    let project = make_project(&sb, &bp.at("^1"), &[]);
    write(
        &project.join("src/app.py"),
        b"# ml\nline2 ours\nline3\nline4\n",
    );
    commit_all(&project, "ours");
    write(&bp.dir.join("migrations/2.sh"), MIGRATE);
    let extra = "migrations:\n  - version: 2.0.0\n    script: migrations/2.sh\n";
    bp.release(
        "2.0.0",
        "  owner:\n    default: x\n",
        extra,
        &[("app/main.py", b"# {{ owner }}\nline2\nline3\nline4 v2\n")],
    );

    // Untrusted: refused before anything happens.
    let before = tree(&project);
    let (code, _, err) = update_json(&sb, &project, &["--to", "2.0.0"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("would run: migrations/2.sh (before the merge, for 2.0.0)"),
        "{err}"
    );
    assert_eq!(tree(&project), before);

    let (code, report, err) = update_json(&sb, &project, &["--to", "2.0.0", "--trust"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        report["migrations"],
        serde_json::json!(["migrations/2.sh (before the merge, for 2.0.0)"])
    );
    assert_eq!(outcomes(&report), pairs(&[("app/main.py", "merged")]));
    assert_eq!(
        read(&project.join("app/main.py")),
        "# ml\nline2 ours\nline3\nline4 v2\n"
    );
    assert!(!project.join("src").exists());
    assert_eq!(
        answers(&project, "svc")["answers"]["owner"].as_str(),
        Some("ml")
    );
    assert_eq!(read(&sb.out().join("migrated-app")), "1.0.0->2.0.0\n");
}

#[test]
fn a_failing_migration_restores_the_project() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", "", "", &[("a.txt", b"a\n")]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    write(
        &bp.dir.join("m.sh"),
        b"#!/bin/sh\nrm a.txt\necho junk > junk.txt\necho 'cannot migrate' >&2\nexit 3\n",
    );
    bp.release(
        "1.1.0",
        "",
        "migrations:\n  - version: 1.1.0\n    script: m.sh\n",
        &[("a.txt", b"a2\n")],
    );
    let (code, _, err) = update_json(&sb, &project, &["--trust"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("before_update hook `m.sh` failed with exit code 3"),
        "{err}"
    );
    assert!(err.contains("cannot migrate"), "{err}");
    assert!(err.contains("restored to its last commit"), "{err}");
    assert_eq!(tree(&project), [".jig/", ".jig/svc.yaml", "a.txt"]);
    assert!(status(&project).is_empty(), "{:?}", status(&project));
    assert_eq!(answers(&project, "svc")["version"].as_str(), Some("1.0.0"));
}

#[test]
fn secrets_are_never_recorded_and_match_any_value() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    let q = "  token:\n    type: secret\n    validate:\n      - regex: '^tok-'\n        message: starts with tok-\n";
    bp.release(
        "1.0.0",
        q,
        "",
        &[("env", b"TOKEN={{ token }}\nLEVEL=info\n")],
    );
    let project = make_project(&sb, &bp.at("^1"), &["--data", "token=tok-s3cr3t"]);
    assert!(!read(&project.join(".jig/svc.yaml")).contains("s3cr3t"));
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(states(&report), pairs(&[("env", "in-sync")]));
    write(&project.join("env"), b"TOKEN=tok-other\nLEVEL=debug\n");
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 11);
    assert_eq!(states(&report), pairs(&[("env", "modified")]));
    write(&project.join("env"), b"TOKEN=tok-s3cr3t\nLEVEL=info\n");

    // A change elsewhere merges around the secret.
    bp.release(
        "1.1.0",
        q,
        "",
        &[("env", b"TOKEN={{ token }}\nLEVEL=warn\n")],
    );
    let (code, _, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&project.join("env")), "TOKEN=tok-s3cr3t\nLEVEL=warn\n");
    commit_all(&project, "1.1.0");

    // A new use of the secret takes the value the working tree still holds.
    bp.release(
        "1.1.1",
        q,
        "",
        &[
            ("env", b"TOKEN={{ token }}\nLEVEL=warn\n"),
            ("token.txt", b"{{ token }}\n"),
        ],
    );
    let (code, _, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&project.join("token.txt")), "tok-s3cr3t\n");
    // Once no file shows it any more, it must be given: refused without, written with --data.
    std::fs::remove_file(project.join("token.txt")).unwrap();
    write(&project.join("env"), b"LEVEL=warn\n");
    commit_all(&project, "token from the environment");
    bp.release(
        "1.2.0",
        q,
        "",
        &[
            ("env", b"TOKEN={{ token }}\nLEVEL=warn\n"),
            ("token.txt", b"{{ token }}\n"),
            ("token2.txt", b"{{ token }}\n"),
        ],
    );
    let (code, _, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the update needs the secret answer `token`")
            && err.contains("needed by: token2.txt"),
        "{err}"
    );
    assert!(
        status(&project).is_empty(),
        "nothing written: {:?}",
        status(&project)
    );
    let (code, _, err) = update_json(&sb, &project, &["--data", "token=tok-n3w"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&project.join("token2.txt")), "tok-n3w\n");
    assert_eq!(read(&project.join("env")), "LEVEL=warn\n");
    assert!(!read(&project.join(".jig/svc.yaml")).contains("s3cr3t"));
}

#[test]
fn create_once_files_belong_to_the_team() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    let rules = "files:\n  create_once: [\"*.env\"]\n";
    bp.release(
        "1.0.0",
        "",
        rules,
        &[("local.env", b"A=1\n"), ("dev.env", b"B=1\n")],
    );
    let project = make_project(&sb, &bp.at("^1"), &[]);
    write(&project.join("local.env"), b"A=ours\n");
    std::fs::remove_file(project.join("dev.env")).unwrap();
    commit_all(&project, "ours");
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0, "create-once files are not drift: {report}");
    assert_eq!(
        states(&report),
        pairs(&[("dev.env", "create-once"), ("local.env", "create-once")])
    );

    bp.release(
        "1.1.0",
        "",
        rules,
        &[
            ("local.env", b"A=2\n"),
            ("dev.env", b"B=2\n"),
            ("new.env", b"C=1\n"),
        ],
    );
    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        outcomes(&report),
        pairs(&[
            ("dev.env", "kept-deleted"),
            ("local.env", "create-once"),
            ("new.env", "added")
        ])
    );
    assert_eq!(read(&project.join("local.env")), "A=ours\n");
    assert!(!project.join("dev.env").exists());
    assert_eq!(read(&project.join("new.env")), "C=1\n");
}

#[test]
fn in_a_terminal_only_new_questions_are_asked() {
    use expectrl::Expect;
    let (sb, bp, project) = owners_blueprint(&["--data", "team=fraud"]);
    let questions =
        "  team:\n    default: ml\n  python:\n    prompt: Python version\n    default: \"3.12\"\n";
    bp.release(
        "1.1.0",
        questions,
        "",
        &[("OWNERS", b"{{ team }}\n"), ("pyver", b"{{ python }}\n")],
    );
    let mut s = sb.pty_jig(&["update", project.to_str().unwrap()]);
    s.expect("Python version").unwrap();
    s.send_line("3.13").unwrap();
    s.expect("Updated").unwrap();
    s.expect(expectrl::Eof).unwrap();
    assert_eq!(read(&project.join("pyver")), "3.13\n");
    assert_eq!(
        read(&project.join("OWNERS")),
        "fraud\n",
        "the recorded answer is kept, not asked"
    );
    let recorded = answers(&project, "svc");
    assert_eq!(recorded["answers"]["python"].as_str(), Some("3.13"));
}
