//! The console's view of the launch form (`AWS::CloudFormation::Interface`): the manifest's
//! parameter groups, the other questions, then the repository parameters jig adds, merged
//! with the groups and labels the blueprint's own CloudFormation declares.

use super::params::Mapping;
use super::repository::Target;
use crate::blueprint::Blueprint;
use serde_json::{json, Value as Json};

/// The template's own `ParameterGroups` and `ParameterLabels` first, as its author wrote
/// them; jig's groups follow with the parameters the template does not place, and jig's
/// labels fill in where the template has none.
pub(super) fn merge_interface(theirs: Option<Json>, ours: Json) -> Json {
    let Some(theirs) = theirs else {
        return ours;
    };
    let groups = |v: &Json| v["ParameterGroups"].as_array().cloned().unwrap_or_default();
    let mut merged = groups(&theirs);
    let placed: Vec<Json> = merged
        .iter()
        .flat_map(|g| g["Parameters"].as_array().cloned().unwrap_or_default())
        .collect();
    for mut group in groups(&ours) {
        let rest: Vec<Json> = group["Parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !placed.contains(p))
            .collect();
        if !rest.is_empty() {
            group["Parameters"] = Json::Array(rest);
            merged.push(group);
        }
    }
    let mut labels = ours["ParameterLabels"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    if let Some(their_labels) = theirs["ParameterLabels"].as_object() {
        labels.extend(their_labels.clone());
    }
    json!({"ParameterGroups": merged, "ParameterLabels": labels})
}

/// `ParameterGroups` (the manifest's groups, the rest, then the repository) and
/// `ParameterLabels`.
pub(super) fn interface(blueprint: &Blueprint, mapping: &Mapping, target: &Target) -> Json {
    let m = &blueprint.manifest;
    let name_of = |q: &str| mapping.parameters.iter().find(|p| p.question == q);
    let mut groups = Vec::new();
    let mut placed = Vec::new();
    for g in &m.catalog.groups {
        let names: Vec<String> = g
            .questions
            .iter()
            .filter_map(|q| name_of(q))
            .map(|p| p.name.clone())
            .collect();
        placed.extend(names.iter().cloned());
        if !names.is_empty() {
            groups.push(json!({"Label": {"default": g.label}, "Parameters": names}));
        }
    }
    let rest: Vec<String> = mapping
        .parameters
        .iter()
        .map(|p| p.name.clone())
        .filter(|n| !placed.contains(n))
        .collect();
    if !rest.is_empty() {
        let label = if groups.is_empty() {
            m.description.clone()
        } else {
            "Other settings".to_string()
        };
        groups.push(json!({"Label": {"default": label}, "Parameters": rest}));
    }
    let mut labels: serde_json::Map<String, Json> = mapping
        .parameters
        .iter()
        .map(|p| (p.name.clone(), json!({"default": p.label})))
        .collect();
    if !target.parameters.is_empty() {
        let names: Vec<&str> = target.parameters.iter().map(|p| p.name.as_str()).collect();
        groups.push(json!({"Label": {"default": target.group}, "Parameters": names}));
        for p in &target.parameters {
            labels.insert(p.name.clone(), json!({"default": p.label}));
        }
    }
    json!({"ParameterGroups": groups, "ParameterLabels": labels})
}
