//! CodeCommit repositories with `Code.S3`: the first commit comes from a seed zip. jig's seed
//! step pushes instead, so `Code` comes off; the repository stays, bound in
//! `catalog.repositories`, and the sample's pipeline keeps using it.

use super::{repository_name, unique, Seeded, Seeding, Style};
use crate::init::sagemaker::product::Product;
use crate::yaml::Value;

pub(super) fn detect(product: &Product) -> Seeding {
    let mut repositories = Vec::new();
    for (id, resource) in product.resources() {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::CodeCommit::Repository") {
            continue;
        }
        let Some(s3) = resource
            .get("Properties")
            .and_then(|p| p.get("Code"))
            .and_then(|c| c.get("S3"))
        else {
            continue;
        };
        let key = s3.get("Key").and_then(Value::as_str).unwrap_or_default();
        repositories.push(Seeded {
            name: repository_name(id),
            resource: id.to_string(),
            seed_key: key.to_string(),
            codecommit: Some(id.to_string()),
        });
    }
    if repositories.is_empty() {
        return Seeding::default();
    }
    unique(&mut repositories);
    Seeding {
        style: Some(Style::CodeCommit),
        repositories,
        providers: vec!["codecommit"],
        ..Seeding::default()
    }
}
