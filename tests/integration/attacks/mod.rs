//! The attack suite: a hostile blueprint author, a hostile source URL and a careless user
//! against the real binary. Each case broke a promise once (written outside the destination,
//! ran untrusted code, read the user's files, ran away with the machine, accepted bad input);
//! each asserts the exact error, and that nothing appeared outside the destination.

use crate::common::*;
use std::os::unix::fs::symlink;
use std::path::Path;

mod bounds;
mod disk;
mod forge;
mod input;
mod reading;
mod registry;
mod roots;
mod trust;
mod trust_spellings;

/// A sentinel folder beside the sandbox's output: nothing may ever appear in it.
pub(super) fn outside(sb: &Sandbox) -> std::path::PathBuf {
    let dir = sb.path().join("outside");
    std::fs::create_dir_all(&dir).unwrap();
    write(&dir.join("secret.txt"), b"TOP-SECRET-CONTENT\n");
    dir
}

pub(super) fn assert_outside_untouched(dir: &Path) {
    assert_eq!(
        listing(dir),
        vec!["secret.txt"],
        "something was written outside"
    );
}

/// Every file below `root` (following nothing) must not hold the outside secret.
pub(super) fn assert_secret_not_in(root: &Path) {
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

pub(super) fn run_new(sb: &Sandbox, source: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = sb.new_project(source, extra);
    (out.status.code(), stderr(&out))
}

/// `jig new SOURCE --defaults -o DIR EXTRA...`.
pub(super) fn run_new_in(
    sb: &Sandbox,
    source: &Path,
    dir: &str,
    extra: &[&str],
) -> (Option<i32>, String) {
    let out = sb.new_project_in(source, dir, extra);
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
fn the_same_chain_from_a_registry_bundle_is_refused() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    sb.write_config(&format!(
        "registries:\n  team:\n    type: directory\n    path: {}\n",
        sb.path().join("registry").display()
    ));
    let bp = sb.blueprint(
        "fixture",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/README.md", "hi\n"),
        ],
    );
    std::fs::create_dir_all(bp.join("template/a/b/c/d/e")).unwrap();
    symlink("../../../../..", bp.join("template/a/b/c/d/e/up")).unwrap();
    symlink("a/b/c/d/e/up/../../../outside", bp.join("template/.jig")).unwrap();
    let published = sb
        .jig()
        .args(["publish", "--registry", "team"])
        .arg(&bp)
        .output()
        .unwrap();
    assert!(published.status.success(), "{}", stderr(&published));
    let out = sb
        .jig()
        .args([
            "new",
            "fixture",
            "--registry",
            "team",
            "--defaults",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: symlink `.jig` points at `a/b/c/d/e/up/../../../outside`, which resolves outside the generated project\n"), "{}", stderr(&out));
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
