//! No seeding at all: the template creates no repository and commits nothing (the GitHub
//! Actions samples), and the team pushes the `seedcode/` folder shipped beside it into a
//! repository the launch form names. jig's seed step now does that push: the folder (or each
//! `--seed`) is a repository of the blueprint, and the parameters naming the repository and its
//! owner become jig's.

use super::{providers_named, repository_name, Becomes, Seeded, Seeding, Style};
use crate::init::sagemaker::cfn;
use crate::init::sagemaker::product::Product;

pub(super) fn detect(product: &Product, seeds: usize) -> Seeding {
    let own = product.own_parameters();
    let lower = |p: &str| p.to_ascii_lowercase();
    let naming: Vec<&String> = own
        .iter()
        .filter(|p| {
            let l = lower(p);
            l.contains("repo")
                && (l.ends_with("name") || l.ends_with("fullname"))
                && !l.contains("owner")
                && !l.contains("branch")
                && !l.contains("url")
        })
        .collect();
    let owners: Vec<&String> = own.iter().filter(|p| lower(p).contains("owner")).collect();
    let count = seeds.max(1);
    let mut seeding = Seeding {
        style: Some(Style::SeedFolder),
        ..Seeding::default()
    };
    let by_parameter = naming.len() == count;
    for i in 0..count {
        let named = naming.get(i).filter(|_| by_parameter);
        let name = match named {
            Some(p) => repository_name(p),
            None if count == 1 => "repository".to_string(),
            None => format!("repository-{}", i + 1),
        };
        if let Some(p) = named {
            let becomes = match lower(p).ends_with("fullname") {
                true => Becomes::FullName(name.clone()),
                false => Becomes::Name(name.clone()),
            };
            seeding.parameters.push((p.to_string(), becomes));
        }
        seeding.repositories.push(Seeded {
            name,
            resource: "(pushed by the team)".into(),
            seed_key: match seeds {
                0 => "seedcode/".into(),
                _ => format!("--seed {}", i + 1),
            },
            codecommit: None,
        });
    }
    super::unique(&mut seeding.repositories);
    if !by_parameter && !naming.is_empty() {
        seeding.notes.push(format!(
            "the template's parameters {} name repositories, but not one per seed ({count}); jig asks each repository's name as JigRepositoryName<Repository>: make the template use those",
            naming.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    match owners.as_slice() {
        [one] => seeding.parameters.push((one.to_string(), Becomes::Owner)),
        [] => {}
        many => seeding.notes.push(format!(
            "several parameters name an owner ({}); jig asks one, JigRepositoryOwner: make the template use it",
            many.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        )),
    }
    let mut text = product.description.clone();
    for p in &own {
        text.push(' ');
        text.push_str(p);
    }
    for (_, r) in product.resources() {
        text.push(' ');
        text.push_str(&cfn::strings(r).join(" "));
    }
    seeding.providers = providers_named(&text);
    seeding
}
