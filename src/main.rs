//! The `jig` binary: everything lives in the library; this only runs it.

fn main() -> std::process::ExitCode {
    jig::run(std::env::args_os())
}

/// Runs before `main` (and before the Rust runtime starts): a signal sent right after jig
/// was started waits for its handlers instead of ending it.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static HOLD_SIGNALS: extern "C" fn() = {
    extern "C" fn hold() {
        jig::hold_signals();
    }
    hold
};
