//! `jig init DEST --from-sagemaker SAMPLE` on six real samples of
//! aws-samples/sagemaker-custom-project-templates (copies under MIT-0 in
//! tests/fixtures/aws-samples): the blueprint lints clean with `--strict`, its product
//! template has no cfn-lint finding the sample's own does not have, every repository the
//! sample seeds is seeded, and `jig new` with the defaults gives back each seed tree byte for
//! byte. Plus the mistakes: a seed that cannot be found, the wrong number of `--seed`, a
//! template that is not a SageMaker one. (Every other seeding style: `sagemaker_styles`.)

use super::catalog::dry_run;
use crate::common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aws-samples")
        .join(name)
}

/// Each sample, with its repositories and the folder holding each one's seed code.
const SAMPLES: &[(&str, &[(&str, &str)])] = &[
    ("batch-inference", &[("model-deploy", "seedcode")]),
    ("multi-model-endpoint", &[("model-deploy", "seedcode")]),
    (
        "asynchronous-inference-endpoint",
        &[("model-deploy", "seedcode")],
    ),
    (
        "api-gateway-serverless",
        &[("model-deploy", "seedcode/deploy")],
    ),
    (
        "serverless-inf",
        &[
            ("model-build", "seedcode/build"),
            ("model-deploy", "seedcode/deploy"),
        ],
    ),
    (
        "mlops-shadow-deployment",
        &[
            ("model-build", "seedcode/build"),
            ("model-deploy", "seedcode/deploy"),
        ],
    ),
];

/// The rule codes cfn-lint reports for `template` (errors and warnings).
pub(crate) fn cfn_lint_codes(template: &Path) -> BTreeSet<String> {
    let out = std::process::Command::new("cfn-lint")
        .arg(template)
        .env("PATH", test_path())
        .output()
        .expect("cfn-lint runs (scripts/test-deps installs it)");
    let codes = stdout(&out)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.len() == 5 && (w.starts_with('E') || w.starts_with('W')))
        .map(str::to_string)
        .collect();
    codes
}

/// The files of `dir` (not `.git`, not `.jig`), with their bytes and exec bit.
fn files(dir: &Path) -> Vec<(String, Vec<u8>, bool)> {
    use std::os::unix::fs::PermissionsExt;
    tree(dir)
        .into_iter()
        .filter(|f| !f.ends_with('/') && !f.starts_with(".jig/"))
        .map(|f| {
            let path = dir.join(&f);
            let exec = std::fs::metadata(&path).unwrap().permissions().mode() & 0o111 != 0;
            (f, std::fs::read(&path).unwrap(), exec)
        })
        .collect()
}

#[test]
fn six_real_samples_import_lint_publish_and_render_back_byte_for_byte() {
    for (name, repositories) in SAMPLES {
        let sb = Sandbox::new();
        let from = sample(name);
        let out = sb
            .jig()
            .args(["init", "bp", "--from-sagemaker"])
            .arg(&from)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "Created blueprint `bp` in bp from project/template.yaml ({} repositories, CodeCommit `Code.S3`)",
                repositories.len()
            )),
            "{name}: {err}"
        );
        let bp = sb.path().join("bp");

        assert_lints_clean(&sb, &bp);

        // The product seeds each repository; no seed zip is left in it.
        let (_, template) = dry_run(&sb, &bp, "build", &[]);
        let product = read(&sb.path().join("build/template.yaml"));
        assert!(!product.contains("AWSDEFAULT___"), "{name}: {product}");
        for (repo, _) in *repositories {
            let var = format!(
                "JIG_REPOSITORY_URL_{}",
                repo.to_uppercase().replace('-', "_")
            );
            assert!(
                !super::catalog_seed::seed_var(&template, &var).is_null(),
                "{name}: {var}"
            );
            assert!(read(&bp.join("IMPORT.md")).contains(&format!("| `{repo}` |")));
        }
        let ours = cfn_lint_codes(&sb.path().join("build/template.yaml"));
        let theirs = cfn_lint_codes(&from.join("project/template.yaml"));
        assert!(
            ours.is_subset(&theirs),
            "{name}: cfn-lint finds {ours:?} in the product, {theirs:?} in the sample"
        );
        let studio = sb
            .jig()
            .args([
                "publish",
                "bp",
                "--studio-s3",
                "--dry-run",
                "--out",
                "s3",
                "--allow-dirty",
            ])
            .output()
            .unwrap();
        assert_eq!(studio.status.code(), Some(0), "{name}: {}", stderr(&studio));

        // `jig new` with the defaults gives back every seed tree.
        let made = sb
            .jig()
            .args(["new", "bp", "--defaults", "-o", "made"])
            .output()
            .unwrap();
        assert_eq!(made.status.code(), Some(0), "{name}: {}", stderr(&made));
        for (repo, seed) in *repositories {
            let dir = sb.path().join("made").join(format!("bp-{repo}"));
            let (want, got) = (files(&from.join(seed)), files(&dir));
            assert_eq!(
                want.iter().map(|f| &f.0).collect::<Vec<_>>(),
                got.iter().map(|f| &f.0).collect::<Vec<_>>(),
                "{name} {repo}"
            );
            assert!(want == got, "{name} {repo}: same bytes and modes");
        }
    }
}

#[test]
fn seed_code_named_by_hand_from_a_zip_and_the_mistakes_a_new_user_makes() {
    let sb = Sandbox::new();
    let from = sample("api-gateway-serverless");
    // The template alone, away from its seed code: jig says where it looked.
    let lone = sb.path().join("lone/project/template.yaml");
    write(&lone, read(&from.join("project/template.yaml")).as_bytes());
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(&lone)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot find the seed code of ModelDeployCodeCommitRepository (`AWSDEFAULT___PROJECT_NAME___/seedcode/api-gateway-serverless-deploy.zip`)\n  looked for:\n    seedcode/api-gateway-serverless-deploy/\n    seedcode/api-gateway-serverless-deploy.zip\n"),
        "{err}"
    );
    assert!(
        err.ends_with("hint: name it with --seed PATH (a folder or a zip), once per repository in the template's order\n"),
        "{err}"
    );
    assert!(!sb.path().join("bp").exists());

    // Named with --seed, as a zip the way the sample's tooling uploads it.
    let zip = sb.path().join("deploy.zip");
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])",
        ])
        .arg(sb.path().join("deploy"))
        .arg(from.join("seedcode/deploy"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(&lone)
        .arg("--seed")
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let made = sb
        .jig()
        .args(["new", "bp", "--defaults", "-o", "made"])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let got = files(&sb.path().join("made/bp-model-deploy"));
    let want = files(&from.join("seedcode/deploy"));
    assert_eq!(
        got.iter().map(|f| (&f.0, &f.1)).collect::<Vec<_>>(),
        want.iter().map(|f| (&f.0, &f.1)).collect::<Vec<_>>()
    );

    // A --seed that is not there is named before anything else.
    let out = sb
        .jig()
        .args(["init", "gone", "--from-sagemaker"])
        .arg(&lone)
        .args(["--seed", "missing.zip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot read the --seed missing.zip: no such folder or zip\n  nothing was written\n"
    );
    assert!(!sb.path().join("gone").exists());

    // One --seed for two repositories.
    let out = sb
        .jig()
        .args(["init", "two", "--from-sagemaker"])
        .arg(sample("serverless-inf"))
        .arg("--seed")
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 1 --seed given for 2 repositories (ModelBuildCodeCommitRepository, ModelDeployCodeCommitRepository)\n  nothing was written\nhint: give one --seed per repository, in the order listed, or none to let jig find them\n"
    );

    // A blueprint is not a SageMaker project template.
    let out = sb
        .jig()
        .args(["init", "three", "--from-sagemaker"])
        .arg(super::catalog::blueprint_dir("python-lib"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a SageMaker project template: it has none of project/template.yaml, project/template.yml, template.yaml, template.yml"),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("three").exists());
}

#[test]
fn the_imported_product_seeds_both_repositories_like_jig_new() {
    let sb = Sandbox::new();
    let from = sample("serverless-inf");
    let out = sb
        .jig()
        .args(["init", "bp", "--from-sagemaker"])
        .arg(&from)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, template) = dry_run(&sb, &sb.path().join("bp"), "build", &[]);
    let resources = &template["Resources"];
    for id in [
        "ModelBuildCodeCommitRepository",
        "ModelDeployCodeCommitRepository",
    ] {
        assert!(resources[id]["Properties"].get("Code").is_none(), "{id}");
    }
    assert!(
        resources.get("JigRepository").is_none(),
        "the sample's own repositories are seeded"
    );
    let getatt = |id: &str| {
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&format!("!GetAtt {id}.CloneUrlHttp"))
            .unwrap()
    };
    assert_eq!(
        super::catalog_seed::seed_var(&template, "JIG_REPOSITORY_URL_MODEL_BUILD"),
        getatt("ModelBuildCodeCommitRepository")
    );
    assert_eq!(
        super::catalog_seed::seed_var(&template, "JIG_REPOSITORY_URL_MODEL_DEPLOY"),
        getatt("ModelDeployCodeCommitRepository")
    );

    // The seed build, run as CodeBuild would, on bare repositories standing in for the two
    // CodeCommit repositories: each gets its seed code, whole, as the first commit of `main`.
    let clones =
        super::sagemaker_styles::seeded_clones(&sb, &template, &["model-build", "model-deploy"]);
    for ((_, clone), seed) in clones.iter().zip(["build", "deploy"]) {
        assert_eq!(
            super::sagemaker_styles::whole(clone),
            super::sagemaker_styles::whole(&from.join("seedcode").join(seed)),
            "{seed}"
        );
    }
}
