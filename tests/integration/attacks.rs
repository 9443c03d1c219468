//! The attack suite: a hostile blueprint author, a hostile source URL and a careless user
//! against the real binary. Each case broke a promise once (written outside the destination,
//! ran untrusted code, read the user's files, ran away with the machine, accepted bad input);
//! each asserts the exact error, and that nothing appeared outside the destination.

use crate::common::*;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;

/// A sentinel folder beside the sandbox's output: nothing may ever appear in it.
fn outside(sb: &Sandbox) -> std::path::PathBuf {
    let dir = sb.path().join("outside");
    std::fs::create_dir_all(&dir).unwrap();
    write(&dir.join("secret.txt"), b"TOP-SECRET-CONTENT\n");
    dir
}

fn assert_outside_untouched(dir: &Path) {
    assert_eq!(
        listing(dir),
        vec!["secret.txt"],
        "something was written outside"
    );
}

/// Every file below `root` (following nothing) must not hold the outside secret.
fn assert_secret_not_in(root: &Path) {
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("TOP-SECRET-CONTENT"),
                "{} holds a file from outside the template",
                entry.path().display()
            );
        }
    }
}

fn run_new(sb: &Sandbox, source: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = sb.new_project(source, extra);
    (out.status.code(), stderr(&out))
}

/// `jig new SOURCE --defaults -o DIR EXTRA...`.
fn run_new_in(sb: &Sandbox, source: &Path, dir: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = sb
        .jig()
        .arg("new")
        .arg(source)
        .args(["--defaults", "-o", dir])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code(), stderr(&out))
}

#[test]
fn a_link_chain_that_looks_inside_but_resolves_outside_is_refused() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let bp = sb.blueprint(
        "chain",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/README.md", "hi\n"),
        ],
    );
    std::fs::create_dir_all(bp.join("template/a/b/c/d/e")).unwrap();
    symlink("../../../../..", bp.join("template/a/b/c/d/e/up")).unwrap();
    // Staged one level deeper than the final project, the same text means two places.
    symlink("a/b/c/d/e/up/../../../outside", bp.join("template/.jig")).unwrap();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: symlink `.jig` points at `a/b/c/d/e/up/../../../outside`, which resolves outside the generated project\n  nothing was left behind\nhint: a template may link only to paths inside itself; `jig lint` lists every such link\n"
    );
    std::fs::remove_file(bp.join("template/.jig")).unwrap();
    symlink("a/b/c/d/e/up/../../outside", bp.join("template/esc")).unwrap();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with(
            "error: symlink `esc` points at `a/b/c/d/e/up/../../outside`, which resolves outside"
        ),
        "{err}"
    );
    let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(lint.status.code(), Some(3));
    assert!(stdout(&lint).contains("template/esc:1:1: error[path-escape]: symlink `esc` points at `a/b/c/d/e/up/../../outside`, which resolves outside the generated project"), "{}", stdout(&lint));
    assert_outside_untouched(&out_dir);
    assert!(!sb.out().exists());
}

#[test]
fn link_loops_are_refused_and_links_inside_are_kept() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "loops",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/docs/a.md", "a\n"),
        ],
    );
    symlink("docs", bp.join("template/d")).unwrap();
    symlink("d/a.md", bp.join("template/via-link.md")).unwrap();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(read(&sb.out().join("demo/via-link.md")), "a\n");
    symlink("loop-b", bp.join("template/loop-a")).unwrap();
    symlink("loop-a", bp.join("template/loop-b")).unwrap();
    let (code, err) = run_new_in(&sb, &bp, "out2", &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("takes more than 40 links to resolve (a loop)"),
        "{err}"
    );
}

#[test]
fn trust_is_decided_on_the_resolved_source_not_the_text() {
    let sb = Sandbox::new();
    let git_root = sb.path().join("srv/git");
    for (dir, name) in [("acme/good", "good"), ("evil", "evil")] {
        let repo = git_root.join(dir);
        write(
            &repo.join("blueprint.yaml"),
            format!("name: {name}\nversion: 1.0.0\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: {name}-proj\nhooks:\n  post_gen:\n    - script: hooks/mark.sh\n").as_bytes(),
        );
        let mark = sb.path().join(format!("RAN-{name}"));
        write(
            &repo.join("hooks/mark.sh"),
            format!("#!/bin/sh\ntouch {}\n", mark.display()).as_bytes(),
        );
        make_executable(&repo.join("hooks/mark.sh"));
        write(&repo.join("template/f.txt"), b"x\n");
        git(&repo, &["init", "-q"]);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "v1"]);
        git(&repo, &["tag", "v1.0.0"]);
    }
    sb.write_config(&format!(
        "trusted:\n  - file://{}/acme/\n",
        git_root.display()
    ));
    let base = format!("file://{}/acme", git_root.display());
    for bypass in [
        format!("{base}/../evil@v1.0.0"),
        format!("{base}/%2e%2e/evil@v1.0.0"),
        format!("{base}/./../evil@v1.0.0"),
    ] {
        let out = sb
            .jig()
            .args(["new", &bypass, "--defaults", "-o", "out"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{bypass}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("has hooks, and it is not trusted"),
            "{bypass}"
        );
        assert!(
            !sb.path().join("RAN-evil").exists(),
            "{bypass} ran untrusted hooks"
        );
    }
    let good = format!("{base}/good@v1.0.0");
    let out = sb
        .jig()
        .args(["new", &good, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sb.path().join("RAN-good").exists());
    // Encoded twice, git itself decodes once and finds no such repository: still nothing runs.
    let twice = format!("{base}/%252E%252E/evil@v1.0.0");
    let out = sb
        .jig()
        .args(["new", &twice, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!sb.path().join("RAN-evil").exists());
}

#[test]
fn migrations_of_a_project_made_through_a_bypass_url_need_trust() {
    let sb = Sandbox::new();
    let repo = sb.path().join("srv/git/evil");
    std::fs::create_dir_all(sb.path().join("srv/git/acme")).unwrap();
    versioned_blueprint(&repo, "evil", "1.0.0", "one");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
    let source = format!(
        "file://{}/../evil",
        sb.path().join("srv/git/acme").display()
    );
    sb.write_config(&format!(
        "trusted:\n  - file://{}/\n",
        sb.path().join("srv/git/acme").display()
    ));
    let out = sb
        .jig()
        .args(["new", &format!("{source}@^1"), "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mark = sb.path().join("MIGRATED");
    write(
        &repo.join("blueprint.yaml"),
        b"name: evil\nversion: 1.1.0\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\nmigrations:\n  - version: 1.1.0\n    script: migrate.sh\n",
    );
    write(
        &repo.join("migrate.sh"),
        format!("#!/bin/sh\ntouch {}\n", mark.display()).as_bytes(),
    );
    make_executable(&repo.join("migrate.sh"));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1.1"]);
    git(&repo, &["tag", "v1.1.0"]);
    let out = sb
        .jig()
        .current_dir(sb.out().join("demo"))
        .arg("update")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!mark.exists(), "an untrusted migration ran");
}

#[test]
fn cookiecutter_links_never_bring_in_the_users_files() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let secret = out_dir.join("secret.txt");
    let cc = sb.path().join("cc");
    write(
        &cc.join("cookiecutter.json"),
        br#"{"slug": "demo", "_copy_without_render": ["*/raw"]}"#,
    );
    write(&cc.join("{{cookiecutter.slug}}/a.txt"), b"a\n");
    let project = cc.join("{{cookiecutter.slug}}");
    symlink(&secret, project.join("abs")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(
        (code, err.lines().next().unwrap_or_default()),
        (
            Some(1),
            format!(
                "error: `abs` in the template links to `{}`, outside the template",
                secret.display()
            )
            .as_str()
        )
    );
    std::fs::remove_file(project.join("abs")).unwrap();
    symlink("../../outside/secret.txt", project.join("rel")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: `rel` in the template links to `../../outside/secret.txt`, outside the template\n"), "{err}");
    std::fs::remove_file(project.join("rel")).unwrap();
    std::fs::create_dir_all(project.join("raw")).unwrap();
    symlink(&out_dir, project.join("raw/all")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("error: `raw/all` in the template links to"),
        "{err}"
    );
    std::fs::remove_file(project.join("raw/all")).unwrap();
    // A link that stays inside the template is followed, as Cookiecutter does.
    symlink("../a.txt", project.join("raw/inside.txt")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(read(&sb.out().join("demo/raw/inside.txt")), "a\n");
    assert_secret_not_in(&sb.out());
    assert_outside_untouched(&out_dir);
}

#[test]
fn includes_cannot_read_through_a_link_out_of_the_template() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let m = manifest("files:\n  exclude: [\"partials/**\"]\n");
    let bp = sb.blueprint(
        "inc",
        &[
            ("blueprint.yaml", &m),
            ("template/README.md", "{% include \"partials/x\" %}\n"),
        ],
    );
    std::fs::create_dir_all(bp.join("template/partials")).unwrap();
    symlink(out_dir.join("secret.txt"), bp.join("template/partials/x")).unwrap();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("template `partials/x` leads outside the template folder through a symlink"),
        "{err}"
    );
    assert_secret_not_in(sb.path().join("out").as_path());
}

#[test]
fn the_template_folder_must_be_a_folder_inside_the_blueprint() {
    let sb = Sandbox::new();
    outside(&sb);
    for (value, code, message) in [
        ("../../outside", "path-escape", "`template: ../../outside` contains `..`, which would leave the destination; it must name a folder inside the blueprint"),
        ("/etc", "path-escape", "`template: /etc` renders to an absolute path; it must name a folder inside the blueprint"),
        ("notes.txt", "manifest-schema", "`template: notes.txt` is a file; it must name the folder holding the template tree"),
        ("up", "path-escape", "`template: up` leads outside the blueprint through a symlink; it must name a folder inside it"),
    ] {
        let bp = sb.blueprint(
            "tpl",
            &[("blueprint.yaml", &format!("{}template: {value}\n", manifest(""))), ("notes.txt", "n\n")],
        );
        let _ = symlink("../../outside", bp.join("up"));
        let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
        assert_eq!(lint.status.code(), Some(3), "{value}");
        assert!(stdout(&lint).contains(&format!("error[{code}]: {message}")), "{value}: {}", stdout(&lint));
        let (exit, err) = run_new(&sb, &bp, &[]);
        assert_eq!(exit, Some(3), "{value}");
        assert!(err.contains(message), "{value}: {err}");
    }
    assert!(!sb.out().exists());
}

#[test]
fn special_files_and_non_utf8_names_are_named() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "fifo",
        &[("blueprint.yaml", &manifest("")), ("template/a.txt", "a\n")],
    );
    let fifo = bp.join("template/pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let start = std::time::Instant::now();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "a FIFO made jig hang"
    );
    assert_eq!(code, Some(1));
    assert!(err.starts_with(&format!("error: {} is a FIFO (named pipe); a template holds only files, directories and symlinks\n", fifo.display())), "{err}");
    std::fs::remove_file(&fifo).unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"bad-\xff.txt");
    std::fs::write(bp.join("template").join(bad), "x").unwrap();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("is not UTF-8; template paths must be UTF-8"),
        "{err}"
    );

    let cc = sb.path().join("cc");
    write(&cc.join("cookiecutter.json"), br#"{"slug": "demo"}"#);
    write(&cc.join("{{cookiecutter.slug}}/a.txt"), b"a\n");
    let fifo = cc.join("{{cookiecutter.slug}}/pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: `pipe` in the template is a FIFO (named pipe); only files, directories and symlinks can be rendered\n"), "{err}");
    assert!(!sb.out().exists());
}

#[test]
fn a_cookiecutter_path_that_renders_absolute_is_refused() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let cc = sb.path().join("cc");
    let target = out_dir.join("planted");
    write(
        &cc.join("cookiecutter.json"),
        format!(r#"{{"slug": "demo", "where": "{}"}}"#, target.display()).as_bytes(),
    );
    write(
        &cc.join("{{cookiecutter.slug}}/{{cookiecutter.where}}/x.txt"),
        b"x\n",
    );
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with(&format!("error: template path `{{{{cookiecutter.where}}}}` renders to `{}`, which renders to an absolute path\n", target.display())), "{err}");
    assert_outside_untouched(&out_dir);
}

#[test]
fn a_destination_that_is_a_symlink_is_not_written_through() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let bp = sb.blueprint(
        "plain",
        &[("blueprint.yaml", &manifest("")), ("template/a.txt", "a\n")],
    );
    std::fs::create_dir_all(sb.out()).unwrap();
    symlink(&out_dir, sb.out().join("demo")).unwrap();
    let (code, err) = run_new(&sb, &bp, &["--overwrite"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "error: out/demo is a symlink; jig writes a project only into a real directory\n  nothing was written\nhint: remove the link, or pass --output-dir where the link points\n");
    assert_outside_untouched(&out_dir);
}

#[test]
fn duplicate_keys_are_errors_with_both_lines_and_a_bom_is_accepted() {
    let sb = Sandbox::new();
    let dup_top = "name: a\nversion: 1.0.0\nname: b\nquestions: {}\n";
    let bp = sb.blueprint(
        "dup",
        &[("blueprint.yaml", dup_top), ("template/a.txt", "a\n")],
    );
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(3));
    assert!(
        err.contains("blueprint.yaml:3:1: duplicate key `name` (first given on line 1)"),
        "{err}"
    );
    let dup_q = format!("{}  project_slug:\n    default: again\n", manifest(""));
    write(&bp.join("blueprint.yaml"), dup_q.as_bytes());
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(3));
    assert!(
        err.contains("duplicate key `project_slug` (first given on line 6)"),
        "{err}"
    );

    write(
        &bp.join("blueprint.yaml"),
        format!("\u{feff}{}", manifest("")).as_bytes(),
    );
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(0), "a BOM is part of no key: {err}");

    write(
        &sb.path().join("answers.yaml"),
        b"project_slug: one\nproject_slug: two\n",
    );
    let (code, err) = run_new_in(&sb, &bp, "out2", &["--data-file", "answers.yaml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("line 2 column 1: duplicate key `project_slug` (first given on line 1)"),
        "{err}"
    );
}
