//! `jig fleet` against a real fleet: 54 repositories made by the real binary (and two by real
//! cruft), served by `git daemon` and git's smart HTTP on loopback, read from their default
//! branches through jig's cache. Every kind of repository a platform team meets is in it: up
//! to date, behind, diverged, both, pinned, two blueprints in one repository, cruft projects,
//! and repositories that cannot be read.

use crate::common::*;
use crate::lifecycle::{commit_all, BlueprintRepo};
use crate::servers::{GitDaemon, GitHttp};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The fleet, its servers and what each repository is.
struct World {
    sb: Sandbox,
    _daemon: GitDaemon,
    http: GitHttp,
    fleet: PathBuf,
    /// Repository name -> (status the fleet must report, the bare repository's path).
    expected: Vec<(String, &'static str, PathBuf)>,
    team_py: BlueprintRepo,
}

const GROUPS: [(&str, usize); 6] = [
    ("behind", 10),
    ("behind-diverged", 6),
    ("pinned", 4),
    ("clean", 20),
    ("diverged", 6),
    ("two", 3),
];

fn build() -> World {
    let sb = Sandbox::new();
    let srv = sb.path().join("srv");
    std::fs::create_dir_all(&srv).unwrap();
    let daemon = GitDaemon::start(&srv).expect("git daemon starts");
    let http = GitHttp::start(&srv);
    let blueprint = |name: &str| BlueprintRepo::in_dir(&srv.join(name), name);
    let team_py = blueprint("team-py");
    let files_v1: [(&str, &[u8]); 3] = [
        ("README.md", b"# {{ project_slug }}\n"),
        ("ci.yml", b"lint: v1\n"),
        ("setup.cfg", b"[metadata]\nname = {{ project_slug }}\n"),
    ];
    team_py.release("1.0.0", "", "", &files_v1);
    let infra = blueprint("ml-infra");
    infra.release("1.0.0", "", "", &[("infra/stack.yaml", b"Resources: {}\n")]);

    let team_url = daemon.url("team-py");
    let infra_url = daemon.url("ml-infra");
    let mut expected = Vec::new();
    let mut made = 0;
    let mut make = |sb: &Sandbox, group: &str, i: usize, sources: &[String]| -> PathBuf {
        let name = format!("{group}-{i:02}");
        for (n, source) in sources.iter().enumerate() {
            let mut cmd = sb.jig();
            cmd.args(["new", source, "--defaults", "-o", "work"])
                .args(["--data", &format!("project_slug={name}")]);
            if n > 0 {
                cmd.arg("--skip-if-exists");
            }
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "jig new {source}: {}", stderr(&out));
        }
        made += 1;
        sb.path().join("work").join(name)
    };
    // Made while 1.0.0 is the newest, following the newest.
    let mut early = Vec::new();
    for (group, n) in &GROUPS[..3] {
        for i in 0..*n {
            let source = if *group == "pinned" {
                format!("{team_url}@1.0.0")
            } else {
                team_url.clone()
            };
            early.push((group.to_string(), make(&sb, group, i, &[source])));
        }
    }
    let mut files_v2 = files_v1.to_vec();
    files_v2[1] = ("ci.yml", b"lint: v2\n");
    team_py.release("1.1.0", "", "", &files_v2);
    files_v2.push(("Makefile", b"test:\n\tpytest\n"));
    team_py.release("2.0.0", "", "", &files_v2);
    let mut late = Vec::new();
    for (group, n) in &GROUPS[3..] {
        for i in 0..*n {
            let sources = if *group == "two" {
                vec![team_url.clone(), infra_url.clone()]
            } else {
                vec![team_url.clone()]
            };
            late.push((group.to_string(), make(&sb, group, i, &sources)));
        }
    }
    assert_eq!(made, 49);

    // The teams' own edits.
    for (group, dir) in early.iter().chain(late.iter()) {
        match group.as_str() {
            "diverged" => write(&dir.join("ci.yml"), b"lint: v2\nextra: team\n"),
            "behind-diverged" => {
                write(&dir.join("ci.yml"), b"lint: v1\nextra: team\n");
                std::fs::remove_file(dir.join("setup.cfg")).unwrap();
            }
            "two" => {
                git(dir, &["add", "-A"]);
                git(dir, &["commit", "-q", "-m", "add ml-infra"]);
                continue;
            }
            _ => continue,
        }
        commit_all(dir, "team edit");
    }

    // Two projects made by real cruft from a Cookiecutter template; one edited.
    let cc = srv.join("cc-template");
    write(
        &cc.join("cookiecutter.json"),
        b"{\"project_slug\": \"svc\", \"team\": \"ml\"}\n",
    );
    write(
        &cc.join("{{cookiecutter.project_slug}}/config.yaml"),
        b"team: {{ cookiecutter.team }}\n",
    );
    git(&cc, &["init", "-q", "-b", "main"]);
    commit_all(&cc, "template");
    let mut cruft_dirs = Vec::new();
    for i in 0..2 {
        let slug = format!("cruft-{i:02}");
        let out = std::process::Command::new("cruft")
            .env("PATH", test_path())
            .env("HOME", sb.path().join("home"))
            .args(["create", &daemon.url("cc-template"), "--no-input"])
            .args([
                "--output-dir",
                &sb.path().join("work").display().to_string(),
            ])
            .args([
                "--extra-context",
                &format!("{{\"project_slug\": \"{slug}\"}}"),
            ])
            .output()
            .expect("cruft runs (scripts/test-deps installs it)");
        assert!(out.status.success(), "cruft create: {}", stderr(&out));
        let dir = sb.path().join("work").join(&slug);
        assert!(dir.join(".cruft.json").is_file());
        git(&dir, &["init", "-q", "-b", "main"]);
        if i == 1 {
            write(&dir.join("config.yaml"), b"team: ml\nowner: me\n");
        }
        commit_all(&dir, "cruft create");
        cruft_dirs.push((slug, dir));
    }

    // A repository with no answers file.
    let plain = sb.path().join("work/plain-00");
    write(&plain.join("README.md"), b"not from a blueprint\n");
    git(&plain, &["init", "-q", "-b", "main"]);
    commit_all(&plain, "plain");

    // Everything served from srv/fleet, alternately over git:// and http://.
    let mut entries = Vec::new();
    let mut all: Vec<(String, PathBuf)> = early.into_iter().chain(late).collect();
    all.extend(cruft_dirs.into_iter().map(|(s, d)| {
        let g = if s.ends_with("01") {
            "cruft-diverged"
        } else {
            "cruft"
        };
        (g.to_string(), d)
    }));
    all.push(("plain".to_string(), plain));
    for (i, (group, dir)) in all.iter().enumerate() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let bare = srv.join("fleet").join(format!("{name}.git"));
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
        let path = format!("fleet/{name}.git");
        entries.push(if i % 2 == 0 {
            daemon.url(&path)
        } else {
            http.url(&path)
        });
        let status = match group.as_str() {
            "behind" => "behind",
            "behind-diverged" => "behind-and-diverged",
            "diverged" | "cruft-diverged" => "diverged",
            "plain" => "unreadable",
            "pinned" => "pinned",
            _ => "clean",
        };
        expected.push((name, status, bare));
    }
    entries.push(daemon.url("fleet/gone.git"));
    expected.push(("gone".into(), "unreadable", srv.join("fleet/gone.git")));
    entries.push(http.url("fleet/absent.git"));
    expected.push(("absent".into(), "unreadable", srv.join("fleet/absent.git")));
    let fleet = sb.path().join("fleet.yaml");
    let text = format!(
        "# the team's repositories\nrepositories:\n{}",
        entries
            .iter()
            .map(|e| format!("  - {e}\n"))
            .collect::<String>()
    );
    write(&fleet, text.as_bytes());
    assert_eq!(expected.len(), 54);
    World {
        sb,
        _daemon: daemon,
        http,
        fleet,
        expected,
        team_py,
    }
}

impl World {
    fn jig(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.sb.jig().args(args).output().unwrap();
        (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
    }

    fn status_json(&self, extra: &[&str]) -> (i32, Value) {
        let fleet = self.fleet.display().to_string();
        let mut args = vec!["fleet", "status", &fleet, "--format", "json"];
        args.extend_from_slice(extra);
        let (code, out, err) = self.jig(&args);
        let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
        (code, json)
    }
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn status_sees_the_whole_fleet_over_git_daemon_and_http() {
    let w = build();
    let started = std::time::Instant::now();
    let (code, report) = w.status_json(&["--jobs", "8"]);
    let cold = started.elapsed();
    assert_eq!(code, 12, "behind and diverged repositories: {report:#}");
    assert_eq!(report["schema"], "jig.fleet/v1");
    assert_eq!(
        report["summary"],
        serde_json::json!({
            "repositories": 54, "clean": 24, "behind": 10, "diverged": 7,
            "behind_and_diverged": 6, "unknown": 0, "pinned": 4, "unreadable": 3
        })
    );
    for (name, status, _) in &w.expected {
        assert_eq!(row(&report, name)["status"], *status, "{name}: {report:#}");
    }

    // The version axis: following the newest, pinned, and the newest released beyond a pin.
    let behind = &row(&report, "behind-03")["blueprints"][0];
    assert_eq!(behind["version"]["status"], "behind");
    assert_eq!(behind["version"]["current"], "1.0.0");
    assert_eq!(behind["version"]["latest"], "2.0.0");
    assert_eq!(behind["content"]["counts"]["in-sync"], 3);
    let pinned = &row(&report, "pinned-01")["blueprints"][0];
    assert_eq!(pinned["version"]["status"], "up-to-date");
    assert_eq!(pinned["version"]["requirement"], "1.0.0");
    assert_eq!(pinned["version"]["newest"], "2.0.0");

    // The content axis, file by file against the committed blobs.
    let both = &row(&report, "behind-diverged-02")["blueprints"][0];
    assert_eq!(
        both["content"]["drifted"],
        serde_json::json!([
            {"path": "ci.yml", "state": "modified"},
            {"path": "setup.cfg", "state": "missing"}
        ])
    );
    let clean = row(&report, "clean-07");
    assert_eq!(clean["branch"], "main");
    let head = git(&w.expected[30].2, &["rev-parse", "HEAD"]);
    assert_eq!(
        row(&report, &w.expected[30].0)["commit"],
        head.as_str(),
        "the commit read is the default branch's tip"
    );
    assert_eq!(clean["blueprints"][0]["content"]["counts"]["in-sync"], 4);

    // Two blueprints in one repository: a row with both.
    let two = row(&report, "two-01");
    let names: Vec<&str> = two["blueprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["blueprint"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ml-infra", "team-py"]);

    // Real cruft projects: `.cruft.json` read from git, rendered from the template's commit.
    let cruft = &row(&report, "cruft-01")["blueprints"][0];
    assert_eq!(cruft["answers_file"], ".cruft.json");
    assert_eq!(
        cruft["content"]["drifted"],
        serde_json::json!([{"path": "config.yaml", "state": "modified"}])
    );
    assert_eq!(row(&report, "cruft-00")["status"], "clean");

    // Unreadable repositories are rows with the reason.
    let plain = row(&report, "plain-00");
    assert_eq!(
        plain["reason"],
        "no .jig/ answers file and no .cruft.json on main"
    );
    let gone = row(&report, "gone")["reason"].as_str().unwrap().to_string();
    assert!(gone.contains("fleet/gone.git"), "{gone}");
    let absent = row(&report, "absent")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(absent.contains("fleet/absent.git"), "{absent}");
    assert!(w.http.requests.load(std::sync::atomic::Ordering::SeqCst) > 20);

    // Warm: nothing has moved, nothing is fetched, the same report comes back.
    let started = std::time::Instant::now();
    let (code, again) = w.status_json(&[]);
    let warm = started.elapsed();
    assert_eq!(code, 12);
    assert_eq!(again["summary"], report["summary"]);
    eprintln!("fleet of 54: cold {cold:?}, warm {warm:?}");

    // A team fixes its drift and pushes: the next run fetches just that and sees it.
    let fixed = w.sb.path().join("fixed");
    let bare = &w.expected.iter().find(|e| e.0 == "diverged-04").unwrap().2;
    git(
        w.sb.path(),
        &[
            "clone",
            "-q",
            &bare.display().to_string(),
            &fixed.display().to_string(),
        ],
    );
    write(&fixed.join("ci.yml"), b"lint: v2\n");
    commit_all(&fixed, "take the blueprint's ci.yml back");
    git(&fixed, &["push", "-q", "origin", "main"]);
    let (_, after) = w.status_json(&[]);
    assert_eq!(row(&after, "diverged-04")["status"], "clean");
    assert_eq!(after["summary"]["diverged"], 6);
    assert_eq!(after["summary"]["clean"], 25);

    // The table: grouped by blueprint and version, unreadable repositories listed.
    let fleet = w.fleet.display().to_string();
    let (code, table, _) = w.jig(&["fleet", "status", &fleet]);
    assert_eq!(code, 12);
    assert!(
        table.contains("team-py (49 repositories; newest allowed 2.0.0, newest released 2.0.0)"),
        "{table}"
    );
    assert!(table.contains("  1.0.0: 20 repositories"), "{table}");
    assert!(table.contains("  2.0.0: 29 repositories"), "{table}");
    assert!(
        table.contains("behind-diverged-00  behind -> 2.0.0; 1 modified, 1 missing"),
        "{table}"
    );
    assert!(
        table.contains("pinned-00           behind: pinned 1.0.0, newest 2.0.0"),
        "{table}"
    );
    assert!(
        table.contains("changed most: ci.yml (11 of 49 repositories)"),
        "{table}"
    );
    assert!(table.contains("unreadable (3)"), "{table}");
    assert!(table.contains(
        "54 repositories: 25 clean, 10 behind, 6 diverged, 6 behind and diverged, 4 pinned, 0 not checkable, 3 unreadable"
    ), "{table}");

    // SARIF: one result per drifted file, located in its repository.
    let (_, sarif, _) = w.jig(&["fleet", "status", &fleet, "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let count = |rule: &str| results.iter().filter(|r| r["ruleId"] == rule).count();
    assert_eq!(count("jig/modified"), 6 + 5 + 1);
    assert_eq!(count("jig/missing"), 6);
    assert_eq!(count("jig/behind"), 16);
    assert_eq!(count("jig/unreadable"), 3);
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "jig/missing")
        .unwrap();
    let base = missing["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"]
        .as_str()
        .unwrap();
    let uri = sarif["runs"][0]["originalUriBaseIds"][base]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.contains("/fleet/behind-diverged-0"), "{uri}");
    let _ = &w.team_py;
}

#[test]
fn shards_split_the_fleet_and_their_reports_merge_into_the_whole() {
    let w = build();
    let fleet = w.fleet.display().to_string();
    let (code, whole) = w.status_json(&[]);
    assert_eq!(code, 12);

    let (code, matrix, _) = w.jig(&[
        "fleet",
        "plan",
        &fleet,
        "--shards",
        "3",
        "--format",
        "github-matrix",
    ]);
    assert_eq!(code, 0);
    let matrix: Value = serde_json::from_str(&matrix).unwrap();
    assert_eq!(matrix, serde_json::json!({"shard": ["1/3", "2/3", "3/3"]}));

    let (code, plan, _) = w.jig(&["fleet", "plan", &fleet, "--shards", "3", "--format", "json"]);
    assert_eq!(code, 0);
    let plan: Value = serde_json::from_str(&plan).unwrap();
    let mut planned: Vec<String> = Vec::new();
    for shard in plan.as_array().unwrap() {
        let n = shard["repositories"].as_array().unwrap().len();
        assert_eq!(n, 18, "54 repositories split evenly: {shard}");
        planned.extend(
            shard["repositories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_string()),
        );
    }
    planned.sort();
    planned.dedup();
    assert_eq!(planned.len(), 54, "every repository in exactly one shard");

    let mut files = Vec::new();
    for k in 1..=3 {
        let out = w.sb.path().join(format!("shard-{k}.json"));
        let (code, _, err) = w.jig(&[
            "fleet",
            "status",
            &fleet,
            "--shard",
            &format!("{k}/3"),
            "--format",
            "json",
            "--out",
            &out.display().to_string(),
        ]);
        assert!([10, 11, 12].contains(&code), "{code}: {err}");
        assert!(err.contains("Wrote the report of 18 repositories"), "{err}");
        let part: Value = serde_json::from_str(&read(&out)).unwrap();
        assert_eq!(part["shard"], format!("{k}/3"));
        let wanted: Vec<&str> = plan[k - 1]["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let mut got: Vec<&str> = part["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["location"].as_str().unwrap())
            .collect();
        got.sort();
        let mut wanted = wanted;
        wanted.sort();
        assert_eq!(got, wanted, "shard {k} reads what the plan says");
        files.push(out.display().to_string());
    }
    let mut args = vec!["fleet", "report"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    let (code, merged, err) = w.jig(&args);
    assert_eq!(code, 12, "{err}");
    let merged: Value = serde_json::from_str(&merged).unwrap();
    assert_eq!(merged["summary"], whole["summary"]);
    assert_eq!(merged["repositories"], whole["repositories"]);
    assert!(merged.get("shard").is_none());

    // The HTML page, opened in a real headless Chromium: it runs without console errors,
    // and its numbers are the JSON report's.
    let page = w.sb.path().join("fleet.html");
    let mut args = vec!["fleet", "report"];
    args.extend(files.iter().map(String::as_str));
    let page_arg = page.display().to_string();
    args.extend(["--format", "html", "--out", &page_arg]);
    let (code, _, err) = w.jig(&args);
    assert_eq!(code, 12, "{err}");
    let dom = chromium_dom(w.sb.path(), &page);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script ran to its end"
    );
    let summary = &whole["summary"];
    for (key, field) in [
        ("repositories", "repositories"),
        ("clean", "clean"),
        ("behind", "behind"),
        ("diverged", "diverged"),
        ("behind-and-diverged", "behind_and_diverged"),
        ("pinned", "pinned"),
        ("unreadable", "unreadable"),
    ] {
        let shown = count_in(&dom, &format!("data-count=\"{key}\"><b>"));
        assert_eq!(shown, summary[field].as_u64().unwrap(), "{key} on the page");
    }
    let team_py = &dom[dom
        .find("data-blueprint=\"team-py\"")
        .expect("a section per blueprint")..];
    assert_eq!(count_in(team_py, "data-count=\"bp-behind\">"), 16);
    assert_eq!(count_in(team_py, "data-count=\"bp-diverged\">"), 12);
    assert!(
        dom.contains("<g data-version=\"1.0.0\" data-repos=\"20\" data-band=\"behind-major\">"),
        "version chart"
    );
    assert!(
        dom.contains("<g data-version=\"2.0.0\" data-repos=\"29\" data-band=\"current\">"),
        "version chart"
    );
    assert!(dom.contains("id=\"shown\">54<"), "every repository listed");
    assert!(
        !dom.contains("http://") || !dom.contains("<link"),
        "nothing loaded"
    );
}

/// The page's DOM after its scripts ran, from headless Chromium; panics on a console error.
fn chromium_dom(dir: &Path, page: &Path) -> String {
    let profile = dir.join("chromium-profile");
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs (scripts/test-deps installs it)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {err}");
    let console: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught") || l.contains("Refused to"))
        .collect();
    assert!(console.is_empty(), "console errors: {console:#?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The number right after `marker` (`...<b>12</b>`).
fn count_in(dom: &str, marker: &str) -> u64 {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not on the page"))
        + marker.len();
    let digits: String = dom[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap()
}

/// A fleet file that is wrong is named entry by entry, and nothing runs; so are the flags.
#[test]
fn wrong_fleet_files_and_flags_are_named_with_what_to_do() {
    let sb = Sandbox::new();
    let run = |args: &[&str]| {
        let out = sb.jig().args(args).output().unwrap();
        (out.status.code().unwrap_or(-1), stderr(&out))
    };
    let (code, err) = run(&["fleet", "status", "nope.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: cannot read the fleet file nope.yaml: No such file"),
        "{err}"
    );
    assert!(err.contains("hint: give the path of a fleet file"), "{err}");

    write(&sb.path().join("typo.yaml"), b"repositorys:\n  - a\n");
    let (code, err) = run(&["fleet", "status", "typo.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "unknown field `repositorys`, expected one of `repositories`, `forges`, `discover`"
        ),
        "{err}"
    );

    write(
        &sb.path().join("entries.yaml"),
        b"repositories:\n  - https://github.com/acme/a.git\n  - 42\n  - {url: x, brnch: y}\ndiscover:\n  - {github: {org: a}, gitlab: {group: b}}\n",
    );
    let (code, err) = run(&["fleet", "status", "entries.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.lines().take(4).collect::<Vec<_>>(),
        [
            "error: the fleet file entries.yaml has entries jig cannot use",
            "  repositories[1]: `42` is not a URL, a path, or a map with `url:`",
            "  repositories[2]: unknown field `brnch`, expected one of `url`, `branch`, `name`",
            "  a `discover:` entry has exactly one of `github`, `gitlab`, `codecommit`",
        ]
    );

    write(&sb.path().join("empty.yaml"), b"repositories: []\n");
    let (code, err) = run(&["fleet", "status", "empty.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: the fleet file empty.yaml lists no repositories"),
        "{err}"
    );

    write(&sb.path().join("one.yaml"), b"repositories:\n  - ./here\n");
    let (code, err) = run(&["fleet", "status", "one.yaml", "--shard", "3/2"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: `3/2` is not a shard: write K/N, with 1 <= K <= N"),
        "{err}"
    );
    let (code, err) = run(&["fleet", "status", "one.yaml", "--format", "html"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("it needs --out FILE\nhint: for example: --format html --out fleet.html"),
        "{err}"
    );
    let (code, err) = run(&[
        "fleet",
        "update",
        "one.yaml",
        "--to",
        "2.0.0",
        "--dry-run",
        "--push",
    ]);
    assert_eq!(code, 2, "{err}");

    // A path that is not a repository is a row, not the end of the run.
    let out = sb
        .jig()
        .args(["fleet", "status", "one.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "only unreadable repositories: exit 1"
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["unreadable"], 1);
    let reason = report["repositories"][0]["reason"].as_str().unwrap();
    assert!(reason.starts_with("no directory at "), "{reason}");
    assert!(reason.contains("/here"), "{reason}");

    // The schema names every key, for editors.
    let out = sb.jig().args(["schema", "fleet"]).output().unwrap();
    let schema: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let keys: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["repositories", "forges", "discover", "sagemaker"]);
}
