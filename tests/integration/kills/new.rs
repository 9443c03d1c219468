//! Killed `jig new` and `jig new --overwrite`: no half project, swept by the next run.

use super::*;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn killed_new_leaves_no_half_project_and_the_next_run_sweeps() {
    let sb = Sandbox::new();
    let bp = sb.path().join("bp");
    write_version(&bp, "1.0.0");
    let tiny = sb.blueprint(
        "tiny",
        &[("blueprint.yaml", &manifest("")), ("template/a.txt", "a\n")],
    );
    let new = |dir: &str| {
        let mut cmd = sb.jig_std();
        cmd.arg("new").arg(&bp).args([
            "--defaults",
            "--data",
            &format!("token={SECRET}"),
            "-o",
            dir,
        ]);
        cmd
    };
    let full = timed(new("measure"));
    let out = sb.out();
    let dest = out.join("demo");
    std::fs::create_dir_all(&out).unwrap();
    let mut marked = 0;
    for signal in SIGNALS {
        for at in kill_points(
            full,
            POINTS,
            Marker {
                dir: &out,
                prefix: ".jig-staging-",
                inner: None,
            },
        ) {
            std::fs::create_dir_all(&out).unwrap();
            let (code, seen) = kill_at(new("out"), &at, signal);
            marked += usize::from(seen);
            let delay = describe(&at);
            let complete = dest.join(".jig/big.yaml").exists();
            assert!(
                !dest.exists() || complete,
                "half a project after {signal} at {delay:?}"
            );
            if complete {
                assert_eq!(version_of(&dest).as_deref(), Some("1.0.0"));
            }
            if signal == libc::SIGTERM {
                assert_stopped_cleanly(code, &out);
            }
            next_run(&sb, &tiny);
            assert_eq!(leftovers(&out), Vec::<String>::new(), "after the next run");
            assert_eq!(
                secret_holders(&out, &dest),
                Vec::<PathBuf>::new(),
                "a secret outside the project"
            );
            assert_eq!(
                secret_holders(&sb.path().join("tmp"), &dest),
                Vec::<PathBuf>::new(),
                "a secret in TMPDIR"
            );
            let _ = std::fs::remove_dir_all(&out);
        }
    }
    assert!(
        marked >= 4,
        "only {marked} kills landed while a staging directory existed"
    );
}

#[test]
fn killed_overwrite_is_rolled_back_to_the_old_files_or_finished() {
    let sb = Sandbox::new();
    let (v1, v2) = (sb.path().join("v1"), sb.path().join("v2"));
    write_version(&v1, "1.0.0");
    write_version(&v2, "2.0.0");
    let tiny = sb.blueprint(
        "tiny",
        &[("blueprint.yaml", &manifest("")), ("template/a.txt", "a\n")],
    );
    let new = |bp: &Path, dir: &str, extra: &[&str]| {
        let mut cmd = sb.jig_std();
        cmd.arg("new")
            .arg(bp)
            .args([
                "--defaults",
                "--data",
                &format!("token={SECRET}"),
                "-o",
                dir,
            ])
            .args(extra);
        cmd
    };
    timed(new(&v1, "pristine", &[]));
    write(
        &sb.path().join("pristine/demo/mine.txt"),
        b"the team's own file\n",
    );
    let copy_pristine = |to: &Path| {
        let _ = std::fs::remove_dir_all(to);
        std::fs::create_dir_all(to).unwrap();
        let ok = Command::new("cp")
            .arg("-a")
            .arg(sb.path().join("pristine/demo"))
            .arg(to)
            .status()
            .unwrap();
        assert!(ok.success());
    };
    copy_pristine(&sb.path().join("measure"));
    let full = timed(new(&v2, "measure", &["--overwrite"]));
    let out = sb.out();
    let dest = out.join("demo");
    let mut marked = 0;
    for signal in SIGNALS {
        for at in kill_points(
            full,
            POINTS,
            Marker {
                dir: &out,
                prefix: ".jig-journal-",
                inner: Some("journal.json"),
            },
        ) {
            // A rolled-back tree is the pristine one again; only a finished run needs a copy.
            if version_of(&dest).as_deref() != Some("1.0.0") {
                copy_pristine(&out);
            }
            let (code, seen) = kill_at(new(&v2, "out", &["--overwrite"]), &at, signal);
            marked += usize::from(seen);
            let delay = describe(&at);
            if signal == libc::SIGTERM {
                assert_stopped_cleanly(code, &out);
                assert!(
                    version_of(&dest).is_some(),
                    "SIGTERM at {delay:?} left a half-merged tree"
                );
            }
            next_run(&sb, &tiny);
            let version = version_of(&dest);
            assert!(
                matches!(version.as_deref(), Some("1.0.0") | Some("2.0.0")),
                "{signal} at {delay:?}: files of both versions after the next run"
            );
            assert_eq!(read(&dest.join("mine.txt")), "the team's own file\n");
            assert_eq!(leftovers(&out), Vec::<String>::new());
            assert_eq!(
                secret_holders(&out, &dest),
                Vec::<PathBuf>::new(),
                "a secret outside the project"
            );
            std::fs::remove_dir_all(out.join("other")).unwrap();
        }
    }
    assert!(
        marked >= 4,
        "only {marked} kills landed while a journal existed"
    );
}

/// The next run, of anything into the same folder: it sweeps what a SIGKILL left.
fn next_run(sb: &Sandbox, tiny: &Path) {
    let next = sb.new_project_in(tiny, "out", &["--data", "project_slug=other"]);
    assert!(next.status.success(), "{}", stderr(&next));
}

/// SIGTERM is Ctrl-C: the run stops (130) or had finished (0), and cleans up after itself.
fn assert_stopped_cleanly(code: Option<i32>, out: &Path) {
    assert!(
        code == Some(130) || code == Some(0),
        "SIGTERM: exit {code:?}"
    );
    assert_eq!(leftovers(out), Vec::<String>::new(), "SIGTERM left these");
}
