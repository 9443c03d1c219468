//! Running migrations through the hook runner: a blueprint's scripts (see docs/blueprint.md)
//! with the variables `jig update` gives them, and a Copier template's `_migrations`
//! commands, rendered by `copier::migrations` with the environment Copier gives them.

use super::Error;
use crate::blueprint::{Hook, HookAction, Migration};
use crate::hooks::{self, Stage};
use std::path::Path;

pub(crate) struct MigrationEnv<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub blueprint_dir: &'a Path,
}

/// One migration step of an update.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Script(Migration),
    Copier(crate::copier::migrations::Command),
}

impl Step {
    /// Whether it runs before the merge (else after it).
    pub(crate) fn before(&self) -> bool {
        match self {
            Step::Script(m) => m.before,
            Step::Copier(c) => c.before,
        }
    }
}

pub(crate) fn describe(step: &Step) -> String {
    let (what, before, version) = match step {
        Step::Script(m) => (m.script.clone(), m.before, m.version.to_string()),
        Step::Copier(c) => (c.shown.clone(), c.before, c.version.clone()),
    };
    format!(
        "{what} ({} the merge, for {version})",
        if before { "before" } else { "after" },
    )
}

pub(crate) fn run_migration(
    step: &Step,
    env: &MigrationEnv,
    dir: &Path,
    answers_file: &str,
) -> Result<(), Error> {
    let m = match step {
        Step::Script(m) => m,
        Step::Copier(c) => return run_command(c, dir),
    };
    let vars = vec![
        (
            crate::env::JIG_VERSION.to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        (
            crate::env::JIG_VERSION_FROM.to_string(),
            env.from.to_string(),
        ),
        (crate::env::JIG_VERSION_TO.to_string(), env.to.to_string()),
        (
            crate::env::JIG_MIGRATION_VERSION.to_string(),
            m.version.to_string(),
        ),
        (
            crate::env::JIG_ANSWERS_FILE.to_string(),
            answers_file.to_string(),
        ),
        (
            crate::env::JIG_BLUEPRINT_DIR.to_string(),
            env.blueprint_dir.to_string_lossy().into_owned(),
        ),
    ];
    let hook = Hook {
        action: HookAction::Script(m.script.clone()),
        timeout: None,
        when: None,
    };
    let inv = hooks::Invocation {
        stage: if m.before {
            Stage::BeforeUpdate
        } else {
            Stage::AfterUpdate
        },
        blueprint_dir: env.blueprint_dir,
        project_dir: dir,
        env: &vars,
        answers_json: "{}",
        exit_10_skips: false,
        output: None,
    };
    hooks::run(&hook, &inv)
        .map(|_| ())
        .map_err(Error::Migration)
}

/// A Copier migration: its command in the project (or its `working_directory` there).
fn run_command(c: &crate::copier::migrations::Command, dir: &Path) -> Result<(), Error> {
    let Some((program, args)) = c.argv.split_first() else {
        return Ok(());
    };
    let mut command = std::process::Command::new(program);
    command
        .args(args)
        .current_dir(dir.join(&c.working_directory))
        .envs(c.env.iter().map(|(k, v)| (k, v)));
    let stage = if c.before {
        "before_update"
    } else {
        "after_update"
    };
    let secs = hooks::default_timeout();
    hooks::run_command(
        stage,
        c.shown.clone(),
        &mut command,
        None,
        secs,
        None,
        false,
    )
    .map(|_| ())
    .map_err(Error::Migration)
}
