//! Service Catalog as a read-only registry (`sc`): `jig new sc:PRODUCT@REQ` and the projects
//! seeded in SageMaker (which record `registry: sc`) resolve versions through the product.
//!
//! A version is a provisioning artifact named with a semantic version; its template URL points
//! at the S3 prefix `jig publish` wrote, where the one-version registry beside the template
//! holds `meta.json` and the bundle. `registry::fetch` checks the bundle against the digest.

use super::catalog::Catalog;
use crate::catalog::publish::Api;
use crate::registry::{Bundle, Error, Meta, Published, Registry};
use semver::Version;
use std::cell::RefCell;

pub(crate) struct ServiceCatalog {
    catalog: RefCell<Catalog>,
    region: String,
}

fn remote(operation: &'static str, e: crate::catalog::Error) -> Error {
    Error::Remote {
        registry: crate::catalog::seed::REGISTRY.into(),
        operation,
        message: e.to_string(),
        hint: match e {
            crate::catalog::Error::Aws { hint, .. } => hint,
            _ => None,
        },
    }
}

/// `(bucket, key)` of an S3 object URL: virtual-hosted (`https://B.s3.R.amazonaws.com/K`)
/// or path style (`ENDPOINT/B/K`).
pub(crate) fn split_url(url: &str) -> Option<(String, String)> {
    let rest = url.split_once("://")?.1;
    let (host, path) = rest.split_once('/')?;
    match host.split_once(".s3.") {
        Some((bucket, _)) => Some((bucket.to_string(), path.to_string())),
        None => {
            let (bucket, key) = path.split_once('/')?;
            Some((bucket.to_string(), key.to_string()))
        }
    }
}

impl ServiceCatalog {
    pub(crate) fn connect(
        settings: &crate::settings::CatalogConfig,
    ) -> Result<ServiceCatalog, Error> {
        let catalog = Catalog::connect(
            settings.region.as_deref(),
            settings.endpoint_url.as_deref(),
            settings.bucket.as_deref().unwrap_or_default(),
        )
        .map_err(|e| remote("connect", e))?;
        Ok(ServiceCatalog {
            catalog: RefCell::new(catalog),
            region: settings.region.clone().unwrap_or_default(),
        })
    }

    /// Over a given client (tests).
    #[cfg(test)]
    pub(crate) fn with_catalog(catalog: Catalog, region: &str) -> ServiceCatalog {
        ServiceCatalog {
            catalog: RefCell::new(catalog),
            region: region.to_string(),
        }
    }

    /// The product id of `name`, or NoBlueprint.
    fn product(&self, name: &str) -> Result<String, Error> {
        let found = self.catalog.borrow_mut().find_product(name);
        found
            .map_err(|e| remote("SearchProductsAsAdmin", e))?
            .ok_or_else(|| Error::NoBlueprint {
                registry: crate::catalog::seed::REGISTRY.into(),
                name: name.to_string(),
            })
    }

    /// Where `name` `version`'s one-version registry lives: (bucket, key prefix).
    fn location(&self, name: &str, version: &Version) -> Result<(String, String), Error> {
        let product = self.product(name)?;
        let mut catalog = self.catalog.borrow_mut();
        let artifacts = catalog
            .artifacts(&product)
            .map_err(|e| remote("ListProvisioningArtifacts", e))?;
        let artifact = artifacts
            .into_iter()
            .find(|a| a.name == version.to_string())
            .ok_or_else(|| Error::NoVersion {
                registry: crate::catalog::seed::REGISTRY.into(),
                name: name.to_string(),
                req: format!("={version}"),
                available: Vec::new(),
            })?;
        let (url, _) = catalog
            .artifact(&product, &artifact.id)
            .map_err(|e| remote("DescribeProvisioningArtifact", e))?;
        let corrupt = || Error::Corrupt {
            registry: crate::catalog::seed::REGISTRY.into(),
            message: format!("{name} {version} loads {url}, which `jig publish` did not write"),
        };
        let (bucket, key) = split_url(&url).ok_or_else(corrupt)?;
        let base = key.strip_suffix("/template.yaml").ok_or_else(corrupt)?;
        Ok((bucket, format!("{base}/registry/{name}/{version}")))
    }

    fn get(&self, bucket: &str, key: &str) -> Result<Vec<u8>, Error> {
        let catalog = self.catalog.borrow();
        catalog
            .get_object_in(bucket, key)
            .map_err(|e| remote("GetObject", e))?
            .ok_or_else(|| Error::Corrupt {
                registry: crate::catalog::seed::REGISTRY.into(),
                message: format!("s3://{bucket}/{key} is missing"),
            })
    }
}

impl Registry for ServiceCatalog {
    fn name(&self) -> &str {
        crate::catalog::seed::REGISTRY
    }
    fn location(&self) -> String {
        format!("servicecatalog://{}", self.region)
    }
    fn is_remote(&self) -> bool {
        true
    }
    fn blueprints(&self) -> Result<Vec<String>, Error> {
        let listed = self.catalog.borrow_mut().list(None);
        Ok(listed
            .map_err(|e| remote("SearchProductsAsAdmin", e))?
            .into_iter()
            .map(|p| p.name)
            .collect())
    }
    fn versions(&self, name: &str) -> Result<Vec<Version>, Error> {
        let product = match self.product(name) {
            Ok(p) => p,
            Err(Error::NoBlueprint { .. }) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let artifacts = self.catalog.borrow_mut().artifacts(&product);
        Ok(artifacts
            .map_err(|e| remote("ListProvisioningArtifacts", e))?
            .into_iter()
            .filter(|a| a.active)
            .filter_map(|a| Version::parse(&a.name).ok())
            .collect())
    }
    fn meta(&self, name: &str, version: &Version) -> Result<Meta, Error> {
        let (bucket, prefix) = self.location(name, version)?;
        let bytes = self.get(&bucket, &format!("{prefix}/meta.json"))?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
            registry: crate::catalog::seed::REGISTRY.into(),
            message: format!("s3://{bucket}/{prefix}/meta.json: {e}"),
        })
    }
    fn download(&self, meta: &Meta) -> Result<Vec<u8>, Error> {
        let (bucket, prefix) = self.location(&meta.name, &meta.version)?;
        self.get(&bucket, &format!("{prefix}/bundle.tar.gz"))
    }
    fn publish(&self, meta: &Meta, _: &Bundle) -> Result<Published, Error> {
        Err(Error::Corrupt {
            registry: crate::catalog::seed::REGISTRY.into(),
            message: format!(
                "{} {} cannot be published to `sc` as a registry; use `jig publish --service-catalog`",
                meta.name, meta.version
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn template_urls_name_their_bucket_and_key() {
        assert_eq!(
            super::split_url("https://b.s3.eu-west-1.amazonaws.com/jig/x/1.0.0/template.yaml"),
            Some(("b".into(), "jig/x/1.0.0/template.yaml".into()))
        );
        assert_eq!(
            super::split_url("http://127.0.0.1:5000/b/jig/x/1.0.0/template.yaml"),
            Some(("b".into(), "jig/x/1.0.0/template.yaml".into()))
        );
    }
}
