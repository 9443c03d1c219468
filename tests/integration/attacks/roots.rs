//! Where a template is read from and where its records go: a source's subdirectory, Copier's
//! `_subdirectory`, `_answers_file` and `_preserve_symlinks`. Each once reached outside the
//! checkout, the template or the project.

use super::*;

/// A git repository of blueprints under `srv/git/acme/mono` (trusted) with a hooked blueprint
/// in `bp/`; and a hostile blueprint outside it, with a hook leaving `RAN-evil`.
fn trusted_mono_and_evil(sb: &Sandbox) -> (String, std::path::PathBuf) {
    let repo = sb.path().join("srv/git/acme/mono");
    write(
        &repo.join("bp/blueprint.yaml"),
        b"name: good\nversion: 1.0.0\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\n",
    );
    write(&repo.join("bp/template/f.txt"), b"good\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
    let evil = sb.path().join("elsewhere/evil");
    write(
        &evil.join("blueprint.yaml"),
        b"name: good\nversion: 1.0.0\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\nhooks:\n  post_gen:\n    - script: hooks/mark.sh\n",
    );
    write(
        &evil.join("hooks/mark.sh"),
        format!(
            "#!/bin/sh\ntouch {}\n",
            sb.path().join("RAN-evil").display()
        )
        .as_bytes(),
    );
    make_executable(&evil.join("hooks/mark.sh"));
    write(&evil.join("template/f.txt"), b"evil\n");
    sb.write_config(&format!(
        "trusted:\n  - file://{}/\n",
        sb.path().join("srv/git/acme").display()
    ));
    (format!("file://{}", repo.display()), evil)
}

#[test]
fn an_absolute_or_climbing_directory_never_borrows_a_trusted_urls_trust() {
    let sb = Sandbox::new();
    let (url, evil) = trusted_mono_and_evil(&sb);
    let abs = evil.display().to_string();
    // On the command line, as `--directory` and as `//SUBDIR`.
    for (source, extra) in [
        (format!("{url}@v1.0.0"), vec!["--directory", abs.as_str()]),
        (
            format!("{url}@v1.0.0"),
            vec!["--directory", "../../../elsewhere/evil"],
        ),
    ] {
        let out = sb
            .jig()
            .args(["new", &source, "--defaults", "-o", "out"])
            .args(&extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        let why = if extra[1].starts_with('/') {
            "is absolute"
        } else {
            "climbs out with `..`"
        };
        assert_eq!(
            stderr(&out),
            format!("error: the directory `{}` of `{source}` {why}\nhint: a blueprint's directory is a relative path inside its repository or folder (`//templates/api`, `--directory templates/api`); check the project's recorded `directory:` in .jig/\n", extra[1])
        );
        assert!(!sb.path().join("RAN-evil").exists(), "{extra:?} ran a hook");
        assert!(!sb.out().exists());
    }
    // The project's recorded source, as a hostile repository would commit it.
    let out = sb
        .jig()
        .args([
            "new",
            &format!("{url}@v1.0.0"),
            "--directory",
            "./bp/",
            "--defaults",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("demo");
    let record = project.join(".jig/good.yaml");
    let text = read(&record);
    assert!(
        text.contains("directory: bp\n"),
        "recorded normalised: {text}"
    );
    write(
        &record,
        text.replace("directory: bp\n", &format!("directory: {abs}\n"))
            .as_bytes(),
    );
    git(
        &project,
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qam",
            "hostile",
        ],
    );
    let refusal = format!("the directory `{abs}` of `{url}` is absolute");
    // `jig check` reports it on the link, as it reports every link it cannot render.
    let out = sb
        .jig()
        .current_dir(&project)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("  version  unknown: {refusal} (hint: ")),
        "{}",
        stdout(&out)
    );
    for command in ["diff", "update"] {
        let out = sb
            .jig()
            .current_dir(&project)
            .arg(command)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{command}: {} {}",
            stderr(&out),
            stdout(&out)
        );
        assert!(
            stderr(&out).starts_with(&format!("error: {refusal}\n")),
            "{command}: {}",
            stderr(&out)
        );
    }
    assert!(!sb.path().join("RAN-evil").exists(), "a hook ran");
}

#[test]
fn a_directory_that_is_a_symlink_out_of_the_checkout_is_refused() {
    let sb = Sandbox::new();
    let (_, evil) = trusted_mono_and_evil(&sb);
    let repo = sb.path().join("srv/git/acme/mono");
    symlink(&evil, repo.join("linked")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "link"]);
    git(&repo, &["tag", "v1.1.0"]);
    let source = format!("file://{}//linked@v1.1.0", repo.display());
    let out = sb
        .jig()
        .args(["new", &source, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: the directory `linked` of `{source}` leads outside it through a symlink\n"
        )),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("RAN-evil").exists());
    assert!(!sb.out().exists());
}

/// `jig new TEMPLATE DEST --defaults`, as a Copier user types it.
fn copier_new(
    sb: &Sandbox,
    template: &Path,
    dest: impl AsRef<std::ffi::OsStr>,
) -> std::process::Output {
    sb.jig()
        .arg("new")
        .arg(template)
        .arg(dest)
        .arg("--defaults")
        .output()
        .unwrap()
}

/// A Copier template in `tpl/` whose copier.yml is `config`.
fn copier_template(sb: &Sandbox, config: &str) -> std::path::PathBuf {
    let tpl = sb.path().join("tpl");
    write(&tpl.join("copier.yml"), config.as_bytes());
    write(&tpl.join("README.md.jinja"), b"# {{ name }}\n");
    write(
        &tpl.join("{{ _copier_conf.answers_file }}.jinja"),
        b"{{ _copier_answers|to_nice_yaml -}}\n",
    );
    tpl
}

#[test]
fn a_copier_answers_file_outside_the_project_is_refused_on_new_and_update() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let secret = out_dir.join("secret.txt");
    for answers in [
        secret.display().to_string(),
        "../../outside/secret.txt".into(),
    ] {
        let tpl = copier_template(
            &sb,
            &format!("name:\n  default: demo\n_answers_file: \"{answers}\"\n"),
        );
        let out = copier_new(&sb, &tpl, "out/demo");
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let why = if answers.starts_with('/') {
            "is absolute"
        } else {
            "climbs out with `..`"
        };
        assert!(
            stderr(&out).starts_with(&format!("error: {} is not a valid Copier configuration: `_answers_file` renders to `{answers}`, which {why}; it must be a path inside the project\n  nothing was written\n", tpl.join("copier.yml").display())),
            "{}",
            stderr(&out)
        );
        assert_outside_untouched(&out_dir);
        assert_eq!(read(&secret), "TOP-SECRET-CONTENT\n");
        assert!(!sb.out().exists());
    }
    // A project made at v1 whose template's v2 names an answers file on the runner's disk:
    // the update stops before it reads it, and nothing of it reaches the project.
    let tpl = copier_template(&sb, "name:\n  default: demo\n");
    git(&tpl, &["init", "-q"]);
    git(&tpl, &["add", "-A"]);
    git(&tpl, &["commit", "-qm", "v1"]);
    git(&tpl, &["tag", "v1.0.0"]);
    let out = copier_new(&sb, &tpl, "out/demo");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = sb.out().join("demo");
    git(&project, &["add", "-A"]);
    write(
        &tpl.join("copier.yml"),
        format!(
            "name:\n  default: demo\n_answers_file: \"{}\"\n",
            secret.display()
        )
        .as_bytes(),
    );
    git(&tpl, &["commit", "-qam", "v2"]);
    git(&tpl, &["tag", "v2.0.0"]);
    let out = sb
        .jig()
        .current_dir(&project)
        .arg("update")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`_answers_file` renders to"),
        "{}",
        stderr(&out)
    );
    assert_secret_not_in(&project);
    assert_outside_untouched(&out_dir);
}

#[test]
fn a_copier_subdirectory_linked_out_of_the_template_is_refused() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let tpl = copier_template(&sb, "name:\n  default: demo\n_subdirectory: inner\n");
    symlink(&out_dir, tpl.join("inner")).unwrap();
    let out = copier_new(&sb, &tpl, "out/demo");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&format!("error: {} is not a valid Copier configuration: `_subdirectory` renders to `inner`, which leads outside the template through a symlink\n", tpl.join("copier.yml").display())),
        "{}",
        stderr(&out)
    );
    assert!(!sb.out().exists());
    // `.` is the template's root, as in Copier.
    let tpl2 = sb.path().join("tpl2");
    write(
        &tpl2.join("copier.yml"),
        b"name:\n  default: demo\n_subdirectory: .\n",
    );
    write(&tpl2.join("README.md.jinja"), b"# {{ name }}\n");
    let out = copier_new(&sb, &tpl2, "out/root");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("root/README.md")), "# demo\n");
}

#[test]
fn preserved_copier_links_must_resolve_inside_the_project() {
    let sb = Sandbox::new();
    let out_dir = outside(&sb);
    let targets = [
        out_dir.join("secret.txt").display().to_string(),
        "../outside/secret.txt".to_string(),
        "docs/../../x".to_string(),
    ];
    for (i, target) in targets.iter().enumerate() {
        let tpl = sb.path().join(format!("tpl{i}"));
        write(
            &tpl.join("copier.yml"),
            b"name:\n  default: demo\n_preserve_symlinks: true\n",
        );
        write(&tpl.join("docs/a.md"), b"a\n");
        symlink(target, tpl.join("leak")).unwrap();
        let out = copier_new(&sb, &tpl, format!("out/p{i}"));
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with(&format!(
                "error: symlink `leak` points at `{target}`, which resolves outside the generated project\n"
            )),
            "{target}: {}",
            stderr(&out)
        );
        assert!(!sb.out().join(format!("p{i}")).exists());
    }
    // A chain: each link alone looks inside, together they leave.
    let tpl = sb.path().join("chain");
    write(&tpl.join("copier.yml"), b"_preserve_symlinks: true\n");
    std::fs::create_dir_all(tpl.join("a/b")).unwrap();
    symlink("../..", tpl.join("a/b/up")).unwrap();
    symlink("a/b/up/..", tpl.join("esc")).unwrap();
    let out = copier_new(&sb, &tpl, "out/chain");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: symlink `esc` points at `a/b/up/..`, which resolves outside the generated project\n"),
        "{}",
        stderr(&out)
    );
    // Links that stay inside are kept as links.
    let tpl = sb.path().join("fine");
    write(&tpl.join("copier.yml"), b"_preserve_symlinks: true\n");
    write(&tpl.join("docs/a.md"), b"a\n");
    symlink("docs/a.md", tpl.join("a.md")).unwrap();
    let out = copier_new(&sb, &tpl, "out/fine");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = sb.out().join("fine/a.md");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("docs/a.md"));
    assert_outside_untouched(&out_dir);
}
