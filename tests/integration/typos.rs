//! Template mistakes named where they are, with what was probably meant, before any question
//! is asked in a terminal: a misspelt variable, an unknown filter or test, a syntax error.

use crate::common::*;
use expectrl::Expect;

fn typo_blueprint(sb: &Sandbox) -> std::path::PathBuf {
    sb.blueprint(
        "typo",
        &[
            (
                "blueprint.yaml",
                &manifest("  project_name:\n    default: Churn\n"),
            ),
            (
                "template/README.md",
                "line one\n# {{ projetc_name }} is here\n{{ project_name | kebabcase }}\n",
            ),
        ],
    )
}

#[test]
fn a_misspelt_variable_is_marked_with_its_nearest_question() {
    let sb = Sandbox::new();
    let bp = typo_blueprint(&sb);
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot render README.md:2:6: undefined variable `projetc_name`\n\
         \x20    2 | # {{ projetc_name }} is here\n\
         \x20      |      ^^^^^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `project_name`? (variables: jig, project_slug, project_name)\n"
    );
    assert!(!sb.out().exists());
}

#[test]
fn lint_names_unknown_filters_and_tests_with_suggestions() {
    let sb = Sandbox::new();
    let bp = typo_blueprint(&sb);
    write(
        &bp.join("template/t.txt"),
        b"{% if project_name is stirng %}{{ project_name | upper }}{% endif %}\n",
    );
    let out = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let shown = bp.display();
    assert_eq!(
        stdout(&out),
        format!(
            "{shown}/template/README.md:2:6: error[undefined-variable]: `projetc_name` is not a question (or a variable the template sets); did you mean `project_name`?\n\
             {shown}/template/README.md:3:19: error[unknown-filter]: there is no filter `kebabcase`; did you mean `kebab_case`?\n\
             {shown}/template/t.txt:1:23: error[unknown-filter]: there is no test `stirng`; did you mean `string`?\n"
        )
    );
}

#[test]
fn jig_test_names_the_file_line_and_column() {
    let sb = Sandbox::new();
    let bp = typo_blueprint(&sb);
    let out = sb.jig().arg("test").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            "README.md:2:6: undefined variable `projetc_name` (did you mean `project_name`?)"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn in_a_terminal_template_mistakes_stop_jig_before_the_first_question() {
    let sb = Sandbox::new();
    let bp = typo_blueprint(&sb);
    let mut s = sb.pty_jig(&["new", bp.to_str().unwrap(), "-o", "out"]);
    let found = s.expect("template error(s)").unwrap();
    let before = String::from_utf8_lossy(found.before()).into_owned();
    assert!(
        !before.contains("project_name"),
        "a question was asked: {before}"
    );
    s.expect("README.md:2:6: `projetc_name` is not a question")
        .unwrap();
    s.expect("README.md:3:19: there is no filter `kebabcase`; did you mean `kebab_case`?")
        .unwrap();
    s.expect("nothing was asked, nothing was written").unwrap();
    s.expect("jig lint").unwrap();
    s.expect(expectrl::Eof).unwrap();
    assert!(!sb.out().exists());
}

/// A Cookiecutter template's misspelt attribute is matched among `cookiecutter`'s keys (not
/// "corrected" to `_cookiecutter`), and an unknown filter gets the nearest one the template
/// can use, in a file and in `cookiecutter.json`, in a run with no terminal.
#[test]
fn cookiecutter_typos_get_the_nearest_key_or_filter() {
    let sb = Sandbox::new();
    let root = sb.path().join("templates/cc");
    let files = |json: &str, readme: &str| {
        write(&root.join("cookiecutter.json"), json.as_bytes());
        write(
            &root.join("{{cookiecutter.name}}/README.md"),
            readme.as_bytes(),
        );
    };
    let run = || {
        sb.jig_std()
            .arg("new")
            .arg(&root)
            .args(["--defaults", "-o", "out", "--no-git"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let json = r#"{"name": "churn", "slug": "{{ cookiecutter.name | slugify }}"}"#;
    files(json, "# {{ cookiecutter.nmae }}\n");
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with(
            "hint: did you mean `cookiecutter.name`? (keys of `cookiecutter`: name, slug)\n"
        ),
        "{}",
        stderr(&out)
    );
    files(json, "# {{ cookiecutter.name | uper }}\n");
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with("hint: did you mean `upper`?\n"),
        "{}",
        stderr(&out)
    );
    files(
        r#"{"name": "churn", "slug": "{{ cookiecutter.name | slugfy }}"}"#,
        "# {{ cookiecutter.name }}\n",
    );
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "error: unable to render variable `slug` in cookiecutter.json: unknown filter `slugfy`\n"
        ),
        "{err}"
    );
    assert!(err.ends_with("hint: did you mean `slugify`?\n"), "{err}");
    assert!(!sb.out().exists());
}
