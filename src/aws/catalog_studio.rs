//! The Studio side of a publish against AWS: the bucket's CORS rule for Studio (read, and
//! added with `--set-cors`) and the Studio domain's templates tag (`--domain-id`). The
//! `catalog::Api` methods in `catalog_api` call these.

use super::catalog::{next, Catalog};
use super::{code, fail};
use crate::catalog::Error;

impl Catalog {
    pub(super) fn put_studio_cors(&mut self) -> Result<(), Error> {
        use aws_sdk_s3::types::{CorsConfiguration, CorsRule};
        let invalid = |e: aws_sdk_s3::error::BuildError| Error::Aws {
            operation: "PutBucketCors".into(),
            message: e.to_string(),
            hint: None,
        };
        let existing = match self
            .rt
            .block_on(self.s3.get_bucket_cors().bucket(&self.bucket).send())
        {
            Ok(out) => out.cors_rules().to_vec(),
            Err(err) if code(&err).as_deref() == Some("NoSuchCORSConfiguration") => Vec::new(),
            Err(err) => return Err(fail("GetBucketCors", "s3:GetBucketCORS")(err)),
        };
        use crate::catalog::publish::{STUDIO_CORS_EXPOSE, STUDIO_CORS_METHODS, STUDIO_ORIGIN};
        let studio = CorsRule::builder()
            .allowed_headers("*")
            .set_allowed_methods(Some(STUDIO_CORS_METHODS.map(String::from).to_vec()))
            .allowed_origins(STUDIO_ORIGIN)
            .set_expose_headers(Some(STUDIO_CORS_EXPOSE.map(String::from).to_vec()))
            .build()
            .map_err(invalid)?;
        // A rule for Studio's origin alone that falls short is replaced (S3 applies the first
        // rule that matches a request); the bucket's other rules stay as they are.
        let kept: Vec<CorsRule> = existing
            .into_iter()
            .filter(|r| r.allowed_origins() != [STUDIO_ORIGIN])
            .collect();
        let config = CorsConfiguration::builder()
            .set_cors_rules(Some(kept))
            .cors_rules(studio)
            .build()
            .map_err(invalid)?;
        self.rt
            .block_on(
                self.s3
                    .put_bucket_cors()
                    .bucket(&self.bucket)
                    .cors_configuration(config)
                    .send(),
            )
            .map_err(fail("PutBucketCors", "s3:PutBucketCORS"))?;
        Ok(())
    }

    pub(super) fn describe_studio_domain(
        &mut self,
        id: &str,
    ) -> Result<(String, Option<String>), Error> {
        let sm = self.sagemaker_client()?;
        let domain = self
            .rt
            .block_on(sm.describe_domain().domain_id(id).send())
            .map_err(fail("DescribeDomain", "sagemaker:DescribeDomain"))?;
        let arn = domain.domain_arn().unwrap_or_default().to_string();
        let mut value = None;
        let mut token: Option<String> = None;
        loop {
            let page = self
                .rt
                .block_on(
                    sm.list_tags()
                        .resource_arn(&arn)
                        .set_next_token(token.clone())
                        .send(),
                )
                .map_err(fail("ListTags", "sagemaker:ListTags"))?;
            if let Some(tag) = page
                .tags()
                .iter()
                .find(|t| t.key() == Some(crate::catalog::publish::STUDIO_TEMPLATES_TAG))
            {
                value = tag.value().map(str::to_string);
            }
            token = next(page.next_token());
            if token.is_none() {
                break;
            }
        }
        Ok((arn, value))
    }

    pub(super) fn add_studio_domain_tag(&mut self, arn: &str, location: &str) -> Result<(), Error> {
        let sm = self.sagemaker_client()?;
        let tag = aws_sdk_sagemaker::types::Tag::builder()
            .key(crate::catalog::publish::STUDIO_TEMPLATES_TAG)
            .value(location)
            .build();
        self.rt
            .block_on(sm.add_tags().resource_arn(arn).tags(tag).send())
            .map_err(fail("AddTags", "sagemaker:AddTags"))?;
        Ok(())
    }

    pub(super) fn get_studio_cors(&mut self) -> Result<bool, Error> {
        match self
            .rt
            .block_on(self.s3.get_bucket_cors().bucket(&self.bucket).send())
        {
            Ok(out) => Ok(out.cors_rules().iter().any(|r| {
                fn strs(v: &[String]) -> Vec<&str> {
                    v.iter().map(String::as_str).collect()
                }
                crate::catalog::publish::serves_studio(
                    &strs(r.allowed_origins()),
                    &strs(r.allowed_methods()),
                    &strs(r.expose_headers()),
                )
            })),
            Err(err) if code(&err).as_deref() == Some("NoSuchCORSConfiguration") => Ok(false),
            Err(err) => Err(fail("GetBucketCors", "s3:GetBucketCORS")(err)),
        }
    }

    pub(super) fn sagemaker_client(&self) -> Result<aws_sdk_sagemaker::Client, Error> {
        self.sagemaker.clone().ok_or_else(|| Error::Aws {
            operation: "SageMaker".into(),
            message: "no SageMaker client was set up".into(),
            hint: None,
        })
    }
}
