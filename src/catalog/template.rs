//! Assembling the product template: the blueprint's CloudFormation (rendered with parameters
//! for answers), one parameter per question, the two SageMaker parameters, console groups and
//! labels, jig's own metadata, and the seed resources.

use super::params::{self, Mapping, Note};
use super::repository::{self, Target};
use super::{cfn, package, seed, Error, Layout, Settings};
use crate::blueprint::{catalog, Blueprint};
use crate::yaml;
use serde_json::{json, Value as Json};

/// A product version, ready to upload.
#[derive(Debug)]
pub struct Product {
    pub name: String,
    pub version: semver::Version,
    /// The blueprint's description.
    pub description: String,
    /// The template as YAML text.
    pub template: String,
    pub layout: Layout,
    pub mapping: Mapping,
    /// Everything a parameter could not express, per question.
    pub notes: Vec<Note>,
    /// The local artifacts the template refers to, packaged (uploaded beside the template).
    pub artifacts: Vec<super::publish::Upload>,
}

/// Builds the product template of `blueprint` whose bundle has `layout.bundle_digest`.
pub fn build(blueprint: &Blueprint, settings: &Settings, layout: Layout) -> Result<Product, Error> {
    let m = &blueprint.manifest;
    let target = repository::target(blueprint, &settings.repository)?;
    let connection = !matches!(settings.repository, repository::Repository::CodeCommit);
    let mapping = params::map(blueprint, connection);
    let defaults = default_answers(blueprint)?;
    let rendered = cfn::render(blueprint, &mapping, &defaults, &settings.repository)?;
    let declared = rendered
        .as_ref()
        .map(declared_parameters)
        .unwrap_or_default();
    let file = rendered
        .as_ref()
        .map_or_else(|| "the product template".to_string(), |r| r.file.clone());
    let binding_notes = check_bindings(blueprint, &mapping, &declared, &file)?;
    let mut notes = mapping.notes.clone();
    notes.extend(binding_notes);
    let mut doc = match rendered {
        Some(r) => {
            notes.extend(r.notes);
            match r.document {
                yaml::Value::Mapping(map) => map,
                _ => {
                    return Err(Error::Yaml {
                        file,
                        message: "the document is not a mapping".into(),
                    })
                }
            }
        }
        None => yaml::Mapping::new(),
    };
    let artifacts = match &m.catalog.cloudformation {
        Some(cfn) => {
            let root = blueprint.template_root();
            let path = root.join(cfn);
            let target = package::Target {
                bucket: &settings.bucket,
                prefix: &layout.artifacts_prefix,
                root: &root,
                base: path.parent().unwrap_or(&root),
                file: cfn,
            };
            package::package(&mut doc, &target)?
        }
        None => Vec::new(),
    };
    doc.entry("AWSTemplateFormatVersion".into())
        .or_insert_with(|| "2010-09-09".into());
    doc.entry("Description".into()).or_insert_with(|| {
        let text = format!("{} (blueprint {} {})", m.description, m.name, m.version);
        text.chars().take(1024).collect::<String>().into()
    });

    // Parameters: the blueprint's own, the SageMaker ones, then one per question.
    let parameters = section(&mut doc, "Parameters");
    for (name, body) in [
        (
            catalog::PROJECT_PARAMETERS[0],
            json!({"Type": "String", "Description": "Name of the SageMaker project",
                   "MinLength": 1, "MaxLength": 32,
                   "AllowedPattern": "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}"}),
        ),
        (
            catalog::PROJECT_PARAMETERS[1],
            json!({"Type": "String", "Description": "Service-generated ID of the SageMaker project",
                   "MinLength": 1, "MaxLength": 20}),
        ),
    ] {
        parameters
            .entry(name.into())
            .or_insert_with(|| to_yaml(&body));
    }
    let questions = mapping
        .parameters
        .iter()
        .map(|p| (p.name.clone(), Json::Object(p.body.clone())));
    let added = target
        .parameters
        .iter()
        .map(|p| (p.name.clone(), p.body.clone()));
    for (name, body) in questions.chain(added) {
        if parameters.contains_key(name.as_str()) {
            let question = mapping
                .parameters
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.question.clone());
            return Err(Error::Clash {
                file,
                what: "parameter",
                name,
                question,
            });
        }
        parameters.insert(name.into(), to_yaml(&body));
    }
    if !target.conditions.is_empty() {
        let conditions = section(&mut doc, "Conditions");
        for (name, condition) in &target.conditions {
            if conditions.contains_key(name) {
                return Err(Error::Clash {
                    file,
                    what: "condition",
                    name: name.as_str().unwrap_or_default().to_string(),
                    question: None,
                });
            }
            conditions.insert(name.clone(), condition.clone());
        }
    }

    let metadata = section(&mut doc, "Metadata");
    let theirs = metadata
        .get("AWS::CloudFormation::Interface")
        .and_then(|v| serde_json::to_value(v).ok());
    let ours = interface(blueprint, &mapping, &target);
    metadata.insert(
        "AWS::CloudFormation::Interface".into(),
        to_yaml(&merge_interface(theirs, ours)),
    );
    metadata.insert(
        "jig".into(),
        to_yaml(&json!({
            "blueprint": m.name,
            "version": m.version.to_string(),
            "bundle": layout.bundle_digest,
            "registry": layout.registry_prefix,
            "jig": env!("CARGO_PKG_VERSION"),
        })),
    );

    let seed_resources = seed::resources(blueprint, &mapping, &layout, settings, &target);
    let resources = section(&mut doc, "Resources");
    for repo in m
        .catalog
        .repository
        .iter()
        .chain(m.catalog.repositories.values())
    {
        let kind = resources
            .get(repo.as_str())
            .and_then(|r| r.get("Type"))
            .and_then(yaml::Value::as_str);
        if kind != Some("AWS::CodeCommit::Repository") {
            let key = match m.catalog.repository.is_some() {
                true => "catalog.repository",
                false => "catalog.repositories",
            };
            return Err(Error::Yaml {
                file,
                message: format!(
                    "{key} `{repo}` is not an AWS::CodeCommit::Repository resource in it"
                ),
            });
        }
    }
    for (id, resource) in seed_resources {
        if resources.contains_key(&id) {
            return Err(Error::Clash {
                file,
                what: "resource",
                name: id.as_str().unwrap_or_default().to_string(),
                question: None,
            });
        }
        resources.insert(id, resource);
    }
    let outputs = section(&mut doc, "Outputs");
    for seeded in &target.seeded {
        outputs
            .entry(seeded.output.clone().into())
            .or_insert_with(|| {
                let what = match &seeded.repository {
                    Some(name) => format!("The seeded repository `{name}`"),
                    None => "The seeded repository".into(),
                };
                let mut out = yaml::Mapping::new();
                out.insert("Description".into(), what.into());
                out.insert("Value".into(), seeded.url.clone());
                yaml::Value::Mapping(out)
            });
    }

    let template = yaml::to_string(&yaml::Value::Mapping(doc)).map_err(|e| Error::Yaml {
        file: "the product template".into(),
        message: e.to_string(),
    })?;
    Ok(Product {
        name: m.name.clone(),
        version: m.version.clone(),
        description: m.description.clone(),
        template,
        layout,
        mapping,
        notes,
        artifacts,
    })
}

/// The parameters the blueprint's rendered CloudFormation declares, with their properties.
fn declared_parameters(rendered: &cfn::RenderedTemplate) -> serde_json::Map<String, Json> {
    rendered
        .document
        .get("Parameters")
        .and_then(|p| serde_json::to_value(p).ok())
        .and_then(|p| match p {
            Json::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default()
}

/// Checks every question bound to a parameter of the template (`catalog.answers`) against
/// that parameter: a missing or incompatible one is refused, with every
/// problem; what the console does differently is returned as notes.
fn check_bindings(
    blueprint: &Blueprint,
    mapping: &Mapping,
    declared: &serde_json::Map<String, Json>,
    file: &str,
) -> Result<Vec<params::Note>, Error> {
    let mut notes = Vec::new();
    for (question, parameter) in &mapping.bound {
        if catalog::PROJECT_PARAMETERS.contains(&parameter.as_str()) {
            continue;
        }
        // Jig adds it (the manifest check made sure it is one jig adds for these repositories).
        if crate::blueprint::catalog::is_repository_parameter(parameter) {
            continue;
        }
        let Some(q) = blueprint
            .manifest
            .questions
            .iter()
            .find(|q| &q.name == question)
        else {
            continue;
        };
        let Some(Json::Object(body)) = declared.get(parameter) else {
            return Err(Error::Binding {
                file: file.to_string(),
                question: question.clone(),
                parameter: parameter.clone(),
                problems: vec!["is not declared in its `Parameters`".into()],
            });
        };
        let (problems, found) = super::binding::check_binding(q, body);
        if !problems.is_empty() {
            return Err(Error::Binding {
                file: file.to_string(),
                question: question.clone(),
                parameter: parameter.clone(),
                problems,
            });
        }
        notes.extend(found.into_iter().map(|message| params::Note {
            question: question.clone(),
            message: format!("parameter `{parameter}`: {message}"),
        }));
    }
    Ok(notes)
}

/// The template's own `ParameterGroups` and `ParameterLabels` first, as its author wrote
/// them; jig's groups follow with the parameters the template does not place, and jig's
/// labels fill in where the template has none.
fn merge_interface(theirs: Option<Json>, ours: Json) -> Json {
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

/// The default answers (secrets as placeholders), as `jig new --defaults` computes them.
fn default_answers(blueprint: &Blueprint) -> Result<serde_json::Map<String, Json>, Error> {
    let resolved = crate::generate::blueprint::scripted_answers(
        blueprint,
        &crate::prompt::Given::new(),
        crate::prompt::Mode::Replay,
    )
    .map_err(|e| Error::Defaults(e.to_string()))?;
    Ok(resolved.context.into_iter().collect())
}

/// `ParameterGroups` (the manifest's groups, the rest, then the repository) and
/// `ParameterLabels`.
fn interface(blueprint: &Blueprint, mapping: &Mapping, target: &Target) -> Json {
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

fn section<'a>(doc: &'a mut yaml::Mapping, key: &str) -> &'a mut yaml::Mapping {
    let entry = doc
        .entry(key.into())
        .or_insert_with(|| yaml::Value::Mapping(yaml::Mapping::new()));
    if !entry.is_mapping() {
        *entry = yaml::Value::Mapping(yaml::Mapping::new());
    }
    entry.as_mapping_mut().expect("a mapping")
}

fn to_yaml(value: &Json) -> yaml::Value {
    yaml::to_value(value).expect("JSON is YAML")
}
