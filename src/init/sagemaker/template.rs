//! The sample's product template: found, read, its seeded repositories named, the seeding
//! jig's seed step replaces taken out, and the blueprint's manifest written around it.

use super::super::Error;
use crate::blueprint::Delimiters;
use crate::yaml::{self, Value};
use std::path::{Path, PathBuf};

/// Where the product template goes in the blueprint (relative to its root).
pub(crate) const PRODUCT_FILE: &str = "product.yaml";

/// A sample folder's product template (or the file given): `project/template.yaml` as AWS's
/// Service Catalog samples have it, else `template.yaml` at the top (the S3 templates).
pub(crate) fn locate(sample: &Path) -> Result<(PathBuf, PathBuf), Error> {
    if sample.is_file() {
        let dir = sample.parent().unwrap_or(Path::new("."));
        // A template in `project/` belongs to the sample folder above it.
        let dir = match dir.file_name() {
            Some(n) if n == "project" => dir.parent().unwrap_or(dir),
            _ => dir,
        };
        return Ok((dir.to_path_buf(), sample.to_path_buf()));
    }
    let candidates = [
        "project/template.yaml",
        "project/template.yml",
        "template.yaml",
        "template.yml",
    ];
    candidates
        .iter()
        .map(|c| sample.join(c))
        .find(|p| p.is_file())
        .map(|file| (sample.to_path_buf(), file))
        .ok_or_else(|| Error::NotSageMaker {
            path: sample.to_path_buf(),
            reason: format!("it has none of {}", candidates.join(", ")),
        })
}

/// A repository the template seeds from a zip.
#[derive(Debug, Clone)]
pub(crate) struct Seeded {
    pub resource: String,
    pub name: String,
    pub seed_key: String,
}

pub(crate) struct Product {
    doc: yaml::Mapping,
    description: String,
}

impl Product {
    pub(crate) fn parse(file: &Path, text: &str) -> Result<Product, Error> {
        let not = |reason: String| Error::NotSageMaker {
            path: file.to_path_buf(),
            reason,
        };
        if text.trim().is_empty() {
            return Err(not("the file is empty".into()));
        }
        let doc: Value = yaml::from_str(text).map_err(|e| not(format!("not YAML: {e}")))?;
        let Value::Mapping(doc) = doc else {
            return Err(not("not a CloudFormation template (a mapping)".into()));
        };
        let parameters = doc.get("Parameters").and_then(Value::as_mapping);
        let missing: Vec<&str> = crate::blueprint::catalog::PROJECT_PARAMETERS
            .iter()
            .copied()
            .filter(|p| !parameters.is_some_and(|m| m.contains_key(*p)))
            .collect();
        if !missing.is_empty() {
            return Err(not(format!(
                "it does not declare {}, which SageMaker passes to a project template",
                missing.join(" and ")
            )));
        }
        let description = doc
            .get("Description")
            .and_then(Value::as_str)
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        Ok(Product { doc, description })
    }

    fn resources(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.doc
            .get("Resources")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.iter())
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
    }

    /// CodeCommit repositories with `Code.S3` (their first commit from a seed zip), in order.
    pub(crate) fn seeded_repositories(&self) -> Vec<Seeded> {
        let mut out: Vec<Seeded> = Vec::new();
        for (id, resource) in self.resources() {
            if resource.get("Type").and_then(Value::as_str) != Some("AWS::CodeCommit::Repository") {
                continue;
            }
            let Some(s3) = resource
                .get("Properties")
                .and_then(|p| p.get("Code"))
                .and_then(|c| c.get("S3"))
            else {
                continue;
            };
            let key = s3.get("Key").and_then(Value::as_str).unwrap_or_default();
            let mut name = repository_name(id);
            if out.iter().any(|r| r.name == name) {
                name = format!("{name}-{}", out.len() + 1);
            }
            out.push(Seeded {
                resource: id.to_string(),
                name,
                seed_key: key.to_string(),
            });
        }
        out
    }

    /// Seeding the import leaves alone: functions that commit seed code themselves.
    pub(crate) fn other_seeding(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (id, resource) in self.resources() {
            if resource.get("Type").and_then(Value::as_str) != Some("AWS::Lambda::Function") {
                continue;
            }
            let variables = resource
                .get("Properties")
                .and_then(|p| p.get("Environment"))
                .and_then(|e| e.get("Variables"))
                .and_then(Value::as_mapping);
            let names_seed = variables.is_some_and(|vars| {
                vars.keys()
                    .filter_map(Value::as_str)
                    .any(|k| k.contains("SeedCode"))
            });
            if names_seed {
                out.push(format!(
                    "{id}: a Lambda function that commits seed code to repositories itself (on GitHub, GitLab or Bitbucket); jig seeds through a connection instead (`catalog.repository` in the config), so remove it and its custom resource once that is set up"
                ));
            }
        }
        out
    }

    /// Takes `Code` off the repositories jig now seeds.
    pub(crate) fn remove_seed_code(&mut self, seeded: &[Seeded]) {
        let Some(resources) = self
            .doc
            .get_mut("Resources")
            .and_then(Value::as_mapping_mut)
        else {
            return;
        };
        for repo in seeded {
            if let Some(props) = resources
                .get_mut(repo.resource.as_str())
                .and_then(|r| r.get_mut("Properties"))
                .and_then(Value::as_mapping_mut)
            {
                props.remove("Code");
            }
        }
    }

    /// Puts SageMaker's own launch role where the sample's tooling would fill in a role
    /// (`AWSDEFAULT___USE_ROLE___` as a value; a parameter whose default is
    /// `AWSDEFAULT___PROJECT_USE_ROLE_ARN___` then defaults to it); what was changed.
    pub(crate) fn replace_role_placeholders(&mut self) -> Vec<String> {
        let is_role = |s: &str| s.starts_with("AWSDEFAULT___") && s.contains("ROLE");
        let mut changed = Vec::new();
        // Parameters defaulting to a role placeholder: empty now means SageMaker's role.
        let mut defaulted = Vec::new();
        if let Some(params) = self
            .doc
            .get_mut("Parameters")
            .and_then(Value::as_mapping_mut)
        {
            for (name, body) in params.iter_mut() {
                let Some(body) = body.as_mapping_mut() else {
                    continue;
                };
                let placeholder = body
                    .get("Default")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                if let (Some(p), Some(name)) = (placeholder.filter(|p| is_role(p)), name.as_str()) {
                    body.insert("Default".into(), "".into());
                    let text = format!("The role's ARN; empty means SageMaker's {USE_ROLE}");
                    body.insert("Description".into(), text.into());
                    defaulted.push(name.to_string());
                    changed.push(format!("parameter {name} defaulted to `{p}`; it now defaults to empty, meaning SageMaker's {USE_ROLE} (condition Jig{name}IsEmpty)"));
                }
            }
        }
        for name in &defaulted {
            let condition = format!("Jig{name}IsEmpty");
            let conditions = self
                .doc
                .entry("Conditions".into())
                .or_insert_with(|| Value::Mapping(yaml::Mapping::new()));
            if let Some(c) = conditions.as_mapping_mut() {
                c.insert(
                    condition.clone().into(),
                    tagged(
                        "Equals",
                        Value::Sequence(vec![tagged("Ref", name.clone().into()), "".into()]),
                    ),
                );
            }
            if let Some(resources) = self.doc.get_mut("Resources") {
                rewrite(resources, &mut |v| match v {
                    Value::Tagged(t) if t.tag == "Ref" && t.value.as_str() == Some(name) => {
                        Some(tagged(
                            "If",
                            Value::Sequence(vec![condition.clone().into(), use_role(), v.clone()]),
                        ))
                    }
                    _ => None,
                });
            }
        }
        let mut values = 0;
        for section in ["Resources", "Outputs"] {
            if let Some(v) = self.doc.get_mut(section) {
                rewrite(v, &mut |v| match v.as_str() {
                    Some(s) if is_role(s) => {
                        values += 1;
                        Some(use_role())
                    }
                    _ => None,
                });
            }
        }
        if values > 0 {
            changed.push(format!("{values} role placeholder(s) (`AWSDEFAULT___USE_ROLE___`): SageMaker's {USE_ROLE}, which the sample's tooling would have put there"));
        }
        changed
    }

    /// The template's parameters other than SageMaker's own.
    pub(crate) fn own_parameters(&self) -> Vec<String> {
        self.doc
            .get("Parameters")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.keys())
            .filter_map(Value::as_str)
            .filter(|p| !crate::blueprint::catalog::PROJECT_PARAMETERS.contains(p))
            .map(str::to_string)
            .collect()
    }

    /// `AWSDEFAULT___X___` placeholders left in the template, with their `line:column` in
    /// the blueprint's copy.
    pub(crate) fn placeholders(&self) -> Vec<(String, String)> {
        let text = self.to_text().unwrap_or_default();
        let re = regex::Regex::new(r"AWSDEFAULT___[A-Z0-9_]+?___").expect("valid regex");
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            for m in re.find_iter(line) {
                out.push((
                    format!("{PRODUCT_FILE}:{}:{}", n + 1, m.start() + 1),
                    m.as_str().to_string(),
                ));
            }
        }
        out
    }

    pub(crate) fn to_text(&self) -> Result<String, Error> {
        yaml::to_string(&Value::Mapping(self.doc.clone()))
            .map_err(|e| Error::Invalid(format!("the product template does not serialise: {e}")))
    }
}

/// The role SageMaker Projects launches products' resources with.
const USE_ROLE: &str = "AmazonSageMakerServiceCatalogProductsUseRole";

fn use_role() -> Value {
    tagged(
        "Sub",
        format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/service-role/{USE_ROLE}")
            .into(),
    )
}

fn tagged(tag: &str, value: Value) -> Value {
    crate::catalog::cfn::tagged(tag, value)
}

/// Replaces, depth first, every value `f` gives a replacement for.
fn rewrite(value: &mut Value, f: &mut dyn FnMut(&Value) -> Option<Value>) {
    if let Some(new) = f(value) {
        *value = new;
        return;
    }
    match value {
        Value::Mapping(m) => m.iter_mut().for_each(|(_, v)| rewrite(v, f)),
        Value::Sequence(s) => s.iter_mut().for_each(|v| rewrite(v, f)),
        Value::Tagged(t) => rewrite(&mut t.value, f),
        _ => {}
    }
}

/// `ModelBuildCodeCommitRepository` -> `model-build`.
fn repository_name(id: &str) -> String {
    let mut base = id;
    for suffix in [
        "CodeCommitRepository",
        "CodeRepository",
        "Repository",
        "Repo",
    ] {
        if let Some(stripped) = base.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            base = stripped;
            break;
        }
    }
    let mut name = String::new();
    for (i, c) in base.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('-');
        }
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        }
    }
    match name.trim_matches('-') {
        "" => "repository".into(),
        n if n.starts_with(|c: char| c.is_ascii_digit()) => format!("repo-{n}"),
        n => n.to_string(),
    }
}

/// Delimiters for the product template that none of its text uses (CloudFormation has `${}`
/// and `{{resolve:...}}` of its own).
pub(crate) fn delimiters_for(text: &str) -> Delimiters {
    let all = super::super::from_repo::candidates();
    all.iter()
        .skip(1)
        .find(|d| {
            [&d.variable.0, &d.block.0, &d.comment.0]
                .iter()
                .all(|open| !text.contains(open.as_str()))
        })
        .unwrap_or(&all[all.len() - 1])
        .clone()
}

/// The blueprint's manifest.
pub(crate) fn manifest(
    name: &str,
    product: &Product,
    seeded: &[Seeded],
    delimiters: &Delimiters,
) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string");
    let default: String = name.chars().take(32).collect();
    let default = default.trim_end_matches('-');
    let description = match product.description.as_str() {
        "" => format!("{name}, imported from a SageMaker project template"),
        d => d.to_string(),
    };
    let mut m = format!(
        "# Imported by `jig init --from-sagemaker`; IMPORT.md says what the import did.\nname: {name}\nversion: 0.1.0\ndescription: {}\nproject_dir: \"{{{{ project_slug }}}}\"\n\nquestions:\n  project_slug:\n    prompt: SageMaker project name\n    help: Each repository is named after it.\n    default: {}\n    validate:\n      regex: '^[a-zA-Z](-*[a-zA-Z0-9]){{0,31}}$'\n      message: letters, digits and -, starting with a letter, at most 32 characters\n\n# One repository per seeded CodeCommit repository of the product template.\nrepositories:\n",
        q(&description),
        q(default),
    );
    for r in seeded {
        m.push_str(&format!(
            "  {}:\n    template: {}\n    directory: \"{{{{ project_slug }}}}-{}\"\n",
            r.name, r.name, r.name
        ));
    }
    let pair = |p: &(String, String)| format!("[{}, {}]", q(&p.0), q(&p.1));
    m.push_str(&format!(
        "\nfiles:\n  # The seed code is the sample's, copied as it is: `jig new` gives it back byte for byte.\n  copy: [\"**\"]\n  # The product template keeps CloudFormation's own `${{}}` and `{{{{resolve:...}}}}`.\n  delimiters:\n    - files: [{}]\n      variable: {}\n      block: {}\n      comment: {}\n",
        q(PRODUCT_FILE),
        pair(&delimiters.variable),
        pair(&delimiters.block),
        pair(&delimiters.comment)
    ));
    m.push_str(&format!(
        "\ncatalog:\n  cloudformation: {PRODUCT_FILE}\n  repositories:\n"
    ));
    for r in seeded {
        m.push_str(&format!("    {}: {}\n", r.name, r.resource));
    }
    m.push_str("  answers:\n    project_slug: SageMakerProjectName\n");
    m
}
