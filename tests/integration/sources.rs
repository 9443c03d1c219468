//! Git sources against real repositories made here: tag schemes, monorepo prefixes,
//! requirements, provenance, moved tags, the offline cache, a `git daemon` on loopback, and
//! every error with its message.

use crate::common::{self, git, read, stderr, stdout, versioned_blueprint, Sandbox};
use crate::servers::GitDaemon;
use std::path::PathBuf;

/// A repository with one blueprint at its root, tagged v1.0.0, 1.1.0 (no `v`), v1.2.0,
/// v2.0.0-rc.1, and a `develop` branch one commit ahead of the rc.
fn single_repo(sb: &Sandbox) -> (PathBuf, String) {
    let repo = sb.path().join("origin/single");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    for (version, tag, annotated) in [
        ("1.0.0", "v1.0.0", false),
        ("1.1.0", "1.1.0", true),
        ("1.2.0", "v1.2.0", false),
        ("2.0.0-rc.1", "v2.0.0-rc.1", false),
    ] {
        versioned_blueprint(&repo, "single", version, &format!("release {version}"));
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", version]);
        if annotated {
            git(&repo, &["tag", "-a", tag, "-m", "release"]);
        } else {
            git(&repo, &["tag", tag]);
        }
    }
    git(&repo, &["checkout", "-qb", "develop"]);
    versioned_blueprint(&repo, "single", "2.1.0-dev", "develop");
    git(&repo, &["commit", "-qam", "develop"]);
    git(&repo, &["checkout", "-q", "main"]);
    let url = format!("file://{}", repo.display());
    (repo, url)
}

fn new_from(sb: &Sandbox, source: &str, extra: &[&str]) -> std::process::Output {
    sb.jig()
        .args(["new", source, "--defaults", "-o", "out", "--no-git"])
        .args(extra)
        .output()
        .unwrap()
}

fn readme(sb: &Sandbox) -> String {
    read(&sb.out().join("demo/README.md"))
}

fn fresh_out(sb: &Sandbox) {
    let _ = std::fs::remove_dir_all(sb.out());
}

#[test]
fn requirements_pick_the_right_tag() {
    let sb = Sandbox::new();
    let (repo, url) = single_repo(&sb);
    let sha_1_1 = git(&repo, &["rev-parse", "1.1.0^{commit}"]);
    let cases: &[(&str, &[&str], &str)] = &[
        ("", &[], "release 1.2.0"),
        ("@latest", &[], "release 1.2.0"),
        ("@latest", &["--pre"], "release 2.0.0-rc.1"),
        ("@1.0.0", &[], "release 1.0.0"),
        ("@v1.0.0", &[], "release 1.0.0"),
        ("@~1.1", &[], "release 1.1.0"),
        ("@^1.0", &[], "release 1.2.0"),
        ("@<1.2", &[], "release 1.1.0"),
        ("@2.0.0-rc.1", &[], "release 2.0.0-rc.1"),
        ("@develop", &[], "develop"),
        ("", &["--version", "1.0.0"], "release 1.0.0"),
    ];
    for (suffix, extra, want) in cases {
        fresh_out(&sb);
        let out = new_from(&sb, &format!("{url}{suffix}"), extra);
        assert!(out.status.success(), "{suffix} {extra:?}: {}", stderr(&out));
        assert_eq!(readme(&sb), format!("demo: {want}\n"), "{suffix} {extra:?}");
    }

    // A commit SHA, short or full, with provenance recorded.
    fresh_out(&sb);
    let out = new_from(&sb, &format!("{url}@{}", &sha_1_1[..10]), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(readme(&sb), "demo: release 1.1.0\n");
    let answers = common::answers(&sb.out().join("demo"), "single");
    assert_eq!(answers["commit"].as_str(), Some(sha_1_1.as_str()));
    assert!(answers.get("ref").is_none(), "a bare commit has no ref");

    fresh_out(&sb);
    let out = new_from(&sb, &format!("{url}@^1.0"), &[]);
    assert!(out.status.success());
    let answers = common::answers(&sb.out().join("demo"), "single");
    assert_eq!(answers["version"].as_str(), Some("1.2.0"));
    assert_eq!(
        answers["source"].as_str(),
        Some(format!("{url}@^1.0").as_str())
    );
    assert_eq!(answers["source_kind"].as_str(), Some("git"));
    assert_eq!(answers["url"].as_str(), Some(url.as_str()));
    assert_eq!(answers["ref"].as_str(), Some("refs/tags/v1.2.0"));
    assert_eq!(
        answers["commit"].as_str(),
        Some(git(&repo, &["rev-parse", "v1.2.0"]).as_str())
    );
}

#[test]
fn show_lists_versions_and_questions() {
    let sb = Sandbox::new();
    let (_, url) = single_repo(&sb);
    let out = sb.jig().args(["show", &url]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("single 1.2.0\n"), "{text}");
    assert!(
        text.contains("  1.2.0  <- resolved\n  1.1.0\n  1.0.0\n"),
        "{text}"
    );
    assert!(!text.contains("rc.1"), "prereleases need --pre: {text}");
    assert!(text.contains("project_slug"), "{text}");

    let out = sb
        .jig()
        .args(["show", &url, "--pre", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], "2.0.0-rc.1");
    assert_eq!(
        json["versions"],
        serde_json::json!(["2.0.0-rc.1", "1.2.0", "1.1.0", "1.0.0"])
    );
    assert_eq!(json["questions"][0]["name"], "project_slug");
    assert_eq!(json["questions"][0]["default"], "demo");
}

/// One repository, three blueprints: two with their own tag schemes, one on plain tags.
fn monorepo(sb: &Sandbox) -> String {
    let repo = sb.path().join("origin/mono");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    let step = |name: &str, version: &str, tag: &str| {
        versioned_blueprint(
            &repo.join(name),
            name,
            version,
            &format!("{name} {version}"),
        );
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", tag]);
        git(&repo, &["tag", tag]);
    };
    step("python-lib", "1.0.0", "python-lib/v1.0.0");
    step("sagemaker", "3.0.0", "sagemaker-v3.0.0");
    step("python-lib", "1.1.0", "python-lib/v1.1.0");
    step("shared", "0.5.0", "v0.5.0");
    step("sagemaker", "3.1.0", "sagemaker-v3.1.0");
    format!("file://{}", repo.display())
}

#[test]
fn monorepo_prefixes_choose_per_blueprint() {
    let sb = Sandbox::new();
    let url = monorepo(&sb);
    for (source, extra, blueprint, want) in [
        (
            format!("{url}//python-lib"),
            vec![],
            "python-lib",
            "python-lib 1.1.0",
        ),
        (
            format!("{url}//python-lib@~1.0.0"),
            vec![],
            "python-lib",
            "python-lib 1.0.0",
        ),
        (
            format!("{url}//sagemaker@^3"),
            vec![],
            "sagemaker",
            "sagemaker 3.1.0",
        ),
        (
            format!("{url}//sagemaker"),
            vec!["--version", "3.0.0"],
            "sagemaker",
            "sagemaker 3.0.0",
        ),
        (
            url.clone(),
            vec!["--directory", "python-lib"],
            "python-lib",
            "python-lib 1.1.0",
        ),
        // No prefixed tags: the repository's plain tags.
        (format!("{url}//shared"), vec![], "shared", "shared 0.5.0"),
    ] {
        fresh_out(&sb);
        let out = new_from(&sb, &source, &extra);
        assert!(out.status.success(), "{source}: {}", stderr(&out));
        assert_eq!(readme(&sb), format!("demo: {want}\n"), "{source}");
        let answers = common::answers(&sb.out().join("demo"), blueprint);
        assert_eq!(answers["directory"].as_str(), Some(blueprint), "{source}");
    }
    let answers = common::answers(&sb.out().join("demo"), "shared");
    assert_eq!(answers["ref"].as_str(), Some("refs/tags/v0.5.0"));

    // `jig list` shows each blueprint of a configured source with its own latest version.
    sb.write_config(&format!("sources:\n  - {url}\n"));
    let out = sb
        .jig()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let from_source: Vec<(String, String, String)> = rows
        .iter()
        .filter(|r| r["from"] == url.as_str())
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["version"].as_str().unwrap().to_string(),
                r["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        from_source,
        [
            (
                "python-lib".into(),
                "1.1.0".into(),
                format!("{url}//python-lib")
            ),
            (
                "sagemaker".into(),
                "3.1.0".into(),
                format!("{url}//sagemaker")
            ),
            ("shared".into(), "0.5.0".into(), format!("{url}//shared")),
        ]
    );
}

#[test]
fn a_manifest_that_disagrees_with_its_tag_warns() {
    let sb = Sandbox::new();
    let repo = sb.path().join("origin/mismatch");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    versioned_blueprint(&repo, "mismatch", "1.0.0", "one");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "x"]);
    git(&repo, &["tag", "v1.0.1"]);
    let out = new_from(&sb, &format!("file://{}", repo.display()), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: refs/tags/v1.0.1 says version 1.0.1, but its blueprint.yaml says 1.0.0"
        ),
        "{}",
        stderr(&out)
    );
    let answers = common::answers(&sb.out().join("demo"), "mismatch");
    assert_eq!(answers["version"].as_str(), Some("1.0.1"));
}

#[test]
fn a_moved_tag_is_reported_loudly() {
    let sb = Sandbox::new();
    let (repo, url) = single_repo(&sb);
    let out = new_from(&sb, &format!("{url}@1.2.0"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let project = sb.out().join("demo");
    let show = |extra: &[&str]| {
        sb.jig()
            .arg("show")
            .arg(&project)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = show(&[]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("check:    verified: tag v1.2.0 still points at"),
        "{}",
        stdout(&out)
    );
    assert!(!stderr(&out).contains("WARNING"), "{}", stderr(&out));

    let old = git(&repo, &["rev-parse", "v1.2.0"]);
    git(&repo, &["tag", "-f", "v1.2.0", "develop"]);
    let new = git(&repo, &["rev-parse", "v1.2.0"]);
    let out = show(&[]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "WARNING: tag v1.2.0 at {url} has moved: it now points at commit {}, but .jig/single.yaml was made from {}",
            &new[..12],
            &old[..12]
        )),
        "{err}"
    );
    let out = show(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["provenance"]["status"], "changed");
    assert_eq!(json[0]["commit"], old.as_str());

    git(&repo, &["tag", "-d", "v1.2.0"]);
    let err = stderr(&show(&[]));
    assert!(
        err.contains(&format!("WARNING: tag v1.2.0 no longer exists at {url}")),
        "{err}"
    );
}

#[test]
fn offline_uses_the_cache_and_says_what_is_missing() {
    let sb = Sandbox::new();
    let (repo, url) = single_repo(&sb);
    assert!(new_from(&sb, &format!("{url}@1.0.0"), &[]).status.success());
    // A release made after that: listed by an online `show`, but its commit never fetched.
    versioned_blueprint(&repo, "single", "1.3.0", "release 1.3.0");
    git(&repo, &["commit", "-qam", "1.3.0"]);
    git(&repo, &["tag", "v1.3.0"]);
    let out = sb
        .jig()
        .args(["show", &format!("{url}@1.0.0")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // The origin disappears: what was fetched still works offline.
    let moved = sb.path().join("origin/gone");
    std::fs::rename(&repo, &moved).unwrap();
    fresh_out(&sb);
    let out = new_from(&sb, &format!("{url}@1.0.0"), &["--offline"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(readme(&sb), "demo: release 1.0.0\n");

    // JIG_OFFLINE=1 is the same as --offline.
    fresh_out(&sb);
    let out = sb
        .jig()
        .env("JIG_OFFLINE", "1")
        .args([
            "new",
            &format!("{url}@1.0.0"),
            "--defaults",
            "-o",
            "out",
            "--no-git",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // The listing knows v1.3.0, but its commit is not cached.
    fresh_out(&sb);
    let out = new_from(&sb, &url, &["--offline"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "error: --offline: {url} is not in the cache (refs/tags/v1.3.0 at"
        )),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("hint: run once without --offline"));

    // Never fetched at all.
    let other = format!("file://{}/never", sb.path().display());
    let out = new_from(&sb, &other, &["--offline"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("error: --offline: {other} is not in the cache")),
        "{}",
        stderr(&out)
    );
    // Online, the missing origin is an error naming the URL.
    let out = new_from(&sb, &url, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("error: no git repository at {url}")),
        "{}",
        stderr(&out)
    );
    assert!(!sb.out().exists(), "nothing is left behind");
}

#[test]
fn errors_name_the_url_and_ref() {
    let sb = Sandbox::new();
    let (_, url) = single_repo(&sb);
    let check = |source: &str, extra: &[&str], code: i32, want: &str| {
        let out = new_from(&sb, source, extra);
        assert_eq!(out.status.code(), Some(code), "{source}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{source}: {}", stderr(&out));
        assert!(!sb.out().exists(), "{source}: nothing is left behind");
    };
    check(
        &format!("{url}@^3"),
        &[],
        2,
        &format!("error: {url} has no version matching ^3\n  available: v1.0.0, 1.1.0, v1.2.0, v2.0.0-rc.1"),
    );
    check(
        &format!("{url}@nope"),
        &[],
        2,
        &format!("error: {url} has no branch or tag `nope`"),
    );
    check(
        &format!("{url}@deadbeefdeadbeef"),
        &[],
        2,
        &format!("error: {url} has no commit `deadbeefdeadbeef`"),
    );
    check(
        &format!("{url}//missing"),
        &[],
        2,
        &format!("error: {url} at refs/tags/v1.2.0 has no directory `missing`"),
    );
    check(
        &format!("{url}@1.0.0"),
        &["--version", "1.2.0"],
        2,
        "asks for 1.0.0 and --version for 1.2.0; give one",
    );
    check(
        "git://nonexistent.invalid/blueprints.git",
        &[],
        1,
        "error: cannot reach git://nonexistent.invalid/blueprints.git: unknown host `nonexistent.invalid`",
    );
    check(
        "python-lib@main",
        &[],
        2,
        "accepts only version requirements, not `main`",
    );
    check(
        "no-such-blueprint",
        &[],
        2,
        "error: no blueprint named `no-such-blueprint` (looked in first-party blueprints and registries local)",
    );
}

/// A git repository with no version tags: its default branch, with a warning.
#[test]
fn untagged_repositories_use_the_default_branch() {
    let sb = Sandbox::new();
    let repo = sb.path().join("origin/untagged");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "trunk"]);
    versioned_blueprint(&repo, "untagged", "0.1.0", "head");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "x"]);
    let url = format!("file://{}", repo.display());
    let out = new_from(&sb, &url, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "warning: {url} has no version tags; using its default branch"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(readme(&sb), "demo: head\n");
    fresh_out(&sb);
    let out = new_from(&sb, &format!("{url}@^1"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("error: {url} has no version tags")));
}

/// Abbreviations from the config file, and a local repository path with `@REQ`.
#[test]
fn abbreviations_and_local_repositories_with_versions() {
    let sb = Sandbox::new();
    let (repo, _) = single_repo(&sb);
    let origin = repo.parent().unwrap();
    sb.write_config(&format!(
        "abbreviations:\n  corp: \"file://{}/{{0}}\"\n",
        origin.display()
    ));
    let out = new_from(&sb, "corp:single@~1.1", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(readme(&sb), "demo: release 1.1.0\n");
    let answers = common::answers(&sb.out().join("demo"), "single");
    assert_eq!(answers["source"].as_str(), Some("corp:single@~1.1"));
    assert_eq!(
        answers["url"].as_str(),
        Some(format!("file://{}/single", origin.display()).as_str())
    );

    fresh_out(&sb);
    let out = new_from(&sb, "./origin/single@1.0.0", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(readme(&sb), "demo: release 1.0.0\n");

    // Without a requirement, a local directory is used as it is, uncommitted edits included.
    common::write(
        &repo.join("template/README.md"),
        b"{{ project_slug }}: working tree\n",
    );
    fresh_out(&sb);
    let out = new_from(&sb, "./origin/single", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(readme(&sb), "demo: working tree\n");
}

/// `git daemon` on loopback: the network transport, with shallow fetches.
#[test]
fn git_daemon_over_the_network() {
    let sb = Sandbox::new();
    let (repo, _) = single_repo(&sb);
    let base = repo.parent().unwrap().to_path_buf();
    let Some(daemon) = GitDaemon::start(&base) else {
        panic!("git daemon did not start");
    };
    let url = format!("git://127.0.0.1:{}/single", daemon.port);
    let out = new_from(&sb, &format!("{url}@~1.1"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(readme(&sb), "demo: release 1.1.0\n");
    // Shallow: the cached mirror holds the chosen commit, not its history.
    let mirror = std::fs::read_dir(sb.path().join("cache/jig/git"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(
        mirror.join("shallow").is_file(),
        "the fetch was not shallow"
    );
    let count = git(&mirror, &["rev-list", "--count", "--all"]);
    assert_eq!(count, "1", "only the tagged commit was fetched");

    let out = sb
        .jig()
        .args(["show", &url, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], "1.2.0");

    let out = new_from(&sb, &format!("git://127.0.0.1:{}/absent", daemon.port), &[]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(&format!("git://127.0.0.1:{}/absent", daemon.port)),
        "{}",
        stderr(&out)
    );
}

/// An HTTP server that demands credentials: jig tries what it has, then says what it tried.
#[test]
fn authentication_failures_say_what_was_tried() {
    let sb = Sandbox::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten().take(20) {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = std::io::Read::read(&mut stream, &mut buf);
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let url = format!("http://127.0.0.1:{port}/acme/blueprints.git");
    let out = new_from(&sb, &url, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("error: authentication failed for {url}")),
        "{err}"
    );
    assert!(err.contains("tried: git credential helpers"), "{err}");
    assert!(
        err.contains("hint: check that `git ls-remote URL` works"),
        "{err}"
    );
}

/// A bare name is a blueprint name: a folder of that name here is used only when it is a
/// template, never over a first-party blueprint (`./NAME` picks the folder).
#[test]
fn a_folder_named_like_a_blueprint_does_not_shadow_it() {
    let sb = Sandbox::new();
    // A project made from sagemaker-mlops earlier, in the folder jig runs in.
    std::fs::create_dir_all(sb.path().join("sagemaker-mlops/src")).unwrap();
    let out = sb
        .jig()
        .args([
            "new",
            "sagemaker-mlops",
            "--defaults",
            "--no-git",
            "--no-hooks",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sb
        .out()
        .join("churn-model/.jig/sagemaker-mlops.yaml")
        .exists());
    assert!(!stderr(&out).contains("first-party"), "{}", stderr(&out));

    // The folder is a template too: the first-party blueprint wins, and jig says how to pick
    // the folder.
    common::write(
        &sb.path().join("sagemaker-mlops/blueprint.yaml"),
        common::manifest("").as_bytes(),
    );
    common::write(&sb.path().join("sagemaker-mlops/template/a.txt"), b"mine\n");
    let out = sb
        .jig()
        .args([
            "new",
            "sagemaker-mlops",
            "--defaults",
            "--no-git",
            "--no-hooks",
            "-o",
            "out2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: using the first-party blueprint `sagemaker-mlops`; the folder `sagemaker-mlops` here is a template too: type `./sagemaker-mlops` to use it"), "{}", stderr(&out));
    let out = sb
        .jig()
        .args([
            "new",
            "./sagemaker-mlops",
            "--defaults",
            "--no-git",
            "-o",
            "out3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.path().join("out3/demo/a.txt")), "mine\n");

    // A folder that is no template and no blueprint name: the name is looked up, and missed.
    std::fs::create_dir_all(sb.path().join("notes")).unwrap();
    let out = sb
        .jig()
        .args(["new", "notes", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: no blueprint named `notes`"),
        "{}",
        stderr(&out)
    );
}

/// CI authors learn a choice question's values from `jig show`, not by failing.
#[test]
fn show_lists_the_values_choice_questions_accept() {
    let sb = Sandbox::new();
    let out = sb.jig().args(["show", "sagemaker-mlops"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  instance_type         choice      [default: ml.m5.xlarge]\n                                    one of: ml.m5.xlarge, ml.m5.2xlarge, ml.g5.xlarge\n"),
        "{text}"
    );
    assert!(text.contains("any of: lint, test, cfn-lint\n"), "{text}");
    let out = sb
        .jig()
        .args(["show", "sagemaker-mlops", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let region = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "instance_type")
        .unwrap();
    assert_eq!(
        region["choices"],
        serde_json::json!(["ml.m5.xlarge", "ml.m5.2xlarge", "ml.g5.xlarge"])
    );
    let cc = sb.path().join("cc");
    common::write(
        &cc.join("cookiecutter.json"),
        br#"{"name": "x", "license": ["MIT", "BSD-3"], "docker": true}"#,
    );
    common::write(&cc.join("{{cookiecutter.name}}/a.txt"), b"a\n");
    let out = sb.jig().arg("show").arg(&cc).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("license  choice      [default: MIT]\n"),
        "{text}"
    );
    assert!(text.contains("one of: MIT, BSD-3\n"), "{text}");
    assert!(
        text.contains("docker   boolean     [default: true]\n"),
        "{text}"
    );
}
