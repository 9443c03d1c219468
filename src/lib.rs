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

use clap::Parser;
use std::ffi::OsString;
use std::process::ExitCode;

/// Runs jig with the given arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let ui = ui::Ui::new(ui::ColorChoice::Auto, false);
            ui.clap(&err);
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    let ui = ui::Ui::new(cli.color, cli.quiet);
    #[cfg(feature = "aws")]
    backends::install();
    match commands::dispatch(&cli, &ui) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let report = error::report(&err);
            ui.error(&report);
            ExitCode::from(report.exit_code)
        }
    }
}
