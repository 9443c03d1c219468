//! `jig catalog list`: every product (of a portfolio) with its versions.

use super::catalog::Catalog;
use crate::catalog::publish::{Api, Artifact};
use crate::catalog::Error;

/// A product and its versions, for `jig catalog list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub versions: Vec<Artifact>,
}

impl Catalog {
    /// Every product (in `portfolio`, when given) with its versions, newest first.
    pub fn list(&mut self, portfolio: Option<&str>) -> Result<Vec<Listed>, Error> {
        let products = self.search_products(None, portfolio)?;
        let mut listed = Vec::new();
        for (id, name) in products {
            let mut versions = self.artifacts(&id)?;
            versions.sort_by(|a, b| {
                let parse = |s: &str| semver::Version::parse(s).ok();
                parse(&b.name).cmp(&parse(&a.name))
            });
            listed.push(Listed { id, name, versions });
        }
        listed.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(listed)
    }
}
