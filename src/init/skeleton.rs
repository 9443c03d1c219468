//! The files of `jig init DIR`: a manifest with an example of every question type, a small
//! template tree that uses the active questions, and an answer set for `jig test`. It lints
//! clean and its `jig test` passes, so an author starts from green.

use super::NewFile;

/// The skeleton of a blueprint named `name`.
pub(crate) fn skeleton(name: &str) -> Vec<NewFile> {
    vec![
        NewFile::text("blueprint.yaml", &MANIFEST.replace("NAME", name)),
        NewFile::text("template/README.md", README),
        NewFile::text("template/pyproject.toml", PYPROJECT),
        NewFile::text(
            "template/{% if use_docker %}Dockerfile{% endif %}",
            DOCKERFILE,
        ),
        NewFile::text("tests/docker.yaml", TEST_SET),
        NewFile::text(
            "CHANGELOG.md",
            "# Changelog\n\n## 0.1.0\n\nFirst version.\n",
        ),
    ]
}

const MANIFEST: &str = r##"# A jig blueprint. Reference: jig's docs/blueprint.md. Editors: `jig schema` prints the
# JSON Schema of this file (docs/editor.md shows how VS Code uses it).
name: NAME
version: 0.1.0
description: What a project made from this blueprint is for
min_jig_version: ">=0.1.0"
# The generated project's directory name (a template).
project_dir: "{{ project_slug }}"

questions:
  # string (the default type): free text, checked by a regex.
  project_name:
    prompt: Project name
    help: Shown in the README and the package metadata
    default: My Project
    validate:
      regex: '^[A-Za-z][A-Za-z0-9 -]*$'
      message: letters, digits, spaces and -, starting with a letter
  # computed: never asked, rendered from earlier answers.
  project_slug:
    computed: "{{ project_name | kebab_case }}"
  # choice: one of a list (a value, or `{value, label}`).
  python_version:
    type: choice
    prompt: Python version
    choices: ["3.11", "3.12", {value: "3.13", label: "3.13 (newest)"}]
    default: "3.12"
  # boolean: yes/no; `when` on another question can depend on it.
  use_docker:
    type: boolean
    prompt: Add a Dockerfile?
    default: false
  # More types, to copy from:
  # instances:
  #   type: integer
  #   prompt: Number of training instances
  #   default: 1
  #   validate:
  #     expr: "value >= 1 and value <= 16"
  #     message: between 1 and 16
  # approval_threshold:
  #   type: float
  #   default: 0.8
  # ci_checks:
  #   type: multiselect
  #   choices: [lint, test, typecheck]
  #   default: [lint, test]
  # registry_token:
  #   type: secret          # never written to the answers file
  #   when: "use_docker"    # asked only when this is true
  #   default: ""

files:
  # Created once; `jig update` leaves them to the team afterwards.
  create_once: [CHANGELOG.md]
  # Files in which `{{ }}` means something else (GitHub Actions, CloudFormation):
  # delimiters:
  #   - files: [".github/workflows/*.yml"]
  #     variable: ["<<", ">>"]
  #     block: ["<%", "%>"]
  #     comment: ["<#", "#>"]

# Commands `jig test` runs in every rendered answer set (tests/*.yaml plus the defaults).
checks:
  - name: readme
    run: grep -q "^# " README.md
  - name: dockerfile
    run: test -f Dockerfile
    when: use_docker
  # - run: cfn-lint infra/*.yaml
  # - run: pre-commit validate-config .pre-commit-config.yaml
  # - run: python -m pytest -q
"##;

const README: &str = r#"# {{ project_name }}

Python {{ python_version }}{% if use_docker %}, packaged with Docker{% endif %}.
"#;

const PYPROJECT: &str = r#"[project]
name = "{{ project_slug }}"
requires-python = ">={{ python_version }}"
"#;

const DOCKERFILE: &str = r#"FROM python:{{ python_version }}-slim
COPY . /app
"#;

const TEST_SET: &str = r#"# An answer set: `jig test` renders the blueprint with these answers (the rest default)
# and runs the manifest's checks. `jig test --update-snapshots` stores the rendered tree
# in tests/docker.expected/ and later runs compare with it.
project_name: Churn Model
use_docker: true
"#;
