//! The product template as SageMaker Unified Studio takes it: a custom blueprint is deployed
//! by DataZone, which fills its reserved parameters (the project's id, the domain's, the
//! environment's) instead of SageMaker's two. So the Unified Studio template is the product
//! template with `SageMakerProjectId` renamed `datazoneEnvironmentProjectId` everywhere it is
//! referenced and declared (Unified Studio fills it), and every other parameter offered as one of
//! the blueprint's `userParameters` (its type, default, and whether it may be changed later).
//!
//! `SageMakerProjectName` stays a parameter the project's creator fills in: a DataZone project
//! name may hold spaces and capitals and run to 64 characters, which would break the bucket,
//! repository and pipeline names the template builds from it, while the parameter keeps the
//! pattern SageMaker's project names follow.

use super::Error;
use crate::yaml::{self, Tag, TaggedValue, Value};
use serde::Serialize;

/// The reserved parameters DataZone fills for every custom blueprint (admin guide, "Custom
/// blueprints"); a TOOLING blueprint must declare all three.
pub const RESERVED: [&str; 3] = [
    "datazoneEnvironmentDomainId",
    "datazoneEnvironmentEnvironmentId",
    "datazoneEnvironmentProjectId",
];

/// What SageMaker's project id becomes.
pub const PROJECT_ID: &str = "datazoneEnvironmentProjectId";

/// Parameters Unified Studio fills from the project's tooling environment, never asked: every
/// `datazone*` name and these.
const FILLED: [&str; 8] = [
    "userRoleArn",
    "s3BucketArn",
    "s3BucketPath",
    "privateSubnets",
    "securityGroup",
    "vpcId",
    "kmsKeyArn",
    "sagemakerUnifiedStudioKmsKeyArn",
];

/// Whether Unified Studio fills parameter `name` itself.
pub fn is_filled(name: &str) -> bool {
    name.starts_with("datazone")
        || name.starts_with("sagemakerUnifiedStudio")
        || FILLED.contains(&name)
}

/// One of a blueprint's `userParameters`, as DataZone's `CustomParameter` spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserParameter {
    pub key_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The CloudFormation type (`String`, `Number`, `CommaDelimitedList`, ...).
    pub field_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
    pub is_editable: bool,
    pub is_optional: bool,
    pub is_update_supported: bool,
}

/// The Unified Studio template and its user parameters, with what they cannot express.
#[derive(Debug, Clone)]
pub struct UnifiedTemplate {
    pub template: String,
    pub user_parameters: Vec<UserParameter>,
    /// Parameters whose values Unified Studio would show (NoEcho has no counterpart).
    pub shown_secrets: Vec<String>,
}

/// Derives the Unified Studio template from the product template (see the module docs).
pub fn derive(product_template: &str) -> Result<UnifiedTemplate, Error> {
    let fail = |e: &dyn std::fmt::Display| Error::Yaml {
        file: "the product template".into(),
        message: e.to_string(),
    };
    let mut doc: Value = yaml::from_str(product_template).map_err(|e| fail(&e))?;
    rename_references(&mut doc, "SageMakerProjectId", PROJECT_ID);
    let top = doc.as_mapping_mut().ok_or_else(|| fail(&"not a mapping"))?;
    let labels = labels(top);
    let params = top
        .entry(Value::from("Parameters"))
        .or_insert_with(|| Value::Mapping(yaml::Mapping::new()));
    let Value::Mapping(params) = params else {
        return Err(fail(&"`Parameters` is not a mapping"));
    };
    let mut renamed = yaml::Mapping::new();
    for (key, value) in std::mem::take(params) {
        if key.as_str() == Some("SageMakerProjectId") {
            continue;
        }
        renamed.insert(key, value);
    }
    if !renamed.contains_key(PROJECT_ID) {
        let mut p = yaml::Mapping::new();
        p.insert("Type".into(), "String".into());
        p.insert(
            "Description".into(),
            "The Unified Studio project, where SageMaker's project id was (filled in by Unified Studio).".into(),
        );
        renamed.insert(PROJECT_ID.into(), Value::Mapping(p));
    }
    *params = renamed;
    let user_parameters = user_parameters(params, labels);
    let shown_secrets = params
        .iter()
        .filter(|(k, v)| {
            v.get("NoEcho").and_then(no_echo).unwrap_or(false)
                && k.as_str()
                    .is_some_and(|k| k != "SageMakerProjectName" && !is_filled(k))
        })
        .filter_map(|(k, _)| k.as_str().map(str::to_string))
        .collect();
    drop_from_interface(top);
    let template = yaml::to_string(&doc).map_err(|e| fail(&e))?;
    Ok(UnifiedTemplate {
        template,
        user_parameters,
        shown_secrets,
    })
}

fn no_echo(v: &Value) -> Option<bool> {
    v.as_bool()
        .or_else(|| v.as_str().map(|s| s.eq_ignore_ascii_case("true")))
}

/// The console labels of the parameters (`AWS::CloudFormation::Interface`).
fn labels(top: &yaml::Mapping) -> Option<yaml::Mapping> {
    top.get("Metadata")?
        .get("AWS::CloudFormation::Interface")?
        .get("ParameterLabels")?
        .as_mapping()
        .cloned()
}

/// Every parameter Unified Studio does not fill, as a user parameter. A name the stack builds
/// stateful resources' names from (the project name, the repositories) cannot change later.
fn user_parameters(params: &yaml::Mapping, labels: Option<yaml::Mapping>) -> Vec<UserParameter> {
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Sequence(items) => Some(
                items
                    .iter()
                    .filter_map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .or(i.as_i64().map(|n| n.to_string()))
                    })
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for (key, spec) in params {
        let Some(name) = key.as_str() else { continue };
        if is_filled(name) {
            continue;
        }
        let label = labels
            .as_ref()
            .and_then(|l| l.get(name))
            .and_then(|l| l.get("default"))
            .and_then(Value::as_str);
        let description = spec.get("Description").and_then(Value::as_str);
        let description = match (label, description) {
            (Some(l), Some(d)) if l != d => Some(format!("{l}: {d}")),
            (Some(l), _) => Some(l.to_string()),
            (None, d) => d.map(str::to_string),
        };
        let default_value = spec.get("Default").and_then(text);
        let fixed = name == "SageMakerProjectName"
            || name.starts_with(crate::blueprint::catalog::REPOSITORY_NAME)
            || name == crate::blueprint::catalog::REPOSITORY_OWNER;
        out.push(UserParameter {
            key_name: name.to_string(),
            description: description.map(|d| d.chars().take(2048).collect()),
            field_type: spec
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or("String")
                .to_string(),
            is_optional: default_value.is_some(),
            default_value,
            is_editable: true,
            is_update_supported: !fixed,
        });
    }
    out
}

/// The reserved parameters are filled, never shown: out of the console's groups and labels.
fn drop_from_interface(top: &mut yaml::Mapping) {
    let Some(interface) = top
        .get_mut("Metadata")
        .and_then(|m| m.get_mut("AWS::CloudFormation::Interface"))
    else {
        return;
    };
    if let Some(Value::Sequence(groups)) = interface.get_mut("ParameterGroups") {
        for group in groups.iter_mut() {
            if let Some(Value::Sequence(names)) = group.get_mut("Parameters") {
                names.retain(|n| n.as_str().is_none_or(|n| n != "SageMakerProjectId"));
            }
        }
        groups.retain(|g| {
            g.get("Parameters")
                .and_then(Value::as_sequence)
                .is_none_or(|p| !p.is_empty())
        });
    }
    if let Some(Value::Mapping(labels)) = interface.get_mut("ParameterLabels") {
        labels.remove("SageMakerProjectId");
    }
}

/// Renames every reference to parameter `old`: `!Ref`/`Ref`, and `${old}` in `!Sub`/`Fn::Sub`
/// strings (unless the `!Sub`'s own variables define it).
pub fn rename_references(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Tagged(t) => rename_tagged(t, old, new),
        Value::Mapping(map) if map.len() == 1 => {
            let key = map
                .keys()
                .next()
                .and_then(Value::as_str)
                .map(str::to_string);
            let inner = map.values_mut().next().expect("one entry");
            match key.as_deref() {
                Some("Ref") => rename_ref(inner, old, new),
                Some("Fn::Sub") => rename_sub(inner, old, new),
                _ => rename_references(inner, old, new),
            }
        }
        Value::Mapping(map) => {
            for (_, v) in map.iter_mut() {
                rename_references(v, old, new);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                rename_references(item, old, new);
            }
        }
        _ => {}
    }
}

fn rename_tagged(t: &mut TaggedValue, old: &str, new: &str) {
    if t.tag == Tag::new("Ref") {
        rename_ref(&mut t.value, old, new);
    } else if t.tag == Tag::new("Sub") {
        rename_sub(&mut t.value, old, new);
    } else {
        rename_references(&mut t.value, old, new);
    }
}

fn rename_ref(value: &mut Value, old: &str, new: &str) {
    if value.as_str() == Some(old) {
        *value = Value::from(new);
    }
}

fn rename_sub(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::String(s) => *s = sub_string(s, old, new),
        Value::Sequence(items) => {
            let own = items
                .get(1)
                .and_then(Value::as_mapping)
                .is_some_and(|vars| vars.contains_key(old));
            if let (false, Some(Value::String(s))) = (own, items.first_mut()) {
                *s = sub_string(s, old, new);
            }
            for item in items.iter_mut().skip(1) {
                rename_references(item, old, new);
            }
        }
        other => rename_references(other, old, new),
    }
}

/// `${old}` becomes `${new}`; `${!old}` is a literal and stays.
fn sub_string(s: &str, old: &str, new: &str) -> String {
    s.replace(&format!("${{{old}}}"), &format!("${{{new}}}"))
}

#[cfg(test)]
#[path = "unified_template_tests.rs"]
mod tests;
