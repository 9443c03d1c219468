//! The calls publishing makes, as a trait: `aws::catalog` makes them with the SDK, `DryRun`
//! records them, and `publish` decides their order. The types are the requests and answers
//! those calls exchange, free of any SDK type, and what a publish is asked (`Options`) and
//! reports (`PublishReport`), which every target's step shares.

use super::Error;
use serde::Serialize;

/// One step of a publish, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub what: String,
    pub changed: bool,
}

/// A file to upload (key relative to the bucket).
#[derive(Debug, Clone)]
pub struct Upload {
    pub key: String,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub service_catalog: bool,
    pub studio_s3: bool,
    /// Keep this many newest versions; deprecate the others.
    pub deprecate_older: Option<usize>,
    /// The version's changelog entry (the artifact's description).
    pub changelog: Option<String>,
    /// `--set-cors`: add Studio's CORS rule to the bucket when it lacks one.
    pub set_cors: bool,
    /// `--domain-id`: the Studio domain to point at the bucket's templates.
    pub domain_id: Option<String>,
    /// `--unified-studio`: the domain and setup to register the blueprint in.
    pub unified: Option<super::unified_api::Unified>,
}

#[derive(Debug, Default, Serialize)]
pub struct PublishReport {
    pub steps: Vec<Step>,
    pub product_id: Option<String>,
    pub artifact_id: Option<String>,
    pub template_url: String,
    /// What the user still has to do (Studio S3 setup).
    pub instructions: Vec<String>,
    /// What will not work as published (no principal can see the product).
    pub warnings: Vec<String>,
    /// Where `--unified-studio` registered the blueprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unified_studio: Option<super::unified_api::UnifiedReport>,
}

impl PublishReport {
    pub(super) fn step(&mut self, changed: bool, what: impl Into<String>) {
        self.steps.push(Step {
            what: what.into(),
            changed,
        });
    }

    pub fn changed(&self) -> bool {
        self.steps.iter().any(|s| s.changed)
    }
}

/// What a conditional upload found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    Created,
    /// The object was there with the same bytes.
    Same,
    /// The object was there with other bytes; nothing was written.
    Different,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Artifact {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub struct NewArtifact {
    pub name: String,
    pub description: String,
    pub template_url: String,
    pub token: String,
}

#[derive(Debug, Clone)]
pub struct NewProduct {
    pub name: String,
    pub owner: String,
    pub description: String,
    pub tags: Vec<(String, String)>,
    pub artifact: NewArtifact,
    pub token: String,
}

/// The calls publishing needs; `aws::catalog` makes them with the SDK, `DryRun` records them.
pub trait Api {
    /// `https://BUCKET.s3.REGION.amazonaws.com/KEY` (or the configured endpoint's form).
    fn template_url(&self, key: &str) -> String;
    /// PutObject with `If-None-Match: *`; on a conflict, GetObject and compare.
    fn put_object(
        &mut self,
        key: &str,
        body: &[u8],
        tags: &[(String, String)],
    ) -> Result<Put, Error>;
    /// DescribePortfolio: the portfolio's ARN.
    fn portfolio_arn(&mut self, portfolio: &str) -> Result<String, Error>;
    /// SearchProductsAsAdmin (all pages), exact name match: the product id.
    fn find_product(&mut self, name: &str) -> Result<Option<String>, Error>;
    /// CreateProduct with its first provisioning artifact: (product id, artifact id).
    fn create_product(&mut self, product: &NewProduct) -> Result<(String, String), Error>;
    /// ListProvisioningArtifacts.
    fn artifacts(&mut self, product: &str) -> Result<Vec<Artifact>, Error>;
    /// DescribeProvisioningArtifact: (template URL, status).
    fn artifact(&mut self, product: &str, artifact: &str) -> Result<(String, String), Error>;
    fn create_artifact(&mut self, product: &str, artifact: &NewArtifact) -> Result<String, Error>;
    /// DescribeProductAsAdmin: the product's tags.
    fn product_tags(&mut self, product: &str) -> Result<Vec<(String, String)>, Error>;
    /// UpdateProduct with AddTags.
    fn add_tags(&mut self, product: &str, tags: &[(String, String)]) -> Result<(), Error>;
    /// ListPortfoliosForProduct: portfolio ids.
    fn product_portfolios(&mut self, product: &str) -> Result<Vec<String>, Error>;
    fn associate_product(&mut self, product: &str, portfolio: &str) -> Result<(), Error>;
    /// ListConstraintsForPortfolio: whether a LAUNCH constraint exists for the product.
    fn has_launch_constraint(&mut self, portfolio: &str, product: &str) -> Result<bool, Error>;
    fn create_launch_constraint(
        &mut self,
        portfolio: &str,
        product: &str,
        role_arn: &str,
        token: &str,
    ) -> Result<(), Error>;
    /// ListPrincipalsForPortfolio: principal ARNs.
    fn principals(&mut self, portfolio: &str) -> Result<Vec<String>, Error>;
    fn associate_principal(&mut self, portfolio: &str, principal: &str) -> Result<(), Error>;
    /// UpdateProvisioningArtifact with `Guidance: DEPRECATED`.
    fn deprecate(&mut self, product: &str, artifact: &str) -> Result<(), Error>;
    /// GetBucketCors: whether a rule allows `https://*.sagemaker.aws`.
    fn studio_cors(&mut self) -> Result<bool, Error>;
    /// Adds the rule Studio needs (GET from `https://*.sagemaker.aws`) to the bucket's CORS
    /// configuration, keeping the rules already there.
    fn add_studio_cors(&mut self) -> Result<(), Error>;
    /// The Studio domain `id`: its ARN, and its `STUDIO_TEMPLATES_TAG` value if it has one.
    fn studio_domain(&mut self, id: &str) -> Result<(String, Option<String>), Error>;
    /// Sets the domain's `STUDIO_TEMPLATES_TAG` to `location`.
    fn tag_studio_domain(&mut self, arn: &str, location: &str) -> Result<(), Error>;
    /// Waits between polls of a version being created.
    fn pause(&mut self) {
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
}
