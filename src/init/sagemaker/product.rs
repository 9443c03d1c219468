//! The sample's product template: found, read, and edited where the import must: the seeding
//! jig's seed step replaces taken out (`edit`), AWS's role placeholders made SageMaker's role,
//! the rest kept as the sample has it.

use super::super::Error;
use crate::yaml::{self, Value};
use std::path::{Path, PathBuf};

/// Where the product template goes in the blueprint (relative to its root).
pub(crate) const PRODUCT_FILE: &str = "product.yaml";

/// A sample folder's product template (or the file given): `project/template.yaml` as AWS's
/// Service Catalog samples have it, else `template.yaml` at the top (the S3 templates).
pub(crate) fn locate(sample: &Path) -> Result<(PathBuf, PathBuf), Error> {
    if sample.is_file() {
        let dir = sample.parent().unwrap_or(Path::new("."));
        // A template in `project/` belongs to the sample folder above it.
        let dir = match dir.file_name() {
            Some(n) if n == "project" => dir.parent().unwrap_or(dir),
            _ => dir,
        };
        return Ok((dir.to_path_buf(), sample.to_path_buf()));
    }
    let candidates = [
        "project/template.yaml",
        "project/template.yml",
        "template.yaml",
        "template.yml",
    ];
    candidates
        .iter()
        .map(|c| sample.join(c))
        .find(|p| p.is_file())
        .map(|file| (sample.to_path_buf(), file))
        .ok_or_else(|| Error::NotSageMaker {
            path: sample.to_path_buf(),
            reason: format!("it has none of {}", candidates.join(", ")),
        })
}

pub(crate) struct Product {
    pub(super) doc: yaml::Mapping,
    pub description: String,
}

impl Product {
    pub(crate) fn parse(file: &Path, text: &str) -> Result<Product, Error> {
        let not = |reason: String| Error::NotSageMaker {
            path: file.to_path_buf(),
            reason,
        };
        if text.trim().is_empty() {
            return Err(not("the file is empty".into()));
        }
        let doc: Value = yaml::from_str(text).map_err(|e| not(format!("not YAML: {e}")))?;
        let Value::Mapping(doc) = doc else {
            return Err(not("not a CloudFormation template (a mapping)".into()));
        };
        let parameters = doc.get("Parameters").and_then(Value::as_mapping);
        let missing: Vec<&str> = crate::blueprint::catalog::PROJECT_PARAMETERS
            .iter()
            .copied()
            .filter(|p| !parameters.is_some_and(|m| m.contains_key(*p)))
            .collect();
        if !missing.is_empty() {
            return Err(not(format!(
                "it does not declare {}, which SageMaker passes to a project template",
                missing.join(" and ")
            )));
        }
        let description = doc
            .get("Description")
            .and_then(Value::as_str)
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        Ok(Product { doc, description })
    }

    pub(crate) fn resources(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.doc
            .get("Resources")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.iter())
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
    }

    pub(crate) fn resource(&self, id: &str) -> Option<&Value> {
        self.doc.get("Resources").and_then(|r| r.get(id))
    }

    /// Whether the template declares the parameter `name`.
    pub(crate) fn has_parameter(&self, name: &str) -> bool {
        self.doc
            .get("Parameters")
            .and_then(Value::as_mapping)
            .is_some_and(|m| m.contains_key(name))
    }

    /// Whether anything but the resources in `except` refers to `name`.
    pub(crate) fn referred_to(&self, name: &str, except: &[String]) -> bool {
        let in_resources = self
            .resources()
            .filter(|(id, _)| !except.iter().any(|e| e == id))
            .any(|(_, r)| super::cfn::refers_to(r, name));
        let elsewhere = ["Outputs", "Conditions"]
            .iter()
            .filter_map(|s| self.doc.get(*s))
            .any(|v| super::cfn::refers_to(v, name));
        in_resources || elsewhere
    }

    /// The ids of the resources (other than `except`) that refer to `name`.
    pub(crate) fn referring(&self, name: &str, except: &[String]) -> Vec<String> {
        self.resources()
            .filter(|(id, _)| *id != name && !except.iter().any(|e| e == id))
            .filter(|(_, r)| super::cfn::refers_to(r, name))
            .map(|(id, _)| id.to_string())
            .collect()
    }

    /// The conditions of the template.
    pub(crate) fn conditions(&self) -> Vec<String> {
        self.doc
            .get("Conditions")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.keys().filter_map(Value::as_str).map(str::to_string))
            .collect()
    }

    /// Whether anything (a resource, an output, another condition) uses condition `name`.
    pub(crate) fn condition_used(&self, name: &str) -> bool {
        let others = self
            .doc
            .get("Conditions")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.iter())
            .filter(|(k, _)| k.as_str() != Some(name))
            .any(|(_, v)| super::cfn::uses_condition(v, name));
        others
            || ["Resources", "Outputs"]
                .iter()
                .filter_map(|s| self.doc.get(*s))
                .any(|v| super::cfn::uses_condition(v, name))
    }

    pub(crate) fn condition(&self, name: &str) -> Option<&Value> {
        self.doc.get("Conditions").and_then(|c| c.get(name))
    }

    pub(crate) fn remove_condition(&mut self, name: &str) {
        if let Some(c) = self
            .doc
            .get_mut("Conditions")
            .and_then(Value::as_mapping_mut)
        {
            c.remove(name);
            if c.is_empty() {
                self.doc.remove("Conditions");
            }
        }
    }

    /// Takes a resource out.
    pub(crate) fn remove_resource(&mut self, id: &str) {
        if let Some(r) = self
            .doc
            .get_mut("Resources")
            .and_then(Value::as_mapping_mut)
        {
            r.remove(id);
        }
    }

    /// Takes `Code` off a resource (a CodeCommit repository jig now seeds).
    pub(crate) fn remove_code(&mut self, id: &str) {
        if let Some(props) = self
            .doc
            .get_mut("Resources")
            .and_then(|r| r.get_mut(id))
            .and_then(|r| r.get_mut("Properties"))
            .and_then(Value::as_mapping_mut)
        {
            props.remove("Code");
        }
    }

    /// Takes a parameter out, with its place in the launch form's metadata.
    pub(crate) fn remove_parameter(&mut self, name: &str) {
        if let Some(p) = self
            .doc
            .get_mut("Parameters")
            .and_then(Value::as_mapping_mut)
        {
            p.remove(name);
        }
        self.edit_metadata(name, None);
    }

    /// Renames a parameter: its declaration, its metadata and every reference.
    pub(crate) fn rename_parameter(&mut self, from: &str, to: &str) {
        if let Some(p) = self
            .doc
            .get_mut("Parameters")
            .and_then(Value::as_mapping_mut)
        {
            if let Some(body) = p.remove(from) {
                p.insert(to.into(), body);
            }
        }
        self.edit_metadata(from, Some(to));
        let text = format!("${{{to}}}");
        self.replace_name(from, &|_| Some(text.clone()));
    }

    /// `cfn::replace_name` over the resources, outputs and conditions.
    pub(crate) fn replace_name(
        &mut self,
        name: &str,
        with: super::cfn::Replacement,
    ) -> Vec<String> {
        let mut left = Vec::new();
        for section in ["Resources", "Outputs", "Conditions"] {
            if let Some(v) = self.doc.get_mut(section) {
                left.extend(super::cfn::replace_name(v, name, with));
            }
        }
        left
    }

    /// Replaces `from` with `to` in every resource's `DependsOn` (none: takes it out).
    pub(crate) fn replace_dependency(&mut self, from: &str, to: Option<&str>) {
        let Some(resources) = self
            .doc
            .get_mut("Resources")
            .and_then(Value::as_mapping_mut)
        else {
            return;
        };
        for (_, r) in resources.iter_mut() {
            if let Some(r) = r.as_mapping_mut() {
                retarget(r, from, to);
            }
        }
    }

    /// Takes `name` out of the `DependsOn` of every resource that refers to it otherwise (a
    /// `Ref` or `GetAtt` already orders them: cfn-lint's W3005).
    pub(crate) fn drop_implied_dependency(&mut self, name: &str) {
        let Some(resources) = self
            .doc
            .get_mut("Resources")
            .and_then(Value::as_mapping_mut)
        else {
            return;
        };
        for (_, r) in resources.iter_mut() {
            let Some(map) = r.as_mapping() else {
                continue;
            };
            if !super::cfn::depends_on(r).iter().any(|d| d == name) {
                continue;
            }
            let mut rest = map.clone();
            rest.remove("DependsOn");
            if super::cfn::refers_to(&Value::Mapping(rest), name) {
                if let Some(r) = r.as_mapping_mut() {
                    retarget(r, name, None);
                }
            }
        }
    }

    /// The launch form's metadata (`AWS::CloudFormation::Interface` groups and labels,
    /// SageMaker's `SagemakerTemplateParameterRules`) with `name` renamed or taken out.
    fn edit_metadata(&mut self, name: &str, to: Option<&str>) {
        let Some(meta) = self.doc.get_mut("Metadata").and_then(Value::as_mapping_mut) else {
            return;
        };
        let rename_key = |m: &mut yaml::Mapping| {
            if let Some(v) = m.remove(name) {
                if let Some(to) = to {
                    m.insert(to.into(), v);
                }
            }
        };
        if let Some(rules) = meta
            .get_mut("SagemakerTemplateParameterRules")
            .and_then(Value::as_mapping_mut)
        {
            rename_key(rules);
        }
        let Some(interface) = meta
            .get_mut("AWS::CloudFormation::Interface")
            .and_then(Value::as_mapping_mut)
        else {
            return;
        };
        if let Some(labels) = interface
            .get_mut("ParameterLabels")
            .and_then(Value::as_mapping_mut)
        {
            rename_key(labels);
        }
        if let Some(groups) = interface
            .get_mut("ParameterGroups")
            .and_then(Value::as_sequence_mut)
        {
            for group in groups.iter_mut() {
                if let Some(params) = group.get_mut("Parameters").and_then(Value::as_sequence_mut) {
                    match to {
                        Some(to) => params.iter_mut().for_each(|p| {
                            if p.as_str() == Some(name) {
                                *p = to.into();
                            }
                        }),
                        None => params.retain(|p| p.as_str() != Some(name)),
                    }
                }
            }
            groups.retain(|g| {
                g.get("Parameters")
                    .and_then(Value::as_sequence)
                    .is_none_or(|p| !p.is_empty())
            });
        }
    }

    /// The template's parameters other than SageMaker's own.
    pub(crate) fn own_parameters(&self) -> Vec<String> {
        self.doc
            .get("Parameters")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.keys())
            .filter_map(Value::as_str)
            .filter(|p| !crate::blueprint::catalog::PROJECT_PARAMETERS.contains(p))
            .map(str::to_string)
            .collect()
    }

    pub(crate) fn to_text(&self) -> Result<String, Error> {
        yaml::to_string(&Value::Mapping(self.doc.clone()))
            .map_err(|e| Error::Invalid(format!("the product template does not serialise: {e}")))
    }
}

/// `from` replaced with `to` in one resource's `DependsOn` (none: taken out; an empty list goes).
fn retarget(r: &mut yaml::Mapping, from: &str, to: Option<&str>) {
    let mut list: Vec<String> = match r.get("DependsOn") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return,
    };
    if !list.iter().any(|d| d == from) {
        return;
    }
    list.retain(|d| d != from);
    if let Some(to) = to {
        if !list.iter().any(|d| d == to) {
            list.push(to.to_string());
        }
    }
    match list.len() {
        0 => {
            r.remove("DependsOn");
        }
        1 => {
            r.insert("DependsOn".into(), list.remove(0).into());
        }
        _ => {
            let seq = list.into_iter().map(Value::from).collect();
            r.insert("DependsOn".into(), Value::Sequence(seq));
        }
    }
}
