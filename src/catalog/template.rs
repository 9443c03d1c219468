//! Assembling the product template: the blueprint's CloudFormation (rendered with parameters
//! for answers), one parameter per question, the two SageMaker parameters, console groups and
//! labels, jig's own metadata, and the seed resources.

use super::interface::{interface, merge_interface};
use super::params::{self, Mapping, Note};
use super::repository::{self, Seeded};
use super::{cfn, connection, package, references, seed, Error, Layout, Settings};
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
    if let Some(r) = &rendered {
        check_references(blueprint, settings, &r.document, &file)?;
    }
    let mut notes = mapping.notes.clone();
    notes.extend(binding_notes);
    let mut doc = match rendered {
        Some(mut r) => {
            notes.extend(r.notes);
            let shown = match project_name_masked(&r.document) {
                true => &target.masked_names,
                false => &target.names,
            };
            super::names::resolve(&mut r.document, &target.names, shown);
            // A multiselect answer is a CommaDelimitedList; where the template had it in a
            // string, the string gets it joined (a list in `!Sub` is cfn-lint E1019).
            let lists = joined_lists(&mapping);
            super::names::resolve(&mut r.document, &lists, &lists);
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
        // A connection ARN the blueprint asks for itself (as AWS's samples do) is the one
        // the seed uses: jig refers to it rather than asking twice.
        if name == connection::ARN_PARAMETER && declared.contains_key(&name) {
            continue;
        }
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
    let masked = no_echo(&doc);
    let outputs = section(&mut doc, "Outputs");
    for seeded in &target.seeded {
        outputs
            .entry(seeded.output.clone().into())
            .or_insert_with(|| output(seeded, &masked));
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
        if catalog::PROJECT_PARAMETERS.contains(&parameter.as_str())
            || catalog::is_pseudo_parameter(parameter)
        {
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

/// Each multiselect question's parameter, and the string it is in a template: `!Join [",", ...]`.
fn joined_lists(mapping: &Mapping) -> Vec<(String, yaml::Value)> {
    mapping
        .parameters
        .iter()
        .filter(|p| p.kind == crate::blueprint::QuestionKind::Multiselect)
        .map(|p| {
            let list = cfn::tagged("Ref", p.name.clone().into());
            let join = yaml::Value::Sequence(vec![",".into(), list]);
            (p.name.clone(), cfn::tagged("Join", join))
        })
        .collect()
}

/// Whether the blueprint's CloudFormation declares `SageMakerProjectName` NoEcho.
fn project_name_masked(document: &yaml::Value) -> bool {
    document.as_mapping().is_some_and(|doc| {
        no_echo(doc)
            .iter()
            .any(|p| p == catalog::PROJECT_PARAMETERS[0])
    })
}

/// The parameters of `doc` declared `NoEcho`: an output showing one would unmask it.
fn no_echo(doc: &yaml::Mapping) -> Vec<String> {
    let Some(params) = doc.get("Parameters").and_then(yaml::Value::as_mapping) else {
        return Vec::new();
    };
    params
        .iter()
        .filter(|(_, body)| {
            matches!(body.get("NoEcho"), Some(yaml::Value::Bool(true)))
                || body.get("NoEcho").and_then(yaml::Value::as_str) == Some("true")
        })
        .filter_map(|(name, _)| name.as_str().map(str::to_string))
        .collect()
}

/// The stack output naming a seeded repository. Its URL shows the launch form's values; where
/// one is a `NoEcho` parameter (a template that masks `SageMakerProjectName`), the output
/// shows the name as the launch form's default does instead (`<project name>`).
fn output(seeded: &Seeded, masked: &[String]) -> yaml::Value {
    let shows = |value: &yaml::Value| {
        references::collect(value)
            .iter()
            .any(|r| masked.contains(&r.name))
    };
    let mut what = match &seeded.repository {
        Some(name) => format!("The seeded repository `{name}`"),
        None => "The seeded repository".into(),
    };
    let value = if shows(&seeded.url) {
        what.push_str(&format!(
            " (`{}` stands for the SageMaker project's name, which this template declares NoEcho)",
            connection::PROJECT_NAME_TOKEN
        ));
        seeded.masked_url.clone()
    } else {
        seeded.url.clone()
    };
    let mut out = yaml::Mapping::new();
    out.insert("Description".into(), what.into());
    out.insert("Value".into(), value);
    yaml::Value::Mapping(out)
}

/// Every reference of the blueprint's CloudFormation to a name jig adds, but not for this
/// publish (its provider and where the connection comes from), is refused with the fix.
fn check_references(
    blueprint: &Blueprint,
    settings: &Settings,
    document: &yaml::Value,
    file: &str,
) -> Result<(), Error> {
    let m = &blueprint.manifest;
    let declared = references::declared(document);
    let repositories: Vec<String> = m.repositories.iter().map(|r| r.name.clone()).collect();
    let provider = settings.repository.provider();
    let at = match settings.repository.connection_at_launch() {
        true => crate::blueprint::git::Connection::Launch,
        false => crate::blueprint::git::Connection::Publish,
    };
    let missing = references::unprovided(
        &references::collect(document),
        &declared,
        &repositories,
        provider,
        at,
        &m.catalog.git,
    );
    match missing.is_empty() {
        true => Ok(()),
        false => Err(Error::Unprovided {
            file: file.to_string(),
            provider,
            at,
            missing,
        }),
    }
}
