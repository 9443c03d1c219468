//! `jig init DEST --from-sagemaker SAMPLE` on every seeding style AWS and the community
//! publish, on real samples (copies in tests/fixtures/aws-samples, README there): AWS's
//! CodeBuild check-in through CodeConnections, a seeding Lambda function (GitLab, Bitbucket),
//! a seed folder the team pushes (GitHub Actions), `AWS::CodeStar::GitHubRepository`, and
//! CodeCommit seed folders named by hand. Each imports in one command, lints clean with
//! `--strict`, records its git providers, has none of the sample's seeding left, publishes for
//! every provider it lists, and `jig new --defaults` gives back every seed tree whole: every file,
//! its bytes, its executable bit, symlinks. Plus a seed made to hold everything `jig init
//! --from` leaves out, and the error for a template that seeds nothing jig can tell.

use super::catalog::dry_run;
use crate::common::*;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Every entry below `dir` but `.git` (and `.jig/`): path, and its bytes, executable bit or
/// link target.
pub(crate) fn whole(dir: &Path) -> Vec<(String, String)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
    {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with(".jig") || e.file_type().is_dir() {
            continue;
        }
        let what = if e.file_type().is_symlink() {
            format!("-> {}", std::fs::read_link(e.path()).unwrap().display())
        } else {
            let exec = e.metadata().unwrap().permissions().mode() & 0o111 != 0;
            let bytes = std::fs::read(e.path()).unwrap();
            format!("{} {:x}", if exec { "x" } else { "-" }, md5ish(&bytes))
        };
        out.push((rel, what));
    }
    out.sort();
    out
}

/// A digest of the bytes, to compare files without printing them.
fn md5ish(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

struct Sample {
    /// The sample, under tests/fixtures.
    path: &'static str,
    /// `--seed` folders, under tests/fixtures.
    seeds: &'static [&'static str],
    style: &'static str,
    /// Each repository and the seed folder it must render back to (under tests/fixtures).
    repositories: &'static [(&'static str, &'static str)],
    /// `catalog.git` as blueprint.yaml must say it.
    git: &'static str,
    /// Resources of the sample that must be gone from the product template.
    removed: &'static [&'static str],
}

const CHECKIN: &[&str] = &[
    "SageMakerModelBuildSeedCodeCheckinProjectTriggerLambdaInvoker",
    "GitSeedCodeCheckinProjectTriggerLambda",
    "GitSeedCodeCheckinProject",
];
const ANY_CONNECTION: &str = "  git:\n    providers: [github, github-enterprise, gitlab, gitlab-self-managed, bitbucket]\n    connection: launch\n";

const SAMPLES: &[Sample] = &[
    Sample {
        path: "aws-samples/third-party-git/build-train-deploy-codepipeline.yaml",
        seeds: &["aws-samples/mlops-shadow-deployment/seedcode/build", "aws-samples/mlops-shadow-deployment/seedcode/deploy"],
        style: "CodeBuild check-in (CodeConnections)",
        repositories: &[("model-build", "aws-samples/mlops-shadow-deployment/seedcode/build"), ("model-deploy", "aws-samples/mlops-shadow-deployment/seedcode/deploy")],
        git: ANY_CONNECTION,
        removed: CHECKIN,
    },
    Sample {
        path: "aws-samples/third-party-git/build-train-codepipeline.yaml",
        seeds: &["aws-samples/mlops-shadow-deployment/seedcode/build"],
        style: "CodeBuild check-in (CodeConnections)",
        repositories: &[("model-build", "aws-samples/mlops-shadow-deployment/seedcode/build")],
        git: ANY_CONNECTION,
        removed: &["GitSeedCodeCheckinProject", "GitSeedCodeCheckinProjectTriggerLambda"],
    },
    Sample {
        path: "aws-samples/third-party-git/deploy-codepipeline.yaml",
        seeds: &["aws-samples/mlops-shadow-deployment/seedcode/deploy"],
        style: "CodeBuild check-in (CodeConnections)",
        repositories: &[("model-deploy", "aws-samples/mlops-shadow-deployment/seedcode/deploy")],
        git: ANY_CONNECTION,
        removed: &["GitSeedCodeCheckinProject", "GitSeedCodeCheckinProjectTriggerLambda"],
    },
    Sample {
        path: "aws-samples/third-party-git/build-train-deploy-jenkins.yaml",
        seeds: &["aws-samples/mlops-shadow-deployment/seedcode/build", "aws-samples/mlops-shadow-deployment/seedcode/deploy"],
        style: "CodeBuild check-in (CodeConnections)",
        repositories: &[("model-build", "aws-samples/mlops-shadow-deployment/seedcode/build"), ("model-deploy", "aws-samples/mlops-shadow-deployment/seedcode/deploy")],
        git: ANY_CONNECTION,
        removed: CHECKIN,
    },
    Sample {
        path: "aws-samples/third-party-git/build-train-deploy-monitor-codepipeline.yaml",
        seeds: &[
            "aws-samples/mlops-shadow-deployment/seedcode/build",
            "aws-samples/mlops-shadow-deployment/seedcode/deploy",
            "aws-samples/serverless-inf/seedcode/build",
        ],
        style: "CodeBuild check-in (CodeConnections)",
        repositories: &[
            ("model-build", "aws-samples/mlops-shadow-deployment/seedcode/build"),
            ("model-deploy", "aws-samples/mlops-shadow-deployment/seedcode/deploy"),
            ("model-monitor", "aws-samples/serverless-inf/seedcode/build"),
        ],
        git: ANY_CONNECTION,
        removed: CHECKIN,
    },
    Sample {
        path: "aws-samples/mlops-template-gitlab",
        seeds: &[],
        style: "seeding Lambda function",
        repositories: &[
            ("model-build", "aws-samples/mlops-template-gitlab/seedcode/mlops-gitlab-project-seedcode-model-build"),
            ("model-deploy", "aws-samples/mlops-template-gitlab/seedcode/mlops-gitlab-project-seedcode-model-deploy"),
        ],
        git: "  git:\n    providers: [gitlab, gitlab-self-managed]\n",
        removed: &["GitSeedCodeCheckinLambda", "SageMakerSeedCodeCheckinLambdaInvoker"],
    },
    Sample {
        path: "aws-samples/mlops-template-bitbucket",
        seeds: &[],
        style: "seeding Lambda function",
        repositories: &[
            ("model-build", "aws-samples/mlops-template-bitbucket/seedcode/mlops-bitbucket-project-seedcode-model-build"),
            ("model-deploy", "aws-samples/mlops-template-bitbucket/seedcode/mlops-bitbucket-project-seedcode-model-deploy"),
        ],
        git: "  git:\n    providers: [bitbucket]\n",
        removed: &["GitSeedCodeCheckinLambda", "SageMakerSeedCodeCheckinLambdaInvoker"],
    },
    Sample {
        path: "aws-samples/s3-mlops-github-actions",
        seeds: &[],
        style: "seed folder, no seeding",
        repositories: &[("repository", "aws-samples/s3-mlops-github-actions/seedcode")],
        git: "  git:\n    providers: [github, github-enterprise]\n",
        removed: &[],
    },
    Sample {
        path: "aws-samples/mlops-sagemaker-github-actions",
        seeds: &[],
        style: "seed folder, no seeding",
        repositories: &[("repository", "aws-samples/mlops-sagemaker-github-actions/seedcode")],
        git: "  git:\n    providers: [github, github-enterprise]\n",
        removed: &[],
    },
    Sample {
        path: "codestar-github",
        seeds: &[],
        style: "CodeStar GitHubRepository `Code.S3`",
        repositories: &[("model-build", "codestar-github/seedcode")],
        git: "  git:\n    providers: [github]\n",
        removed: &["ModelBuildRepo"],
    },
    Sample {
        path: "aws-samples/multi-model-trainining-batch-inference-pipeline",
        seeds: &[
            "aws-samples/multi-model-trainining-batch-inference-pipeline/seedcode/ml-build-train",
            "aws-samples/multi-model-trainining-batch-inference-pipeline/seedcode/ml-batch-inference",
        ],
        style: "CodeCommit `Code.S3`",
        repositories: &[
            ("model-build", "aws-samples/multi-model-trainining-batch-inference-pipeline/seedcode/ml-build-train"),
            ("model-deploy", "aws-samples/multi-model-trainining-batch-inference-pipeline/seedcode/ml-batch-inference"),
        ],
        git: "  git:\n    providers: [codecommit]\n",
        removed: &[],
    },
];

#[test]
fn every_seeding_style_imports_lints_publishes_and_renders_every_seed_file_back() {
    for s in SAMPLES {
        let sb = Sandbox::new();
        let mut cmd = sb.jig();
        cmd.args(["init", "bp", "--from-sagemaker"])
            .arg(fixture(s.path));
        for seed in s.seeds {
            cmd.arg("--seed").arg(fixture(seed));
        }
        let out = cmd.output().unwrap();
        let name = s.path;
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "({} repositories, {})",
                s.repositories.len(),
                s.style
            )),
            "{name}: {err}"
        );
        let bp = sb.path().join("bp");
        assert_lints_clean(&sb, &bp);
        let manifest = read(&bp.join("blueprint.yaml"));
        assert!(manifest.contains(s.git), "{name}: {manifest}");
        let product = read(&bp.join("product.yaml"));
        for id in s.removed {
            assert!(!product.contains(&format!("{id}:")), "{name}: {id} is gone");
            assert!(
                read(&bp.join("IMPORT.md")).contains(&format!("resource {id}: ")),
                "{name}: IMPORT.md names {id}"
            );
        }
        assert!(!product.contains("SEEDCODE_BUCKET_KEY"), "{name}");

        // Every provider the blueprint lists: Service Catalog and Studio S3 dry runs, and no
        // cfn-lint finding the sample's own template does not have.
        let theirs = super::sagemaker_import::cfn_lint_codes(&template_of(&fixture(s.path)));
        let providers = listed_providers(&manifest);
        assert!(!providers.is_empty(), "{name}: {manifest}");
        // The next command the import names is one that publishes this product.
        let next = match providers.iter().any(|p| p == "codecommit") {
            true => "--dry-run`".to_string(),
            false => format!(
                "--dry-run --git-provider {} --git-owner OWNER`",
                providers[0]
            ),
        };
        assert!(
            err.contains(&format!("then `jig publish bp --service-catalog {next}")),
            "{name}: {err}"
        );
        for provider in &providers {
            // A self-managed server's host is the config file's (the flag names the provider).
            let config = match provider.as_str() {
                "github-enterprise" | "gitlab-self-managed" => format!(
                    "catalog:\n  repository:\n    provider: {provider}\n    host: git.acme.io\n"
                ),
                _ => String::new(),
            };
            write(&sb.path().join("config/jig/config.yaml"), config.as_bytes());
            let owner = if provider.starts_with("gitlab") {
                "acme/ml"
            } else {
                "acme"
            };
            let mut flags = vec!["--git-provider", provider.as_str()];
            if provider != "codecommit" {
                flags.extend(["--git-owner", owner]);
            }
            let out_dir = format!("sc-{provider}");
            let (_, template) = dry_run(&sb, &bp, &out_dir, &flags);
            let resources = &template["Resources"];
            assert!(resources.get("JigSeed").is_some(), "{name} {provider}");
            let urls = resources["JigSeed"]["Properties"]["CloneUrls"]
                .as_mapping()
                .map_or(0, |m| m.len());
            assert_eq!(
                urls,
                s.repositories.len(),
                "{name} {provider}: a clone URL per repository"
            );
            let ours = super::sagemaker_import::cfn_lint_codes(
                &sb.path().join(&out_dir).join("template.yaml"),
            );
            let extra: Vec<&String> = ours.difference(&theirs).collect();
            assert!(
                extra.is_empty(),
                "{name} {provider}: cfn-lint finds {ours:?}, the sample {theirs:?}"
            );
            let studio = sb
                .jig()
                .args(["publish", "bp", "--studio-s3", "--dry-run", "--allow-dirty"])
                .args(["--out", &format!("s3-{provider}")])
                .args(&flags)
                .output()
                .unwrap();
            assert_eq!(
                studio.status.code(),
                Some(0),
                "{name} {provider}: {}",
                stderr(&studio)
            );
            assert_eq!(
                template["Parameters"].get("JigRepositoryOwner").is_some(),
                provider != "codecommit",
                "{name} {provider}"
            );
        }

        let made = sb
            .jig()
            .args(["new", "bp", "--defaults", "-o", "made"])
            .output()
            .unwrap();
        assert_eq!(made.status.code(), Some(0), "{name}: {}", stderr(&made));
        for (repo, seed) in s.repositories {
            let want = whole(&fixture(seed));
            let got = whole(&sb.path().join("made").join(format!("bp-{repo}")));
            assert_eq!(
                want.iter().map(|f| &f.0).collect::<Vec<_>>(),
                got.iter().map(|f| &f.0).collect::<Vec<_>>(),
                "{name} {repo}"
            );
            assert!(want == got, "{name} {repo}: same bytes, modes and links");
        }
    }
}

/// `catalog.git.providers` of a blueprint.yaml.
fn listed_providers(manifest: &str) -> Vec<String> {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(manifest).unwrap();
    doc["catalog"]["git"]["providers"]
        .as_sequence()
        .map(|p| {
            p.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The sample's product template.
fn template_of(sample: &Path) -> PathBuf {
    if sample.is_file() {
        return sample.to_path_buf();
    }
    [
        "project/template.yaml",
        "project/template.yml",
        "template.yaml",
    ]
    .iter()
    .map(|c| sample.join(c))
    .find(|p| p.is_file())
    .expect("a product template")
}

/// `path` of `value`, as YAML text.
fn at(value: &serde_yaml_ng::Value, path: &[&str]) -> String {
    let mut v = value;
    for key in path {
        v = &v[*key];
    }
    serde_yaml_ng::to_string(v).unwrap().trim().to_string()
}

#[test]
fn what_referred_to_the_samples_seeding_names_jigs_seed_and_parameters() {
    let sb = Sandbox::new();
    let seed = |s: &str| fixture(&format!("aws-samples/mlops-shadow-deployment/seedcode/{s}"));
    let out = sb
        .jig()
        .args(["init", "checkin", "--from-sagemaker"])
        .arg(fixture(
            "aws-samples/third-party-git/build-train-deploy-codepipeline.yaml",
        ))
        .arg("--seed")
        .arg(seed("build"))
        .arg("--seed")
        .arg(seed("deploy"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let product: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(&sb.path().join("checkin/product.yaml"))).unwrap();
    let r = |id: &str, path: &[&str]| at(&product["Resources"][id], path);
    assert_eq!(
        r(
            "ModelBuildSagemakerCodeRepository",
            &["Properties", "GitConfig", "RepositoryUrl"]
        ),
        "!GetAtt JigSeed.CloneUrlModelBuild"
    );
    let source = &product["Resources"]["ModelBuildPipeline"]["Properties"]["Stages"][0]["Actions"]
        [0]["Configuration"];
    assert_eq!(
        at(source, &["FullRepositoryId"]),
        "!Sub ${JigRepositoryOwner}/${JigRepositoryNameModelBuild}"
    );
    assert_eq!(at(source, &["ConnectionArn"]), "!Sub ${CodeConnectionArn}");
    let params = &product["Parameters"];
    assert!(
        params.get("CodeConnectionArn").is_some(),
        "the connection stays a launch parameter"
    );
    for gone in [
        "ModelBuildCodeRepositoryFullname",
        "ModelDeployCodeRepositoryFullname",
    ] {
        assert!(params.get(gone).is_none(), "{gone}");
        assert!(
            !read(&sb.path().join("checkin/product.yaml")).contains(gone),
            "{gone} nowhere"
        );
    }
    assert!(params.get("ModelBuildCodeRepositoryBranch").is_some());

    // CodeStar's `Ref` (owner/name) becomes jig's owner and name; its token and bucket go.
    let out = sb
        .jig()
        .args(["init", "codestar", "--from-sagemaker"])
        .arg(fixture("codestar-github"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = read(&sb.path().join("codestar/product.yaml"));
    let product: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(
        at(
            &product,
            &[
                "Resources",
                "ModelBuildCodeRepository",
                "Properties",
                "GitConfig",
                "RepositoryUrl"
            ]
        ),
        "!Sub https://github.com/${JigRepositoryOwner}/${JigRepositoryNameModelBuild}.git"
    );
    assert_eq!(
        at(&product, &["Outputs", "Repository", "Value"]),
        "!Sub ${JigRepositoryOwner}/${JigRepositoryNameModelBuild}"
    );
    for gone in [
        "secretsmanager",
        "SeedCodeBucket",
        "GitHubOwner",
        "ModelBuildRepositoryName",
    ] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
    let import = read(&sb.path().join("codestar/IMPORT.md"));
    assert!(
        import.contains("- parameter SeedCodeBucket: only the seeding taken out used it\n"),
        "{import}"
    );
    assert!(
        import.contains("with a personal access token (RepositoryAccessToken)"),
        "{import}"
    );
}

#[test]
fn a_seed_with_everything_jig_init_from_leaves_out_comes_back_whole() {
    let sb = Sandbox::new();
    let seed = sb.path().join("seed");
    let files = [
        "build/lib/model.py",
        "dist/model-0.1.tar.gz",
        ".ipynb_checkpoints/train-checkpoint.ipynb",
        "pipelines/__pycache__/run.cpython-312.pyc",
        ".DS_Store",
        ".env",
        "secret.txt",
        "deploy/app.py",
        "run.sh",
    ];
    for f in files {
        write(&seed.join(f), format!("{f}\n").as_bytes());
    }
    write(&seed.join(".gitignore"), b"secret.txt\nbuild/\n*.pyc\n");
    make_executable(&seed.join("run.sh"));
    std::os::unix::fs::symlink("deploy/app.py", seed.join("app.py")).unwrap();
    // A seed's own history is not seed code.
    write(&seed.join(".git/HEAD"), b"ref: refs/heads/main\n");
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(fixture("aws-samples/mlops-sagemaker-github-actions"))
        .arg("--seed")
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 file(s) its .gitignore names: written by `jig new`, left out of the first commit as git would"),
        "{}",
        stderr(&out)
    );
    let import = read(&sb.path().join("bp/IMPORT.md"));
    assert!(
        import.contains("names 3 file(s)") && import.contains("`repository/secret.txt`"),
        "{import}"
    );
    assert!(!sb.path().join("bp/repository/.git").exists());

    let made = sb
        .jig()
        .args(["new", "bp", "--defaults", "-o", "made"])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let dir = sb.path().join("made/bp-repository");
    let got = whole(&dir);
    let mut want = whole(&seed);
    assert_eq!(
        want.len(),
        files.len() + 2,
        "the seed as written, without .git"
    );
    assert_eq!(got, std::mem::take(&mut want));
    // The working tree holds every file; the first commit follows git's own rules.
    let committed = git(&dir, &["ls-files"]);
    for f in [
        "run.sh",
        "app.py",
        ".DS_Store",
        ".env",
        "dist/model-0.1.tar.gz",
    ] {
        assert!(
            committed.lines().any(|l| l == f),
            "{f} committed: {committed}"
        );
    }
    for f in [
        "secret.txt",
        "build/lib/model.py",
        "pipelines/__pycache__/run.cpython-312.pyc",
    ] {
        assert!(dir.join(f).is_file(), "{f} written");
        assert!(!committed.lines().any(|l| l == f), "{f} not committed");
    }
    assert_eq!(
        git(&dir, &["ls-files", "-s", "run.sh"]).split(' ').next(),
        Some("100755")
    );
    assert_eq!(
        git(&dir, &["ls-files", "-s", "app.py"]).split(' ').next(),
        Some("120000")
    );
}

#[test]
fn a_template_that_seeds_nothing_jig_knows_says_what_it_found_and_looked_for() {
    let sb = Sandbox::new();
    let lone = sb.path().join("lone/template.yaml");
    write(
        &lone,
        b"Parameters:\n  SageMakerProjectName: {Type: String}\n  SageMakerProjectId: {Type: String}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
    );
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(&lone)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: {} seeds no repository jig can tell: it has 1 resource types (AWS::S3::Bucket)\n  nothing was written\n  looked for:\n    an AWS::CodeCommit::Repository with `Code.S3` (a seed zip)\n    AWS's CodeBuild check-in through CodeConnections",
            lone.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "    no seeding, with a `seedcode/` folder beside the template for the team to push\n"
        ),
        "{err}"
    );
    assert!(err.ends_with("hint: if the sample keeps its seed code elsewhere, name it with --seed PATH (a folder or a zip), once per repository; docs/catalog.md lists what the import reads\n"), "{err}");
    assert!(!err.contains("needs no import"), "{err}");
    assert!(!sb.path().join("bp").exists());

    // AWS's check-in names AWS's own seed zips, which no sample holds.
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(fixture(
            "aws-samples/third-party-git/build-train-codepipeline.yaml",
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot find the seed code of SageMakerModelBuildSeedCodeCheckinProjectTriggerLambdaInvoker (`toolchain/model-building-workflow-v1.0.zip`)\n  looked for:\n"),
        "{err}"
    );
    assert!(err.contains("is a key of AWS's bucket sagemaker-servicecatalog-seedcode-<region>, which the sample does not hold"), "{err}");
    assert!(!sb.path().join("bp").exists());
}

/// The end of the loop for a sample whose own seeding was a GitLab Lambda function: published
/// for GitLab through a connection, the product's seed build (run here as CodeBuild would, on
/// bare repositories standing in for GitLab's) pushes each repository's seed code, whole but
/// for what the seed's own `.gitignore` keeps out of a commit, as its first commit on `main`.
#[test]
fn an_imported_gitlab_sample_seeds_both_repositories_through_the_connection() {
    let sb = Sandbox::new();
    let sample = fixture("aws-samples/mlops-template-gitlab");
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let arn = "arn:aws:codeconnections:us-east-1:111122223333:connection/0c1d";
    let (_, template) = dry_run(
        &sb,
        &sb.path().join("bp"),
        "build",
        &[
            "--git-provider",
            "gitlab",
            "--git-owner",
            "acme/ml",
            "--connection",
            arn,
        ],
    );
    for (repo, clone) in seeded_clones(&sb, &template, &["model-build", "model-deploy"]) {
        let seed = sample.join(format!("seedcode/mlops-gitlab-project-seedcode-{repo}"));
        // What git itself would commit of the seed: every file but those its ignore rules name.
        let work = sb.path().join(format!("check-{repo}"));
        let copied = std::process::Command::new("cp")
            .arg("-a")
            .arg(&seed)
            .arg(&work)
            .status()
            .unwrap();
        assert!(copied.success());
        git(&work, &["init", "-q"]);
        let ignored = git(
            &work,
            &["ls-files", "--others", "--ignored", "--exclude-standard"],
        );
        let want: Vec<(String, String)> = whole(&seed)
            .into_iter()
            .filter(|(path, _)| !ignored.lines().any(|i| i == path))
            .collect();
        assert!(!want.is_empty(), "{repo}");
        assert_eq!(
            whole(&clone),
            want,
            "{repo}: the seed code, as its first commit"
        );
        let committed = git(&clone, &["ls-files", ".jig"]);
        assert_eq!(
            committed.lines().count(),
            1,
            "{repo}: the answers file is committed: {committed}"
        );
    }
}

/// Runs the product's seed build, as CodeBuild would, on a bare repository per repository of
/// the blueprint; each one's clone (of `main`), which must hold exactly one commit.
pub(crate) fn seeded_clones(
    sb: &Sandbox,
    template: &serde_yaml_ng::Value,
    repos: &[&str],
) -> Vec<(String, PathBuf)> {
    let bares: Vec<(String, PathBuf)> = repos
        .iter()
        .map(|repo| {
            let bare = sb.path().join(format!("{repo}.git"));
            git(sb.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
            let var = format!(
                "JIG_REPOSITORY_URL_{}",
                repo.replace('-', "_").to_uppercase()
            );
            assert!(
                !super::catalog_seed::seed_var(template, &var).is_null(),
                "{var} is passed to the seed"
            );
            (var, bare)
        })
        .collect();
    let vars: Vec<(&str, &Path)> = bares
        .iter()
        .map(|(v, p)| (v.as_str(), p.as_path()))
        .collect();
    super::catalog_seed::run_seed_into(sb, template, &[], &vars);
    repos
        .iter()
        .zip(&bares)
        .map(|(repo, (_, bare))| {
            let clone = sb.path().join(format!("seeded-{repo}"));
            git(
                sb.path(),
                &[
                    "clone",
                    "-q",
                    "-b",
                    "main",
                    bare.to_str().unwrap(),
                    clone.to_str().unwrap(),
                ],
            );
            assert_eq!(
                git(&clone, &["rev-list", "--count", "HEAD"]).trim(),
                "1",
                "{repo}"
            );
            (repo.to_string(), clone)
        })
        .collect()
}

/// Ctrl-C while the imported blueprint is staged: exit 130, "nothing was written", and
/// neither the blueprint nor its staging directory is left (the next run must not be the one
/// that sweeps it).
#[test]
fn ctrl_c_while_importing_leaves_nothing() {
    let sb = Sandbox::new();
    let mut cmd = sb.jig_std();
    cmd.args(["init", "bp", "--from-sagemaker"]).arg(fixture(
        "aws-samples/third-party-git/build-train-deploy-monitor-codepipeline.yaml",
    ));
    for seed in [
        "aws-samples/mlops-shadow-deployment/seedcode/build",
        "aws-samples/mlops-shadow-deployment/seedcode/deploy",
        "aws-samples/serverless-inf/seedcode/build",
    ] {
        cmd.arg("--seed").arg(fixture(seed));
    }
    let staged = || {
        std::fs::read_dir(sb.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".jig-staging-"))
    };
    let child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !staged() && start.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(staged(), "the import stages the blueprint");
    // SAFETY: signals the jig process this test spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`jig init` was interrupted; nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(!staged(), "no staging directory is left");
    assert!(!sb.path().join("bp").exists());
}
