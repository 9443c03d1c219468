//! The JSON Schema of `blueprint.yaml` (`jig schema`), generated from the manifest's raw
//! types so editors validate and complete exactly what jig reads. Positions, validators and
//! cross-references are beyond a schema: `jig lint` checks those.

use super::git::{Connection, Provider};
use super::manifest::*;
use super::QuestionKind;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

/// A value written alone or as a list.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// A YAML scalar jig reads as text: `3.12`, `true` and `8` are as good as strings.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Scalar {
    Text(String),
    Number(f64),
    Flag(bool),
}

/// The manifest's top level, for the schema only (validation walks the YAML node).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jig blueprint manifest (blueprint.yaml)")]
#[allow(dead_code)]
struct Manifest {
    /// The blueprint's name: lowercase letters, digits and `-`.
    name: String,
    /// Its semantic version (`1.4.0`); published versions never change.
    version: String,
    description: Option<String>,
    /// The jig versions that can render it (`>=0.3`).
    min_jig_version: Option<String>,
    /// The generated project's directory name, a template (default `{{ project_slug }}`).
    project_dir: Option<String>,
    /// The folder holding the template tree (default `template`).
    template: Option<String>,
    /// The questions, asked in order.
    questions: Option<indexmap::IndexMap<String, RawQuestion>>,
    files: Option<RawFiles>,
    hooks: Option<RawHooks>,
    migrations: Option<Vec<RawMigration>>,
    /// Commands `jig test` runs in every rendered answer set.
    checks: Option<Vec<RawCheck>>,
    /// Shown after `jig new` made the project, rendered with the answers (next steps,
    /// links): Copier's `_message_after_copy`.
    message_after: Option<String>,
    /// Several repositories made from one set of answers (a model-build and a model-deploy
    /// repository, say), each from its own template tree; without it the blueprint makes one.
    repositories: Option<indexmap::IndexMap<String, Option<RawRepository>>>,
    /// How `jig publish --service-catalog` makes the blueprint a SageMaker Projects product.
    catalog: Option<RawCatalog>,
}

/// The `type` of a question: one of jig's question types or their short names.
pub fn question_type(_: &mut SchemaGenerator) -> Schema {
    let mut names: Vec<&str> = QuestionKind::NAMES.to_vec();
    names.extend(["str", "int", "bool"]);
    json_schema!({
        "type": "string",
        "enum": names,
        "description": "The question's type (default `string`)",
    })
}

/// `catalog.git.providers`: a list of the provider names `--git-provider` takes.
pub fn git_providers(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
    json_schema!({
        "type": "array",
        "items": {"type": "string", "enum": names},
        "minItems": 1,
        "uniqueItems": true,
        "description": "The git providers the product works with (absent: any provider)",
    })
}

/// `catalog.git.connection`: `launch` or `publish`.
pub fn git_connection(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "enum": Connection::NAMES,
        "description": "Where the CodeConnections ARN comes from: a launch parameter or the publisher (default `publish`)",
    })
}

/// The schema as pretty JSON.
pub fn json() -> String {
    let schema = schemars::schema_for!(Manifest);
    serde_json::to_string_pretty(&schema).expect("a schema serialises")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_lists_exactly_the_keys_validation_accepts() {
        let schema: serde_json::Value = serde_json::from_str(&super::json()).unwrap();
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = super::TOP_LEVEL_KEYS.to_vec();
        expected.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(keys, expected);
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"], serde_json::json!(["name", "version"]));
    }
}
