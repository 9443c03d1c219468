//! The seed step: what gives a new SageMaker project its repository.
//!
//! At stack creation a custom resource starts a CodeBuild job once and waits for it. The job
//! downloads the jig binary and this version's one-entry directory registry from S3, checks
//! both against the SHA-256 baked into the template (so the bundle is fetched by digest), runs
//! `jig new NAME@=VERSION --registry sc` with the stack's parameters as answers, and pushes the
//! commit to the project's repository (`repository` says which, and how git authenticates): the
//! first commit of `main`, or a commit on top of the default branch of a repository that has
//! one. The project records `registry: sc`, so `jig check` and `jig update` later resolve
//! versions through the same Service Catalog product.
//!
//! The script is plain bash reading `JIG_*` environment variables, so a test (or a curious
//! engineer) can run it on a laptop against local files and a local bare repository.

use super::params::Mapping;
use super::repository::Target;
use super::Layout;
use crate::blueprint::{Blueprint, QuestionKind};
use crate::yaml;
use serde_json::json;

/// The registry name seeded projects record.
pub const REGISTRY: &str = "sc";

/// Author of the seed commit.
pub const AUTHOR: &str = "jig seed <jig-seed@users.noreply.localhost>";
const AUTHOR_NAME: &str = "jig seed";
const AUTHOR_EMAIL: &str = "jig-seed@users.noreply.localhost";

/// The environment variable carrying a question's answer.
pub fn answer_var(question: &str) -> String {
    format!("JIG_ANSWER_{question}")
}

/// The bash script of the build phase: verify the bundle, then render and push each
/// repository of `target`.
pub fn script(blueprint: &Blueprint, mapping: &Mapping, target: &Target) -> String {
    let m = &blueprint.manifest;
    let mut data = String::new();
    for q in &m.questions {
        if q.computed.is_none() && mapping.answered_by(&q.name).is_some() {
            let var = answer_var(&q.name);
            data.push_str(&format!(
                "    ${{{var}:+--data \"{name}=${var}\"}} \\\n",
                name = q.name
            ));
        }
    }
    let mut calls = String::new();
    for seeded in &target.seeded {
        calls.push_str(&format!(
            "seed '{}' \"${}\"\n",
            seeded.repository.as_deref().unwrap_or_default(),
            seeded.var
        ));
    }
    format!(
        r#"set -euo pipefail
bundle="$JIG_REGISTRY_DIR/{name}/{version}/bundle.tar.gz"
echo "$JIG_BUNDLE_SHA256  $bundle" | sha256sum --check --quiet -
export JIG_CONFIG="$JIG_REGISTRY_DIR/seed-config.yaml"
printf 'registries:\n  {registry}:\n    type: directory\n    path: "%s"\n' "$JIG_REGISTRY_DIR" > "$JIG_CONFIG"
# seed REPOSITORY URL: render the repository (the only one when REPOSITORY is empty), push it.
seed() (
  out="$(mktemp -d)"
  jig new '{name}@={version}' --registry {registry} --output-dir "$out" --defaults --trust \
    --author '{author}' ${{1:+--repository "$1"}} \
{data}    --format json
  cd "$(find "$out" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  # A repository created with a first commit (a README, say) keeps its history: the project
  # becomes a commit on top of its default branch, with exactly the rendered files.
  branch="$(git ls-remote --symref "$2" HEAD | awk '$1 == "ref:" && $3 == "HEAD" {{ sub("refs/heads/", "", $2); print $2 }}')"
  if [ -n "$branch" ]; then
    git fetch -q "$2" "refs/heads/$branch"
    git reset -q --soft FETCH_HEAD
    git -c user.name='{author_name}' -c user.email='{author_email}' commit -q --no-verify --allow-empty -C ORIG_HEAD
  else
    branch=main
  fi
  git push "$2" "HEAD:refs/heads/$branch"
)
{calls}"#,
        name = m.name,
        version = m.version,
        registry = REGISTRY,
        author = AUTHOR,
        author_name = AUTHOR_NAME,
        author_email = AUTHOR_EMAIL,
    )
}

/// The buildspec: fetch and check jig and the registry, give git its credentials, then run
/// the script.
fn buildspec(script: &str, target: &Target) -> String {
    let mut install = vec![
        "mkdir -p \"$JIG_REGISTRY_DIR\"",
        "aws s3 cp --no-progress \"s3://$JIG_BUCKET/$JIG_BINARY_KEY\" /usr/local/bin/jig",
        "echo \"$JIG_BINARY_SHA256  /usr/local/bin/jig\" | sha256sum --check -",
        "chmod +x /usr/local/bin/jig",
        "aws s3 cp --no-progress --recursive \"s3://$JIG_BUCKET/$JIG_REGISTRY_KEY\" \"$JIG_REGISTRY_DIR\"",
    ];
    install.extend(target.credentials.iter().copied());
    let mut env = json!({"shell": "bash"});
    if target.credential_helper {
        env["git-credential-helper"] = json!("yes");
    }
    let spec = json!({
        "version": 0.2,
        "env": env,
        "phases": {
            "install": {"commands": install},
            "build": {"commands": [script]},
        },
    });
    yaml::to_string(&spec).expect("buildspec serialises")
}

/// The seed resources, keyed by logical id, pushing to `target`.
pub fn resources(
    blueprint: &Blueprint,
    mapping: &Mapping,
    layout: &Layout,
    settings: &super::Settings,
    target: &Target,
) -> yaml::Mapping {
    let m = &blueprint.manifest;
    let sub = |s: &str| super::cfn::tagged("Sub", yaml::Value::String(s.to_string()));
    let getatt = |s: &str| super::cfn::tagged("GetAtt", yaml::Value::String(s.to_string()));
    let reference = |s: &str| super::cfn::tagged("Ref", yaml::Value::String(s.to_string()));
    let mut out = target.resources.clone();
    let plain = |name: &str, value: yaml::Value| -> yaml::Value {
        let mut var = yaml::Mapping::new();
        var.insert("Name".into(), name.into());
        var.insert("Type".into(), "PLAINTEXT".into());
        var.insert("Value".into(), value);
        yaml::Value::Mapping(var)
    };
    let mut env = vec![
        plain(crate::env::JIG_BUCKET, settings.bucket.clone().into()),
        plain(crate::env::JIG_BINARY_KEY, layout.binary_key.clone().into()),
        plain("JIG_BINARY_SHA256", layout.binary_sha256.clone().into()),
        plain(
            crate::env::JIG_REGISTRY_KEY,
            layout.registry_prefix.clone().into(),
        ),
        plain(
            crate::env::JIG_REGISTRY_DIR,
            "/tmp/jig-seed/registry".into(),
        ),
        plain(
            "JIG_BUNDLE_SHA256",
            layout.bundle_digest.trim_start_matches("sha256:").into(),
        ),
    ];
    for seeded in &target.seeded {
        env.push(plain(&seeded.var, seeded.url.clone()));
    }
    let mut secrets = yaml::Mapping::new();
    for q in &m.questions {
        let Some(name) = mapping.answered_by(&q.name) else {
            continue;
        };
        // A repository name's parameter stands for the name it resolves to (`names`).
        let resolved = target.names.iter().find(|(p, _)| p == name);
        let value = if let Some((_, expr)) = resolved {
            expr.clone()
        } else if q.kind == QuestionKind::Multiselect {
            super::cfn::tagged(
                "Join",
                yaml::Value::Sequence(vec![",".into(), reference(name)]),
            )
        } else {
            reference(name)
        };
        if q.is_secret() {
            secrets.insert(answer_var(&q.name).into(), value);
        } else {
            env.push(plain(&answer_var(&q.name), value));
        }
    }
    let project = json!({
        "Type": "AWS::CodeBuild::Project",
        "Properties": {
            "Name": "@sub:sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-seed",
            "Description": format!("Seeds the repository from blueprint {} {} ({})", m.name, m.version, layout.bundle_digest),
            "ServiceRole": settings.codebuild_role,
            "Artifacts": {"Type": "NO_ARTIFACTS"},
            "Source": {},
            "Environment": {
                "Type": "LINUX_CONTAINER",
                "ComputeType": "BUILD_GENERAL1_SMALL",
                "Image": settings.codebuild_image,
                "EnvironmentVariables": [],
            },
            "TimeoutInMinutes": 15,
        }
    });
    let mut project = expand(project, &sub);
    set_path(
        &mut project,
        &["Properties", "Environment", "EnvironmentVariables"],
        yaml::Value::Sequence(env),
    );
    let mut source = target.source.clone();
    source.insert(
        "BuildSpec".into(),
        buildspec(&script(blueprint, mapping, target), target).into(),
    );
    set_path(
        &mut project,
        &["Properties", "Source"],
        yaml::Value::Mapping(source),
    );
    if !target.secondary_sources.is_empty() {
        let sources = target
            .secondary_sources
            .iter()
            .cloned()
            .map(yaml::Value::Mapping)
            .collect();
        if let Some(props) = project
            .get_mut("Properties")
            .and_then(yaml::Value::as_mapping_mut)
        {
            props.insert("SecondarySources".into(), yaml::Value::Sequence(sources));
        }
    }
    out.insert("JigSeedProject".into(), project);
    let function = json!({
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Description": "Starts the seed build once, at stack creation, and waits for it",
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "Timeout": 900,
            "Role": settings.lambda_role,
            "Code": {"ZipFile": LAMBDA},
        }
    });
    out.insert("JigSeedFunction".into(), expand(function, &sub));
    let mut seed = yaml::Mapping::new();
    seed.insert("ServiceToken".into(), getatt("JigSeedFunction.Arn"));
    seed.insert("ProjectName".into(), reference("JigSeedProject"));
    seed.insert("Secrets".into(), yaml::Value::Mapping(secrets));
    // Each repository's clone URL, returned as `!GetAtt JigSeed.CloneUrl<Repo>`, so the
    // product's own resources (a SageMaker code repository, say) can name what was seeded.
    let mut urls = yaml::Mapping::new();
    for seeded in &target.seeded {
        let key = seeded
            .output
            .strip_prefix("JigRepository")
            .unwrap_or(&seeded.output);
        urls.insert(key.into(), seeded.url.clone());
    }
    seed.insert("CloneUrls".into(), yaml::Value::Mapping(urls));
    let mut resource = yaml::Mapping::new();
    resource.insert("Type".into(), "Custom::JigSeed".into());
    resource.insert("Properties".into(), yaml::Value::Mapping(seed));
    out.insert("JigSeed".into(), yaml::Value::Mapping(resource));
    out
}

/// JSON to YAML, with strings starting `@sub:` as `!Sub`.
fn expand(value: serde_json::Value, sub: &dyn Fn(&str) -> yaml::Value) -> yaml::Value {
    match value {
        serde_json::Value::String(s) => match s.strip_prefix("@sub:") {
            Some(rest) => sub(rest),
            None => yaml::Value::String(s),
        },
        serde_json::Value::Array(items) => {
            yaml::Value::Sequence(items.into_iter().map(|v| expand(v, sub)).collect())
        }
        serde_json::Value::Object(map) => yaml::Value::Mapping(
            map.into_iter()
                .map(|(k, v)| (yaml::Value::String(k), expand(v, sub)))
                .collect(),
        ),
        other => yaml::to_value(&other).expect("JSON scalars are YAML"),
    }
}

fn set_path(value: &mut yaml::Value, path: &[&str], new: yaml::Value) {
    let mut at = value;
    for key in path {
        at = at
            .as_mapping_mut()
            .and_then(|m| m.get_mut(*key))
            .expect("path exists");
    }
    *at = new;
}

/// The custom resource: start the build on Create, wait, report; nothing on Update/Delete.
const LAMBDA: &str = r#"import time
import boto3
import cfnresponse


def handler(event, context):
    props = event["ResourceProperties"]
    physical = event.get("PhysicalResourceId", "jig-seed")
    urls = dict(props.get("CloneUrls", {}))
    if event["RequestType"] != "Create":
        cfnresponse.send(event, context, cfnresponse.SUCCESS, urls, physical)
        return
    try:
        codebuild = boto3.client("codebuild")
        env = [{"name": k, "value": v, "type": "PLAINTEXT"}
               for k, v in props.get("Secrets", {}).items() if v]
        build = codebuild.start_build(projectName=props["ProjectName"],
                                      environmentVariablesOverride=env)["build"]
        while True:
            time.sleep(10)
            state = codebuild.batch_get_builds(ids=[build["id"]])["builds"][0]
            if state["buildStatus"] != "IN_PROGRESS":
                break
            if context.get_remaining_time_in_millis() < 30000:
                raise RuntimeError("the seed build %s is still running" % build["id"])
        if state["buildStatus"] != "SUCCEEDED":
            raise RuntimeError("the seed build %s ended %s; see its log in CodeBuild"
                               % (build["id"], state["buildStatus"]))
        cfnresponse.send(event, context, cfnresponse.SUCCESS, dict(urls, BuildId=build["id"]), build["id"])
    except Exception as err:
        cfnresponse.send(event, context, cfnresponse.FAILED, {"Error": str(err)}, physical,
                         reason=str(err))
"#;
