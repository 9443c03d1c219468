//! The `jig` binary: everything lives in the library; this only runs it.

fn main() -> std::process::ExitCode {
    jig::run(std::env::args_os())
}
