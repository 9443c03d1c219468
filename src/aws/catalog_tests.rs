//! Publishing to Service Catalog and S3 without AWS.
//!
//! A small stateful fake account sits behind the SDK clients through `aws-smithy-mocks` (the
//! SDK's own mocking interceptor: real request and response types, real serialization out of
//! the way), logging every operation with its key parameters. The scenarios assert the exact
//! sequence for a first publish, a new version, a re-publish (no change), changed content
//! (refused), a failure half way then a re-run, and deprecation. A `capture_request` test
//! checks the bytes on the wire for the calls that carry idempotency tokens.

use super::catalog::Catalog;
use crate::catalog::publish::{publish, Options, Upload};
use crate::catalog::{token, Error, Layout, Product, Settings};
use aws_sdk_s3::operation::get_bucket_cors::GetBucketCorsOutput;
use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::get_object_tagging::GetObjectTaggingOutput;
use aws_sdk_s3::operation::put_object::{PutObjectError, PutObjectOutput};
use aws_sdk_s3::operation::put_object_tagging::PutObjectTaggingOutput;
use aws_sdk_servicecatalog::error::ErrorMetadata;
use aws_sdk_servicecatalog::operation::{
    associate_principal_with_portfolio::*, associate_product_with_portfolio::*,
    create_constraint::*, create_product::*, create_provisioning_artifact::*,
    describe_portfolio::*, describe_product_as_admin::*, describe_provisioning_artifact::*,
    list_constraints_for_portfolio::*, list_portfolios_for_product::*,
    list_principals_for_portfolio::*, list_provisioning_artifacts::*, search_products_as_admin::*,
    update_product::*, update_provisioning_artifact::*,
};
use aws_sdk_servicecatalog::types::{
    ConstraintDetail, PortfolioDetail, Principal, ProductViewDetail, ProductViewSummary,
    ProvisioningArtifactDetail, ProvisioningArtifactGuidance, Status, Tag,
};
use aws_smithy_mocks::{mock, MockResponse, Rule, RuleMode};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

const PORTFOLIO: &str = "port-1";
const STUDIO_ROLE: &str = "arn:aws:iam::111122223333:role/StudioExecution";

#[derive(Default)]
struct Art {
    id: String,
    name: String,
    url: String,
    deprecated: bool,
}

#[derive(Default)]
struct Prod {
    id: String,
    name: String,
    tags: Vec<(String, String)>,
    artifacts: Vec<Art>,
    portfolios: Vec<String>,
    launch_role: Option<String>,
}

/// The fake account: S3 objects, products, one portfolio's principals, and the call log.
#[derive(Default)]
struct World {
    objects: BTreeMap<String, Vec<u8>>,
    products: Vec<Prod>,
    principals: Vec<String>,
    log: Vec<String>,
    /// The next call of this operation fails (once).
    fail: Option<&'static str>,
    next: u32,
}

type W = Arc<Mutex<World>>;

impl World {
    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-{}", self.next)
    }
    fn product(&mut self, id: &str) -> &mut Prod {
        self.products
            .iter_mut()
            .find(|p| p.id == id)
            .expect("known product")
    }
}

/// Logs `entry`; Err when the operation was set to fail.
fn enter<'a>(
    w: &'a W,
    op: &'static str,
    entry: String,
) -> Result<std::sync::MutexGuard<'a, World>, ErrorMetadata> {
    let mut world = w.lock().unwrap();
    world
        .log
        .push(format!("{op} {entry}").trim_end().to_string());
    if world.fail == Some(op) {
        world.fail = None;
        return Err(ErrorMetadata::builder()
            .code("LimitExceededException")
            .message("injected failure")
            .build());
    }
    Ok(world)
}

macro_rules! respond {
    ($w:expr, $op:literal, $entry:expr, $err:ty, |$world:ident| $body:expr) => {
        match enter($w, $op, $entry) {
            #[allow(unused_mut)]
            Ok(mut $world) => MockResponse::Output($body),
            Err(meta) => MockResponse::Error(<$err>::generic(meta)),
        }
    };
}

fn tag_pairs(tags: &[Tag]) -> Vec<(String, String)> {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

fn artifact_detail(a: &Art) -> ProvisioningArtifactDetail {
    ProvisioningArtifactDetail::builder()
        .id(&a.id)
        .name(&a.name)
        .active(true)
        .guidance(if a.deprecated {
            ProvisioningArtifactGuidance::Deprecated
        } else {
            ProvisioningArtifactGuidance::Default
        })
        .build()
}

fn sc_rules(w: &W) -> Vec<Rule> {
    let mut rules = Vec::new();
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::describe_portfolio).then_compute_response(move |i| {
            respond!(
                &c,
                "DescribePortfolio",
                i.id().unwrap_or_default().to_string(),
                DescribePortfolioError,
                |_w| {
                    DescribePortfolioOutput::builder()
                        .portfolio_detail(
                            PortfolioDetail::builder()
                                .id(PORTFOLIO)
                                .arn("arn:aws:catalog:eu-west-1:111122223333:portfolio/port-1")
                                .build(),
                        )
                        .build()
                }
            )
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::search_products_as_admin).then_compute_response(
            move |i| {
                let text = i
                    .filters()
                    .and_then(|f| f.values().next())
                    .map(|v| v.join(","))
                    .unwrap_or_default();
                respond!(
                    &c,
                    "SearchProductsAsAdmin",
                    text.clone(),
                    SearchProductsAsAdminError,
                    |w| {
                        // Fuzzy, like the real one: every product whose name contains the text.
                        let details =
                            w.products
                                .iter()
                                .filter(|p| p.name.contains(&text))
                                .map(|p| {
                                    ProductViewDetail::builder()
                                        .product_view_summary(
                                            ProductViewSummary::builder()
                                                .product_id(&p.id)
                                                .name(&p.name)
                                                .build(),
                                        )
                                        .build()
                                });
                        SearchProductsAsAdminOutput::builder()
                            .set_product_view_details(Some(details.collect()))
                            .build()
                    }
                )
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::create_product).then_compute_response(move |i| {
            let p = i.provisioning_artifact_parameters().unwrap();
            let entry = format!(
                "{} {} token={}",
                i.name().unwrap(),
                p.name().unwrap(),
                i.idempotency_token().unwrap()
            );
            respond!(&c, "CreateProduct", entry, CreateProductError, |w| {
                let id = w.id("prod");
                let art = Art {
                    id: w.id("pa"),
                    name: p.name().unwrap().into(),
                    url: p.info().unwrap()["LoadTemplateFromURL"].clone(),
                    deprecated: false,
                };
                let detail = artifact_detail(&art);
                w.products.push(Prod {
                    id: id.clone(),
                    name: i.name().unwrap().into(),
                    tags: tag_pairs(i.tags()),
                    artifacts: vec![art],
                    ..Prod::default()
                });
                CreateProductOutput::builder()
                    .product_view_detail(
                        ProductViewDetail::builder()
                            .product_view_summary(
                                ProductViewSummary::builder().product_id(id).build(),
                            )
                            .build(),
                    )
                    .provisioning_artifact_detail(detail)
                    .build()
            })
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::list_provisioning_artifacts).then_compute_response(
            move |i| {
                let product = i.product_id().unwrap().to_string();
                respond!(
                    &c,
                    "ListProvisioningArtifacts",
                    product.clone(),
                    ListProvisioningArtifactsError,
                    |w| {
                        let details = w
                            .product(&product)
                            .artifacts
                            .iter()
                            .map(artifact_detail)
                            .collect();
                        ListProvisioningArtifactsOutput::builder()
                            .set_provisioning_artifact_details(Some(details))
                            .build()
                    }
                )
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::describe_provisioning_artifact)
            .then_compute_response(move |i| {
                let (product, id) = (
                    i.product_id().unwrap().to_string(),
                    i.provisioning_artifact_id().unwrap().to_string(),
                );
                respond!(
                    &c,
                    "DescribeProvisioningArtifact",
                    format!("{product} {id}"),
                    DescribeProvisioningArtifactError,
                    |w| {
                        let url = w
                            .product(&product)
                            .artifacts
                            .iter()
                            .find(|a| a.id == id)
                            .unwrap()
                            .url
                            .clone();
                        DescribeProvisioningArtifactOutput::builder()
                            .info("TemplateUrl", url)
                            .status(Status::Available)
                            .build()
                    }
                )
            }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::create_provisioning_artifact).then_compute_response(
            move |i| {
                let p = i.parameters().unwrap();
                let product = i.product_id().unwrap().to_string();
                let entry = format!(
                    "{product} {} token={}",
                    p.name().unwrap(),
                    i.idempotency_token().unwrap()
                );
                respond!(
                    &c,
                    "CreateProvisioningArtifact",
                    entry,
                    CreateProvisioningArtifactError,
                    |w| {
                        let art = Art {
                            id: w.id("pa"),
                            name: p.name().unwrap().into(),
                            url: p.info().unwrap()["LoadTemplateFromURL"].clone(),
                            deprecated: false,
                        };
                        let detail = artifact_detail(&art);
                        w.product(&product).artifacts.push(art);
                        CreateProvisioningArtifactOutput::builder()
                            .provisioning_artifact_detail(detail)
                            .build()
                    }
                )
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::describe_product_as_admin).then_compute_response(
            move |i| {
                let product = i.id().unwrap().to_string();
                respond!(
                    &c,
                    "DescribeProductAsAdmin",
                    product.clone(),
                    DescribeProductAsAdminError,
                    |w| {
                        let tags = w
                            .product(&product)
                            .tags
                            .iter()
                            .map(|(k, v)| Tag::builder().key(k).value(v).build().unwrap())
                            .collect();
                        DescribeProductAsAdminOutput::builder()
                            .set_tags(Some(tags))
                            .build()
                    }
                )
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::update_product).then_compute_response(move |i| {
            let product = i.id().unwrap().to_string();
            let added = tag_pairs(i.add_tags());
            let keys: Vec<&str> = added.iter().map(|(k, _)| k.as_str()).collect();
            respond!(
                &c,
                "UpdateProduct",
                format!("{product} add={}", keys.join(",")),
                UpdateProductError,
                |w| {
                    w.product(&product).tags.extend(added.clone());
                    UpdateProductOutput::builder().build()
                }
            )
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::list_portfolios_for_product).then_compute_response(
            move |i| {
                let product = i.product_id().unwrap().to_string();
                respond!(
                    &c,
                    "ListPortfoliosForProduct",
                    product.clone(),
                    ListPortfoliosForProductError,
                    |w| {
                        let details = w
                            .product(&product)
                            .portfolios
                            .iter()
                            .map(|p| PortfolioDetail::builder().id(p).build())
                            .collect();
                        ListPortfoliosForProductOutput::builder()
                            .set_portfolio_details(Some(details))
                            .build()
                    }
                )
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::associate_product_with_portfolio)
            .then_compute_response(move |i| {
                let (product, portfolio) = (
                    i.product_id().unwrap().to_string(),
                    i.portfolio_id().unwrap().to_string(),
                );
                respond!(
                    &c,
                    "AssociateProductWithPortfolio",
                    format!("{product} {portfolio}"),
                    AssociateProductWithPortfolioError,
                    |w| {
                        w.product(&product).portfolios.push(portfolio.clone());
                        AssociateProductWithPortfolioOutput::builder().build()
                    }
                )
            }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::list_constraints_for_portfolio)
            .then_compute_response(move |i| {
                let product = i.product_id().unwrap().to_string();
                respond!(
                    &c,
                    "ListConstraintsForPortfolio",
                    format!("{} {product}", i.portfolio_id().unwrap()),
                    ListConstraintsForPortfolioError,
                    |w| {
                        let details = w
                            .product(&product)
                            .launch_role
                            .iter()
                            .map(|_| ConstraintDetail::builder().r#type("LAUNCH").build())
                            .collect();
                        ListConstraintsForPortfolioOutput::builder()
                            .set_constraint_details(Some(details))
                            .build()
                    }
                )
            }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::create_constraint).then_compute_response(move |i| {
            let product = i.product_id().unwrap().to_string();
            let entry = format!(
                "{} {product} {} {} token={}",
                i.portfolio_id().unwrap(),
                i.r#type().unwrap(),
                i.parameters().unwrap(),
                i.idempotency_token().unwrap()
            );
            respond!(&c, "CreateConstraint", entry, CreateConstraintError, |w| {
                w.product(&product).launch_role = i.parameters().map(str::to_string);
                CreateConstraintOutput::builder().build()
            })
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::list_principals_for_portfolio).then_compute_response(
            move |i| {
                respond!(
                    &c,
                    "ListPrincipalsForPortfolio",
                    i.portfolio_id().unwrap().to_string(),
                    ListPrincipalsForPortfolioError,
                    |w| {
                        let principals = w
                            .principals
                            .iter()
                            .map(|p| Principal::builder().principal_arn(p).build())
                            .collect();
                        ListPrincipalsForPortfolioOutput::builder()
                            .set_principals(Some(principals))
                            .build()
                    }
                )
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::associate_principal_with_portfolio)
            .then_compute_response(move |i| {
                let principal = i.principal_arn().unwrap().to_string();
                respond!(
                    &c,
                    "AssociatePrincipalWithPortfolio",
                    format!(
                        "{} {principal} {}",
                        i.portfolio_id().unwrap(),
                        i.principal_type().unwrap().as_str()
                    ),
                    AssociatePrincipalWithPortfolioError,
                    |w| {
                        w.principals.push(principal.clone());
                        AssociatePrincipalWithPortfolioOutput::builder().build()
                    }
                )
            }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::update_provisioning_artifact).then_compute_response(
            move |i| {
                let (product, id) = (
                    i.product_id().unwrap().to_string(),
                    i.provisioning_artifact_id().unwrap().to_string(),
                );
                respond!(
                    &c,
                    "UpdateProvisioningArtifact",
                    format!("{product} {id} {}", i.guidance().unwrap().as_str()),
                    UpdateProvisioningArtifactError,
                    |w| {
                        w.product(&product)
                            .artifacts
                            .iter_mut()
                            .find(|a| a.id == id)
                            .unwrap()
                            .deprecated = true;
                        UpdateProvisioningArtifactOutput::builder().build()
                    }
                )
            },
        ),
    );
    rules
}

fn s3_rules(w: &W) -> Vec<Rule> {
    let mut rules = Vec::new();
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::put_object).then_compute_response(move |i| {
            let key = i.key().unwrap().to_string();
            let entry = format!(
                "{key}{}",
                i.tagging()
                    .map(|t| format!(" tagging={t}"))
                    .unwrap_or_default()
            );
            let body = i.body().bytes().expect("in-memory body").to_vec();
            match enter(&c, "PutObject", entry) {
                Ok(mut w) if !w.objects.contains_key(&key) => {
                    w.objects.insert(key, body);
                    MockResponse::Output(PutObjectOutput::builder().build())
                }
                Ok(_) => MockResponse::Error(PutObjectError::generic(
                    ErrorMetadata::builder().code("PreconditionFailed").build(),
                )),
                Err(meta) => MockResponse::Error(PutObjectError::generic(meta)),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::get_object).then_compute_output(move |i| {
            let key = i.key().unwrap().to_string();
            let w = enter(&c, "GetObject", key.clone()).unwrap();
            GetObjectOutput::builder()
                .body(w.objects[&key].clone().into())
                .build()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::get_object_tagging).then_compute_output(move |i| {
            let _w = enter(&c, "GetObjectTagging", i.key().unwrap().to_string()).unwrap();
            GetObjectTaggingOutput::builder()
                .set_tag_set(Some(Vec::new()))
                .build()
                .unwrap()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::put_object_tagging).then_compute_output(move |i| {
            let _w = enter(&c, "PutObjectTagging", i.key().unwrap().to_string()).unwrap();
            PutObjectTaggingOutput::builder().build()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_s3::Client::get_bucket_cors).then_compute_output(move |i| {
            let _w = enter(&c, "GetBucketCors", i.bucket().unwrap().to_string()).unwrap();
            GetBucketCorsOutput::builder().build()
        }),
    );
    rules
}

fn catalog(w: &W) -> Catalog {
    use aws_sdk_servicecatalog::config::retry::RetryConfig;
    let sc_rules = sc_rules(w);
    let s3_rules = s3_rules(w);
    let sc = aws_smithy_mocks::mock_client!(
        aws_sdk_servicecatalog,
        RuleMode::MatchAny,
        sc_rules.iter(),
        |c| c.retry_config(RetryConfig::disabled())
    );
    let s3 = aws_smithy_mocks::mock_client!(aws_sdk_s3, RuleMode::MatchAny, s3_rules.iter(), |c| c
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled()));
    Catalog::with_clients(
        sc,
        s3,
        super::runtime().unwrap(),
        "sagemaker-acme",
        "eu-west-1",
        None,
    )
}

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
    }
}

fn uploads(p: &Product) -> Vec<Upload> {
    vec![Upload {
        key: format!("{}/index.json", p.layout.registry_prefix),
        body: format!("index {}", p.version).into_bytes(),
    }]
}

fn run(w: &W, p: &Product, opts: &Options) -> Result<crate::catalog::publish::Report, Error> {
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

#[test]
fn studio_s3_tags_the_template_and_checks_cors() {
    let w = W::default();
    let opts = Options {
        studio_s3: true,
        ..Options::default()
    };
    let report = run(&w, &product("1.0.0", "T1"), &opts).unwrap();
    assert_eq!(
        log(&w),
        vec![
            "PutObject jig/churn/1.0.0/registry/index.json",
            "PutObject jig/churn/1.0.0/template.yaml tagging=sagemaker%3Astudio-visibility=true",
            "GetBucketCors sagemaker-acme",
        ]
    );
    assert!(report
        .instructions
        .iter()
        .any(|i| i.contains("https://*.sagemaker.aws")));
    assert!(
        report
            .instructions
            .iter()
            .any(|i| i
                .contains("sagemaker:projectS3TemplatesLocation,Value=s3://sagemaker-acme/jig/"))
    );
}

/// The bytes on the wire of a call carrying an idempotency token: the same request twice
/// gives the same token, and the JSON names the fields the API model defines (the SDK leaves
/// out `DisableTemplateValidation: false`, the service's default).
#[test]
fn create_calls_send_deterministic_tokens_on_the_wire() {
    use crate::catalog::publish::{Api, NewArtifact};
    use aws_smithy_http_client::test_util::capture_request;
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let (http, rx) = capture_request(Some(
            http::Response::builder()
                .status(200)
                .header("content-type", "application/x-amz-json-1.1")
                .body(aws_smithy_types::body::SdkBody::from(
                    r#"{"ProvisioningArtifactDetail":{"Id":"pa-9"}}"#,
                ))
                .unwrap(),
        ));
        let config = aws_sdk_servicecatalog::Config::builder()
            .behavior_version(aws_sdk_servicecatalog::config::BehaviorVersion::latest())
            .region(aws_sdk_servicecatalog::config::Region::new("eu-west-1"))
            .credentials_provider(aws_sdk_servicecatalog::config::Credentials::for_tests())
            .http_client(http)
            .build();
        let sc = aws_sdk_servicecatalog::Client::from_conf(config);
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::Config::builder()
                .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
                .region(aws_sdk_s3::config::Region::new("eu-west-1"))
                .build(),
        );
        let mut api =
            Catalog::with_clients(sc, s3, super::runtime().unwrap(), "b", "eu-west-1", None);
        let p = product("1.1.0", "T");
        let artifact = NewArtifact {
            name: "1.1.0".into(),
            description: "Adds drift checks".into(),
            template_url: url("1.1.0"),
            token: token(&["artifact", "churn", "1.1.0", &p.layout.bundle_digest]),
        };
        assert_eq!(api.create_artifact("prod-1", &artifact).unwrap(), "pa-9");
        let request = rx.expect_request();
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.uri(),
            "https://servicecatalog.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            request.headers().get("x-amz-target"),
            Some("AWS242ServiceCatalogService.CreateProvisioningArtifact")
        );
        let body: serde_json::Value =
            serde_json::from_slice(request.body().bytes().unwrap()).unwrap();
        bodies.push(body);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(
        bodies[0],
        serde_json::json!({
            "ProductId": "prod-1",
            "Parameters": {
                "Name": "1.1.0",
                "Description": "Adds drift checks",
                "Info": {"LoadTemplateFromURL": url("1.1.0")},
                "Type": "CLOUD_FORMATION_TEMPLATE"
            },
            "IdempotencyToken": token(&["artifact", "churn", "1.1.0", &format!("sha256:{}", "ab".repeat(32))])
        })
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
