//! A Cookiecutter template's own Jinja extensions (`_extensions` naming a module it ships):
//! refused without trust before any of its code runs, rendered with trust (through the test
//! venv's Python), their errors named with the place, bounded by the hook timeout, and needed
//! again by `jig check`. Byte-for-byte agreement with Cookiecutter is in the conformance
//! harness (`local-extensions`, `test-extensions/local_extension`).

use crate::common::*;
use pretty_assertions::assert_eq;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

/// A template whose extension module leaves `imported` in the sandbox when Python loads it.
fn template(sb: &Sandbox, content: &str) -> PathBuf {
    let root = sb.path().join("templates/ext");
    let marker = sb.path().join("imported");
    let module = format!(
        r#"import time
from jinja2.ext import Extension

open({marker:?}, "w").close()


def stamp(value, times=1, *, sep="-"):
    if value == "boom":
        raise ValueError("stamp cannot take boom")
    if value == "slow":
        time.sleep(60)
    return sep.join([value.upper()] * times)


class Stamp(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        print("extension output is not part of the protocol")
        environment.filters["stamp"] = stamp
        environment.tests["shouty"] = lambda value: value.isupper()
        environment.globals["team"] = "platform"
"#,
        marker = marker.display().to_string()
    );
    for (rel, text) in [
        (
            "cookiecutter.json",
            r#"{"name": "churn", "_extensions": ["local_extensions.Stamp"]}"#,
        ),
        ("local_extensions.py", module.as_str()),
        ("{{cookiecutter.name}}/a.txt", content),
    ] {
        write(&root.join(rel), text.as_bytes());
    }
    root
}

#[test]
fn untrusted_extensions_are_refused_before_any_of_their_code_runs() {
    let sb = Sandbox::new();
    let tpl = template(&sb, "{{ cookiecutter.name | stamp }}\n");
    for extra in [&[][..], &["--no-hooks"][..]] {
        let out = sb.new_project(&tpl, extra);
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "error: the blueprint at {dir} has Jinja extensions written in Python, and it is not trusted\n\
                 \x20 would run: local_extensions.Stamp (from `_extensions`, while rendering)\n\
                 hint: the template cannot be rendered without its extensions: read them, then pass --trust to run them\n\
                 hint: to always trust this source, add `{dir}` under `trusted:` in {config}\n",
                dir = tpl.display(),
                config = sb.path().join("config/jig/config.yaml").display(),
            )
        );
        assert!(!sb.out().exists(), "nothing is written");
        assert!(!sb.path().join("imported").exists(), "the module never ran");
    }
}

#[test]
fn trusted_extensions_render_and_check_needs_them_again() {
    let sb = Sandbox::new();
    let tpl = template(
        &sb,
        "{{ cookiecutter.name | stamp(2, sep='+') }} {{ cookiecutter.name | stamp is shouty }} {{ team }}\n",
    );
    let out = sb.new_project(&tpl, &["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("churn");
    assert_eq!(read(&project.join("a.txt")), "CHURN+CHURN True platform\n");
    assert!(
        !stderr(&out).contains("extension output"),
        "the extension's prints stay out of jig's output: {}",
        stderr(&out)
    );

    let check = |extra: &[&str]| {
        sb.jig()
            .arg("check")
            .arg(&project)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = check(&["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("content  in-sync (1 in-sync)"),
        "{}",
        stdout(&out)
    );
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("has Jinja extensions written in Python, and it is not trusted"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_extension_that_raises_is_named_with_the_place() {
    let sb = Sandbox::new();
    let tpl = template(&sb, "line one\n{{ cookiecutter.name | stamp }}\n");
    let out = sb.new_project(&tpl, &["--trust", "--data", "name=boom"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: cannot render {{cookiecutter.name}}/a.txt:2:24: invalid operation: filter `stamp` (from the template's `_extensions`): ValueError: stamp cannot take boom\n\
         \x20    2 | {{ cookiecutter.name | stamp }}\n\
         \x20      |                        ^^^^^\n\
         \x20 nothing was written\n"
    );
    assert!(!sb.out().exists());
}

#[test]
fn a_slow_extension_is_stopped_at_the_hook_timeout() {
    let sb = Sandbox::new();
    let tpl = template(&sb, "{{ cookiecutter.name | stamp }}\n");
    let started = std::time::Instant::now();
    let out = sb
        .jig()
        .env("JIG_HOOK_TIMEOUT", "1")
        .args(["new", tpl.to_str().unwrap(), "--defaults", "-o", "out"])
        .args(["--trust", "--data", "name=slow"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "filter `stamp` (from the template's `_extensions`): took longer than 1 s, so it was stopped (JIG_HOOK_TIMEOUT sets the limit)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed().as_secs() < 30, "the worker was killed");
    assert!(!sb.out().exists());
}

#[test]
fn a_python_without_jinja2_is_named_with_the_fix() {
    let sb = Sandbox::new();
    let tpl = template(&sb, "{{ cookiecutter.name | stamp }}\n");
    // The venv's Python without its site-packages: no Jinja2.
    let python = sb.path().join("bin/bare-python");
    write(&python, b"#!/bin/sh\nexec python3 -S \"$@\"\n");
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = sb
        .jig()
        .env("JIG_PYTHON", &python)
        .args([
            "new",
            tpl.to_str().unwrap(),
            "--defaults",
            "-o",
            "out",
            "--trust",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the template's Jinja extensions need Jinja2, and `{p}` cannot import it\n\
             \x20 the template names its own Python modules in `_extensions`; they import Jinja2\n\
             hint: install it there (`{p} -m pip install jinja2 cookiecutter`), or point JIG_PYTHON at a Python that has it\n",
            p = python.display()
        )
    );
    assert!(!sb.out().exists());
}

#[test]
fn an_extensions_filter_is_suggested_and_never_given_an_undefined_value() {
    let sb = Sandbox::new();
    let tpl = template(&sb, "{{ cookiecutter.name | stmap }}\n");
    let out = sb.new_project(&tpl, &["--trust"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("hint: did you mean `stamp`?\n"),
        "{}",
        stderr(&out)
    );
    let tpl = template(&sb, "{{ cookiecutter.nmae | stamp }}\n");
    let out = sb.new_project(&tpl, &["--trust"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "undefined value: filter `stamp` was given an undefined value (is a name before it misspelt?)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!sb.out().exists());
}

#[test]
fn without_a_terminal_a_misspelt_data_key_is_named_before_any_code_runs() {
    let sb = Sandbox::new();
    let tpl = template(&sb, "{{ cookiecutter.name | stamp }}\n");
    let out = sb
        .jig_std()
        .args(["new", tpl.to_str().unwrap(), "-o", "out", "--trust"])
        .args(["--data", "nmae=x"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: --data names variables ext does not have: nmae\nhint: did you mean `name`? (the template's variables: name)\n"
    );
    assert!(
        !sb.path().join("imported").exists(),
        "the extension never ran"
    );
}
