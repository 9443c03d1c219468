//! A fake SageMaker Unified Studio (DataZone) domain at the HTTP level: the real DataZone
//! client sends its real requests (REST paths, query strings, JSON bodies) to a function that
//! routes them by method and path, keeps what they create as the JSON they sent, and answers
//! as DataZone does (201 for creates, 404 `ResourceNotFoundException`). Every request is kept,
//! so a test sees exactly what went on the wire.

use serde_json::{json, Value as Json};
use std::sync::{Arc, Mutex};

pub(crate) const DOMAIN: &str = "dzd_abc123";
pub(crate) const ACCOUNT: &str = "111122223333";
pub(crate) const ROOT_UNIT: &str = "root-unit-1";
pub(crate) const TOOLING_ID: &str = "managed-tooling-1";

/// One request as it went on the wire.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) body: Json,
}

#[derive(Default)]
pub(crate) struct Domain {
    pub(crate) blueprints: Vec<Json>,
    pub(crate) configurations: Vec<(String, Json)>,
    /// (entity type, entity id, policy type, grant member).
    pub(crate) grants: Vec<(String, String, String, Json)>,
    pub(crate) profiles: Vec<Json>,
    /// The domain has AWS's managed Tooling blueprint.
    pub(crate) managed_tooling: bool,
    pub(crate) sent: Vec<Sent>,
    next: u32,
}

pub(crate) type D = Arc<Mutex<Domain>>;

pub(crate) fn domain() -> D {
    Arc::new(Mutex::new(Domain {
        managed_tooling: true,
        ..Domain::default()
    }))
}

impl Domain {
    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }
    /// The operations sent, as `METHOD /path`, without the domain prefix.
    pub(crate) fn calls(&self) -> Vec<String> {
        let prefix = format!("/v2/domains/{DOMAIN}");
        self.sent
            .iter()
            .map(|s| {
                let path = s.path.strip_prefix(&prefix).unwrap_or(&s.path);
                format!("{} {}", s.method, if path.is_empty() { "/" } else { path })
            })
            .collect()
    }
    /// The requests that change something.
    pub(crate) fn writes(&self) -> Vec<&Sent> {
        self.sent.iter().filter(|s| s.method != "GET").collect()
    }
}

fn respond(status: u16, body: Json) -> http::Response<String> {
    let mut r = http::Response::builder()
        .status(status)
        .header("content-type", "application/json");
    if status == 404 {
        r = r.header("x-amzn-errortype", "ResourceNotFoundException");
    }
    r.body(body.to_string()).expect("response")
}

fn not_found(what: &str) -> http::Response<String> {
    respond(404, json!({"message": format!("{what} not found")}))
}

fn query_value(query: &str, key: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// The DataZone client over the fake domain.
pub(crate) fn client(d: &D) -> aws_sdk_datazone::Client {
    let d = d.clone();
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |req| {
        let sent = Sent {
            method: req.method().to_string(),
            path: req.uri().path().to_string(),
            query: req.uri().query().unwrap_or_default().to_string(),
            body: req
                .body()
                .bytes()
                .filter(|b| !b.is_empty())
                .and_then(|b| serde_json::from_slice(b).ok())
                .unwrap_or(Json::Null),
        };
        let mut dom = d.lock().unwrap();
        dom.sent.push(sent.clone());
        serve(&mut dom, &sent)
    });
    let config = aws_sdk_datazone::Config::builder()
        .behavior_version(aws_sdk_datazone::config::BehaviorVersion::latest())
        .region(aws_sdk_datazone::config::Region::new("eu-west-1"))
        .credentials_provider(aws_sdk_datazone::config::Credentials::for_tests())
        .retry_config(aws_sdk_datazone::config::retry::RetryConfig::disabled())
        .http_client(http)
        .build();
    aws_sdk_datazone::Client::from_conf(config)
}

/// An update: the fields sent replace the stored ones, as DataZone's PATCH calls do.
fn patch(items: &mut [Json], id: &str, body: &Json, what: &str) -> http::Response<String> {
    let Some(item) = items.iter_mut().find(|i| i["id"] == id) else {
        return not_found(what);
    };
    for (k, v) in body.as_object().into_iter().flatten() {
        item[k] = v.clone();
    }
    respond(200, item.clone())
}

fn serve(d: &mut Domain, s: &Sent) -> http::Response<String> {
    let prefix = format!("/v2/domains/{DOMAIN}");
    let Some(rest) = s.path.strip_prefix(&prefix) else {
        return not_found("domain");
    };
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let body = &s.body;
    match (s.method.as_str(), parts.as_slice()) {
        ("GET", []) => respond(
            200,
            json!({"id": DOMAIN, "status": "AVAILABLE", "domainExecutionRole": "arn:aws:iam::111122223333:role/exec",
                "arn": format!("arn:aws:datazone:eu-west-1:{ACCOUNT}:domain/{DOMAIN}"), "rootDomainUnitId": ROOT_UNIT}),
        ),
        ("GET", ["environment-blueprints"]) => {
            let name = query_value(&s.query, "name");
            let managed = query_value(&s.query, "managed").as_deref() == Some("true");
            let items: Vec<Json> = match managed {
                true if d.managed_tooling => vec![
                    json!({"id": TOOLING_ID, "name": "Tooling", "provider": "Amazon SageMaker"}),
                ],
                true => Vec::new(),
                false => d.blueprints.clone(),
            };
            let items: Vec<Json> = items
                .into_iter()
                .filter(|b| {
                    name.as_deref()
                        .is_none_or(|n| b["name"].as_str().is_some_and(|bn| bn.contains(n)))
                })
                .collect();
            respond(200, json!({"items": items}))
        }
        ("POST", ["environment-blueprints"]) => {
            let mut bp = body.clone();
            bp["id"] = json!(d.id("bp-"));
            bp["provider"] = json!("Custom");
            d.blueprints.push(bp.clone());
            respond(201, bp)
        }
        ("GET", ["environment-blueprints", id]) => {
            match d.blueprints.iter().find(|b| b["id"] == *id) {
                Some(b) => respond(200, b.clone()),
                None => not_found("blueprint"),
            }
        }
        ("PATCH", ["environment-blueprints", id]) => {
            patch(&mut d.blueprints, id, body, "blueprint")
        }
        ("GET", ["environment-blueprint-configurations", bp]) => {
            match d.configurations.iter().find(|(b, _)| b == bp) {
                Some((_, c)) => respond(200, c.clone()),
                None => not_found("configuration"),
            }
        }
        ("PUT", ["environment-blueprint-configurations", bp]) => {
            let mut c = body.clone();
            c["domainId"] = json!(DOMAIN);
            c["environmentBlueprintId"] = json!(bp);
            d.configurations.retain(|(b, _)| b != bp);
            d.configurations.push((bp.to_string(), c.clone()));
            respond(200, c)
        }
        ("GET", ["policies", "managed", kind, entity, "grants"]) => {
            let policy = query_value(&s.query, "policyType").unwrap_or_default();
            let list: Vec<Json> = d
                .grants
                .iter()
                .filter(|(k, e, p, _)| k == kind && e == entity && *p == policy)
                .map(|(_, _, _, m)| m.clone())
                .collect();
            respond(200, json!({"grantList": list}))
        }
        ("POST", ["policies", "managed", kind, entity, "addGrant"]) => {
            let grant = d.id("grant-");
            let member =
                json!({"principal": body["principal"], "detail": body["detail"], "grantId": grant});
            let policy = body["policyType"].as_str().unwrap_or_default().to_string();
            d.grants
                .push((kind.to_string(), entity.to_string(), policy, member));
            respond(201, json!({"grantId": grant}))
        }
        ("GET", ["project-profiles"]) => {
            let name = query_value(&s.query, "name");
            let items: Vec<Json> = d
                .profiles
                .iter()
                .filter(|p| name.as_deref().is_none_or(|n| p["name"].as_str().is_some_and(|pn| pn.contains(n))))
                .map(|p| json!({"domainId": DOMAIN, "id": p["id"], "name": p["name"], "createdBy": "admin"}))
                .collect();
            respond(200, json!({"items": items}))
        }
        ("POST", ["project-profiles"]) => {
            let mut p = body.clone();
            p["id"] = json!(d.id("pp-"));
            p["domainId"] = json!(DOMAIN);
            p["createdBy"] = json!("admin");
            d.profiles.push(p.clone());
            respond(201, p)
        }
        ("GET", ["project-profiles", id]) => match d.profiles.iter().find(|p| p["id"] == *id) {
            Some(p) => respond(200, p.clone()),
            None => not_found("project profile"),
        },
        ("PATCH", ["project-profiles", id]) => patch(&mut d.profiles, id, body, "project profile"),
        _ => respond(
            400,
            json!({"message": format!("the fake has no {} {}", s.method, s.path)}),
        ),
    }
}
