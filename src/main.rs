fn main() -> std::process::ExitCode {
    jig::run(std::env::args_os())
}
