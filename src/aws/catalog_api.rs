//! The `catalog::Api` methods over the clients of `catalog::Catalog`: each is one look or one
//! change in S3 or Service Catalog, in the order `catalog::publish` decides. The Studio calls
//! (bucket CORS, the domain's templates tag) are in `catalog_studio`.

use super::catalog::{all_pages, next, Catalog};
use super::{code, fail, tagging};
use crate::catalog::publish::{Api, Artifact, NewArtifact, NewProduct, Put};
use crate::catalog::Error;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_servicecatalog::types::{
    PrincipalType, ProductType, ProvisioningArtifactGuidance, ProvisioningArtifactProperties,
    ProvisioningArtifactType, Tag,
};

fn sc_tags(tags: &[(String, String)]) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| {
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .expect("key and value set")
        })
        .collect()
}

fn properties(a: &NewArtifact) -> ProvisioningArtifactProperties {
    ProvisioningArtifactProperties::builder()
        .name(&a.name)
        .description(&a.description)
        .info("LoadTemplateFromURL", &a.template_url)
        .r#type(ProvisioningArtifactType::CloudFormationTemplate)
        .disable_template_validation(false)
        .build()
}

impl Api for Catalog {
    fn template_url(&self, key: &str) -> String {
        match &self.endpoint {
            Some(endpoint) => format!("{endpoint}/{}/{key}", self.bucket),
            None => crate::catalog::s3_url(&self.bucket, &self.region, key),
        }
    }

    fn put_object(
        &mut self,
        key: &str,
        body: &[u8],
        tags: &[(String, String)],
    ) -> Result<Put, Error> {
        let mut put = self
            .s3
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .if_none_match("*")
            .body(ByteStream::from(body.to_vec()));
        if key.ends_with(".yaml") {
            put = put.content_type("application/x-yaml");
        }
        if !tags.is_empty() {
            put = put.tagging(tagging(tags));
        }
        match self.rt.block_on(put.send()) {
            Ok(_) => Ok(Put::Created),
            Err(err)
                if matches!(
                    code(&err).as_deref(),
                    Some("PreconditionFailed" | "ConditionalRequestConflict")
                ) =>
            {
                match self.get_object(key)? {
                    Some(existing) if existing == body => {
                        self.ensure_tags(key, tags)?;
                        Ok(Put::Same)
                    }
                    _ => Ok(Put::Different),
                }
            }
            Err(err) => Err(fail("PutObject", "s3:PutObject")(err)),
        }
    }

    fn portfolio_arn(&mut self, portfolio: &str) -> Result<String, Error> {
        let out = self
            .rt
            .block_on(self.sc.describe_portfolio().id(portfolio).send())
            .map_err(fail(
                "DescribePortfolio",
                "servicecatalog:DescribePortfolio",
            ))?;
        Ok(out
            .portfolio_detail()
            .and_then(|d| d.arn())
            .unwrap_or_default()
            .to_string())
    }

    fn find_product(&mut self, name: &str) -> Result<Option<String>, Error> {
        // Full-text search is fuzzy: only the exact name counts.
        Ok(self
            .search_products(Some(name), None)?
            .into_iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| id))
    }

    fn create_product(&mut self, p: &NewProduct) -> Result<(String, String), Error> {
        let out = self
            .rt
            .block_on(
                self.sc
                    .create_product()
                    .name(&p.name)
                    .owner(&p.owner)
                    .description(&p.description)
                    .product_type(ProductType::CloudFormationTemplate)
                    .set_tags(Some(sc_tags(&p.tags)))
                    .provisioning_artifact_parameters(properties(&p.artifact))
                    .idempotency_token(&p.token)
                    .send(),
            )
            .map_err(fail("CreateProduct", "servicecatalog:CreateProduct"))?;
        let product = out
            .product_view_detail()
            .and_then(|d| d.product_view_summary())
            .and_then(|s| s.product_id())
            .unwrap_or_default()
            .to_string();
        let artifact = out
            .provisioning_artifact_detail()
            .and_then(|a| a.id())
            .unwrap_or_default()
            .to_string();
        Ok((product, artifact))
    }

    fn artifacts(&mut self, product: &str) -> Result<Vec<Artifact>, Error> {
        let out = self
            .rt
            .block_on(
                self.sc
                    .list_provisioning_artifacts()
                    .product_id(product)
                    .send(),
            )
            .map_err(fail(
                "ListProvisioningArtifacts",
                "servicecatalog:ListProvisioningArtifacts",
            ))?;
        Ok(out
            .provisioning_artifact_details()
            .iter()
            .map(|a| Artifact {
                id: a.id().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                active: a.active().unwrap_or(true),
                deprecated: a.guidance() == Some(&ProvisioningArtifactGuidance::Deprecated),
            })
            .collect())
    }

    fn artifact(&mut self, product: &str, artifact: &str) -> Result<(String, String), Error> {
        let out = self
            .rt
            .block_on(
                self.sc
                    .describe_provisioning_artifact()
                    .product_id(product)
                    .provisioning_artifact_id(artifact)
                    .send(),
            )
            .map_err(fail(
                "DescribeProvisioningArtifact",
                "servicecatalog:DescribeProvisioningArtifact",
            ))?;
        let url = out
            .info()
            .and_then(|i| {
                i.get("TemplateUrl")
                    .or_else(|| i.get("LoadTemplateFromURL"))
            })
            .cloned()
            .unwrap_or_default();
        let status = out.status().map_or("AVAILABLE", |s| s.as_str()).to_string();
        Ok((url, status))
    }

    fn create_artifact(&mut self, product: &str, a: &NewArtifact) -> Result<String, Error> {
        let out = self
            .rt
            .block_on(
                self.sc
                    .create_provisioning_artifact()
                    .product_id(product)
                    .parameters(properties(a))
                    .idempotency_token(&a.token)
                    .send(),
            )
            .map_err(fail(
                "CreateProvisioningArtifact",
                "servicecatalog:CreateProvisioningArtifact",
            ))?;
        Ok(out
            .provisioning_artifact_detail()
            .and_then(|d| d.id())
            .unwrap_or_default()
            .to_string())
    }

    fn product_tags(&mut self, product: &str) -> Result<Vec<(String, String)>, Error> {
        let out = self
            .rt
            .block_on(self.sc.describe_product_as_admin().id(product).send())
            .map_err(fail(
                "DescribeProductAsAdmin",
                "servicecatalog:DescribeProductAsAdmin",
            ))?;
        Ok(out
            .tags()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect())
    }

    fn add_tags(&mut self, product: &str, tags: &[(String, String)]) -> Result<(), Error> {
        self.rt
            .block_on(
                self.sc
                    .update_product()
                    .id(product)
                    .set_add_tags(Some(sc_tags(tags)))
                    .send(),
            )
            .map_err(fail("UpdateProduct", "servicecatalog:UpdateProduct"))?;
        Ok(())
    }

    fn product_portfolios(&mut self, product: &str) -> Result<Vec<String>, Error> {
        all_pages(|token| {
            let call = self
                .sc
                .list_portfolios_for_product()
                .product_id(product)
                .set_page_token(token);
            let out = self.rt.block_on(call.send()).map_err(fail(
                "ListPortfoliosForProduct",
                "servicecatalog:ListPortfoliosForProduct",
            ))?;
            let ids = out.portfolio_details().iter().filter_map(|p| p.id());
            Ok((
                ids.map(str::to_string).collect(),
                next(out.next_page_token()),
            ))
        })
    }

    fn associate_product(&mut self, product: &str, portfolio: &str) -> Result<(), Error> {
        self.rt
            .block_on(
                self.sc
                    .associate_product_with_portfolio()
                    .product_id(product)
                    .portfolio_id(portfolio)
                    .send(),
            )
            .map_err(fail(
                "AssociateProductWithPortfolio",
                "servicecatalog:AssociateProductWithPortfolio",
            ))?;
        Ok(())
    }

    fn has_launch_constraint(&mut self, portfolio: &str, product: &str) -> Result<bool, Error> {
        let out = self
            .rt
            .block_on(
                self.sc
                    .list_constraints_for_portfolio()
                    .portfolio_id(portfolio)
                    .product_id(product)
                    .send(),
            )
            .map_err(fail(
                "ListConstraintsForPortfolio",
                "servicecatalog:ListConstraintsForPortfolio",
            ))?;
        Ok(out
            .constraint_details()
            .iter()
            .any(|c| c.r#type() == Some("LAUNCH")))
    }

    fn create_launch_constraint(
        &mut self,
        portfolio: &str,
        product: &str,
        role: &str,
        token: &str,
    ) -> Result<(), Error> {
        let parameters = serde_json::json!({ "RoleArn": role }).to_string();
        self.rt
            .block_on(
                self.sc
                    .create_constraint()
                    .portfolio_id(portfolio)
                    .product_id(product)
                    .r#type("LAUNCH")
                    .parameters(parameters)
                    .description("Launched by jig publish's launch role")
                    .idempotency_token(token)
                    .send(),
            )
            .map_err(fail(
                "CreateConstraint",
                "servicecatalog:CreateConstraint and iam:PassRole",
            ))?;
        Ok(())
    }

    fn principals(&mut self, portfolio: &str) -> Result<Vec<String>, Error> {
        all_pages(|token| {
            let call = self
                .sc
                .list_principals_for_portfolio()
                .portfolio_id(portfolio)
                .set_page_token(token);
            let out = self.rt.block_on(call.send()).map_err(fail(
                "ListPrincipalsForPortfolio",
                "servicecatalog:ListPrincipalsForPortfolio",
            ))?;
            let arns = out.principals().iter().filter_map(|p| p.principal_arn());
            Ok((
                arns.map(str::to_string).collect(),
                next(out.next_page_token()),
            ))
        })
    }

    fn associate_principal(&mut self, portfolio: &str, principal: &str) -> Result<(), Error> {
        self.rt
            .block_on(
                self.sc
                    .associate_principal_with_portfolio()
                    .portfolio_id(portfolio)
                    .principal_arn(principal)
                    .principal_type(PrincipalType::Iam)
                    .send(),
            )
            .map_err(fail(
                "AssociatePrincipalWithPortfolio",
                "servicecatalog:AssociatePrincipalWithPortfolio",
            ))?;
        Ok(())
    }

    fn deprecate(&mut self, product: &str, artifact: &str) -> Result<(), Error> {
        self.rt
            .block_on(
                self.sc
                    .update_provisioning_artifact()
                    .product_id(product)
                    .provisioning_artifact_id(artifact)
                    .guidance(ProvisioningArtifactGuidance::Deprecated)
                    .send(),
            )
            .map_err(fail(
                "UpdateProvisioningArtifact",
                "servicecatalog:UpdateProvisioningArtifact",
            ))?;
        Ok(())
    }

    fn add_studio_cors(&mut self) -> Result<(), Error> {
        self.put_studio_cors()
    }

    fn studio_domain(&mut self, id: &str) -> Result<(String, Option<String>), Error> {
        self.describe_studio_domain(id)
    }

    fn tag_studio_domain(&mut self, arn: &str, location: &str) -> Result<(), Error> {
        self.add_studio_domain_tag(arn, location)
    }

    fn studio_cors(&mut self) -> Result<bool, Error> {
        self.get_studio_cors()
    }
}
