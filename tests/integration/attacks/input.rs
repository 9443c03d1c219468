//! Odd input named, not guessed: FIFOs, non-UTF-8 names, symlinked destinations, duplicate
//! keys and byte-order marks.

use super::*;
use std::os::unix::ffi::OsStrExt;

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
