//! The fake account's SageMaker operations: one Studio domain and its tags.

use super::*;
use aws_sdk_sagemaker::operation::add_tags::{AddTagsError, AddTagsOutput};
use aws_sdk_sagemaker::operation::describe_domain::{DescribeDomainError, DescribeDomainOutput};
use aws_sdk_sagemaker::operation::list_tags::{ListTagsError, ListTagsOutput};
use aws_sdk_sagemaker::types::Tag as SmTag;

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
    rules
}
