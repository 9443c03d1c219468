//! `jig publish --service-catalog --dry-run`: the product template of every first-party
//! blueprint (cfn-lint clean, the SageMaker parameters, every question mapped) and the calls
//! a first publish makes, with no AWS and no config. The seed step is in `catalog_seed`.

use crate::common::*;
use jig::blueprint::{Blueprint, DefaultValue, QuestionKind, Rule};
use serde_yaml_ng::Value;
use std::path::{Path, PathBuf};

pub(crate) fn blueprint_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("blueprints")
        .join(name)
}

/// `jig publish DIR --service-catalog --dry-run --out OUT --allow-dirty EXTRA...`, as it ends.
pub(crate) fn dry_run_output(
    sb: &Sandbox,
    dir: &Path,
    out: &str,
    extra: &[&str],
) -> std::process::Output {
    sb.jig()
        .arg("publish")
        .arg(dir)
        .args([
            "--service-catalog",
            "--dry-run",
            "--out",
            out,
            "--allow-dirty",
        ])
        .args(extra)
        .output()
        .unwrap()
}

/// Dry-runs a publish of `dir` into `out`; returns the summary JSON and the template.
pub(crate) fn dry_run(
    sb: &Sandbox,
    dir: &Path,
    out: &str,
    extra: &[&str],
) -> (serde_json::Value, Value) {
    let result = sb
        .jig()
        .arg("publish")
        .arg(dir)
        .args([
            "--service-catalog",
            "--dry-run",
            "--out",
            out,
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let summary: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let template =
        serde_yaml_ng::from_str(&read(&sb.path().join(out).join("template.yaml"))).unwrap();
    (summary, template)
}

fn pascal(name: &str) -> String {
    name.split('_')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .unwrap()
                .to_uppercase()
                .chain(c)
                .collect::<String>()
        })
        .collect()
}

pub(crate) fn cfn_lint(path: &Path) {
    let out = std::process::Command::new("cfn-lint")
        .arg(path)
        .env("PATH", test_path())
        .output()
        .expect("cfn-lint runs (scripts/test-deps installs it)");
    assert!(
        out.status.success(),
        "cfn-lint {}:\n{}{}",
        path.display(),
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn product_templates_of_first_party_blueprints_lint_and_map_every_question() {
    for name in ["sagemaker-mlops", "python-lib", "ds-project"] {
        let sb = Sandbox::new();
        let dir = blueprint_dir(name);
        let (summary, template) = dry_run(&sb, &dir, "build", &[]);
        cfn_lint(&sb.path().join("build/template.yaml"));
        let params = &template["Parameters"];
        for sm in ["SageMakerProjectName", "SageMakerProjectId"] {
            assert_eq!(params[sm]["Type"], "String", "{name}: {sm}");
        }
        let bp = Blueprint::load(&dir).unwrap();
        let catalog = &bp.manifest.catalog;
        let interface = &template["Metadata"]["AWS::CloudFormation::Interface"];
        let grouped: Vec<&str> = interface["ParameterGroups"]
            .as_sequence()
            .unwrap()
            .iter()
            .flat_map(|g| {
                g["Parameters"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
            })
            .collect();
        for q in &bp.manifest.questions {
            let p = &params[pascal(&q.name).as_str()];
            let what = format!("{name}: question {}", q.name);
            if q.computed.is_some() || catalog.answers.contains_key(&q.name) {
                assert!(p.is_null(), "{what} must not be a parameter");
                continue;
            }
            let kind = match q.kind {
                QuestionKind::Integer | QuestionKind::Float => "Number",
                QuestionKind::Multiselect => "CommaDelimitedList",
                _ => "String",
            };
            assert_eq!(p["Type"], kind, "{what}");
            match q.kind {
                QuestionKind::Choice => {
                    let values: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
                    assert_eq!(
                        p["AllowedValues"],
                        serde_yaml_ng::to_value(&values).unwrap(),
                        "{what}"
                    );
                }
                QuestionKind::Boolean => {
                    assert_eq!(
                        p["AllowedValues"],
                        serde_yaml_ng::to_value(["true", "false"]).unwrap(),
                        "{what}"
                    )
                }
                QuestionKind::Secret => assert_eq!(p["NoEcho"], Value::Bool(true), "{what}"),
                _ => assert!(p.get("NoEcho").is_none(), "{what}"),
            }
            if let Some(Rule::Regex(re)) = q.validators.first().map(|v| &v.rule) {
                let pattern = p["AllowedPattern"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{what}: AllowedPattern"));
                assert!(pattern.contains(re.as_str()), "{what}: {pattern}");
            }
            match &q.default {
                Some(DefaultValue::Scalar(s)) if s.contains("{{") => {
                    assert_eq!(p["Default"], "", "{what}")
                }
                Some(DefaultValue::Scalar(s)) => {
                    let default = match &p["Default"] {
                        Value::String(d) => d.clone(),
                        other => serde_yaml_ng::to_string(other).unwrap().trim().to_string(),
                    };
                    assert_eq!(&default, s, "{what}");
                }
                Some(DefaultValue::List(items)) => {
                    assert_eq!(p["Default"], items.join(",").as_str(), "{what}")
                }
                None => assert!(p.get("Default").is_none(), "{what}"),
            }
            if let Some(help) = &q.help {
                assert!(
                    p["Description"].as_str().unwrap().contains(help.as_str()),
                    "{what}"
                );
            }
            let label = &interface["ParameterLabels"][pascal(&q.name).as_str()]["default"];
            assert_eq!(label.as_str(), Some(q.prompt.as_str()), "{what}");
            assert_eq!(
                grouped.iter().filter(|g| **g == pascal(&q.name)).count(),
                1,
                "{what}: in one group"
            );
        }
        let resources = &template["Resources"];
        assert_eq!(
            resources["JigSeedProject"]["Type"], "AWS::CodeBuild::Project",
            "{name}"
        );
        assert_eq!(resources["JigSeed"]["Type"], "Custom::JigSeed", "{name}");
        assert_eq!(
            template["Metadata"]["jig"]["bundle"].as_str(),
            summary["layout"]["bundle_digest"].as_str()
        );
        // Every parameter is in the summary's notes when it lost something.
        if name == "sagemaker-mlops" {
            let notes: Vec<String> = summary["notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["question"].as_str().unwrap().to_string())
                .collect();
            assert!(
                notes.contains(&"max_runtime_hours".to_string()),
                "{notes:?}"
            );
            // Answers used plainly in resource properties become parameter references.
            assert_eq!(
                serde_yaml_ng::to_string(
                    &resources["ArtifactBucket"]["Properties"]["Tags"][2]["Value"]
                )
                .unwrap()
                .trim(),
                "!Ref Owner"
            );
            // jig's seed step makes both repositories; the pipelines build on them.
            for repo in ["JigRepositoryModelBuild", "JigRepositoryModelDeploy"] {
                assert_eq!(resources[repo]["Type"], "AWS::CodeCommit::Repository");
            }
            assert!(resources.get("JigRepository").is_none());
        } else {
            assert_eq!(
                resources["JigRepository"]["Type"], "AWS::CodeCommit::Repository",
                "{name}"
            );
        }
    }
}

fn operations(summary: &serde_json::Value) -> Vec<String> {
    summary["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["service"].as_str().unwrap(),
                c["operation"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn dry_run_needs_no_aws_and_no_config_and_prints_every_call() {
    let sb = Sandbox::new();
    let dir = blueprint_dir("python-lib");
    let out = sb
        .jig()
        .arg("publish")
        .arg(&dir)
        .args(["--service-catalog", "--dry-run", "--out", "plan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("not configured, shown as placeholders: catalog.bucket, catalog.portfolio"),
        "{err}"
    );
    let text = stdout(&out);
    assert!(
        text.contains("\n  servicecatalog CreateProduct\n"),
        "{text}"
    );
    assert!(read(&sb.path().join("plan/calls.json")).contains("<unset catalog.bucket>"));
    assert!(sb.path().join("plan/registry/index.json").is_file());
    assert!(sb.path().join("plan/registry/python-lib").is_dir());
    // Nothing was published to the local registry by a dry run.
    assert!(!sb.path().join("data/jig/registry/index.json").exists());

    let (first, _) = dry_run(&sb, &dir, "a", &[]);
    let (second, _) = dry_run(&sb, &dir, "b", &[]);
    assert_eq!(
        first["calls"], second["calls"],
        "deterministic, tokens included"
    );
    assert_eq!(
        operations(&first),
        [
            "s3 PutObject",
            "s3 PutObject",
            "s3 PutObject",
            "s3 PutObject",
            "s3 PutObject",
            "servicecatalog DescribePortfolio",
            "servicecatalog SearchProductsAsAdmin",
            "servicecatalog CreateProduct",
            "servicecatalog DescribeProvisioningArtifact",
            "servicecatalog DescribeProductAsAdmin",
            "servicecatalog ListPortfoliosForProduct",
            "servicecatalog AssociateProductWithPortfolio",
            "servicecatalog ListConstraintsForPortfolio",
            "servicecatalog CreateConstraint",
            "servicecatalog ListPrincipalsForPortfolio",
        ]
    );
}

#[test]
fn dry_run_uses_the_config_and_flags() {
    let sb = Sandbox::new();
    sb.write_config(
        "catalog:\n  bucket: sagemaker-acme\n  prefix: blueprints/\n  region: eu-west-1\n  portfolio: port-config\n  principals: [arn:aws:iam::111122223333:role/Studio]\n  tags: {cost-center: ml}\n  owner: ML Platform\n",
    );
    let (summary, template) = dry_run(
        &sb,
        &blueprint_dir("python-lib"),
        "plan",
        &["--portfolio", "port-flag", "--deprecate-older", "2"],
    );
    assert_eq!(summary["not_configured"], serde_json::json!([]));
    let calls = summary["calls"].as_array().unwrap();
    let call = |op: &str| {
        calls
            .iter()
            .find(|c| c["operation"] == op)
            .unwrap_or_else(|| panic!("{op} in {calls:?}"))
    };
    let create = &call("CreateProduct")["parameters"];
    assert_eq!(create["Owner"], "ML Platform");
    assert_eq!(create["ProvisioningArtifactParameters"]["Info"]["LoadTemplateFromURL"], "https://sagemaker-acme.s3.eu-west-1.amazonaws.com/blueprints/python-lib/1.0.0/template.yaml");
    assert!(create["Tags"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"Key": "cost-center", "Value": "ml"})));
    assert!(create["Tags"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"Key": "sagemaker:studio-visibility", "Value": "true"})));
    assert!(create["IdempotencyToken"]
        .as_str()
        .unwrap()
        .starts_with("jig-"));
    assert_eq!(
        call("AssociateProductWithPortfolio")["parameters"]["PortfolioId"],
        "port-flag"
    );
    assert_eq!(
        call("AssociatePrincipalWithPortfolio")["parameters"]["PrincipalARN"],
        "arn:aws:iam::111122223333:role/Studio"
    );
    assert_eq!(
        super::catalog_seed::seed_var(&template, "JIG_BUCKET"),
        "sagemaker-acme"
    );
}

#[test]
fn publishing_without_a_portfolio_fails_before_publishing_anything() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .arg("publish")
        .arg(blueprint_dir("python-lib"))
        .args(["--service-catalog", "--bucket", "b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the portfolio is not configured"), "{err}");
    assert!(err.contains("--portfolio"), "{err}");
    assert!(
        !sb.path().join("data/jig/registry/index.json").exists(),
        "nothing published"
    );
}

#[test]
fn a_cloudformation_file_the_manifest_names_must_exist() {
    let sb = Sandbox::new();
    let text = format!(
        "{}catalog:\n  cloudformation: infra/stack.yaml\n",
        manifest("")
    );
    let dir = sb.blueprint(
        "bp",
        &[("blueprint.yaml", &text), ("template/README.md", "hi\n")],
    );
    let out = sb
        .jig()
        .arg("publish")
        .arg(&dir)
        .args(["--dry-run", "--out", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "catalog.cloudformation: `infra/stack.yaml` is not a file in the template tree"
        ),
        "{}",
        stderr(&out)
    );
}

/// `--studio-s3 --domain-id`: the dry run lists the domain's lookup and tag among the calls,
/// and no longer asks the user to run `aws sagemaker add-tags`; the flag needs --studio-s3.
#[test]
fn a_dry_run_with_a_domain_id_tags_the_domain_instead_of_printing_a_command() {
    let sb = Sandbox::new();
    let dir = blueprint_dir("python-lib");
    let out = dry_run_output(
        &sb,
        &dir,
        "plan",
        &["--studio-s3", "--domain-id", "d-abc123"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let calls: serde_json::Value =
        serde_json::from_str(&read(&sb.path().join("plan/calls.json"))).unwrap();
    let ops: Vec<String> = calls["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["service"] == "sagemaker")
        .map(|c| c["operation"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ops, ["DescribeDomain", "ListTags", "AddTags"]);
    let add = calls["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["operation"] == "AddTags")
        .unwrap();
    assert_eq!(
        add["parameters"]["Tags"][0]["Key"],
        "sagemaker:projectS3TemplatesLocation"
    );
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!text.contains("aws sagemaker add-tags"), "{text}");

    let out = dry_run_output(&sb, &dir, "plan2", &["--domain-id", "d-abc123"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--studio-s3"), "{}", stderr(&out));
}
