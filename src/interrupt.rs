//! Ctrl-C, SIGTERM and SIGHUP: a flag that long-running work checks, so it can stop and clean
//! up after itself (a closed terminal or `kill` from a CI runner is treated like Ctrl-C).
//!
//! The handler is installed only once work that must be cleaned up begins (after prompting),
//! so a Ctrl-C at a prompt still ends the process the ordinary way. A second signal ends the
//! process at once. Only that and SIGKILL skip the clean-up; `scratch` sweeps what such a run
//! left.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// Starts catching Ctrl-C, SIGTERM and SIGHUP; from now on they only set the flag.
pub(crate) fn install() {
    INSTALL.call_once(|| {
        // If another handler is already installed we keep the default behaviour.
        let _ = ctrlc::set_handler(|| {
            // A second signal means "now": a template stuck in a long loop is not waited for.
            // What this run staged is swept by the next one (`scratch`).
            if REQUESTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130); // error::EXIT_INTERRUPTED
            }
        });
    });
}

pub(crate) fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
