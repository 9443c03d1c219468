//! Rendering files: strict templates, names that render empty, paths that try to escape,
//! binaries, modes, symlinks, line endings, delimiters and the file rules.

use crate::common::*;
use pretty_assertions::assert_eq;
use std::os::unix::fs::PermissionsExt;

fn run(sb: &Sandbox, files: &[(&str, &str)], extra: &[&str]) -> std::process::Output {
    let mut all = vec![("blueprint.yaml", files[0].1)];
    all.extend_from_slice(&files[1..]);
    let bp = sb.blueprint("files", &all);
    sb.jig()
        .args(["new", bp.to_str().unwrap(), "--defaults", "-o", "out"])
        .args(extra)
        .output()
        .unwrap()
}

fn assert_nothing_left(sb: &Sandbox) {
    assert!(
        !sb.out().exists(),
        "output dir left behind: {:?}",
        tree(&sb.out())
    );
}

#[test]
fn undefined_variable_names_the_file_and_line_and_leaves_nothing() {
    let sb = Sandbox::new();
    let m = manifest("");
    let out = run(
        &sb,
        &[
            ("", &m),
            ("template/ok.txt", "fine\n"),
            ("template/docs/bad.md", "one\ntwo {{ missing }}\n"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot render docs/bad.md:2:8: undefined variable `missing`\n\
         \x20    2 | two {{ missing }}\n\
         \x20      |        ^^^^^^^\n\
         \x20 nothing was written\n\
         hint: the variables it can use: jig, project_slug\n"
    );
    assert_nothing_left(&sb);
}

#[test]
fn template_syntax_errors_are_located() {
    let sb = Sandbox::new();
    let m = manifest("");
    let out = run(&sb, &[("", &m), ("template/a.txt", "{% if %}\n")], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot render a.txt:1:7: syntax error: unexpected end of block"),
        "{err}"
    );
    assert_nothing_left(&sb);
}

#[test]
fn names_rendering_empty_skip_the_file_or_the_whole_directory() {
    let sb = Sandbox::new();
    let m =
        manifest("  docker:\n    type: boolean\n    default: false\n  sub:\n    default: a/b\n");
    let out = run(
        &sb,
        &[
            ("", &m),
            ("template/{% if docker %}Dockerfile{% endif %}", "FROM x\n"),
            (
                "template/{% if docker %}docker{% endif %}/compose.yaml",
                "x\n",
            ),
            ("template/{% if docker %}docker{% endif %}/deep/file", "x\n"),
            ("template/{{ sub }}/nested.txt", "{{ sub }}\n"),
            ("template/keep.txt", "k\n"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("demo");
    assert_eq!(
        tree(&project),
        vec![
            ".jig/",
            ".jig/fixture.yaml",
            "a/",
            "a/b/",
            "a/b/nested.txt",
            "keep.txt"
        ]
    );
}

#[test]
fn rendered_paths_cannot_leave_the_destination() {
    for (value, why) in [
        ("../../escape", "contains `..`"),
        ("/etc", "renders to an absolute path"),
    ] {
        let sb = Sandbox::new();
        let m = manifest("  dir:\n    default: x\n");
        let out = run(
            &sb,
            &[("", &m), ("template/{{ dir }}/f.txt", "x\n")],
            &["-d", &format!("dir={value}")],
        );
        assert_eq!(out.status.code(), Some(1), "{value}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "error: template path `{{{{ dir }}}}` renders to `{value}`, which {why}"
            )),
            "{err}"
        );
        assert_nothing_left(&sb);
        assert!(!sb.path().join("escape").exists());
    }
}

#[test]
fn binaries_modes_line_endings_and_symlinks_are_kept() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "kinds",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/crlf.txt", "a {{ project_slug }}\r\nb\r\n"),
            ("template/no-newline.txt", "last {{ project_slug }}"),
            ("template/blank-lines.txt", "x\n\n\n"),
            (
                "template/bin/run.sh",
                "#!/bin/sh\necho {{ project_slug }}\n",
            ),
            ("template/docs/target.md", "t\n"),
        ],
    );
    let png: Vec<u8> = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'{', b'{', 0xff, 0xfe,
    ];
    write(&bp.join("template/logo.png"), &png);
    write(&bp.join("template/latin1.txt"), b"caf\xe9 {{ x }}\n");
    make_executable(&bp.join("template/bin/run.sh"));
    std::os::unix::fs::symlink("docs/target.md", bp.join("template/link.md")).unwrap();
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    assert_eq!(
        std::fs::read(p.join("crlf.txt")).unwrap(),
        b"a demo\r\nb\r\n"
    );
    assert_eq!(read(&p.join("no-newline.txt")), "last demo");
    assert_eq!(read(&p.join("blank-lines.txt")), "x\n\n\n");
    assert_eq!(std::fs::read(p.join("logo.png")).unwrap(), png);
    assert_eq!(
        std::fs::read(p.join("latin1.txt")).unwrap(),
        b"caf\xe9 {{ x }}\n",
        "non-UTF-8 is copied"
    );
    assert_eq!(
        std::fs::metadata(p.join("bin/run.sh"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o755
    );
    assert_eq!(read(&p.join("bin/run.sh")), "#!/bin/sh\necho demo\n");
    assert_eq!(
        std::fs::read_link(p.join("link.md")).unwrap().to_str(),
        Some("docs/target.md")
    );
}

#[test]
fn symlinks_pointing_outside_are_refused() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "links",
        &[("blueprint.yaml", &manifest("")), ("template/a.txt", "a\n")],
    );
    std::os::unix::fs::symlink("../../../etc/passwd", bp.join("template/evil")).unwrap();
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: symlink `evil` points at `../../../etc/passwd`, which resolves outside the generated project\n  nothing was left behind\nhint: a template may link only to paths inside itself; `jig lint` lists every such link\n"
    );
    assert_nothing_left(&sb);
}

#[test]
fn file_rules_exclude_copy_create_once_and_delimiters() {
    let sb = Sandbox::new();
    let m = format!(
        "{}files:\n  exclude: [\"*.bak\", \"scratch/\"]\n  copy: [\"raw/**\"]\n  create_once: [README.md]\n  delimiters:\n    - files: [\"infra/*.yaml\", \".github/workflows/*.yml\"]\n      variable: [\"<<\", \">>\"]\n      block: [\"<%\", \"%>\"]\n",
        manifest("  bucket:\n    default: my-bucket\n")
    );
    let out = run(
        &sb,
        &[
            ("", &m),
            ("template/README.md", "# {{ project_slug }}\n"),
            ("template/notes.bak", "x"),
            ("template/scratch/a.txt", "x"),
            ("template/raw/data.txt", "{{ not_rendered }}\n"),
            ("template/infra/stack.yaml", "Bucket: << bucket >>\nSecret: '{{resolve:ssm:/x/<< project_slug >>}}'\n<% if true %>Sub: !Sub ${AWS::Region}<% endif %>\n"),
            ("template/.github/workflows/ci.yml", "run: echo ${{ github.sha }} << project_slug >>\n"),
        ],
        &["--pretend"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Would create out/demo from fixture 1.2.3:\n\
         \x20 rendered       .github/workflows/ci.yml\n\
         \x20 rendered       README.md\n\
         \x20 rendered       infra/stack.yaml\n\
         \x20 copied         raw/data.txt\n\
         \x20 skip           notes.bak\n\
         \x20 skip           scratch\n\
         Nothing was written (--pretend).\n"
    );
    let bp = sb.path().join("blueprints/files");
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    assert_eq!(
        read(&p.join("infra/stack.yaml")),
        "Bucket: my-bucket\nSecret: '{{resolve:ssm:/x/demo}}'\nSub: !Sub ${AWS::Region}\n"
    );
    assert_eq!(
        read(&p.join(".github/workflows/ci.yml")),
        "run: echo ${{ github.sha }} demo\n"
    );
    assert_eq!(read(&p.join("raw/data.txt")), "{{ not_rendered }}\n");
}

#[test]
fn filters_and_functions_authors_expect() {
    let sb = Sandbox::new();
    let m = manifest("  title:\n    default: \"Churn Model: v2!\"\n");
    let out = run(
        &sb,
        &[
            ("", &m),
            ("template/partials/header.txt", "== {{ title }} ==\n"),
            (
                "template/out.txt",
                "{% include 'partials/header.txt' %}{{ title | slugify }}|{{ title | slugify(separator='_') }}\n{{ {'b': 1, 'a': [1, 2]} | jsonify }}\n{{ {'k': title} | tojson }}\n{{ title | regex_replace('[^A-Za-z]+', '-') }}|{{ title | regex_search('v[0-9]') }}|{{ title is match('Churn') }}\n{{ now('%Y-%m-%d') }}|{{ now() }}|{{ now() | date('%Y') }}\n{{ uuid() | length }}|{{ random_string(12) | length }}\n{{ title.lower() }}|{{ title.split(':')[0] }}|{{ '  x '.strip() }}\n",
            ),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&sb.out().join("demo/out.txt")),
        "== Churn Model: v2! ==\nchurn-model-v2|churn_model_v2\n{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": 1\n}\n{\"k\": \"Churn Model: v2!\"}\nChurn-Model-v-|v2|True\n2023-11-14|2023-11-14T22:13:20Z|2023\n36|12\nchurn model: v2!|Churn Model|x\n"
    );
}
