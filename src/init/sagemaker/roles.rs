//! The placeholders AWS's sample tooling fills in before upload (`AWSDEFAULT___X___`). A role
//! placeholder (`AWSDEFAULT___USE_ROLE___`, a parameter defaulting to
//! `AWSDEFAULT___PROJECT_USE_ROLE_ARN___`) becomes SageMaker's own products use role, as that
//! tooling would; any other (a staging bucket, a secret's name) becomes a launch parameter of
//! its own (`SampleCodeStagingBucket`), named for a person to give a value, since jig publishes
//! the template as it is and a placeholder would stay literal.

use super::cfn::{rewrite, tagged};
use super::product::Product;
use crate::yaml::{self, Value};

/// A placeholder of AWS's sample tooling, its name captured.
fn placeholder() -> regex::Regex {
    regex::Regex::new(r"AWSDEFAULT___([A-Z0-9_]+?)___").expect("valid regex")
}

impl Product {
    /// Makes each placeholder left a launch parameter (`AWSDEFAULT___CODE_STAGING_BUCKET___` ->
    /// `SampleCodeStagingBucket`), used where the placeholder was; what a person must do.
    pub(crate) fn parameterise_placeholders(&mut self) -> Vec<String> {
        let re = placeholder();
        let mut names: Vec<(String, String)> = Vec::new();
        let taken: Vec<String> = self
            .doc
            .get("Parameters")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.keys().filter_map(Value::as_str).map(str::to_string))
            .collect();
        let param_of = |found: &str, names: &mut Vec<(String, String)>| -> String {
            if let Some((_, p)) = names.iter().find(|(f, _)| f == found) {
                return p.clone();
            }
            let inner = &found["AWSDEFAULT___".len()..found.len() - 3];
            let base = format!(
                "Sample{}",
                crate::blueprint::catalog::pascal(&inner.to_ascii_lowercase())
            );
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) || names.iter().any(|(_, p)| *p == name) {
                name = format!("{base}{n}");
                n += 1;
            }
            names.push((found.to_string(), name.clone()));
            name
        };
        for section in ["Resources", "Outputs"] {
            let Some(v) = self.doc.get_mut(section) else {
                continue;
            };
            rewrite(v, &mut |v| {
                let (text, vars, in_sub) = match (super::cfn::sub(v), v) {
                    (Some((s, vars)), _) => (s.to_string(), vars.cloned(), true),
                    (None, Value::String(s)) => (s.clone(), None, false),
                    _ => return None,
                };
                if !re.is_match(&text) {
                    return None;
                }
                if !in_sub && re.find(&text).is_some_and(|m| m.as_str() == text) {
                    return Some(tagged("Ref", param_of(&text, &mut names).into()));
                }
                let escaped = match in_sub {
                    true => text.clone(),
                    false => text.replace("${", "${!"),
                };
                let replaced = re
                    .replace_all(&escaped, |c: &regex::Captures| {
                        format!("${{{}}}", param_of(&c[0], &mut names))
                    })
                    .into_owned();
                Some(match vars {
                    Some(vars) => tagged(
                        "Sub",
                        Value::Sequence(vec![replaced.into(), Value::Mapping(vars)]),
                    ),
                    None => tagged("Sub", replaced.into()),
                })
            });
        }
        let params = self
            .doc
            .entry("Parameters".into())
            .or_insert_with(|| Value::Mapping(yaml::Mapping::new()));
        let mut notes = Vec::new();
        for (found, name) in &names {
            if let Some(params) = params.as_mapping_mut() {
                let mut body = yaml::Mapping::new();
                body.insert("Type".into(), "String".into());
                body.insert(
                    "Description".into(),
                    format!(
                        "What AWS's sample tooling filled in before upload (its placeholder {})",
                        found
                            .trim_start_matches("AWSDEFAULT___")
                            .trim_end_matches("___")
                    )
                    .into(),
                );
                params.insert(name.clone().into(), Value::Mapping(body));
            }
            notes.push(format!(
                "`{found}`, which the sample's upload tooling filled in, is now the launch parameter {name}: give it a default in product.yaml (or a value at launch)"
            ));
        }
        notes
    }

    /// Puts SageMaker's own launch role where the sample's tooling would fill in a role
    /// (`AWSDEFAULT___USE_ROLE___` as a value; a parameter whose default is
    /// `AWSDEFAULT___PROJECT_USE_ROLE_ARN___` then defaults to it); what was changed.
    pub(crate) fn replace_role_placeholders(&mut self) -> Vec<String> {
        let is_role = |s: &str| s.starts_with("AWSDEFAULT___") && s.contains("ROLE");
        let mut changed = Vec::new();
        // Parameters defaulting to a role placeholder: empty now means SageMaker's role.
        let mut defaulted = Vec::new();
        if let Some(params) = self
            .doc
            .get_mut("Parameters")
            .and_then(Value::as_mapping_mut)
        {
            for (name, body) in params.iter_mut() {
                let Some(body) = body.as_mapping_mut() else {
                    continue;
                };
                let placeholder = body
                    .get("Default")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                if let (Some(p), Some(name)) = (placeholder.filter(|p| is_role(p)), name.as_str()) {
                    body.insert("Default".into(), "".into());
                    let text = format!("The role's ARN; empty means SageMaker's {USE_ROLE}");
                    body.insert("Description".into(), text.into());
                    defaulted.push(name.to_string());
                    changed.push(format!("parameter {name} defaulted to `{p}`; it now defaults to empty, meaning SageMaker's {USE_ROLE} (condition Jig{name}IsEmpty)"));
                }
            }
        }
        for name in &defaulted {
            let condition = format!("Jig{name}IsEmpty");
            let conditions = self
                .doc
                .entry("Conditions".into())
                .or_insert_with(|| Value::Mapping(yaml::Mapping::new()));
            if let Some(c) = conditions.as_mapping_mut() {
                c.insert(
                    condition.clone().into(),
                    tagged(
                        "Equals",
                        Value::Sequence(vec![tagged("Ref", name.clone().into()), "".into()]),
                    ),
                );
            }
            if let Some(resources) = self.doc.get_mut("Resources") {
                rewrite(resources, &mut |v| match v {
                    Value::Tagged(t) if t.tag == "Ref" && t.value.as_str() == Some(name) => {
                        Some(tagged(
                            "If",
                            Value::Sequence(vec![condition.clone().into(), use_role(), v.clone()]),
                        ))
                    }
                    _ => None,
                });
            }
        }
        let mut values = 0;
        for section in ["Resources", "Outputs"] {
            if let Some(v) = self.doc.get_mut(section) {
                rewrite(v, &mut |v| match v.as_str() {
                    Some(s) if is_role(s) => {
                        values += 1;
                        Some(use_role())
                    }
                    _ => None,
                });
            }
        }
        if values > 0 {
            changed.push(format!("{values} role placeholder(s) (`AWSDEFAULT___USE_ROLE___`): SageMaker's {USE_ROLE}, which the sample's tooling would have put there"));
        }
        changed
    }
}

/// The role SageMaker Projects launches products' resources with.
const USE_ROLE: &str = "AmazonSageMakerServiceCatalogProductsUseRole";

fn use_role() -> Value {
    tagged(
        "Sub",
        format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/service-role/{USE_ROLE}")
            .into(),
    )
}
