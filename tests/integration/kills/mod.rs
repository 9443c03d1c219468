//! Fault injection: `jig new`, `jig new --overwrite` and `jig update` of a blueprint with
//! thousands of files, `jig new` of several repositories, `jig publish` to a directory
//! registry and `jig fleet update --open-pr`, killed (SIGKILL and SIGTERM) at points spread
//! over a real run, and at points right after the run starts its critical phase (its staging
//! directory, journal, worktree or index appears), then the next run. After each: no half
//! project, registry or repository set, no stale staging, journal or worktree once the next
//! run has been, no secret outside the finished project, no request opened twice.

use crate::common::*;

mod fleet;
mod multi_repo;
mod new;
mod publish;
mod update;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub(super) const FILES: usize = 2000;
/// `jig update` renders two versions and merges: fewer files keep the test under a minute.
pub(super) const UPDATE_FILES: usize = 1000;
pub(super) const SECRET: &str = "SECRET-7f3a9c";
/// Kill points per signal spread evenly over a measured run (fewer for the slower update),
/// besides the three right after the critical phase begins.
pub(super) const POINTS: u32 = 4;
pub(super) const UPDATE_POINTS: u32 = 1;

pub(super) fn write_version(root: &Path, version: &str) {
    write_version_with(root, version, FILES);
}

pub(super) fn write_version_with(root: &Path, version: &str, files: usize) {
    write(
        &root.join("blueprint.yaml"),
        format!("name: big\nversion: {version}\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\n  token:\n    type: secret\n    default: none\n").as_bytes(),
    );
    for i in 0..files {
        write(
            &root.join(format!("template/src/{}/f{i}.txt", i % 20)),
            format!("file {i} of {{{{ project_slug }}}} at {version}\n").as_bytes(),
        );
    }
    write(&root.join("template/.env"), b"TOKEN={{ token }}\n");
}

/// Which version every generated file of `project` is at: `Some(v)` when all agree.
pub(super) fn version_of(project: &Path) -> Option<String> {
    let files = walkdir::WalkDir::new(project.join("src"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count();
    let mut seen = None;
    for i in 0..files.max(1) {
        let text =
            std::fs::read_to_string(project.join(format!("src/{}/f{i}.txt", i % 20))).ok()?;
        let v = text.trim_end().rsplit(' ').next()?.to_string();
        match &seen {
            None => seen = Some(v),
            Some(s) if *s == v => {}
            Some(_) => return None,
        }
    }
    seen
}

/// When to send the signal: a fixed time after the start, or a time after the marker appears
/// (the run's critical phase began).
pub(super) enum At<'a> {
    After(Duration),
    Once(Marker<'a>, Duration),
}

/// An entry named `prefix*` in `dir`, holding `inner` when it is given.
#[derive(Clone, Copy)]
pub(super) struct Marker<'a> {
    pub dir: &'a Path,
    pub prefix: &'a str,
    pub inner: Option<&'a str>,
}

impl Marker<'_> {
    fn present(&self) -> bool {
        listing(self.dir).iter().any(|n| {
            n.starts_with(self.prefix)
                && self.inner.is_none_or(|i| self.dir.join(n).join(i).exists())
        })
    }
}

/// Spawns `cmd`, sends `signal` at `at`, and waits. The exit code (None if killed), and
/// whether the marker of `At::Once` was seen before the run ended.
pub(super) fn kill_at(mut cmd: Command, at: &At, signal: i32) -> (Option<i32>, bool) {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = false;
    match at {
        At::After(delay) => std::thread::sleep(*delay),
        At::Once(marker, delay) => {
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
                if marker.present() {
                    seen = true;
                    std::thread::sleep(*delay);
                    break;
                }
                std::thread::sleep(Duration::from_micros(500));
            }
        }
    }
    // SAFETY: signals the child this test spawned (a no-op if it already exited).
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    (child.wait().unwrap().code(), seen)
}

/// Kill points: `points` spread over a run of `full`, then three just after the marker.
pub(super) fn kill_points(full: Duration, points: u32, marker: Marker) -> Vec<At> {
    let mut at: Vec<At> = (1..=points)
        .map(|k| At::After(full * k / (points + 1)))
        .collect();
    for ms in [0, 5, 30] {
        at.push(At::Once(marker, Duration::from_millis(ms)));
    }
    at
}

pub(super) fn timed(mut cmd: Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

/// Names in `dir` that a run leaves only while it runs.
pub(super) fn leftovers(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.starts_with(".jig-staging-") || n.starts_with(".jig-journal-"))
        .collect()
}

/// Files below `root` (not below `except`) that hold the secret.
pub(super) fn secret_holders(root: &Path, except: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| !e.path().starts_with(except))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path())
                .is_ok_and(|b| b.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()))
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

pub(super) const SIGNALS: [i32; 2] = [libc::SIGKILL, libc::SIGTERM];

pub(super) fn describe(at: &At) -> String {
    match at {
        At::After(d) => format!("{d:?}"),
        At::Once(m, d) => format!("{d:?} after {}*", m.prefix),
    }
}
