//! What launching the product creates, read from its CloudFormation template: the resources
//! grouped by type (in the order the template first names each type), each with its logical
//! ids and the condition it depends on, for the summary `jig publish --dry-run` prints.

use super::Error;
use crate::yaml;
use serde::Serialize;

/// The resources of one CloudFormation type a launch creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The CloudFormation type (`AWS::S3::Bucket`).
    #[serde(rename = "type")]
    pub kind: String,
    /// What a person calls it (`S3 bucket`); the type itself when jig knows no name.
    pub what: String,
    /// Logical ids, with ` (if CONDITION)` for a conditional resource.
    pub logical_ids: Vec<String>,
}

/// The resources of `template` (the product template's YAML), grouped by type.
pub fn groups(template: &str) -> Result<Vec<Group>, Error> {
    let doc: yaml::Value = yaml::from_str(template).map_err(|e| Error::Yaml {
        file: "the product template".into(),
        message: e.to_string(),
    })?;
    let mut groups: Vec<Group> = Vec::new();
    let Some(resources) = doc.get("Resources").and_then(|r| r.as_mapping()) else {
        return Ok(groups);
    };
    for (id, resource) in resources {
        let Some(id) = id.as_str() else { continue };
        let kind = resource
            .get("Type")
            .and_then(|t| t.as_str())
            .unwrap_or("unknown type");
        let id = match resource.get("Condition").and_then(|c| c.as_str()) {
            Some(condition) => format!("{id} (if {condition})"),
            None => id.to_string(),
        };
        match groups.iter_mut().find(|g| g.kind == kind) {
            Some(group) => group.logical_ids.push(id),
            None => groups.push(Group {
                kind: kind.to_string(),
                what: what(kind).to_string(),
                logical_ids: vec![id],
            }),
        }
    }
    Ok(groups)
}

/// A person's name for the resource types SageMaker project templates use most.
fn what(kind: &str) -> &str {
    match kind {
        "AWS::CodeCommit::Repository" => "CodeCommit repository",
        "AWS::CodePipeline::Pipeline" => "CodePipeline pipeline",
        "AWS::CodeBuild::Project" => "CodeBuild project",
        "AWS::S3::Bucket" => "S3 bucket",
        "AWS::IAM::Role" => "IAM role",
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => "IAM policy",
        "AWS::Lambda::Function" => "Lambda function",
        "AWS::Events::Rule" => "EventBridge rule",
        "AWS::SageMaker::ModelPackageGroup" => "SageMaker model package group",
        "AWS::SageMaker::Pipeline" => "SageMaker pipeline",
        "AWS::SageMaker::Endpoint" => "SageMaker endpoint",
        "AWS::CloudFormation::Stack" => "nested stack",
        "Custom::JigSeed" => "jig seed (custom)",
        other => other,
    }
}

/// The summary as lines: `  WHAT (N)   ID, ID` with the names in one column.
pub fn lines(groups: &[Group]) -> Vec<String> {
    let label = |g: &Group| match g.logical_ids.len() {
        1 => g.what.clone(),
        n => format!("{} ({n})", g.what),
    };
    let width = groups
        .iter()
        .map(|g| label(g).chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    groups
        .iter()
        .map(|g| format!("  {:<width$}   {}", label(g), g.logical_ids.join(", ")))
        .collect()
}

/// How many resources the groups hold.
pub fn count(groups: &[Group]) -> usize {
    groups.iter().map(|g| g.logical_ids.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_group_by_type_in_first_seen_order_with_conditions() {
        let template = "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  T:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::S3::Bucket\n    Condition: Wants\n  S:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: !Sub '/${AWS::Region}/'\n";
        let g = groups(template).unwrap();
        assert_eq!(count(&g), 4);
        assert_eq!(
            lines(&g),
            [
                "  S3 bucket (2)              A, B (if Wants)",
                "  AWS::SNS::Topic            T",
                "  IAM role                   S",
            ]
        );
        assert!(groups("Description: none\n").unwrap().is_empty());
    }
}
