//! Every environment variable jig reads, and every one it sets for the code it runs, by name.
//!
//! Reading one anywhere else goes through these constants, so this file is the complete list
//! (the README's table is written from it).

// --- Read by jig -------------------------------------------------------------------------
/// Path of the user config file.
pub(crate) const JIG_CONFIG: &str = "JIG_CONFIG";
/// Where fetched git repositories and registry bundles are cached.
pub(crate) const JIG_CACHE_DIR: &str = "JIG_CACHE_DIR";
/// Default timeout for hooks, in seconds.
pub(crate) const JIG_HOOK_TIMEOUT: &str = "JIG_HOOK_TIMEOUT";
/// Python interpreter for `.py` hooks (default `python3`).
pub(crate) const JIG_PYTHON: &str = "JIG_PYTHON";
/// Disables colors when set to any value (https://no-color.org).
pub(crate) const NO_COLOR: &str = "NO_COLOR";
/// Fixes `now()` for reproducible output (seconds since the epoch).
pub(crate) const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";
/// Cookiecutter's user config file (default `~/.cookiecutterrc`); it must exist when set.
pub(crate) const COOKIECUTTER_CONFIG: &str = "COOKIECUTTER_CONFIG";
/// The render budget (see `render::limits`): template steps per file, the largest
/// rendered file, and all rendered files of a run together (`64M`, `2G`...).
pub(crate) const JIG_MAX_RENDER_STEPS: &str = "JIG_MAX_RENDER_STEPS";
pub(crate) const JIG_MAX_RUN_STEPS: &str = "JIG_MAX_RUN_STEPS";
pub(crate) const JIG_MAX_FILE_SIZE: &str = "JIG_MAX_FILE_SIZE";
pub(crate) const JIG_MAX_OUTPUT_SIZE: &str = "JIG_MAX_OUTPUT_SIZE";
/// Entries one archive jig unpacks (a registry bundle, a seed-code zip) may hold.
pub(crate) const JIG_MAX_ARCHIVE_ENTRIES: &str = "JIG_MAX_ARCHIVE_ENTRIES";
/// Honoured for the first commit's author, as git does.
pub(crate) const GIT_AUTHOR_NAME: &str = "GIT_AUTHOR_NAME";
pub(crate) const GIT_AUTHOR_EMAIL: &str = "GIT_AUTHOR_EMAIL";
/// `--offline` for every command that can fetch.
pub(crate) const JIG_OFFLINE: &str = "JIG_OFFLINE";
/// Whether an ssh-agent can be asked for keys (git over ssh).
pub(crate) const SSH_AUTH_SOCK: &str = "SSH_AUTH_SOCK";
/// The AWS region, as the AWS SDK reads it (first `AWS_REGION`, then `AWS_DEFAULT_REGION`);
/// jig reads them itself only to show a dry run's region.
pub(crate) const AWS_REGION: &str = "AWS_REGION";
pub(crate) const AWS_DEFAULT_REGION: &str = "AWS_DEFAULT_REGION";

// --- Set by jig for hooks and migrations ---------------------------------------------------
/// The hook stage running (`pre_gen`, `post_gen`...).
pub(crate) const JIG_STAGE: &str = "JIG_STAGE";
/// jig's own version.
pub(crate) const JIG_VERSION: &str = "JIG_VERSION";
/// The blueprint's name, version and directory.
pub(crate) const JIG_BLUEPRINT: &str = "JIG_BLUEPRINT";
pub(crate) const JIG_BLUEPRINT_VERSION: &str = "JIG_BLUEPRINT_VERSION";
pub(crate) const JIG_BLUEPRINT_DIR: &str = "JIG_BLUEPRINT_DIR";
/// Where the project is being generated.
pub(crate) const JIG_DESTINATION: &str = "JIG_DESTINATION";
/// A migration's versions: the project's, the target's and the migration's own.
pub(crate) const JIG_VERSION_FROM: &str = "JIG_VERSION_FROM";
pub(crate) const JIG_VERSION_TO: &str = "JIG_VERSION_TO";
pub(crate) const JIG_MIGRATION_VERSION: &str = "JIG_MIGRATION_VERSION";
/// The answers file a migration may rewrite.
pub(crate) const JIG_ANSWERS_FILE: &str = "JIG_ANSWERS_FILE";

// --- Set by jig for the catalog's seeding job (CodeBuild) ----------------------------------
/// The bucket and keys of the jig binary and the registry bundles the job downloads.
pub(crate) const JIG_BUCKET: &str = "JIG_BUCKET";
pub(crate) const JIG_BINARY_KEY: &str = "JIG_BINARY_KEY";
pub(crate) const JIG_REGISTRY_KEY: &str = "JIG_REGISTRY_KEY";
pub(crate) const JIG_REGISTRY_DIR: &str = "JIG_REGISTRY_DIR";
/// The repository the job pushes the generated project to.
pub(crate) const JIG_REPOSITORY_URL: &str = "JIG_REPOSITORY_URL";
