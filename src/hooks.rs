//! Running blueprint hooks under the contract in `hooks/README.md`.
//!
//! A hook runs with the project directory as its working directory, `JIG_*` variables in its
//! environment and the answers as JSON on stdin. Its output is captured, and shown line by line
//! as it runs where the caller listens (`jig new`), else in the report when it fails;
//! it runs in its own process group, which is killed after its timeout or when jig is
//! interrupted (Ctrl-C, SIGTERM, SIGHUP), so nothing it started outlives it; exit 0 is success, exit 10 means "skipped: a tool it needs is
//! missing" (a warning), anything else fails the generation. Whether hooks may run at all (the
//! trust rule) is decided by the caller before anything is written.

use crate::blueprint::{Hook, HookAction};
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wait_timeout::ChildExt;

/// Exit code by which a hook says it skipped itself (e.g. its tool is not installed).
pub(crate) const EXIT_SKIPPED: i32 = 10;
/// Default time a hook may take, in seconds (`JIG_HOOK_TIMEOUT` or a hook's `timeout` change it).
pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = 600;
const POLL: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Before any question (Cookiecutter templates only).
    PrePrompt,
    PreGen,
    PostGen,
    /// `jig update` migrations, before and after the merge.
    BeforeUpdate,
    AfterUpdate,
}

impl Stage {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Stage::PrePrompt => "pre_prompt",
            Stage::PreGen => "pre_gen",
            Stage::PostGen => "post_gen",
            Stage::BeforeUpdate => "before_update",
            Stage::AfterUpdate => "after_update",
        }
    }
}

/// Everything a hook is told about the run.
pub(crate) struct Invocation<'a> {
    pub stage: Stage,
    pub blueprint_dir: &'a Path,
    pub project_dir: &'a Path,
    pub env: &'a [(String, String)],
    pub answers_json: &'a str,
    /// Whether exit code 10 means "skipped" (jig's contract) or is a failure (Cookiecutter's).
    pub exit_10_skips: bool,
    /// Hears each line the hook prints, as it prints it (Cookiecutter users watch hooks work).
    pub output: Option<&'a (dyn Fn(&str) + Sync)>,
}

#[derive(Debug)]
pub(crate) enum Outcome {
    Done,
    /// Exit code 10: the hook skipped itself; its output says why (shown as it ran).
    Skipped,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("{stage} hook `{hook}` failed with exit code {code}")]
    Failed {
        stage: &'static str,
        hook: String,
        code: i32,
        output: String,
    },
    #[error("{stage} hook `{hook}` was killed by a signal")]
    Killed {
        stage: &'static str,
        hook: String,
        output: String,
    },
    #[error("{stage} hook `{hook}` timed out after {secs} s")]
    TimedOut {
        stage: &'static str,
        hook: String,
        secs: u64,
        output: String,
    },
    #[error("cannot run {stage} hook `{hook}`")]
    Spawn {
        stage: &'static str,
        hook: String,
        #[source]
        source: std::io::Error,
    },
    #[error("interrupted")]
    Interrupted,
}

/// Runs one hook and waits for it.
pub(crate) fn run(hook: &Hook, inv: &Invocation) -> Result<Outcome, Error> {
    let name = hook.action.describe();
    let stage = inv.stage.name();
    let spawn_err = |source| Error::Spawn {
        stage,
        hook: name.clone(),
        source,
    };
    // Keeps a built-in hook's temporary file alive while it runs.
    let mut _script_file = None;
    let script: PathBuf = match &hook.action {
        HookAction::Script(rel) => inv.blueprint_dir.join(rel),
        HookAction::Builtin(builtin) => {
            let (_, bytes) = crate::embedded::hook(builtin)
                .ok_or_else(|| spawn_err(std::io::Error::other("no such reusable hook")))?;
            let mut file = tempfile::Builder::new()
                .prefix(&format!("jig-hook-{builtin}-"))
                .tempfile()
                .map_err(spawn_err)?;
            file.write_all(bytes).map_err(spawn_err)?;
            let path = file.into_temp_path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(spawn_err)?;
            let p = path.to_path_buf();
            _script_file = Some(path);
            p
        }
    };
    let mut command = command_for(&script).map_err(spawn_err)?;
    command
        .current_dir(inv.project_dir)
        .envs(inv.env.iter().map(|(k, v)| (k, v)))
        .env(crate::env::JIG_STAGE, stage);
    let secs = hook.timeout.unwrap_or_else(default_timeout);
    let stdin = Some(inv.answers_json.as_bytes());
    run_command(
        stage,
        name,
        &mut command,
        stdin,
        secs,
        inv.output,
        inv.exit_10_skips,
    )
}

/// Runs a prepared `command` as the hook `name` of `stage`: output captured (and shown line
/// by line through `output`), stopped after `secs` or on Ctrl-C, its exit status made an error.
pub(crate) fn run_command(
    stage: &'static str,
    name: String,
    command: &mut Command,
    stdin: Option<&[u8]>,
    secs: u64,
    output: Option<&(dyn Fn(&str) + Sync)>,
    exit_10_skips: bool,
) -> Result<Outcome, Error> {
    let spawn_err = |source| Error::Spawn {
        stage,
        hook: name.clone(),
        source,
    };
    let (ended, text) =
        run_captured(command, stdin, Duration::from_secs(secs), output).map_err(spawn_err)?;
    // Output already shown line by line is not repeated in the error report.
    let unseen = if output.is_some() {
        String::new()
    } else {
        text
    };
    let status = match ended {
        Ended::Exited(status) => status,
        Ended::Interrupted => return Err(Error::Interrupted),
        Ended::TimedOut => {
            return Err(Error::TimedOut {
                stage,
                hook: name,
                secs,
                output: unseen,
            })
        }
    };
    if crate::interrupt::requested() {
        return Err(Error::Interrupted);
    }
    match status.code() {
        Some(0) => Ok(Outcome::Done),
        Some(EXIT_SKIPPED) if exit_10_skips => Ok(Outcome::Skipped),
        Some(code) => Err(Error::Failed {
            stage,
            hook: name,
            code,
            output: unseen,
        }),
        None => Err(Error::Killed {
            stage,
            hook: name,
            output: unseen,
        }),
    }
}

/// How a command run by `run_captured` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    Exited(std::process::ExitStatus),
    /// Killed when its time was up.
    TimedOut,
    /// Killed because jig caught Ctrl-C.
    Interrupted,
}

/// Runs `command` with stdout and stderr captured together, in order, and `stdin` written to
/// it (else no stdin), until it exits, `timeout` passes or Ctrl-C is caught; in the last two
/// cases it is killed. Returns how it ended and its output; `on_line` hears each line as it
/// comes. Hooks and `jig test` checks run through here.
pub(crate) fn run_captured(
    command: &mut Command,
    stdin: Option<&[u8]>,
    timeout: Duration,
    on_line: Option<&(dyn Fn(&str) + Sync)>,
) -> std::io::Result<(Ended, String)> {
    let (reader, writer) = std::io::pipe()?;
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(writer.try_clone()?)
        .stderr(writer);
    // Its own process group, so a timeout or Ctrl-C stops everything it started, not only
    // the shell at its top.
    std::os::unix::process::CommandExt::process_group(command, 0);
    let spawned = command.spawn();
    // Drop the command's copies of the pipe's write end, or the reader never sees its end.
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = spawned?;
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let collector = scope.spawn(move || {
            let text = collect(reader, on_line);
            let _ = done_tx.send(());
            text
        });
        if let (Some(mut pipe), Some(bytes)) = (child.stdin.take(), stdin) {
            // A command that ignores stdin may close it early; that is not an error.
            let _ = pipe.write_all(bytes);
        }
        let ended = wait(&mut child, timeout);
        if !matches!(ended, Ok(Ended::Exited(_))) {
            kill_group(child.id());
            let _ = child.kill();
            let _ = child.wait();
        }
        // Something the command left running may hold the output open: it goes with its group.
        if done_rx.recv_timeout(Duration::from_secs(2)).is_err() {
            kill_group(child.id());
        }
        let text = collector.join().unwrap_or_default();
        ended.map(|e| (e, text))
    })
}

/// Waits for `child` until it exits, `timeout` passes or jig is interrupted.
fn wait(child: &mut std::process::Child, timeout: Duration) -> std::io::Result<Ended> {
    let deadline = Instant::now() + timeout;
    // Poll so that Ctrl-C (which jig catches) also stops the command.
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Ended::TimedOut);
        }
        if let Some(status) = child.wait_timeout(left.min(POLL))? {
            return Ok(Ended::Exited(status));
        }
        if crate::interrupt::requested() {
            return Ok(Ended::Interrupted);
        }
    }
}

/// Reads `reader` to its end, line by line, handing each to `on_line`; returns all of it.
fn collect(reader: impl Read, on_line: Option<&(dyn Fn(&str) + Sync)>) -> String {
    let mut text = String::new();
    let mut lines = std::io::BufReader::new(reader);
    let mut buf = Vec::new();
    while let Ok(n) = std::io::BufRead::read_until(&mut lines, b'\n', &mut buf) {
        if n == 0 {
            break;
        }
        let line = String::from_utf8_lossy(&buf);
        if let Some(f) = on_line {
            f(line.trim_end_matches(['\n', '\r']));
        }
        text.push_str(&line);
        buf.clear();
    }
    text
}

/// SIGKILL to every process in the group `pid` leads (a hook and all it started).
pub(crate) fn kill_group(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: signals the process group the child leads (`process_group(0)` above).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

/// The interpreter that runs a template's Python (`.py` hooks, Cookiecutter extensions):
/// `JIG_PYTHON`, else `python3`.
pub(crate) fn python() -> String {
    std::env::var(crate::env::JIG_PYTHON).unwrap_or_else(|_| "python3".into())
}

pub(crate) fn default_timeout() -> u64 {
    std::env::var(crate::env::JIG_HOOK_TIMEOUT)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_TIMEOUT_SECS)
}

/// `.py` runs with Python; an executable runs directly; otherwise its shebang (or `sh`) runs it.
fn command_for(script: &Path) -> std::io::Result<Command> {
    if script.extension().is_some_and(|e| e == "py") {
        let mut c = Command::new(python());
        c.arg(script);
        return Ok(c);
    }
    let meta = std::fs::metadata(script)?;
    if meta.permissions().mode() & 0o111 != 0 {
        return Ok(Command::new(script));
    }
    let head = std::fs::read(script)?;
    let first = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let mut c = match first.strip_prefix("#!") {
        Some(line) => {
            let mut parts = line.split_whitespace();
            let mut c = Command::new(parts.next().unwrap_or("sh"));
            c.args(parts);
            c
        }
        None => Command::new("sh"),
    };
    c.arg(script);
    Ok(c)
}
