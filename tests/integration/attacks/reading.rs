//! Nothing from outside the template is read: Cookiecutter links, includes, `template:`.

use super::*;

#[test]
fn cookiecutter_links_never_bring_in_the_users_files() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let secret = out_dir.join("secret.txt");
    let cc = sb.path().join("cc");
    write(
        &cc.join("cookiecutter.json"),
        br#"{"slug": "demo", "_copy_without_render": ["*/raw"]}"#,
    );
    write(&cc.join("{{cookiecutter.slug}}/a.txt"), b"a\n");
    let project = cc.join("{{cookiecutter.slug}}");
    symlink(&secret, project.join("abs")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(
        (code, err.lines().next().unwrap_or_default()),
        (
            Some(1),
            format!(
                "error: `abs` in the template links to `{}`, outside the template",
                secret.display()
            )
            .as_str()
        )
    );
    std::fs::remove_file(project.join("abs")).unwrap();
    symlink("../../outside/secret.txt", project.join("rel")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: `rel` in the template links to `../../outside/secret.txt`, outside the template\n"), "{err}");
    std::fs::remove_file(project.join("rel")).unwrap();
    std::fs::create_dir_all(project.join("raw")).unwrap();
    symlink(&out_dir, project.join("raw/all")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("error: `raw/all` in the template links to"),
        "{err}"
    );
    std::fs::remove_file(project.join("raw/all")).unwrap();
    // A link that stays inside the template is followed, as Cookiecutter does.
    symlink("../a.txt", project.join("raw/inside.txt")).unwrap();
    let (code, err) = run_new(&sb, &cc, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(read(&sb.out().join("demo/raw/inside.txt")), "a\n");
    assert_secret_not_in(&sb.out());
    assert_outside_untouched(&out_dir);
}

#[test]
fn includes_cannot_read_through_a_link_out_of_the_template() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let m = manifest("files:\n  exclude: [\"partials/**\"]\n");
    let bp = sb.blueprint(
        "inc",
        &[
            ("blueprint.yaml", &m),
            ("template/README.md", "{% include \"partials/x\" %}\n"),
        ],
    );
    std::fs::create_dir_all(bp.join("template/partials")).unwrap();
    symlink(out_dir.join("secret.txt"), bp.join("template/partials/x")).unwrap();
    let (code, err) = run_new(&sb, &bp, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("template `partials/x` leads outside the template folder through a symlink"),
        "{err}"
    );
    assert_secret_not_in(sb.path().join("out").as_path());
}

#[test]
fn the_template_folder_must_be_a_folder_inside_the_blueprint() {
    let sb = Sandbox::new();
    outside(&sb);
    for (value, code, message) in [
        ("../../outside", "path-escape", "`template: ../../outside` contains `..`, which would leave the destination; it must name a folder inside the blueprint"),
        ("/etc", "path-escape", "`template: /etc` renders to an absolute path; it must name a folder inside the blueprint"),
        ("notes.txt", "manifest-schema", "`template: notes.txt` is a file; it must name the folder holding the template tree"),
        ("up", "path-escape", "`template: up` leads outside the blueprint through a symlink; it must name a folder inside it"),
    ] {
        let bp = sb.blueprint(
            "tpl",
            &[("blueprint.yaml", &format!("{}template: {value}\n", manifest(""))), ("notes.txt", "n\n")],
        );
        let _ = symlink("../../outside", bp.join("up"));
        let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
        assert_eq!(lint.status.code(), Some(3), "{value}");
        assert!(stdout(&lint).contains(&format!("error[{code}]: {message}")), "{value}: {}", stdout(&lint));
        let (exit, err) = run_new(&sb, &bp, &[]);
        assert_eq!(exit, Some(3), "{value}");
        assert!(err.contains(message), "{value}: {err}");
    }
    assert!(!sb.out().exists());
}
