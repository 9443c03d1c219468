//! Projects that are not (only) jig's: several blueprints in one repository, projects made by
//! cruft, and existing repositories linked with `jig adopt`.

use crate::common::*;
use crate::lifecycle::*;

#[test]
fn several_blueprints_in_one_repository_are_checked_and_updated_separately() {
    let sb = Sandbox::new();
    let svc = BlueprintRepo::new(&sb, "svc");
    svc.release("1.0.0", "", "", &[("app.py", b"app\n")]);
    let ci = BlueprintRepo::new(&sb, "ci");
    ci.release("1.0.0", "", "", &[(".github/ci.yml", b"v1\n")]);
    let project = make_project(&sb, &svc.at("^1"), &[]);
    make_project(&sb, &ci.at("^1"), &["--skip-if-exists"]);
    commit_all(&project, "add ci");

    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{report}");
    let names: Vec<&str> = report["blueprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["blueprint"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ci", "svc"]);
    assert_eq!(
        report["unmanaged"],
        serde_json::json!([]),
        "each blueprint's files are managed"
    );

    ci.release("1.1.0", "", "", &[(".github/ci.yml", b"v2\n")]);
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 10, "{report}");
    assert_eq!(report["blueprints"][0]["version"]["status"], "behind");
    assert_eq!(report["blueprints"][1]["version"]["status"], "up-to-date");

    let (code, _, err) = update_json(&sb, &project, &["--to", "1.1.0"]);
    assert_eq!(code, 2, "--to needs --blueprint here: {err}");
    assert!(
        err.contains("pass --blueprint with one of: ci, svc"),
        "{err}"
    );
    let (code, report, err) = update_json(&sb, &project, &["--blueprint", "ci"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(outcomes(&report), pairs(&[(".github/ci.yml", "updated")]));
    assert_eq!(status(&project), [" M .github/ci.yml", " M .jig/ci.yaml"]);
}

fn cookiecutter_repo(sb: &Sandbox, marker: &str) -> std::path::PathBuf {
    let dir = sb.path().join("cc-repo");
    let first = !dir.exists();
    write(
        &dir.join("cookiecutter.json"),
        b"{\"project_slug\": \"app\", \"team\": \"ml\"}\n",
    );
    write(
        &dir.join("{{cookiecutter.project_slug}}/config.yaml"),
        format!("team: {{{{ cookiecutter.team }}}}\n{marker}\n").as_bytes(),
    );
    if first {
        git(&dir, &["init", "-q", "-b", "main"]);
    }
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", marker]);
    dir
}

#[test]
fn a_cruft_project_is_checked_and_updated_as_it_is() {
    let sb = Sandbox::new();
    let repo = cookiecutter_repo(&sb, "first");
    let url = format!("file://{}", repo.display());
    let out = sb
        .jig()
        .args([
            "new",
            &format!("{url}@main"),
            "--defaults",
            "-o",
            "out",
            "--data",
            "team=risk",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let project = sb.out().join("app");
    // Make it look exactly like a cruft project: `.cruft.json`, no `.jig/`.
    std::fs::remove_dir_all(project.join(".jig")).unwrap();
    let commit = git(&repo, &["rev-parse", "HEAD"]);
    let cruft = serde_json::json!({
        "template": url, "commit": commit, "checkout": null,
        "context": {"cookiecutter": {"project_slug": "app", "team": "risk", "_template": url}},
        "directory": null, "skip": [".git"]
    });
    write(
        &project.join(".cruft.json"),
        serde_json::to_string_pretty(&cruft).unwrap().as_bytes(),
    );
    commit_all(&project, "cruft");

    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["blueprints"][0]["answers_file"], ".cruft.json");
    assert_eq!(states(&report), pairs(&[("config.yaml", "in-sync")]));

    cookiecutter_repo(&sb, "second");
    let (code, report) = check_json(&sb, &project, &[]);
    assert_eq!(code, 10, "a new template commit is behind: {report}");
    let (code, out, _) = jig_in(&sb, &project, &["diff", "--upstream"]);
    assert_eq!(code, 0);
    assert!(out.contains("-first\n+second\n"), "{out}");

    let (code, report, err) = update_json(&sb, &project, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(outcomes(&report), pairs(&[("config.yaml", "updated")]));
    assert_eq!(read(&project.join("config.yaml")), "team: risk\nsecond\n");
    let after: serde_json::Value =
        serde_json::from_str(&read(&project.join(".cruft.json"))).unwrap();
    assert_eq!(
        after["commit"].as_str(),
        Some(git(&repo, &["rev-parse", "HEAD"]).as_str())
    );
    assert_eq!(after["context"]["cookiecutter"]["team"], "risk");
    assert_eq!(
        after["skip"],
        serde_json::json!([".git"]),
        "cruft's own keys are kept"
    );
    assert!(!project.join(".jig").exists());
}

#[test]
fn adopt_links_an_existing_repository_and_shows_its_drift() {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release(
        "1.0.0",
        "  team:\n    default: ml\n",
        "",
        &[
            ("OWNERS", b"{{ team }}\n"),
            ("README.md", b"# {{ project_slug }}\n"),
        ],
    );
    let legacy = sb.path().join("legacy");
    write(&legacy.join("OWNERS"), b"risk\n");
    write(&legacy.join("README.md"), b"# legacy service\n");
    write(
        &legacy.join(".copier-answers.yml"),
        b"_src_path: gh:old/template\nteam: risk\nproject_slug: app\n",
    );
    git(&legacy, &["init", "-q"]);

    let (code, _, err) = jig_in(&sb, &legacy, &["adopt", &bp.at("1.0.0"), "--defaults"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 taken from"), "{err}");
    assert!(err.contains("1 in-sync, 1 modified, 0 missing"), "{err}");
    assert!(err.contains("modified  README.md"), "{err}");
    let recorded = answers(&legacy, "svc");
    assert_eq!(recorded["version"].as_str(), Some("1.0.0"));
    assert_eq!(recorded["answers"]["team"].as_str(), Some("risk"));
    assert_eq!(
        tree(&legacy),
        [
            ".copier-answers.yml",
            ".jig/",
            ".jig/svc.yaml",
            "OWNERS",
            "README.md"
        ]
    );

    let (code, report) = check_json(&sb, &legacy, &[]);
    assert_eq!(code, 11, "{report}");
    assert_eq!(
        states(&report),
        pairs(&[("OWNERS", "in-sync"), ("README.md", "modified")])
    );
    let (code, _, err) = jig_in(&sb, &legacy, &["adopt", &bp.at("1.0.0"), "--defaults"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("already linked through .jig/svc.yaml"),
        "{err}"
    );
}

#[test]
fn commands_outside_a_project_say_so() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("empty")).unwrap();
    for cmd in ["check", "diff", "update"] {
        let (code, _, err) = jig_in(&sb, &sb.path().join("empty"), &[cmd]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains("is not a jig project: it has no .jig/ answers file and no .cruft.json"),
            "{err}"
        );
        assert!(err.contains("jig adopt SOURCE"), "{err}");
    }
}
