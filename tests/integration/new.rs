//! `jig new` as a whole: the repository, the first commit, the answers file, the destination
//! rules, --pretend, --no-git, --author, and the list/completions commands.

use crate::common::*;
use pretty_assertions::assert_eq;

fn simple(sb: &Sandbox) -> std::path::PathBuf {
    sb.blueprint(
        "simple",
        &[
            ("blueprint.yaml", &manifest("  greeting:\n    default: hello\n  token:\n    type: secret\n    default: s3cr3t-value\n")),
            ("template/README.md", "# {{ project_slug }}\n{{ greeting }}\n"),
            ("template/src/{{ project_slug }}.txt", "token length {{ token | length }}\n"),
        ],
    )
}

#[test]
fn builtin_blueprint_with_defaults_makes_a_committed_repository() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["new", "sagemaker-mlops", "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("churn-model");
    assert!(
        stderr(&out).contains("Created out/churn-model from sagemaker-mlops 1.0.0"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        listing(&sb.out()),
        vec!["churn-model", "churn-model-deploy"],
        "no staging directory is left; the model-deploy repository is beside the model build"
    );

    let repo = git2::Repository::open(&project).unwrap();
    let head = repo.head().unwrap();
    assert_eq!(head.shorthand().ok(), Some("main"));
    let commit = head.peel_to_commit().unwrap();
    assert_eq!(commit.author().name().ok(), Some("Test Author"));
    assert_eq!(commit.author().email().ok(), Some("test@example.com"));
    assert!(commit
        .message()
        .unwrap()
        .starts_with("Initial commit from blueprint sagemaker-mlops 1.0.0"));
    let tree = commit.tree().unwrap();
    for path in [
        ".jig/sagemaker-mlops.yaml",
        "data/abalone.csv",
        "src/churn_model/pipeline.py",
        "tests/test_pipeline.py",
    ] {
        assert!(
            tree.get_path(std::path::Path::new(path)).is_ok(),
            "{path} is committed"
        );
    }
    let statuses = repo.statuses(None).unwrap();
    assert_eq!(
        statuses.len(),
        0,
        "the working tree is clean after the first commit"
    );
}

#[test]
fn answers_file_records_source_version_digest_and_answers_but_no_secrets() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("demo");
    let text = read(&project.join(".jig/fixture.yaml"));
    let digest = text
        .lines()
        .find(|l| l.starts_with("digest: sha256:"))
        .expect("digest line");
    assert_eq!(digest.len(), "digest: sha256:".len() + 64);
    let expected = format!(
        "# Written by jig. Do not edit by hand: `jig update` uses it as the merge base.\n\
         blueprint: fixture\nversion: 1.2.3\nsource: {}\nsource_kind: local\n{digest}\njig_version: {}\n\
         answers:\n  project_slug: demo\n  greeting: hello\n",
        bp.display(),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(text, expected);
    // The secret was used to render but is written nowhere.
    assert_eq!(read(&project.join("src/demo.txt")), "token length 12\n");
    for file in tree(&project) {
        let path = project.join(&file);
        if path.is_file() {
            assert!(
                !read(&path).contains("s3cr3t-value"),
                "secret leaked into {file}"
            );
        }
    }
    // The same content always gives the same digest.
    let again = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults", "-o", "again"])
        .output()
        .unwrap();
    assert!(again.status.success());
    let text2 = read(&sb.path().join("again/demo/.jig/fixture.yaml"));
    assert!(text2.contains(digest));
}

#[test]
fn existing_nonempty_destination_is_refused_and_left_untouched() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    write(&sb.out().join("demo/README.md"), b"team's own readme\n");
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: out/demo already exists and is not empty\n\
         hint: pass --overwrite to replace its files, --skip-if-exists to keep them, or choose another --output-dir\n"
    );
    assert_eq!(tree(&sb.out()), vec!["demo/", "demo/README.md"]);
    assert_eq!(
        read(&sb.out().join("demo/README.md")),
        "team's own readme\n"
    );
}

#[test]
fn overwrite_replaces_files_and_skip_if_exists_keeps_them() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    for (flag, expected) in [
        ("--overwrite", "# demo\nhello\n"),
        ("--skip-if-exists", "mine\n"),
    ] {
        let dir = sb.path().join(flag.trim_start_matches('-'));
        write(&dir.join("demo/README.md"), b"mine\n");
        write(&dir.join("demo/NOTES.md"), b"notes\n");
        let out = sb
            .jig()
            .args(["new", bp.to_str().unwrap(), "--defaults", flag, "-o"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", stderr(&out));
        assert_eq!(read(&dir.join("demo/README.md")), expected, "{flag}");
        assert_eq!(
            read(&dir.join("demo/NOTES.md")),
            "notes\n",
            "{flag} never deletes the team's files"
        );
        assert!(dir.join("demo/src/demo.txt").is_file());
        assert!(dir.join("demo/.jig/fixture.yaml").is_file());
        assert_eq!(
            listing(&dir),
            vec!["demo"],
            "{flag}: no staging directory left"
        );
    }
}

#[test]
fn a_directory_is_never_replaced_by_a_file_or_the_reverse() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    write(
        &sb.out().join("demo/README.md/team-notes.txt"),
        b"keep me\n",
    );
    write(
        &sb.out().join("demo/src"),
        b"a file where the blueprint has a directory\n",
    );
    for flag in ["--overwrite", "--skip-if-exists"] {
        let out = sb.new_project(&bp, &[flag]);
        assert_eq!(out.status.code(), Some(1), "{flag}");
        assert_eq!(
            stderr(&out),
            "error: out/demo has 2 path(s) that are a directory on one side and a file on the other\n\
             \x20 README.md\n\
             \x20 src\n\
             \x20 nothing was changed\n\
             hint: move those paths aside, or generate into another --output-dir\n",
            "{flag}"
        );
        assert_eq!(
            tree(&sb.out()),
            vec![
                "demo/",
                "demo/README.md/",
                "demo/README.md/team-notes.txt",
                "demo/src"
            ]
        );
    }
}

#[test]
fn an_empty_existing_directory_is_filled() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    std::fs::create_dir_all(sb.out().join("demo")).unwrap();
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sb.out().join("demo/README.md").is_file());
}

#[test]
fn pretend_lists_the_plan_and_writes_nothing() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    let out = sb.new_project(&bp, &["--pretend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Would create out/demo from fixture 1.2.3:\n  rendered       README.md\n  rendered       src/demo.txt\nNothing was written (--pretend).\n"
    );
    assert!(
        !sb.out().exists(),
        "--pretend does not even create the output dir"
    );
}

#[test]
fn json_summary_for_ci() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    let out = sb.new_project(&bp, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["blueprint"], "fixture");
    assert_eq!(json["version"], "1.2.3");
    assert_eq!(json["project_dir"], "out/demo");
    assert_eq!(json["answers_file"], ".jig/fixture.yaml");
    assert_eq!(json["files"][0]["path"], "README.md");
    assert_eq!(json["files"][0]["action"], "rendered");
    assert_eq!(json["commit"].as_str().unwrap().len(), 40);
}

#[test]
fn no_git_and_author_flags() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    let out = sb
        .jig()
        .args([
            "new",
            bp.to_str().unwrap(),
            "--defaults",
            "--no-git",
            "-o",
            "a",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!sb.path().join("a/demo/.git").exists());
    assert!(sb.path().join("a/demo/.jig/fixture.yaml").exists());

    let out = sb
        .jig()
        .args([
            "new",
            bp.to_str().unwrap(),
            "--defaults",
            "--author",
            "Ada Lovelace <ada@example.org>",
            "-o",
            "b",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let repo = git2::Repository::open(sb.path().join("b/demo")).unwrap();
    let commit = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(commit.author().name().ok(), Some("Ada Lovelace"));
    assert_eq!(commit.author().email().ok(), Some("ada@example.org"));

    let out = sb
        .jig()
        .args([
            "new",
            bp.to_str().unwrap(),
            "--defaults",
            "--author",
            "nobody",
            "-o",
            "c",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: --author `nobody` must look like `Name <email>`\n"),
        "{}",
        stderr(&out)
    );
    assert!(
        !sb.path().join("c").exists(),
        "nothing left behind, not even the output dir"
    );
}

#[test]
fn without_git_identity_the_commit_falls_back_with_a_warning() {
    let sb = Sandbox::new();
    let bp = simple(&sb);
    let out = sb
        .jig()
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .args(["new", bp.to_str().unwrap(), "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: no git identity configured; the first commit is authored by `jig <jig@localhost>`"));
}

#[test]
fn unknown_source_names_the_first_party_blueprints() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["new", "nope", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no blueprint named `nope` (looked in first-party blueprints and registries local)\n\
         hint: first-party blueprints: ds-project, python-lib, sagemaker-mlops (see `jig list`)\n\
         hint: a directory needs a path (`./NAME`); a git repository a URL (`gh:org/repo`, `https://...`)\n"
    );
}

#[test]
fn list_shows_first_party_blueprints() {
    let sb = Sandbox::new();
    let out = sb.jig().args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, vec!["ds-project", "python-lib", "sagemaker-mlops"]);
    assert!(text.contains("sagemaker-mlops  1.0.0     SageMaker model-build repository"));

    let out = sb
        .jig()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[2]["name"], "sagemaker-mlops");
    assert_eq!(json[2]["version"], "1.0.0");
}

#[test]
fn completions_and_help() {
    let sb = Sandbox::new();
    let out = sb.jig().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("complete -F _jig"));
    let out = sb.jig().args(["new", "--help"]).output().unwrap();
    let help = stdout(&out);
    assert!(help.contains("jig new sagemaker-mlops --defaults --data project_name=\"Churn Model\""));
    assert!(help.contains("--skip-if-exists"));
    let out = sb.jig().args(["new"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap usage errors exit 2");
}

/// `jig new` ends with where the project is, and the blueprint's own next steps.
#[test]
fn new_ends_with_the_next_steps_and_the_blueprints_message() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "msg",
        &[
            (
                "blueprint.yaml",
                &format!(
                    "{}message_after: |\n  Next steps for {{{{ project_slug }}}}:\n    make setup\n",
                    manifest("")
                ),
            ),
            ("template/a.txt", "a\n"),
        ],
    );
    let out = sb.new_project(&bp, &["--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("        Next cd out/demo\n\nNext steps for demo:\n  make setup\n"),
        "{}",
        stderr(&out)
    );
    // A message naming no question is a manifest error, before anything is asked.
    write(
        &bp.join("blueprint.yaml"),
        format!("{}message_after: \"{{{{ nope }}}}\"\n", manifest("")).as_bytes(),
    );
    let out = sb.new_project(&bp, &["--no-git"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}
