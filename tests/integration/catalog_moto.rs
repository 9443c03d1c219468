//! Publishing against moto (a local AWS from PyPI, started here on loopback): the S3 calls
//! end to end through the `jig` binary (`--studio-s3`), and the Service Catalog calls moto
//! implements (DescribePortfolio, CreateProduct) through jig's AWS client. The rest of the
//! Service Catalog flow, which no emulator implements, is covered by `aws::catalog_tests`.

use crate::common::*;
use jig::catalog::publish::{Api, NewArtifact, NewProduct, Put};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A moto server on a free loopback port, stopped on drop.
pub(crate) struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    pub(crate) fn start() -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin");
        let child = Command::new(venv.join("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server runs (scripts/test-deps installs it)");
        let moto = Moto { child, port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return moto;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("moto_server did not start on port {port}");
    }

    pub(crate) fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs Python with boto3 clients `s3`, `sc` and `cfn` on this server; returns its stdout.
    pub(crate) fn boto(&self, code: &str) -> String {
        let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
        let prelude = format!(
            "import boto3, json\nkw = dict(endpoint_url='{}', region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')\ns3 = boto3.client('s3', **kw)\nsc = boto3.client('servicecatalog', **kw)\ncfn = boto3.client('cloudformation', **kw)\n",
            self.endpoint()
        );
        let out = Command::new(venv)
            .args(["-c", &format!("{prelude}{code}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "boto3: {}", stderr(&out));
        stdout(&out).trim().to_string()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BUCKET: &str = "sagemaker-acme";

fn sandbox(moto: &Moto) -> Sandbox {
    let sb = Sandbox::new();
    // A small stand-in for the Linux jig the seed step downloads.
    write(&sb.path().join("seed-jig"), b"#!/bin/sh\necho jig\n");
    sb.write_config(&format!(
        "catalog:\n  bucket: {BUCKET}\n  region: us-east-1\n  endpoint_url: {}\n  jig_binary: {}\n",
        moto.endpoint(),
        sb.path().join("seed-jig").display()
    ));
    sb
}

fn publish(sb: &Sandbox, dir: &Path) -> std::process::Output {
    sb.jig()
        .arg("publish")
        .arg(dir)
        .args(["--studio-s3", "--format", "json"])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap()
}

#[test]
fn studio_s3_publish_against_moto_uploads_tags_and_is_idempotent() {
    let moto = Moto::start();
    moto.boto(&format!("s3.create_bucket(Bucket='{BUCKET}')"));
    let sb = sandbox(&moto);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/python-lib");

    let out = publish(&sb, &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(first["changed"], true);
    let keys = moto.boto(&format!(
        "print('\\n'.join(o['Key'] for o in s3.list_objects_v2(Bucket='{BUCKET}')['Contents']))"
    ));
    let keys: Vec<&str> = keys.lines().collect();
    assert!(
        keys.contains(&"jig/python-lib/1.0.0/template.yaml"),
        "{keys:?}"
    );
    assert!(
        keys.contains(&"jig/python-lib/1.0.0/registry/index.json"),
        "{keys:?}"
    );
    assert!(
        keys.contains(&"jig/python-lib/1.0.0/registry/python-lib/1.0.0/bundle.tar.gz"),
        "{keys:?}"
    );
    assert!(
        keys.iter()
            .any(|k| k.starts_with("jig/jig/") && k.ends_with("/jig")),
        "{keys:?}"
    );
    let tags = moto.boto(&format!(
        "print(json.dumps(s3.get_object_tagging(Bucket='{BUCKET}', Key='jig/python-lib/1.0.0/template.yaml')['TagSet']))"
    ));
    assert_eq!(
        tags,
        r#"[{"Key": "sagemaker:studio-visibility", "Value": "true"}]"#
    );
    let template = moto.boto(&format!(
        "print(s3.get_object(Bucket='{BUCKET}', Key='jig/python-lib/1.0.0/template.yaml')['Body'].read().decode())"
    ));
    assert!(template.contains("SageMakerProjectName"), "{template}");
    let instructions = first["report"]["instructions"].to_string();
    assert!(
        instructions.contains("CORS rule to bucket sagemaker-acme"),
        "{instructions}"
    );
    assert!(
        instructions
            .contains("sagemaker:projectS3TemplatesLocation,Value=s3://sagemaker-acme/jig/"),
        "{instructions}"
    );

    // With the CORS rule in place, a second run changes nothing and says so.
    moto.boto(&format!(
        "s3.put_bucket_cors(Bucket='{BUCKET}', CORSConfiguration={{'CORSRules': [{{'AllowedOrigins': ['https://*.sagemaker.aws'], 'AllowedMethods': ['POST', 'PUT', 'GET', 'HEAD', 'DELETE'], 'AllowedHeaders': ['*'], 'ExposeHeaders': ['ETag', 'x-amz-request-id']}}]}})"
    ));
    let out = publish(&sb, &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(second["changed"], false, "{second}");
    assert!(
        !second["report"]["instructions"]
            .to_string()
            .contains("CORS rule"),
        "{second}"
    );

    // The same version with other content is refused, and the published template is kept.
    let other = Sandbox::new();
    let copy = other.path().join("python-lib");
    copy_dir(&dir, &copy);
    write(&copy.join("template/README.md"), b"changed\n");
    let sb2 = sandbox(&moto);
    let out = publish(&sb2, &copy);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "python-lib 1.0.0 is already published at s3://sagemaker-acme/jig/python-lib/1.0.0/"
        ),
        "{err}"
    );
    assert!(err.contains("with different content"), "{err}");
    let after = moto.boto(&format!(
        "print(s3.get_object(Bucket='{BUCKET}', Key='jig/python-lib/1.0.0/template.yaml')['Body'].read().decode())"
    ));
    assert_eq!(after, template);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn service_catalog_calls_moto_implements_work_over_http() {
    let moto = Moto::start();
    moto.boto(&format!("s3.create_bucket(Bucket='{BUCKET}')"));
    let portfolio = moto.boto(
        "p = sc.create_portfolio(DisplayName='ML', ProviderName='Platform', IdempotencyToken='t1')['PortfolioDetail']\nprint(p['Id'] + ' ' + p['ARN'])",
    );
    let (id, arn) = portfolio.split_once(' ').unwrap();
    // jig's own client, with credentials from the environment as in production.
    std::env::set_var("AWS_ACCESS_KEY_ID", "test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    let mut api =
        jig::aws::catalog::Catalog::connect(Some("us-east-1"), Some(&moto.endpoint()), BUCKET)
            .unwrap();

    assert_eq!(api.portfolio_arn(id).unwrap(), arn);
    let url = api.template_url("jig/churn/1.0.0/template.yaml");
    assert_eq!(
        url,
        format!("{}/{BUCKET}/jig/churn/1.0.0/template.yaml", moto.endpoint())
    );

    assert_eq!(
        api.put_object("jig/churn/1.0.0/template.yaml", b"T1", &[])
            .unwrap(),
        Put::Created
    );
    assert_eq!(
        api.put_object("jig/churn/1.0.0/template.yaml", b"T1", &[])
            .unwrap(),
        Put::Same
    );
    assert_eq!(
        api.put_object("jig/churn/1.0.0/template.yaml", b"T2", &[])
            .unwrap(),
        Put::Different
    );
    assert_eq!(
        api.get_object("jig/churn/1.0.0/template.yaml")
            .unwrap()
            .as_deref(),
        Some(&b"T1"[..])
    );
    assert_eq!(
        api.get_object("jig/churn/9.9.9/template.yaml").unwrap(),
        None
    );

    assert!(!api.studio_cors().unwrap());
    // A rule for Studio's origin that allows GET only falls short of what AWS documents.
    moto.boto(&format!(
        "s3.put_bucket_cors(Bucket='{BUCKET}', CORSConfiguration={{'CORSRules': [{{'AllowedOrigins': ['https://*.sagemaker.aws'], 'AllowedMethods': ['GET']}}]}})"
    ));
    assert!(!api.studio_cors().unwrap());
    moto.boto(&format!(
        "s3.put_bucket_cors(Bucket='{BUCKET}', CORSConfiguration={{'CORSRules': [{{'AllowedOrigins': ['https://*.sagemaker.aws'], 'AllowedMethods': ['POST', 'PUT', 'GET', 'HEAD', 'DELETE'], 'AllowedHeaders': ['*'], 'ExposeHeaders': ['ETag', 'x-amz-request-id']}}]}})"
    ));
    assert!(api.studio_cors().unwrap());

    let product = NewProduct {
        name: "churn".into(),
        owner: "ML Platform".into(),
        description: "Churn models".into(),
        tags: vec![("sagemaker:studio-visibility".into(), "true".into())],
        artifact: NewArtifact {
            name: "1.0.0".into(),
            description: "First".into(),
            template_url: url,
            token: jig::catalog::token(&["artifact", "churn", "1.0.0"]),
        },
        token: jig::catalog::token(&["product", "churn", "1.0.0"]),
    };
    let (product_id, _) = api.create_product(&product).unwrap();
    assert!(!product_id.is_empty());
    let described = moto.boto(&format!(
        "s = sc.describe_product(Id='{product_id}')['ProductViewSummary']\nprint(s['Name'] + '|' + s['Owner'])"
    ));
    assert_eq!(described, "churn|ML Platform");
}

/// `--set-cors` adds Studio's rule to the bucket, replacing a GET-only rule for Studio's origin
/// and keeping the bucket's other rules, and the next publish finds it (nothing left to do, no
/// CORS instruction).
#[test]
fn set_cors_adds_studios_rule_and_keeps_the_buckets_own() {
    let moto = Moto::start();
    moto.boto(&format!("s3.create_bucket(Bucket='{BUCKET}')"));
    moto.boto(&format!(
        "s3.put_bucket_cors(Bucket='{BUCKET}', CORSConfiguration={{'CORSRules': [{{'AllowedOrigins': ['https://app.acme.io'], 'AllowedMethods': ['PUT']}}, {{'AllowedOrigins': ['https://*.sagemaker.aws'], 'AllowedMethods': ['GET']}}]}})"
    ));
    let sb = sandbox(&moto);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/python-lib");
    let run = || {
        sb.jig()
            .arg("publish")
            .arg(&dir)
            .args(["--studio-s3", "--set-cors", "--format", "json"])
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = first["report"]["steps"].to_string();
    assert!(
        steps.contains("bucket sagemaker-acme allows Studio (CORS rule added)"),
        "{steps}"
    );
    assert!(
        !first["report"]["instructions"].to_string().contains("CORS"),
        "{}",
        first["report"]["instructions"]
    );
    let rules = moto.boto(&format!(
        "print(json.dumps([(r['AllowedOrigins'], r['AllowedMethods']) for r in s3.get_bucket_cors(Bucket='{BUCKET}')['CORSRules']]))"
    ));
    assert_eq!(
        rules,
        r#"[[["https://app.acme.io"], ["PUT"]], [["https://*.sagemaker.aws"], ["POST", "PUT", "GET", "HEAD", "DELETE"]]]"#
    );
    let exposed = moto.boto(&format!(
        "print(json.dumps(s3.get_bucket_cors(Bucket='{BUCKET}')['CORSRules'][1]['ExposeHeaders']))"
    ));
    assert_eq!(
        exposed,
        r#"["ETag", "x-amz-delete-marker", "x-amz-id-2", "x-amz-request-id", "x-amz-server-side-encryption", "x-amz-version-id"]"#
    );

    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        second["report"]["steps"]
            .to_string()
            .contains("bucket sagemaker-acme allows Studio (CORS)\""),
        "{}",
        second["report"]["steps"]
    );
}
