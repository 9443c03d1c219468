//! A full disk and a read-only file system under `jig new`, `jig new --overwrite`,
//! `jig update` and jig's cache, on a small tmpfs this test mounts (as root; skipped with the
//! reason otherwise, but CI runs as root). Each run must fail naming the path and the cause,
//! with a hint about the file system, exit 1, and leave the tree exactly as it was: no
//! staging directory, no journal, no half a project, no secret on the disk.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const SECRET: &str = "SECRET-d15k";

/// A 2 MiB tmpfs at `dir`, unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// `None` (with the reason printed) when this process may not mount.
    fn mount(dir: &Path) -> Option<Tmpfs> {
        // SAFETY: geteuid only reads the process's credentials.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        std::fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs {
                dir: dir.to_path_buf(),
            }),
            Ok(o) => {
                eprintln!(
                    "skipped: mount failed: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(ok.success(), "remount {mode}");
    }

    fn free(&self) {
        let _ = std::fs::remove_file(self.dir.join("filler"));
    }

    /// Fills the file system but for `kb` KiB (one filler file, replaced each time).
    fn leave(&self, kb: u64) {
        let filler = self.dir.join("filler");
        let _ = std::fs::remove_file(&filler);
        // SAFETY: statvfs writes into the zeroed struct it is given.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        let path = std::ffi::CString::new(self.dir.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::statvfs(path.as_ptr(), &mut st) }, 0);
        let free = st.f_bavail * st.f_frsize;
        let size = free.saturating_sub(kb * 1024);
        std::fs::write(&filler, vec![0u8; size as usize]).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// A blueprint of `files` files of `kb` KiB of incompressible text each, and a secret.
fn blueprint(root: &Path, version: &str, files: usize, kb: usize) {
    write(
        &root.join("blueprint.yaml"),
        format!("name: disk\nversion: {version}\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\n  token:\n    type: secret\n    default: none\n").as_bytes(),
    );
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ version.len() as u64;
    for i in 0..files {
        let text: String = (0..kb * 1024)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from(b'a' + (state % 26) as u8)
            })
            .collect();
        write(
            &root.join(format!("template/f{i}.txt")),
            format!("{version}\n{text}\n").as_bytes(),
        );
    }
    write(&root.join("template/.env"), b"TOKEN={{ token }}\n");
}

/// Every file below `dir` (`.git` left out) with its content, sorted.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|p| !p.ends_with('/'))
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap_or_default();
            (p, bytes)
        })
        .collect()
}

/// No staging directory, journal or render left, and no secret, anywhere below `roots`.
fn assert_clean(roots: &[&Path], project: Option<&Path>) {
    for root in roots {
        for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            assert!(
                !name.starts_with(".jig-staging-")
                    && !name.contains("jig-journal-")
                    && !name.starts_with("jig-render-"),
                "left behind: {}",
                entry.path().display()
            );
            if project.is_some_and(|p| entry.path().starts_with(p)) {
                continue;
            }
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).unwrap_or_default();
                assert!(
                    !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                    "a secret in {}",
                    entry.path().display()
                );
            }
        }
    }
}

fn new_in(sb: &Sandbox, source: &str, dir: &Path, extra: &[&str]) -> std::process::Output {
    sb.jig()
        .arg("new")
        .arg(source)
        .args(["--defaults", "--data", &format!("token={SECRET}"), "-o"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

fn full_hint(place: &Path) -> String {
    format!(
        "hint: the file system of {0} is full: free some space (`df -h {0}` shows what is left), then run it again\n",
        place.display()
    )
}

#[test]
fn new_into_a_full_disk_fails_mid_render_and_mid_commit_naming_the_cause() {
    let sb = Sandbox::new();
    let Some(fs) = Tmpfs::mount(&sb.path().join("disk")) else {
        return;
    };
    let disk = fs.dir.clone();
    // 2.4 MiB of files: the render itself runs out of room.
    let big = sb.path().join("big");
    blueprint(&big, "1.0.0", 12, 200);
    let out = new_in(&sb, &big.display().to_string(), &disk.join("a/b/out"), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: cannot write {}/.jig-staging-",
            disk.join("a/b/out").display()
        )),
        "{err}"
    );
    assert!(
        err.ends_with(&format!(
            "\n  caused by: No space left on device (os error 28)\n  nothing was left behind\n{}",
            full_hint(&disk)
        )),
        "{err}"
    );
    assert_eq!(
        listing(&disk),
        Vec::<String>::new(),
        "the output folders it made"
    );
    assert_clean(&[&disk, &sb.path().join("tmp")], None);

    // The render fits (its blobs made as it writes), then a post-gen hook fills the disk with a
    // file of its own: the first commit, which must store that file's blob, has no room.
    let small = sb.path().join("small");
    blueprint(&small, "1.0.0", 6, 100);
    let manifest = std::fs::read_to_string(small.join("blueprint.yaml")).unwrap();
    write(
        &small.join("blueprint.yaml"),
        format!("{manifest}hooks:\n  post_gen:\n    - script: hooks/fill.sh\n").as_bytes(),
    );
    write(
        &small.join("hooks/fill.sh"),
        b"#!/bin/sh\ncat /dev/zero > fill.bin 2>/dev/null\nexit 0\n",
    );
    fs.leave(4096);
    let out = new_in(
        &sb,
        &small.display().to_string(),
        &disk.join("out"),
        &["--trust"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let dest = disk.join("out/demo");
    assert!(
        err.starts_with(&format!(
            "error: cannot make the first commit of {}\n  caused by: ",
            dest.display()
        )),
        "{err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.ends_with(&format!(
            "\n  nothing was left behind\n{}",
            full_hint(&disk)
        )),
        "{err}"
    );
    assert_eq!(listing(&disk), ["filler"]);
    assert_clean(&[&disk, &sb.path().join("tmp")], None);
}

#[test]
fn overwrite_and_update_on_a_full_disk_leave_the_project_as_it_was() {
    let sb = Sandbox::new();
    let Some(fs) = Tmpfs::mount(&sb.path().join("disk")) else {
        return;
    };
    let disk = fs.dir.clone();
    // A blueprint in git with two releases, the second much larger.
    let repo = sb.path().join("repo");
    blueprint(&repo, "1.0.0", 4, 20);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
    blueprint(&repo, "2.0.0", 12, 20);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v2"]);
    git(&repo, &["tag", "v2.0.0"]);
    let source = |v: &str| format!("file://{}@{v}", repo.display());
    let out = disk.join("out");
    let made = new_in(&sb, &source("1.0.0"), &out, &[]);
    assert!(made.status.success(), "{}", stderr(&made));
    let project = out.join("demo");
    write(&project.join("mine.txt"), b"the team's own file\n");
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-qm", "ours"]);
    let before = contents(&project);
    let head = git(&project, &["rev-parse", "HEAD"]);

    let mut failed = 0;
    for kb in [0, 40, 120, 200, 280] {
        for update in [false, true] {
            fs.leave(kb);
            let run = if update {
                sb.jig()
                    .current_dir(&project)
                    .args(["update", "--to", "2.0.0", "--defaults"])
                    .args(["--data", &format!("token={SECRET}")])
                    .output()
                    .unwrap()
            } else {
                new_in(&sb, &source("2.0.0"), &out, &["--overwrite"])
            };
            let err = stderr(&run);
            // git itself needs room to look.
            fs.free();
            let what = format!(
                "{} with {kb} KiB free",
                if update { "update" } else { "--overwrite" }
            );
            if run.status.success() {
                // It fitted: put the project back for the next point.
                git(&project, &["reset", "-q", "--hard", &head]);
                git(&project, &["clean", "-qfdx"]);
                assert_eq!(contents(&project), before, "{what}");
                continue;
            }
            failed += 1;
            assert_eq!(run.status.code(), Some(1), "{what}: {err}");
            assert!(err.starts_with("error: cannot "), "{what}: {err}");
            assert!(
                err.contains("\n  caused by: No space left on device (os error 28)"),
                "{what}: {err}"
            );
            let hint = err.lines().last().unwrap_or_default();
            assert!(
                hint.starts_with(&format!("hint: the file system of {}", disk.display())),
                "{what}: {err}"
            );
            assert!(
                hint.ends_with("` shows what is left), then run it again"),
                "{what}: {err}"
            );
            assert_eq!(contents(&project), before, "{what}: the project changed");
            assert_eq!(git(&project, &["status", "--porcelain"]), "", "{what}");
            assert_eq!(git(&project, &["rev-parse", "HEAD"]), head, "{what}");
            assert_clean(&[&disk, &sb.path().join("tmp")], Some(&project));
        }
    }
    assert!(failed >= 4, "only {failed} runs ran out of room");
}

#[test]
fn read_only_destinations_parents_and_caches_are_named_with_a_hint() {
    let sb = Sandbox::new();
    let Some(fs) = Tmpfs::mount(&sb.path().join("disk")) else {
        return;
    };
    let disk = fs.dir.clone();
    let bp = sb.path().join("bp");
    blueprint(&bp, "1.0.0", 2, 1);
    git(&bp, &["init", "-q"]);
    git(&bp, &["add", "-A"]);
    git(&bp, &["commit", "-qm", "v1"]);
    git(&bp, &["tag", "v1.0.0"]);
    let local = bp.display().to_string();
    let out = disk.join("out");
    let made = new_in(&sb, &format!("{local}@1.0.0"), &out, &[]);
    assert!(made.status.success(), "{}", stderr(&made));
    let project = out.join("demo");
    blueprint(&bp, "2.0.0", 3, 1);
    git(&bp, &["add", "-A"]);
    git(&bp, &["commit", "-qm", "v2"]);
    git(&bp, &["tag", "v2.0.0"]);
    std::fs::create_dir_all(disk.join("cache")).unwrap();
    let before = contents(&disk);
    fs.remount("ro");
    let ro = |place: &Path| {
        format!(
            "hint: {} is on a read-only file system: remount it read-write, or give jig a writable place (--output-dir for `jig new`)\n",
            place.display()
        )
    };
    let cases: Vec<(&str, std::process::Output, String, String)> = vec![
        (
            "a read-only parent",
            new_in(&sb, &local, &disk.join("new/out"), &[]),
            format!("error: cannot create {}\n", disk.join("new/out").display()),
            ro(&disk),
        ),
        (
            "a read-only destination",
            new_in(&sb, &local, &out, &["--data", "project_slug=other"]),
            format!("error: cannot create a staging directory in {}\n", out.display()),
            ro(&out),
        ),
        (
            "--overwrite of a read-only project",
            new_in(&sb, &local, &out, &["--overwrite"]),
            format!("error: cannot create a staging directory in {}\n", out.display()),
            ro(&out),
        ),
        (
            "jig update of a read-only project",
            sb.jig()
                .current_dir(&project)
                .args(["update", "--to", "2.0.0", "--defaults"])
                .output()
                .unwrap(),
            format!("error: cannot write a journal in {}/\n", project.join(".git").display()),
            ro(Path::new(&format!("{}/", project.join(".git").display()))),
        ),
        (
            "a read-only cache",
            sb.jig()
                .env("XDG_CACHE_HOME", disk.join("cache"))
                .args(["new", &format!("file://{local}@1.0.0"), "--defaults", "-o"])
                .arg(sb.path().join("elsewhere"))
                .output()
                .unwrap(),
            format!("error: cannot write the cache at {}/jig/git/", disk.join("cache").display()),
            format!(
                "hint: {} is on a read-only file system: set JIG_CACHE_DIR to a writable directory\n",
                disk.join("cache").display()
            ),
        ),
    ];
    for (what, run, message, hint) in cases {
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{what}: {err}");
        assert!(err.starts_with(&message), "{what}: {err}");
        assert!(
            err.contains("Read-only file system (os error 30)"),
            "{what}: {err}"
        );
        assert!(err.ends_with(&hint), "{what}: {err}");
    }
    fs.remount("rw");
    assert_eq!(contents(&disk), before);
    assert!(!sb.path().join("elsewhere").exists());
    assert_clean(&[&disk, &sb.path().join("tmp")], Some(&project));
}
