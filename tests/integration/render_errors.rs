//! A template that cannot render names the file, line, the undefined name (or filter,
//! function, attribute and the object it was looked up on) and the nearest known name, on
//! every path: `jig new` scripted and in a terminal, Cookiecutter and Copier templates,
//! `jig update`, `jig check`, `jig diff` and `jig test`. Exact texts, as `just` pins them.

use crate::common::*;
use crate::lifecycle::*;
use expectrl::Expect;
use std::process::{Output, Stdio};

const QUESTIONS: &str = "  project_name:\n    default: Churn\n  aws_region:\n    type: choice\n    choices: [eu-west-1, us-east-1]\n    default: eu-west-1\n  package_name:\n    computed: \"{{ project_slug | replace('-', '_') }}\"\n  instance_type:\n    default: ml.t3.medium\n";

/// The misspelt name sits under a filter: minijinja fails at `upper`, jig names `projet_name`.
const README: &str = "# Churn\n\nBy {{ projet_name | upper }}.\n";

const README_ERROR: &str = "error: cannot render README.md:3:7: undefined variable `projet_name`\n\
    \x20    3 | By {{ projet_name | upper }}.\n\
    \x20      |       ^^^^^^^^^^^\n\
    \x20 nothing was written\n\
    hint: did you mean `project_name`? (variables: jig, project_slug, project_name, aws_region, package_name, instance_type)\n";

fn blueprint(sb: &Sandbox) -> std::path::PathBuf {
    sb.blueprint(
        "bp",
        &[
            ("blueprint.yaml", &manifest(QUESTIONS)),
            ("template/README.md", README),
        ],
    )
}

/// `jig new BP -o out ARGS` with no terminal (stdin closed).
fn scripted(sb: &Sandbox, source: &std::path::Path, args: &[&str]) -> Output {
    sb.jig_std()
        .arg("new")
        .arg(source)
        .args(["-o", "out"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn assert_failed(sb: &Sandbox, out: &Output, code: i32, expected: &str) {
    assert_eq!(stderr(out), expected);
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    assert!(!sb.out().exists(), "{:?}", tree(&sb.out()));
    assert_eq!(listing(&sb.path().join("tmp")), Vec::<String>::new());
}

#[test]
fn a_scripted_run_names_the_misspelt_variable_and_its_nearest_question() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb);
    let answers = sb.path().join("answers.yaml");
    write(&answers, b"project_name: Churn\n");
    for args in [
        &["--defaults"][..],
        &["--data", "project_name=Churn", "--defaults"],
        &["--data-file", answers.to_str().unwrap(), "--defaults"],
    ] {
        let out = scripted(&sb, &bp, args);
        assert_failed(&sb, &out, 1, README_ERROR);
    }
}

#[test]
fn an_unknown_attribute_filter_and_function_are_named_with_the_nearest_known_one() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb);
    let readme = bp.join("template/README.md");
    write(&readme, b"{{ jig.nope }}\n");
    let out = scripted(&sb, &bp, &["--defaults"]);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot render README.md:1:4: `jig` has no key `nope`\n"),
        "{err}"
    );
    write(&readme, b"{{ project_name | uper }}\n");
    assert_failed(
        &sb,
        &scripted(&sb, &bp, &["--defaults"]),
        1,
        "error: cannot render README.md:1:19: unknown filter `uper`\n\
         \x20    1 | {{ project_name | uper }}\n\
         \x20      |                   ^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `upper`?\n",
    );
    write(&readme, b"{% for i in rnage(3) %}{% endfor %}\n");
    assert_failed(
        &sb,
        &scripted(&sb, &bp, &["--defaults"]),
        1,
        "error: cannot render README.md:1:13: unknown function `rnage`\n\
         \x20    1 | {% for i in rnage(3) %}{% endfor %}\n\
         \x20      |             ^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `range`?\n",
    );
    // A path template names the path.
    std::fs::remove_file(&readme).unwrap();
    write(&bp.join("template/{{ pakage_name }}/__init__.py"), b"");
    assert_failed(
        &sb,
        &scripted(&sb, &bp, &["--defaults"]),
        1,
        "error: cannot render {{ pakage_name }}:1:4: undefined variable `pakage_name`\n\
         \x20    1 | {{ pakage_name }}\n\
         \x20      |    ^^^^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `package_name`? (variables: jig, project_slug, project_name, aws_region, package_name, instance_type)\n",
    );
}

#[test]
fn in_a_terminal_the_render_error_after_the_questions_is_the_same() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb);
    // An attribute of a string: not a mistake `jig lint` finds before the questions.
    write(&bp.join("template/README.md"), b"{{ project_name.nope }}\n");
    let mut s = sb.pty_jig(&["new", bp.to_str().unwrap(), "-o", "out"]);
    for question in [
        "project_slug",
        "project_name",
        "aws_region",
        "instance_type",
    ] {
        s.expect(question).unwrap();
        s.send("\r").unwrap();
    }
    s.expect("error: cannot render README.md:1:4: `project_name` has no attribute `nope`")
        .unwrap();
    s.expect("nothing was written").unwrap();
    s.expect(expectrl::Eof).unwrap();
    assert!(!sb.out().exists());
}

#[test]
fn data_naming_no_question_or_no_choice_gets_the_nearest_one() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb);
    write(&bp.join("template/README.md"), b"{{ project_name }}\n");
    assert_failed(
        &sb,
        &scripted(&sb, &bp, &["--defaults", "--data", "instnace_type=ml.m5.large"]),
        2,
        "error: --data names unknown question: instnace_type\n\
         hint: did you mean `instance_type`? (this blueprint asks: project_slug, project_name, aws_region, instance_type)\n",
    );
    assert_failed(
        &sb,
        &scripted(&sb, &bp, &["--defaults", "--data", "aws_region=eu-wset-1"]),
        2,
        "error: 1 invalid answer\n\
         \x20 aws_region (from --data): `eu-wset-1` is not one of: eu-west-1, us-east-1; did you mean `eu-west-1`?\n",
    );
    // A computed question is not answerable: neither listed nor accepted.
    let answers = sb.path().join("answers.yaml");
    write(&answers, b"package_name: churn\nprojet_name: x\n");
    assert_failed(
        &sb,
        &scripted(
            &sb,
            &bp,
            &["--defaults", "--data-file", answers.to_str().unwrap()],
        ),
        2,
        &format!(
            "error: --data-file {} names unknown questions: package_name, projet_name\n\
             \x20 `package_name` is computed from the other answers, so it is never asked\n\
             hint: `projet_name`: did you mean `project_name`?\n\
             hint: this blueprint asks: project_slug, project_name, aws_region, instance_type\n",
            answers.display()
        ),
    );
}

fn cookiecutter(sb: &Sandbox, readme: &str) -> std::path::PathBuf {
    let root = sb.path().join("templates/cc");
    write(
        &root.join("cookiecutter.json"),
        br#"{"project_name": "Churn", "project_slug": "{{ cookiecutter.project_name.lower() }}", "author": "me"}"#,
    );
    write(
        &root.join("{{cookiecutter.project_slug}}/README.md"),
        readme.as_bytes(),
    );
    root
}

#[test]
fn a_cookiecutter_template_names_the_missing_key_of_cookiecutter() {
    let sb = Sandbox::new();
    let root = cookiecutter(
        &sb,
        "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.nope }}\n",
    );
    assert_failed(
        &sb,
        &scripted(&sb, &root, &["--defaults"]),
        1,
        "error: cannot render {{cookiecutter.project_slug}}/README.md:3:4: `cookiecutter` has no key `nope`\n\
         \x20    3 | {{ cookiecutter.nope }}\n\
         \x20      |    ^^^^^^^^^^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: `cookiecutter` has the keys: project_name, project_slug, author\n",
    );
    write(
        &root.join("{{cookiecutter.project_slug}}/README.md"),
        b"by {{ cookiecutter.autor | title }}\n",
    );
    assert_failed(
        &sb,
        &scripted(&sb, &root, &["--defaults"]),
        1,
        "error: cannot render {{cookiecutter.project_slug}}/README.md:1:7: `cookiecutter` has no key `autor`\n\
         \x20    1 | by {{ cookiecutter.autor | title }}\n\
         \x20      |       ^^^^^^^^^^^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `cookiecutter.author`? (keys of `cookiecutter`: project_name, project_slug, author)\n",
    );
    write(
        &root.join("cookiecutter.json"),
        br#"{"project_name": "Churn", "project_slug": "{{ cookiecutter.project_nmae.lower() }}"}"#,
    );
    assert_failed(
        &sb,
        &scripted(&sb, &root, &["--defaults"]),
        1,
        "error: unable to render variable `project_slug` in cookiecutter.json: `cookiecutter` has no key `project_nmae`\n\
         \x20    1 | {{ cookiecutter.project_nmae.lower() }}\n\
         \x20      |    ^^^^^^^^^^^^^^^^^^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `cookiecutter.project_name`? (keys of `cookiecutter`: project_name)\n",
    );
}

fn copier(sb: &Sandbox, readme: &str) -> std::path::PathBuf {
    let root = sb.path().join("templates/cp");
    write(
        &root.join("copier.yml"),
        b"project_name:\n  type: str\n  default: Churn\nauthor:\n  type: str\n  default: me\n",
    );
    write(&root.join("README.md.jinja"), readme.as_bytes());
    root
}

fn copier_new(sb: &Sandbox, root: &std::path::Path) -> Output {
    sb.jig_std()
        .arg("new")
        .arg(root)
        .arg(sb.out())
        .args(["--defaults", "--no-git"])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Copier's undefined is lenient (an undefined name prints as nothing) except where Jinja2's
/// is strict (an attribute of an undefined name): jig fails only there, and names it.
#[test]
fn a_copier_template_fails_only_where_copier_does_and_names_the_name() {
    let sb = Sandbox::new();
    let root = copier(&sb, "# {{ projet_name }}\n");
    let out = copier_new(&sb, &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("README.md")), "# \n");
    std::fs::remove_dir_all(sb.out()).unwrap();
    let root = copier(&sb, "# {{ project_name }}\n{{ projet_name.title() }}\n");
    assert_failed(
        &sb,
        &copier_new(&sb, &root),
        1,
        "warning: README.md.jinja uses `projet_name`, which no question or setting defines: it renders as nothing, as with Copier (did you mean `project_name`?)\n\
         error: cannot render README.md.jinja:2:4: undefined variable `projet_name` (unknown method: undefined has no method named title)\n\
         \x20    2 | {{ projet_name.title() }}\n\
         \x20      |    ^^^^^^^^^^^\n\
         \x20 nothing was written\n\
         hint: did you mean `project_name`? (variables: project_name, author)\n",
    );
    let root = copier(&sb, "{{ _copier_conf.answers_fille.x }}\n");
    let out = copier_new(&sb, &root);
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "error: cannot render README.md.jinja:1:4: `_copier_conf` has no key `answers_fille`\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: did you mean `_copier_conf.answers_file`? (keys of `_copier_conf`: "),
        "{err}"
    );
    assert!(!sb.out().exists());
}

/// A project made from v1; v2 of its blueprint has a misspelt name.
fn project_behind_a_broken_release() -> (Sandbox, std::path::PathBuf) {
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    let questions =
        "  project_name:\n    default: Churn\n  docs:\n    type: boolean\n    default: false\n";
    let readme = b"# {{ project_name }}\n{% if docs %}\nsee {{ projet_name }}/docs\n{% endif %}\n";
    bp.release("1.0.0", questions, "", &[("README.md", readme)]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    bp.release(
        "1.1.0",
        questions,
        "",
        &[(
            "README.md",
            b"# {{ project_name }}\n\n{{ projet_name | upper }}\n",
        )],
    );
    (sb, project)
}

const UPDATE_ERROR: &str = "error: cannot render README.md:3:4: undefined variable `projet_name`\n\
    \x20    3 | {{ projet_name | upper }}\n\
    \x20      |    ^^^^^^^^^^^\n\
    \x20 nothing was written\n\
    hint: did you mean `project_name`? (variables: jig, project_slug, project_name, docs)\n";

#[test]
fn update_and_diff_upstream_name_the_misspelt_variable_of_the_new_version() {
    let (sb, project) = project_behind_a_broken_release();
    let before = tree(&project);
    let head = git(&project, &["rev-parse", "HEAD"]);
    let (code, out, err) = jig_in(&sb, &project, &["update"]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", UPDATE_ERROR));
    assert_eq!(tree(&project), before);
    assert_eq!(git(&project, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&project, &["status", "--porcelain"]), "");
    let (code, out, err) = jig_in(&sb, &project, &["diff", "--upstream"]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", UPDATE_ERROR));
}

/// The recorded version renders again for `check` and `diff`: an answer edited by hand takes
/// it down a branch with the misspelt name.
#[test]
fn check_and_diff_name_the_misspelt_variable_of_the_recorded_version() {
    let (sb, project) = project_behind_a_broken_release();
    let answers = project.join(".jig/svc.yaml");
    let edited = read(&answers).replace("docs: false", "docs: true");
    write(&answers, edited.as_bytes());
    commit_all(&project, "docs on");
    let (code, out, err) = jig_in(&sb, &project, &["diff"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "error: cannot render README.md:3:8: undefined variable `projet_name`\n\
             \x20    3 | see {{ projet_name }}/docs\n\
             \x20      |        ^^^^^^^^^^^\n\
             \x20 nothing was written\n\
             hint: did you mean `project_name`? (variables: jig, project_slug, project_name, docs)\n"
        )
    );
    let (code, out, _) = jig_in(&sb, &project, &["check"]);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "svc 1.0.0 (.jig/svc.yaml)\n\
             \x20 version  behind 1.0.0 -> 1.1.0\n\
             \x20 content  unknown: cannot render README.md:3:8: undefined variable `projet_name`; nothing was written (hint: did you mean `project_name`? (variables: jig, project_slug, project_name, docs))\n\
             status: error\n"
        )
    );
    assert_eq!(git(&project, &["status", "--porcelain"]), "");
}

#[test]
fn jig_test_names_the_misspelt_variable() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb);
    let out = sb.jig().arg("test").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            "README.md:3:7: undefined variable `projet_name` (did you mean `project_name`?)\n"
        ),
        "{}",
        stdout(&out)
    );
}
