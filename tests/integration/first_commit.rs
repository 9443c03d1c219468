//! `jig new`'s first commit, made from the blobs the render wrote: the same commit git's own
//! `git add -A` would make (modes, symlinks, .gitignore, hooks' changes, attributes), a clean
//! `git status`, and stat data in the index that git trusts without re-reading a file.

use crate::common::*;
use pretty_assertions::assert_eq;
use std::path::Path;

/// `git` with the index in `index` (relative to `.git`), so `git add -A` can be compared.
fn git_with_index(dir: &Path, index: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_INDEX_FILE", dir.join(".git").join(index))
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// The tree `git add -A && git write-tree` makes of the work tree, in a scratch index.
fn git_add_all_tree(project: &Path) -> String {
    git_with_index(project, "check-index", &["add", "-A"]);
    let tree = git_with_index(project, "check-index", &["write-tree"]);
    std::fs::remove_file(project.join(".git/check-index")).unwrap();
    tree
}

fn assert_clean(project: &Path) {
    assert_eq!(git(project, &["status", "--porcelain"]), "");
    assert_eq!(
        git(project, &["fsck", "--full", "--strict", "--no-dangling"]),
        ""
    );
}

#[test]
fn the_first_commit_is_what_git_add_all_commits_with_blobs_made_while_rendering() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "kinds",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/README.md", "# {{ project_slug }}\n"),
            ("template/src/pkg/a.txt", "same\n"),
            ("template/src/pkg/b.txt", "same\n"),
            (
                "template/bin/run.sh",
                "#!/bin/sh\necho {{ project_slug }}\n",
            ),
            ("template/docs/target.md", "t\n"),
            ("template/.gitignore", "build/\n*.log\n"),
            ("template/build/out.txt", "ignored\n"),
            ("template/debug.log", "ignored too\n"),
        ],
    );
    let png: Vec<u8> = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0].to_vec();
    write(&bp.join("template/logo.png"), &png);
    // Larger than a read buffer: streamed, its object written as it streams.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    write(&bp.join("template/data.bin"), &big);
    make_executable(&bp.join("template/bin/run.sh"));
    std::os::unix::fs::symlink("docs/target.md", bp.join("template/link.md")).unwrap();

    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    assert_eq!(
        git(&p, &["ls-files", "--stage"])
            .lines()
            .map(|l| {
                let (mode, rest) = l.split_once(' ').unwrap();
                format!("{mode} {}", rest.split_once('\t').unwrap().1)
            })
            .collect::<Vec<_>>(),
        [
            "100644 .gitignore",
            "100644 .jig/fixture.yaml",
            "100644 README.md",
            "100755 bin/run.sh",
            "100644 data.bin",
            "100644 docs/target.md",
            "120000 link.md",
            "100644 logo.png",
            "100644 src/pkg/a.txt",
            "100644 src/pkg/b.txt",
        ],
        "ignored files stay out"
    );
    assert!(p.join("build/out.txt").is_file() && p.join("debug.log").is_file());
    assert_eq!(git(&p, &["rev-parse", "HEAD^{tree}"]), git_add_all_tree(&p));
    assert_clean(&p);
    // The index's stat data is the files' own: git trusts it without reading a file.
    std::fs::File::options()
        .append(true)
        .open(p.join(".git/index"))
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .unwrap();
    assert_eq!(git(&p, &["diff-files", "--name-only"]), "");
}

#[test]
fn files_a_post_gen_hook_rewrites_or_adds_are_committed_as_the_hook_left_them() {
    let sb = Sandbox::new();
    let m = format!(
        "{}hooks:\n  post_gen:\n    - script: hooks/edit.sh\n",
        manifest("")
    );
    // Same size, within the same second: only the stat data tells the change.
    let hook = "#!/bin/sh\nset -eu\nprintf '# DEMO\\n' > README.md\nchmod +x tool.sh\necho new > added.txt\n";
    let bp = sb.blueprint(
        "edited",
        &[
            ("blueprint.yaml", &m),
            ("template/README.md", "# {{ project_slug }}\n"),
            ("template/tool.sh", "echo tool\n"),
            ("hooks/edit.sh", hook),
        ],
    );
    make_executable(&bp.join("hooks/edit.sh"));
    let out = sb.new_project(&bp, &["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    assert_eq!(git(&p, &["show", "HEAD:README.md"]), "# DEMO");
    assert_eq!(git(&p, &["show", "HEAD:added.txt"]), "new");
    assert_eq!(
        git(&p, &["ls-files", "--stage", "tool.sh"])
            .split_once(' ')
            .unwrap()
            .0,
        "100755"
    );
    assert_eq!(git(&p, &["rev-parse", "HEAD^{tree}"]), git_add_all_tree(&p));
    assert_clean(&p);
}

#[test]
fn attributes_and_autocrlf_convert_the_first_commit_as_git_add_does() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "attrs",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/.gitattributes", "*.txt text eol=lf\n*.c ident\n"),
            ("template/win.txt", "a {{ project_slug }}\r\nb\r\n"),
            ("template/plain.txt", "plain\n"),
            ("template/id.c", "/* $Id: old $ */\n"),
            ("template/sub/also.txt", "x\r\n"),
        ],
    );
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    assert_eq!(git(&p, &["cat-file", "blob", "HEAD:win.txt"]), "a demo\nb");
    assert_eq!(git(&p, &["cat-file", "blob", "HEAD:sub/also.txt"]), "x");
    assert_eq!(git(&p, &["cat-file", "blob", "HEAD:id.c"]), "/* $Id$ */");
    assert_eq!(git(&p, &["rev-parse", "HEAD^{tree}"]), git_add_all_tree(&p));
    assert_eq!(
        git(&p, &["fsck", "--full", "--strict", "--no-dangling"]),
        ""
    );

    // No attributes, but `core.autocrlf = input` in the user's git config.
    let sb = Sandbox::new();
    write(
        &sb.path().join("home/.gitconfig"),
        b"[core]\n\tautocrlf = input\n",
    );
    let bp = sb.blueprint(
        "crlf",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/win.txt", "a\r\nb\r\n"),
            ("template/unix.txt", "a\nb\n"),
        ],
    );
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    assert_eq!(std::fs::read(p.join("win.txt")).unwrap(), b"a\r\nb\r\n");
    assert_eq!(git(&p, &["cat-file", "blob", "HEAD:win.txt"]), "a\nb");
    assert_eq!(git(&p, &["cat-file", "blob", "HEAD:unix.txt"]), "a\nb");
}

#[test]
fn post_gen_hooks_find_the_rendered_files_already_stored_in_git() {
    let sb = Sandbox::new();
    let log = sb.path().join("hook.log");
    let m = format!(
        "{}hooks:\n  post_gen:\n    - script: hooks/look.sh\n",
        manifest("")
    );
    let hook = format!(
        "#!/bin/sh\nset -eu\nfor f in README.md data.bin; do\n  \
         if git cat-file -e \"$(git hash-object \"$f\")\"; then echo \"$f stored\"; else echo \"$f missing\"; fi\n\
         done > '{}'\n",
        log.display()
    );
    let bp = sb.blueprint(
        "look",
        &[
            ("blueprint.yaml", &m),
            ("template/README.md", "# {{ project_slug }}\n"),
            ("hooks/look.sh", &hook),
        ],
    );
    // Streamed (larger than a read buffer) as well as rendered.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    write(&bp.join("template/data.bin"), &big);
    make_executable(&bp.join("hooks/look.sh"));
    let out = sb.new_project(&bp, &["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&log), "README.md stored\ndata.bin stored\n");
    let p = sb.out().join("demo");
    assert_eq!(git(&p, &["rev-parse", "HEAD^{tree}"]), git_add_all_tree(&p));
    assert_clean(&p);
}
