//! Running a blueprint's migrations (see docs/blueprint.md) through the hook runner, with
//! the variables `jig update` gives them.

use super::Error;
use crate::blueprint::{Hook, HookAction, Migration};
use crate::hooks::{self, Stage};
use std::path::Path;

pub(crate) struct MigrationEnv<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub blueprint_dir: &'a Path,
}

pub(crate) fn describe(m: &Migration) -> String {
    format!(
        "{} ({} the merge, for {})",
        m.script,
        if m.before { "before" } else { "after" },
        m.version
    )
}

pub(crate) fn run_migration(
    m: &Migration,
    env: &MigrationEnv,
    dir: &Path,
    answers_file: &str,
) -> Result<(), Error> {
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
