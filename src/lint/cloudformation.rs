//! Lint rules on the CloudFormation a SageMaker Projects blueprint names
//! (`catalog.cloudformation`), checked on its render with the default answers: the parameters
//! SageMaker passes, and what jig's seed step would duplicate or break, as AWS's samples do it
//! (their tooling's `AWSDEFAULT___..___` placeholders, an initial commit from S3 on the
//! repository jig seeds, a function of their own that seeds repositories).

use super::{line_of, Finding};
use crate::blueprint::{codes, Blueprint};
use crate::generate::Template;
use crate::yaml::Value;

/// The catalog file's path (for findings), its text and its render with the defaults.
pub(super) struct Rendered {
    file: String,
    text: String,
    pub(super) doc: Value,
}

pub(super) fn render(blueprint: &Blueprint) -> Option<Rendered> {
    let m = &blueprint.manifest;
    let cfn = m.catalog.cloudformation.as_ref()?;
    let file = blueprint.tree_path(cfn);
    // A missing file is the manifest check's; a broken template, the template checks'.
    let text = std::fs::read_to_string(blueprint.template_root().join(cfn)).ok()?;
    let answers = crate::blueprint_tests::sets::AnswerSet::defaults()
        .resolve(blueprint)
        .ok()?;
    let template = crate::generate::blueprint::BlueprintTemplate::new(blueprint, &answers);
    let profile = m.files.syntax_for(blueprint.rule_path(cfn));
    let rendered = template
        .renderer()
        .render_file(profile, std::path::Path::new(cfn), &text)
        .ok()?;
    let doc = crate::yaml::from_str::<Value>(&rendered).ok()?;
    Some(Rendered { file, text, doc })
}

pub(super) fn check(blueprint: &Blueprint, out: &mut Vec<Finding>) {
    let Some(r) = render(blueprint) else {
        return;
    };
    sagemaker_parameters(&r, out);
    seeding(blueprint, &r, out);
}

/// The CloudFormation must declare the parameters SageMaker passes in, or nothing in it can
/// name the project's resources.
fn sagemaker_parameters(r: &Rendered, out: &mut Vec<Finding>) {
    let declared = |name: &str| r.doc.get("Parameters").and_then(|p| p.get(name)).is_some();
    let at = line_of(&r.text, "Parameters:");
    for name in crate::blueprint::catalog::PROJECT_PARAMETERS {
        if !declared(name) {
            let msg = format!(
                "the blueprint's CloudFormation (catalog.cloudformation) declares no `{name}` parameter; SageMaker Projects passes it to every project stack"
            );
            out.push(Finding::new(codes::SAGEMAKER_PARAMETERS, &r.file, at, msg));
        }
    }
}

/// The placeholders AWS's sample tooling replaces before it uploads a template.
const SAMPLE_PLACEHOLDER: &str = "AWSDEFAULT___";

fn seeding(blueprint: &Blueprint, r: &Rendered, out: &mut Vec<Finding>) {
    for (i, line) in r.text.lines().enumerate() {
        let Some(start) = line.find(SAMPLE_PLACEHOLDER) else {
            continue;
        };
        let rest = &line[start + SAMPLE_PLACEHOLDER.len()..];
        let end = rest.find("___").map_or(rest.len(), |e| e + 3);
        let placeholder = format!("{SAMPLE_PLACEHOLDER}{}", &rest[..end]);
        let at = crate::yaml::Location {
            line: i + 1,
            column: start + 1,
        };
        let msg = format!(
            "`{placeholder}` is a placeholder AWS's sample tooling fills in before upload; jig publishes the template as it is, so it would stay literal (use a parameter, or the bucket and roles jig's seed step uses)"
        );
        out.push(Finding::new(codes::SEED_CONFLICT, &r.file, at, msg));
    }
    let Some(resources) = r.doc.get("Resources").and_then(Value::as_mapping) else {
        return;
    };
    let catalog = &blueprint.manifest.catalog;
    for repo in catalog
        .repository
        .iter()
        .chain(catalog.repositories.values())
    {
        let code = resources
            .get(repo.as_str())
            .and_then(|res| res.get("Properties"))
            .and_then(|p| p.get("Code"));
        if code.is_some() {
            let key = match catalog.repository.is_some() {
                true => "catalog.repository",
                false => "catalog.repositories",
            };
            let at = line_of(&r.text, &format!("  {repo}:"));
            let msg = format!(
                "`{repo}` ({key}) has `Code`, an initial commit from S3; jig's seed step pushes the generated project there, so the repository would be seeded twice (remove `Code`)"
            );
            out.push(Finding::new(codes::SEED_CONFLICT, &r.file, at, msg));
        }
    }
    for (id, res) in resources {
        let inline = res
            .get("Properties")
            .and_then(|p| p.get("Code"))
            .and_then(|c| c.get("ZipFile"))
            .and_then(Value::as_str);
        let seeds = inline.is_some_and(|code| {
            ["create_commit", "put_file", "CreateCommit", "PutFile"]
                .iter()
                .any(|call| code.contains(call))
        });
        if res.get("Type").and_then(Value::as_str) == Some("AWS::Lambda::Function") && seeds {
            let id = id.as_str().unwrap_or_default();
            let at = line_of(&r.text, &format!("  {id}:"));
            let msg = format!(
                "function `{id}` commits files to a repository itself; jig's seed step already seeds the project's repository, so remove it (or keep it for a repository jig does not seed)"
            );
            out.push(Finding::new(codes::SEED_FUNCTION, &r.file, at, msg));
        }
    }
}
