//! The fake account's CloudFormation: change sets that show what the test set for the stack
//! (`World::changes`), ready at once, and deleted on request.

use super::*;
use aws_sdk_cloudformation::operation::create_change_set::{
    CreateChangeSetError, CreateChangeSetOutput,
};
use aws_sdk_cloudformation::operation::delete_change_set::DeleteChangeSetOutput;
use aws_sdk_cloudformation::operation::describe_change_set::DescribeChangeSetOutput;
use aws_sdk_cloudformation::types::{
    Change as CfnChange, ChangeAction, ChangeSetStatus, ChangeType, Replacement, ResourceChange,
};

pub(super) fn rules(w: &W) -> Vec<Rule> {
    let mut rules = Vec::new();
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_cloudformation::Client::create_change_set).then_compute_response(move |i| {
            let stack = i.stack_name().unwrap_or_default().to_string();
            let params: Vec<String> = i
                .parameters()
                .iter()
                .map(|p| match p.use_previous_value() {
                    Some(true) => format!("{}=previous", p.parameter_key().unwrap_or_default()),
                    _ => format!(
                        "{}={}",
                        p.parameter_key().unwrap_or_default(),
                        p.parameter_value().unwrap_or_default()
                    ),
                })
                .collect();
            let entry = format!(
                "{stack} {} {} [{}]",
                i.change_set_type().map(|t| t.as_str()).unwrap_or_default(),
                i.template_url().unwrap_or_default(),
                params.join(" ")
            );
            match enter(&c, "CreateChangeSet", entry) {
                Ok(mut w) => {
                    let id = format!("cs-{stack}");
                    w.change_sets.push(id.clone());
                    MockResponse::Output(CreateChangeSetOutput::builder().id(id).build())
                }
                Err(meta) => MockResponse::Error(CreateChangeSetError::generic(meta)),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_cloudformation::Client::describe_change_set).then_compute_output(move |i| {
            let stack = i.stack_name().unwrap_or_default().to_string();
            let w = enter(&c, "DescribeChangeSet", stack.clone()).unwrap();
            match w.changes.get(&stack) {
                None => DescribeChangeSetOutput::builder()
                    .status(ChangeSetStatus::Failed)
                    .status_reason("The submitted information didn't contain changes. Submit different information to create a change set.")
                    .build(),
                Some(changes) => DescribeChangeSetOutput::builder()
                    .status(ChangeSetStatus::CreateComplete)
                    .set_changes(Some(
                        changes
                            .iter()
                            .map(|ch| {
                                let mut r = ResourceChange::builder()
                                    .logical_resource_id(&ch.logical_id)
                                    .resource_type(&ch.resource_type)
                                    .action(ChangeAction::from(ch.action.as_str()));
                                if !ch.replacement.is_empty() {
                                    r = r.replacement(Replacement::from(ch.replacement.as_str()));
                                }
                                CfnChange::builder()
                                    .r#type(ChangeType::Resource)
                                    .resource_change(r.build())
                                    .build()
                            })
                            .collect(),
                    ))
                    .build(),
            }
        }),
    );
    let c = w.clone();
    rules.push(
        mock!(aws_sdk_cloudformation::Client::delete_change_set).then_compute_output(move |i| {
            let id = i.change_set_name().unwrap_or_default().to_string();
            let mut w = enter(&c, "DeleteChangeSet", id.clone()).unwrap();
            w.change_sets.retain(|c| c != &id);
            DeleteChangeSetOutput::builder().build()
        }),
    );
    rules
}
