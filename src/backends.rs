//! Connects the engine to the services it cannot know: the AWS registries.
//!
//! `registry` defines the `Registry` trait and opens directory registries; the CodeArtifact and
//! Service Catalog backends implement that trait with the AWS SDK in `aws`, above it. This
//! module knows both and installs the constructor into `registry` once at start-up, so the
//! import runs downward only.

use crate::registry::{self, Error, Registry, SERVICE_CATALOG};
use crate::settings::{Config, RegistryConfig};

/// Installs every backend this build has.
pub(crate) fn install() {
    registry::install_remote(open);
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
