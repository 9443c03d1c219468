//! Signals from jig's first instruction on: SIGTERM sent the moment the process can hold it,
//! for several commands, many times. Each run exits 130 with one line naming the command,
//! and none dies by the signal.

use crate::common::*;

/// SIGTERM in `pid`'s mask of blocked (`SigBlk`) and of caught (`SigCgt`) signals, from its
/// /proc status. Before its first instruction the kernel is still loading the program and no
/// program can catch a signal; from it on, jig holds them back (`jig::hold_signals`, run
/// before `main`) until its handlers are installed, then catches them.
fn sigterm_state(pid: u32) -> (bool, bool) {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return (false, false);
    };
    let mask = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            .unwrap_or(0)
            & (1 << (libc::SIGTERM - 1))
            != 0
    };
    (mask("SigBlk:"), mask("SigCgt:"))
}

/// How a run sent SIGTERM ended.
struct Ended {
    /// The signal came while jig held it back, before its handlers were in.
    held: bool,
    code: Option<i32>,
    signal: Option<i32>,
    stderr: String,
}

/// Starts `jig ARGS` and sends SIGTERM as soon as it holds or catches one.
fn terminated_at_once(sb: &Sandbox, args: &[&str]) -> Ended {
    use std::os::unix::process::ExitStatusExt;
    let mut child = sb
        .jig_std()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let held = loop {
        match sigterm_state(child.id()) {
            (true, _) => break true,
            (false, true) => break false,
            _ => {}
        }
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
    };
    // SAFETY: signals the jig process this test spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    Ended {
        held,
        code: out.status.code(),
        signal: out.status.signal(),
        stderr: stderr(&out),
    }
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
        let mut held = 0;
        for round in 0..10 {
            let end = terminated_at_once(&sb, args);
            let err = &end.stderr;
            assert_eq!(
                end.signal, None,
                "`{name}` died by the signal (round {round}): {err}"
            );
            let line = format!("error: `{name}` was interrupted; nothing was written\n");
            if end.held {
                held += 1;
                assert_eq!(end.code, Some(130), "`{name}` (round {round}): {err}");
                assert_eq!(err, &line);
            } else if end.code == Some(130) {
                // Caught while it ran: stopped with the same line, once.
                assert_eq!(
                    err.matches(&line).count(),
                    1,
                    "`{name}` (round {round}): {err}"
                );
            }
        }
        // Most rounds catch jig while it starts; a loaded machine may make some late.
        assert!(
            held >= 3,
            "`{name}`: only {held} of 10 signals came while jig started"
        );
    }
    assert!(!sb.path().join("out").exists(), "{:?}", tree(sb.path()));
}
