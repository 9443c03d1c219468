//! AWS's check-in through CodeConnections (its third-party Git templates, and the community
//! samples built on them): a CodeBuild project built from AWS's bootstrap zip
//! (`GitRepositorySeedCodeCheckinCodeBuildProject-v1.x.zip`), a Lambda function that starts it,
//! and one custom resource per repository naming its seed zip (`SEEDCODE_BUCKET_KEY`), the
//! repository (`GIT_REPOSITORY_FULL_NAME`), its branch and the connection. Each custom resource
//! is a repository of the blueprint; all three kinds of resource come out, and a reference to a
//! custom resource's `url` becomes jig's seed's clone URL of that repository.

use super::{named_parameter, repository_name, unique, Becomes, Removal, Seeded, Seeding, Stands};
use super::{Style, CONNECTION_PROVIDERS};
use crate::init::sagemaker::cfn;
use crate::init::sagemaker::product::Product;
use crate::yaml::Value;

const BOOTSTRAP: &str = "GitRepositorySeedCodeCheckinCodeBuildProject";

pub(super) fn detect(product: &Product) -> Seeding {
    let is_custom = |r: &Value| {
        r.get("Type").and_then(Value::as_str).is_some_and(|t| {
            t == "AWS::CloudFormation::CustomResource" || t.starts_with("Custom::")
        })
    };
    let invokers: Vec<(&str, &Value)> = product
        .resources()
        .filter(|(_, r)| is_custom(r))
        .filter(|(_, r)| {
            r.get("Properties")
                .is_some_and(|p| p.get("SEEDCODE_BUCKET_KEY").is_some())
        })
        .collect();
    if invokers.is_empty() {
        return Seeding::default();
    }
    let mut seeding = Seeding {
        style: Some(Style::CheckinBuild),
        providers: CONNECTION_PROVIDERS.to_vec(),
        ..Seeding::default()
    };
    let mut functions: Vec<String> = Vec::new();
    for (id, invoker) in &invokers {
        let props = invoker.get("Properties").expect("checked above");
        let (name, parameters) = repository(product, id, props.get("GIT_REPOSITORY_FULL_NAME"));
        if parameters.is_empty() {
            seeding.notes.push(format!(
                "{id} names its repository as `{}` (GIT_REPOSITORY_FULL_NAME), which is not a parameter jig can take over; jig's seed pushes `{name}` to JigRepositoryOwner/JigRepositoryName{}: make the template name the repository with those",
                shown(props.get("GIT_REPOSITORY_FULL_NAME")),
                crate::blueprint::catalog::pascal(&name)
            ));
        }
        seeding.parameters.extend(parameters);
        match props.get("GIT_REPOSITORY_CONNECTION_ARN").and_then(cfn::lone_name) {
            Some(p) => {
                seeding.connection_at_launch = true;
                if !seeding.parameters.iter().any(|(q, _)| q == p) {
                    seeding.parameters.push((p.to_string(), Becomes::Connection));
                }
            }
            None => seeding.notes.push(format!(
                "{id} names its connection as `{}`, not a launch parameter; jig's seed uses the connection fixed at publish (`--connection`)",
                shown(props.get("GIT_REPOSITORY_CONNECTION_ARN"))
            )),
        }
        if let Some(branch) = props.get("GIT_REPOSITORY_BRANCH").and_then(cfn::lone_name) {
            seeding.notes.push(format!(
                "{id} checked the seed code in on the branch the launch form names (`{branch}`); jig's seed commits on the repository's default branch (docs/catalog.md), so that parameter must name the default branch"
            ));
        }
        if let Some((f, _)) = props.get("ServiceToken").and_then(cfn::getatt) {
            if !functions.contains(&f) {
                functions.push(f);
            }
        }
        let key = cfn::strings(props.get("SEEDCODE_BUCKET_KEY").expect("checked above")).join("");
        seeding.repositories.push(Seeded {
            name,
            resource: id.to_string(),
            seed_key: key,
            codecommit: None,
        });
    }
    unique(&mut seeding.repositories);
    for ((id, _), repo) in invokers.iter().zip(&seeding.repositories) {
        seeding.removals.push(Removal {
            id: id.to_string(),
            why: format!(
                "the custom resource that had AWS's check-in build seed `{}`",
                repo.name
            ),
            attributes: vec![("url".into(), Stands::CloneUrl(repo.name.clone()))],
            seeds: true,
        });
    }
    for f in functions {
        seeding.removals.push(Removal {
            id: f,
            why: "the Lambda function that starts the check-in build".into(),
            attributes: Vec::new(),
            seeds: true,
        });
    }
    for (id, r) in product.resources() {
        let is_build = r.get("Type").and_then(Value::as_str) == Some("AWS::CodeBuild::Project");
        if is_build && cfn::strings(r).iter().any(|s| s.contains(BOOTSTRAP)) {
            seeding.removals.push(Removal {
                id: id.to_string(),
                why: format!(
                    "the CodeBuild project that checks the seed code in (AWS's `{BOOTSTRAP}` zip)"
                ),
                attributes: Vec::new(),
                seeds: true,
            });
        }
    }
    seeding
}

/// The repository's name in the blueprint and the parameters naming it, from the invoker's
/// `GIT_REPOSITORY_FULL_NAME`: `${Full}` (owner/name in one) or `${Owner}/${Name}`.
fn repository(
    product: &Product,
    id: &str,
    full: Option<&Value>,
) -> (String, Vec<(String, Becomes)>) {
    let from_id = || {
        let base = id.strip_prefix("SageMaker").unwrap_or(id);
        let base = base.split("SeedCode").next().unwrap_or(base);
        repository_name(base)
    };
    if let Some(p) = full.and_then(cfn::lone_name) {
        let name = repository_name(p);
        return (name.clone(), vec![(p.to_string(), Becomes::FullName(name))]);
    }
    if let Some((s, None)) = full.and_then(cfn::sub) {
        if let [owner, repo] = cfn::sub_names(s).as_slice() {
            if s == format!("${{{owner}}}/${{{repo}}}") {
                let name = repository_name(repo);
                return (
                    name.clone(),
                    vec![
                        (owner.to_string(), Becomes::Owner),
                        (repo.to_string(), Becomes::Name(name)),
                    ],
                );
            }
        }
    }
    let name = from_id();
    let parameters = named_parameter(product, &name).into_iter().collect();
    (name, parameters)
}

/// A value as the report shows it.
fn shown(v: Option<&Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(v) => crate::yaml::to_string(v)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
