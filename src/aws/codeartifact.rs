//! The CodeArtifact registry: each blueprint is a generic package (namespace per
//! organisation, package = blueprint name, version = blueprint version) with two assets,
//! `meta.json` and `<name>-<version>.tar.gz`.
//!
//! Publishing uploads the metadata with `unfinished=true`, then the bundle, which makes the
//! version `Published`, so a version is never visible without its bundle. Before uploading,
//! `ListPackageVersionAssets` tells whether the version exists: the same bundle SHA-256 is a
//! no-op, another is refused (versions are immutable), and a version left `Unfinished` by an
//! interrupted publish is completed. Resolution lists only `Published` versions, and every
//! download is checked against the digest by the caller (`registry::fetch`).

use crate::registry::{Bundle, Error, Meta, Published, Registry};
use crate::settings::config::CodeArtifactConfig;
use aws_sdk_codeartifact::primitives::ByteStream;
use aws_sdk_codeartifact::types::{HashAlgorithm, PackageFormat, PackageVersionStatus};
use aws_sdk_codeartifact::Client;
use semver::Version;

const META_ASSET: &str = "meta.json";

/// Starts a call scoped to the configured domain, repository and generic namespace.
macro_rules! namespace_call {
    ($self:ident, $op:ident) => {{
        let s = &$self.settings;
        $self
            .client
            .$op()
            .domain(&s.domain)
            .set_domain_owner(s.domain_owner.clone())
            .repository(&s.repository)
            .format(PackageFormat::Generic)
            .namespace(&s.namespace)
    }};
}

/// The same, for one package (blueprint).
macro_rules! package_call {
    ($self:ident, $op:ident, $package:expr) => {
        namespace_call!($self, $op).package($package)
    };
}

pub(crate) struct CodeArtifact {
    name: String,
    settings: CodeArtifactConfig,
    client: Client,
    rt: tokio::runtime::Runtime,
}

/// A failed call: the error code (if AWS answered) and a message.
struct Failure {
    code: Option<String>,
    message: String,
}

impl<E, R> From<aws_sdk_codeartifact::error::SdkError<E, R>> for Failure
where
    E: aws_sdk_codeartifact::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    fn from(err: aws_sdk_codeartifact::error::SdkError<E, R>) -> Failure {
        let (code, message) = super::describe(&err);
        Failure { code, message }
    }
}

impl Failure {
    fn not_found(&self) -> bool {
        self.code.as_deref() == Some("ResourceNotFoundException")
    }
}

impl CodeArtifact {
    /// Connects with the standard AWS chain (no call is made until needed).
    pub(crate) fn connect(
        name: &str,
        settings: &CodeArtifactConfig,
    ) -> Result<CodeArtifact, Error> {
        let rt = super::runtime().map_err(|e| Error::Remote {
            registry: name.to_string(),
            operation: "start",
            message: e.to_string(),
            hint: None,
        })?;
        let config = rt.block_on(super::sdk_config(
            settings.region.as_deref(),
            settings.endpoint_url.as_deref(),
        ));
        let client = Client::new(&config);
        Ok(CodeArtifact::with_client(name, settings, client, rt))
    }

    /// A registry over a given client (tests pass one with a replay HTTP client).
    pub(crate) fn with_client(
        name: &str,
        settings: &CodeArtifactConfig,
        client: Client,
        rt: tokio::runtime::Runtime,
    ) -> CodeArtifact {
        CodeArtifact {
            name: name.to_string(),
            settings: settings.clone(),
            client,
            rt,
        }
    }

    /// The bundle's asset name.
    pub(crate) fn bundle_asset(name: &str, version: &Version) -> String {
        format!("{name}-{version}.tar.gz")
    }

    fn fail(&self, operation: &'static str, permission: &str, f: Failure) -> Error {
        Error::Remote {
            registry: self.name.clone(),
            operation,
            hint: super::hint(f.code.as_deref(), permission),
            message: f.message,
        }
    }

    /// The assets of a version with their SHA-256, or None when the version does not exist.
    fn assets(
        &self,
        name: &str,
        version: &Version,
    ) -> Result<Option<Vec<(String, String)>>, Error> {
        let call = package_call!(self, list_package_version_assets, name)
            .package_version(version.to_string());
        match self.rt.block_on(call.send()) {
            Ok(out) => Ok(Some(
                out.assets()
                    .iter()
                    .map(|a| {
                        let sha = a
                            .hashes()
                            .and_then(|h| h.get(&HashAlgorithm::Sha256))
                            .cloned()
                            .unwrap_or_default();
                        (a.name().to_string(), sha)
                    })
                    .collect(),
            )),
            Err(e) => {
                let f = Failure::from(e);
                if f.not_found() {
                    Ok(None)
                } else {
                    Err(self.fail(
                        "ListPackageVersionAssets",
                        "codeartifact:ListPackageVersionAssets",
                        f,
                    ))
                }
            }
        }
    }

    fn asset(&self, name: &str, version: &Version, asset: &str) -> Result<Vec<u8>, Error> {
        let call = package_call!(self, get_package_version_asset, name)
            .package_version(version.to_string())
            .asset(asset);
        let result = self.rt.block_on(async {
            let out = call.send().await.map_err(Failure::from)?;
            out.asset
                .collect()
                .await
                .map(|data| data.into_bytes().to_vec())
                .map_err(|e| Failure {
                    code: None,
                    message: format!("reading {asset}: {e}"),
                })
        });
        result.map_err(|f| {
            if f.not_found() {
                Error::NoVersion {
                    registry: self.name.clone(),
                    name: name.to_string(),
                    req: format!("={version}"),
                    available: Vec::new(),
                }
            } else {
                self.fail(
                    "GetPackageVersionAsset",
                    "codeartifact:ReadFromRepository",
                    f,
                )
            }
        })
    }

    fn upload(
        &self,
        meta: &Meta,
        asset: &str,
        bytes: &[u8],
        unfinished: bool,
    ) -> Result<(), Error> {
        let sha = crate::registry::bundle::digest(bytes);
        let call = package_call!(self, publish_package_version, &meta.name)
            .package_version(meta.version.to_string())
            .asset_name(asset)
            .asset_sha256(sha.trim_start_matches("sha256:"))
            .asset_content(ByteStream::from(bytes.to_vec()))
            .set_unfinished(unfinished.then_some(true));
        self.rt.block_on(call.send()).map(drop).map_err(|e| {
            self.fail(
                "PublishPackageVersion",
                "codeartifact:PublishPackageVersion",
                e.into(),
            )
        })
    }
}

impl Registry for CodeArtifact {
    fn name(&self) -> &str {
        &self.name
    }

    fn location(&self) -> String {
        let s = &self.settings;
        format!(
            "codeartifact://{}/{}/{}",
            s.domain, s.repository, s.namespace
        )
    }

    fn is_remote(&self) -> bool {
        true
    }

    fn blueprints(&self) -> Result<Vec<String>, Error> {
        let pages = namespace_call!(self, list_packages)
            .into_paginator()
            .items()
            .send();
        let result: Result<Vec<_>, _> = self.rt.block_on(pages.collect());
        let packages =
            result.map_err(|e| self.fail("ListPackages", "codeartifact:ListPackages", e.into()))?;
        let mut names: Vec<String> = packages
            .into_iter()
            .filter_map(|p| p.package().map(str::to_string))
            .collect();
        names.sort();
        Ok(names)
    }

    fn versions(&self, name: &str) -> Result<Vec<Version>, Error> {
        let pages = package_call!(self, list_package_versions, name)
            .status(PackageVersionStatus::Published)
            .into_paginator()
            .items()
            .send();
        let result: Result<Vec<_>, _> = self.rt.block_on(pages.collect());
        match result {
            Ok(versions) => Ok(versions
                .iter()
                .filter(|v| v.status() == &PackageVersionStatus::Published)
                .filter_map(|v| Version::parse(v.version()).ok())
                .collect()),
            Err(e) => {
                let f = Failure::from(e);
                if f.not_found() {
                    Ok(Vec::new())
                } else {
                    Err(self.fail("ListPackageVersions", "codeartifact:ListPackageVersions", f))
                }
            }
        }
    }

    fn meta(&self, name: &str, version: &Version) -> Result<Meta, Error> {
        let bytes = self.asset(name, version, META_ASSET)?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
            registry: self.name.clone(),
            message: format!("{name} {version} has an unreadable {META_ASSET}: {e}"),
        })
    }

    fn download(&self, meta: &Meta) -> Result<Vec<u8>, Error> {
        self.asset(
            &meta.name,
            &meta.version,
            &Self::bundle_asset(&meta.name, &meta.version),
        )
    }

    fn publish(&self, meta: &Meta, bundle: &Bundle) -> Result<Published, Error> {
        let bundle_asset = Self::bundle_asset(&meta.name, &meta.version);
        let ours = bundle.digest.trim_start_matches("sha256:");
        let existing = self.assets(&meta.name, &meta.version)?.unwrap_or_default();
        if let Some((_, sha)) = existing.iter().find(|(n, _)| *n == bundle_asset) {
            if sha == ours {
                return Ok(Published::Unchanged);
            }
            return Err(Error::Immutable {
                registry: self.name.clone(),
                name: meta.name.clone(),
                version: meta.version.to_string(),
                published: format!("sha256:{sha}"),
                ours: bundle.digest.clone(),
            });
        }
        // Metadata first, unfinished; an interrupted publish left it there already.
        if !existing.iter().any(|(n, _)| n == META_ASSET) {
            let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
            self.upload(meta, META_ASSET, &json, true)?;
        }
        self.upload(meta, &bundle_asset, &bundle.bytes, false)?;
        Ok(Published::New)
    }
}
