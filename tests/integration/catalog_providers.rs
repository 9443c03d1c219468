//! Publishing for any git provider, correct by construction: a provider the blueprint does
//! not list is refused; a reference to a name jig adds only for other publishes is refused by
//! `jig publish` and reported by `jig lint`; the connection can be a launch parameter; the
//! product template of every provider is cfn-lint clean (no error, no warning) when the
//! blueprint's own CloudFormation is; and the seed step of every provider runs locally
//! against a bare repository.

use super::catalog::{blueprint_dir, dry_run, dry_run_output};
use super::catalog_seed::{assert_same_project, buildspec, jig_new, run_seed};
use crate::common::*;
use serde_yaml_ng::Value;
use std::path::{Path, PathBuf};

const ARN: &str = "arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d";

/// A blueprint whose CloudFormation is `cfn`, with `git` under `catalog:`.
fn blueprint(sb: &Sandbox, name: &str, git: &str, cfn: &str) -> PathBuf {
    let manifest = format!(
        "name: {name}\nversion: 1.0.0\ndescription: A pipeline on the seeded repository\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\ncatalog:\n  cloudformation: infra/cicd.yaml\n  answers:\n    project_slug: SageMakerProjectName\n{git}files:\n  exclude: [infra/]\n"
    );
    sb.blueprint(
        name,
        &[
            ("blueprint.yaml", manifest.as_str()),
            ("template/infra/cicd.yaml", cfn),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    )
}

/// CloudFormation that builds on the seeded GitHub repository and the launch-time connection.
const ON_GITHUB: &str = "Parameters:
  SageMakerProjectName:
    Type: String
  SageMakerProjectId:
    Type: String
Resources:
  RepositoryUrl:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Name: !Sub /sagemaker/${SageMakerProjectId}/repository
      Value: !Sub https://github.com/${JigRepositoryOwner}/${JigRepositoryName}.git
  Connection:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Name: !Sub /sagemaker/${SageMakerProjectId}/connection
      Value: !Ref CodeConnectionArn
";

fn publish(sb: &Sandbox, bp: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    dry_run_output(sb, bp, out, extra)
}

#[test]
fn a_provider_the_blueprint_does_not_list_is_refused_with_the_ones_it_does() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "gh-only",
        &[
            (
                "blueprint.yaml",
                "name: gh-only\nversion: 1.0.0\ndescription: GitHub only\nquestions:\n  project_slug:\n    default: demo\ncatalog:\n  git:\n    providers: [github, gitlab]\n",
            ),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    );
    let manifest = bp.join("blueprint.yaml");
    let out = publish(&sb, &bp, "plan", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: blueprint gh-only does not work with codecommit: its catalog.git.providers lists github, gitlab\n\
             \x20 codecommit is the default: no --git-provider, and no `catalog.repository.provider` in the config file\n\
             \x20 catalog.git.providers is in {}\n\
             hint: publish with --git-provider github --connection ARN --git-owner OWNER (one of: github, gitlab), or, if the product works with codecommit, add it to catalog.git.providers\n",
            manifest.display()
        )
    );
    assert!(!sb.path().join("plan").exists(), "nothing written");

    let out = publish(&sb, &bp, "plan", &["--git-provider", "bitbucket"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: blueprint gh-only does not work with bitbucket: its catalog.git.providers lists github, gitlab\n  bitbucket is what --git-provider asked for\n"),
        "{}",
        stderr(&out)
    );

    sb.write_config(
        "catalog:\n  repository:\n    provider: gitlab-self-managed\n    host: git.acme.io\n",
    );
    let out = publish(&sb, &bp, "plan", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "  gitlab-self-managed is the config file's `catalog.repository.provider` ({})\n",
            sb.path().join("config/jig/config.yaml").display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("plan").exists(), "nothing written");

    // A listed provider publishes.
    let (_, template) = dry_run(
        &sb,
        &bp,
        "ok",
        &[
            "--git-provider",
            "gitlab",
            "--connection",
            ARN,
            "--git-owner",
            "acme/ml",
        ],
    );
    let source = &template["Resources"]["JigSeedProject"]["Properties"]["Source"];
    assert_eq!(source["Type"], "GITLAB");
}

#[test]
fn references_to_names_the_publish_does_not_add_are_refused_and_linted_with_the_fix() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb, "on-github", "", ON_GITHUB);

    // Published for CodeCommit (the default), none of the three exists.
    let out = publish(&sb, &bp, "plan", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let value = "Resources.RepositoryUrl.Properties.Value";
    for line in [
        format!("error: infra/cicd.yaml refers to 3 names that jig does not add when publishing for codecommit: `JigRepositoryOwner` (Fn::Sub in {value}), `JigRepositoryName` (Fn::Sub in {value}), `CodeConnectionArn` (Ref in Resources.Connection.Properties.Value)\n"),
        "  `JigRepositoryOwner` is added for a provider reached through a connection\n".into(),
        "  `JigRepositoryName` is added for a provider reached through a connection\n".into(),
        "  `CodeConnectionArn` is added for a connection chosen at launch\n".into(),
        "hint: publish with --git-provider github (or one of: github, gitlab, github-enterprise, gitlab-self-managed, bitbucket); to refuse codecommit early, declare `catalog.git.providers: [github, gitlab, github-enterprise, gitlab-self-managed, bitbucket]` in blueprint.yaml\n".into(),
        "hint: publish with a provider reached through a connection (--git-provider github) and --connection-at launch, or set `catalog.git.connection: launch` in blueprint.yaml\n".into(),
    ] {
        assert!(err.contains(&line), "{line}\nnot in:\n{err}");
    }
    assert!(!sb.path().join("plan").exists(), "nothing written");

    // On GitHub with the connection fixed at publish, the ARN parameter does not exist.
    let github = ["--git-provider", "github", "--git-owner", "acme-ml"];
    let mut fixed = github.to_vec();
    fixed.extend(["--connection", ARN]);
    let out = publish(&sb, &bp, "plan", &fixed);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: infra/cicd.yaml refers to a name that jig does not add when publishing for github: `CodeConnectionArn` (Ref in Resources.Connection.Properties.Value)\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: set `catalog.git.connection: launch` in blueprint.yaml, or publish with --connection-at launch\n"),
        "{err}"
    );

    // jig lint finds the same, before anyone publishes, at each reference.
    let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(lint.status.code(), Some(3), "{}", stdout(&lint));
    let found = stdout(&lint);
    let file = "template/infra/cicd.yaml";
    for line in [
        format!("{file}:12:40: error[provider-reference]: `JigRepositoryOwner` (Fn::Sub in {value}) is a name jig adds only for a provider reached through a connection; catalog.git.providers is not set, so the product may be published for codecommit, for which the stack would refer to something nobody declares: publish with --git-provider github"),
        format!("{file}:12:62: error[provider-reference]: `JigRepositoryName` (Fn::Sub in {value})"),
        format!("{file}:18:19: error[provider-reference]: `CodeConnectionArn` (Ref in Resources.Connection.Properties.Value) is a name jig adds only for a connection chosen at launch; catalog.git.providers is not set, so the product may be published for codecommit, github, gitlab, github-enterprise, gitlab-self-managed, bitbucket, for which the stack would refer to something nobody declares: set `catalog.git.connection: launch` in blueprint.yaml, or publish with --connection-at launch"),
    ] {
        assert!(found.contains(&line), "{line}\nnot in:\n{found}");
    }

    // Declared, the blueprint lints clean and refuses CodeCommit up front.
    let bp = blueprint(
        &sb,
        "declared",
        "  git:\n    providers: [github, gitlab]\n    connection: launch\n",
        ON_GITHUB,
    );
    let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    assert!(
        !stdout(&lint).contains("provider-reference"),
        "{}",
        stdout(&lint)
    );
    let out = publish(&sb, &bp, "plan", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: blueprint declared does not work with codecommit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_connection_chosen_at_launch_is_a_parameter_every_use_refers_to() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb, "on-github", "", ON_GITHUB);
    let (summary, template) = dry_run(
        &sb,
        &bp,
        "launch",
        &[
            "--git-provider",
            "github",
            "--git-owner",
            "acme-ml",
            "--connection-at",
            "launch",
        ],
    );
    lint_clean(&sb.path().join("launch/template.yaml"));
    let not_configured = summary["not_configured"].as_array().unwrap();
    assert!(
        !not_configured.contains(&serde_json::json!("catalog.repository.connection_arn")),
        "asked at launch: {not_configured:?}"
    );
    let arn = &template["Parameters"]["CodeConnectionArn"];
    assert_eq!(arn["Type"], "String");
    assert!(arn.get("Default").is_none(), "{arn:?}");
    let pattern = regex::Regex::new(arn["AllowedPattern"].as_str().unwrap()).unwrap();
    assert!(pattern.is_match(ARN));
    assert!(!pattern.is_match("arn:aws:s3:::bucket"));
    let groups = &template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"];
    let last = groups.as_sequence().unwrap().last().unwrap();
    assert_eq!(last["Label"]["default"], "GitHub repository");
    assert_eq!(
        last["Parameters"],
        serde_yaml_ng::from_str::<Value>(
            "[JigRepositoryOwner, JigRepositoryName, CodeConnectionArn]"
        )
        .unwrap()
    );
    let by_ref: Value = serde_yaml_ng::from_str("!Ref CodeConnectionArn").unwrap();
    let source = &template["Resources"]["JigSeedProject"]["Properties"]["Source"];
    assert_eq!(source["Auth"]["Resource"], by_ref);
    assert_eq!(
        template["Resources"]["Connection"]["Properties"]["Value"],
        by_ref
    );
    // The blueprint's `${JigRepositoryName}` is the name the repository gets.
    assert_eq!(
        template["Resources"]["RepositoryUrl"]["Properties"]["Value"],
        serde_yaml_ng::from_str::<Value>(
            "!Sub ['https://github.com/${JigRepositoryOwner}/${JigRepositoryName}.git', {JigRepositoryName: !If [JigRepositoryNameIsProjectName, !Ref SageMakerProjectName, !Ref JigRepositoryName]}]"
        )
        .unwrap()
    );
    let text = read(&sb.path().join("launch/template.yaml"));
    assert!(!text.contains(ARN), "no ARN fixed in the template");

    // The publisher's ARN, when given, is the launch form's default; the blueprint sets the
    // mode, the flag overrides it.
    let bp = blueprint(
        &sb,
        "at-launch",
        "  git:\n    connection: launch\n",
        ON_GITHUB,
    );
    let (_, template) = dry_run(
        &sb,
        &bp,
        "default",
        &[
            "--git-provider",
            "github",
            "--git-owner",
            "acme-ml",
            "--connection",
            ARN,
        ],
    );
    assert_eq!(template["Parameters"]["CodeConnectionArn"]["Default"], ARN);
    let out = publish(
        &sb,
        &bp,
        "flag",
        &[
            "--git-provider",
            "github",
            "--git-owner",
            "acme-ml",
            "--connection",
            ARN,
            "--connection-at",
            "publish",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`CodeConnectionArn` (Ref in Resources.Connection.Properties.Value)")
    );

    // CodeCommit needs no connection: asking for it at launch is refused.
    let plain = blueprint_dir("python-lib");
    let out = publish(&sb, &plain, "cc", &["--connection-at", "launch"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("error: a connection for `--connection-at launch` is not configured\n"),
        "{}",
        stderr(&out)
    );
}

/// cfn-lint prints nothing (no error, warning or informational finding) for `path`.
fn lint_clean(path: &Path) {
    let out = std::process::Command::new("cfn-lint")
        .arg(path)
        .env("PATH", test_path())
        .output()
        .expect("cfn-lint runs");
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "cfn-lint {}:\n{}{}",
        path.display(),
        stdout(&out),
        stderr(&out)
    );
}

/// A clean CloudFormation in the style of AWS's samples: the project's name is NoEcho.
const CLEAN: &str = "Parameters:
  SageMakerProjectName:
    Type: String
    NoEcho: true
    MinLength: 1
    MaxLength: 32
    AllowedPattern: ^[a-zA-Z](-*[a-zA-Z0-9])*
  SageMakerProjectId:
    Type: String
    NoEcho: true
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub sagemaker-project-${SageMakerProjectId}
      Tags:
        - Key: sagemaker:project-name
          Value: !Ref SageMakerProjectName
Outputs:
  ArtifactsBucket:
    Value: !Ref Artifacts
";

#[test]
fn the_product_template_of_every_provider_is_cfn_lint_clean_when_the_blueprints_is() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb, "clean", "", CLEAN);
    lint_clean(&bp.join("template/infra/cicd.yaml"));
    let cases: [(&str, Option<&str>); 6] = [
        ("codecommit", None),
        ("github", None),
        ("gitlab", None),
        ("bitbucket", None),
        ("github-enterprise", Some("github.acme.io")),
        ("gitlab-self-managed", Some("gitlab.acme.io")),
    ];
    for (provider, host) in cases {
        let config = match host {
            Some(h) => {
                format!("catalog:\n  repository:\n    provider: {provider}\n    host: {h}\n")
            }
            None => String::new(),
        };
        sb.write_config(&config);
        let modes: &[&str] = match provider {
            "codecommit" => &["publish"],
            _ => &["publish", "launch"],
        };
        for mode in modes {
            let out = format!("{provider}-{mode}");
            let mut args = vec!["--git-provider", provider];
            if provider != "codecommit" {
                args.extend(["--git-owner", "acme", "--connection", ARN]);
                args.extend(["--connection-at", mode]);
            }
            let (_, template) = dry_run(&sb, &bp, &out, &args);
            lint_clean(&sb.path().join(&out).join("template.yaml"));
            let output =
                serde_yaml_ng::to_string(&template["Outputs"]["JigRepositoryCloneUrl"]).unwrap();
            assert!(
                !output.contains("SageMakerProjectName"),
                "{provider}: {output}"
            );
            if provider != "codecommit" {
                assert!(output.contains("<project name>"), "{provider}: {output}");
                let name = &template["Parameters"]["JigRepositoryName"];
                assert_eq!(name["Default"], "<project name>", "{provider}");
            }
        }
    }
}

/// A template in the style of AWS's third-party-git samples: it builds on the seeded
/// repository and masks the project's name.
const ON_THE_REPOSITORY: &str = "Parameters:
  SageMakerProjectName:
    Type: String
    NoEcho: true
  SageMakerProjectId:
    Type: String
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub sagemaker-project-${SageMakerProjectId}
      Tags:
        - Key: repository
          Value: !Sub ${JigRepositoryOwner}/${JigRepositoryName}
        - Key: sagemaker:project-name
          Value: !Ref SageMakerProjectName
Outputs:
  RepositoryName:
    Value: !Ref JigRepositoryName
";

#[test]
fn a_template_on_the_seeded_repository_is_cfn_lint_clean_for_every_connection_provider() {
    let sb = Sandbox::new();
    let git = "  git:\n    providers: [github, gitlab, bitbucket, github-enterprise, gitlab-self-managed]\n";
    let bp = blueprint(&sb, "on-repo", git, ON_THE_REPOSITORY);
    for provider in [
        "github",
        "gitlab",
        "bitbucket",
        "github-enterprise",
        "gitlab-self-managed",
    ] {
        sb.write_config(&format!(
            "catalog:\n  repository:\n    provider: {provider}\n    host: git.acme.io\n"
        ));
        let (_, template) = dry_run(
            &sb,
            &bp,
            provider,
            &["--git-owner", "acme", "--connection", ARN],
        );
        lint_clean(&sb.path().join(provider).join("template.yaml"));
        // The tag is the repository's name; the output shows it as the form does, unmasked.
        assert_eq!(
            template["Resources"]["Artifacts"]["Properties"]["Tags"][0]["Value"],
            serde_yaml_ng::from_str::<Value>("!Sub ['${JigRepositoryOwner}/${JigRepositoryName}', {JigRepositoryName: !If [JigRepositoryNameIsProjectName, !Ref SageMakerProjectName, !Ref JigRepositoryName]}]").unwrap()
        );
        assert_eq!(
            template["Outputs"]["RepositoryName"]["Value"],
            serde_yaml_ng::from_str::<Value>(
                "!If [JigRepositoryNameIsProjectName, '<project name>', !Ref JigRepositoryName]"
            )
            .unwrap()
        );
    }
    let lint = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
}

#[test]
fn lint_reports_what_cfn_lint_finds_in_jigs_additions_only() {
    let sb = Sandbox::new();
    let manifest = "name: checks\nversion: 1.0.0\ndescription: Checks\nquestions:\n  project_slug:\n    default: demo\n  ci_checks:\n    type: multiselect\n    choices: [lint, test]\n    default: [lint]\ncatalog:\n  cloudformation: infra/cicd.yaml\n  answers:\n    project_slug: SageMakerProjectName\nfiles:\n  exclude: [infra/]\n";
    let head = "Parameters:\n  SageMakerProjectName:\n    Type: String\n  SageMakerProjectId:\n    Type: String\nResources:\n  Checks:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Name: !Sub /sagemaker/${SageMakerProjectName}/${SageMakerProjectId}/checks\n      Value: \"checks {{ ci_checks }}\"\n";
    let outputs = |n: usize| -> String {
        let each = (0..n).map(|i| format!("  O{i}:\n    Value: !Ref SageMakerProjectId\n"));
        format!("Outputs:\n{}", each.collect::<String>())
    };
    // 200 outputs are CloudFormation's limit: the blueprint's own template is within it, the
    // product (jig adds its clone URL outputs) is not.
    let cfn = format!("{head}{}", outputs(200));
    let bp = sb.blueprint(
        "checks",
        &[
            ("blueprint.yaml", manifest),
            ("template/infra/cicd.yaml", &cfn),
            (
                "template/README.md",
                "# {{ project_slug }} {{ ci_checks }}\n",
            ),
        ],
    );
    let out = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let file = bp.join("template/infra/cicd.yaml");
    assert!(
        stdout(&out).contains(&format!(
            "{}:1:1: error[cfn-lint-addition]: cfn-lint finds in the product template what jig's additions introduce (the blueprint's own CloudFormation, rendered with the defaults, does not have it): E6010 (Error) at Outputs for codecommit: 'Outputs' has more than 200 properties; E6010 (Error) at Outputs for github, gitlab, github-enterprise, gitlab-self-managed, bitbucket: 'Outputs' has more than 200 properties\n",
            file.display()
        )),
        "{}",
        stdout(&out)
    );

    // Within the limit nothing is reported, though the multiselect answer (a
    // CommaDelimitedList parameter) sits in a string: jig joins it there, where a list in
    // `!Sub` would be cfn-lint's E1019.
    write(&file, format!("{head}{}", outputs(190)).as_bytes());
    let out = sb.jig().arg("lint").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        !stdout(&out).contains("cfn-lint-addition"),
        "{}",
        stdout(&out)
    );
    let out = dry_run_output(&sb, &bp, "joined", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template: Value =
        serde_yaml_ng::from_str(&read(&sb.path().join("joined/template.yaml"))).unwrap();
    assert_eq!(
        template["Resources"]["Checks"]["Properties"]["Value"],
        serde_yaml_ng::from_str::<Value>(
            "!Sub ['checks ${CiChecks}', {CiChecks: !Join [',', !Ref CiChecks]}]"
        )
        .unwrap()
    );
}

#[test]
fn the_seed_step_of_every_connection_provider_pushes_to_its_repository() {
    let sb = Sandbox::new();
    let answers = [
        ("dist_name", "churn-model"),
        ("description", "Churn features"),
        ("author_email", "ml@acme.io"),
        ("aws_region", "us-west-2"),
        ("python_version", "3.12"),
    ];
    let direct = jig_new(&sb, "python-lib", &answers, "churn-model");
    let cases = [
        ("gitlab", "GITLAB", None, "https://gitlab.com/"),
        ("bitbucket", "BITBUCKET", None, "https://bitbucket.org/"),
        (
            "github-enterprise",
            "GITHUB_ENTERPRISE",
            Some("github.acme.io"),
            "https://github.acme.io/",
        ),
        (
            "gitlab-self-managed",
            "GITLAB_SELF_MANAGED",
            Some("gitlab.acme.io"),
            "https://gitlab.acme.io/",
        ),
    ];
    for (provider, kind, host, url) in cases {
        let config = match host {
            Some(h) => {
                format!("catalog:\n  repository:\n    provider: {provider}\n    host: {h}\n")
            }
            None => String::new(),
        };
        sb.write_config(&config);
        // The local runner reads the seed registry from `build/registry`.
        let _ = std::fs::remove_dir_all(sb.path().join("build"));
        let (_, template) = dry_run(
            &sb,
            &blueprint_dir("python-lib"),
            "build",
            &[
                "--git-provider",
                provider,
                "--git-owner",
                "acme",
                "--connection",
                ARN,
            ],
        );
        let source = &template["Resources"]["JigSeedProject"]["Properties"]["Source"];
        assert_eq!(source["Type"], kind);
        let location = serde_yaml_ng::to_string(&source["Location"]).unwrap();
        assert!(
            location.contains(&format!("{url}${{Owner}}/${{Name}}.git")),
            "{location}"
        );
        assert_eq!(buildspec(&template)["env"]["git-credential-helper"], "yes");

        let bare = sb.path().join(format!("{provider}.git"));
        git(sb.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
        run_seed(&sb, &template, &answers, &bare);
        let seeded = format!("seeded-{provider}");
        git(
            sb.path(),
            &["clone", "-q", "-b", "main", bare.to_str().unwrap(), &seeded],
        );
        assert_same_project(&sb.path().join(&seeded), &direct, ".jig/python-lib.yaml");
        assert_eq!(
            git(&bare, &["for-each-ref", "--format=%(refname)"]).trim(),
            "refs/heads/main",
            "an empty repository gets the project as the first commit of main"
        );
    }
}
