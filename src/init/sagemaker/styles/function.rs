//! A Lambda function of the sample's that creates and fills the repositories itself (the
//! GitLab and Bitbucket samples: tokens from Secrets Manager, the seed zips named by
//! environment variables such as `ModelBuildSeedCode`), started by a custom resource. Each
//! `*SeedCode` variable is a repository; the function and its custom resource come out, and
//! the repository-name parameters become jig's. Where the sample says which server, group or
//! workspace holds the repositories is the sample's own business: it is named for a person.

use super::{named_parameter, providers_named, repository_name, unique, Removal, Seeded};
use super::{Seeding, Style};
use crate::init::sagemaker::cfn;
use crate::init::sagemaker::product::Product;
use crate::yaml::Value;

/// A function whose environment names seed code: the variables, as (key, value).
fn seed_variables(r: &Value) -> Option<Vec<(&str, &Value)>> {
    let kind = r.get("Type").and_then(Value::as_str)?;
    if kind != "AWS::Lambda::Function" && kind != "AWS::Serverless::Function" {
        return None;
    }
    let vars = r
        .get("Properties")?
        .get("Environment")?
        .get("Variables")?
        .as_mapping()?;
    let vars: Vec<(&str, &Value)> = vars
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v)))
        .collect();
    vars.iter()
        .any(|(k, _)| k.to_ascii_lowercase().contains("seedcode"))
        .then_some(vars)
}

pub(super) fn detect(product: &Product) -> Seeding {
    let mut seeding = Seeding::default();
    let mut functions = Vec::new();
    let mut text = String::new();
    for (id, r) in product.resources() {
        let Some(vars) = seed_variables(r) else {
            continue;
        };
        functions.push(id.to_string());
        text.push_str(&cfn::strings(r).join(" "));
        let mut found = 0;
        for (key, value) in &vars {
            let Some(stem) = key.strip_suffix("SeedCode").filter(|s| !s.is_empty()) else {
                continue;
            };
            let zip = cfn::strings(value).join("");
            if !zip.ends_with(".zip") {
                continue;
            }
            found += 1;
            seeding.repositories.push(Seeded {
                name: repository_name(stem),
                resource: id.to_string(),
                seed_key: zip,
                codecommit: None,
            });
        }
        if found == 0 {
            seeding.notes.push(format!(
                "{id} commits seed code (its environment names {}), but no variable `<Repository>SeedCode` names a zip, so jig cannot tell which repositories it seeds",
                vars.iter().map(|(k, _)| *k).filter(|k| k.to_ascii_lowercase().contains("seedcode")).collect::<Vec<_>>().join(", ")
            ));
        }
        // Where the repositories live, as the sample says it: for a person to line up.
        let mut placing: Vec<String> = Vec::new();
        for (_, value) in &vars {
            if let Some(p) = cfn::lone_name(value) {
                let own = product.own_parameters().iter().any(|o| o == p);
                let names_repo = seeding
                    .repositories
                    .iter()
                    .any(|r| named_parameter(product, &r.name).is_some_and(|(q, _)| q == p));
                if own && !names_repo && !placing.iter().any(|q| q == p) {
                    placing.push(p.to_string());
                }
            }
        }
        if !placing.is_empty() {
            seeding.notes.push(format!(
                "{id} created the repositories where {} say; jig's seed pushes to JigRepositoryOwner on the host configured at publish, into repositories that exist: make them agree, or replace those parameters with JigRepositoryOwner",
                placing.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if functions.is_empty() {
        return Seeding::default();
    }
    unique(&mut seeding.repositories);
    for repo in &seeding.repositories {
        if let Some(param) = named_parameter(product, &repo.name) {
            if !seeding.parameters.contains(&param) {
                seeding.parameters.push(param);
            }
        }
    }
    for (id, r) in product.resources() {
        let token = r
            .get("Properties")
            .and_then(|p| p.get("ServiceToken"))
            .and_then(cfn::getatt);
        if let Some((f, _)) = token.filter(|(f, _)| functions.contains(f)) {
            seeding.removals.push(Removal {
                id: id.to_string(),
                why: format!("the custom resource that runs {f}"),
                attributes: urls(product, id, &seeding.repositories),
                seeds: true,
            });
        }
    }
    for f in &functions {
        seeding.removals.push(Removal {
            id: f.clone(),
            why: "the Lambda function that creates the repositories and commits the seed code with tokens from Secrets Manager".into(),
            attributes: Vec::new(),
            seeds: true,
        });
    }
    let mut providers = providers_named(&text);
    if providers.is_empty() {
        providers = super::CONNECTION_PROVIDERS.to_vec();
    }
    seeding.providers = providers;
    seeding.style = Some(Style::SeedingFunction);
    seeding
}

/// The custom resource's attributes that are a repository's URL, by the repository's last
/// word (`build_repo_url` of `model-build`), as the Bitbucket sample returns them.
fn urls(product: &Product, invoker: &str, repositories: &[Seeded]) -> Vec<(String, super::Stands)> {
    let mut out = Vec::new();
    for (_, r) in product.resources() {
        for attr in cfn::attributes_of(r, invoker) {
            let lower = attr.to_ascii_lowercase();
            if !lower.contains("url") || out.iter().any(|(a, _)| *a == attr) {
                continue;
            }
            let repo = repositories.iter().find(|repo| {
                repo.name
                    .rsplit('-')
                    .next()
                    .is_some_and(|word| lower.contains(word))
            });
            if let Some(repo) = repo {
                out.push((attr, super::Stands::CloneUrl(repo.name.clone())));
            }
        }
    }
    out
}
