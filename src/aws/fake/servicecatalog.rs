//! The fake account's Service Catalog operations.

use super::*;

pub(super) fn rules(w: &W) -> Vec<Rule> {
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
    // A provisioned product `pp-NAME` runs the stack `stack-NAME`, through record `rec-NAME`.
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::describe_provisioned_product).then_compute_output(
            move |i| {
                let id = i.id().unwrap_or_default().to_string();
                let _w = enter(&c, "DescribeProvisionedProduct", id.clone()).unwrap();
                let record = id.replacen("pp-", "rec-", 1);
                DescribeProvisionedProductOutput::builder()
                    .provisioned_product_detail(
                        aws_sdk_servicecatalog::types::ProvisionedProductDetail::builder()
                            .id(&id)
                            .last_successful_provisioning_record_id(record)
                            .build(),
                    )
                    .build()
            },
        ),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_servicecatalog::Client::describe_record).then_compute_output(move |i| {
            let id = i.id().unwrap_or_default().to_string();
            let _w = enter(&c, "DescribeRecord", id.clone()).unwrap();
            DescribeRecordOutput::builder()
                .record_outputs(
                    aws_sdk_servicecatalog::types::RecordOutput::builder()
                        .output_key("CloudformationStackARN")
                        .output_value(id.replacen("rec-", "stack-", 1))
                        .build(),
                )
                .build()
        }),
    );
    rules
}
