//! `jig fleet update` end to end: repositories made by the real binary and served over git's
//! smart HTTP on loopback, branches pushed for real, and the pull / merge requests opened on
//! fake GitHub and GitLab APIs (tests/integration/forges.rs) whose every request is checked:
//! method, path, token, body, and that a second run opens nothing new. Also discovery of a
//! GitHub organisation and a GitLab group through the same APIs.

use crate::common::*;
use crate::forges::{Forge, Kind, Logged, TOKEN};
use crate::lifecycle::{commit_all, BlueprintRepo};
use crate::servers::{GitDaemon, GitHttp};
use serde_json::Value;
use std::path::PathBuf;

struct World {
    sb: Sandbox,
    srv: PathBuf,
    _daemon: GitDaemon,
    _hub_git: GitHttp,
    _lab_git: GitHttp,
    hub: Forge,
    lab: Forge,
    team_py: BlueprintRepo,
    infra: BlueprintRepo,
    fleet: PathBuf,
}

const MIGRATE: &[u8] =
    b"#!/bin/sh\nset -e\necho \"migrated $JIG_VERSION_FROM -> $JIG_VERSION_TO\" > MIGRATED.txt\n";

fn build() -> World {
    let sb = Sandbox::new();
    let srv = sb.path().join("srv");
    std::fs::create_dir_all(srv.join("acme")).unwrap();
    let daemon = GitDaemon::start(&srv).expect("git daemon starts");
    let (hub_git, lab_git) = (GitHttp::start(&srv), GitHttp::start(&srv));
    let (hub, lab) = (Forge::start(Kind::Github), Forge::start(Kind::Gitlab));
    let blueprint = |name: &str| BlueprintRepo::in_dir(&srv.join(name), name);
    let team_py = blueprint("team-py");
    team_py.release(
        "1.0.0",
        "",
        "",
        &[
            ("README.md", b"# {{ project_slug }}\n"),
            ("ci.yml", b"lint: v1\n"),
        ],
    );
    let infra = blueprint("ml-infra");
    infra.release("1.0.0", "", "", &[("infra/stack.yaml", b"Resources: {}\n")]);

    let mut entries = Vec::new();
    let repos: [(&str, &str, &GitHttp); 8] = [
        ("gh-behind-0", "team-py", &hub_git),
        ("gh-behind-1", "team-py", &hub_git),
        ("gh-conflict-0", "team-py", &hub_git),
        ("gh-pinned-0", "team-py@1.0.0", &hub_git),
        ("gh-infra-0", "ml-infra", &hub_git),
        ("gl-behind-0", "team-py", &lab_git),
        ("gl-behind-1", "team-py", &lab_git),
        ("gl-conflict-0", "team-py", &lab_git),
    ];
    for (name, source, http) in repos {
        let out = sb
            .jig()
            .args(["new", &daemon.url(source), "--defaults", "-o", "work"])
            .args(["--data", &format!("project_slug={name}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let dir = sb.path().join("work").join(name);
        if name.contains("conflict") {
            write(&dir.join("ci.yml"), b"lint: team\n");
            commit_all(&dir, "our own lint");
        }
        let bare = srv.join("acme").join(format!("{name}.git"));
        git(
            sb.path(),
            &[
                "clone",
                "-q",
                "--bare",
                &dir.display().to_string(),
                &bare.display().to_string(),
            ],
        );
        entries.push(http.url(&format!("acme/{name}.git")));
    }
    entries.push(hub_git.url("acme/gone.git"));
    let fleet = sb.path().join("fleet.yaml");
    let host = |h: &GitHttp| format!("127.0.0.1:{}", h.port);
    let text = format!(
        "repositories:\n{}forges:\n  - kind: github\n    host: \"{}\"\n    api: {}\n  - kind: gitlab\n    host: \"{}\"\n    api: {}\n",
        entries.iter().map(|e| format!("  - {e}\n")).collect::<String>(),
        host(&hub_git),
        hub.api(),
        host(&lab_git),
        lab.api(),
    );
    write(&fleet, text.as_bytes());
    team_py.release(
        "2.0.0",
        "",
        "",
        &[
            ("README.md", b"# {{ project_slug }}\n"),
            ("ci.yml", b"lint: v2\n"),
            ("Makefile", b"test:\n\tpytest\n"),
        ],
    );
    write(&infra.dir.join("migrations/2.sh"), MIGRATE);
    make_executable(&infra.dir.join("migrations/2.sh"));
    infra.release(
        "2.0.0",
        "",
        "migrations:\n  - version: 2.0.0\n    script: migrations/2.sh\n    when: after\n",
        &[("infra/stack.yaml", b"Resources: {}\nOutputs: {}\n")],
    );
    World {
        sb,
        srv,
        _daemon: daemon,
        _hub_git: hub_git,
        _lab_git: lab_git,
        hub,
        lab,
        team_py,
        infra,
        fleet,
    }
}

impl World {
    /// `jig fleet update FLEET ARGS --format json` with both tokens set.
    fn update(&self, args: &[&str]) -> (i32, Value, String) {
        let out = self
            .sb
            .jig()
            .args(["fleet", "update", &self.fleet.display().to_string()])
            .args(args)
            .args(["--format", "json"])
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITLAB_TOKEN", TOKEN)
            .output()
            .unwrap();
        let (text, err) = (stdout(&out), stderr(&out));
        assert!(
            !text.contains(TOKEN) && !err.contains(TOKEN),
            "a token was printed"
        );
        let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}\n{err}"));
        (out.status.code().unwrap_or(-1), json, err)
    }

    fn bare(&self, name: &str) -> PathBuf {
        self.srv.join("acme").join(format!("{name}.git"))
    }
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}: {report:#}"))
}

fn calls(log: &[Logged]) -> Vec<String> {
    let mut c: Vec<String> = log
        .iter()
        .map(|l| format!("{} {}", l.method, l.path))
        .collect();
    c.sort();
    c
}

#[test]
fn a_version_rolls_out_as_branches_and_requests_and_a_rerun_changes_nothing() {
    let w = build();

    // --dry-run plans every repository and touches nothing.
    let (code, plan, err) = w.update(&["--to", "2.0.0", "--blueprint", "team-py", "--dry-run"]);
    assert_eq!(code, 1, "the unreadable repository fails the run: {err}");
    assert_eq!(row(&plan, "gh-behind-0")["outcome"], "planned");
    assert_eq!(
        row(&plan, "gh-conflict-0")["conflicts"],
        serde_json::json!(["ci.yml"])
    );
    assert_eq!(row(&plan, "gh-pinned-0")["outcome"], "pinned");
    assert_eq!(row(&plan, "gh-infra-0")["outcome"], "not-using");
    assert_eq!(row(&plan, "gone")["outcome"], "unreadable");
    assert!(w.hub.take_log().is_empty() && w.lab.take_log().is_empty());
    assert_eq!(
        git(
            &w.bare("gh-behind-0"),
            &["branch", "--format=%(refname:short)"]
        ),
        "main"
    );

    // The real thing: branches pushed, requests opened.
    let (code, report, err) = w.update(&["--to", "2.0.0", "--blueprint", "team-py", "--open-pr"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        report["summary"],
        serde_json::json!({"conflicts": 2, "not-using": 1, "pinned": 1, "unreadable": 1, "updated": 4}),
        "{report:#}"
    );
    let behind = row(&report, "gh-behind-0");
    assert_eq!(behind["outcome"], "updated");
    assert_eq!(behind["branch"], "jig/team-py-2.0.0");
    assert_eq!(behind["push"], "pushed");
    assert_eq!(behind["request"]["action"], "created");
    let bare = w.bare("gh-behind-0");
    let branch = "jig/team-py-2.0.0";
    assert_eq!(
        git(&bare, &["rev-parse", &format!("{branch}^")]),
        git(&bare, &["rev-parse", "main"]),
        "the branch starts at the default branch's tip"
    );
    assert_eq!(
        git(&bare, &["show", &format!("{branch}:ci.yml")]),
        "lint: v2"
    );
    assert_eq!(
        git(&bare, &["show", &format!("{branch}:Makefile")]),
        "test:\n\tpytest"
    );
    assert!(
        git(&bare, &["show", &format!("{branch}:.jig/team-py.yaml")]).contains("version: 2.0.0")
    );
    let conflict = w.bare("gh-conflict-0");
    let marked = git(&conflict, &["show", &format!("{branch}:ci.yml")]);
    assert!(
        marked.contains("<<<<<<<") && marked.contains("lint: team") && marked.contains("lint: v2"),
        "{marked}"
    );

    // Every request jig sent to GitHub: list, then open, with the token and a body.
    let log = w.hub.take_log();
    assert!(log
        .iter()
        .all(|l| l.token.as_deref() == Some(&*format!("Bearer {TOKEN}"))));
    let mut expected = Vec::new();
    for r in ["gh-behind-0", "gh-behind-1", "gh-conflict-0"] {
        expected.push(format!("GET /repos/acme/{r}/pulls?state=open&per_page=100"));
        expected.push(format!("POST /repos/acme/{r}/pulls"));
    }
    expected.sort();
    assert_eq!(calls(&log), expected);
    let create = log
        .iter()
        .find(|l| l.method == "POST" && l.path.contains("gh-conflict-0"))
        .unwrap();
    assert_eq!(create.body["title"], "Update team-py 1.0.0 -> 2.0.0");
    assert_eq!(create.body["head"], "jig/team-py-2.0.0");
    assert_eq!(create.body["base"], "main");
    assert_eq!(create.body["draft"], true, "conflicts open a draft");
    let body = create.body["body"].as_str().unwrap();
    assert!(body.contains("### Conflicts to resolve"), "{body}");
    assert!(body.contains("- `ci.yml`"), "{body}");
    assert!(body.contains("| `Makefile` | added |"), "{body}");
    let plain = log
        .iter()
        .find(|l| l.method == "POST" && l.path.contains("gh-behind-1"))
        .unwrap();
    assert_eq!(plain.body["draft"], false);

    // GitLab: merge requests, a draft as `Draft:`, the branch removed on merge.
    let log = w.lab.take_log();
    assert!(log.iter().all(|l| l.token.as_deref() == Some(TOKEN)));
    let mut expected = Vec::new();
    for r in ["gl-behind-0", "gl-behind-1", "gl-conflict-0"] {
        expected.push(format!(
            "GET /api/v4/projects/acme%2F{}/merge_requests?state=opened&per_page=100",
            r.replace('-', "%2D")
        ));
        expected.push(format!(
            "POST /api/v4/projects/acme%2F{}/merge_requests",
            r.replace('-', "%2D")
        ));
    }
    expected.sort();
    assert_eq!(calls(&log), expected);
    let create = log
        .iter()
        .find(|l| l.method == "POST" && l.path.contains("conflict"))
        .unwrap();
    assert_eq!(create.body["title"], "Draft: Update team-py 1.0.0 -> 2.0.0");
    assert_eq!(create.body["source_branch"], "jig/team-py-2.0.0");
    assert_eq!(create.body["target_branch"], "main");
    assert_eq!(create.body["remove_source_branch"], true);
    let open_before = (w.hub.all(), w.lab.all());
    assert_eq!(open_before.0.len(), 3);
    assert_eq!(open_before.1.len(), 3);

    // Again: the same branches (nothing to push), the same requests refreshed, none opened.
    let (_, again, err) = w.update(&["--to", "2.0.0", "--blueprint", "team-py", "--open-pr"]);
    let behind = row(&again, "gl-behind-1");
    assert_eq!(behind["push"], "unchanged", "{err}");
    assert_eq!(behind["request"]["action"], "refreshed");
    assert_eq!(
        (w.hub.all(), w.lab.all()),
        open_before,
        "no request opened twice"
    );
    let methods: Vec<String> = w.hub.take_log().iter().map(|l| l.method.clone()).collect();
    assert!(
        methods.iter().all(|m| m == "GET" || m == "PATCH"),
        "{methods:?}"
    );
    let methods: Vec<String> = w.lab.take_log().iter().map(|l| l.method.clone()).collect();
    assert!(
        methods.iter().all(|m| m == "GET" || m == "PUT"),
        "{methods:?}"
    );

    // A newer version supersedes: new requests, the old ones closed with a comment and their
    // branches deleted.
    w.team_py.release(
        "2.1.0",
        "",
        "",
        &[
            ("README.md", b"# {{ project_slug }}\n"),
            ("ci.yml", b"lint: v2.1\n"),
            ("Makefile", b"test:\n\tpytest\n"),
        ],
    );
    let (_, next, err) = w.update(&["--to", "2.1.0", "--blueprint", "team-py", "--open-pr"]);
    let behind = row(&next, "gh-behind-0");
    assert_eq!(behind["request"]["action"], "created", "{err}");
    assert_eq!(
        behind["closed"],
        serde_json::json!([format!(
            "http://127.0.0.1:{}/acme/gh-behind-0/pull/1",
            w.hub.port
        )])
    );
    let open: Vec<String> = w.hub.open().into_iter().map(|o| o.1).collect();
    assert_eq!(open, ["jig/team-py-2.1.0"; 3]);
    let open: Vec<String> = w.lab.open().into_iter().map(|o| o.1).collect();
    assert_eq!(open, ["jig/team-py-2.1.0"; 3]);
    let log = w.hub.take_log();
    let comment = log
        .iter()
        .find(|l| l.path == "/repos/acme/gh-behind-0/issues/1/comments")
        .expect("a comment on the superseded request");
    assert!(comment.body["body"]
        .as_str()
        .unwrap()
        .starts_with("Superseded by http://"));
    assert!(log.iter().any(|l| l.method == "PATCH"
        && l.path == "/repos/acme/gh-behind-0/pulls/1"
        && l.body["state"] == "closed"));
    assert!(log.iter().any(|l| l.method == "DELETE"
        && l.path == "/repos/acme/gh-behind-0/git/refs/heads/jig/team-py-2.0.0"));
    let lab_log = w.lab.take_log();
    assert!(lab_log
        .iter()
        .any(|l| l.method == "PUT" && l.body["state_event"] == "close"));
    assert!(lab_log.iter().any(|l| l.method == "DELETE"
        && l.path
            .ends_with("/repository/branches/jig%2Fteam%2Dpy%2D2%2E0%2E0")));
}

#[test]
fn migrations_of_untrusted_sources_never_run_and_trusted_ones_are_listed() {
    let w = build();
    // Without --blueprint, a fleet of two blueprints is refused with the counts.
    let out =
        w.sb.jig()
            .args([
                "fleet",
                "update",
                &w.fleet.display().to_string(),
                "--to",
                "2.0.0",
            ])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: the fleet uses several blueprints, and --to applies to one"),
        "{err}"
    );
    assert!(err.contains("ml-infra: 1 repositories"), "{err}");
    assert!(err.contains("team-py: 7 repositories"), "{err}");
    assert!(err.contains("hint: pass --blueprint NAME"), "{err}");

    // A typo in --blueprint is named, with the blueprints the fleet does use.
    let out =
        w.sb.jig()
            .args([
                "fleet",
                "update",
                &w.fleet.display().to_string(),
                "--to",
                "2.0.0",
            ])
            .args(["--blueprint", "team-pi", "--dry-run"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: no repository of the fleet uses a blueprint named `team-pi`"),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `team-py`?"), "{err}");

    let (code, report, err) = w.update(&["--to", "2.0.0", "--blueprint", "ml-infra", "--open-pr"]);
    assert_eq!(code, 1, "the unreadable repository: {err}");
    let infra = row(&report, "gh-infra-0");
    assert_eq!(infra["outcome"], "needs-trust");
    let detail = infra["detail"].as_str().unwrap();
    assert!(detail.contains("migrations/2.sh"), "{detail}");
    assert!(detail.contains("under `trusted:`"), "{detail}");
    assert_eq!(row(&report, "gh-behind-0")["outcome"], "not-using");
    assert_eq!(
        git(
            &w.bare("gh-infra-0"),
            &["branch", "--format=%(refname:short)"]
        ),
        "main",
        "nothing was pushed"
    );
    assert!(w.hub.all().is_empty());

    w.sb.write_config(&format!(
        "trusted:\n  - git://127.0.0.1:{}/ml-infra\n",
        w._daemon.port
    ));
    let (_, report, err) = w.update(&["--to", "2.0.0", "--blueprint", "ml-infra", "--open-pr"]);
    let infra = row(&report, "gh-infra-0");
    assert_eq!(infra["outcome"], "updated", "{err}");
    let bare = w.bare("gh-infra-0");
    assert_eq!(
        git(&bare, &["show", "jig/ml-infra-2.0.0:MIGRATED.txt"]),
        "migrated 1.0.0 -> 2.0.0"
    );
    let body = w.hub.body_of("acme/gh-infra-0", "jig/ml-infra-2.0.0");
    assert!(
        body.contains("### Migrations that ran\n\n- migrations/2.sh (after the merge, for 2.0.0)"),
        "{body}"
    );
    let _ = &w.infra;
}

#[test]
fn discovery_lists_an_organisation_and_a_group_through_their_apis() {
    let sb = Sandbox::new();
    let hub = Forge::start(Kind::Github);
    let lab = Forge::start(Kind::Gitlab);
    for (name, topics, archived) in [
        ("churn", vec!["ml"], false),
        ("fraud", vec!["ml", "risk"], false),
        ("website", vec![], false),
        ("old-model", vec!["ml"], true),
        ("ranking", vec!["ml"], false),
    ] {
        let url = format!("https://git.example.com/acme/{name}.git");
        hub.add_repo(name, &url, &topics, archived);
        lab.add_repo(
            name,
            &url.replace("git.example", "gl.example"),
            &topics,
            archived,
        );
    }
    let fleet = sb.path().join("fleet.yaml");
    write(
        &fleet,
        format!(
            "repositories:\n  - https://git.example.com/acme/extra.git\ndiscover:\n  - github: {{org: acme, topic: ml, host: \"h\"}}\n  - gitlab: {{group: acme/ml, topic: ml, host: \"l\"}}\nforges:\n  - {{kind: github, host: h, api: \"{}\"}}\n  - {{kind: gitlab, host: l, api: \"{}\"}}\n",
            hub.api(),
            lab.api()
        )
        .as_bytes(),
    );
    let out = sb
        .jig()
        .args([
            "fleet",
            "plan",
            &fleet.display().to_string(),
            "--shards",
            "1",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let repos: Vec<&str> = plan[0]["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(
        repos,
        [
            "https://git.example.com/acme/churn.git",
            "https://git.example.com/acme/extra.git",
            "https://git.example.com/acme/fraud.git",
            "https://git.example.com/acme/ranking.git",
            "https://gl.example.com/acme/churn.git",
            "https://gl.example.com/acme/fraud.git",
            "https://gl.example.com/acme/ranking.git",
        ]
    );
    // Both forges paged (two per page): every page was asked for.
    let hub_calls: Vec<String> = hub.take_log().into_iter().map(|l| l.path).collect();
    assert_eq!(hub_calls.len(), 3, "{hub_calls:?}");
    assert!(hub_calls[0].starts_with("/orgs/acme/repos?type=all&per_page=100"));
    assert!(hub_calls[2].ends_with("page=3"), "{hub_calls:?}");
    let lab_calls: Vec<String> = lab.take_log().into_iter().map(|l| l.path).collect();
    assert_eq!(lab_calls.len(), 2, "{lab_calls:?}");
    assert!(lab_calls[0].starts_with("/api/v4/groups/acme%2Fml/projects?include_subgroups=true&archived=false&per_page=100&topic=ml"));
}

/// A forge that says "slow down" is waited out (its `Retry-After`), and the run completes
/// without opening anything twice.
#[test]
fn rate_limits_are_waited_out() {
    let w = build();
    w.hub.limit_next(2);
    let started = std::time::Instant::now();
    let (_, report, err) = w.update(&[
        "--to",
        "2.0.0",
        "--blueprint",
        "team-py",
        "--open-pr",
        "--jobs",
        "1",
    ]);
    for name in ["gh-behind-0", "gh-behind-1", "gh-conflict-0"] {
        assert_eq!(
            row(&report, name)["request"]["action"],
            "created",
            "{name}: {err}"
        );
    }
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "it waited"
    );
    let log = w.hub.take_log();
    assert_eq!(log.len(), 6 + 2, "two refused requests were sent again");
    assert_eq!(w.hub.all().len(), 3, "no request opened twice");
}
