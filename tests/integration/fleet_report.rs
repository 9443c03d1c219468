//! The fleet report a platform team follows a rollout from: a small fleet on git's smart HTTP
//! (a self-hosted GitHub, faked on loopback), made by the real `jig new` across four
//! releases of a blueprint, rolled out by the real `jig fleet update --open-pr`, one update
//! merged; then `jig fleet status` as JSON and as the HTML page, whose content is asserted
//! and which headless Chromium renders to a screenshot.

use crate::common::*;
use crate::forges::{Forge, Kind, TOKEN};
use crate::lifecycle::BlueprintRepo;
use crate::servers::GitHttp;
use serde_json::Value;
use std::path::PathBuf;

struct World {
    sb: Sandbox,
    _git: GitHttp,
    _hub: Forge,
    fleet: PathBuf,
    /// The self-hosted GitHub's web origin (the git server's), `http://127.0.0.1:PORT`.
    web: String,
    /// The fake GitHub API's port (its pull requests' pages are there).
    hub_port: u16,
    srv: PathBuf,
}

/// 2026-12-07 12:00:00 UTC: when the status runs read the fleet.
const READ_AT: &str = "1796644800";

fn files(ci: &'static [u8]) -> Vec<(&'static str, &'static [u8])> {
    vec![("README.md", b"# {{ project_slug }}\n"), ("ci.yml", ci)]
}

/// Made while each release was the newest: `old-0` on 1.0.0 (following the newest),
/// `pinned-0` on 1.1.0 (`@^1`), `minor-0` and `merged-0` on 3.0.0 and a local clone `local-0`
/// on 3.0.0; then 3.1.0 is released, and nobody runs it. `jig fleet update --to 3.1.0
/// --open-pr` opens requests for old-0, minor-0 and merged-0 (`World::merge` merges one).
fn build() -> World {
    let sb = Sandbox::new();
    let srv = sb.path().join("srv");
    std::fs::create_dir_all(srv.join("acme")).unwrap();
    let git_http = GitHttp::start(&srv);
    let hub = Forge::start(Kind::Github);
    let bp = BlueprintRepo::in_dir(&srv.join("team-py"), "team-py");
    let source = git_http.url("team-py");
    let make = |name: &str, source: &str| {
        let out = sb
            .jig()
            .args(["new", source, "--defaults", "-o", "work"])
            .args(["--data", &format!("project_slug={name}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "jig new {source}: {}", stderr(&out));
        sb.path().join("work").join(name)
    };
    bp.release("1.0.0", "", "", &files(b"lint: v1\n"));
    let mut made = vec![make("old-0", &source)];
    bp.release("1.1.0", "", "", &files(b"lint: v1.1\n"));
    made.push(make("pinned-0", &format!("{source}@^1")));
    bp.release("3.0.0", "", "", &files(b"lint: v3\n"));
    made.push(make("minor-0", &source));
    made.push(make("merged-0", &source));
    let local = make("local-0", &source);
    bp.release("3.1.0", "", "", &files(b"lint: v3.1\n"));

    let mut entries = Vec::new();
    for dir in &made {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let bare = srv.join("acme").join(format!("{name}.git"));
        git(
            sb.path(),
            &["clone", "-q", "--bare", &dir.display().to_string()]
                .into_iter()
                .chain([bare.to_str().unwrap()])
                .collect::<Vec<_>>(),
        );
        entries.push(git_http.url(&format!("acme/{name}.git")));
    }
    let host = format!("127.0.0.1:{}", git_http.port);
    let forges = format!(
        "forges:\n  - kind: github\n    host: \"{host}\"\n    api: {}\n",
        hub.api()
    );
    let list = |entries: &[String]| {
        entries
            .iter()
            .map(|e| format!("  - {e}\n"))
            .collect::<String>()
    };
    write(
        &sb.path().join("rollout.yaml"),
        format!("repositories:\n{}{forges}", list(&entries)).as_bytes(),
    );
    let out = sb
        .jig()
        .env("GITHUB_TOKEN", TOKEN)
        .args([
            "fleet",
            "update",
            "rollout.yaml",
            "--to",
            "3.1.0",
            "--open-pr",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    entries.push(local.display().to_string());
    let fleet = sb.path().join("fleet.yaml");
    write(
        &fleet,
        format!("repositories:\n{}{forges}", list(&entries)).as_bytes(),
    );
    World {
        web: format!("http://{host}"),
        hub_port: hub.port,
        sb,
        _git: git_http,
        _hub: hub,
        fleet,
        srv,
    }
}

impl World {
    /// `jig fleet status` in `format` (JSON on stdout; HTML into fleet.html).
    fn status(&self, format: &str) -> (i32, String) {
        let fleet = self.fleet.display().to_string();
        let mut cmd = self.sb.jig();
        cmd.env("SOURCE_DATE_EPOCH", READ_AT)
            .args(["fleet", "status", &fleet, "--format", format]);
        if format == "html" {
            cmd.args(["--out", "fleet.html"]);
        }
        let out = cmd.output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        if format == "html" {
            assert!(stderr(&out).contains("Wrote the report of 5 repositories to fleet.html"));
            (code, read(&self.sb.path().join("fleet.html")))
        } else {
            (code, stdout(&out))
        }
    }

    /// The team merges `name`'s request: its branch fast-forwards main.
    fn merge(&self, name: &str) {
        git(
            &self.srv.join(format!("acme/{name}.git")),
            &[
                "update-ref",
                "refs/heads/main",
                "refs/heads/jig/team-py-3.1.0",
            ],
        );
    }

    fn head(&self, name: &str) -> String {
        git(
            &self.srv.join(format!("acme/{name}.git")),
            &["rev-parse", "HEAD"],
        )
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

/// One bar of the chart: its group, title, and the words beside it.
fn bar(version: &str, n: usize, band: &str, label: &str, newest: bool) -> String {
    let note = if newest { ", newest release" } else { "" };
    format!(
        "<g data-version=\"{version}\" data-repos=\"{n}\" data-band=\"{band}\"><title>{version}: {n} repositories, {label}{note}</title>"
    )
}

#[test]
fn the_version_chart_colours_each_band_and_always_shows_the_newest_release() {
    let w = build();
    let (_, page) = w.status("html");
    // One bar per version, newest first; 3.1.0 is out and nobody runs it: a zero bar.
    let order: Vec<usize> = ["3.1.0", "3.0.0", "1.1.0", "1.0.0"]
        .iter()
        .map(|v| {
            page.find(&format!("<g data-version=\"{v}\""))
                .unwrap_or_else(|| panic!("no bar for {v}"))
        })
        .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "newest first");
    for (version, n, band, label, newest) in [
        ("3.1.0", 0, "current", "current", true),
        ("3.0.0", 3, "behind-minor", "behind by minor", false),
        ("1.1.0", 1, "behind-major", "behind by major", false),
        ("1.0.0", 1, "behind-major", "behind by major", false),
    ] {
        assert!(
            page.contains(&bar(version, n, band, label, newest)),
            "{version}: {page}"
        );
    }
    // Colours by band (Okabe-Ito), the count and the band's name written beside each bar.
    let tail = |v: &str| {
        let at = page.find(&format!("<g data-version=\"{v}\"")).unwrap();
        page[at..at + page[at..].find("</g>").unwrap()].to_string()
    };
    assert!(
        tail("3.1.0").contains("fill=\"#0072B2\""),
        "{}",
        tail("3.1.0")
    );
    assert!(tail("3.1.0").contains(">0 &middot; current, newest release</text>"));
    assert!(tail("3.0.0").contains("fill=\"#E69F00\""));
    assert!(tail("3.0.0").contains(">3 &middot; behind by minor</text>"));
    assert!(tail("1.0.0").contains("fill=\"#D55E00\""));
    assert!(
        tail("1.0.0").contains("fill=\"url(#hatch)\""),
        "major is hatched too"
    );
    // The legend: every band, its colour, its name and its count.
    for (key, label, n) in [
        ("current", "current", 0),
        ("behind-minor", "behind by minor", 3),
        ("behind-major", "behind by major", 2),
        ("unknown", "unknown", 0),
    ] {
        assert!(
            page.contains(&format!(
                "{label}: <span data-count=\"band-{key}\">{n}</span></li>"
            )),
            "legend {key}"
        );
    }
    assert!(page.contains(
        "aria-label=\"repositories per version of team-py: 3.1.0: 0 (current), 3.0.0: 3 (behind by minor), 1.1.0: 1 (behind by major), 1.0.0: 1 (behind by major)\""
    ));
}

#[test]
fn a_repository_pinned_below_the_newest_release_is_pinned_not_clean() {
    let w = build();
    w.merge("merged-0");
    let (code, json) = w.status("json");
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(code, 10, "old-0 and local-0 are behind: {report:#}");
    assert_eq!(
        report["summary"],
        serde_json::json!({
            "repositories": 5, "clean": 1, "behind": 3, "diverged": 0,
            "behind_and_diverged": 0, "unknown": 0, "pinned": 1, "unreadable": 0
        })
    );
    let pinned = row(&report, "pinned-0");
    assert_eq!(pinned["status"], "pinned");
    assert_eq!(pinned["blueprints"][0]["version"]["requirement"], "^1");
    assert_eq!(pinned["blueprints"][0]["band"], "behind-major");

    let fleet = w.fleet.display().to_string();
    let out =
        w.sb.jig()
            .args(["fleet", "status", &fleet])
            .output()
            .unwrap();
    let table = stdout(&out);
    assert!(
        table.contains("    pinned-0    behind: pinned ^1, newest 3.1.0\n"),
        "{table}"
    );
    assert!(
        table.ends_with("5 repositories: 1 clean, 3 behind, 0 diverged, 0 behind and diverged, 1 pinned, 0 not checkable, 0 unreadable\n"),
        "{table}"
    );
    let (_, page) = w.status("html");
    assert!(page
        .contains("<div class=\"card pinned\" data-count=\"pinned\"><b>1</b>pinned behind</div>"));
    assert!(page.contains("<div class=\"card clean\" data-count=\"clean\"><b>1</b>clean</div>"));
    assert!(page.contains("<td>pinned</td><td>team-py 1.1.0: behind: pinned ^1, newest 3.1.0</td>"));
}

#[test]
fn the_page_says_when_it_was_read_and_each_commit_link_and_rollout() {
    let w = build();
    w.merge("merged-0");
    let (_, page) = w.status("html");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        page.contains(&format!(
            "5 repositories &middot; read <time datetime=\"2026-12-07T12:00:00Z\">2026-12-07 12:00:00 UTC</time> by jig {version} &middot; schema jig.fleet/v1</p>"
        )),
        "{page}"
    );
    // Each repository: a link to its page, its commit (short, the full SHA as its title,
    // linked), its state, its rollout.
    let web = &w.web;
    let old = w.head("old-0");
    assert!(
        page.contains(&format!(
            "<tr data-state=\"behind\" data-repo=\"old-0\"><th scope=\"row\" title=\"{web}/acme/old-0.git\"><a href=\"{web}/acme/old-0\">old-0</a></th>\
<td><a href=\"{web}/acme/old-0/commit/{old}\"><code class=\"sha\" title=\"{old}\">{}</code></a></td><td>behind</td>",
            &old[..7]
        )),
        "{page}"
    );
    let hub = format!("http://127.0.0.1:{}", w.hub_port);
    assert!(
        page.contains(&format!(
            "<span data-branch=\"jig/team-py-3.1.0\" data-branch-state=\"pending\"><a href=\"{web}/acme/old-0/tree/jig/team-py-3.1.0\"><code>jig/team-py-3.1.0</code></a> pending</span>: \
<a href=\"{hub}/acme/old-0/pull/1\" data-request=\"open\">request #1</a> open as of <time datetime=\"2023-11-14T22:13:20Z\">2023-11-14 22:13:20 UTC</time></td></tr>"
        )),
        "{page}"
    );
    // merged-0 took the update: its branch has landed, and it is clean on 3.1.0.
    let merged = page
        .split("<tr ")
        .find(|r| r.contains("data-repo=\"merged-0\""))
        .unwrap();
    assert!(merged.starts_with("data-state=\"clean\""), "{merged}");
    assert!(merged.contains("data-branch-state=\"landed\""), "{merged}");
    // A local clone: no page, no link, but its commit.
    let local = page
        .split("<tr ")
        .find(|r| r.contains("data-repo=\"local-0\""))
        .unwrap();
    let head = git(&w.sb.path().join("work/local-0"), &["rev-parse", "HEAD"]);
    assert!(
        local.contains(&format!(
            ">local-0</th><td><code class=\"sha\" title=\"{head}\">{}</code></td>",
            &head[..7]
        )),
        "{local}"
    );
    assert!(!local.contains("<a "), "{local}");
    // The rollout across the fleet: three repositories, one landed, two pending, three open
    // requests (pinned-0 was left alone, local-0 not in the rollout).
    assert!(page.contains(
        "<tr data-rollout=\"jig/team-py-3.1.0\"><th scope=\"row\"><code>jig/team-py-3.1.0</code></th><td data-count=\"ro-repositories\">3</td><td data-count=\"ro-landed\">1</td><td data-count=\"ro-pending\">2</td><td data-count=\"ro-gone\">0</td><td data-count=\"ro-open\">3</td><td data-count=\"ro-closed\">0</td></tr>"
    ), "{page}");
    // Still one file: nothing to load.
    assert!(
        !page.contains("<link") && !page.contains(" src="),
        "self-contained"
    );
}

#[test]
fn the_json_report_carries_the_same_facts() {
    let w = build();
    w.merge("merged-0");
    let (_, json) = w.status("json");
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["schema"], "jig.fleet/v1");
    assert_eq!(report["generated_at"], "2026-12-07T12:00:00Z");
    assert_eq!(report["jig_version"], env!("CARGO_PKG_VERSION"));
    let web = &w.web;
    let old = row(&report, "old-0");
    let head = w.head("old-0");
    assert_eq!(old["commit"], head.as_str());
    assert_eq!(
        old["links"],
        serde_json::json!({
            "repository": format!("{web}/acme/old-0"),
            "commit": format!("{web}/acme/old-0/commit/{head}"),
        })
    );
    assert_eq!(old["blueprints"][0]["band"], "behind-major");
    let tip = git(
        &w.srv.join("acme/old-0.git"),
        &["rev-parse", "refs/heads/jig/team-py-3.1.0"],
    );
    assert_eq!(
        old["rollout"],
        serde_json::json!([{
            "branch": "jig/team-py-3.1.0",
            "blueprint": "team-py",
            "version": "3.1.0",
            "state": "pending",
            "commit": tip,
            "link": format!("{web}/acme/old-0/tree/jig/team-py-3.1.0"),
            "request": {
                "id": "1",
                "url": format!("http://127.0.0.1:{}/acme/old-0/pull/1", w.hub_port),
                "draft": false,
                "state": "open",
                "recorded_at": "2023-11-14T22:13:20Z"
            }
        }])
    );
    assert_eq!(row(&report, "merged-0")["rollout"][0]["state"], "landed");
    assert_eq!(row(&report, "merged-0")["blueprints"][0]["band"], "current");
    let local = row(&report, "local-0");
    assert!(local.get("links").is_none(), "{local:#}");
    assert!(local.get("rollout").is_none(), "{local:#}");

    // Merged shards keep the time the fleet was read (the oldest shard's), not the merge's.
    write(&w.sb.path().join("a.json"), json.as_bytes());
    let out =
        w.sb.jig()
            .args(["fleet", "report", "a.json", "--format", "json"])
            .output()
            .unwrap();
    let merged: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(merged["generated_at"], "2026-12-07T12:00:00Z");
    assert_eq!(merged["repositories"], report["repositories"]);

    // Repositories on public forges link to their https pages, even when unreadable (here
    // offline, with nothing cached: nothing is sent anywhere).
    write(
        &w.sb.path().join("public.yaml"),
        b"repositories:\n  - git@github.com:acme/churn.git\n  - https://gitlab.com/acme/ml/fraud.git\n",
    );
    let out =
        w.sb.jig()
            .args([
                "fleet",
                "status",
                "public.yaml",
                "--offline",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
    let public: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        row(&public, "churn")["links"],
        serde_json::json!({"repository": "https://github.com/acme/churn"})
    );
    assert_eq!(
        row(&public, "fraud")["links"],
        serde_json::json!({"repository": "https://gitlab.com/acme/ml/fraud"})
    );
}

#[test]
fn the_page_renders_in_chromium_with_its_chart_and_legend() {
    let w = build();
    let (_, _) = w.status("html");
    let page = w.sb.path().join("fleet.html");
    let shot = w.sb.path().join("fleet.png");
    let profile = w.sb.path().join("chromium-profile");
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
            "--hide-scrollbars",
            "--window-size=1280,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs (scripts/test-deps installs it)");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    let (width, height, pixels) = decode_png(&png);
    assert_eq!((width, height), (1280, 1400));
    // Each band's colour is on screen: the bars and the legend's swatches were drawn.
    for (band, rgb) in [
        ("current", [0x00, 0x72, 0xB2]),
        ("behind by minor", [0xE6, 0x9F, 0x00]),
        ("behind by major", [0xD5, 0x5E, 0x00]),
        ("unknown", [0x99, 0x99, 0x99]),
    ] {
        let n = pixels.chunks(4).filter(|p| p[..3] == rgb).count();
        assert!(n >= 20, "{band}: {n} pixels of {rgb:02x?}");
    }
    if let Ok(dir) = std::env::var("JIG_TEST_SCREENSHOT_DIR") {
        std::fs::copy(&shot, PathBuf::from(dir).join("fleet-report.png")).unwrap();
    }
}

/// Width, height and RGBA pixels of a PNG as Chromium writes screenshots (8-bit RGB or
/// RGBA, not interlaced): the IDAT stream inflated and each row unfiltered.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    use std::io::Read;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let (mut at, mut header, mut data) = (8, Vec::new(), Vec::new());
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind = &bytes[at + 4..at + 8];
        let body = &bytes[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => header = body.to_vec(),
            b"IDAT" => data.extend_from_slice(body),
            _ => {}
        }
        at += 12 + len;
    }
    let be = |i: usize| u32::from_be_bytes(header[i..i + 4].try_into().unwrap());
    let (width, height) = (be(0), be(4));
    assert_eq!(header[8], 8, "8-bit");
    assert_eq!(header[12], 0, "not interlaced");
    let channels = match header[9] {
        2 => 3,
        6 => 4,
        other => panic!("PNG colour type {other}"),
    };
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&data[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width as usize * channels;
    let mut out = vec![0u8; stride * height as usize];
    for y in 0..height as usize {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= channels {
                out[y * stride + x - channels]
            } else {
                0
            };
            let b = if y > 0 { out[(y - 1) * stride + x] } else { 0 };
            let c = if x >= channels && y > 0 {
                out[(y - 1) * stride + x - channels]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((a as u16 + b as u16) / 2) as u8,
                4 => {
                    let p = a as i16 + b as i16 - c as i16;
                    let (pa, pb, pc) = (
                        (p - a as i16).abs(),
                        (p - b as i16).abs(),
                        (p - c as i16).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("PNG filter {other}"),
            };
            out[y * stride + x] = line[x].wrapping_add(predicted);
        }
    }
    let rgba = if channels == 4 {
        out
    } else {
        out.chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect()
    };
    (width, height, rgba)
}
