//! Which folders are Copier templates and how jig names them: a folder with no manifest at
//! all (a Copier template with no questions, as Copier reads it), a folder that is both a
//! Cookiecutter and a Copier template (`--format`), and a trust refusal that names the folder
//! the user typed, not jig's cache checkout.

use crate::common::*;
use std::path::Path;

fn copier(dir: &Path, args: &[&str]) -> std::process::Output {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/copier");
    std::process::Command::new(venv)
        .current_dir(dir)
        .args(args)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .output()
        .unwrap()
}

#[test]
fn trust_refusal_names_the_local_folder_typed() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    write(
        &tpl.join("copier.yml"),
        b"name:\n  default: a\n_tasks:\n  - touch made\n",
    );
    write(&tpl.join("f.txt.jinja"), b"{{ name }}\n");
    // A git repository with a tag: jig reads it at the tag, from a checkout in its cache.
    git(&tpl, &["init", "-q"]);
    git(&tpl, &["add", "-A"]);
    git(&tpl, &["commit", "-qm", "one"]);
    git(&tpl, &["tag", "v1.0.0"]);
    let out = sb
        .jig()
        .args(["new", "./tpl", "proj", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the blueprint at ./tpl has hooks, and it is not trusted\n\
             \x20 would run: _tasks: touch made\n\
             hint: read the hooks, then pass --trust to run them, or --no-hooks to generate without them\n\
             hint: to always trust this source, add `{}` under `trusted:` in {}\n",
            tpl.canonicalize().unwrap().display(),
            sb.path().join("config/jig/config.yaml").display()
        )
    );
    assert!(!sb.path().join("proj").exists());
}

/// A folder with no manifest at all: Copier's own test template `demo_extensions_default`
/// (one `.jinja` file using an ansible filter) and a few plain files beside it.
fn bare_template(sb: &Sandbox) -> std::path::PathBuf {
    let tpl = sb.path().join("bare");
    write(
        &tpl.join("super_file.md.jinja"),
        b"{{ \"/absolute/path\"|basename }}\n",
    );
    write(&tpl.join("plain.txt"), b"{{ not rendered }}\n");
    write(
        &tpl.join("sub/{{ _folder_name }}.txt.jinja"),
        b"{{ _copier_conf.sep }}\n",
    );
    write(&tpl.join("~notes"), b"excluded by default\n");
    write(&tpl.join("notes~"), b"kept\n");
    write(&tpl.join("__pycache__/x.pyc"), b"\0");
    tpl
}

#[test]
fn a_folder_without_a_manifest_renders_as_copier_renders_it() {
    let sb = Sandbox::new();
    bare_template(&sb);
    std::fs::create_dir_all(sb.path().join("a")).unwrap();
    std::fs::create_dir_all(sb.path().join("b")).unwrap();
    let out = copier(
        &sb.path().join("a"),
        &["copy", "--defaults", "--quiet", "../bare", "project"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sb
        .jig()
        .current_dir(sb.path().join("b"))
        .args(["new", "../bare", "project", "--defaults", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (theirs, ours) = (sb.path().join("a/project"), sb.path().join("b/project"));
    assert_eq!(tree(&ours), tree(&theirs));
    assert_eq!(
        tree(&ours),
        [
            "notes~",
            "plain.txt",
            "sub/",
            "sub/project.txt",
            "super_file.md"
        ]
    );
    for file in tree(&theirs).iter().filter(|f| !f.ends_with('/')) {
        assert_eq!(
            std::fs::read(ours.join(file)).unwrap(),
            std::fs::read(theirs.join(file)).unwrap(),
            "{file}"
        );
    }
    assert_eq!(read(&ours.join("super_file.md")), "path\n");
}

#[test]
fn a_folder_without_a_manifest_and_without_dest_names_all_three() {
    let sb = Sandbox::new();
    bare_template(&sb);
    let out = sb
        .jig()
        .args(["new", "./bare", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: ./bare has neither blueprint.yaml, cookiecutter.json nor copier.yml\n\
         hint: to render it as a Copier template with no questions, name the project directory: jig new ./bare DEST\n"
    );
    let out = sb.jig().args(["show", "./bare"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has neither blueprint.yaml, cookiecutter.json nor copier.yml"),
        "{}",
        stderr(&out)
    );
}
