//! copier-templates-extensions' `ContextHook`s (Python that computes a Copier template's render
//! context): run with trust, in the worker, to the bytes the real `copier copy` writes (with
//! the package installed, and with jig's stand-in for it when the Python has none); refused
//! without trust naming the hook; and every extension jig cannot run refused by name rather
//! than rendered as empty text.

use crate::common::*;
use pretty_assertions::assert_eq;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// tests/conformance/copier/context-hook, copied into the sandbox as `tpl`.
fn hook_template(sb: &Sandbox) -> PathBuf {
    let tpl = sb.path().join("tpl");
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(repo().join("tests/conformance/copier/context-hook"))
        .arg(&tpl)
        .status()
        .unwrap();
    assert!(status.success());
    tpl
}

fn copier_copy(sb: &Sandbox, data: &[&str]) -> PathBuf {
    let work = sb.path().join("by-copier");
    std::fs::create_dir_all(&work).unwrap();
    let mut cmd = std::process::Command::new(repo().join(".venv/bin/copier"));
    cmd.current_dir(&work)
        .env("HOME", sb.path().join("home"))
        .args(["copy", "--defaults", "--quiet", "--trust"]);
    for d in data {
        cmd.args(["-d", d]);
    }
    let out = cmd.args(["../tpl", "project"]).output().unwrap();
    assert!(out.status.success(), "copier: {}", stderr(&out));
    work.join("project")
}

fn jig_new(sb: &Sandbox, data: &[&str], python: Option<&Path>) -> (std::process::Output, PathBuf) {
    let work = sb.path().join("by-jig");
    std::fs::create_dir_all(&work).unwrap();
    let mut cmd = sb.jig();
    cmd.current_dir(&work).args([
        "new",
        "../tpl",
        "project",
        "--defaults",
        "--no-git",
        "--trust",
    ]);
    for d in data {
        cmd.args(["--data", d]);
    }
    if let Some(python) = python {
        cmd.env("JIG_PYTHON", python);
    }
    (cmd.output().unwrap(), work.join("project"))
}

fn assert_same_tree(theirs: &Path, ours: &Path) {
    assert_eq!(tree(ours), tree(theirs));
    for file in tree(theirs).iter().filter(|f| !f.ends_with('/')) {
        assert_eq!(
            read(&ours.join(file)),
            read(&theirs.join(file)),
            "{file} differs from copier's"
        );
    }
}

#[test]
fn context_hooks_render_what_copier_renders() {
    for data in [&[][..], &["docs=true", "repository=org/other"][..]] {
        let sb = Sandbox::new();
        hook_template(&sb);
        let theirs = copier_copy(&sb, data);
        let (out, ours) = jig_new(&sb, data, None);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_same_tree(&theirs, &ours);
        assert!(
            !stderr(&out).contains("warning"),
            "the hook's values are defined: {}",
            stderr(&out)
        );
    }
    let sb = Sandbox::new();
    hook_template(&sb);
    let (_, ours) = jig_new(&sb, &[], None);
    assert_eq!(
        read(&ours.join("README.md")),
        "== CHURN MODEL ==\n\nRepository acme/churn-model (id 18f6dc5dce0b), made into project.\nTopics: acme, churn-model, copier\nDocs: False\n"
    );
    assert!(ours.join("churn_model/__init__.py").is_file());
}

/// A Python without copier-templates-extensions: jig's stand-in for its `ContextHook` gives
/// the same bytes as the package.
#[test]
fn context_hooks_run_without_the_package_installed() {
    let sb = Sandbox::new();
    hook_template(&sb);
    let block = sb.path().join("block");
    write(
        &block.join("sitecustomize.py"),
        b"import sys\nsys.modules['copier_template_extensions'] = None\nsys.modules['copier_templates_extensions'] = None\n",
    );
    let python = sb.path().join("python-without-cte");
    write(
        &python,
        format!(
            "#!/bin/sh\nPYTHONPATH={} exec {} \"$@\"\n",
            block.display(),
            repo().join(".venv/bin/python").display()
        )
        .as_bytes(),
    );
    make_executable(&python);
    let theirs = copier_copy(&sb, &["docs=true"]);
    let (out, ours) = jig_new(&sb, &["docs=true"], Some(&python));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_same_tree(&theirs, &ours);
}

#[test]
fn untrusted_context_hooks_are_refused_naming_the_hook() {
    let sb = Sandbox::new();
    hook_template(&sb);
    for extra in [&[][..], &["--no-hooks"][..]] {
        let out = sb
            .jig()
            .args(["new", "./tpl", "proj", "--defaults"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "error: the blueprint at ./tpl has Jinja extensions written in Python, and it is not trusted\n\
                 \x20 would run: extensions/context.py:RepositoryIds (a copier-templates-extensions ContextHook: Python that computes the render context; from `_jinja_extensions`, while rendering)\n\
                 \x20 would run: extensions/context.py:LegacyReturn (a copier-templates-extensions ContextHook: Python that computes the render context; from `_jinja_extensions`, while rendering)\n\
                 hint: the template cannot be rendered without its extensions: read them, then pass --trust to run them\n\
                 hint: to always trust this source, add `{}` under `trusted:` in {}\n",
                sb.path().join("tpl").canonicalize().unwrap().display(),
                sb.path().join("config/jig/config.yaml").display()
            )
        );
        assert!(!sb.path().join("proj").exists());
    }
}

/// A template whose one extension is `class_source` (in extensions.py, class `Ext`).
fn one_extension(sb: &Sandbox, class_source: &str) -> PathBuf {
    let tpl = sb.path().join("ext");
    write(
        &tpl.join("copier.yml"),
        b"_jinja_extensions:\n  - extensions.py:Ext\n_exclude:\n  - copier.yml\n  - extensions.py\n  - __pycache__\nname:\n  default: jig\n",
    );
    write(&tpl.join("extensions.py"), class_source.as_bytes());
    write(&tpl.join("out.txt.jinja"), b"[{{ value }}]\n");
    tpl
}

fn refused(sb: &Sandbox) -> String {
    let out = sb
        .jig()
        .args(["new", "./ext", "proj", "--defaults", "--trust"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!sb.path().join("proj").exists());
    stderr(&out)
}

#[test]
fn extensions_jig_cannot_run_are_refused_by_name() {
    let config = |sb: &Sandbox| sb.path().join("ext/copier.yml").display().to_string();
    let sb = Sandbox::new();
    one_extension(
        &sb,
        "from jinja2.ext import Extension\n\nclass Ext(Extension):\n    def preprocess(self, source, name, filename=None):\n        return source.replace('[', '<')\n",
    );
    let err = refused(&sb);
    assert!(
        err.starts_with(&format!(
            "error: {}: `_jinja_extensions`: `extensions.py:Ext` rewrites template sources (`preprocess`), which jig cannot do\n",
            config(&sb)
        )),
        "{err}"
    );

    let sb = Sandbox::new();
    one_extension(
        &sb,
        "from copier_template_extensions import ContextHook\n\nclass Thing:\n    pass\n\nclass Ext(ContextHook):\n    def hook(self, context):\n        context['value'] = Thing()\n",
    );
    let err = refused(&sb);
    assert!(
        err.starts_with(&format!(
            "error: {}: the ContextHook `Ext` (from the template's `_jinja_extensions`): TypeError: `value` is a Python Thing, which jig's renderer cannot be given (text, numbers, lists and mappings can)\n",
            config(&sb)
        )),
        "{err}"
    );

    let sb = Sandbox::new();
    one_extension(
        &sb,
        "from copier_template_extensions import ContextHook\n\nclass Ext(ContextHook):\n    def hook(self, context):\n        context['value'] = context['nope']\n",
    );
    let err = refused(&sb);
    assert!(
        err.starts_with(&format!(
            "error: {}: the ContextHook `Ext` (from the template's `_jinja_extensions`): KeyError: 'nope'\n",
            config(&sb)
        )),
        "{err}"
    );
}
