//! The `Api` of `--dry-run`: it records every call with its parameters, finds nothing and
//! creates placeholders, so the calls printed are exactly those a first publish makes.

use super::prepare::Prepared;
use super::publish::{Api, Artifact, NewArtifact, NewProduct, Put};
use super::{placeholder, Error};
use serde::Serialize;
use serde_json::{json, Value as Json};
use std::path::Path;

/// An AWS call `--dry-run` would make, with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub service: &'static str,
    pub operation: &'static str,
    pub parameters: Json,
}

/// The `Api` of `--dry-run`: records every call, finds nothing, creates placeholders.
#[derive(Debug, Default)]
pub struct DryRun {
    pub bucket: String,
    pub region: String,
    pub calls: Vec<Call>,
}

impl DryRun {
    pub(super) fn call(
        &mut self,
        service: &'static str,
        operation: &'static str,
        parameters: Json,
    ) {
        self.calls.push(Call {
            service,
            operation,
            parameters,
        });
    }
}

fn tags_json(tags: &[(String, String)]) -> Json {
    Json::Array(
        tags.iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

impl Api for DryRun {
    fn template_url(&self, key: &str) -> String {
        super::s3_url(&self.bucket, &self.region, key)
    }
    fn put_object(
        &mut self,
        key: &str,
        body: &[u8],
        tags: &[(String, String)],
    ) -> Result<Put, Error> {
        use sha2::{Digest, Sha256};
        let mut p = json!({"Bucket": self.bucket, "Key": key, "IfNoneMatch": "*",
            "ContentLength": body.len(), "ChecksumSHA256": hex::encode(Sha256::digest(body))});
        if !tags.is_empty() {
            let t: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            p["Tagging"] = json!(t.join("&"));
        }
        self.call("s3", "PutObject", p);
        Ok(Put::Created)
    }
    fn portfolio_arn(&mut self, portfolio: &str) -> Result<String, Error> {
        self.call(
            "servicecatalog",
            "DescribePortfolio",
            json!({"Id": portfolio}),
        );
        Ok(format!(
            "arn:aws:catalog:{}:<account>:portfolio/{portfolio}",
            self.region
        ))
    }
    fn find_product(&mut self, name: &str) -> Result<Option<String>, Error> {
        self.call(
            "servicecatalog",
            "SearchProductsAsAdmin",
            json!({"Filters": {"FullTextSearch": [name]}, "PageSize": 20}),
        );
        Ok(None)
    }
    fn create_product(&mut self, p: &NewProduct) -> Result<(String, String), Error> {
        self.call(
            "servicecatalog",
            "CreateProduct",
            json!({
            "Name": p.name, "Owner": p.owner, "Description": p.description,
            "ProductType": "CLOUD_FORMATION_TEMPLATE", "Tags": tags_json(&p.tags),
            "ProvisioningArtifactParameters": {
                "Name": p.artifact.name, "Description": p.artifact.description,
                "Info": {"LoadTemplateFromURL": p.artifact.template_url},
                "Type": "CLOUD_FORMATION_TEMPLATE", "DisableTemplateValidation": false},
            "IdempotencyToken": p.token}),
        );
        Ok(("<new product id>".into(), "<new artifact id>".into()))
    }
    fn artifacts(&mut self, product: &str) -> Result<Vec<Artifact>, Error> {
        self.call(
            "servicecatalog",
            "ListProvisioningArtifacts",
            json!({"ProductId": product}),
        );
        Ok(Vec::new())
    }
    fn artifact(&mut self, product: &str, artifact: &str) -> Result<(String, String), Error> {
        self.call(
            "servicecatalog",
            "DescribeProvisioningArtifact",
            json!({"ProductId": product, "ProvisioningArtifactId": artifact}),
        );
        Ok((String::new(), "AVAILABLE".into()))
    }
    fn create_artifact(&mut self, product: &str, a: &NewArtifact) -> Result<String, Error> {
        self.call(
            "servicecatalog",
            "CreateProvisioningArtifact",
            json!({
            "ProductId": product,
            "Parameters": {"Name": a.name, "Description": a.description,
                "Info": {"LoadTemplateFromURL": a.template_url},
                "Type": "CLOUD_FORMATION_TEMPLATE", "DisableTemplateValidation": false},
            "IdempotencyToken": a.token}),
        );
        Ok("<new artifact id>".into())
    }
    fn product_tags(&mut self, product: &str) -> Result<Vec<(String, String)>, Error> {
        self.call(
            "servicecatalog",
            "DescribeProductAsAdmin",
            json!({"Id": product}),
        );
        // A new product carries every tag it was created with.
        Ok(self
            .calls
            .iter()
            .rev()
            .find(|c| c.operation == "CreateProduct")
            .and_then(|c| c.parameters["Tags"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|t| {
                (
                    t["Key"].as_str().unwrap_or_default().to_string(),
                    t["Value"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect())
    }
    fn add_tags(&mut self, product: &str, tags: &[(String, String)]) -> Result<(), Error> {
        self.call(
            "servicecatalog",
            "UpdateProduct",
            json!({"Id": product, "AddTags": tags_json(tags)}),
        );
        Ok(())
    }
    fn product_portfolios(&mut self, product: &str) -> Result<Vec<String>, Error> {
        self.call(
            "servicecatalog",
            "ListPortfoliosForProduct",
            json!({"ProductId": product}),
        );
        Ok(Vec::new())
    }
    fn associate_product(&mut self, product: &str, portfolio: &str) -> Result<(), Error> {
        self.call(
            "servicecatalog",
            "AssociateProductWithPortfolio",
            json!({"ProductId": product, "PortfolioId": portfolio}),
        );
        Ok(())
    }
    fn has_launch_constraint(&mut self, portfolio: &str, product: &str) -> Result<bool, Error> {
        self.call(
            "servicecatalog",
            "ListConstraintsForPortfolio",
            json!({"PortfolioId": portfolio, "ProductId": product}),
        );
        Ok(false)
    }
    fn create_launch_constraint(
        &mut self,
        portfolio: &str,
        product: &str,
        role: &str,
        token: &str,
    ) -> Result<(), Error> {
        self.call(
            "servicecatalog",
            "CreateConstraint",
            json!({
            "PortfolioId": portfolio, "ProductId": product, "Type": "LAUNCH",
            "Parameters": json!({"RoleArn": role}).to_string(), "IdempotencyToken": token}),
        );
        Ok(())
    }
    fn principals(&mut self, portfolio: &str) -> Result<Vec<String>, Error> {
        self.call(
            "servicecatalog",
            "ListPrincipalsForPortfolio",
            json!({"PortfolioId": portfolio}),
        );
        Ok(Vec::new())
    }
    fn associate_principal(&mut self, portfolio: &str, principal: &str) -> Result<(), Error> {
        self.call(
            "servicecatalog",
            "AssociatePrincipalWithPortfolio",
            json!({"PortfolioId": portfolio, "PrincipalARN": principal, "PrincipalType": "IAM"}),
        );
        Ok(())
    }
    fn deprecate(&mut self, product: &str, artifact: &str) -> Result<(), Error> {
        self.call(
            "servicecatalog",
            "UpdateProvisioningArtifact",
            json!({
            "ProductId": product, "ProvisioningArtifactId": artifact, "Guidance": "DEPRECATED"}),
        );
        Ok(())
    }
    fn studio_cors(&mut self) -> Result<bool, Error> {
        self.call("s3", "GetBucketCors", json!({"Bucket": self.bucket}));
        Ok(false)
    }
    fn add_studio_cors(&mut self) -> Result<(), Error> {
        self.call(
            "s3",
            "PutBucketCors",
            json!({"Bucket": self.bucket, "CORSConfiguration": {"CORSRules": [super::publish::studio_cors_rule()]}}),
        );
        Ok(())
    }
    fn studio_domain(&mut self, id: &str) -> Result<(String, Option<String>), Error> {
        self.call("sagemaker", "DescribeDomain", json!({"DomainId": id}));
        let arn = format!("arn:aws:sagemaker:<region>:<account>:domain/{id}");
        self.call("sagemaker", "ListTags", json!({"ResourceArn": arn}));
        Ok((arn, None))
    }
    fn tag_studio_domain(&mut self, arn: &str, location: &str) -> Result<(), Error> {
        self.call(
            "sagemaker",
            "AddTags",
            json!({"ResourceArn": arn, "Tags": [{"Key": super::publish::STUDIO_TEMPLATES_TAG, "Value": location}]}),
        );
        Ok(())
    }
    fn pause(&mut self) {}
}

/// What a dry run leaves in `--out`: the product template, the seed registry and the calls.
pub struct DryRunOutput {
    /// The calls a first publish makes, in order.
    pub calls: Vec<super::dry_run::Call>,
    /// `calls.json`'s content: the summary a JSON report prints.
    pub summary: String,
    /// The publish as it would go in an empty account (its warnings, instructions).
    pub report: super::publish::PublishReport,
    /// What launching the product creates.
    pub launch: Vec<super::launch::Group>,
}

/// Runs the publish against the recording API and writes its files into `out`.
pub fn dry_run(out: &Path, p: &Prepared) -> Result<DryRunOutput, Error> {
    let (product, settings, uploads) = (&p.product, &p.settings, &p.uploads);
    let mut api = DryRun {
        bucket: settings.bucket.clone(),
        region: settings
            .region
            .clone()
            .unwrap_or_else(|| placeholder("catalog.region")),
        calls: Vec::new(),
    };
    let report = super::publish::publish(&mut api, product, settings, uploads, &p.opts)?;
    let launch = super::launch::groups(&product.template)?;
    let write = |rel: &str, body: &[u8]| -> Result<(), Error> {
        let path = out.join(rel);
        let fail = |e: std::io::Error| Error::Output {
            what: path.display().to_string(),
            message: e.to_string(),
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, body).map_err(fail)
    };
    write("template.yaml", product.template.as_bytes())?;
    if let Some(u) = &p.opts.unified {
        write("unified-studio.yaml", u.template.template.as_bytes())?;
    }
    let registry_prefix = format!("{}/", product.layout.registry_prefix);
    let artifacts_prefix = format!("{}/", product.layout.artifacts_prefix);
    for upload in uploads {
        if let Some(rel) = upload.key.strip_prefix(&registry_prefix) {
            write(&format!("registry/{rel}"), &upload.body)?;
        } else if let Some(rel) = upload.key.strip_prefix(&artifacts_prefix) {
            write(&format!("artifacts/{rel}"), &upload.body)?;
        }
    }
    let summary = serde_json::json!({
        "name": product.name,
        "version": product.version.to_string(),
        "template": out.join("template.yaml"),
        "unified_studio_template": p.opts.unified.as_ref().map(|_| out.join("unified-studio.yaml")),
        "registry": out.join("registry"),
        "layout": product.layout,
        "not_configured": settings.missing,
        "notes": product.notes,
        "warnings": report.warnings,
        "launch": launch,
        "calls": api.calls,
    });
    let text = serde_json::to_string_pretty(&summary).expect("serialises");
    write("calls.json", text.as_bytes())?;
    Ok(DryRunOutput {
        calls: api.calls,
        summary: text,
        report,
        launch,
    })
}
