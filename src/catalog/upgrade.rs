//! `jig catalog upgrade`: moves SageMaker projects to another published version of their
//! blueprint, safely. For each project: nothing when it runs the target already; else the
//! target's launch parameters (the project's own values carried over, new ones from `--data` or
//! their defaults), a CloudFormation change set of the target template against the project's
//! running stack (made, read and deleted: it only shows), a stop when the change set replaces
//! or removes a resource that holds state (unless `--allow-replace`), and then SageMaker's
//! UpdateProject, waited for. One project's failure does not stop the others; a stop request
//! (Ctrl-C) lets the project under way finish and starts no other.
//!
//! The account is behind `UpgradeApi`; what to send, and whether it is safe, is decided here.

use super::projects::{object_of, ProjectRow, ProjectsApi, State};
pub use super::wanted::Wanted;
use super::Error;

/// SageMaker fills these in itself on every create and update.
const SAGEMAKER_OWN: [&str; 2] = crate::blueprint::catalog::PROJECT_PARAMETERS;

/// Resource types whose replacement or removal loses data or what users rely on.
pub const STATEFUL: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::SageMaker::ModelPackageGroup",
    "AWS::SageMaker::Endpoint",
    "AWS::SageMaker::FeatureGroup",
    "AWS::SageMaker::Domain",
    "AWS::CodeCommit::Repository",
    "AWS::ECR::Repository",
    "AWS::DynamoDB::Table",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
    "AWS::KMS::Key",
    "AWS::Logs::LogGroup",
    "AWS::SecretsManager::Secret",
];

/// One resource change of a change set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub logical_id: String,
    pub resource_type: String,
    /// `Add`, `Modify`, `Remove`, ...
    pub action: String,
    /// `True`, `False` or `Conditional` for a modification; empty otherwise.
    pub replacement: String,
}

impl Change {
    /// Whether this change may lose what the resource holds.
    pub fn risky(&self) -> bool {
        let loses = self.action == "Remove"
            || (self.action == "Modify"
                && matches!(self.replacement.as_str(), "True" | "Conditional"));
        loses && STATEFUL.contains(&self.resource_type.as_str())
    }
}

/// What the account must do for an upgrade, beyond surveying.
pub trait UpgradeApi: ProjectsApi {
    /// GetObject: a template's text.
    fn object(&mut self, bucket: &str, key: &str) -> Result<Vec<u8>, Error>;
    /// The template URL of a Service Catalog provisioning artifact.
    fn artifact_url(&mut self, product: &str, artifact: &str) -> Result<String, Error>;
    /// The CloudFormation stack a Service Catalog provisioned product runs.
    fn provisioned_stack(&mut self, provisioned_product: &str) -> Result<String, Error>;
    /// Creates an UPDATE change set of `template_url` for `stack` (`keep` with their previous
    /// values, `set` as given), waits for it, returns its changes and deletes it.
    fn preview(
        &mut self,
        stack: &str,
        template_url: &str,
        keep: &[String],
        set: &[(String, String)],
    ) -> Result<Vec<Change>, Error>;
    /// SageMaker UpdateProject to `target` (an artifact id or a template URL) with `parameters`,
    /// then waits until the project's status is no longer `UpdateInProgress`: the final status.
    fn update_project(
        &mut self,
        row: &ProjectRow,
        target: &str,
        parameters: &[(String, String)],
    ) -> Result<String, Error>;
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub to: Wanted,
    pub pretend: bool,
    pub allow_replace: bool,
    /// `--data KEY=VALUE`: a question's answer or a parameter's value, for parameters the
    /// running stack does not have.
    pub data: Vec<(String, String)>,
}

/// How one project's upgrade ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome", content = "detail")]
pub enum Outcome {
    /// It runs the target already.
    AtTarget,
    /// `--pretend`: what would be done.
    WouldUpgrade,
    Upgraded,
    /// The change set replaces or removes a stateful resource.
    Refused(Vec<String>),
    Failed(String),
    /// Not started: a stop was requested.
    NotStarted,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Upgraded {
    pub project: String,
    pub blueprint: String,
    pub from: Option<String>,
    pub to: String,
    pub changes: Vec<Change>,
    pub outcome: Outcome,
}

/// Upgrades each of `rows` to `options.to` (default: its newest published version).
/// `stop` says whether a stop was requested.
pub fn upgrade(
    api: &mut dyn UpgradeApi,
    rows: &[ProjectRow],
    options: &Options,
    stop: &dyn Fn() -> bool,
) -> Vec<Upgraded> {
    let mut out = Vec::new();
    for row in rows {
        let to = options.to.pick(&row.offered);
        let mut done = Upgraded {
            project: row.project.clone(),
            blueprint: row.blueprint.clone(),
            from: row.running.clone(),
            to: to.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            changes: Vec::new(),
            outcome: Outcome::NotStarted,
        };
        if stop() {
            out.push(done);
            continue;
        }
        done.outcome = match to {
            Err(why) => Outcome::Failed(format!("{} {why}", row.blueprint)),
            Ok(to) => match one(api, row, &to, options, &mut done.changes) {
                Ok(outcome) => outcome,
                Err(e) => Outcome::Failed(e.to_string()),
            },
        };
        out.push(done);
    }
    out
}

fn one(
    api: &mut dyn UpgradeApi,
    row: &ProjectRow,
    to: &semver::Version,
    options: &Options,
    changes: &mut Vec<Change>,
) -> Result<Outcome, Error> {
    if row.running.as_deref() == Some(to.to_string().as_str()) && row.state != State::Failed {
        return Ok(Outcome::AtTarget);
    }
    let Some((_, target)) = row.offered.iter().find(|(v, _)| v == to) else {
        return Ok(Outcome::Failed(format!(
            "{} {to} is not published for it",
            row.blueprint
        )));
    };
    let (template_url, stack) = match &row.source.origin {
        super::projects::Origin::ServiceCatalog { product_id, .. } => {
            let Some(pp) = row.source.provisioned_product.as_deref() else {
                return Ok(Outcome::Failed(
                    "SageMaker names no Service Catalog provisioned product for it".into(),
                ));
            };
            let url = api.artifact_url(product_id, target)?;
            (url, api.provisioned_stack(pp)?)
        }
        _ => (target.clone(), row.source.stack.clone().unwrap_or_default()),
    };
    if stack.is_empty() {
        return Ok(Outcome::Failed("SageMaker names no stack for it".into()));
    }
    let Some((bucket, key)) = object_of(&template_url) else {
        return Ok(Outcome::Failed(format!(
            "{template_url} is not a jig template"
        )));
    };
    let declared = declared_parameters(&api.object(&bucket, &key)?);
    let (keep, set, missing) = parameters(&row.source.parameters, &declared, &options.data);
    if !missing.is_empty() {
        return Ok(Outcome::Failed(format!(
            "{to} asks for {} that the project does not have: pass --data {}=VALUE",
            missing.join(", "),
            missing[0]
        )));
    }
    *changes = api.preview(&stack, &template_url, &keep, &set)?;
    let risky: Vec<String> = changes
        .iter()
        .filter(|c| c.risky())
        .map(|c| format!("{} ({}) {}", c.logical_id, c.resource_type, verb(c)))
        .collect();
    if !risky.is_empty() && !options.allow_replace {
        return Ok(Outcome::Refused(risky));
    }
    if options.pretend {
        return Ok(Outcome::WouldUpgrade);
    }
    let mut values: Vec<(String, String)> = row
        .source
        .parameters
        .iter()
        .filter(|(k, _)| keep.contains(k))
        .cloned()
        .collect();
    values.extend(set);
    let status = api.update_project(row, target, &values)?;
    Ok(match status.as_str() {
        "UpdateCompleted" => Outcome::Upgraded,
        other => Outcome::Failed(format!("SageMaker says {other}")),
    })
}

fn verb(c: &Change) -> &'static str {
    if c.action == "Remove" {
        "removed"
    } else if c.replacement == "Conditional" {
        "may be replaced"
    } else {
        "replaced"
    }
}

/// The template's parameters: (name, has a default).
fn declared_parameters(template: &[u8]) -> Vec<(String, bool)> {
    let text = String::from_utf8_lossy(template);
    let Ok(doc) = crate::yaml::from_str::<crate::yaml::Value>(&text) else {
        return Vec::new();
    };
    let Some(params) = doc.get("Parameters").and_then(|p| p.as_mapping()) else {
        return Vec::new();
    };
    params
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.get("Default").is_some())))
        .collect()
}

/// Splits the target's parameters: those the stack has (kept with their values), those given
/// with `--data` (set), and those neither gives nor defaults (missing). SageMaker's own are
/// left to SageMaker.
fn parameters(
    current: &[(String, String)],
    declared: &[(String, bool)],
    data: &[(String, String)],
) -> (Vec<String>, Vec<(String, String)>, Vec<String>) {
    let (mut keep, mut set, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for (name, has_default) in declared {
        if SAGEMAKER_OWN.contains(&name.as_str()) {
            continue;
        }
        let given = data
            .iter()
            .find(|(k, _)| k == name || &super::params::parameter_name(k) == name);
        if let Some((_, v)) = given {
            set.push((name.clone(), v.clone()));
        } else if current.iter().any(|(k, _)| k == name) {
            keep.push(name.clone());
        } else if !has_default {
            missing.push(name.clone());
        }
    }
    (keep, set, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: &str, action: &str, replacement: &str) -> Change {
        Change {
            logical_id: "R".into(),
            resource_type: kind.into(),
            action: action.into(),
            replacement: replacement.into(),
        }
    }

    #[test]
    fn only_losing_a_stateful_resource_is_risky() {
        assert!(change("AWS::S3::Bucket", "Modify", "True").risky());
        assert!(change("AWS::S3::Bucket", "Modify", "Conditional").risky());
        assert!(change("AWS::SageMaker::ModelPackageGroup", "Remove", "").risky());
        assert!(!change("AWS::S3::Bucket", "Modify", "False").risky());
        assert!(!change("AWS::S3::Bucket", "Add", "").risky());
        assert!(!change("AWS::CodeBuild::Project", "Remove", "").risky());
        assert!(!change("AWS::CodePipeline::Pipeline", "Modify", "True").risky());
    }

    #[test]
    fn parameters_are_carried_given_defaulted_or_missing() {
        let current = vec![
            ("Owner".to_string(), "risk".to_string()),
            ("Dropped".to_string(), "x".to_string()),
        ];
        let declared = vec![
            ("SageMakerProjectName".to_string(), false),
            ("Owner".to_string(), false),
            ("CiService".to_string(), true),
            ("InstanceType".to_string(), false),
            ("Region".to_string(), false),
        ];
        let data = vec![("instance_type".to_string(), "ml.m5.large".to_string())];
        let (keep, set, missing) = parameters(&current, &declared, &data);
        assert_eq!(keep, ["Owner"]);
        assert_eq!(
            set,
            [("InstanceType".to_string(), "ml.m5.large".to_string())]
        );
        assert_eq!(missing, ["Region"]);
    }

    #[test]
    fn declared_parameters_say_which_have_a_default() {
        let t = b"Parameters:\n  A:\n    Type: String\n  B:\n    Type: String\n    Default: x\nResources: {}\n";
        assert_eq!(
            declared_parameters(t),
            [("A".to_string(), false), ("B".to_string(), true)]
        );
    }
}
