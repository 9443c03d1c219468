//! `jig catalog projects`: the SageMaker projects launched from a jig product (Service Catalog)
//! or a jig Studio S3 template, which blueprint version each project's stack runs, and whether
//! a newer one is published: the third part of the loop after `jig publish` (the template) and
//! `jig fleet update` (the repositories).
//!
//! What the account says comes through `ProjectsApi` (SageMaker ListProjects/DescribeProject,
//! Service Catalog's provisioning artifacts and product tags, S3's listing of a template's
//! versions); deciding what each project is, runs and should run is this module's pure part, so
//! a fake account tests it. A project is jig's when its product carries the `jig:blueprint` tag,
//! or when its S3 template sits where `jig publish --studio-s3` puts one
//! (`PREFIX/NAME/VERSION/template.yaml`); any other project is counted, not listed.

use super::api::{Api, Artifact};
use super::Error;
use std::collections::HashMap;

/// Where a project's stack came from, as DescribeProject says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `ServiceCatalogProvisioningDetails`.
    ServiceCatalog {
        product_id: String,
        artifact_id: String,
    },
    /// `TemplateProviderDetails[].CfnTemplateProviderDetail.TemplateURL`.
    Template { url: String },
    /// Neither (a project type this version of jig does not know).
    Unknown,
}

/// One SageMaker project, as the account describes it.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub name: String,
    pub id: String,
    /// `ProjectStatus`: `CreateCompleted`, `UpdateFailed`, ...
    pub status: String,
    pub origin: Origin,
    /// The launch parameters its stack runs with (`ProvisioningParameters`, or the template
    /// provider's `Parameters`).
    pub parameters: Vec<(String, String)>,
    /// Where its stack is: the template provider's `StackDetail`, or the Service Catalog
    /// provisioned product (`ServiceCatalogProvisionedProductDetails`) to look it up by.
    pub stack: Option<String>,
    pub provisioned_product: Option<String>,
    /// The template provider's `TemplateName`, which UpdateProject names it by.
    pub template_name: Option<String>,
}

/// What `survey` asks of the account, beyond publishing's `Api` (product tags, artifacts).
pub trait ProjectsApi: Api {
    /// ListProjects (every page), then DescribeProject of each.
    fn projects(&mut self) -> Result<Vec<Provisioned>, Error>;
    /// ListObjectsV2 (every page): the keys of `bucket` under `prefix`.
    fn keys(&mut self, bucket: &str, prefix: &str) -> Result<Vec<String>, Error>;
}

/// How a project stands against its blueprint's published versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    UpToDate,
    Behind,
    /// Its last create or update failed (SageMaker's `...Failed` status).
    Failed,
    /// Running a version jig cannot place (an artifact that is no longer listed, say).
    Unknown,
}

impl State {
    /// The state as every view shows it; a failed one with SageMaker's `status`.
    pub fn describe(self, status: &str) -> String {
        match self {
            State::UpToDate => "up to date".into(),
            State::Behind => "behind".into(),
            State::Failed => format!("failed ({status})"),
            State::Unknown => "unknown version".into(),
        }
    }
}

/// One row of `jig catalog projects`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProjectRow {
    /// The project as described, for `upgrade`.
    #[serde(skip)]
    pub source: Provisioned,
    /// Each published version the project could move to: (version, Service Catalog artifact
    /// id or template URL), for `upgrade`.
    #[serde(skip)]
    pub offered: Vec<(semver::Version, String)>,
    pub project: String,
    pub project_id: String,
    pub blueprint: String,
    /// `service-catalog` or `studio-s3`.
    pub target: &'static str,
    pub running: Option<String>,
    pub newest: Option<String>,
    pub status: String,
    pub state: State,
}

/// Every project and, apart, how many were not made from jig.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Survey {
    pub projects: Vec<ProjectRow>,
    pub others: usize,
}

impl Survey {
    /// Whether any project runs an older version than the newest published one.
    pub fn behind(&self) -> bool {
        self.projects.iter().any(|p| p.state == State::Behind)
    }
    pub fn failed(&self) -> bool {
        self.projects.iter().any(|p| p.state == State::Failed)
    }
}

/// A product's facts, looked up once however many projects it launched.
struct ProductFacts {
    blueprint: Option<String>,
    artifacts: Vec<Artifact>,
}

/// Surveys every project of the account (region).
pub fn survey(api: &mut dyn ProjectsApi) -> Result<Survey, Error> {
    let mut out = Survey::default();
    let mut products: HashMap<String, ProductFacts> = HashMap::new();
    let mut templates: HashMap<(String, String), Vec<semver::Version>> = HashMap::new();
    for project in api.projects()? {
        let row = match &project.origin {
            Origin::ServiceCatalog {
                product_id,
                artifact_id,
            } => {
                if !products.contains_key(product_id) {
                    let tags = api.product_tags(product_id)?;
                    let blueprint = tags
                        .into_iter()
                        .find(|(k, _)| k == super::BLUEPRINT_TAG)
                        .map(|(_, v)| v);
                    let artifacts = match blueprint {
                        Some(_) => api.artifacts(product_id)?,
                        None => Vec::new(),
                    };
                    let facts = ProductFacts {
                        blueprint,
                        artifacts,
                    };
                    products.insert(product_id.clone(), facts);
                }
                let facts = &products[product_id];
                facts.blueprint.as_ref().map(|blueprint| {
                    let running = facts
                        .artifacts
                        .iter()
                        .find(|a| &a.id == artifact_id)
                        .map(|a| a.name.clone());
                    let offered: Vec<(semver::Version, String)> = facts
                        .artifacts
                        .iter()
                        .filter(|a| a.active && !a.deprecated)
                        .filter_map(|a| Some((semver::Version::parse(&a.name).ok()?, a.id.clone())))
                        .collect();
                    row(&project, blueprint, "service-catalog", running, offered)
                })
            }
            Origin::Template { url } => match template_location(url) {
                Some(at) => {
                    let key = (at.bucket.clone(), at.folder.clone());
                    if !templates.contains_key(&key) {
                        let keys = api.keys(&at.bucket, &at.folder)?;
                        templates.insert(key.clone(), versions_in(&at.folder, &keys));
                    }
                    let running = Some(at.version.to_string());
                    let offered = templates[&key]
                        .iter()
                        .map(|v| (v.clone(), at.url_of(url, v)))
                        .collect();
                    Some(row(&project, &at.blueprint, "studio-s3", running, offered))
                }
                None => None,
            },
            Origin::Unknown => None,
        };
        match row {
            Some(row) => out.projects.push(row),
            None => out.others += 1,
        }
    }
    out.projects
        .sort_by(|a, b| (&a.blueprint, &a.project).cmp(&(&b.blueprint, &b.project)));
    Ok(out)
}

fn row(
    project: &Provisioned,
    blueprint: &str,
    target: &'static str,
    running: Option<String>,
    offered: Vec<(semver::Version, String)>,
) -> ProjectRow {
    let newest = offered.iter().map(|(v, _)| v).max().cloned();
    let parsed = running
        .as_deref()
        .and_then(|r| semver::Version::parse(r).ok());
    let state = if project.status.ends_with("Failed") {
        State::Failed
    } else {
        match (&parsed, &newest) {
            (Some(running), Some(newest)) if running < newest => State::Behind,
            (Some(_), Some(_)) => State::UpToDate,
            _ => State::Unknown,
        }
    };
    ProjectRow {
        source: project.clone(),
        offered,
        project: project.name.clone(),
        project_id: project.id.clone(),
        blueprint: blueprint.to_string(),
        target,
        running,
        newest: newest.map(|v| v.to_string()),
        status: project.status.clone(),
        state,
    }
}

/// Where a jig Studio S3 template is: `s3://BUCKET/PREFIX/NAME/VERSION/template.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TemplateLocation {
    bucket: String,
    /// `PREFIX/NAME/`: every version's folder is in it.
    folder: String,
    blueprint: String,
    version: semver::Version,
}

impl TemplateLocation {
    /// `url` (this location's) with `version` in place of the one it names.
    fn url_of(&self, url: &str, version: &semver::Version) -> String {
        let here = format!("{}{}/template.yaml", self.folder, self.version);
        let there = format!("{}{version}/template.yaml", self.folder);
        match url.rfind(&here) {
            Some(at) => format!("{}{there}", &url[..at]),
            None => url.to_string(),
        }
    }
}

/// Where a template URL points in S3: (bucket, key), in any of the forms `template_location`
/// reads.
pub fn object_of(url: &str) -> Option<(String, String)> {
    let at = template_location(url)?;
    Some((
        at.bucket,
        format!("{}{}/template.yaml", at.folder, at.version),
    ))
}

/// Reads a template URL in any of S3's forms (`s3://`, virtual-hosted, path-style as an
/// endpoint serves it); None when it is not where jig publishes templates.
fn template_location(url: &str) -> Option<TemplateLocation> {
    let (bucket, key) = if let Some(rest) = url.strip_prefix("s3://") {
        rest.split_once('/')?
    } else {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let (host, path) = rest.split_once('/')?;
        match host.split_once(".s3") {
            Some((bucket, _)) if host.contains(".amazonaws.com") => (bucket, path),
            _ => path.split_once('/')?,
        }
    };
    let parts: Vec<&str> = key.split('/').collect();
    let [.., name, version, "template.yaml"] = parts.as_slice() else {
        return None;
    };
    let version = semver::Version::parse(version).ok()?;
    let folder = key.strip_suffix(&format!("{version}/template.yaml"))?;
    Some(TemplateLocation {
        bucket: bucket.to_string(),
        folder: folder.to_string(),
        blueprint: name.to_string(),
        version,
    })
}

/// The versions with a template under `folder`: `folder/VERSION/template.yaml` keys.
fn versions_in(folder: &str, keys: &[String]) -> Vec<semver::Version> {
    keys.iter()
        .filter_map(|k| k.strip_prefix(folder)?.strip_suffix("/template.yaml"))
        .filter_map(|v| semver::Version::parse(v).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_urls_in_each_form_are_placed() {
        let want = TemplateLocation {
            bucket: "sagemaker-acme".into(),
            folder: "jig/churn/".into(),
            blueprint: "churn".into(),
            version: semver::Version::new(1, 2, 0),
        };
        for url in [
            "s3://sagemaker-acme/jig/churn/1.2.0/template.yaml",
            "https://sagemaker-acme.s3.eu-west-1.amazonaws.com/jig/churn/1.2.0/template.yaml",
            "http://127.0.0.1:5000/sagemaker-acme/jig/churn/1.2.0/template.yaml",
        ] {
            assert_eq!(template_location(url), Some(want.clone()), "{url}");
        }
        for foreign in [
            "https://bucket.s3.amazonaws.com/templates/mlops.yaml",
            "s3://bucket/churn/latest/template.yaml",
            "ftp://bucket/jig/churn/1.0.0/template.yaml",
        ] {
            assert_eq!(template_location(foreign), None, "{foreign}");
        }
    }

    #[test]
    fn only_a_versions_own_template_counts() {
        let keys: Vec<String> = [
            "jig/churn/1.0.0/template.yaml",
            "jig/churn/1.0.0/registry/index.json",
            "jig/churn/2.0.0/template.yaml",
            "jig/churn/2.1.0/registry/index.json",
            "jig/churn/notes/template.yaml",
        ]
        .map(String::from)
        .to_vec();
        let versions = versions_in("jig/churn/", &keys);
        assert_eq!(versions.iter().max().unwrap().to_string(), "2.0.0");
        assert_eq!(versions.len(), 2);
    }
}
