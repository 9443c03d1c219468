//! The raw shape of `blueprint.yaml`, exactly as authors write it.
//!
//! These types only mirror the file (with `deny_unknown_fields` so typos are caught); they make no
//! judgement about meaning. `validate` turns them into the checked model in `mod.rs`. Keeping the
//! two apart lets validation see the whole file and report every problem at once.

use crate::yaml::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

/// Top-level keys, in the order the documentation lists them.
pub(super) const TOP_LEVEL_KEYS: &[&str] = &[
    "name",
    "version",
    "description",
    "min_jig_version",
    "project_dir",
    "template",
    "questions",
    "files",
    "hooks",
    "migrations",
    "checks",
    "message_after",
    "repositories",
    "catalog",
];

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    /// The question's type (default `string`).
    #[serde(rename = "type", default)]
    #[schemars(schema_with = "super::schema::question_type")]
    pub kind: Option<Spanned<String>>,
    pub prompt: Option<String>,
    pub help: Option<String>,
    #[schemars(with = "Option<super::schema::OneOrMany<super::schema::Scalar>>")]
    pub default: Option<RawDefault>,
    pub choices: Option<Vec<RawChoice>>,
    /// One validator or a list: `regex` (searched in the answer) or `expr` (over `value`).
    #[schemars(with = "Option<super::schema::OneOrMany<RawValidator>>")]
    pub validate: Option<Vec<RawValidator>>,
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub computed: Option<Spanned<String>>,
    /// Earlier names of this question: `jig update` carries their recorded answers over.
    #[schemars(with = "Option<super::schema::OneOrMany<String>>")]
    pub renamed_from: Option<Vec<Spanned<String>>>,
}

/// A default: one (templated) scalar, or a list of them for multiselect questions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(super) enum RawDefault {
    List(Vec<String>),
    Scalar(String),
}

/// A choice: a bare value, or a value with a label shown in menus.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(super) enum RawChoice {
    Labelled(RawLabelledChoice),
    Bare(#[schemars(with = "super::schema::Scalar")] String),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLabelledChoice {
    pub value: String,
    pub label: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawValidator {
    #[schemars(with = "Option<String>")]
    pub regex: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub expr: Option<Spanned<String>>,
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFiles {
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub copy: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub create_once: Vec<Spanned<String>>,
    /// Paths kept although jig leaves them out of every project by default (`.DS_Store`,
    /// `__pycache__`); `.git` is never kept.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub keep: Vec<Spanned<String>>,
    #[serde(default)]
    pub delimiters: Vec<RawDelimiterRule>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDelimiterRule {
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Spanned<String>>,
    pub variable: Option<Vec<String>>,
    pub block: Option<Vec<String>>,
    pub comment: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHooks {
    #[serde(default)]
    pub pre_gen: Vec<RawHook>,
    #[serde(default)]
    pub post_gen: Vec<RawHook>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHook {
    #[schemars(with = "Option<String>")]
    pub script: Option<Spanned<String>>,
    #[serde(rename = "use")]
    #[schemars(with = "Option<String>")]
    pub uses: Option<Spanned<String>>,
    pub timeout: Option<u64>,
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMigration {
    #[schemars(with = "String")]
    pub version: Spanned<String>,
    #[schemars(with = "String")]
    pub script: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
}

/// One entry of `checks:`, run by `jig test` in each rendered answer set.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCheck {
    pub name: Option<String>,
    #[schemars(with = "String")]
    pub run: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
    pub timeout: Option<u64>,
}

/// `catalog:`: how `jig publish --service-catalog` turns the blueprint into a product.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    #[schemars(with = "Option<String>")]
    pub cloudformation: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub repository: Option<Spanned<String>>,
    /// With `repositories:`: the `AWS::CodeCommit::Repository` (logical id) each repository
    /// is seeded into; one left out gets a repository the product creates.
    #[serde(default)]
    #[schemars(with = "indexmap::IndexMap<String, String>")]
    pub repositories: indexmap::IndexMap<String, Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "indexmap::IndexMap<String, String>")]
    pub answers: indexmap::IndexMap<String, Spanned<String>>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    /// The git providers the product works with, and where the connection ARN comes from.
    pub git: Option<RawGit>,
    /// The blueprint is a SageMaker Unified Studio TOOLING blueprint: `--unified-studio`
    /// registers it in that category, first in its project profile, and `jig lint` checks
    /// what Unified Studio requires of one.
    #[serde(default)]
    pub tooling: bool,
}

/// `catalog.git:`: the providers the product supports and the connection's source.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGit {
    /// The providers the product works with (absent: any provider); `jig publish` refuses
    /// the others.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::git_providers")]
    pub providers: Option<Vec<Spanned<String>>>,
    /// `launch`: a `CodeConnectionArn` parameter on the launch form; `publish` (default): the
    /// ARN is fixed at publish time.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::git_connection")]
    pub connection: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub label: String,
    #[schemars(with = "Vec<String>")]
    pub questions: Vec<Spanned<String>>,
}

/// One entry of `repositories:`: a repository the blueprint makes, from its own template tree.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRepository {
    /// The folder holding this repository's template tree (default: the entry's name).
    #[schemars(with = "Option<String>")]
    pub template: Option<Spanned<String>>,
    /// The repository's directory name, a template (default: `project_dir` then `-NAME`).
    #[schemars(with = "Option<String>")]
    pub directory: Option<Spanned<String>>,
    pub description: Option<String>,
}
