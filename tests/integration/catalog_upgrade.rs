//! `jig catalog upgrade`, the real binary against moto's CloudFormation and S3 (real stacks,
//! real change sets computed from the templates) with SageMaker's project calls answered by a
//! loopback stand-in that forwards every other request to moto (moto implements no SageMaker
//! project call). Studio S3 template projects: the change set of the new version against each
//! running stack decides, a removed bucket stops that project, a second run moves nothing.

use super::catalog_moto::Moto;
use crate::common::*;
use crate::servers::HttpRequest;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

const BUCKET: &str = "sagemaker-acme";
const V1: &str = "Parameters:\n  Owner:\n    Type: String\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n  Queue:\n    Type: AWS::SQS::Queue\n";
/// V1 with a bucket the new version no longer has.
const V1_SCRATCH: &str = "Parameters:\n  Owner:\n    Type: String\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n  Queue:\n    Type: AWS::SQS::Queue\n  Scratch:\n    Type: AWS::S3::Bucket\n";
const V2: &str = "Parameters:\n  Owner:\n    Type: String\n  CiService:\n    Type: String\n    Default: codepipeline\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n  Queue:\n    Type: AWS::SQS::Queue\n  Alerts:\n    Type: AWS::SNS::Topic\n";

fn url(version: &str) -> String {
    format!("https://{BUCKET}.s3.us-east-1.amazonaws.com/jig/churn/{version}/template.yaml")
}

/// SageMaker's projects, and the requests this stand-in answered itself.
#[derive(Default)]
struct SageMaker {
    projects: Vec<Value>,
    log: Vec<String>,
    /// How many DescribeProject calls after an update still answer `UpdateInProgress`.
    slow: usize,
    pending: usize,
}

struct Account {
    port: u16,
    sagemaker: Arc<Mutex<SageMaker>>,
}

fn json_answer(v: Value) -> (u16, String) {
    (200, v.to_string())
}

fn sagemaker(target: &str, body: &Value, state: &Mutex<SageMaker>) -> (u16, String) {
    let mut s = state.lock().unwrap();
    s.log.push(format!("{target} {body}"));
    let name = body["ProjectName"].as_str().unwrap_or_default().to_string();
    match target {
        "SageMaker.ListProjects" => json_answer(
            json!({"ProjectSummaryList": s.projects.iter().map(|p| json!({
            "ProjectArn": p["ProjectArn"], "ProjectName": p["ProjectName"], "ProjectId": p["ProjectId"],
            "ProjectStatus": p["ProjectStatus"], "CreationTime": 1.7E9,
        })).collect::<Vec<_>>()}),
        ),
        "SageMaker.DescribeProject" => {
            let slow = s.pending > 0;
            s.pending = s.pending.saturating_sub(1);
            let mut p = s
                .projects
                .iter()
                .find(|p| p["ProjectName"] == name.as_str())
                .unwrap()
                .clone();
            if slow {
                p["ProjectStatus"] = json!("UpdateInProgress");
            }
            json_answer(p)
        }
        "SageMaker.UpdateProject" => {
            let update = &body["TemplateProvidersToUpdate"][0]["CfnTemplateProvider"];
            let p = s
                .projects
                .iter_mut()
                .find(|p| p["ProjectName"] == name.as_str())
                .unwrap();
            let detail = &mut p["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"];
            detail["TemplateURL"] = update["TemplateURL"].clone();
            detail["Parameters"] = update["Parameters"].clone();
            p["ProjectStatus"] = json!("UpdateCompleted");
            let arn = p["ProjectArn"].clone();
            s.pending = s.slow;
            json_answer(json!({"ProjectArn": arn}))
        }
        other => (
            400,
            json!({"__type": "UnknownOperationException", "message": other}).to_string(),
        ),
    }
}

/// Sends `request` to moto as it came, and its answer back.
fn forward(request: &HttpRequest, moto: u16, mut client: &TcpStream) -> std::io::Result<()> {
    let mut upstream = TcpStream::connect(("127.0.0.1", moto))?;
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
    for (k, v) in &request.headers {
        if !matches!(
            k.as_str(),
            "connection" | "transfer-encoding" | "content-length"
        ) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body.len()
    ));
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&request.body)?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    client.write_all(&answer)
}

fn serve(stream: TcpStream, moto: u16, state: &Mutex<SageMaker>) -> std::io::Result<()> {
    let request = HttpRequest::read(&stream)?;
    match request
        .header("x-amz-target")
        .filter(|t| t.starts_with("SageMaker."))
    {
        Some(target) => {
            let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
            let (status, body) = sagemaker(&target, &body, state);
            let mut stream = stream;
            write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
        None => forward(&request, moto, &stream),
    }
}

impl Account {
    fn start(moto: &Moto, projects: Vec<Value>) -> Account {
        let moto_port: u16 = moto.endpoint().rsplit(':').next().unwrap().parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let sagemaker = Arc::new(Mutex::new(SageMaker {
            projects,
            ..SageMaker::default()
        }));
        let shared = sagemaker.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, moto_port, &state);
                });
            }
        });
        Account { port, sagemaker }
    }

    fn jig(&self, sb: &Sandbox, args: &[&str]) -> std::process::Output {
        let mut all = vec!["catalog"];
        all.extend(args);
        self.jig_top(sb, &all)
    }

    /// Any jig command, with this account as its AWS endpoint.
    fn jig_top(&self, sb: &Sandbox, args: &[&str]) -> std::process::Output {
        super::catalog_projects::jig_at(sb, self.port, "us-east-1", args)
    }

    fn calls(&self, target: &str) -> Vec<String> {
        let s = self.sagemaker.lock().unwrap();
        s.log
            .iter()
            .filter(|l| l.starts_with(target))
            .cloned()
            .collect()
    }
}

fn project(name: &str, stack: &str, owner: &str) -> Value {
    json!({
        "ProjectArn": format!("arn:aws:sagemaker:us-east-1:123456789012:project/{name}"),
        "ProjectName": name, "ProjectId": format!("p-{name}"),
        "ProjectStatus": "CreateCompleted", "CreationTime": 1.7E9,
        "TemplateProviderDetails": [{"CfnTemplateProviderDetail": {
            "TemplateName": "churn", "TemplateURL": url("1.0.0"),
            "Parameters": [{"Key": "Owner", "Value": owner}],
            "StackDetail": {"Name": stack, "Id": stack},
        }}],
    })
}

/// moto with the bucket, both versions' templates and two running stacks.
fn account() -> (Moto, Account) {
    let moto = Moto::start();
    moto.boto(&format!(
        "s3.create_bucket(Bucket='{BUCKET}')\n\
         s3.put_object(Bucket='{BUCKET}', Key='jig/churn/1.0.0/template.yaml', Body={V1:?})\n\
         s3.put_object(Bucket='{BUCKET}', Key='jig/churn/2.0.0/template.yaml', Body={V2:?})\n\
         cfn.create_stack(StackName='stack-a', TemplateBody={V1:?}, Parameters=[dict(ParameterKey='Owner', ParameterValue='risk')])\n\
         cfn.create_stack(StackName='stack-b', TemplateBody={V1_SCRATCH:?}, Parameters=[dict(ParameterKey='Owner', ParameterValue='fraud')])\n"
    ));
    let account = Account::start(
        &moto,
        vec![
            project("churn-a", "stack-a", "risk"),
            project("churn-b", "stack-b", "fraud"),
        ],
    );
    (moto, account)
}

#[test]
fn an_upgrade_previews_with_real_change_sets_refuses_a_removed_bucket_and_is_idempotent() {
    let (moto, account) = account();
    let sb = Sandbox::new();

    let out = account.jig(&sb, &["upgrade", "--all", "--pretend"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(
        shown.contains(
            "churn-a  would upgrade 1.0.0 -> 2.0.0\n    Add     Alerts AWS::SNS::Topic\n"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("churn-b  refused: the change set to 2.0.0 loses Scratch (AWS::S3::Bucket) removed (pass --allow-replace to go on)"),
        "{shown}"
    );
    assert!(account.calls("SageMaker.UpdateProject").is_empty());
    let left = moto.boto(
        "print(len(cfn.list_change_sets(StackName='stack-a')['Summaries']) + len(cfn.list_change_sets(StackName='stack-b')['Summaries']))",
    );
    assert_eq!(left, "0", "the previews' change sets are deleted");

    let out = account.jig(&sb, &["upgrade", "churn-a", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let done: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(done[0]["outcome"]["outcome"], "upgraded");
    assert_eq!(done[0]["changes"][0]["logical_id"], "Alerts");
    let updates = account.calls("SageMaker.UpdateProject");
    assert_eq!(updates.len(), 1);
    let sent: Value = serde_json::from_str(updates[0].split_once(' ').unwrap().1).unwrap();
    assert_eq!(
        sent,
        json!({"ProjectName": "churn-a", "TemplateProvidersToUpdate": [{"CfnTemplateProvider": {
            "TemplateName": "churn", "TemplateURL": url("2.0.0"),
            "Parameters": [{"Key": "Owner", "Value": "risk"}]}}]})
    );

    let out = account.jig(&sb, &["projects"]);
    assert_eq!(
        out.status.code(),
        Some(10),
        "churn-b is still behind: {}",
        stderr(&out)
    );
    assert!(
        stdout(&out)
            .contains("churn-a  churn      studio-s3        2.0.0      2.0.0      up to date"),
        "{}",
        stdout(&out)
    );

    // Again: churn-a is left alone, churn-b refused again; nothing is updated.
    let out = account.jig(&sb, &["upgrade", "--all"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("churn-a  already at 2.0.0\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(account.calls("SageMaker.UpdateProject").len(), 1);
    assert!(
        stderr(&out).contains("2 project(s): 0 upgraded, 1 already at the target, 1 not"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_project_is_named_with_the_ones_there_are() {
    let (_moto, account) = account();
    let sb = Sandbox::new();
    let out = account.jig(&sb, &["upgrade", "churn-c"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "no SageMaker project `churn-c` was launched from a jig product or template here"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `churn-a`?"), "{err}");
    assert!(account.calls("SageMaker.UpdateProject").is_empty());
    let out = account.jig(&sb, &["upgrade"]);
    assert_eq!(out.status.code(), Some(2), "a project or --all is needed");
}

/// `jig fleet update --projects`: the same rollout moves the fleet's SageMaker projects, the
/// change set first; `--dry-run` only previews them.
#[test]
fn fleet_update_moves_the_projects_of_the_fleets_regions_too() {
    let (_moto, account) = account();
    let sb = Sandbox::new();
    let fleet = sb.path().join("fleet.yaml");
    write(&fleet, b"sagemaker:\n  - region: us-east-1\n");
    let fleet = fleet.to_str().unwrap();

    let out = account.jig_top(
        &sb,
        &[
            "fleet",
            "update",
            fleet,
            "--to",
            "^2",
            "--projects",
            "--dry-run",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "churn-b is refused: {}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("churn-a  would upgrade 1.0.0 -> 2.0.0\n"),
        "{}",
        stdout(&out)
    );
    assert!(account.calls("SageMaker.UpdateProject").is_empty());

    let out = account.jig_top(
        &sb,
        &[
            "fleet",
            "update",
            fleet,
            "--to",
            "2.0.0",
            "--projects",
            "--allow-replace",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let outcomes: Vec<&str> = report["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["outcome"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["upgraded", "upgraded"]);
    assert_eq!(account.calls("SageMaker.UpdateProject").len(), 2);

    let plain = sb.path().join("plain.yaml");
    write(&plain, b"repositories:\n  - ./nowhere\n");
    let out = account.jig_top(
        &sb,
        &[
            "fleet",
            "update",
            plain.to_str().unwrap(),
            "--to",
            "2.0.0",
            "--projects",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("names none"), "{}", stderr(&out));
    assert!(stderr(&out).contains("`sagemaker:`"), "{}", stderr(&out));
}

/// Ctrl-C while a project updates: that project finishes, no other starts, exit 130, and the
/// report says which were not started.
#[test]
fn ctrl_c_lets_the_project_under_way_finish_and_starts_no_other() {
    let (_moto, account) = account();
    account.sagemaker.lock().unwrap().slow = 3;
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "catalog:\n  bucket: {BUCKET}\n  region: us-east-1\n  endpoint_url: http://127.0.0.1:{}\n",
        account.port
    ));
    let child = sb
        .jig_std()
        .args(["catalog", "upgrade", "--all", "--allow-replace"])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the first project's update was asked for, interrupt while jig waits for it.
    let started = std::time::Instant::now();
    while account.calls("SageMaker.UpdateProject").is_empty() {
        assert!(started.elapsed().as_secs() < 60, "no update was asked for");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(
        shown.contains("churn-a  upgraded 1.0.0 -> 2.0.0"),
        "the one under way finished: {shown}"
    );
    assert!(shown.contains("churn-b  not started (stopped)"), "{shown}");
    assert_eq!(account.calls("SageMaker.UpdateProject").len(), 1);
    assert!(
        stderr(&out)
            .contains("interrupted: the projects marked `not started` were left as they were"),
        "{}",
        stderr(&out)
    );
}
