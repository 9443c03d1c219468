//! Trust decided on where a source really is: URL tricks that once ran untrusted hooks.

use super::*;

#[test]
fn trust_is_decided_on_the_resolved_source_not_the_text() {
    let sb = Sandbox::new();
    let git_root = sb.path().join("srv/git");
    for (dir, name) in [("acme/good", "good"), ("evil", "evil")] {
        let repo = git_root.join(dir);
        write(
            &repo.join("blueprint.yaml"),
            format!("name: {name}\nversion: 1.0.0\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: {name}-proj\nhooks:\n  post_gen:\n    - script: hooks/mark.sh\n").as_bytes(),
        );
        let mark = sb.path().join(format!("RAN-{name}"));
        write(
            &repo.join("hooks/mark.sh"),
            format!("#!/bin/sh\ntouch {}\n", mark.display()).as_bytes(),
        );
        make_executable(&repo.join("hooks/mark.sh"));
        write(&repo.join("template/f.txt"), b"x\n");
        git(&repo, &["init", "-q"]);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "v1"]);
        git(&repo, &["tag", "v1.0.0"]);
    }
    sb.write_config(&format!(
        "trusted:\n  - file://{}/acme/\n",
        git_root.display()
    ));
    let base = format!("file://{}/acme", git_root.display());
    for bypass in [
        format!("{base}/../evil@v1.0.0"),
        format!("{base}/%2e%2e/evil@v1.0.0"),
        format!("{base}/./../evil@v1.0.0"),
    ] {
        let out = sb
            .jig()
            .args(["new", &bypass, "--defaults", "-o", "out"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{bypass}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("has hooks, and it is not trusted"),
            "{bypass}"
        );
        // The hint names where the source really is: what a `trusted:` entry must cover.
        let real = git_root.join("evil").canonicalize().unwrap();
        assert!(
            stderr(&out).contains(&format!("add `{}` under `trusted:`", real.display())),
            "{bypass}: {}",
            stderr(&out)
        );
        assert!(
            !sb.path().join("RAN-evil").exists(),
            "{bypass} ran untrusted hooks"
        );
    }
    let good = format!("{base}/good@v1.0.0");
    let out = sb
        .jig()
        .args(["new", &good, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sb.path().join("RAN-good").exists());
    // Encoded twice, git itself decodes once and finds no such repository: still nothing runs.
    let twice = format!("{base}/%252E%252E/evil@v1.0.0");
    let out = sb
        .jig()
        .args(["new", &twice, "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!sb.path().join("RAN-evil").exists());
}

#[test]
fn migrations_of_a_project_made_through_a_bypass_url_need_trust() {
    let sb = Sandbox::new();
    let repo = sb.path().join("srv/git/evil");
    std::fs::create_dir_all(sb.path().join("srv/git/acme")).unwrap();
    versioned_blueprint(&repo, "evil", "1.0.0", "one");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
    let source = format!(
        "file://{}/../evil",
        sb.path().join("srv/git/acme").display()
    );
    sb.write_config(&format!(
        "trusted:\n  - file://{}/\n",
        sb.path().join("srv/git/acme").display()
    ));
    let out = sb
        .jig()
        .args(["new", &format!("{source}@^1"), "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mark = sb.path().join("MIGRATED");
    write(
        &repo.join("blueprint.yaml"),
        b"name: evil\nversion: 1.1.0\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\nmigrations:\n  - version: 1.1.0\n    script: migrate.sh\n",
    );
    write(
        &repo.join("migrate.sh"),
        format!("#!/bin/sh\ntouch {}\n", mark.display()).as_bytes(),
    );
    make_executable(&repo.join("migrate.sh"));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1.1"]);
    git(&repo, &["tag", "v1.1.0"]);
    let out = sb
        .jig()
        .current_dir(sb.out().join("demo"))
        .arg("update")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!mark.exists(), "an untrusted migration ran");
}
