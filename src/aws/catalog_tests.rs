//! Publishing to Service Catalog and S3 without AWS.
//!
//! A small stateful fake account sits behind the SDK clients through `aws-smithy-mocks` (the
//! SDK's own mocking interceptor: real request and response types, real serialization out of
//! the way), logging every operation with its key parameters. The scenarios assert the exact
//! sequence for a first publish, a new version, a re-publish (no change), changed content
//! (refused), a failure half way then a re-run, and deprecation. A `capture_request` test
//! checks the bytes on the wire for the calls that carry idempotency tokens.

use super::catalog::Catalog;
use super::fake::{catalog, Prod, PORTFOLIO, W};
use crate::catalog::publish::{publish, Options, Upload};
use crate::catalog::{token, Error, Layout, Product, Settings};

mod projects;
mod studio;
mod unified;
mod upgrade;
mod wire;

const STUDIO_ROLE: &str = "arn:aws:iam::111122223333:role/StudioExecution";

fn settings() -> Settings {
    Settings {
        bucket: "sagemaker-acme".into(),
        prefix: "jig".into(),
        region: Some("eu-west-1".into()),
        portfolio: Some(PORTFOLIO.into()),
        launch_role: None,
        principals: vec![STUDIO_ROLE.into()],
        owner: "Platform".into(),
        tags: vec![("team".into(), "ml-platform".into())],
        codebuild_role: "arn:cb".into(),
        lambda_role: "arn:lambda".into(),
        codebuild_image: "image".into(),
        repository: crate::catalog::repository::Repository::CodeCommit,
        missing: Vec::new(),
    }
}

fn product(version: &str, template: &str) -> Product {
    let version = semver::Version::parse(version).unwrap();
    let digest = format!("sha256:{}", "ab".repeat(32));
    Product {
        name: "churn".into(),
        description: "Churn models".into(),
        layout: Layout::new(&settings(), "churn", &version, &digest, &"cd".repeat(32)),
        version,
        template: template.into(),
        mapping: Default::default(),
        notes: Vec::new(),
        artifacts: Vec::new(),
    }
}

fn uploads(p: &Product) -> Vec<Upload> {
    vec![Upload {
        key: format!("{}/index.json", p.layout.registry_prefix),
        body: format!("index {}", p.version).into_bytes(),
    }]
}

fn run(
    w: &W,
    p: &Product,
    opts: &Options,
) -> Result<crate::catalog::publish::PublishReport, Error> {
    w.lock().unwrap().log.clear();
    let mut api = catalog(w);
    publish(&mut api, p, &settings(), &uploads(p), opts)
}

fn log(w: &W) -> Vec<String> {
    w.lock().unwrap().log.clone()
}

fn sc() -> Options {
    Options {
        service_catalog: true,
        ..Options::default()
    }
}

fn url(version: &str) -> String {
    format!("https://sagemaker-acme.s3.eu-west-1.amazonaws.com/jig/churn/{version}/template.yaml")
}

#[test]
fn first_publish_creates_everything_in_order() {
    let w = W::default();
    let p = product("1.0.0", "T1");
    let report = run(&w, &p, &sc()).unwrap();
    assert!(report.changed());
    let digest = &p.layout.bundle_digest;
    let launch = r#"{"RoleArn":"arn:aws:iam::111122223333:role/service-role/AmazonSageMakerServiceCatalogProductsLaunchRole"}"#;
    assert_eq!(
        log(&w),
        vec![
            "PutObject jig/churn/1.0.0/registry/index.json".to_string(),
            "PutObject jig/churn/1.0.0/template.yaml".into(),
            "DescribePortfolio port-1".into(),
            "SearchProductsAsAdmin churn".into(),
            format!("CreateProduct churn 1.0.0 token={}", token(&["product", "churn", "1.0.0", digest])),
            "DescribeProvisioningArtifact prod-1 pa-2".into(),
            "DescribeProductAsAdmin prod-1".into(),
            "ListPortfoliosForProduct prod-1".into(),
            "AssociateProductWithPortfolio prod-1 port-1".into(),
            "ListConstraintsForPortfolio port-1 prod-1".into(),
            format!("CreateConstraint port-1 prod-1 LAUNCH {launch} token={}", token(&["launch", "prod-1", "port-1", "arn:aws:iam::111122223333:role/service-role/AmazonSageMakerServiceCatalogProductsLaunchRole"])),
            "ListPrincipalsForPortfolio port-1".into(),
            format!("AssociatePrincipalWithPortfolio port-1 {STUDIO_ROLE} IAM"),
        ]
    );
    let world = w.lock().unwrap();
    let prod = &world.products[0];
    assert_eq!(prod.artifacts[0].url, url("1.0.0"));
    for tag in [
        ("sagemaker:studio-visibility", "true"),
        ("jig:blueprint", "churn"),
        ("team", "ml-platform"),
    ] {
        assert!(
            prod.tags.contains(&(tag.0.into(), tag.1.into())),
            "{tag:?} in {:?}",
            prod.tags
        );
    }
    assert_eq!(world.objects["jig/churn/1.0.0/template.yaml"], b"T1");
}

#[test]
fn republishing_the_same_version_changes_nothing() {
    let w = W::default();
    let p = product("1.0.0", "T1");
    run(&w, &p, &sc()).unwrap();
    let again = run(&w, &p, &sc()).unwrap();
    assert!(!again.changed(), "{:?}", again.steps);
    assert_eq!(
        log(&w),
        vec![
            "PutObject jig/churn/1.0.0/registry/index.json",
            "GetObject jig/churn/1.0.0/registry/index.json",
            "PutObject jig/churn/1.0.0/template.yaml",
            "GetObject jig/churn/1.0.0/template.yaml",
            "DescribePortfolio port-1",
            "SearchProductsAsAdmin churn",
            "ListProvisioningArtifacts prod-1",
            "DescribeProvisioningArtifact prod-1 pa-2",
            "DescribeProductAsAdmin prod-1",
            "ListPortfoliosForProduct prod-1",
            "ListConstraintsForPortfolio port-1 prod-1",
            "ListPrincipalsForPortfolio port-1",
        ]
    );
}

#[test]
fn a_new_version_adds_an_artifact_to_the_product() {
    let w = W::default();
    run(&w, &product("1.0.0", "T1"), &sc()).unwrap();
    // Another product whose name contains ours must not be taken for it.
    w.lock().unwrap().products.insert(
        0,
        Prod {
            id: "prod-x".into(),
            name: "churn-legacy".into(),
            ..Prod::default()
        },
    );
    let p = product("1.1.0", "T2");
    run(&w, &p, &sc()).unwrap();
    let ops: Vec<String> = log(&w)
        .into_iter()
        .filter(|l| {
            l.starts_with("Create") || l.starts_with("Associate") || l.starts_with("Update")
        })
        .collect();
    assert_eq!(
        ops,
        vec![format!(
            "CreateProvisioningArtifact prod-1 1.1.0 token={}",
            token(&["artifact", "churn", "1.1.0", &p.layout.bundle_digest])
        )]
    );
    let world = w.lock().unwrap();
    let names: Vec<&str> = world.products[1]
        .artifacts
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["1.0.0", "1.1.0"]);
    assert_eq!(world.products[1].artifacts[1].url, url("1.1.0"));
}

#[test]
fn different_content_under_a_published_version_is_refused() {
    let w = W::default();
    run(&w, &product("1.0.0", "T1"), &sc()).unwrap();
    let before = w.lock().unwrap().products.len();
    let err = run(&w, &product("1.0.0", "T1-changed"), &sc()).unwrap_err();
    assert!(
        matches!(err, Error::Immutable { ref location, .. } if location == "s3://sagemaker-acme/jig/churn/1.0.0/template.yaml"),
        "{err}"
    );
    assert_eq!(
        log(&w),
        vec![
            "PutObject jig/churn/1.0.0/registry/index.json",
            "GetObject jig/churn/1.0.0/registry/index.json",
            "PutObject jig/churn/1.0.0/template.yaml",
            "GetObject jig/churn/1.0.0/template.yaml",
        ]
    );
    let world = w.lock().unwrap();
    assert_eq!(world.objects["jig/churn/1.0.0/template.yaml"], b"T1");
    assert_eq!(world.products.len(), before);
}

#[test]
fn a_publish_that_failed_half_way_completes_when_run_again() {
    let w = W::default();
    w.lock().unwrap().fail = Some("AssociateProductWithPortfolio");
    let p = product("1.0.0", "T1");
    let err = run(&w, &p, &sc()).unwrap_err();
    assert!(
        matches!(err, Error::Aws { ref operation, ref message, .. } if operation == "AssociateProductWithPortfolio" && message.contains("injected failure")),
        "{err}"
    );
    assert!(w.lock().unwrap().products[0].portfolios.is_empty());
    let report = run(&w, &p, &sc()).unwrap();
    assert!(report.changed());
    let changes: Vec<String> = log(&w)
        .into_iter()
        .filter(|l| {
            l.starts_with("Create") || l.starts_with("Associate") || l.starts_with("Update")
        })
        .collect();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert_eq!(changes[0], "AssociateProductWithPortfolio prod-1 port-1");
    assert!(changes[1].starts_with("CreateConstraint port-1 prod-1 LAUNCH"));
    assert_eq!(
        changes[2],
        format!("AssociatePrincipalWithPortfolio port-1 {STUDIO_ROLE} IAM")
    );
    let world = w.lock().unwrap();
    assert_eq!(world.products.len(), 1);
    assert_eq!(world.products[0].artifacts.len(), 1);
}

#[test]
fn deprecate_older_keeps_the_newest_versions() {
    let w = W::default();
    for v in ["1.0.0", "1.1.0", "2.0.0"] {
        run(&w, &product(v, &format!("T{v}")), &sc()).unwrap();
    }
    let opts = Options {
        deprecate_older: Some(2),
        ..sc()
    };
    let report = run(&w, &product("2.1.0", "T2.1"), &opts).unwrap();
    let deprecations: Vec<String> = log(&w)
        .into_iter()
        .filter(|l| l.starts_with("UpdateProvisioningArtifact"))
        .collect();
    assert_eq!(
        deprecations,
        vec![
            "UpdateProvisioningArtifact prod-1 pa-3 DEPRECATED",
            "UpdateProvisioningArtifact prod-1 pa-2 DEPRECATED"
        ]
    );
    assert!(report
        .steps
        .iter()
        .any(|s| s.what == "deprecated version 1.1.0 (pa-3)"));
    run(&w, &product("2.1.0", "T2.1"), &opts).unwrap();
    assert!(!log(&w)
        .iter()
        .any(|l| l.starts_with("UpdateProvisioningArtifact")));
    let world = w.lock().unwrap();
    let flags: Vec<(&str, bool)> = world.products[0]
        .artifacts
        .iter()
        .map(|a| (a.name.as_str(), a.deprecated))
        .collect();
    assert_eq!(
        flags,
        [
            ("1.0.0", true),
            ("1.1.0", true),
            ("2.0.0", false),
            ("2.1.0", false)
        ]
    );
}

/// `sc:PRODUCT@REQ`: the product read back as a registry, from what a publish wrote.
#[test]
fn the_product_reads_back_as_the_sc_registry() {
    use crate::registry::{bundle, Meta, Registry};
    let w = W::default();
    let bytes = b"bundle bytes".to_vec();
    let mut p = product("1.0.0", "T1");
    p.layout.bundle_digest = bundle::digest(&bytes);
    let meta = Meta {
        name: "churn".into(),
        version: p.version.clone(),
        digest: p.layout.bundle_digest.clone(),
        description: "Churn models".into(),
        questions: Vec::new(),
        jig_version: "0.1.0".into(),
    };
    let base = format!("{}/churn/1.0.0", p.layout.registry_prefix);
    let files = vec![
        Upload {
            key: format!("{base}/meta.json"),
            body: serde_json::to_vec(&meta).unwrap(),
        },
        Upload {
            key: format!("{base}/bundle.tar.gz"),
            body: bytes.clone(),
        },
    ];
    publish(&mut catalog(&w), &p, &settings(), &files, &sc()).unwrap();
    w.lock().unwrap().log.clear();
    let reg = super::sc_registry::ServiceCatalog::with_catalog(catalog(&w), "eu-west-1");
    assert_eq!(
        reg.versions("churn").unwrap(),
        vec![semver::Version::new(1, 0, 0)]
    );
    assert!(reg.versions("nope").unwrap().is_empty());
    assert_eq!(reg.meta("churn", &p.version).unwrap(), meta);
    assert_eq!(reg.download(&meta).unwrap(), bytes);
    assert!(log(&w)
        .contains(&"GetObject jig/churn/1.0.0/registry/churn/1.0.0/bundle.tar.gz".to_string()));
}

/// No principal configured and none on the portfolio: the publish warns that no Studio user
/// will see the product; a portfolio that already grants access is enough.
#[test]
fn a_portfolio_no_principal_can_reach_is_warned_about() {
    let w = W::default();
    let p = product("1.0.0", "T1");
    let mut lonely = settings();
    lonely.principals.clear();
    let mut api = catalog(&w);
    let report = publish(&mut api, &p, &lonely, &uploads(&p), &sc()).unwrap();
    assert_eq!(
        report.warnings,
        ["no Studio user will see the product: portfolio port-1 gives no principal access, and none is configured; add the Studio execution role with --principal arn:aws:iam::ACCOUNT:role/ROLE (repeatable) or `catalog.principals` in the config file"]
    );
    w.lock().unwrap().principals.push(STUDIO_ROLE.into());
    let report = publish(&mut catalog(&w), &p, &lonely, &uploads(&p), &sc()).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}
