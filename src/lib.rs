//! jig: scaffold team repositories from versioned blueprints and keep them in line.
//!
//! `run` is the whole program: parse the command line, dispatch to a command, and turn any
//! error into a message and an exit code in one place (`error`). Only `ui` prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
#[cfg(feature = "aws")]
pub mod aws;
#[cfg(feature = "aws")]
mod backends;
pub mod blueprint;
pub mod blueprint_tests;
pub mod cache;
pub mod catalog;
pub mod chain;
pub mod cli;
mod commands;
pub mod cookiecutter;
mod embedded;
pub mod env;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod hooks;
pub mod init;
pub mod interrupt;
pub mod journal;
pub mod lint;
pub mod prompt;
pub mod registry;
pub mod render;
pub mod scratch;
pub mod settings;
pub mod source;
pub mod suggest;
pub mod sync;
pub mod trust;
pub mod ui;
pub mod version;
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
