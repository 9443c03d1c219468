//! Connects the engine to the services it cannot know: the AWS registries, and CodeCommit for
//! the fleet.
//!
//! `registry` defines the `Registry` trait and opens directory registries; the CodeArtifact and
//! Service Catalog backends implement that trait with the AWS SDK in `aws`, above it. Likewise
//! `fleet::forge` defines the `Forge` trait, and CodeCommit implements it in `aws`. This module
//! knows both sides and installs the constructors once at start-up, so imports run downward
//! only.

use crate::registry::{self, Error, Registry, SERVICE_CATALOG};
use crate::settings::{Config, RegistryConfig};

/// Installs every backend this build has.
pub(crate) fn install() {
    registry::install_remote(open);
    crate::fleet::forge::install_codecommit(crate::fleet::forge::CodeCommitBackend {
        connect: |url| {
            Ok(Box::new(crate::aws::codecommit::CodeCommit::for_url(url)?)
                as Box<dyn crate::fleet::forge::Forge>)
        },
        discover: |region, prefix, tags| {
            crate::aws::codecommit::CodeCommit::for_region(region)?.discover(prefix, tags)
        },
    });
}

fn open(config: &Config, name: &str) -> Result<Box<dyn Registry>, Error> {
    match config.registries.get(name) {
        Some(RegistryConfig::Codeartifact(settings)) => Ok(Box::new(
            crate::aws::codeartifact::CodeArtifact::connect(name, settings)?,
        )),
        _ if name == SERVICE_CATALOG => Ok(Box::new(
            crate::aws::sc_registry::ServiceCatalog::connect(&config.catalog)?,
        )),
        _ => Err(Error::Unknown {
            name: name.to_string(),
            known: config.registries.keys().cloned().collect(),
        }),
    }
}
