//! The account side of `jig catalog projects`: SageMaker's projects with their provisioning
//! details, and the S3 listing of a Studio template's versions. `catalog::projects` decides
//! what they mean.

use super::catalog::{all_pages, next, Catalog};
use super::fail;
use crate::catalog::projects::{Origin, ProjectsApi, Provisioned};
use crate::catalog::Error;

impl ProjectsApi for Catalog {
    fn projects(&mut self) -> Result<Vec<Provisioned>, Error> {
        let sm = self.sagemaker_client()?;
        let names = all_pages(|token| {
            let out = self
                .rt
                .block_on(
                    sm.list_projects()
                        .max_results(100)
                        .set_next_token(token)
                        .send(),
                )
                .map_err(fail("ListProjects", "sagemaker:ListProjects"))?;
            let names = out
                .project_summary_list()
                .iter()
                .filter_map(|p| p.project_name().map(str::to_string))
                .collect();
            Ok((names, next(out.next_token())))
        })?;
        let mut projects = Vec::new();
        for name in names {
            let out = self
                .rt
                .block_on(sm.describe_project().project_name(&name).send())
                .map_err(fail("DescribeProject", "sagemaker:DescribeProject"))?;
            let catalog = out.service_catalog_provisioning_details().and_then(|d| {
                Some(Origin::ServiceCatalog {
                    product_id: d.product_id()?.to_string(),
                    artifact_id: d.provisioning_artifact_id()?.to_string(),
                })
            });
            let provider = out
                .template_provider_details()
                .iter()
                .find_map(|t| t.cfn_template_provider_detail());
            let template = provider
                .and_then(|t| t.template_url())
                .map(|url| Origin::Template {
                    url: url.to_string(),
                });
            let pair = |k: Option<&str>, v: Option<&str>| {
                Some((k?.to_string(), v.unwrap_or_default().to_string()))
            };
            let mut parameters: Vec<(String, String)> = out
                .service_catalog_provisioning_details()
                .map(|d| d.provisioning_parameters())
                .unwrap_or_default()
                .iter()
                .filter_map(|p| pair(p.key(), p.value()))
                .collect();
            if let Some(t) = provider {
                parameters.extend(
                    t.parameters()
                        .iter()
                        .filter_map(|p| pair(p.key(), p.value())),
                );
            }
            let stack = provider
                .and_then(|t| t.stack_detail())
                .and_then(|s| s.id().or(s.name()))
                .map(str::to_string);
            let provisioned_product = out
                .service_catalog_provisioned_product_details()
                .and_then(|d| d.provisioned_product_id())
                .map(str::to_string);
            projects.push(Provisioned {
                id: out.project_id().unwrap_or_default().to_string(),
                status: out
                    .project_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                origin: catalog.or(template).unwrap_or(Origin::Unknown),
                name,
                parameters,
                stack,
                provisioned_product,
                template_name: provider.and_then(|t| t.template_name()).map(str::to_string),
            });
        }
        Ok(projects)
    }

    fn keys(&mut self, bucket: &str, prefix: &str) -> Result<Vec<String>, Error> {
        all_pages(|token| {
            let out = self
                .rt
                .block_on(
                    self.s3
                        .list_objects_v2()
                        .bucket(bucket)
                        .prefix(prefix)
                        .set_continuation_token(token)
                        .send(),
                )
                .map_err(fail("ListObjectsV2", "s3:ListBucket"))?;
            let keys = out
                .contents()
                .iter()
                .filter_map(|o| o.key().map(str::to_string))
                .collect();
            Ok((keys, next(out.next_continuation_token())))
        })
    }
}
