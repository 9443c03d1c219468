//! `jig update --to` and what the update path says about versions: the requirement moves
//! with the project (`^1` -> `^2`) unless `--pin`, a question new in the target version needs
//! an answer when there is no terminal, releases outside the requirement are named with the
//! command that takes them, and `--pretend` never talks as if it had written anything.

use crate::common::*;
use crate::lifecycle::*;

/// A blueprint released as 1.0.0 and 2.0.0 (README says which), and a project made at `^1`.
fn two_majors() -> (Sandbox, BlueprintRepo, std::path::PathBuf) {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", "", "", &[("README", b"one\n")]);
    bp.release("2.0.0", "", "", &[("README", b"two\n")]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    (sb, bp, project)
}

#[test]
fn update_to_a_new_major_moves_the_requirement_and_follows_its_releases() {
    let (sb, bp, project) = two_majors();
    let (code, out, err) = jig_in(&sb, &project, &["update", "--to", "2.0.0"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "    Updating svc 1.0.0 -> 2.0.0 (.jig/svc.yaml)\n  updated       README\n  requirement ^1 -> ^2\n     Updated svc to 2.0.0; review with `git diff`, then commit\n"
    );
    assert_eq!(
        answers(&project, "svc")["source"].as_str(),
        Some(bp.at("^2").as_str())
    );
    commit_all(&project, "svc 2.0.0");

    bp.release("2.1.0", "", "", &[("README", b"two, one\n")]);
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 10, "{report}");
    let version = &report["blueprints"][0]["version"];
    assert_eq!(version["status"], "behind");
    assert_eq!(version["requirement"], "^2");
    assert_eq!(version["latest"], "2.1.0");
    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report["to"], "2.1.0");
    assert_eq!(read(&project.join("README")), "two, one\n");
}

#[test]
fn update_to_a_version_the_requirement_allows_leaves_it_alone() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", "", "", &[("README", b"one\n")]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    bp.release("1.1.0", "", "", &[("README", b"one, one\n")]);
    bp.release("1.2.0", "", "", &[("README", b"one, two\n")]);
    let (code, report, err) = update_json(&sb, &project, &["--to", "1.1.0"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report["to"], "1.1.0");
    assert_eq!(report["requirement"], serde_json::Value::Null);
    assert_eq!(
        answers(&project, "svc")["source"].as_str(),
        Some(bp.at("^1").as_str())
    );
}

#[test]
fn pin_records_the_exact_version_and_an_exact_pin_moves_as_a_pin() {
    let (sb, bp, project) = two_majors();
    let (code, report, err) = update_json(&sb, &project, &["--to", "2.0.0", "--pin"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        report["requirement"],
        serde_json::json!({"from": "^1", "to": "2.0.0"})
    );
    assert_eq!(
        answers(&project, "svc")["source"].as_str(),
        Some(bp.at("2.0.0").as_str())
    );
    commit_all(&project, "pinned");
    bp.release("2.1.0", "", "", &[("README", b"two, one\n")]);
    bp.release("3.0.0", "", "", &[("README", b"three\n")]);
    // Pinned: nothing newer is taken without --to, and a move keeps the pin.
    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!((code, report["to"].as_str()), (0, Some("2.0.0")), "{err}");
    let (code, report, err) = update_json(&sb, &project, &["--to", "3.0.0"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        report["requirement"],
        serde_json::json!({"from": "2.0.0", "to": "3.0.0"})
    );
    assert_eq!(
        answers(&project, "svc")["source"].as_str(),
        Some(bp.at("3.0.0").as_str())
    );
}

#[test]
fn without_a_terminal_a_new_question_needs_an_answer_unless_defaults() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", "", "", &[("README", b"one\n")]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    let questions =
        "  team:\n    prompt: Owning team\n    default: ml\n  region:\n    default: eu\n";
    bp.release(
        "1.1.0",
        questions,
        "",
        &[("OWNERS", b"{{ team }} {{ region }}\n")],
    );
    let before = tree(&project);

    let (code, out, err) = jig_in(&sb, &project, &["update"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: questions without an answer, and no terminal to ask them in\n  team: pass --data team=VALUE\n  region: pass --data region=VALUE\nhint: pass --defaults to take every question's default\n"
    );
    assert_eq!(tree(&project), before);
    assert!(status(&project).is_empty());

    let (code, _, err) = jig_in(&sb, &project, &["update", "--data", "team=fraud"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("  region: pass --data region=VALUE\n"),
        "{err}"
    );
    assert!(!err.contains("team:"), "{err}");

    let (code, _, err) = jig_in(
        &sb,
        &project,
        &["update", "--data", "team=fraud", "--defaults"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&project.join("OWNERS")), "fraud eu\n");
}

#[test]
fn a_release_outside_the_requirement_is_named_with_the_command_that_takes_it() {
    let (sb, _bp, project) = two_majors();
    let (code, out, err) = jig_in(&sb, &project, &["diff", "--upstream", "--exit-code"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(
        err,
        "note: 2.0.0 is out, outside ^1: `jig diff --upstream --to 2.0.0` shows it, `jig update --to 2.0.0` takes it\n"
    );
    let (code, out, err) = jig_in(&sb, &project, &["update", "--pretend"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(
        err,
        "  Up to date svc 1.0.0 (.jig/svc.yaml)\nnote: 2.0.0 is out, outside ^1: `jig update --to 2.0.0` takes it\n"
    );
    let (_, report, _) = update_json(&sb, &project, &["--pretend"]);
    assert_eq!(
        report["outside"],
        serde_json::json!({"version": "2.0.0", "requirement": "^1"})
    );
}

#[test]
fn pretend_on_a_conflicting_update_names_the_files_and_writes_nothing() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", "", "", &[("config.yaml", b"retries: 3\n")]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    write(&project.join("config.yaml"), b"retries: 5\n");
    commit_all(&project, "more retries");
    bp.release("1.1.0", "", "", &[("config.yaml", b"retries: 4\n")]);
    let before = tree(&project);

    let (code, out, err) = jig_in(&sb, &project, &["update", "--pretend"]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "Would update svc 1.0.0 -> 1.1.0 (.jig/svc.yaml)\n  conflict      config.yaml\nwarning: 1 file would conflict: config.yaml; nothing was written (without --pretend it gets conflict markers to resolve)\n"
    );
    assert_eq!(tree(&project), before);
    assert!(status(&project).is_empty());
}

/// A Copier project records the tag (`v1.0.0`); the summary shows versions alike.
#[test]
fn the_summary_shows_a_copier_tag_as_its_version() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    write(
        &tpl.join("copier.yml"),
        b"name:\n  type: str\n  default: demo\n",
    );
    write(&tpl.join("README.md.jinja"), b"# {{ name }}\n");
    write(
        &tpl.join("{{ _copier_conf.answers_file }}.jinja"),
        b"{{ _copier_answers|to_nice_yaml -}}\n",
    );
    git(&tpl, &["init", "-q", "-b", "main"]);
    git(&tpl, &["add", "-A"]);
    git(&tpl, &["commit", "-qm", "v1"]);
    git(&tpl, &["tag", "v1.0.0"]);
    let out = sb
        .jig()
        .args(["new", tpl.to_str().unwrap(), "proj", "--defaults"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    write(&tpl.join("README.md.jinja"), b"# {{ name }}, second\n");
    git(&tpl, &["commit", "-qam", "v2"]);
    git(&tpl, &["tag", "v2.0.0"]);

    let project = sb.path().join("proj");
    let (code, _, err) = jig_in(&sb, &project, &["update", "--pretend"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "Would update tpl 1.0.0 -> 2.0.0 (.copier-answers.yml)\n  updated       README.md\n"
    );
}
