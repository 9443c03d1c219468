//! `jig update` scenarios on real git repositories: each asserts the exit code, the JSON
//! report, and the exact resulting tree and git index.

use crate::common::*;
use crate::lifecycle::*;

const TEAM: &str = "  team:\n    default: ml\n";

fn v1() -> Vec<(&'static str, &'static [u8])> {
    vec![
        (
            "config.yaml",
            b"name: {{ project_slug }}\nteam: {{ team }}\nretries: 3\ntimeout: 10\nregion: eu\n",
        ),
        ("src/app.py", b"print('{{ project_slug }}')\n"),
        ("docs/old.md", b"old page\n"),
        ("docs/guide.md", b"guide\n"),
        ("logo.bin", b"\x00\x01logo-v1"),
    ]
}

fn setup() -> (Sandbox, BlueprintRepo, std::path::PathBuf) {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", TEAM, "", &v1());
    let project = make_project(&sb, &bp.at("^1"), &[]);
    (sb, bp, project)
}

/// The team sets `retries: 5` (committed) while `version` of the blueprint sets 4.
fn overlapping_edits(bp: &BlueprintRepo, project: &std::path::Path, version: &str) {
    let config = b"name: app\nteam: ml\nretries: 5\ntimeout: 10\nregion: eu\n";
    write(&project.join("config.yaml"), config);
    commit_all(project, "more retries");
    let mut next = v1();
    next[0].1 =
        b"name: {{ project_slug }}\nteam: {{ team }}\nretries: 4\ntimeout: 10\nregion: eu\n";
    bp.release(version, TEAM, "", &next);
}

#[test]
fn a_clean_merge_keeps_local_edits_and_applies_the_blueprint() {
    let (sb, bp, project) = setup();
    // The team: edits a line, deletes a page on purpose, edits a page v2 removes, adds a file.
    write(
        &project.join("config.yaml"),
        b"name: app\nteam: ml\nretries: 5\ntimeout: 10\nregion: eu\n",
    );
    std::fs::remove_file(project.join("docs/guide.md")).unwrap();
    write(&project.join("docs/old.md"), b"old page, with our notes\n");
    write(&project.join("src/ours.py"), b"ours\n");
    commit_all(&project, "team work");
    // v2: changes another line, removes the old page, changes the guide, adds a file.
    let mut v2 = v1();
    v2[0].1 = b"name: {{ project_slug }}\nteam: {{ team }}\nretries: 3\ntimeout: 10\nregion: us\n";
    v2.retain(|(p, _)| *p != "docs/old.md");
    v2[2].1 = b"guide, second edition\n";
    v2.push(("ci.yml", b"on: push\n"));
    bp.release("1.1.0", TEAM, "", &v2);

    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (report["from"].as_str(), report["to"].as_str()),
        (Some("1.0.0"), Some("1.1.0"))
    );
    assert_eq!(
        outcomes(&report),
        pairs(&[
            ("ci.yml", "added"),
            ("config.yaml", "merged"),
            ("docs/guide.md", "kept-deleted"),
            ("docs/old.md", "kept-changed")
        ])
    );
    assert_eq!(report["conflicts"], serde_json::json!([]));
    assert_eq!(
        read(&project.join("config.yaml")),
        "name: app\nteam: ml\nretries: 5\ntimeout: 10\nregion: us\n"
    );
    assert_eq!(
        tree(&project),
        [
            ".jig/",
            ".jig/svc.yaml",
            "ci.yml",
            "config.yaml",
            "docs/",
            "docs/old.md",
            "logo.bin",
            "src/",
            "src/app.py",
            "src/ours.py"
        ]
    );
    assert_eq!(
        status(&project),
        [" M .jig/svc.yaml", " M config.yaml", "?? ci.yml"]
    );
    let recorded = answers(&project, "svc");
    assert_eq!(recorded["version"].as_str(), Some("1.1.0"));
    assert_eq!(recorded["source"].as_str(), Some(bp.at("^1").as_str()));
    assert_eq!(recorded["ref"].as_str(), Some("refs/tags/v1.1.0"));
    // Now the project matches 1.1.0, apart from the team's own edit and deletion.
    commit_all(&project, "update");
    let (code, check) = check_json(&sb, &project, &[]);
    assert_eq!(code, 11, "{check}");
    assert_eq!(
        states(&check),
        pairs(&[
            ("ci.yml", "in-sync"),
            ("config.yaml", "modified"),
            ("docs/guide.md", "missing"),
            ("logo.bin", "in-sync"),
            ("src/app.py", "in-sync")
        ])
    );
}

#[test]
fn removed_files_go_when_unchanged_and_pretend_writes_nothing() {
    let (sb, bp, project) = setup();
    let mut v2 = v1();
    v2.retain(|(p, _)| *p != "docs/old.md");
    bp.release("1.1.0", TEAM, "", &v2);
    let before = tree(&project);
    let (code, report, _) = update_json(&sb, &project, &["--pretend"]);
    assert_eq!(code, 0);
    assert_eq!(report["pretend"], true);
    assert_eq!(outcomes(&report), pairs(&[("docs/old.md", "removed")]));
    assert_eq!(tree(&project), before);
    assert!(status(&project).is_empty());

    let (code, _, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!project.join("docs/old.md").exists());
    assert_eq!(status(&project), [" D docs/old.md", " M .jig/svc.yaml"]);
}

#[test]
fn a_conflicting_edit_is_marked_in_the_file_and_the_index_and_fails() {
    let (sb, bp, project) = setup();
    overlapping_edits(&bp, &project, "2.0.0");

    let (code, report, err) = update_json(&sb, &project, &["--to", "2.0.0"]);
    assert_eq!(code, 5, "conflicts exit 5: {err}");
    assert_eq!(report["conflicts"], serde_json::json!(["config.yaml"]));
    assert_eq!(outcomes(&report), pairs(&[("config.yaml", "conflict")]));
    assert_eq!(
        read(&project.join("config.yaml")),
        "name: app\nteam: ml\n<<<<<<< local changes\nretries: 5\n=======\nretries: 4\n>>>>>>> svc 2.0.0\ntimeout: 10\nregion: eu\n"
    );
    // As `git merge` leaves it: what merged cleanly (the answers file here) is staged.
    assert_eq!(status(&project), ["M  .jig/svc.yaml", "UU config.yaml"]);
    let stages: Vec<String> = git(&project, &["ls-files", "-s", "config.yaml"])
        .lines()
        .map(|l| l.split_whitespace().nth(2).unwrap().to_string())
        .collect();
    assert_eq!(stages, ["1", "2", "3"]);
    let theirs = git(&project, &["show", ":3:config.yaml"]);
    assert_eq!(
        theirs,
        "name: app\nteam: ml\nretries: 4\ntimeout: 10\nregion: eu"
    );
    // The answers file moved on (the merge state is marked), its requirement moved to 2.x.
    let recorded = answers(&project, "svc");
    assert_eq!(recorded["version"].as_str(), Some("2.0.0"));
    assert_eq!(recorded["source"].as_str(), Some(bp.at("^2").as_str()));
    // A second update refuses the unresolved tree.
    let (code, _, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("uncommitted changes") && err.contains("config.yaml"),
        "{err}"
    );
    // The hint is all that is left to do: resolve, `git add` the file, commit.
    write(
        &project.join("config.yaml"),
        b"name: app\nteam: ml\nretries: 5\ntimeout: 10\nregion: eu\n",
    );
    git(&project, &["add", "config.yaml"]);
    git(&project, &["commit", "-qm", "update to 2.0.0"]);
    assert_eq!(status(&project), Vec::<String>::new());
}

#[test]
fn rej_mode_takes_the_new_version_and_keeps_the_local_hunk_aside() {
    let (sb, bp, project) = setup();
    overlapping_edits(&bp, &project, "1.1.0");
    let (code, report, err) = update_json(&sb, &project, &["--conflict", "rej"]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(report["rej_files"], serde_json::json!(["config.yaml.rej"]));
    assert_eq!(
        read(&project.join("config.yaml")),
        "name: app\nteam: ml\nretries: 4\ntimeout: 10\nregion: eu\n"
    );
    let rej = read(&project.join("config.yaml.rej"));
    assert!(
        rej.contains("--- a/config.yaml\n+++ b/config.yaml\n"),
        "{rej}"
    );
    assert!(rej.contains("-retries: 4\n+retries: 5\n"), "{rej}");
    assert_eq!(
        status(&project),
        [" M .jig/svc.yaml", " M config.yaml", "?? config.yaml.rej"]
    );
}

#[test]
fn binaries_follow_the_newer_side_unless_both_changed() {
    let (sb, bp, project) = setup();
    let mut v2 = v1();
    v2[4].1 = b"\x00\x01logo-v2";
    bp.release("1.1.0", TEAM, "", &v2);
    let (code, report, err) = update_json(&sb, &project, &["--pretend"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(outcomes(&report), pairs(&[("logo.bin", "updated")]));

    write(&project.join("logo.bin"), b"\x00\x01logo-ours");
    commit_all(&project, "our logo");
    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(outcomes(&report), pairs(&[("logo.bin", "conflict")]));
    assert_eq!(
        std::fs::read(project.join("logo.bin")).unwrap(),
        b"\x00\x01logo-ours"
    );
    assert_eq!(status(&project), ["M  .jig/svc.yaml", "UU logo.bin"]);
    assert_eq!(
        git(&project, &["show", ":3:logo.bin"]).as_bytes(),
        b"\x00\x01logo-v2"
    );
}

#[test]
fn files_added_on_both_sides_merge_or_conflict() {
    let (sb, bp, project) = setup();
    write(&project.join("ci.yml"), b"on: push\n");
    write(&project.join("Makefile"), b"test:\n\tpytest\n");
    commit_all(&project, "our ci");
    let mut v2 = v1();
    v2.push(("ci.yml", b"on: push\n"));
    v2.push(("Makefile", b"test:\n\tpytest -q\n"));
    bp.release("1.1.0", TEAM, "", &v2);
    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 5, "{err}");
    // Identical additions are nothing to do; different ones conflict with no base.
    assert_eq!(outcomes(&report), pairs(&[("Makefile", "conflict")]));
    assert_eq!(status(&project), ["AA Makefile", "M  .jig/svc.yaml"]);
    let text = read(&project.join("Makefile"));
    assert!(
        text.contains("<<<<<<< local changes\n")
            && text.contains("\tpytest -q\n>>>>>>> svc 1.1.0\n"),
        "{text}"
    );
}

#[test]
fn a_dirty_tree_is_refused_and_left_alone() {
    let (sb, bp, project) = setup();
    let mut v2 = v1();
    v2.push(("ci.yml", b"on: push\n"));
    bp.release("1.1.0", TEAM, "", &v2);
    write(&project.join("src/app.py"), b"uncommitted\n");
    let before = tree(&project);
    let (code, _, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error: the working tree has uncommitted changes\n  src/app.py\n"),
        "{err}"
    );
    assert!(err.contains("--allow-dirty"), "{err}");
    assert_eq!(tree(&project), before);
    assert_eq!(answers(&project, "svc")["version"].as_str(), Some("1.0.0"));
    let (code, _, err) = update_json(&sb, &project, &["--allow-dirty"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&project.join("src/app.py")), "uncommitted\n");
    assert!(project.join("ci.yml").is_file());
}

#[test]
fn a_downgrade_is_refused() {
    let (sb, bp, project) = setup();
    bp.release("1.1.0", TEAM, "", &v1());
    let (code, _, _) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0);
    commit_all(&project, "update");
    let (code, _, err) = update_json(&sb, &project, &["--to", "1.0.0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("svc 1.1.0 -> 1.0.0 is a downgrade"), "{err}");
}

/// A first-party blueprint has a version: an up-to-date project says so, by number.
#[test]
fn an_up_to_date_first_party_project_says_up_to_date() {
    let sb = Sandbox::new();
    let made = sb
        .jig()
        .args([
            "new",
            "sagemaker-mlops",
            "--defaults",
            "--no-hooks",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let project = sb.out().join("churn-model");
    let out = sb
        .jig()
        .current_dir(&project)
        .arg("update")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "  Up to date sagemaker-mlops 1.0.0 (.jig/sagemaker-mlops.yaml)\n"
    );
}
