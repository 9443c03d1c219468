//! One module per subcommand; `dispatch` is the single match that routes to them, with the
//! settings resolved once (config files, environment, the command's flags).

mod adopt;
mod catalog;
mod check;
mod diff;
mod fleet;
mod init;
mod lint;
mod list;
mod new;
mod publish;
mod schema;
mod show;
mod test;
mod update;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::settings::{Flags, Loaded};
use crate::ui::Ui;

/// Runs the command; the exit code for outcomes that are not errors (`jig check` found
/// drift, `jig update` left conflicts).
pub(crate) fn dispatch(cli: &Cli, ui: &Ui) -> Result<u8, Error> {
    let done = |r: Result<(), Error>| r.map(|()| 0);
    let loaded = Loaded::read();
    crate::render::limits::set(loaded.limits(cli.command.limit_flags())?);
    let plain = Flags::default();
    match &cli.command {
        Command::New(args) => done(new::run(args, loaded.settings(args.hooks.flags())?, ui)),
        Command::List(args) => done(list::run(args, loaded.settings(plain)?, ui)),
        Command::Show(args) => done(show::run(args, loaded.settings(plain)?, ui)),
        Command::Publish(args) => done(publish::run(args, loaded.settings(plain)?, ui)),
        Command::Check(args) => check::run(args, loaded.settings(args.project.hooks.flags())?, ui),
        Command::Diff(args) => diff::run(args, loaded.settings(args.project.hooks.flags())?, ui),
        Command::Update(args) => {
            update::run(args, loaded.settings(args.project.hooks.flags())?, ui)
        }
        Command::Adopt(args) => done(adopt::run(args, loaded.settings(args.hooks.flags())?, ui)),
        Command::Catalog(args) => catalog::run(args, loaded.settings(plain)?, ui),
        Command::Fleet(args) => fleet::run(args, loaded.settings(plain)?, ui),
        Command::Init(args) => done(init::run(args, ui)),
        Command::Lint(args) => lint::run(args, ui),
        Command::Test(args) => test::run(args, ui),
        Command::Schema(args) => done(schema::run(args, ui)),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "jig", &mut buf);
            ui.out(String::from_utf8_lossy(&buf).trim_end());
            Ok(0)
        }
    }
}
