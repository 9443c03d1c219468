//! jig: scaffold team repositories from versioned blueprints and keep them in line.
//!
//! `run` is the whole program: parse the command line, dispatch to a command, and turn any
//! error into a message and an exit code in one place (`error`). Only `ui` prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod answers;
mod archive;
#[cfg(feature = "aws")]
pub mod aws;
#[cfg(feature = "aws")]
mod backends;
pub mod blueprint;
mod blueprint_tests;
mod cache;
pub mod catalog;
mod chain;
mod cli;
mod commands;
mod cookiecutter;
mod copier;
mod embedded;
mod env;
mod error;
mod fleet;
mod fs_error;
#[doc(hidden)]
pub mod fuzzing;
mod generate;
mod hooks;
mod init;
mod interrupt;
mod jinja_ext;
mod journal;
mod lint;
mod prompt;
mod registry;
mod render;
mod scratch;
mod settings;
mod source;
mod suggest;
mod sync;
mod trust;
mod ui;
mod version;
pub mod yaml;

use std::ffi::OsString;
use std::process::ExitCode;

/// Holds Ctrl-C, SIGTERM and SIGHUP back until `run` installs jig's handlers: the binary's
/// first code (before `main`), so a signal that arrives while jig starts is never fatal.
#[doc(hidden)]
pub fn hold_signals() {
    interrupt::hold();
}

/// Runs jig with the given arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // Signals are held back (`hold_signals`) until the handlers are in, before any command
    // runs; the line a stop leaves names the command, so that is parsed first.
    let parsed = <cli::Cli as clap::CommandFactory>::command()
        .try_get_matches_from(args)
        .and_then(|matches| {
            interrupt::set_command(command_name(&matches));
            <cli::Cli as clap::FromArgMatches>::from_arg_matches(&matches)
        });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            let ui = ui::Ui::new(ui::ColorChoice::Auto, false);
            ui.clap(&err);
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    let ui = ui::Ui::new(cli.color, cli.quiet);
    interrupt::install(ui::Ui::stopped);
    #[cfg(feature = "aws")]
    backends::install();
    match commands::dispatch(&cli, &ui) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let report = error::report(&err);
            if report.exit_code != error::EXIT_INTERRUPTED {
                ui.error(&report);
            } else if interrupt::claim_line() {
                ui::Ui::stopped(&report.message);
            } else {
                // The signal handler is saying it and ending the run.
                std::thread::sleep(std::time::Duration::from_secs(2));
            }
            ExitCode::from(report.exit_code)
        }
    }
}

/// The command as typed, without its arguments: `jig new`, `jig fleet update`.
fn command_name(matches: &clap::ArgMatches) -> String {
    let mut name = String::from("jig");
    let mut current = matches;
    while let Some((sub, next)) = current.subcommand() {
        name.push(' ');
        name.push_str(sub);
        current = next;
    }
    name
}
