//! What SageMaker Unified Studio requires of a TOOLING blueprint's template (admin guide,
//! "Custom blueprints as Tooling"), checked before anything is published and by `jig lint`:
//! the reserved parameters, the three default connections (the IAM one named `default.iam`
//! or `project.iam`), the `s3BucketArn` and `s3BucketPath` exports named per project and
//! scope, and no `userRoleArn` export.

use super::unified_template::RESERVED;
use crate::yaml::{self, Value};

/// The connections a tooling template must declare (logical ids).
pub const CONNECTIONS: [&str; 3] = [
    "DefaultIAMConnection",
    "DefaultS3Connection",
    "DefaultS3SharedConnection",
];
/// The names the IAM connection may have: IAM-based and Identity Center-based domains.
pub const IAM_CONNECTION_NAMES: [&str; 2] = ["default.iam", "project.iam"];
/// The exports a tooling template must make, each named `NAME-${datazoneEnvironmentProjectId}-${datazoneScopeName}`.
pub const EXPORTS: [&str; 2] = ["s3BucketArn", "s3BucketPath"];

/// What the template (Unified Studio's form of it) lacks; empty when it is a tooling template.
pub fn problems(template: &str) -> Vec<String> {
    let Ok(doc) = yaml::from_str::<Value>(template) else {
        return vec!["the template is not YAML".into()];
    };
    let mut out = Vec::new();
    let params = doc.get("Parameters").and_then(Value::as_mapping);
    let declared = |name: &str| params.is_some_and(|p| p.contains_key(name));
    let missing: Vec<&str> = RESERVED.into_iter().filter(|n| !declared(n)).collect();
    if !missing.is_empty() {
        out.push(format!("it declares no parameter {}", missing.join(", ")));
    }
    let resources = doc.get("Resources").and_then(Value::as_mapping);
    let missing: Vec<&str> = CONNECTIONS
        .into_iter()
        .filter(|id| !resources.is_some_and(|r| r.contains_key(*id)))
        .collect();
    if !missing.is_empty() {
        out.push(format!("it has no resource {}", missing.join(", ")));
    }
    let iam_name = resources
        .and_then(|r| r.get("DefaultIAMConnection"))
        .and_then(|c| c.get("Properties"))
        .and_then(|p| p.get("Name"))
        .and_then(Value::as_str);
    if let Some(name) = iam_name.filter(|n| !IAM_CONNECTION_NAMES.contains(n)) {
        out.push(format!(
            "DefaultIAMConnection is named `{name}`, not {}",
            IAM_CONNECTION_NAMES.join(" or ")
        ));
    }
    let exports = export_names(&doc);
    for name in EXPORTS {
        let prefix = format!("{name}-");
        match exports.iter().find(|e| e.starts_with(&prefix)) {
            None => out.push(format!(
                "no output exports `{name}-${{datazoneEnvironmentProjectId}}-${{datazoneScopeName}}`"
            )),
            Some(e) if !(e.contains("${datazoneEnvironmentProjectId}") && e.contains("${datazoneScopeName}")) => {
                out.push(format!(
                    "export `{e}` is not named per project and scope (`{name}-${{datazoneEnvironmentProjectId}}-${{datazoneScopeName}}`)"
                ))
            }
            Some(_) => {}
        }
    }
    let scoped = exports.iter().any(|e| e.contains("${datazoneScopeName}"));
    if scoped && !declared("datazoneScopeName") {
        out.push("its exports name `${datazoneScopeName}`, a parameter it does not declare".into());
    }
    if let Some(e) = exports.iter().find(|e| e.starts_with("userRoleArn")) {
        out.push(format!(
            "it exports `{e}`: Unified Studio takes the project role from the IAM connection's RoleArn and refuses a userRoleArn export"
        ));
    }
    out
}

/// Each output's export name as written (a `!Sub` string, or a plain one).
fn export_names(doc: &Value) -> Vec<String> {
    let Some(outputs) = doc.get("Outputs").and_then(Value::as_mapping) else {
        return Vec::new();
    };
    outputs
        .values()
        .filter_map(|o| o.get("Export")?.get("Name"))
        .filter_map(|name| match name {
            Value::String(s) => Some(s.clone()),
            Value::Tagged(t) => t
                .value
                .as_str()
                .map(str::to_string)
                .or_else(|| t.value.as_sequence()?.first()?.as_str().map(str::to_string)),
            Value::Mapping(m) => m.get("Fn::Sub")?.as_str().map(str::to_string),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
Parameters:
  datazoneEnvironmentDomainId: {Type: String}
  datazoneEnvironmentEnvironmentId: {Type: String}
  datazoneEnvironmentProjectId: {Type: String}
  datazoneScopeName: {Type: String, Default: dev}
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  DefaultIAMConnection:
    Type: AWS::DataZone::Connection
    Properties: {Name: default.iam}
  DefaultS3Connection: {Type: AWS::DataZone::Connection}
  DefaultS3SharedConnection: {Type: AWS::DataZone::Connection}
Outputs:
  BucketArn:
    Value: !GetAtt Bucket.Arn
    Export: {Name: !Sub 's3BucketArn-${datazoneEnvironmentProjectId}-${datazoneScopeName}'}
  BucketPath:
    Value: !Sub 's3://${Bucket}/'
    Export:
      Name: {'Fn::Sub': 's3BucketPath-${datazoneEnvironmentProjectId}-${datazoneScopeName}'}
"#;

    #[test]
    fn a_template_with_every_requirement_passes() {
        assert_eq!(problems(MINIMAL), Vec::<String>::new());
    }

    #[test]
    fn each_missing_requirement_is_named() {
        let t = MINIMAL
            .replace("  datazoneEnvironmentDomainId: {Type: String}\n", "")
            .replace("  DefaultS3SharedConnection: {Type: AWS::DataZone::Connection}\n", "")
            .replace("Name: default.iam", "Name: my.iam")
            .replace("s3BucketPath-${datazoneEnvironmentProjectId}-${datazoneScopeName}", "s3BucketPath-fixed")
            .replace("  datazoneScopeName: {Type: String, Default: dev}\n", "")
            + "  Role:\n    Value: x\n    Export: {Name: !Sub 'userRoleArn-${datazoneEnvironmentProjectId}'}\n";
        let p = problems(&t);
        assert_eq!(p.len(), 6, "{p:#?}");
        assert!(
            p[0].contains("no parameter datazoneEnvironmentDomainId"),
            "{}",
            p[0]
        );
        assert!(
            p[1].contains("no resource DefaultS3SharedConnection"),
            "{}",
            p[1]
        );
        assert!(
            p[2].contains("named `my.iam`, not default.iam or project.iam"),
            "{}",
            p[2]
        );
        assert!(
            p[3].contains("`s3BucketPath-fixed` is not named per project"),
            "{}",
            p[3]
        );
        assert!(
            p[4].contains("`${datazoneScopeName}`, a parameter it does not declare"),
            "{}",
            p[4]
        );
        assert!(p[5].contains("exports `userRoleArn-"), "{}", p[5]);
    }

    #[test]
    fn an_ordinary_template_lacks_everything() {
        let p = problems("Resources:\n  B: {Type: AWS::S3::Bucket}\n");
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[2].contains("s3BucketArn"), "{}", p[2]);
    }
}
