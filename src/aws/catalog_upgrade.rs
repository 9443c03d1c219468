//! The account side of `jig catalog upgrade`: the target template, the stack a project runs, a
//! CloudFormation change set that only shows what would change (made, read, deleted), and
//! SageMaker's UpdateProject, waited for. `catalog::upgrade` decides what to send.

use super::catalog::{next, Catalog};
use super::fail;
use crate::catalog::projects::{Origin, ProjectRow};
use crate::catalog::upgrade::{Change, UpgradeApi};
use crate::catalog::{Api, Error};

/// How long a change set or a project update is waited for: polls, `Api::pause` apart.
const POLLS: usize = 1800;

fn missing(operation: &str) -> Error {
    Error::Aws {
        operation: operation.into(),
        message: "no client for it".into(),
        hint: None,
    }
}

impl UpgradeApi for Catalog {
    fn object(&mut self, bucket: &str, key: &str) -> Result<Vec<u8>, Error> {
        self.get_object_in(bucket, key)?.ok_or_else(|| Error::Aws {
            operation: "GetObject".into(),
            message: format!("s3://{bucket}/{key} does not exist"),
            hint: Some("was the version's template deleted? publish it again".into()),
        })
    }

    fn artifact_url(&mut self, product: &str, artifact: &str) -> Result<String, Error> {
        Api::artifact(self, product, artifact).map(|(url, _)| url)
    }

    fn provisioned_stack(&mut self, provisioned_product: &str) -> Result<String, Error> {
        let out = self
            .rt
            .block_on(
                self.sc
                    .describe_provisioned_product()
                    .id(provisioned_product)
                    .send(),
            )
            .map_err(fail(
                "DescribeProvisionedProduct",
                "servicecatalog:DescribeProvisionedProduct",
            ))?;
        let record = out
            .provisioned_product_detail()
            .and_then(|d| {
                d.last_successful_provisioning_record_id()
                    .or(d.last_record_id())
            })
            .unwrap_or_default()
            .to_string();
        let out = self
            .rt
            .block_on(self.sc.describe_record().id(&record).send())
            .map_err(fail("DescribeRecord", "servicecatalog:DescribeRecord"))?;
        Ok(out
            .record_outputs()
            .iter()
            .find(|o| o.output_key() == Some("CloudformationStackARN"))
            .and_then(|o| o.output_value())
            .unwrap_or_default()
            .to_string())
    }

    fn preview(
        &mut self,
        stack: &str,
        template_url: &str,
        keep: &[String],
        set: &[(String, String)],
    ) -> Result<Vec<Change>, Error> {
        use aws_sdk_cloudformation::types::{
            Capability, ChangeSetStatus, ChangeSetType, Parameter,
        };
        let cfn = self
            .cloudformation
            .clone()
            .ok_or_else(|| missing("CreateChangeSet"))?;
        let mut parameters: Vec<Parameter> = keep
            .iter()
            .map(|k| {
                Parameter::builder()
                    .parameter_key(k)
                    .use_previous_value(true)
                    .build()
            })
            .collect();
        parameters.extend(set.iter().map(|(k, v)| {
            Parameter::builder()
                .parameter_key(k)
                .parameter_value(v)
                .build()
        }));
        let name = format!("jig-upgrade-{}", std::process::id());
        let created = self
            .rt
            .block_on(
                cfn.create_change_set()
                    .stack_name(stack)
                    .change_set_name(&name)
                    .change_set_type(ChangeSetType::Update)
                    .template_url(template_url)
                    .set_parameters(Some(parameters))
                    .capabilities(Capability::CapabilityIam)
                    .capabilities(Capability::CapabilityNamedIam)
                    .capabilities(Capability::CapabilityAutoExpand)
                    .description("jig catalog upgrade: a preview, deleted after reading")
                    .send(),
            )
            .map_err(fail("CreateChangeSet", "cloudformation:CreateChangeSet"))?;
        let id = created.id().unwrap_or(&name).to_string();
        let mut changes = Vec::new();
        let mut token = None;
        let mut polls = 0;
        let result = loop {
            let out = match self.rt.block_on(
                cfn.describe_change_set()
                    .change_set_name(&id)
                    .stack_name(stack)
                    .set_next_token(token.clone())
                    .send(),
            ) {
                Ok(out) => out,
                Err(e) => {
                    break Err(fail(
                        "DescribeChangeSet",
                        "cloudformation:DescribeChangeSet",
                    )(e))
                }
            };
            match out.status() {
                Some(ChangeSetStatus::CreateComplete) => {
                    changes.extend(out.changes().iter().filter_map(|c| {
                        let r = c.resource_change()?;
                        Some(Change {
                            logical_id: r.logical_resource_id().unwrap_or_default().into(),
                            resource_type: r.resource_type().unwrap_or_default().into(),
                            action: r
                                .action()
                                .map(|a| a.as_str().to_string())
                                .unwrap_or_default(),
                            replacement: r
                                .replacement()
                                .map(|a| a.as_str().to_string())
                                .unwrap_or_default(),
                        })
                    }));
                    token = next(out.next_token());
                    if token.is_none() {
                        break Ok(changes);
                    }
                }
                Some(ChangeSetStatus::Failed) => {
                    let reason = out.status_reason().unwrap_or_default();
                    // A template that changes nothing cannot make a change set.
                    if reason.contains("didn't contain changes") || reason.contains("No updates") {
                        break Ok(Vec::new());
                    }
                    break Err(Error::Aws {
                        operation: "CreateChangeSet".into(),
                        message: reason.to_string(),
                        hint: None,
                    });
                }
                _ if polls >= POLLS => {
                    break Err(Error::Aws {
                        operation: "DescribeChangeSet".into(),
                        message: "the change set was not ready in time".into(),
                        hint: None,
                    })
                }
                _ => {
                    polls += 1;
                    self.pause();
                }
            }
        };
        // Only a preview: never left behind, whatever happened.
        let deleted = self
            .rt
            .block_on(
                cfn.delete_change_set()
                    .change_set_name(&id)
                    .stack_name(stack)
                    .send(),
            )
            .map_err(fail("DeleteChangeSet", "cloudformation:DeleteChangeSet"));
        let changes = result?;
        deleted?;
        Ok(changes)
    }

    fn update_project(
        &mut self,
        row: &ProjectRow,
        target: &str,
        parameters: &[(String, String)],
    ) -> Result<String, Error> {
        use aws_sdk_sagemaker::types::{
            CfnStackUpdateParameter, CfnUpdateTemplateProvider, ProvisioningParameter,
            ServiceCatalogProvisioningUpdateDetails, UpdateTemplateProvider,
        };
        let sm = self.sagemaker_client()?;
        let mut call = sm.update_project().project_name(&row.project);
        call = match &row.source.origin {
            Origin::ServiceCatalog { .. } => call.service_catalog_provisioning_update_details(
                ServiceCatalogProvisioningUpdateDetails::builder()
                    .provisioning_artifact_id(target)
                    .set_provisioning_parameters(Some(
                        parameters
                            .iter()
                            .map(|(k, v)| ProvisioningParameter::builder().key(k).value(v).build())
                            .collect(),
                    ))
                    .build(),
            ),
            _ => call.template_providers_to_update(
                UpdateTemplateProvider::builder()
                    .cfn_template_provider(
                        CfnUpdateTemplateProvider::builder()
                            .set_template_name(row.source.template_name.clone())
                            .template_url(target)
                            .set_parameters(Some(
                                parameters
                                    .iter()
                                    .map(|(k, v)| {
                                        CfnStackUpdateParameter::builder().key(k).value(v).build()
                                    })
                                    .collect(),
                            ))
                            .build(),
                    )
                    .build(),
            ),
        };
        self.rt
            .block_on(call.send())
            .map_err(fail("UpdateProject", "sagemaker:UpdateProject"))?;
        for _ in 0..POLLS {
            let out = self
                .rt
                .block_on(sm.describe_project().project_name(&row.project).send())
                .map_err(fail("DescribeProject", "sagemaker:DescribeProject"))?;
            let status = out
                .project_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            if !matches!(status.as_str(), "UpdateInProgress" | "Pending" | "") {
                return Ok(status);
            }
            self.pause();
        }
        Err(Error::Aws {
            operation: "UpdateProject".into(),
            message: format!(
                "{} was still updating when jig stopped waiting",
                row.project
            ),
            hint: Some("see its status in SageMaker Studio, then run the upgrade again".into()),
        })
    }
}
