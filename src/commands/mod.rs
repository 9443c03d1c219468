//! One module per subcommand; `dispatch` is the single match that routes to them.

mod list;
mod new;
mod new_cookiecutter;
mod publish;
mod show;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::ui::Ui;

pub fn dispatch(cli: &Cli, ui: &Ui) -> Result<(), Error> {
    match &cli.command {
        Command::New(args) => new::run(args, ui),
        Command::List(args) => list::run(args, ui),
        Command::Show(args) => show::run(args, ui),
        Command::Publish(args) => publish::run(args, ui),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "jig", &mut buf);
            ui.out(String::from_utf8_lossy(&buf).trim_end());
            Ok(())
        }
    }
}
