//! `jig catalog projects`, the real binary and the real AWS SDK against a loopback stand-in
//! for the account that answers SageMaker, Service Catalog (both JSON over `X-Amz-Target`) and
//! S3 (`ListObjectsV2`, XML) as AWS does; every request is logged and checked. moto implements
//! none of SageMaker's project calls, so this stands in where it cannot.

use crate::common::*;
use crate::servers::HttpRequest;
use serde_json::{json, Value};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// The account: what each call answers, and the requests it got (`Target body`).
struct Account {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

const ARTIFACTS: &str = r#"{"ProvisioningArtifactDetails":[
  {"Id":"pa-1","Name":"1.0.0","Active":true,"Guidance":"DEFAULT","CreatedTime":1.7E9},
  {"Id":"pa-2","Name":"1.1.0","Active":true,"Guidance":"DEFAULT","CreatedTime":1.8E9}]}"#;

fn project(name: &str, status: &str, origin: Value) -> Value {
    let mut p = json!({
        "ProjectArn": format!("arn:aws:sagemaker:eu-west-1:111122223333:project/{name}"),
        "ProjectName": name,
        "ProjectId": format!("p-{name}"),
        "ProjectStatus": status,
        "CreationTime": 1.7E9,
    });
    p.as_object_mut()
        .unwrap()
        .extend(origin.as_object().unwrap().clone());
    p
}

fn answer(request: &HttpRequest, projects: &[Value]) -> (u16, String, String) {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let json = |v: Value| (200, "application/x-amz-json-1.1".to_string(), v.to_string());
    match request.header("x-amz-target").as_deref() {
        Some("SageMaker.ListProjects") => json(json!({
            "ProjectSummaryList": projects.iter().map(|p| {
                let mut s = p.clone();
                let s = s.as_object_mut().unwrap();
                s.retain(|k, _| ["ProjectArn", "ProjectName", "ProjectId", "ProjectStatus", "CreationTime"].contains(&k.as_str()));
                Value::Object(s.clone())
            }).collect::<Vec<_>>()
        })),
        Some("SageMaker.DescribeProject") if body["ProjectName"] == "forbidden" => (
            400,
            "application/x-amz-json-1.1".into(),
            json!({"__type": "AccessDeniedException", "message": "not authorized to perform sagemaker:DescribeProject"}).to_string(),
        ),
        Some("SageMaker.DescribeProject") => {
            let name = body["ProjectName"].as_str().unwrap_or_default();
            json(projects.iter().find(|p| p["ProjectName"] == name).unwrap().clone())
        }
        Some("AWS242ServiceCatalogService.DescribeProductAsAdmin") => {
            let tags = match body["Id"].as_str() {
                Some("prod-jig") => json!([{"Key": "jig:blueprint", "Value": "churn"}]),
                _ => json!([]),
            };
            json(json!({"ProductViewDetail": {"ProductViewSummary": {"ProductId": body["Id"]}}, "Tags": tags}))
        }
        Some("AWS242ServiceCatalogService.ListProvisioningArtifacts") => {
            json(serde_json::from_str(ARTIFACTS).unwrap())
        }
        None if request.target.contains("list-type=2") => {
            let keys = [
                "jig/churn/1.0.0/template.yaml",
                "jig/churn/1.0.0/registry/index.json",
                "jig/churn/1.1.0/template.yaml",
            ];
            let contents: String = keys
                .iter()
                .map(|k| format!("<Contents><Key>{k}</Key><Size>1</Size></Contents>"))
                .collect();
            let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>sagemaker-acme</Name><Prefix>jig/churn/</Prefix><KeyCount>3</KeyCount><IsTruncated>false</IsTruncated>{contents}</ListBucketResult>");
            (200, "application/xml".into(), xml)
        }
        other => (
            400,
            "application/x-amz-json-1.1".into(),
            json!({"__type": "UnknownOperationException", "message": format!("{other:?} {}", request.target)}).to_string(),
        ),
    }
}

fn serve(stream: TcpStream, projects: &[Value], log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let request = HttpRequest::read(&stream)?;
    let what = request
        .header("x-amz-target")
        .unwrap_or_else(|| format!("{} {}", request.method, request.target));
    log.lock().unwrap().push(
        format!("{what} {}", String::from_utf8_lossy(&request.body))
            .trim_end()
            .to_string(),
    );
    let (status, kind, body) = answer(&request, projects);
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

impl Account {
    fn start(projects: Vec<Value>) -> Account {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = log.clone();
        let projects = Arc::new(projects);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, projects) = (shared.clone(), projects.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &projects, &log);
                });
            }
        });
        Account { port, log }
    }

    fn jig(&self, sb: &Sandbox, args: &[&str]) -> std::process::Output {
        let mut all = vec!["catalog", "projects"];
        all.extend(args);
        self.run(sb, &all)
    }

    /// Any jig command, with the account as its AWS endpoint.
    fn run(&self, sb: &Sandbox, args: &[&str]) -> std::process::Output {
        jig_at(sb, self.port, "eu-west-1", args)
    }
}

/// `jig ARGS` with a loopback port as every AWS service's endpoint (bucket `sagemaker-acme`,
/// `region`), test credentials and no colour.
pub(crate) fn jig_at(sb: &Sandbox, port: u16, region: &str, args: &[&str]) -> std::process::Output {
    sb.write_config(&format!(
        "catalog:\n  bucket: sagemaker-acme\n  region: {region}\n  endpoint_url: http://127.0.0.1:{port}\n"
    ));
    sb.jig()
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn catalog(artifact: &str, product: &str) -> Value {
    json!({"ServiceCatalogProvisioningDetails": {"ProductId": product, "ProvisioningArtifactId": artifact}})
}

fn studio(version: &str) -> Value {
    let url = format!(
        "https://sagemaker-acme.s3.eu-west-1.amazonaws.com/jig/churn/{version}/template.yaml"
    );
    json!({"TemplateProviderDetails": [{"CfnTemplateProviderDetail": {"TemplateName": "churn", "TemplateURL": url}}]})
}

#[test]
fn projects_behind_their_blueprint_are_listed_and_the_exit_code_says_so() {
    let account = Account::start(vec![
        project("churn-a", "CreateCompleted", catalog("pa-1", "prod-jig")),
        project("churn-b", "UpdateCompleted", catalog("pa-2", "prod-jig")),
        project("studio-a", "CreateCompleted", studio("1.0.0")),
        project(
            "hand-made",
            "CreateCompleted",
            catalog("pa-9", "prod-other"),
        ),
    ]);
    let sb = Sandbox::new();
    let out = account.jig(&sb, &[]);
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "PROJECT   BLUEPRINT  TARGET           RUNNING    NEWEST     STATE\n\
         churn-a   churn      service-catalog  1.0.0      1.1.0      behind\n\
         churn-b   churn      service-catalog  1.1.0      1.1.0      up to date\n\
         studio-a  churn      studio-s3        1.0.0      1.1.0      behind\n"
    );
    assert!(
        stderr(&out).contains("Skipped 1 project(s) not launched from a jig product or template"),
        "{}",
        stderr(&out)
    );
    // Every request, in order: each product and template folder is looked up once.
    let log = account.log.lock().unwrap().clone();
    assert_eq!(
        log,
        [
            r#"SageMaker.ListProjects {"MaxResults":100}"#,
            r#"SageMaker.DescribeProject {"ProjectName":"churn-a"}"#,
            r#"SageMaker.DescribeProject {"ProjectName":"churn-b"}"#,
            r#"SageMaker.DescribeProject {"ProjectName":"studio-a"}"#,
            r#"SageMaker.DescribeProject {"ProjectName":"hand-made"}"#,
            r#"AWS242ServiceCatalogService.DescribeProductAsAdmin {"Id":"prod-jig"}"#,
            r#"AWS242ServiceCatalogService.ListProvisioningArtifacts {"ProductId":"prod-jig"}"#,
            "GET /sagemaker-acme/?list-type=2&prefix=jig%2Fchurn%2F",
            r#"AWS242ServiceCatalogService.DescribeProductAsAdmin {"Id":"prod-other"}"#,
        ]
    );
}

#[test]
fn json_for_ci_and_a_failed_update_exits_1() {
    let account = Account::start(vec![project(
        "churn-a",
        "UpdateFailed",
        catalog("pa-1", "prod-jig"),
    )]);
    let sb = Sandbox::new();
    let out = account.jig(&sb, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["projects"][0]["state"], "failed");
    assert_eq!(report["projects"][0]["status"], "UpdateFailed");
    assert_eq!(report["projects"][0]["running"], "1.0.0");
    assert_eq!(report["others"], 0);
}

#[test]
fn an_account_without_jig_projects_says_so_and_exits_0() {
    let account = Account::start(Vec::new());
    let sb = Sandbox::new();
    let out = account.jig(&sb, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("no SageMaker project was launched from a jig product or template")
    );
}

#[test]
fn a_refused_call_names_the_operation_and_the_permission_and_changes_nothing() {
    let account = Account::start(vec![project(
        "forbidden",
        "CreateCompleted",
        catalog("pa-1", "prod-jig"),
    )]);
    let sb = Sandbox::new();
    let out = account.jig(&sb, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: DescribeProject failed"), "{err}");
    assert!(
        err.contains("this command only reads: nothing was changed"),
        "{err}"
    );
    assert!(err.contains("sagemaker:DescribeProject"), "{err}");
    assert_eq!(stdout(&out), "");
}

/// A fleet file naming a region: `jig fleet status` shows its projects beside the repositories,
/// in the table, the JSON and the HTML report, and a project behind makes the fleet behind.
#[test]
fn fleet_status_shows_the_projects_of_the_fleets_regions() {
    let account = Account::start(vec![
        project("churn-a", "CreateCompleted", catalog("pa-1", "prod-jig")),
        project("churn-b", "UpdateCompleted", catalog("pa-2", "prod-jig")),
    ]);
    let sb = Sandbox::new();
    let fleet = sb.path().join("fleet.yaml");
    write(&fleet, b"sagemaker:\n  - region: eu-west-1\n");
    let out = account.run(&sb, &["fleet", "status", fleet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("SageMaker projects (2)\n    churn-a     churn 1.0.0 (service-catalog, eu-west-1)  behind (1.1.0 is out)\n    churn-b     churn 1.1.0 (service-catalog, eu-west-1)  up to date\n2 projects: 1 up to date, 1 behind"),
        "{table}"
    );
    let out = account.run(
        &sb,
        &[
            "fleet",
            "status",
            fleet.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["projects"][0]["project"], "churn-a");
    assert_eq!(report["projects"][0]["state"], "behind");
    assert_eq!(report["projects"][0]["region"], "eu-west-1");
    let html = sb.path().join("fleet.html");
    let out = account.run(
        &sb,
        &[
            "fleet",
            "status",
            fleet.to_str().unwrap(),
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr(&out));
    let page = read(&html);
    assert!(page.contains("<h2 id=\"projects\">SageMaker projects</h2>"));
    assert!(page.contains("<tr data-project=\"churn-a\" data-state=\"behind\"><td>churn-a</td><td>churn</td><td>1.0.0</td><td>1.1.0</td><td>service-catalog</td><td>eu-west-1</td><td class=\"behind\">behind</td></tr>"), "{page}");

    // A region jig cannot read is reported, not dropped; the fleet is then not all green.
    let broken = Account::start(vec![project(
        "forbidden",
        "CreateCompleted",
        catalog("pa-1", "prod-jig"),
    )]);
    let out = broken.run(&sb, &["fleet", "status", fleet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("could not read projects: eu-west-1: DescribeProject failed"),
        "{}",
        stdout(&out)
    );
}
