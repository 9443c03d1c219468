//! The command line: clap definitions only. Doc comments here are the `--help` text.

mod author;
mod fleet;
mod limits;
mod project;
mod publish;

pub(crate) use author::{InitArgs, LintArgs, SchemaArgs, SchemaKind, TestArgs};
pub(crate) use fleet::{
    FleetArgs, FleetCommand, FleetFormat, OnConflictArg, OutputArgs, PlanArgs, PlanFormat,
    ReportArgs, StatusArgs, UpdateArgs as FleetUpdateArgs, UpdateFormat,
};
pub(crate) use limits::LimitArgs;
pub(crate) use project::{AdoptArgs, CheckArgs, CheckFormat, DiffArgs, UpdateArgs};
pub(crate) use publish::{CatalogArgs, CatalogCommand, PublishArgs};

use crate::ui::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// jig: scaffold team repositories from versioned blueprints and keep them in line.
///
/// Start with `jig list` to see the blueprints that ship with jig, then
/// `jig new sagemaker-mlops` to make a project from one.
#[derive(Debug, Parser)]
#[command(name = "jig", version, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to use colors (NO_COLOR is honoured with `auto`).
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only errors and warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl Command {
    /// The `--max-*` flags of a command that renders (none for the others).
    pub(crate) fn limit_flags(&self) -> crate::settings::LimitFlags {
        let limits = match self {
            Command::New(a) => &a.limits,
            Command::Show(a) => &a.limits,
            Command::Publish(a) => &a.limits,
            Command::Init(a) => &a.limits,
            Command::Lint(a) => &a.limits,
            Command::Test(a) => &a.limits,
            Command::Check(a) => &a.project.limits,
            Command::Diff(a) => &a.project.limits,
            Command::Update(a) => &a.project.limits,
            Command::Adopt(a) => &a.limits,
            Command::Fleet(a) => match &a.command {
                FleetCommand::Status(a) => &a.limits,
                FleetCommand::Update(a) => &a.limits,
                FleetCommand::Plan(_) | FleetCommand::Report(_) => return Default::default(),
            },
            Command::List(_) | Command::Catalog(_) | Command::Schema(_) => {
                return Default::default()
            }
            Command::Completions { .. } => return Default::default(),
        };
        limits.flags()
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a new project from a blueprint.
    ///
    /// Asks the blueprint's questions (or takes them from --data, --data-file and --defaults),
    /// renders the template into a staging directory, runs the blueprint's hooks, records the
    /// answers in `.jig/<blueprint>.yaml`, makes the first git commit, and only then moves the
    /// project into place. A failure of any kind leaves nothing behind. Cookiecutter templates
    /// and Copier templates (`copier.yml`, into DEST) render as their own tools render them.
    ///
    /// Examples:
    ///   jig new sagemaker-mlops
    ///   jig new sagemaker-mlops --defaults --data project_name="Churn Model"
    ///   jig new ./my-blueprint --data-file answers.yaml --output-dir ~/src --trust
    ///   jig new gh:acme/blueprints//python-lib@^1.2
    ///   jig new python-lib@~1.4 --registry team --offline
    ///   jig new gh:acme/copier-template@v2.0.0 churn-model --defaults
    #[command(verbatim_doc_comment)]
    New(NewArgs),

    /// Show a blueprint: its description, questions and every available version.
    ///
    /// Given a generated project instead (a directory with `.jig/`), shows which blueprint
    /// versions made it and checks that their tags and registry bundles have not changed.
    ///
    /// Examples:
    ///   jig show sagemaker-mlops
    ///   jig show gh:acme/blueprints//python-lib --pre
    ///   jig show python-lib --registry team --format json
    ///   jig show ./my-project
    #[command(verbatim_doc_comment)]
    Show(ShowArgs),

    /// List blueprints: first-party, every configured registry and every configured source,
    /// each with its latest version.
    List(ListArgs),

    /// Publish a blueprint version to a registry, and to Service Catalog / SageMaker Studio.
    ///
    /// Builds the blueprint's bundle (a deterministic tar.gz: the same files always give the
    /// same SHA-256) and publishes it with its metadata under the version in blueprint.yaml.
    /// Versions are immutable: publishing different content under a published version is
    /// refused, and publishing the same content again changes nothing. If the blueprint's
    /// git commit is tagged with a version, it must match blueprint.yaml.
    ///
    /// With --service-catalog it also generates the product's CloudFormation template
    /// (questions as parameters, the SageMaker parameters, a seed step that runs `jig new`
    /// for the new project's repository), uploads it to S3 and makes the Service Catalog
    /// product, version, tags, portfolio, launch constraint and principals match. With
    /// --studio-s3 it publishes the same template for Studio's S3 templates instead.
    /// --dry-run writes the template and bundle to --out and prints every AWS call.
    ///
    /// Examples:
    ///   jig publish ./blueprints/python-lib
    ///   jig publish ./blueprints/python-lib --registry team
    ///   jig publish ./blueprints/sagemaker-mlops --service-catalog --dry-run --out build/
    ///   jig publish ./blueprints/sagemaker-mlops --service-catalog --portfolio port-abc123 \
    ///       --bucket sagemaker-acme-blueprints --deprecate-older 3
    ///   jig publish ./blueprints/sagemaker-mlops --studio-s3 --bucket sagemaker-acme-templates
    #[command(verbatim_doc_comment)]
    Publish(PublishArgs),

    /// Service Catalog products, the SageMaker projects launched from them, and upgrades.
    ///
    /// Examples:
    ///   jig catalog list
    ///   jig catalog list --portfolio port-abc123 --format json
    ///   jig catalog projects --region eu-west-1
    ///   jig catalog upgrade --all --pretend
    #[command(verbatim_doc_comment)]
    Catalog(CatalogArgs),

    /// Start a blueprint: a skeleton, or one made from an existing repository or from a
    /// SageMaker project template.
    ///
    /// Without --from, writes blueprint.yaml (with a commented example of every question
    /// type), a template folder and a sample answer set under tests/. With --from, copies the
    /// repository's files (not .git, build outputs or git-ignored files) into the template and
    /// turns each --var value, in contents and paths and in its common case variants, into a
    /// question. The result renders back to the repository byte for byte with the original
    /// values; jig checks that before it writes anything. With --from-sagemaker, each
    /// repository the product template seeds becomes one of the blueprint's repositories
    /// (docs/catalog.md lists the samples tested and what cannot be imported).
    ///
    /// Examples:
    ///   jig init my-blueprint
    ///   jig init churn-blueprint --from ~/src/churn-model \
    ///       --var project_name="Churn Model" --var owner=risk-team
    ///   jig init shadow --from-sagemaker sagemaker-custom-project-templates/mlops-shadow-deployment
    ///   jig init batch --from-sagemaker template.yaml --seed seedcode.zip
    #[command(verbatim_doc_comment)]
    Init(InitArgs),

    /// Check a blueprint and report every problem at once, with file, line, column and code.
    ///
    /// Checks the manifest (schema, defaults against choices, regexes, references to later or
    /// unknown questions), every template (syntax, variables no question defines, questions no
    /// template uses), rendered paths (collisions, escapes) for the defaults and every answer
    /// set in tests/, Jinja delimiters colliding with CloudFormation `{{resolve:...}}` or
    /// GitHub Actions `${{ }}`, and the SageMaker parameters of a Projects blueprint's
    /// CloudFormation. Exits 3 when there are errors (with --strict, warnings too).
    /// The codes are explained in docs/lint.md.
    ///
    /// Examples:
    ///   jig lint blueprints/sagemaker-mlops
    ///   jig lint . --format json
    #[command(verbatim_doc_comment)]
    Lint(LintArgs),

    /// Render a blueprint for each answer set and run its checks: a blueprint's CI.
    ///
    /// Answer sets are tests/NAME.yaml (answers, as for --data-file) plus `defaults` (every
    /// default). Each is rendered in parallel into a temporary directory (no hooks, no git),
    /// compared with tests/NAME.expected/ when that exists, and the manifest's `checks` run in
    /// it. Prints a table of answer set x step and the output of every failure; exits 1 if
    /// anything failed.
    ///
    /// Examples:
    ///   jig test blueprints/sagemaker-mlops
    ///   jig test . --set gpu --update-snapshots
    #[command(verbatim_doc_comment)]
    Test(TestArgs),

    /// Print the JSON Schema of blueprint.yaml (or of fleet.yaml), for editors (see
    /// docs/editor.md).
    ///
    /// Examples:
    ///   jig schema -o .vscode/blueprint.schema.json
    ///   jig schema fleet -o .vscode/fleet.schema.json
    #[command(verbatim_doc_comment)]
    Schema(SchemaArgs),

    /// Check a generated project against its blueprint, for CI.
    ///
    /// Two independent axes per blueprint: the version (the recorded one against the newest
    /// the recorded requirement allows) and the content (the recorded version rendered again
    /// with the recorded answers, compared file by file with the working tree: in-sync,
    /// modified, missing; unmanaged files are listed, create-once files ignored). Changes
    /// nothing, and needs no network when the source is cached (--offline).
    ///
    /// Exit codes: 0 clean, 10 behind, 11 diverged, 12 behind and diverged,
    /// 1-4 an error (nothing could be concluded).
    ///
    /// Examples:
    ///   jig check
    ///   jig check services/api --format github
    ///   jig check --allow-minor --format json > drift.json
    ///   jig check --offline --format sarif > jig.sarif
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),

    /// Show local changes against the blueprint as a unified diff.
    ///
    /// Compares the working tree with the recorded version rendered with the recorded
    /// answers (deleted files included). With --upstream, shows instead what updating to the
    /// newest version would bring.
    ///
    /// Examples:
    ///   jig diff
    ///   jig diff --upstream
    ///   jig diff --upstream --to 2.0.0 --exit-code
    #[command(verbatim_doc_comment)]
    Diff(DiffArgs),

    /// Bring a project to a new blueprint version with a three-way merge.
    ///
    /// base = the recorded version with the recorded answers, theirs = the new version with
    /// the new answers, ours = the working tree. The team's edits are kept, files they deleted
    /// stay deleted, overlapping changes become conflicts: marked in the file and unmerged in
    /// the git index (`git status` shows them), listed, and the exit code is 5. New questions
    /// are asked (or defaulted, or taken from --data); recorded answers are kept. The
    /// blueprint's migrations run when the update crosses their version.
    ///
    /// Examples:
    ///   jig update
    ///   jig update --to 2.0.0 --pretend
    ///   jig update --data python_version=3.12        (same version, new answers)
    ///   jig update --conflict rej --defaults
    #[command(verbatim_doc_comment)]
    Update(UpdateArgs),

    /// Link an existing repository to a blueprint version, without regenerating it.
    ///
    /// Answers come from `.cruft.json` or `.copier-answers.yml` when present, then --data,
    /// then questions (or defaults). Writes `.jig/<blueprint>.yaml` and shows the drift, so
    /// `jig check`, `jig diff` and `jig update` work from then on.
    ///
    /// Examples:
    ///   jig adopt gh:acme/blueprints//python-lib@1.4.0
    ///   jig adopt ./blueprints/python-lib ../legacy-service --defaults
    #[command(verbatim_doc_comment)]
    Adopt(AdoptArgs),

    /// Every repository made from your blueprints at once: see versions and drift, roll out
    /// new versions as pull requests.
    ///
    /// A fleet file lists the repositories (`jig schema fleet` has its schema); `status`
    /// checks all of them in parallel without checking them out, `update` opens a branch and
    /// a pull request in each one behind a version, `plan` splits the work into shards for CI,
    /// and `report` merges the shards' reports (docs/fleet.md).
    ///
    /// Examples:
    ///   jig fleet status fleet.yaml
    ///   jig fleet status fleet.yaml --format html --out fleet.html
    ///   jig fleet update fleet.yaml --to 2.0.0 --dry-run
    ///   jig fleet update fleet.yaml --to 2.0.0 --open-pr
    ///   jig fleet plan fleet.yaml --shards 8 --format github-matrix
    ///   jig fleet report shard-*.json --format html --out fleet.html
    #[command(verbatim_doc_comment)]
    Fleet(FleetArgs),

    /// Print a shell completion script.
    ///
    /// Example: jig completions bash > ~/.local/share/bash-completion/completions/jig
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell to generate completions for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// A blueprint name (first-party or from a registry, `NAME@REQ`), a directory, or a git
    /// URL (`https://`, `ssh://`, `git@host:`, `file://`, `gh:org/repo`), with an optional
    /// `//SUBDIR` and `@REQ`. The README's "Sources and versions" section has every form.
    pub source: String,

    /// The project directory itself, for a template that does not name it: a Copier
    /// template renders into the directory given here, as `copier copy SOURCE DEST` does.
    #[arg(value_name = "DEST")]
    pub dest: Option<PathBuf>,

    #[command(flatten)]
    pub from: SourceArgs,

    /// Where to create the project directory.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output_dir: PathBuf,

    /// Of a blueprint that makes several repositories (`repositories:` in its manifest),
    /// make only this one (by default jig makes all of them, side by side).
    #[arg(long, value_name = "NAME")]
    pub repository: Option<String>,

    #[command(flatten)]
    pub answers: AnswerArgs,

    /// Replace files in an existing, non-empty project directory.
    #[arg(long, conflicts_with = "skip_if_exists")]
    pub overwrite: bool,

    /// Keep files that already exist in a non-empty project directory.
    #[arg(long)]
    pub skip_if_exists: bool,

    /// Show what would be created, and render it to check for errors, but write nothing.
    #[arg(long)]
    pub pretend: bool,

    /// Do not create a git repository.
    #[arg(long)]
    pub no_git: bool,

    /// Author of the first commit, as `Name <email>` (default: git config).
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,

    #[command(flatten)]
    pub hooks: HookArgs,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Which version of a source, and from where.
#[derive(Debug, Clone, Args, Default)]
pub(crate) struct SourceArgs {
    /// The version requirement (the same as `@REQ`): `1.4.2`, `^1.2`, `~1.4`, `latest`, a
    /// branch, a tag or a commit SHA. `--vcs-ref` (Copier's name) is the same flag.
    #[arg(long = "version", visible_alias = "vcs-ref", value_name = "REQ")]
    pub version: Option<String>,

    /// Allow prereleases (`2.0.0-rc.1`) when choosing the newest matching version.
    #[arg(long)]
    pub pre: bool,

    /// Use only what is cached: no network. Fails, saying what is missing, when the cache
    /// cannot answer.
    #[arg(long, env = crate::env::JIG_OFFLINE, value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,

    /// Look a blueprint name up in this registry only (see `registries:` in the config).
    #[arg(long, value_name = "NAME")]
    pub registry: Option<String>,

    /// The blueprint's subdirectory inside SOURCE (the same as `//SUBDIR`), for repositories
    /// holding several.
    #[arg(long, value_name = "SUBDIR")]
    pub directory: Option<String>,

    /// Read SOURCE as this kind of template, for a folder that is two: some hold both a
    /// cookiecutter.json and a copier.yml. Without it jig reads such a folder as Cookiecutter,
    /// or as Copier when DEST is given, and says so. `jig new` records the choice in the
    /// project, so `jig check` and `jig update` keep it. (`--format` is the output format.)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub template_format: Option<TemplateFormat>,
}

/// The kinds of template `--template-format` chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TemplateFormat {
    Copier,
    Cookiecutter,
    Jig,
}

impl TemplateFormat {
    pub(crate) fn format(self) -> crate::source::Format {
        match self {
            TemplateFormat::Copier => crate::source::Format::Copier,
            TemplateFormat::Cookiecutter => crate::source::Format::Cookiecutter,
            TemplateFormat::Jig => crate::source::Format::Jig,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// A blueprint source (as for `jig new`), or a generated project's directory.
    pub source: String,

    #[command(flatten)]
    pub from: SourceArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// How answers are given without prompting.
#[derive(Debug, Args)]
pub(crate) struct AnswerArgs {
    /// Answer a question: `--data project_name="Churn Model"`. Repeatable; typed by the
    /// question (integers, yes/no, a choice value, comma-separated multiselect values).
    #[arg(short, long = "data", value_name = "KEY=VALUE")]
    pub data: Vec<String>,

    /// Read answers from a YAML file of `question: value` pairs (--data wins over it).
    #[arg(long, value_name = "FILE")]
    pub data_file: Option<PathBuf>,

    /// Take the default of every question not answered by --data or --data-file, never prompt.
    /// `--no-input` (Cookiecutter's name for it) is accepted too.
    #[arg(long, visible_alias = "no-input")]
    pub defaults: bool,
}

impl HookArgs {
    /// These flags as settings.
    pub(crate) fn flags(&self) -> crate::settings::Flags {
        crate::settings::Flags {
            trust: self.trust,
            no_hooks: self.no_hooks,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct HookArgs {
    /// Run the hooks of a blueprint that is not first-party or trusted in the config file
    /// (and the Python Jinja extensions a template renders with).
    #[arg(long)]
    pub trust: bool,

    /// Do not run the blueprint's hooks (a Copier template's `_tasks`); with --trust, a
    /// template's Jinja extensions still render its files.
    #[arg(long)]
    pub no_hooks: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Use only what is cached: no network.
    #[arg(long, env = crate::env::JIG_OFFLINE, value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
