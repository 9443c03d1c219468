//! The fake account's SageMaker operations: one Studio domain and its tags, and the projects
//! (listed two a page, so paging is exercised).

use super::*;
use crate::catalog::projects::Origin;
use aws_sdk_sagemaker::operation::add_tags::{AddTagsError, AddTagsOutput};
use aws_sdk_sagemaker::operation::describe_domain::{DescribeDomainError, DescribeDomainOutput};
use aws_sdk_sagemaker::operation::describe_project::{DescribeProjectError, DescribeProjectOutput};
use aws_sdk_sagemaker::operation::list_projects::ListProjectsOutput;
use aws_sdk_sagemaker::operation::list_tags::{ListTagsError, ListTagsOutput};
use aws_sdk_sagemaker::operation::update_project::{UpdateProjectError, UpdateProjectOutput};
use aws_sdk_sagemaker::types::{
    CfnStackDetail, CfnStackParameter, CfnTemplateProviderDetail, ProjectStatus, ProjectSummary,
    ProvisioningParameter, ServiceCatalogProvisionedProductDetails,
    ServiceCatalogProvisioningDetails, Tag as SmTag, TemplateProviderDetail,
};

/// The fake account's Studio domain.
pub(crate) const DOMAIN: &str = "d-abc123";
pub(crate) const DOMAIN_ARN: &str = "arn:aws:sagemaker:eu-west-1:111122223333:domain/d-abc123";

pub(super) fn rules(w: &W) -> Vec<Rule> {
    let mut rules = Vec::new();
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_sagemaker::Client::describe_domain).then_compute_response(move |i| {
            let id = i.domain_id().unwrap_or_default().to_string();
            match enter(&c, "DescribeDomain", id.clone()) {
                Ok(_) if id == DOMAIN => MockResponse::Output(
                    DescribeDomainOutput::builder()
                        .domain_id(DOMAIN)
                        .domain_arn(DOMAIN_ARN)
                        .build(),
                ),
                Ok(_) => MockResponse::Error(DescribeDomainError::generic(
                    ErrorMetadata::builder()
                        .code("ResourceNotFound")
                        .message(format!("Domain {id} not found"))
                        .build(),
                )),
                Err(meta) => MockResponse::Error(DescribeDomainError::generic(meta)),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_sagemaker::Client::list_tags).then_compute_response(move |i| {
            let arn = i.resource_arn().unwrap_or_default().to_string();
            match enter(&c, "ListTags", arn.clone()) {
                Ok(w) => {
                    let tags = w
                        .domain_tags
                        .iter()
                        .map(|(k, v)| SmTag::builder().key(k).value(v).build())
                        .collect();
                    MockResponse::Output(ListTagsOutput::builder().set_tags(Some(tags)).build())
                }
                Err(meta) => MockResponse::Error(ListTagsError::generic(meta)),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_sagemaker::Client::add_tags).then_compute_response(move |i| {
            let arn = i.resource_arn().unwrap_or_default().to_string();
            let pairs: Vec<(String, String)> = i
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().unwrap_or_default().to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            let entry = pairs
                .iter()
                .fold(arn, |acc, (k, v)| format!("{acc} {k}={v}"));
            match enter(&c, "AddTags", entry) {
                Ok(mut w) => {
                    w.domain_tags.extend(pairs);
                    MockResponse::Output(AddTagsOutput::builder().build())
                }
                Err(meta) => MockResponse::Error(AddTagsError::generic(meta)),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_sagemaker::Client::list_projects).then_compute_output(move |i| {
            let token = i.next_token().unwrap_or_default().to_string();
            let w = enter(&c, "ListProjects", token.clone()).unwrap();
            let start: usize = token.parse().unwrap_or(0);
            let page: Vec<ProjectSummary> = w
                .projects
                .iter()
                .skip(start)
                .take(2)
                .map(|p| {
                    ProjectSummary::builder()
                        .project_name(&p.name)
                        .project_id(&p.id)
                        .project_status(ProjectStatus::from(p.status.as_str()))
                        .build()
                })
                .collect();
            let next = (start + 2 < w.projects.len()).then(|| (start + 2).to_string());
            ListProjectsOutput::builder()
                .set_project_summary_list(Some(page))
                .set_next_token(next)
                .build()
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_sagemaker::Client::describe_project).then_compute_response(move |i| {
            let name = i.project_name().unwrap_or_default().to_string();
            let w = match enter(&c, "DescribeProject", name.clone()) {
                Ok(w) => w,
                Err(meta) => return MockResponse::Error(DescribeProjectError::generic(meta)),
            };
            let p = w
                .projects
                .iter()
                .find(|p| p.name == name)
                .expect("known project");
            let mut out = DescribeProjectOutput::builder()
                .project_name(&p.name)
                .project_id(&p.id)
                .project_status(ProjectStatus::from(p.status.as_str()));
            match &p.origin {
                Origin::ServiceCatalog {
                    product_id,
                    artifact_id,
                } => {
                    let params = p
                        .parameters
                        .iter()
                        .map(|(k, v)| ProvisioningParameter::builder().key(k).value(v).build())
                        .collect();
                    out = out.service_catalog_provisioning_details(
                        ServiceCatalogProvisioningDetails::builder()
                            .product_id(product_id)
                            .provisioning_artifact_id(artifact_id)
                            .set_provisioning_parameters(Some(params))
                            .build(),
                    );
                    if let Some(pp) = &p.provisioned_product {
                        out = out.service_catalog_provisioned_product_details(
                            ServiceCatalogProvisionedProductDetails::builder()
                                .provisioned_product_id(pp)
                                .build(),
                        );
                    }
                }
                Origin::Template { url } => {
                    let params = p
                        .parameters
                        .iter()
                        .map(|(k, v)| CfnStackParameter::builder().key(k).value(v).build())
                        .collect();
                    let mut detail = CfnTemplateProviderDetail::builder()
                        .set_template_name(p.template_name.clone())
                        .template_url(url)
                        .set_parameters(Some(params));
                    if let Some(stack) = &p.stack {
                        detail = detail.stack_detail(CfnStackDetail::builder().id(stack).build());
                    }
                    out = out.template_provider_details(
                        TemplateProviderDetail::builder()
                            .cfn_template_provider_detail(detail.build())
                            .build(),
                    )
                }
                Origin::Unknown => {}
            }
            MockResponse::Output(out.build())
        }),
    );
    // UpdateProject moves the project at once: to `UpdateCompleted`, or `UpdateFailed` for a
    // project in `World::update_fails` (which then keeps its version, as a rolled-back stack).
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_sagemaker::Client::update_project).then_compute_response(move |i| {
            let name = i.project_name().unwrap_or_default().to_string();
            let (target, params): (String, Vec<(String, String)>) =
                match i.service_catalog_provisioning_update_details() {
                    Some(d) => (
                        d.provisioning_artifact_id().unwrap_or_default().to_string(),
                        d.provisioning_parameters()
                            .iter()
                            .map(|p| {
                                (
                                    p.key().unwrap_or_default().into(),
                                    p.value().unwrap_or_default().into(),
                                )
                            })
                            .collect(),
                    ),
                    None => {
                        let t = i.template_providers_to_update()[0]
                            .cfn_template_provider()
                            .expect("a template provider");
                        (
                            t.template_url().unwrap_or_default().to_string(),
                            t.parameters()
                                .iter()
                                .map(|p| {
                                    (
                                        p.key().unwrap_or_default().into(),
                                        p.value().unwrap_or_default().into(),
                                    )
                                })
                                .collect(),
                        )
                    }
                };
            let shown: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let entry = format!("{name} {target} [{}]", shown.join(" "));
            let mut w = match enter(&c, "UpdateProject", entry) {
                Ok(w) => w,
                Err(meta) => return MockResponse::Error(UpdateProjectError::generic(meta)),
            };
            let fails = w.update_fails.contains(&name);
            let p = w
                .projects
                .iter_mut()
                .find(|p| p.name == name)
                .expect("known project");
            if fails {
                p.status = "UpdateFailed".into();
            } else {
                p.status = "UpdateCompleted".into();
                p.parameters = params;
                p.origin = match &p.origin {
                    Origin::ServiceCatalog { product_id, .. } => Origin::ServiceCatalog {
                        product_id: product_id.clone(),
                        artifact_id: target,
                    },
                    _ => Origin::Template { url: target },
                };
            }
            MockResponse::Output(
                UpdateProjectOutput::builder()
                    .project_arn(format!("arn:{name}"))
                    .build(),
            )
        }),
    );
    rules
}
