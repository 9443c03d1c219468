//! Killed `jig fleet update --open-pr`: repositories on a loopback git server, pull requests on
//! the fake GitHub API. After each kill, the next run finishes every repository: nothing half
//! made in jig's mirrors trips it, no request is opened twice, its report says what it did,
//! and no scratch directory or worktree record of the killed run is left.

use super::*;
use crate::forges::{Forge, Kind, TOKEN};
use crate::lifecycle::BlueprintRepo;
use crate::servers::GitHttp;
use serde_json::Value;

const REPOS: [&str; 3] = ["svc-a", "svc-b", "svc-c"];
const BRANCH: &str = "jig/team-py-2.0.0";

struct Fleet {
    sb: Sandbox,
    srv: PathBuf,
    _git: GitHttp,
    hub: Forge,
    file: PathBuf,
}

fn fleet() -> Fleet {
    let sb = Sandbox::new();
    let srv = sb.path().join("srv");
    std::fs::create_dir_all(srv.join("acme")).unwrap();
    let http = GitHttp::start(&srv);
    let hub = Forge::start(Kind::Github);
    let bp = BlueprintRepo::in_dir(&sb.path().join("team-py"), "team-py");
    let files = |v: &str| -> Vec<(String, Vec<u8>)> {
        (0..40)
            .map(|i| {
                (
                    format!("src/f{i}.txt"),
                    format!("{{{{ project_slug }}}} file {i} at {v}\n").into_bytes(),
                )
            })
            .collect()
    };
    let release = |v: &str| {
        let owned = files(v);
        let refs: Vec<(&str, &[u8])> = owned
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        bp.release(v, "", "", &refs);
    };
    release("1.0.0");
    let mut entries = String::new();
    for name in REPOS {
        let out = sb
            .jig()
            .args(["new", &bp.at("latest"), "--defaults", "-o", "work"])
            .args(["--data", &format!("project_slug={name}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let bare = srv.join("acme").join(format!("{name}.git"));
        git(
            sb.path(),
            &[
                "clone",
                "-q",
                "--bare",
                &sb.path().join("work").join(name).display().to_string(),
                &bare.display().to_string(),
            ],
        );
        entries.push_str(&format!("  - {}\n", http.url(&format!("acme/{name}.git"))));
    }
    release("2.0.0");
    let file = sb.path().join("fleet.yaml");
    write(
        &file,
        format!(
            "repositories:\n{entries}forges:\n  - kind: github\n    host: \"127.0.0.1:{}\"\n    api: {}\n",
            http.port,
            hub.api()
        )
        .as_bytes(),
    );
    Fleet {
        sb,
        srv,
        _git: http,
        hub,
        file,
    }
}

impl Fleet {
    fn update(&self) -> Command {
        let mut cmd = self.sb.jig_std();
        cmd.args(["fleet", "update", &self.file.display().to_string()])
            .args([
                "--to",
                "2.0.0",
                "--open-pr",
                "--jobs",
                "2",
                "--format",
                "json",
            ])
            .env("GITHUB_TOKEN", TOKEN);
        cmd
    }

    /// Back to before any update: no branch on the server, no request, no mirror.
    fn reset(&self) {
        for name in REPOS {
            let bare = self.srv.join("acme").join(format!("{name}.git"));
            let _ = std::process::Command::new("git")
                .current_dir(&bare)
                .args(["update-ref", "-d", &format!("refs/heads/{BRANCH}")])
                .status();
        }
        self.hub.forget();
        let _ = std::fs::remove_dir_all(self.sb.path().join("cache"));
    }

    /// Names of scratch directories and worktree records a run leaves only while it runs.
    fn leftovers(&self) -> Vec<String> {
        let mut left: Vec<String> = listing(&self.sb.path().join("tmp"))
            .into_iter()
            .filter(|n| n.starts_with("jig-fleet-"))
            .collect();
        let mirrors = self.sb.path().join("cache/jig/git");
        for mirror in listing(&mirrors) {
            for wt in listing(&mirrors.join(&mirror).join("worktrees")) {
                left.push(format!("{mirror}/worktrees/{wt}"));
            }
            left.extend(
                listing(&mirrors.join(&mirror))
                    .into_iter()
                    .filter(|n| n.starts_with(".tmp-"))
                    .map(|n| format!("{mirror}/{n}")),
            );
        }
        left.extend(
            listing(&mirrors)
                .into_iter()
                .filter(|n| n.starts_with(".tmp-")),
        );
        left
    }
}

#[test]
fn a_killed_fleet_update_is_finished_by_the_next_run_without_a_second_request() {
    let f = fleet();
    let full = timed(f.update());
    assert_eq!(f.hub.open().len(), REPOS.len());
    let tmp = f.sb.path().join("tmp");
    let mut marked = 0;
    for signal in SIGNALS {
        for at in kill_points(
            full,
            POINTS,
            Marker {
                dir: &tmp,
                prefix: "jig-fleet-",
                inner: None,
            },
        ) {
            f.reset();
            let (code, seen) = kill_at(f.update(), &at, signal);
            marked += usize::from(seen);
            let delay = describe(&at);
            if signal == libc::SIGTERM {
                assert!(
                    matches!(code, Some(0) | Some(130)),
                    "SIGTERM at {delay}: exit {code:?}"
                );
                assert_eq!(f.leftovers(), Vec::<String>::new(), "SIGTERM at {delay}");
            }
            let out = f.update().output().unwrap();
            let report: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{signal} at {delay}: {e}\n{}", stderr(&out)));
            assert_eq!(
                out.status.code(),
                Some(0),
                "{signal} at {delay}: the rerun failed\n{report:#}\n{}",
                stderr(&out)
            );
            assert_eq!(
                report["summary"],
                serde_json::json!({"updated": REPOS.len()}),
                "{signal} at {delay}"
            );
            for row in report["repositories"].as_array().unwrap() {
                let (push, action) = (&row["push"], &row["request"]["action"]);
                assert!(
                    push == "pushed" || push == "unchanged",
                    "{signal} at {delay}: {row:#}"
                );
                assert!(
                    action == "created" || action == "refreshed",
                    "{signal} at {delay}: {row:#}"
                );
                let bare = f
                    .srv
                    .join("acme")
                    .join(format!("{}.git", row["name"].as_str().unwrap()));
                assert_eq!(
                    git(&bare, &["rev-parse", BRANCH]),
                    row["commit"].as_str().unwrap(),
                    "{signal} at {delay}: the branch is the commit the report names"
                );
                assert!(
                    git(&bare, &["show", &format!("{BRANCH}:src/f39.txt")]).ends_with("at 2.0.0")
                );
            }
            let all = f.hub.all();
            assert_eq!(all.len(), REPOS.len(), "{signal} at {delay}: {all:?}");
            assert!(all.iter().all(|(_, b, open)| b == BRANCH && *open));
            assert_eq!(f.leftovers(), Vec::<String>::new(), "{signal} at {delay}");
        }
    }
    assert!(
        marked >= 3,
        "only {marked} kills landed while a fleet worktree existed"
    );
    // A SIGKILL while git updates the branch leaves its `.lock` in the mirror (seen once in
    // a run of the loop above); git then refuses the branch until someone removes it.
    f.reset();
    let mirrors = f.sb.path().join("cache/jig/git");
    for mirror in listing(&mirrors) {
        write(
            &mirrors
                .join(&mirror)
                .join(format!("refs/heads/{BRANCH}.lock")),
            b"",
        );
    }
    let out = f.update().output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stderr(&out),
        String::from_utf8_lossy(&out.stdout)
    );
}
