//! Cookiecutter templates through `jig new`: what jig adds or does differently from
//! Cookiecutter (trust, answers file, git, errors, abbreviations, prompts). Byte-for-byte
//! agreement with Cookiecutter itself is checked by the conformance harness.

use crate::common::*;
use expectrl::Expect;
use pretty_assertions::assert_eq;
use std::path::{Path, PathBuf};

/// Writes a Cookiecutter template: `files` are (path below the template dir, content).
fn template(sb: &Sandbox, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = sb.path().join("templates").join(name);
    for (rel, content) in files {
        write(&root.join(rel), content.as_bytes());
    }
    root
}

fn basic(sb: &Sandbox) -> PathBuf {
    template(
        sb,
        "basic",
        &[
            (
                "cookiecutter.json",
                r#"{"project_name": "Churn Model", "slug": "{{ cookiecutter.project_name.lower().replace(' ', '-') }}", "license": ["MIT", "BSD-3"], "_secret_sauce": "{{ raw }}"}"#,
            ),
            (
                "{{cookiecutter.slug}}/README.md",
                "# {{ cookiecutter.project_name }} ({{ cookiecutter.license }})\n",
            ),
        ],
    )
}

#[test]
fn records_answers_and_commits_like_a_blueprint() {
    let sb = Sandbox::new();
    let tpl = basic(&sb);
    let out = sb.new_project(&tpl, &["--data", "license=BSD-3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("churn-model");
    assert_eq!(read(&project.join("README.md")), "# Churn Model (BSD-3)\n");
    let answers = read(&project.join(".jig/basic.yaml"));
    assert!(answers.contains("version: unversioned\n"), "{answers}");
    assert!(answers.contains("format: cookiecutter\n"), "{answers}");
    assert!(
        answers.contains("  project_name: Churn Model\n  slug: churn-model\n  license: BSD-3\n"),
        "{answers}"
    );
    assert!(
        !answers.contains("_secret_sauce"),
        "private keys are not answers: {answers}"
    );
    let repo = git2::Repository::open(&project).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert!(head
        .message()
        .unwrap()
        .starts_with("Initial commit from blueprint basic unversioned"));
}

#[test]
fn unknown_data_keys_and_bad_choices_are_errors() {
    let sb = Sandbox::new();
    let tpl = basic(&sb);
    let out = sb.new_project(&tpl, &["--data", "projct_name=X"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --data names variables basic does not have: projct_name\nhint: did you mean `project_name`? (the template's variables: project_name, slug, license)\n"
    );
    let out = sb.new_project(&tpl, &["--data", "license=GPL"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --data license: GPL provided for choice variable license, but the choices are ['MIT', 'BSD-3']\n"
    );
    assert!(!sb.out().exists());
}

#[test]
fn without_a_terminal_every_variable_needs_a_value() {
    let sb = Sandbox::new();
    let tpl = basic(&sb);
    let out = sb
        .jig()
        .arg("new")
        .arg(&tpl)
        .args(["-o", "out", "--data", "project_name=X"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("slug: pass --data slug=VALUE"), "{err}");
    assert!(err.contains("license: pass --data license=VALUE"), "{err}");
    assert!(!err.contains("project_name: pass"), "{err}");
}

#[test]
fn hooks_follow_the_trust_rule() {
    let sb = Sandbox::new();
    let tpl = template(
        &sb,
        "hooked",
        &[
            ("cookiecutter.json", r#"{"name": "hooked"}"#),
            ("{{cookiecutter.name}}/a.txt", "a\n"),
            (
                "hooks/post_gen_project.py",
                "open('from_hook.txt', 'w').write('{{ cookiecutter.name }}')\n",
            ),
        ],
    );
    let out = sb.new_project(&tpl, &[]);
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("would run: hooks/post_gen_project.py"),
        "{err}"
    );
    assert!(!sb.out().exists());

    let out = sb.new_project(&tpl, &["--no-hooks"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!sb.out().join("hooked/from_hook.txt").exists());

    std::fs::remove_dir_all(sb.out()).unwrap();
    let out = sb.new_project(&tpl, &["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("hooked/from_hook.txt")), "hooked");
}

#[test]
fn a_failing_hook_leaves_nothing_and_shows_its_output() {
    let sb = Sandbox::new();
    let tpl = template(
        &sb,
        "failing",
        &[
            ("cookiecutter.json", r#"{"name": "failing"}"#),
            ("{{cookiecutter.name}}/a.txt", "a\n"),
            (
                "hooks/pre_gen_project.py",
                "import sys\nprint('bad name: {{ cookiecutter.name }}')\nsys.exit(10)\n",
            ),
        ],
    );
    let out = sb.new_project(&tpl, &["--trust"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // Shown as the hook prints it (as Cookiecutter does), then the failure.
    assert!(
        err.starts_with(
            "  | bad name: failing\nerror: pre_gen hook `hooks/pre_gen_project.py` failed with exit code 10\n"
        ),
        "{err}"
    );
    assert!(!sb.out().exists(), "nothing is left behind");
}

#[test]
fn python_extensions_are_named_not_ignored() {
    let sb = Sandbox::new();
    let tpl = template(
        &sb,
        "ext",
        &[
            (
                "cookiecutter.json",
                r#"{"name": "x", "_extensions": ["jinja2_time.TimeExtension", "local_extensions.shout"]}"#,
            ),
            (
                "{{cookiecutter.name}}/a.txt",
                "{{ cookiecutter.name | shout }}\n",
            ),
        ],
    );
    let out = sb.new_project(&tpl, &[]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: {}: `_extensions` names the Python Jinja extension `local_extensions.shout`, which jig cannot load\n",
            tpl.join("cookiecutter.json").display()
        )),
        "{err}"
    );
}

#[test]
fn abbreviations_from_cookiecutterrc_expand() {
    let sb = Sandbox::new();
    let tpl = basic(&sb);
    let rc = sb.path().join("rc.yaml");
    let templates = tpl.parent().unwrap().display().to_string();
    write(
        &rc,
        format!("abbreviations:\n  team: {templates}/{{0}}\ndefault_context:\n  project_name: From Rc\n").as_bytes(),
    );
    let out = sb
        .jig()
        .env("COOKIECUTTER_CONFIG", &rc)
        .args(["new", "team:basic", "--defaults", "-o", "out", "--no-git"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&sb.out().join("from-rc/README.md")),
        "# From Rc (MIT)\n"
    );

    // `gh:` expands to GitHub (the cache has nothing for it, and --offline says so).
    let out = sb
        .jig()
        .args(["new", "gh:org/templates", "--offline"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: --offline: https://github.com/org/templates.git is not in the cache\n\
         hint: run once without --offline to fill the cache (JIG_CACHE_DIR)\n"
    );
}

#[test]
fn directory_picks_one_template_of_several() {
    let sb = Sandbox::new();
    let root = sb.path().join("templates/many");
    for name in ["api", "batch"] {
        write(
            &root.join(name).join("cookiecutter.json"),
            format!(r#"{{"name": "{name}-svc"}}"#).as_bytes(),
        );
        write(
            &root.join(name).join("{{cookiecutter.name}}/kind.txt"),
            name.as_bytes(),
        );
    }
    let out = sb.new_project(&root, &["--directory", "batch", "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("batch-svc/kind.txt")), "batch");
    assert!(read(&sb.out().join("batch-svc/.jig/batch.yaml")).contains("directory: batch\n"));
}

#[test]
fn prompts_ask_in_order_with_labels_in_a_real_terminal() {
    let sb = Sandbox::new();
    let tpl = template(
        &sb,
        "prompts",
        &[
            (
                "cookiecutter.json",
                r#"{"project_name": "Demo", "slug": "{{ cookiecutter.project_name.lower() }}", "region": ["us-east-1", "eu-west-1"], "gpu": false, "_hidden": "x", "__derived": "{{ cookiecutter.slug }}-d",
                   "__prompts__": {"project_name": "Name of the project", "region": {"__prompt__": "Which region?", "eu-west-1": "Ireland"}}}"#,
            ),
            (
                "{{cookiecutter.slug}}/out.txt",
                "{{ cookiecutter.project_name }}|{{ cookiecutter.slug }}|{{ cookiecutter.region }}|{{ cookiecutter.gpu }}|{{ cookiecutter.__derived }}\n",
            ),
        ],
    );
    let mut s = sb.pty_jig(&["new", tpl.to_str().unwrap(), "-o", "out", "--no-git"]);
    s.expect("[1/4] Name of the project").unwrap();
    s.send_line("Fraud").unwrap();
    // The next default is rendered from the answer just given.
    s.expect("[2/4] slug").unwrap();
    s.expect("fraud").unwrap();
    s.send_line("").unwrap();
    s.expect("[3/4] Which region?").unwrap();
    s.expect("Ireland").unwrap();
    s.send("\x1b[B").unwrap();
    s.send("\r").unwrap();
    s.expect("[4/4] gpu").unwrap();
    s.send("y\r").unwrap();
    s.expect("Created").unwrap();
    s.expect(expectrl::Eof).unwrap();
    assert_eq!(
        read(&sb.out().join("fraud/out.txt")),
        "Fraud|fraud|eu-west-1|True|fraud-d\n"
    );
}

#[test]
fn pretend_shows_the_plan_and_writes_nothing() {
    let sb = Sandbox::new();
    let tpl = basic(&sb);
    let out = sb.new_project(&tpl, &["--pretend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rendered       README.md"), "{text}");
    assert!(!Path::new(&sb.out()).exists());
}

/// A Cookiecutter template at a tag is that version: the summary and the first commit say so,
/// as the answers file does.
#[test]
fn a_tagged_cookiecutter_template_reports_its_version() {
    let sb = Sandbox::new();
    let repo = sb.path().join("tpl");
    write(&repo.join("cookiecutter.json"), br#"{"name": "demo"}"#);
    write(&repo.join("{{cookiecutter.name}}/a.txt"), b"a\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
    let source = format!("file://{}@v1.0.0", repo.display());
    let out = sb
        .jig()
        .args(["new", &source, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Created out/demo from tpl 1.0.0 (1 files)"),
        "{}",
        stderr(&out)
    );
    let log = git(&sb.out().join("demo"), &["log", "--format=%s"]);
    assert_eq!(log, "Initial commit from blueprint tpl 1.0.0");
}
