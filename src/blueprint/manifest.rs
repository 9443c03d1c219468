//! The raw shape of `blueprint.yaml`, exactly as authors write it.
//!
//! These types only mirror the file (with `deny_unknown_fields` so typos are caught); they make no
//! judgement about meaning. `validate` turns them into the checked model in `mod.rs`. Keeping the
//! two apart lets validation see the whole file and report every problem at once.

use crate::yaml::Spanned;
use serde::Deserialize;

/// Top-level keys, in the order the documentation lists them.
pub const TOP_LEVEL_KEYS: &[&str] = &[
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
    "catalog",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub prompt: Option<String>,
    pub help: Option<String>,
    pub default: Option<RawDefault>,
    pub choices: Option<Vec<RawChoice>>,
    pub validate: Option<Vec<RawValidator>>,
    pub when: Option<Spanned<String>>,
    pub computed: Option<Spanned<String>>,
    /// Earlier names of this question: `jig update` carries their recorded answers over.
    pub renamed_from: Option<Vec<Spanned<String>>>,
}

/// A default: one (templated) scalar, or a list of them for multiselect questions.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawDefault {
    List(Vec<String>),
    Scalar(String),
}

/// A choice: a bare value, or a value with a label shown in menus.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawChoice {
    Labelled(RawLabelledChoice),
    Bare(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabelledChoice {
    pub value: String,
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValidator {
    pub regex: Option<Spanned<String>>,
    pub expr: Option<Spanned<String>>,
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFiles {
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub copy: Vec<Spanned<String>>,
    #[serde(default)]
    pub create_once: Vec<Spanned<String>>,
    #[serde(default)]
    pub delimiters: Vec<RawDelimiterRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDelimiterRule {
    pub files: Vec<Spanned<String>>,
    pub variable: Option<Vec<String>>,
    pub block: Option<Vec<String>>,
    pub comment: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHooks {
    #[serde(default)]
    pub pre_gen: Vec<RawHook>,
    #[serde(default)]
    pub post_gen: Vec<RawHook>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHook {
    pub script: Option<Spanned<String>>,
    #[serde(rename = "use")]
    pub uses: Option<Spanned<String>>,
    pub timeout: Option<u64>,
    pub when: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMigration {
    pub version: Spanned<String>,
    pub script: Spanned<String>,
    pub when: Option<Spanned<String>>,
}

/// `catalog:`: how `jig publish --service-catalog` turns the blueprint into a product.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    pub cloudformation: Option<Spanned<String>>,
    pub repository: Option<Spanned<String>>,
    #[serde(default)]
    pub answers: indexmap::IndexMap<String, Spanned<String>>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub label: String,
    pub questions: Vec<Spanned<String>>,
}
