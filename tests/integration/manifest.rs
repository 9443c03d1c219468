//! Invalid manifests: every problem at once, each with file, line and column.

use crate::common::*;
use pretty_assertions::assert_eq;

#[test]
fn all_manifest_problems_are_listed_with_positions() {
    let sb = Sandbox::new();
    let text = r#"name: Bad Name
version: one
colour: blue
questions:
  size:
    type: enormous
  pick:
    type: choice
    default: c
    choices: [a, b]
  later:
    default: "{{ nope }}"
  re:
    validate:
      regex: "(unclosed"
  flag:
    type: boolean
    choices: [x]
  many:
    type: multiselect
    choices: [a]
    default: a
  typo:
    promt: x
files:
  exclude: ["[z-a]"]
hooks:
  post_gen:
    - use: not-a-hook
    - script: hooks/missing.sh
"#;
    let bp = sb.blueprint("bad", &[("blueprint.yaml", text), ("template/x", "")]);
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let file = bp.join("blueprint.yaml");
    let f = file.display();
    let expected = format!(
        "error: {f} has 13 problems\n\
         \x20 {f}:1:7: name `Bad Name` must be lowercase letters, digits, `-` and `_`\n\
         \x20 {f}:2:10: version `one` is not semver (like 1.2.0): unexpected character 'o' while parsing major version number\n\
         \x20 {f}:3:1: unknown key `colour`; expected one of: name, version, description, min_jig_version, project_dir, template, questions, files, hooks, migrations, checks, message_after, repositories, catalog\n\
         \x20 {f}:6:11: question `size`: unknown type `enormous`; expected one of: string, integer, float, boolean, choice, multiselect, secret\n\
         \x20 {f}:7:3: question `pick`: default `c` is not one of: a, b\n\
         \x20 {f}:11:3: question `later`: default refers to `nope`, which is not a question asked before it\n\
         \x20 {f}:15:14: question `re`: invalid regex: regex parse error:\n\
         \x20 {f}:16:3: question `flag` of type boolean cannot have `choices`; use type `choice` or `multiselect`\n\
         \x20 {f}:19:3: question `many`: a multiselect default must be a list\n\
         \x20 {f}:24:5: unknown key `promt`; expected one of: type, prompt, help, default, choices, validate, when, computed, renamed_from\n\
         \x20 {f}:26:13: files.exclude: invalid glob `[z-a]`: invalid range; 'z' > 'a'\n\
         \x20 {f}:29:12: hooks.post_gen: unknown reusable hook `not-a-hook`; jig ships: pre-commit-install, uv-lock\n\
         \x20 {f}:30:15: hooks.post_gen: script `hooks/missing.sh` not found in the blueprint directory\n\
         hint: docs/blueprint.md describes every manifest key\n"
    );
    assert_eq!(stderr(&out), expected);
}

#[test]
fn yaml_syntax_errors_have_a_position() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "broken",
        &[
            ("blueprint.yaml", "name: x\nversion: [1.0\n"),
            ("template/x", ""),
        ],
    );
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("blueprint.yaml has 1 problem\n"), "{err}");
    assert!(err.contains("blueprint.yaml:3:1: invalid YAML"), "{err}");
}

#[test]
fn a_newer_required_jig_is_refused() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "future",
        &[
            (
                "blueprint.yaml",
                "name: future\nversion: 1.0.0\nmin_jig_version: \">=99.0\"\n",
            ),
            ("template/x", ""),
        ],
    );
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {} needs jig >=99.0, but this is jig {}\nhint: install a newer jig\n",
            bp.join("blueprint.yaml").display(),
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn a_directory_without_manifest_is_explained() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("empty")).unwrap();
    let out = sb
        .jig()
        .args(["new", "./empty", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: ./empty has neither blueprint.yaml, cookiecutter.json nor copier.yml\n\
         hint: to render it as a Copier template with no questions, name the project directory: jig new ./empty DEST\n"
    );
}
