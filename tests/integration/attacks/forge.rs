//! A hostile or broken forge against jig's fleet code: next-page links and redirects that
//! lead to a second loopback listener (the thief, another origin), pagination that never
//! ends, and discovery answers of the wrong shape. Each case asserts the exact error, that the
//! thief saw no token (and no request at all), that nothing claims success, and that the run
//! stops in bounded time with a bounded number of requests.

use crate::common::*;
use crate::forges::{Forge, Kind, TOKEN};
use crate::lifecycle::BlueprintRepo;
use crate::servers::{GitDaemon, GitHttp, HttpRequest};
use serde_json::{json, Value};
use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the thief received.
#[derive(Debug, Clone)]
struct Stolen {
    target: String,
    authorization: Option<String>,
    private_token: Option<String>,
}

/// Another origin on loopback (another port): records every request and its credentials,
/// and answers as a forge would, with a repository of its own.
struct Thief {
    port: u16,
    seen: Arc<Mutex<Vec<Stolen>>>,
}

impl Thief {
    fn start() -> Thief {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Ok(req) = HttpRequest::read(&stream) else {
                    continue;
                };
                log.lock().unwrap().push(Stolen {
                    target: req.target.clone(),
                    authorization: req.header("authorization"),
                    private_token: req.header("private-token"),
                });
                let body = json!([planted()]).to_string();
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Thief { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// No token reached the thief, nor any request.
    fn assert_got_nothing(&self) {
        let seen = self.seen.lock().unwrap().clone();
        assert!(
            seen.iter()
                .all(|s| s.authorization.is_none() && s.private_token.is_none()),
            "a token went to another origin: {seen:?}"
        );
        let asked: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
        assert!(asked.is_empty(), "the thief was asked for {asked:?}");
    }
}

/// A repository in both forges' shapes: what the thief would add to the fleet.
fn planted() -> Value {
    json!({"name": "planted", "clone_url": "https://evil.example/planted.git",
           "path": "planted", "http_url_to_repo": "https://evil.example/planted.git"})
}

fn github_repo(name: &str) -> Value {
    json!({"name": name, "clone_url": format!("https://git.example.com/acme/{name}.git"),
           "archived": false, "topics": []})
}

fn gitlab_project(name: &str) -> Value {
    json!({"path": name, "http_url_to_repo": format!("https://gl.example.com/acme/{name}.git"),
           "topics": []})
}

/// Where each forge's discovery listing is.
fn listing(kind: Kind) -> &'static str {
    match kind {
        Kind::Github => "/orgs/acme/repos",
        Kind::Gitlab => "/api/v4/groups/acme/projects",
    }
}

fn name(kind: Kind) -> &'static str {
    match kind {
        Kind::Github => "GitHub",
        Kind::Gitlab => "GitLab",
    }
}

struct Run {
    code: Option<i32>,
    out: String,
    err: String,
    took: Duration,
}

/// Runs `cmd`, killed (and the test failed) if it is still running after `limit`.
fn bounded(mut cmd: std::process::Command, limit: Duration) -> Run {
    use wait_timeout::ChildExt;
    let started = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if child.wait_timeout(limit).unwrap().is_none() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("jig was still running after {limit:?}: the forge's answers kept it going");
    }
    let took = started.elapsed();
    let output = child.wait_with_output().unwrap();
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(
        !out.contains(TOKEN) && !err.contains(TOKEN),
        "a token was printed:\n{out}\n{err}"
    );
    Run {
        code: output.status.code(),
        out,
        err,
        took,
    }
}

/// `jig fleet plan` of a fleet that discovers `acme` on `forge`, both tokens set.
fn discover(sb: &Sandbox, forge: &Forge) -> Run {
    let entry = match forge.kind {
        Kind::Github => "github: {org: acme, host: \"f\"}",
        Kind::Gitlab => "gitlab: {group: acme, host: \"f\"}",
    };
    let kind = match forge.kind {
        Kind::Github => "github",
        Kind::Gitlab => "gitlab",
    };
    let fleet = sb.path().join("fleet.yaml");
    write(
        &fleet,
        format!(
            "repositories: []\ndiscover:\n  - {entry}\nforges:\n  - {{kind: {kind}, host: f, api: \"{}\"}}\n",
            forge.api()
        )
        .as_bytes(),
    );
    let mut cmd = sb.jig_std();
    cmd.args(["fleet", "plan", &fleet.display().to_string()])
        .args(["--shards", "1", "--format", "json"])
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITLAB_TOKEN", TOKEN);
    bounded(cmd, Duration::from_secs(20))
}

fn origin(forge: &Forge) -> String {
    format!("http://127.0.0.1:{}", forge.port)
}

const OFFSITE_HINT: &str = "hint: a forge's answer that leads to another origin is misconfigured or hostile; if the forge moved, name its new API under `forges:` in the fleet file\n";

#[test]
fn a_next_page_on_another_origin_is_refused_and_the_thief_gets_nothing() {
    for kind in [Kind::Github, Kind::Gitlab] {
        let sb = Sandbox::new();
        let thief = Thief::start();
        let forge = Forge::start(kind);
        let next = thief.url(&format!("{}?page=2", listing(kind)));
        // The userinfo trick: what reads as the forge's host is a user name at the thief's.
        let tricky = format!(
            "http://127.0.0.1:{}@127.0.0.1:{}{}?page=2",
            forge.port,
            thief.port,
            listing(kind)
        );
        for link in [next.clone(), tricky.clone()] {
            let first = match kind {
                Kind::Github => github_repo("churn"),
                Kind::Gitlab => gitlab_project("churn"),
            };
            let header = format!("Link: <{link}>; rel=\"next\"\r\n");
            forge.answer_with(move |_, target| {
                target
                    .starts_with(listing(kind))
                    .then(|| (200, json!([first.clone()]), header.clone()))
            });
            let run = discover(&sb, &forge);
            assert_eq!(run.code, Some(1), "{}", run.err);
            assert_eq!(run.out, "", "nothing claims success");
            assert_eq!(
                run.err,
                format!(
                    "error: {}: GET {}{} points its next page at {link}, on another port; jig sends requests, and its token, only to the API's origin {}\n{OFFSITE_HINT}",
                    name(kind),
                    origin(&forge),
                    listing(kind),
                    origin(&forge)
                )
            );
            assert_eq!(forge.take_log().len(), 1, "one page, then the stop");
            thief.assert_got_nothing();
        }
    }
}

#[test]
fn a_redirect_to_another_origin_is_refused_and_the_token_stays() {
    for (kind, status) in [
        (Kind::Gitlab, 302),
        (Kind::Github, 307),
        (Kind::Gitlab, 308),
    ] {
        let sb = Sandbox::new();
        let thief = Thief::start();
        let forge = Forge::start(kind);
        let to = thief.url(&format!("{}?per_page=100", listing(kind)));
        let header = format!("Location: {to}\r\n");
        forge.answer_with(move |_, _| Some((status, Value::Null, header.clone())));
        let run = discover(&sb, &forge);
        assert_eq!(run.code, Some(1), "{}", run.err);
        assert_eq!(run.out, "");
        assert_eq!(
            run.err,
            format!(
                "error: {}: GET {}{} was redirected ({status}) to {to}, on another port; jig sends requests, and its token, only to the API's origin {}\n{OFFSITE_HINT}",
                name(kind),
                origin(&forge),
                listing(kind),
                origin(&forge)
            )
        );
        assert_eq!(forge.take_log().len(), 1);
        thief.assert_got_nothing();
    }
}

/// GitHub answers a renamed organisation with a redirect on its own origin: that one is
/// followed, with the token, and the listing is whole.
#[test]
fn a_redirect_within_the_forge_is_followed_with_its_token() {
    let sb = Sandbox::new();
    let forge = Forge::start(Kind::Github);
    forge.add_repo(
        "churn",
        "https://git.example.com/acme/churn.git",
        &[],
        false,
    );
    forge.answer_with(|_, target| {
        target.starts_with("/orgs/acme/repos").then(|| {
            (
                301,
                Value::Null,
                "Location: /orgs/acme-renamed/repos?type=all&per_page=100\r\n".to_string(),
            )
        })
    });
    let run = discover(&sb, &forge);
    assert_eq!(run.code, Some(0), "{}", run.err);
    let plan: Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(
        plan[0]["repositories"],
        json!(["https://git.example.com/acme/churn.git"])
    );
    let log = forge.take_log();
    let calls: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|l| (l.path.as_str(), l.token.as_deref()))
        .collect();
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(
        calls,
        [
            (
                "/orgs/acme/repos?type=all&per_page=100",
                Some(bearer.as_str())
            ),
            (
                "/orgs/acme-renamed/repos?type=all&per_page=100",
                Some(bearer.as_str())
            ),
        ]
    );
}

#[test]
fn a_next_link_back_to_a_page_already_read_stops_the_run() {
    let sb = Sandbox::new();
    let forge = Forge::start(Kind::Github);
    let api = origin(&forge);
    let first = format!("{api}/orgs/acme/repos?type=all&per_page=100");
    // To itself.
    let again = first.clone();
    forge.answer_with(move |_, _| {
        Some((
            200,
            json!([github_repo("churn")]),
            format!("Link: <{again}>; rel=\"next\"\r\n"),
        ))
    });
    let run = discover(&sb, &forge);
    assert_eq!(run.code, Some(1), "{}", run.err);
    assert_eq!(run.out, "");
    let loop_error = |url: &str| {
        format!(
            "error: GitHub: GET {api}/orgs/acme/repos pages in a loop: it names {url} as the next page, which it already gave\nhint: the forge's paging is broken; jig stops rather than ask for the same page again\n"
        )
    };
    assert_eq!(run.err, loop_error(&first));
    assert_eq!(forge.take_log().len(), 1);
    assert!(run.took < Duration::from_secs(5), "{:?}", run.took);

    // Page 2 back to page 1.
    let (one, two) = (first.clone(), format!("{first}&page=2"));
    let two_ = two.clone();
    forge.answer_with(move |_, target| {
        let next = if target.ends_with("page=2") {
            one.clone()
        } else {
            two_.clone()
        };
        Some((
            200,
            json!([github_repo("churn")]),
            format!("Link: <{next}>; rel=\"next\"\r\n"),
        ))
    });
    let run = discover(&sb, &forge);
    assert_eq!(run.code, Some(1), "{}", run.err);
    assert_eq!(run.err, loop_error(&first));
    assert_eq!(forge.take_log().len(), 2);
}

#[test]
fn a_gitlab_page_counter_that_does_not_advance_stops_the_run() {
    let sb = Sandbox::new();
    let forge = Forge::start(Kind::Gitlab);
    for stuck in ["1", "2"] {
        // Page 1 says the next is 1; or page 1 says 2, and page 2 says 2.
        forge.answer_with(move |_, _| {
            Some((
                200,
                json!([gitlab_project("churn")]),
                format!("x-next-page: {stuck}\r\n"),
            ))
        });
        let run = discover(&sb, &forge);
        assert_eq!(run.code, Some(1), "{}", run.err);
        assert_eq!(run.out, "");
        assert_eq!(
            run.err,
            format!(
                "error: GitLab: GET {}/api/v4/groups/acme/projects pages in a loop: it names page {stuck} (x-next-page) as the next page, which it already gave\nhint: the forge's paging is broken; jig stops rather than ask for the same page again\n",
                origin(&forge)
            )
        );
        assert_eq!(forge.take_log().len(), stuck.parse::<usize>().unwrap());
        assert!(run.took < Duration::from_secs(5), "{:?}", run.took);
    }
}

/// A forge that always has one more page: jig reads a thousand, then stops.
#[test]
fn pagination_without_end_stops_at_a_thousand_pages() {
    let sb = Sandbox::new();
    let forge = Forge::start(Kind::Gitlab);
    forge.answer_with(|_, target| {
        let page: u64 = target
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("page="))
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        Some((200, json!([]), format!("x-next-page: {}\r\n", page + 1)))
    });
    let run = discover(&sb, &forge);
    assert_eq!(run.code, Some(1), "{}", run.err);
    assert_eq!(run.out, "");
    assert_eq!(
        run.err,
        format!(
            "error: GitLab: GET {}/api/v4/groups/acme/projects has more than 1000 pages; jig stops there\nhint: narrow the discovery (a topic, a subgroup), or check the forge's paging\n",
            origin(&forge)
        )
    );
    assert_eq!(forge.take_log().len(), 1000);
    assert!(run.took < Duration::from_secs(15), "{:?}", run.took);
}

#[test]
fn discovery_answers_of_the_wrong_shape_are_named_not_counted_as_empty() {
    let hint = "hint: check that `api:` under `forges:` in the fleet file is the forge's REST API (GitHub: https://HOST/api/v3, GitLab: https://HOST/api/v4)\n";
    let cases: [(Kind, Value, &str); 7] = [
        (
            Kind::Github,
            json!(["churn", "fraud"]),
            "a list whose item 1 is not a repository (invalid type: string \"churn\", expected a repository)",
        ),
        (
            Kind::Github,
            json!([1, 2]),
            "a list whose item 1 is not a repository (invalid type: integer `1`, expected a repository)",
        ),
        (
            Kind::Github,
            json!({"name": "churn", "clone_url": "https://git.example.com/acme/churn.git"}),
            "an object, not a list",
        ),
        (
            Kind::Github,
            json!([github_repo("churn"), {"name": "fraud"}]),
            "a list whose item 2 is not a repository (missing field `clone_url`)",
        ),
        (
            Kind::Github,
            json!([{"name": "churn", "clone_url": "https://git.example.com/acme/churn.git", "archived": "no"}]),
            "a list whose item 1 is not a repository (invalid type: string \"no\", expected a boolean)",
        ),
        (
            Kind::Gitlab,
            json!([{"path": "churn", "http_url_to_repo": 5}]),
            "a list whose item 1 is not a project (invalid type: integer `5`, expected a string)",
        ),
        (Kind::Gitlab, json!("<html>sign in</html>"), "a string, not a list"),
    ];
    for (kind, answer, problem) in cases {
        let sb = Sandbox::new();
        let forge = Forge::start(kind);
        forge.answer_with(move |_, _| Some((200, answer.clone(), String::new())));
        let run = discover(&sb, &forge);
        assert_eq!(run.code, Some(1), "{}", run.err);
        assert_eq!(run.out, "", "no plan of 0 repositories");
        assert_eq!(
            run.err,
            format!(
                "error: {}: GET {}{} answered {problem}\n{hint}",
                name(kind),
                origin(&forge),
                listing(kind)
            )
        );
    }
}

/// One repository on each forge, made from a blueprint at 1.0.0 that is now at 2.0.0.
struct Fleet {
    sb: Sandbox,
    _daemon: GitDaemon,
    _hub_git: GitHttp,
    _lab_git: GitHttp,
    hub: Forge,
    lab: Forge,
    file: PathBuf,
}

fn fleet() -> Fleet {
    let sb = Sandbox::new();
    let srv = sb.path().join("srv");
    std::fs::create_dir_all(srv.join("acme")).unwrap();
    let daemon = GitDaemon::start(&srv).expect("git daemon starts");
    let (hub_git, lab_git) = (GitHttp::start(&srv), GitHttp::start(&srv));
    let (hub, lab) = (Forge::start(Kind::Github), Forge::start(Kind::Gitlab));
    let team_py = BlueprintRepo::in_dir(&srv.join("team-py"), "team-py");
    team_py.release("1.0.0", "", "", &[("ci.yml", b"lint: v1\n")]);
    let mut entries = String::new();
    for (name, http) in [("gh-a", &hub_git), ("gl-a", &lab_git)] {
        let out = sb
            .jig()
            .args(["new", &daemon.url("team-py"), "--defaults", "-o", "work"])
            .args(["--data", &format!("project_slug={name}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let dir = sb.path().join("work").join(name);
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
        entries.push_str(&format!("  - {}\n", http.url(&format!("acme/{name}.git"))));
    }
    team_py.release("2.0.0", "", "", &[("ci.yml", b"lint: v2\n")]);
    let file = sb.path().join("fleet.yaml");
    write(
        &file,
        format!(
            "repositories:\n{entries}forges:\n  - {{kind: github, host: \"127.0.0.1:{}\", api: \"{}\"}}\n  - {{kind: gitlab, host: \"127.0.0.1:{}\", api: \"{}\"}}\n",
            hub_git.port,
            hub.api(),
            lab_git.port,
            lab.api()
        )
        .as_bytes(),
    );
    Fleet {
        sb,
        _daemon: daemon,
        _hub_git: hub_git,
        _lab_git: lab_git,
        hub,
        lab,
        file,
    }
}

impl Fleet {
    fn update(&self) -> (Run, Value) {
        let mut cmd = self.sb.jig_std();
        cmd.args(["fleet", "update", &self.file.display().to_string()])
            .args(["--to", "2.0.0", "--open-pr", "--format", "json"])
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITLAB_TOKEN", TOKEN);
        let run = bounded(cmd, Duration::from_secs(60));
        let report = serde_json::from_str(&run.out)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.out, run.err));
        (run, report)
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

/// Pull-request calls go where discovery goes: listing, opening, on both forges. A forge that
/// points them at another origin fails that repository's update, by name, and no request is
/// opened anywhere.
#[test]
fn pull_request_calls_led_to_another_origin_are_refused() {
    let f = fleet();
    let thief = Thief::start();
    let hint = " (hint: a forge's answer that leads to another origin is misconfigured or hostile; if the forge moved, name its new API under `forges:` in the fleet file)";
    let offsite = |forge: &Forge, call: &str, how: &str, to: &str| {
        format!(
            "{}: {call} {how} {to}, on another port; jig sends requests, and its token, only to the API's origin {}{hint}",
            name(forge.kind),
            origin(forge)
        )
    };

    // Listing: GitHub's next page and GitLab's redirect lead to the thief.
    let hub_next = thief.url("/repos/acme/gh-a/pulls?page=2");
    let header = format!("Link: <{hub_next}>; rel=\"next\"\r\n");
    f.hub.answer_with(move |m, t| {
        (m == "GET" && t.contains("/pulls")).then(|| (200, json!([]), header.clone()))
    });
    let lab_to = thief.url("/api/v4/projects/acme%2Fgl%2Da/merge_requests");
    let header = format!("Location: {lab_to}\r\n");
    f.lab.answer_with(move |m, t| {
        (m == "GET" && t.contains("/merge_requests")).then(|| (302, Value::Null, header.clone()))
    });
    let (run, report) = f.update();
    assert_eq!(run.code, Some(1), "{}", run.err);
    let gh = row(&report, "gh-a");
    assert_eq!(gh["outcome"], "failed");
    assert_eq!(gh["request"], Value::Null, "no request claimed");
    assert_eq!(
        gh["detail"],
        offsite(
            &f.hub,
            &format!("GET {}/repos/acme/gh-a/pulls", origin(&f.hub)),
            "points its next page at",
            &hub_next
        )
    );
    let gl = row(&report, "gl-a");
    assert_eq!(gl["outcome"], "failed");
    assert_eq!(gl["request"], Value::Null);
    assert_eq!(
        gl["detail"],
        offsite(
            &f.lab,
            &format!(
                "GET {}/api/v4/projects/acme%2Fgl%2Da/merge_requests",
                origin(&f.lab)
            ),
            "was redirected (302) to",
            &lab_to
        )
    );
    thief.assert_got_nothing();

    // Opening: both forges answer the POST with a redirect that keeps the method.
    let hub_to = thief.url("/repos/acme/gh-a/pulls");
    let header = format!("Location: {hub_to}\r\n");
    f.hub
        .answer_with(move |m, _| (m == "POST").then(|| (307, Value::Null, header.clone())));
    let lab_to = thief.url("/api/v4/projects/acme%2Fgl%2Da/merge_requests");
    let header = format!("Location: {lab_to}\r\n");
    f.lab
        .answer_with(move |m, _| (m == "POST").then(|| (308, Value::Null, header.clone())));
    let (run, report) = f.update();
    assert_eq!(run.code, Some(1), "{}", run.err);
    assert_eq!(
        row(&report, "gh-a")["detail"],
        offsite(
            &f.hub,
            &format!("POST {}/repos/acme/gh-a/pulls", origin(&f.hub)),
            "was redirected (307) to",
            &hub_to
        )
    );
    assert_eq!(
        row(&report, "gl-a")["detail"],
        offsite(
            &f.lab,
            &format!(
                "POST {}/api/v4/projects/acme%2Fgl%2Da/merge_requests",
                origin(&f.lab)
            ),
            "was redirected (308) to",
            &lab_to
        )
    );
    assert_eq!(row(&report, "gh-a")["request"], Value::Null);
    thief.assert_got_nothing();
    assert!(f.hub.all().is_empty() && f.lab.all().is_empty());
}

#[test]
fn a_pull_request_answer_of_the_wrong_shape_fails_the_row_and_claims_no_request() {
    let f = fleet();
    // A 201 whose body is no pull request: before, jig recorded request "0" with no URL.
    f.hub.answer_with(|m, _| {
        (m == "POST").then(|| (201, json!({"number": "seven"}), String::new()))
    });
    f.lab.answer_with(|m, _| {
        (m == "POST").then(|| (201, json!(["not", "a", "merge request"]), String::new()))
    });
    let (run, report) = f.update();
    assert_eq!(run.code, Some(1), "{}", run.err);
    let gh = row(&report, "gh-a");
    assert_eq!(gh["outcome"], "failed");
    assert_eq!(gh["request"], Value::Null, "no request claimed");
    let detail = gh["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!(
            "GitHub: POST {}/repos/acme/gh-a/pulls answered something that is not a pull request (invalid type: string \"seven\", expected u64",
            origin(&f.hub)
        )),
        "{detail}"
    );
    let gl = row(&report, "gl-a");
    assert_eq!(gl["outcome"], "failed");
    assert_eq!(gl["request"], Value::Null);
    let detail = gl["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!(
            "GitLab: POST {}/api/v4/projects/acme%2Fgl%2Da/merge_requests answered something that is not a merge request (invalid type: string \"not\", expected u64)",
            origin(&f.lab)
        )),
        "{detail}"
    );
}
