//! Local artifacts in a blueprint's CloudFormation packaged at publish, as `aws cloudformation
//! package` does: a function's code folder zipped deterministically, a nested stack's template
//! uploaded, both under content-addressed keys beside the version's template and written under
//! `--out` by a dry run; remote locations left alone; a path out of the template tree refused.

use crate::catalog::{cfn_lint, dry_run_output};
use crate::common::*;
use pretty_assertions::assert_eq;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn blueprint(sb: &Sandbox, resources: &str) -> PathBuf {
    let manifest = "name: pkg-demo\nversion: 1.0.0\ndescription: Packaging demo\nproject_dir: \"{{ project_slug }}\"\nquestions:\n  project_slug:\n    default: demo\ncatalog:\n  cloudformation: infra/cicd.yaml\nfiles:\n  exclude: [infra/]\n";
    let cfn = format!(
        "Parameters:\n  SageMakerProjectName:\n    Type: String\n  SageMakerProjectId:\n    Type: String\nResources:\n{resources}"
    );
    sb.blueprint(
        "pkg",
        &[
            ("blueprint.yaml", manifest),
            ("template/infra/cicd.yaml", &cfn),
            (
                "template/infra/lambda/seed/index.py",
                "def handler(event, context):\n    return 1\n",
            ),
            ("template/infra/lambda/seed/lib/util.py", "X = 1\n"),
            (
                "template/infra/nested/queue.yaml",
                "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n",
            ),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    )
}

const RESOURCES: &str = "  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/fn
      Code: lambda/seed
  Remote:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/fn
      Code:
        S3Bucket: elsewhere
        S3Key: code.zip
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/queue.yaml
";

/// A bucket (so the template lints) and the JSON summary.
const FLAGS: &[&str] = &["--bucket", "acme-ml", "--format", "json"];

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn local_code_and_nested_templates_are_packaged_beside_the_template() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb, RESOURCES);
    let out = dry_run_output(&sb, &bp, "out", FLAGS);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = sb.path().join("out/artifacts");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let zip_name = files.iter().find(|f| f.ends_with(".zip")).unwrap().clone();
    let nested_name = files
        .iter()
        .find(|f| f.ends_with(".template"))
        .unwrap()
        .clone();
    let zip_bytes = std::fs::read(dir.join(&zip_name)).unwrap();
    let nested = std::fs::read(dir.join(&nested_name)).unwrap();
    // Content-addressed: the key is the hash of what is uploaded.
    assert_eq!(zip_name, format!("{}.zip", sha(&zip_bytes)));
    assert_eq!(nested_name, format!("{}.template", sha(&nested)));
    assert_eq!(nested, b"Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip_bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(names, ["index.py", "lib/util.py"]);
    let mut index = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("index.py").unwrap(), &mut index).unwrap();
    assert_eq!(index, "def handler(event, context):\n    return 1\n");

    let key = |name: &str| format!("jig/pkg-demo/1.0.0/artifacts/{name}");
    let text = read(&sb.path().join("out/template.yaml"));
    assert!(
        text.contains(&format!(
            "      Code:\n        S3Bucket: acme-ml\n        S3Key: {}\n",
            key(&zip_name)
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "TemplateURL: !Sub https://acme-ml.s3.${{AWS::Region}}.${{AWS::URLSuffix}}/{}\n",
            key(&nested_name)
        )),
        "{text}"
    );
    assert!(
        text.contains("        S3Bucket: elsewhere\n        S3Key: code.zip\n"),
        "a remote location is left alone: {text}"
    );
    let puts: Vec<String> = summary["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["operation"] == "PutObject")
        .map(|c| c["parameters"]["Key"].as_str().unwrap().to_string())
        .filter(|k| k.contains("/artifacts/"))
        .collect();
    assert_eq!(puts.len(), 2, "{puts:?}");
    assert!(puts.contains(&key(&zip_name)) && puts.contains(&key(&nested_name)));
    cfn_lint(&sb.path().join("out/template.yaml"));

    // The same files give the same bytes and keys again.
    let again = dry_run_output(&sb, &bp, "again", FLAGS);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        std::fs::read(sb.path().join("again/artifacts").join(&zip_name)).unwrap(),
        zip_bytes
    );
}

#[test]
fn a_path_out_of_the_template_tree_is_refused() {
    let sb = Sandbox::new();
    write(&sb.path().join("secret/id_rsa"), b"key\n");
    let bp = blueprint(
        &sb,
        &RESOURCES.replace("Code: lambda/seed", "Code: ../../../../secret"),
    );
    let out = dry_run_output(&sb, &bp, "out", FLAGS);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: infra/cicd.yaml: cannot package `../../../../secret`: contains `..`, which would leave the destination\n\
         hint: paths in the CloudFormation (a function's Code, a nested stack's TemplateURL) are relative to its file and must stay inside the template tree\n"
    );
    assert!(!sb.path().join("out").exists(), "nothing is written");
}

#[test]
fn a_nested_templates_own_paths_are_packaged_too() {
    let sb = Sandbox::new();
    let bp = blueprint(&sb, RESOURCES);
    write(
        &bp.join("template/infra/nested/queue.yaml"),
        b"Resources:\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::111122223333:role/fn\n      Code: ../lambda/seed\n",
    );
    let out = dry_run_output(&sb, &bp, "out", FLAGS);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = sb.path().join("out/artifacts");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The nested template's folder is the one the top-level function uses: one zip.
    let zips: Vec<&String> = names.iter().filter(|n| n.ends_with(".zip")).collect();
    assert_eq!(zips.len(), 1, "{names:?}");
    let nested_name = names.iter().find(|n| n.ends_with(".template")).unwrap();
    let nested = read(&dir.join(nested_name));
    assert!(
        nested.contains(&format!(
            "Code:\n        S3Bucket: acme-ml\n        S3Key: jig/pkg-demo/1.0.0/artifacts/{}\n",
            zips[0]
        )),
        "{nested}"
    );
    assert_eq!(nested_name, &format!("{}.template", sha(nested.as_bytes())));
    cfn_lint(&dir.join(nested_name));
}
