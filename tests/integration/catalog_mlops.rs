//! The first-party sagemaker-mlops product on each git provider it declares (codecommit,
//! github, gitlab): published as a Service Catalog product and as a Studio S3 template, the
//! real cfn-lint finds nothing, the pipelines' source is CodeCommit or CodePipeline's
//! CodeStarSourceConnection on the repositories jig's seed step fills, and the product
//! creates no IAM role (it runs as SageMaker's service-catalog product roles).

use super::catalog::{blueprint_dir, cfn_lint, dry_run_output};
use crate::common::*;
use serde_yaml_ng::Value;

const CONNECTION: &str = "arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d";

/// Publishes sagemaker-mlops for `provider` (`--studio-s3` too when `studio`); the template.
fn publish(sb: &Sandbox, provider: &str, studio: bool) -> (String, Value) {
    let out_dir = format!("{provider}-{}", if studio { "s3" } else { "sc" });
    let mut extra = vec!["--git-provider", provider];
    if provider != "codecommit" {
        extra.extend(["--connection", CONNECTION, "--git-owner", "acme"]);
    }
    if studio {
        extra.push("--studio-s3");
    }
    let out = dry_run_output(sb, &blueprint_dir("sagemaker-mlops"), &out_dir, &extra);
    assert_eq!(out.status.code(), Some(0), "{provider}: {}", stderr(&out));
    let path = sb.path().join(&out_dir).join("template.yaml");
    cfn_lint(&path);
    let text = read(&path);
    let template = serde_yaml_ng::from_str(&text).unwrap();
    (text, template)
}

fn yaml(value: &Value) -> String {
    serde_yaml_ng::to_string(value).unwrap()
}

fn source(template: &Value, pipeline: &str) -> Value {
    template["Resources"][pipeline]["Properties"]["Stages"][0]["Actions"][0].clone()
}

fn no_role_of_its_own(provider: &str, text: &str, template: &Value) {
    let resources = template["Resources"].as_mapping().unwrap();
    for (id, resource) in resources {
        assert_ne!(
            resource["Type"], "AWS::IAM::Role",
            "{provider}: {id:?} is a role"
        );
    }
    assert!(
        !text.contains("resolve:ssm"),
        "{provider}: a dangling SSM reference"
    );
    for line in text.lines().filter(|l| l.contains(":role/")) {
        assert!(
            line.contains(":role/service-role/AmazonSageMakerServiceCatalogProducts"),
            "{provider}: {line}"
        );
    }
    for pipeline in ["ModelBuildPipeline", "ModelDeployPipeline"] {
        assert_eq!(
            resources[pipeline]["DependsOn"], "JigSeed",
            "{provider}: {pipeline} starts on the seeded code"
        );
    }
}

#[test]
fn sagemaker_mlops_publishes_on_codecommit_with_codecommit_sources() {
    let sb = Sandbox::new();
    for studio in [false, true] {
        let (text, template) = publish(&sb, "codecommit", studio);
        no_role_of_its_own("codecommit", &text, &template);
        let resources = &template["Resources"];
        for (name, pipeline) in [
            ("ModelBuild", "ModelBuildPipeline"),
            ("ModelDeploy", "ModelDeployPipeline"),
        ] {
            let repo = format!("JigRepository{name}");
            assert_eq!(
                resources[repo.as_str()]["Type"],
                "AWS::CodeCommit::Repository"
            );
            let action = source(&template, pipeline);
            assert_eq!(action["ActionTypeId"]["Provider"], "CodeCommit");
            assert_eq!(
                yaml(&action["Configuration"]["RepositoryName"]),
                format!("!GetAtt {repo}.Name\n")
            );
        }
        assert_eq!(
            yaml(&resources["SourceChangeRule"]["Properties"]["EventPattern"]["resources"][0]),
            "!GetAtt JigRepositoryModelBuild.Arn\n"
        );
        assert!(resources.get("SourceRepository").is_none());
        assert_eq!(
            resources["JigSeedProject"]["Properties"]["Source"]["Type"],
            "NO_SOURCE"
        );
    }
}

#[test]
fn sagemaker_mlops_publishes_on_github_and_gitlab_through_the_connection() {
    let sb = Sandbox::new();
    for (provider, kind) in [("github", "GITHUB"), ("gitlab", "GITLAB")] {
        for studio in [false, true] {
            let (text, template) = publish(&sb, provider, studio);
            no_role_of_its_own(provider, &text, &template);
            let resources = &template["Resources"];
            assert!(
                resources.get("JigRepositoryModelBuild").is_none(),
                "{provider}"
            );
            assert!(resources.get("SourceChangeRule").is_none(), "{provider}");
            assert!(resources.get("ModelApprovedRule").is_some(), "{provider}");
            assert_eq!(
                resources["JigSeedProject"]["Properties"]["Source"]["Type"],
                kind
            );
            for (name, dash, pipeline) in [
                ("ModelBuild", "model-build", "ModelBuildPipeline"),
                ("ModelDeploy", "model-deploy", "ModelDeployPipeline"),
            ] {
                let action = source(&template, pipeline);
                assert_eq!(
                    action["ActionTypeId"]["Provider"],
                    "CodeStarSourceConnection"
                );
                let config = &action["Configuration"];
                assert_eq!(config["ConnectionArn"], CONNECTION, "{provider}");
                assert_eq!(config["BranchName"], "main");
                assert_eq!(
                    yaml(&config["FullRepositoryId"]),
                    format!(
                        "!Sub\n- ${{Owner}}/${{Name}}\n- Owner: !Ref JigRepositoryOwner\n  Name: !If\n  - JigRepositoryNameIsProjectName{name}\n  - !Sub ${{SageMakerProjectName}}-{dash}\n  - !Ref JigRepositoryName{name}\n"
                    ),
                    "{provider} {pipeline}"
                );
                let condition = format!("JigRepositoryNameIsProjectName{name}");
                assert!(
                    template["Conditions"].get(condition.as_str()).is_some(),
                    "{provider}: jig adds {condition}"
                );
            }
        }
    }
}

/// The answers still become the form's parameters, on every provider.
#[test]
fn sagemaker_mlops_answers_are_parameters_of_the_pipelines() {
    let sb = Sandbox::new();
    let (_, template) = publish(&sb, "github", false);
    let build = &template["Resources"]["BuildProject"]["Properties"];
    let env = yaml(&build["Environment"]["EnvironmentVariables"]);
    assert!(
        env.contains("- Name: SAGEMAKER_PIPELINE_ROLE_ARN\n  Value: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole\n"),
        "{env}"
    );
    assert_eq!(
        build["TimeoutInMinutes"], 180,
        "the default 2 h of training and an hour"
    );
    assert_eq!(
        yaml(&template["Resources"]["ArtifactBucket"]["Properties"]["Tags"][2]["Value"]),
        "!Ref Owner\n"
    );
}

/// The CI/CD service is a launch choice: CodePipeline's resources exist only with it, GitHub
/// Actions is refused at launch for a product on another provider, and the region and account
/// the workflows use are where the stack is created, never form fields.
#[test]
fn sagemaker_mlops_ci_service_is_a_launch_choice_github_actions_on_github_only() {
    let sb = Sandbox::new();
    const CODEPIPELINE: [&str; 8] = [
        "BuildProject",
        "ModelBuildPipeline",
        "DeployBuildProject",
        "DeployTestProject",
        "ModelDeployPipeline",
        "ModelApprovedRule",
        "SourceChangeRule",
        "DeployChangeRule",
    ];
    for provider in ["codecommit", "github", "gitlab"] {
        let (_, template) = publish(&sb, provider, false);
        let parameters = template["Parameters"].as_mapping().unwrap();
        let choice = &template["Parameters"]["CiService"];
        assert_eq!(
            yaml(&choice["AllowedValues"]),
            "- codepipeline\n- github-actions\n"
        );
        for asked_nowhere in ["AwsRegion", "AwsAccountId", "AwsPartition"] {
            assert!(
                !parameters.contains_key(asked_nowhere),
                "{provider}: {asked_nowhere}"
            );
        }
        assert_eq!(
            yaml(&template["Conditions"]["UseCodePipeline"]),
            "!Equals\n- !Ref CiService\n- codepipeline\n"
        );
        let resources = template["Resources"].as_mapping().unwrap();
        for id in CODEPIPELINE {
            if let Some(resource) = resources.get(id) {
                assert_eq!(resource["Condition"], "UseCodePipeline", "{provider}: {id}");
            }
        }
        for id in ["ArtifactBucket", "ModelPackageGroup", "JigSeed"] {
            assert!(resources[id].get("Condition").is_none(), "{provider}: {id}");
        }
        let rule = &template["Rules"]["GitHubActionsNeedGitHub"];
        if provider == "github" {
            assert!(rule.is_null(), "{provider}");
        } else {
            let assertion = &rule["Assertions"][0];
            assert_eq!(
                yaml(&assertion["Assert"]),
                "!Equals\n- !Ref CiService\n- codepipeline\n"
            );
            assert!(
                assertion["AssertDescription"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("keeps the repositories on {provider}")),
                "{provider}"
            );
        }
        for (question, pseudo) in [
            ("aws_region", "!Ref AWS::Region\n"),
            ("aws_account_id", "!Ref AWS::AccountId\n"),
            ("ci_service", "!Ref CiService\n"),
        ] {
            let value = super::catalog_seed::seed_var(&template, &format!("JIG_ANSWER_{question}"));
            assert_eq!(yaml(&value), pseudo, "{provider}: {question}");
        }
    }
}

/// The one-time platform stack the GitHub Actions variant needs: the OIDC provider and the role
/// the workflows assume, scoped to one organization, passing only SageMaker's product roles.
#[test]
fn the_github_oidc_platform_stack_passes_cfn_lint_and_is_scoped() {
    let path = blueprint_dir("sagemaker-mlops").join("platform/github-oidc.yaml");
    cfn_lint(&path);
    let template: Value = serde_yaml_ng::from_str(&read(&path)).unwrap();
    let role = &template["Resources"]["GitHubActionsRole"]["Properties"];
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Action"], "sts:AssumeRoleWithWebIdentity");
    assert_eq!(
        yaml(&trust["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"]),
        "!Sub repo:${GitHubOrganization}/${Repositories}:*\n"
    );
    assert_eq!(
        trust["Condition"]["StringEquals"]["token.actions.githubusercontent.com:aud"],
        "sts.amazonaws.com"
    );
    assert_eq!(
        role["RoleName"],
        serde_yaml_ng::from_str::<Value>("!Ref RoleName").unwrap()
    );
    let default = &template["Parameters"]["RoleName"]["Default"];
    let blueprint: Value = serde_yaml_ng::from_str(&read(
        &blueprint_dir("sagemaker-mlops").join("blueprint.yaml"),
    ))
    .unwrap();
    assert_eq!(
        default, &blueprint["questions"]["github_actions_role"]["default"],
        "the role the blueprint's workflows assume by default"
    );
    let statements = role["Policies"][0]["PolicyDocument"]["Statement"]
        .as_sequence()
        .unwrap();
    let pass = statements
        .iter()
        .find(|s| s["Action"] == "iam:PassRole")
        .unwrap();
    for arn in pass["Resource"].as_sequence().unwrap() {
        assert!(
            yaml(arn).contains(":role/service-role/AmazonSageMakerServiceCatalogProducts"),
            "{arn:?}"
        );
    }
}
