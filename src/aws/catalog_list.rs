//! `jig catalog list`: every product (of a portfolio) with its versions.

use super::catalog::{fail, Catalog};
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
        let mut products = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .rt
                .block_on(
                    self.sc
                        .search_products_as_admin()
                        .set_portfolio_id(portfolio.map(str::to_string))
                        .page_size(20)
                        .set_page_token(token.clone())
                        .send(),
                )
                .map_err(fail(
                    "SearchProductsAsAdmin",
                    "servicecatalog:SearchProductsAsAdmin",
                ))?;
            for d in out.product_view_details() {
                if let Some(s) = d.product_view_summary() {
                    products.push((
                        s.product_id().unwrap_or_default().to_string(),
                        s.name().unwrap_or_default().to_string(),
                    ));
                }
            }
            token = out
                .next_page_token()
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            if token.is_none() {
                break;
            }
        }
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
