//! Applies a `Seeding` to the product template (pure, in memory): the sample's seeding
//! resources come out with what only served them (their roles, permissions, log groups and
//! parameters), the sample's repository parameters become jig's (`JigRepositoryOwner`,
//! `JigRepositoryName<Repo>`, `CodeConnectionArn`), and every reference to what was taken out
//! names what replaces it: jig's seed resource (`JigSeed`, whose `CloneUrl<Repo>` is each
//! repository's clone URL) or jig's parameters. What cannot be replaced is returned for the
//! report, never dropped.

use super::cfn;
use super::product::Product;
use super::styles::{Becomes, Seeding, Stands, CONNECTION_PARAMETER};
use crate::blueprint::catalog::{pascal, REPOSITORY_NAME, REPOSITORY_OWNER};
use crate::yaml::Value;

/// jig's seed custom resource (src/catalog/seed.rs).
pub(crate) const SEED_RESOURCE: &str = "JigSeed";

/// What the edit did and left, for IMPORT.md and the terminal.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    pub removed: Vec<String>,
    pub kept: Vec<String>,
    pub not_imported: Vec<String>,
}

/// Resource types that exist for another resource: they go when it goes.
const ATTACHED: [&str; 6] = [
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::Lambda::Permission",
    "AWS::Logs::LogGroup",
    "AWS::IAM::InstanceProfile",
];

fn owner_text() -> String {
    format!("${{{REPOSITORY_OWNER}}}")
}

fn name_text(repo: &str) -> String {
    format!("${{{REPOSITORY_NAME}{}}}", pascal(repo))
}

pub(crate) fn apply(product: &mut Product, seeding: &Seeding) -> Edits {
    let mut edits = Edits::default();
    for repo in &seeding.repositories {
        if let Some(id) = &repo.codecommit {
            product.remove_code(id);
            edits.removed.push(format!(
                "`Code` of {id} (the seed zip {}): jig's seed step pushes the repository `{}` instead",
                repo.seed_key, repo.name
            ));
        }
    }
    let removed = with_attached(product, seeding);
    // Parameters the removed resources use, to take out if nothing else does.
    let mut used: Vec<String> = product
        .own_parameters()
        .into_iter()
        .filter(|p| {
            removed
                .iter()
                .filter_map(|(id, _)| product.resource(id))
                .any(|r| cfn::refers_to(r, p))
        })
        .collect();
    let conditions: Vec<String> = product
        .conditions()
        .into_iter()
        .filter(|c| {
            removed
                .iter()
                .filter_map(|(id, _)| product.resource(id))
                .any(|r| cfn::uses_condition(r, c))
        })
        .collect();
    let ids: Vec<String> = removed.iter().map(|(id, _)| id.clone()).collect();
    parameters(product, seeding, &ids, &mut edits);
    for (id, _) in &removed {
        let removal = seeding.removals.iter().find(|r| &r.id == id);
        let with = |attr: Option<&str>| -> Option<String> {
            let key = attr.unwrap_or("Ref");
            let (_, stands) = removal?.attributes.iter().find(|(a, _)| a == key)?;
            Some(match stands {
                Stands::CloneUrl(repo) => format!("${{{SEED_RESOURCE}.CloneUrl{}}}", pascal(repo)),
                Stands::FullName(repo) => format!("{}/{}", owner_text(), name_text(repo)),
            })
        };
        product.replace_name(id, &with);
        let seeds = removal.is_some_and(|r| r.seeds);
        product.replace_dependency(id, seeds.then_some(SEED_RESOURCE));
    }
    product.drop_implied_dependency(SEED_RESOURCE);
    for id in &ids {
        let left = product.referring(id, &ids);
        if !left.is_empty() {
            edits.not_imported.push(format!(
                "{} still refer(s) to {id}, which is taken out (jig's seed step replaces it): point them at what replaces it, or take them out",
                left.join(", ")
            ));
        }
    }
    for (id, why) in &removed {
        product.remove_resource(id);
        edits.removed.push(format!("resource {id}: {why}"));
    }
    // A condition only the removed resources used, then the conditions only it used.
    let mut gone = conditions;
    while let Some(c) = gone.pop() {
        if product.conditions().contains(&c) && !product.condition_used(&c) {
            let inner: Vec<String> = product
                .conditions()
                .into_iter()
                .filter(|n| {
                    product
                        .condition(&c)
                        .is_some_and(|body| cfn::uses_condition(body, n))
                })
                .collect();
            if let Some(body) = product.condition(&c) {
                let own = product.own_parameters();
                used.extend(own.into_iter().filter(|p| cfn::refers_to(body, p)));
            }
            product.remove_condition(&c);
            edits
                .removed
                .push(format!("condition {c}: only the seeding taken out used it"));
            gone.extend(inner);
        }
    }
    for p in used {
        if product.has_parameter(&p) && !product.referred_to(&p, &[]) {
            product.remove_parameter(&p);
            edits
                .removed
                .push(format!("parameter {p}: only the seeding taken out used it"));
        }
    }
    edits.not_imported.extend(seeding.notes.iter().cloned());
    edits
}

/// The removals, and each resource that only exists for them (a role only they use, a
/// permission or log group of a removed function), with why.
fn with_attached(product: &Product, seeding: &Seeding) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = seeding
        .removals
        .iter()
        .filter(|r| product.resource(&r.id).is_some())
        .map(|r| (r.id.clone(), r.why.clone()))
        .collect();
    loop {
        let ids: Vec<String> = out.iter().map(|(id, _)| id.clone()).collect();
        let next = product.resources().find_map(|(id, r)| {
            let kind = r.get("Type").and_then(Value::as_str)?;
            if ids.iter().any(|i| i == id) || !ATTACHED.contains(&kind) {
                return None;
            }
            let users: Vec<String> = product.referring(id, &[]);
            let only_removed = !users.is_empty()
                && users.iter().all(|u| ids.contains(u))
                && !product.referred_to(id, &users);
            let of_removed = ids.iter().find(|i| cfn::refers_to(r, i));
            match (only_removed, of_removed) {
                (true, _) => Some((
                    id.to_string(),
                    format!("{kind} used only by {}", users.join(", ")),
                )),
                (false, Some(i)) if kind != "AWS::IAM::Role" => {
                    Some((id.to_string(), format!("{kind} of {i}")))
                }
                _ => None,
            }
        });
        match next {
            Some(found) => out.push(found),
            None => return out,
        }
    }
}

/// The sample's repository parameters become jig's.
fn parameters(product: &mut Product, seeding: &Seeding, removed: &[String], edits: &mut Edits) {
    let mut done: Vec<&str> = Vec::new();
    for (p, becomes) in &seeding.parameters {
        if done.contains(&p.as_str()) || !product.has_parameter(p) {
            continue;
        }
        done.push(p);
        if *becomes == Becomes::Connection {
            if p != CONNECTION_PARAMETER {
                product.rename_parameter(p, CONNECTION_PARAMETER);
            }
            edits.kept.push(format!(
                "parameter {p}: the CodeConnections connection, asked at launch as {CONNECTION_PARAMETER} (`catalog.git.connection: launch`); jig's seed pushes through it"
            ));
            continue;
        }
        let (text, what) = match becomes {
            Becomes::Owner => (owner_text(), format!("the repository owner: jig asks it as {REPOSITORY_OWNER}")),
            Becomes::Name(repo) => (
                name_text(repo),
                format!("the name of `{repo}`: jig asks it as {REPOSITORY_NAME}{}", pascal(repo)),
            ),
            Becomes::FullName(repo) => (
                format!("{}/{}", owner_text(), name_text(repo)),
                format!(
                    "`owner/name` of `{repo}`: jig asks them as {REPOSITORY_OWNER} and {REPOSITORY_NAME}{}",
                    pascal(repo)
                ),
            ),
            Becomes::Connection => unreachable!("handled above"),
        };
        let all: Vec<String> = seeding
            .parameters
            .iter()
            .map(|(q, _)| format!("${{{q}}}"))
            .collect();
        for (id, s) in embedded(product, p, removed) {
            // `${Owner}/${Name}` of the sample's own repository parameters means jig's too.
            let rest = all.iter().fold(s.clone(), |acc, v| acc.replace(v, ""));
            if rest.chars().all(|c| c == '/') {
                continue;
            }
            edits.not_imported.push(format!(
                "{id} uses {p} within `{s}`; it now reads {text} there: check that it still means what the sample meant (the sample's seeding may have named the repository differently)"
            ));
        }
        let with = |_: Option<&str>| Some(text.clone());
        product.replace_name(p, &with);
        product.remove_parameter(p);
        edits.removed.push(format!("parameter {p} ({what})"));
    }
}

/// The `!Sub` strings that use `${p}` with other text around it, by resource.
fn embedded(product: &Product, p: &str, removed: &[String]) -> Vec<(String, String)> {
    let var = format!("${{{p}}}");
    let mut out = Vec::new();
    for (id, r) in product.resources() {
        if removed.iter().any(|r| r == id) {
            continue;
        }
        for s in cfn::strings(r) {
            if s.contains(&var) && s != var {
                out.push((id.to_string(), s.to_string()));
            }
        }
    }
    out
}
