//! Signals from jig's first instruction on: SIGTERM sent the moment the process can hold it,
//! for several commands, many times. Each run exits 130 with one line naming the command,
//! and none dies by the signal.

use crate::common::*;

/// Whether `pid` blocks or catches SIGTERM (`SigBlk` / `SigCgt` in its /proc status). Before
/// its first instruction the kernel is still loading the program, and no program can catch a
/// signal then; from it on, jig holds them (`jig::hold_signals`, run before `main`).
fn holds_sigterm(pid: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    let mask = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            .unwrap_or(0)
    };
    (mask("SigBlk:") | mask("SigCgt:")) & (1 << (libc::SIGTERM - 1)) != 0
}

/// Starts `jig ARGS`, sends SIGTERM as soon as it can hold one, and returns how it ended.
fn terminated_at_once(sb: &Sandbox, args: &[&str]) -> (Option<i32>, Option<i32>, String) {
    use std::os::unix::process::ExitStatusExt;
    let mut child = sb
        .jig_std()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !holds_sigterm(child.id()) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "`jig {}` ended before it held SIGTERM",
            args.join(" ")
        );
        assert!(
            std::time::Instant::now() < deadline,
            "jig never held SIGTERM"
        );
        std::thread::yield_now();
    }
    // SAFETY: signals the jig process this test spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), out.status.signal(), stderr(&out))
}

#[test]
fn sigterm_right_after_start_exits_130_naming_the_command() {
    let sb = Sandbox::new();
    write(&sb.path().join("fleet.yaml"), b"repositories: []\n");
    let commands: [(&[&str], &str); 5] = [
        (&["new", "ds-project", "--defaults", "-o", "out"], "jig new"),
        (&["list"], "jig list"),
        (&["show", "ds-project"], "jig show"),
        (&["lint", "."], "jig lint"),
        (&["fleet", "status", "fleet.yaml"], "jig fleet status"),
    ];
    for (args, name) in commands {
        for round in 0..8 {
            let (code, signal, err) = terminated_at_once(&sb, args);
            assert_eq!(
                signal, None,
                "`{name}` died by signal (round {round}): {err}"
            );
            assert_eq!(code, Some(130), "`{name}` (round {round}): {err}");
            assert_eq!(
                err,
                format!("error: `{name}` was interrupted; nothing was written\n")
            );
        }
    }
    assert!(!sb.path().join("out").exists(), "{:?}", tree(sb.path()));
}
