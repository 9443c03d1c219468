//! Copier projects at a version, against the real Copier 9.19.1: `jig new TPL@1.0.0` records
//! what `copier copy --vcs-ref v1.0.0` records (`_src_path` without jig's requirement,
//! `_commit` the tag), and a project made by jig at a version, at a range or unversioned, or
//! by Copier at a version, updates to the newest tag with the files `copier update` gives.
//! `_subdirectory: .` is the template's root, with Copier's default exclusions.

use crate::common::{git, read, write, Sandbox};
use crate::copier_update::{copier, files};
use std::path::Path;

/// A template at v1.0.0 and v2.0.0, with an answers file.
fn template(dir: &Path, subdirectory: Option<&str>) {
    let sub = subdirectory.map_or(String::new(), |s| format!("_subdirectory: {s}\n"));
    write(
        &dir.join("copier.yml"),
        format!("{sub}name:\n  type: str\n  default: demo\n").as_bytes(),
    );
    write(
        &dir.join("{{ _copier_conf.answers_file }}.jinja"),
        b"# Changes here will be overwritten by Copier\n{{ _copier_answers|to_nice_yaml -}}\n",
    );
    write(&dir.join("README.md.jinja"), b"# {{ name }}\n\nv1\n");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "v1"]);
    git(dir, &["tag", "v1.0.0"]);
    write(&dir.join("README.md.jinja"), b"# {{ name }}\n\nv2\n");
    write(&dir.join("NEW.md"), b"new in v2\n");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "v2"]);
    git(dir, &["tag", "v2.0.0"]);
}

fn jig(sb: &Sandbox, dir: &Path, args: &[&str]) -> std::process::Output {
    sb.jig_std().current_dir(dir).args(args).output().unwrap()
}

fn ok(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `copier copy --vcs-ref v1.0.0`, committed as a team would, then `copier update`: the files
/// an update to v2.0.0 must give.
fn by_copier(root: &Path, tpl: &str, name: &str) -> std::path::PathBuf {
    let dest = root.join(name);
    ok(copier(
        root,
        &[
            "copy",
            "--defaults",
            "--trust",
            "--vcs-ref",
            "v1.0.0",
            tpl,
            name,
        ],
    ));
    git(&dest, &["init", "-q", "-b", "main"]);
    git(&dest, &["add", "-A"]);
    git(&dest, &["commit", "-qm", "made by copier"]);
    dest
}

#[test]
fn projects_made_at_a_version_a_range_or_none_update_as_copier_updates_them() {
    let sb = Sandbox::new();
    let root = sb.path();
    let tpl_dir = root.join("tpl");
    template(&tpl_dir, None);
    let tpl = tpl_dir.to_str().unwrap();

    // What Copier records at v1.0.0, and the files its update gives.
    let reference = by_copier(root, tpl, "reference");
    let recorded_v1 = read(&reference.join(".copier-answers.yml"));
    assert!(recorded_v1.contains("_commit: v1.0.0\n"), "{recorded_v1}");
    ok(copier(&reference, &["update", "--defaults", "--trust"]));
    let updated = files(&reference);
    assert!(updated[".copier-answers.yml"].contains("_commit: v2.0.0"));

    // jig at an exact version and at a range: the answers file Copier writes, byte for byte.
    for (name, source) in [
        ("exact", format!("{tpl}@1.0.0")),
        ("range", format!("{tpl}@^1")),
    ] {
        ok(jig(&sb, root, &["new", &source, name, "--defaults"]));
        let project = root.join(name);
        assert_eq!(
            read(&project.join(".copier-answers.yml")),
            recorded_v1,
            "{name}"
        );
        let out = ok(jig(&sb, &project, &["update", "--defaults"]));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("1.0.0 -> 2.0.0"), "{name}: {err}");
        git(&project, &["add", "-A"]);
        assert_eq!(files(&project), updated, "{name}");
    }

    // Made by Copier at a version, updated by jig.
    let theirs = by_copier(root, tpl, "theirs");
    ok(jig(&sb, &theirs, &["update", "--defaults"]));
    assert_eq!(files(&theirs), updated);

    // Unversioned: made at the newest tag, so there is nothing to update.
    ok(jig(&sb, root, &["new", tpl, "newest", "--defaults"]));
    let newest = root.join("newest");
    let answers = read(&newest.join(".copier-answers.yml"));
    assert!(
        answers.contains("_commit: v2.0.0\n") && answers.contains(&format!("_src_path: {tpl}\n")),
        "{answers}"
    );
    let before = files(&newest);
    let out = ok(jig(&sb, &newest, &["update", "--defaults"]));
    assert_eq!(
        files(&newest),
        before,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn subdirectory_dot_is_the_template_root_with_copiers_default_exclusions() {
    for sub in [".", "./", "\"\""] {
        let sb = Sandbox::new();
        let root = sb.path();
        let tpl_dir = root.join("tpl");
        template(&tpl_dir, Some(sub));
        let tpl = tpl_dir.to_str().unwrap();
        ok(copier(
            root,
            &["copy", "--defaults", "--trust", tpl, "by-copier"],
        ));
        ok(jig(&sb, root, &["new", tpl, "by-jig", "--defaults"]));
        let theirs = files(&root.join("by-copier"));
        assert!(!theirs.contains_key("copier.yml"), "{sub}: {theirs:?}");
        assert_eq!(files(&root.join("by-jig")), theirs, "_subdirectory: {sub}");
    }
}
