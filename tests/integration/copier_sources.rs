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

/// tests/fixtures/dual-format: a cookiecutter.json and a copier.yml side by side (the layout
/// of a real template, see its PROVENANCE.md), copied into the sandbox as `dual`.
fn dual(sb: &Sandbox) {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dual-format"))
        .arg(sb.path().join("dual"))
        .status()
        .unwrap();
    assert!(status.success());
}

fn same_files(theirs: &Path, ours: &Path) {
    let listed = |dir: &Path| -> Vec<String> {
        tree(dir)
            .into_iter()
            .filter(|p| !p.starts_with(".jig"))
            .collect()
    };
    assert_eq!(listed(ours), listed(theirs));
    for file in listed(theirs).iter().filter(|f| !f.ends_with('/')) {
        assert_eq!(read(&ours.join(file)), read(&theirs.join(file)), "{file}");
    }
}

#[test]
fn a_template_in_both_formats_is_read_as_chosen_and_kept_so() {
    let sb = Sandbox::new();
    dual(&sb);

    // `jig show` lists both formats' questions, and which one is read by default.
    let out = sb
        .jig()
        .args(["show", "./dual", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let formats: Vec<(String, bool, Vec<String>)> = shown["formats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["format"].as_str().unwrap().to_string(),
                f["read_by_default"].as_bool().unwrap(),
                f["questions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| q["name"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        formats,
        [
            (
                "cookiecutter".to_string(),
                true,
                names(&[
                    "project_name",
                    "github_org",
                    "project_url",
                    "license",
                    "with_cli"
                ])
            ),
            (
                "copier".to_string(),
                false,
                names(&[
                    "project_name",
                    "project_name_kebab_case",
                    "github_org",
                    "project_url",
                    "license",
                    "with_cli"
                ])
            ),
        ]
    );

    // Without DEST: Cookiecutter, said so, and the files real Cookiecutter writes.
    let out = sb
        .jig()
        .args(["new", "./dual", "--defaults", "-o", "by-jig"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "warning: ./dual is a Cookiecutter template (cookiecutter.json) and a Copier template (copier.yml): reading it as a Cookiecutter template; pass --template-format copier to read it as a Copier template\n"
        ),
        "{}",
        stderr(&out)
    );
    let cc = std::process::Command::new(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/cookiecutter"),
    )
    .current_dir(sb.path())
    .env("HOME", sb.path().join("home"))
    .args(["--no-input", "./dual", "-o", "by-cookiecutter"])
    .output()
    .unwrap();
    assert!(cc.status.success(), "{}", stderr(&cc));
    let ours = sb.path().join("by-jig/my-app");
    same_files(&sb.path().join("by-cookiecutter/my-app"), &ours);
    assert!(read(&ours.join(".jig/dual.yaml")).contains("\nformat: cookiecutter\n"));

    // With DEST: Copier (the only format DEST is for), said so, and `copier copy`'s files.
    std::fs::create_dir_all(sb.path().join("c")).unwrap();
    std::fs::create_dir_all(sb.path().join("j")).unwrap();
    let out = copier(
        &sb.path().join("c"),
        &["copy", "--defaults", "--quiet", "../dual", "project"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sb
        .jig()
        .current_dir(sb.path().join("j"))
        .args(["new", "../dual", "project", "--defaults"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "warning: ../dual is a Copier template (copier.yml) and a Cookiecutter template (cookiecutter.json): reading it as a Copier template (a project directory was named); pass --template-format cookiecutter to read it as a Cookiecutter template\n"
        ),
        "{}",
        stderr(&out)
    );
    let copier_project = sb.path().join("j/project");
    same_files(&sb.path().join("c/project"), &copier_project);
    assert!(read(&copier_project.join("pyproject.toml")).contains("tool = \"copier\""));

    // Chosen with the flag: no word about it.
    let out = sb
        .jig()
        .current_dir(sb.path().join("j"))
        .args([
            "new",
            "../dual",
            "chosen",
            "--defaults",
            "--no-git",
            "--template-format",
            "copier",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    same_files(&sb.path().join("c/project"), &sb.path().join("j/chosen"));

    // check keeps each project's format: both are in sync with what made them.
    for project in [&ours, &copier_project] {
        let out = sb.jig().current_dir(project).arg("check").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains("status: clean"), "{}", stdout(&out));
    }

    // A format the folder does not hold: refused by name.
    let out = sb
        .jig()
        .args(["new", "./dual", "--defaults", "--template-format", "jig"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: ./dual is not a jig blueprint (it has no blueprint.yaml)\n\
         hint: it is a Cookiecutter template and a Copier template: pass --template-format cookiecutter or copier, or leave the flag out\n"
    );
}
