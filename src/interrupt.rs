//! Ctrl-C, SIGTERM and SIGHUP (a closed terminal or `kill` from a CI runner is treated like
//! Ctrl-C): what happens when one arrives, for every command.
//!
//! The binary holds the signals back from its first instruction (`hold`, before `main`);
//! `jig::run` parses the arguments and then installs the handlers (`install`), before any
//! command runs, and lets through what came meanwhile. So a signal never ends jig by the
//! signal itself: it exits 130 with one line saying which command stopped and what it left.
//! Until work that must be cleaned up begins, a signal stops jig at once (prompting, fetching,
//! reading: nothing to undo), with the terminal put back as it was. From `guard` on (`jig new`
//! once it writes, `jig update`, `jig fleet update`), a signal only sets the flag that the work
//! checks, so it can remove what it made and say so through the usual error report. A second
//! signal ends the process at once; `scratch` sweeps what such a run left. This module
//! decides; the line is printed by the function `install` is given (`ui`).

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};

/// The exit code of an interrupted run (`error::EXIT_INTERRUPTED`).
const EXIT: i32 = 130;

static REQUESTED: AtomicBool = AtomicBool::new(false);
/// Set by whoever prints the line a stop leaves: there is one.
static SAID: AtomicBool = AtomicBool::new(false);
/// `RUNNING`, then `GUARDED` (work that cleans up began) or `STOPPING` (a signal ends the
/// run now): whichever comes first wins, so no clean-up work starts under a stop.
static STATE: AtomicU8 = AtomicU8::new(RUNNING);
const RUNNING: u8 = 0;
const GUARDED: u8 = 1;
const STOPPING: u8 = 2;
/// The command being run, as the user would type it (`jig new`), once the arguments are parsed.
static COMMAND: Mutex<Option<String>> = Mutex::new(None);
/// What a stop of an unguarded run leaves, once it has written something (None: nothing).
static AFTERMATH: Mutex<Option<String>> = Mutex::new(None);
/// How the terminal was when jig started, to put back when a signal stops a prompt.
static TERMINAL: OnceLock<Option<libc::termios>> = OnceLock::new();

/// The signals jig catches.
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// Holds the signals back (blocks them) until `install` has handlers for them. The binary
/// calls it as its first code, before `main`, so one that arrives while jig starts is handled
/// then, not fatal.
pub(crate) fn hold() {
    mask(libc::SIG_BLOCK);
}

fn mask(how: libc::c_int) {
    // SAFETY: builds a signal set on the stack and changes this thread's mask with it.
    unsafe {
        let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        for signal in SIGNALS {
            libc::sigaddset(set.as_mut_ptr(), signal);
        }
        libc::pthread_sigmask(how, set.as_ptr(), std::ptr::null_mut());
    }
}

/// Installs the handlers for Ctrl-C, SIGTERM and SIGHUP, then lets through any that `hold`
/// held back. `say` prints the one line a stop
/// leaves (it must not block: it runs while the main thread may hold the terminal).
pub(crate) fn install(say: fn(&str)) {
    TERMINAL.get_or_init(saved_terminal);
    // Fails only when another handler is installed first (a test harness); that one stays.
    let _ = ctrlc::set_handler(move || {
        // A second signal means "now": a template stuck in a long loop is not waited for.
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT);
        }
        // A prompt that read the Ctrl-C key itself may have taken the line (`claim_line`):
        // then the main thread reports it and ends the run.
        if begin_stop() && claim_line() {
            stop(say);
        }
    });
    // One that came while jig was starting stops it here, before the command begins.
    if pending() && begin_stop() && claim_line() {
        REQUESTED.store(true, Ordering::SeqCst);
        stop(say);
    }
    mask(libc::SIG_UNBLOCK);
}

/// Whether one of the signals waits, held back by `hold`.
fn pending() -> bool {
    // SAFETY: sigpending fills the set on the stack; it is read only when that succeeded.
    unsafe {
        let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigpending(set.as_mut_ptr()) == 0
            && SIGNALS
                .iter()
                .any(|&signal| libc::sigismember(set.as_ptr(), signal) == 1)
    }
}

/// Ends a run that has nothing to clean up: the terminal as it was, one line, exit 130.
fn stop(say: fn(&str)) -> ! {
    restore_terminal();
    let aftermath = AFTERMATH.lock().ok().and_then(|a| a.clone());
    say(&stopped(
        aftermath.as_deref().unwrap_or("nothing was written"),
    ));
    std::process::exit(EXIT);
}

/// An unguarded run has written what `aftermath` says: a stop from now on says so, instead of
/// "nothing was written".
pub(crate) fn set_aftermath(aftermath: String) {
    if let Ok(mut slot) = AFTERMATH.lock() {
        *slot = Some(aftermath);
    }
}

/// Takes the one line an interrupted run leaves: true for the first caller only (the error
/// report of the main thread, or the handler ending an unguarded run).
pub(crate) fn claim_line() -> bool {
    !SAID.swap(true, Ordering::SeqCst)
}

/// Names the command that runs (`jig new`), for the line a stop leaves.
pub(crate) fn set_command(name: String) {
    if let Ok(mut slot) = COMMAND.lock() {
        *slot = Some(name);
    }
}

/// Work that must clean up after itself begins: from now on a signal only sets the flag.
/// Never returns when a signal is already ending the run.
pub(crate) fn guard() {
    if STATE
        .compare_exchange(RUNNING, GUARDED, Ordering::SeqCst, Ordering::SeqCst)
        .is_err_and(|state| state == STOPPING)
    {
        loop {
            std::thread::park();
        }
    }
}

/// Whether a signal ends the run now (nothing guarded yet).
fn begin_stop() -> bool {
    STATE
        .compare_exchange(RUNNING, STOPPING, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}

pub(crate) fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// The message of a stopped run: which command, and what it left (`aftermath`).
pub(crate) fn stopped(aftermath: &str) -> String {
    let command = COMMAND
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .unwrap_or_else(|| "jig".to_string());
    format!("`{command}` was interrupted; {aftermath}")
}

fn saved_terminal() -> Option<libc::termios> {
    let mut termios = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr writes a termios on success; its result is read only then.
    unsafe {
        (libc::tcgetattr(libc::STDIN_FILENO, termios.as_mut_ptr()) == 0)
            .then(|| termios.assume_init())
    }
}

/// Leaves raw mode (a prompt reading keys) and shows the cursor (a menu hides it).
fn restore_terminal() {
    if let Some(Some(termios)) = TERMINAL.get() {
        // SAFETY: sets the terminal attributes read at start-up on the same descriptor.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, termios);
        }
        console::Term::stderr().show_cursor().ok();
    }
}
