//! A small stateful fake AWS account for the publish tests: products, versions, portfolio
//! associations, constraints, principals and S3 objects, behind the SDK's own mocking
//! interceptor (`aws-smithy-mocks`: real request and response types, no HTTP), and a Studio
//! domain's tags. Every
//! operation is logged with its key parameters, and one can be set to fail once.

use super::catalog::Catalog;
use aws_sdk_s3::operation::get_bucket_cors::GetBucketCorsOutput;
use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::get_object_tagging::GetObjectTaggingOutput;
use aws_sdk_s3::operation::put_object::{PutObjectError, PutObjectOutput};
use aws_sdk_s3::operation::put_object_tagging::PutObjectTaggingOutput;
use aws_sdk_servicecatalog::error::ErrorMetadata;
use aws_sdk_servicecatalog::operation::{
    associate_principal_with_portfolio::*, associate_product_with_portfolio::*,
    create_constraint::*, create_product::*, create_provisioning_artifact::*,
    describe_portfolio::*, describe_product_as_admin::*, describe_provisioned_product::*,
    describe_provisioning_artifact::*, describe_record::*, list_constraints_for_portfolio::*,
    list_portfolios_for_product::*, list_principals_for_portfolio::*,
    list_provisioning_artifacts::*, search_products_as_admin::*, update_product::*,
    update_provisioning_artifact::*,
};
use aws_sdk_servicecatalog::types::{
    ConstraintDetail, PortfolioDetail, Principal, ProductViewDetail, ProductViewSummary,
    ProvisioningArtifactDetail, ProvisioningArtifactGuidance, Status, Tag,
};
use aws_smithy_mocks::{mock, MockResponse, Rule, RuleMode};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

pub(crate) const PORTFOLIO: &str = "port-1";

#[derive(Default)]
pub(crate) struct Art {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) deprecated: bool,
}

#[derive(Default)]
pub(crate) struct Prod {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) artifacts: Vec<Art>,
    pub(crate) portfolios: Vec<String>,
    pub(crate) launch_role: Option<String>,
}

/// The fake account: S3 objects, products, one portfolio's principals, and the call log.
#[derive(Default)]
pub(crate) struct World {
    pub(crate) objects: BTreeMap<String, Vec<u8>>,
    pub(crate) products: Vec<Prod>,
    pub(crate) principals: Vec<String>,
    pub(crate) log: Vec<String>,
    /// The Studio domain's tags.
    pub(crate) domain_tags: BTreeMap<String, String>,
    /// SageMaker projects, in creation order.
    pub(crate) projects: Vec<crate::catalog::projects::Provisioned>,
    /// What a change set against each stack shows (none: no change).
    pub(crate) changes: BTreeMap<String, Vec<crate::catalog::upgrade::Change>>,
    /// Change sets not yet deleted.
    pub(crate) change_sets: Vec<String>,
    /// Projects whose UpdateProject ends `UpdateFailed`.
    pub(crate) update_fails: Vec<String>,
    /// The next call of this operation fails (once).
    pub(crate) fail: Option<&'static str>,
    pub(crate) next: u32,
}

pub(crate) type W = Arc<Mutex<World>>;

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
pub(crate) fn enter<'a>(
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

pub(crate) fn tag_pairs(tags: &[Tag]) -> Vec<(String, String)> {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

pub(crate) fn artifact_detail(a: &Art) -> ProvisioningArtifactDetail {
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

mod cloudformation;
pub(crate) mod datazone;
mod s3;
pub(crate) mod sagemaker;
mod servicecatalog;

pub(crate) fn catalog(w: &W) -> Catalog {
    use aws_sdk_servicecatalog::config::retry::RetryConfig;
    let sc_rules = servicecatalog::rules(w);
    let s3_rules = s3::rules(w);
    let sc = aws_smithy_mocks::mock_client!(
        aws_sdk_servicecatalog,
        RuleMode::MatchAny,
        sc_rules.iter(),
        |c| c.retry_config(RetryConfig::disabled())
    );
    let s3 = aws_smithy_mocks::mock_client!(aws_sdk_s3, RuleMode::MatchAny, s3_rules.iter(), |c| c
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled()));
    let sm_rules = sagemaker::rules(w);
    let sm = aws_smithy_mocks::mock_client!(
        aws_sdk_sagemaker,
        RuleMode::MatchAny,
        sm_rules.iter(),
        |c| c.retry_config(aws_sdk_sagemaker::config::retry::RetryConfig::disabled())
    );
    let cfn_rules = cloudformation::rules(w);
    let cfn = aws_smithy_mocks::mock_client!(
        aws_sdk_cloudformation,
        RuleMode::MatchAny,
        cfn_rules.iter(),
        |c| c.retry_config(aws_sdk_cloudformation::config::retry::RetryConfig::disabled())
    );
    Catalog::with_clients(
        sc,
        s3,
        super::runtime().unwrap(),
        "sagemaker-acme",
        "eu-west-1",
        None,
    )
    .with_sagemaker(sm)
    .with_cloudformation(cfn)
}
