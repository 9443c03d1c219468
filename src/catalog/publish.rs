//! Publishing a product version, idempotently: look before every create, pass deterministic
//! idempotency tokens, and make the account match rather than replay a script.
//!
//! A run uploads the version's immutable files (the one-version registry, the jig binary, the
//! template: an existing object must have the same bytes, or the version is refused), then, for
//! Service Catalog, finds the product by exact name, creates it or the version's provisioning
//! artifact, adds missing tags, the portfolio association, the LAUNCH constraint and the
//! principals, and deprecates older versions. Each step reports whether it changed anything,
//! so a second run says "nothing to do" and a run that failed half way completes.

pub use super::api::{
    Api, Artifact, NewArtifact, NewProduct, Options, PublishReport, Put, Step, Upload,
};
pub use super::studio::{
    serves_studio, studio_cors_rule, STUDIO_CORS_EXPOSE, STUDIO_CORS_METHODS, STUDIO_ORIGIN,
    STUDIO_TEMPLATES_TAG,
};
use super::unified::UnifiedApi;
use super::{token, Error, Product, Settings, BLUEPRINT_TAG, STUDIO_VISIBILITY};

/// Makes the account match `product`: see the module documentation.
pub fn publish(
    api: &mut (impl Api + UnifiedApi),
    product: &Product,
    settings: &Settings,
    uploads: &[Upload],
    opts: &Options,
) -> Result<PublishReport, Error> {
    let layout = &product.layout;
    let mut report = PublishReport {
        template_url: api.template_url(&layout.template_key),
        ..PublishReport::default()
    };
    let studio_tags = if opts.studio_s3 {
        vec![pair(STUDIO_VISIBILITY)]
    } else {
        Vec::new()
    };
    let template = Upload {
        key: layout.template_key.clone(),
        body: product.template.clone().into_bytes(),
    };
    for file in uploads.iter().chain([&template]) {
        let tags = if file.key == template.key {
            &studio_tags[..]
        } else {
            &[]
        };
        match api.put_object(&file.key, &file.body, tags)? {
            Put::Created => report.step(
                true,
                format!("uploaded s3://{}/{}", settings.bucket, file.key),
            ),
            Put::Same => report.step(
                false,
                format!("s3://{}/{} is already there", settings.bucket, file.key),
            ),
            Put::Different => {
                return Err(Error::Immutable {
                    name: product.name.clone(),
                    version: product.version.to_string(),
                    location: format!("s3://{}/{}", settings.bucket, file.key),
                })
            }
        }
    }
    if opts.service_catalog {
        service_catalog(api, product, settings, opts, &mut report)?;
    }
    if opts.studio_s3 {
        super::studio::studio(api, settings, opts, &mut report)?;
    }
    if let Some(u) = &opts.unified {
        let url = api.template_url(&u.template_key);
        let done = super::unified::publish(api, product, u, &url, &mut report)?;
        report.unified_studio = Some(done);
    }
    Ok(report)
}

fn pair((k, v): (&str, &str)) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn service_catalog(
    api: &mut dyn Api,
    product: &Product,
    settings: &Settings,
    opts: &Options,
    report: &mut PublishReport,
) -> Result<(), Error> {
    let Some(portfolio) = settings.portfolio.as_deref() else {
        return Err(Error::NotConfigured {
            what: "the Service Catalog portfolio".into(),
            hint: "pass --portfolio port-..., or set `catalog.portfolio` in the config file".into(),
        });
    };
    let name = &product.name;
    let version = product.version.to_string();
    let digest = &product.layout.bundle_digest;
    let portfolio_arn = api.portfolio_arn(portfolio)?;
    let artifact = NewArtifact {
        name: version.clone(),
        description: opts
            .changelog
            .clone()
            .unwrap_or_else(|| format!("{name} {version} ({digest})")),
        template_url: report.template_url.clone(),
        token: token(&["artifact", name, &version, digest]),
    };
    let mut wanted_tags = vec![
        pair(STUDIO_VISIBILITY),
        (BLUEPRINT_TAG.into(), name.clone()),
    ];
    wanted_tags.extend(settings.tags.iter().cloned());

    let (product_id, artifact_id, created) = match api.find_product(name)? {
        None => {
            let new = NewProduct {
                name: name.clone(),
                owner: settings.owner.clone(),
                description: product.description.chars().take(8000).collect(),
                tags: wanted_tags.clone(),
                artifact: artifact.clone(),
                token: token(&["product", name, &version, digest]),
            };
            let (p, a) = api.create_product(&new)?;
            report.step(
                true,
                format!("created product `{name}` ({p}) with version {version}"),
            );
            (p, a, true)
        }
        Some(p) => {
            let existing = api.artifacts(&p)?.into_iter().find(|a| a.name == version);
            match existing {
                Some(a) => {
                    let (url, _) = api.artifact(&p, &a.id)?;
                    if url != artifact.template_url {
                        return Err(Error::ArtifactElsewhere {
                            product: name.clone(),
                            version,
                            theirs: url,
                            ours: artifact.template_url,
                        });
                    }
                    report.step(
                        false,
                        format!("product `{name}` ({p}) already has version {version}"),
                    );
                    (p, a.id, false)
                }
                None => {
                    let a = api.create_artifact(&p, &artifact)?;
                    report.step(
                        true,
                        format!("added version {version} to product `{name}` ({p})"),
                    );
                    (p, a, true)
                }
            }
        }
    };
    if created {
        wait_available(api, &product_id, &artifact_id, name, &version)?;
    }

    let have = api.product_tags(&product_id)?;
    let missing: Vec<(String, String)> = wanted_tags
        .into_iter()
        .filter(|t| !have.contains(t))
        .collect();
    if !missing.is_empty() {
        api.add_tags(&product_id, &missing)?;
        let keys: Vec<&str> = missing.iter().map(|(k, _)| k.as_str()).collect();
        report.step(true, format!("tagged the product: {}", keys.join(", ")));
    }
    if api
        .product_portfolios(&product_id)?
        .iter()
        .any(|p| p == portfolio)
    {
        report.step(false, format!("the product is in portfolio {portfolio}"));
    } else {
        api.associate_product(&product_id, portfolio)?;
        report.step(true, format!("added the product to portfolio {portfolio}"));
    }
    if api.has_launch_constraint(portfolio, &product_id)? {
        report.step(false, "the launch constraint is in place");
    } else {
        let role = match &settings.launch_role {
            Some(role) => role.clone(),
            None => default_launch_role(&portfolio_arn),
        };
        let t = token(&["launch", &product_id, portfolio, &role]);
        api.create_launch_constraint(portfolio, &product_id, &role, &t)?;
        report.step(true, format!("added the launch constraint ({role})"));
    }
    let present = api.principals(portfolio)?;
    for principal in &settings.principals {
        if present.contains(principal) {
            continue;
        }
        api.associate_principal(portfolio, principal)?;
        report.step(
            true,
            format!("gave {principal} access to portfolio {portfolio}"),
        );
    }
    if present.is_empty() && settings.principals.is_empty() {
        report.warnings.push(format!(
            "no Studio user will see the product: portfolio {portfolio} gives no principal access, and none is configured; add the Studio execution role with --principal arn:aws:iam::ACCOUNT:role/ROLE (repeatable) or `catalog.principals` in the config file"
        ));
    }
    if let Some(keep) = opts.deprecate_older {
        deprecate(api, &product_id, keep, report)?;
    }
    report.product_id = Some(product_id);
    report.artifact_id = Some(artifact_id);
    Ok(())
}

/// `arn:PARTITION:iam::ACCOUNT:role/service-role/AmazonSageMakerServiceCatalogProductsLaunchRole`
/// in the portfolio's account.
pub fn default_launch_role(portfolio_arn: &str) -> String {
    let parts: Vec<&str> = portfolio_arn.split(':').collect();
    let partition = parts.get(1).copied().unwrap_or("aws");
    let account = parts.get(4).copied().unwrap_or_default();
    format!("arn:{partition}:iam::{account}:role/service-role/AmazonSageMakerServiceCatalogProductsLaunchRole")
}

fn wait_available(
    api: &mut dyn Api,
    product: &str,
    artifact: &str,
    name: &str,
    version: &str,
) -> Result<(), Error> {
    for _ in 0..90 {
        let (_, status) = api.artifact(product, artifact)?;
        match status.as_str() {
            "AVAILABLE" => return Ok(()),
            "CREATING" => api.pause(),
            other => {
                return Err(Error::ArtifactFailed {
                    product: name.to_string(),
                    version: version.to_string(),
                    status: other.to_string(),
                })
            }
        }
    }
    Err(Error::ArtifactFailed {
        product: name.to_string(),
        version: version.to_string(),
        status: "still CREATING after 3 minutes".into(),
    })
}

/// Keeps the `keep` newest semantic versions; marks older active ones DEPRECATED.
fn deprecate(
    api: &mut dyn Api,
    product: &str,
    keep: usize,
    report: &mut PublishReport,
) -> Result<(), Error> {
    let mut versions: Vec<(semver::Version, Artifact)> = api
        .artifacts(product)?
        .into_iter()
        .filter_map(|a| semver::Version::parse(&a.name).ok().map(|v| (v, a)))
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    for (version, a) in versions.into_iter().skip(keep) {
        if a.deprecated {
            continue;
        }
        api.deprecate(product, &a.id)?;
        report.step(true, format!("deprecated version {version} ({})", a.id));
    }
    Ok(())
}
