//! GitHub's and GitLab's REST APIs as jig uses them, on loopback: a stateful fake that keeps
//! the pull / merge requests jig opens, answers in the documented shapes
//! (tests/fixtures/forge), pages its listings the way each forge does (a `Link` header, an
//! `x-next-page` header), refuses a second request for the same branch as the real APIs do,
//! and logs every request (method, path, token header, JSON body) for the tests to check.
//! A test may take over the answers (`answer_with`) to play a hostile or broken forge.

use crate::servers::HttpRequest;
use serde_json::{json, Value};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

pub(crate) const TOKEN: &str = "test-token-not-a-secret";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Github,
    Gitlab,
}

/// One logged request.
#[derive(Debug, Clone)]
pub(crate) struct Logged {
    pub method: String,
    pub path: String,
    pub token: Option<String>,
    pub body: Value,
}

#[derive(Debug, Clone)]
struct Pr {
    repo: String,
    number: u64,
    branch: String,
    base: String,
    title: String,
    body: String,
    draft: bool,
    open: bool,
}

#[derive(Default)]
struct State {
    prs: Vec<Pr>,
    log: Vec<Logged>,
    /// Repositories discovery lists: (name, clone URL, topics, archived).
    repos: Vec<(String, String, Vec<String>, bool)>,
    /// How many of the next requests are refused as rate-limited (429, `Retry-After: 1`).
    limited: usize,
    /// A test's own answers, asked first: (method, path and query) -> the answer, if any.
    answer: Option<Box<Answerer>>,
}

/// A test's own answer to (method, path and query): status, JSON body, extra header lines.
pub(crate) type Answerer = dyn Fn(&str, &str) -> Option<Answer> + Send;

pub(crate) struct Forge {
    pub kind: Kind,
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl Forge {
    pub(crate) fn start(kind: Kind) -> Forge {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(kind, stream, &state, port);
                });
            }
        });
        Forge { kind, port, state }
    }

    /// The API's base URL.
    pub(crate) fn api(&self) -> String {
        match self.kind {
            Kind::Github => format!("http://127.0.0.1:{}", self.port),
            Kind::Gitlab => format!("http://127.0.0.1:{}/api/v4", self.port),
        }
    }

    pub(crate) fn add_repo(&self, name: &str, url: &str, topics: &[&str], archived: bool) {
        self.state.lock().unwrap().repos.push((
            name.into(),
            url.into(),
            topics.iter().map(|t| t.to_string()).collect(),
            archived,
        ));
    }

    /// Refuses the next `n` requests as GitHub's secondary rate limit does.
    pub(crate) fn limit_next(&self, n: usize) {
        self.state.lock().unwrap().limited = n;
    }

    /// Answers with `f` wherever it returns an answer (before any other rule, tokens unchecked);
    /// everything is still logged.
    pub(crate) fn answer_with(&self, f: impl Fn(&str, &str) -> Option<Answer> + Send + 'static) {
        self.state.lock().unwrap().answer = Some(Box::new(f));
    }

    /// Every request so far, and forget them. (Requests are numbered per repository, as on the
    /// forges.)
    pub(crate) fn take_log(&self) -> Vec<Logged> {
        std::mem::take(&mut self.state.lock().unwrap().log)
    }

    /// Forgets every request and the log, as if none had ever been opened.
    pub(crate) fn forget(&self) {
        let mut st = self.state.lock().unwrap();
        st.prs.clear();
        st.log.clear();
    }

    /// Open requests: (repository, branch, title, draft).
    pub(crate) fn open(&self) -> Vec<(String, String, String, bool)> {
        let mut open: Vec<_> = self
            .state
            .lock()
            .unwrap()
            .prs
            .iter()
            .filter(|p| p.open)
            .map(|p| (p.repo.clone(), p.branch.clone(), p.title.clone(), p.draft))
            .collect();
        open.sort();
        open
    }

    /// The body of the open request for `repo`'s `branch`.
    pub(crate) fn body_of(&self, repo: &str, branch: &str) -> String {
        let state = self.state.lock().unwrap();
        let pr = state
            .prs
            .iter()
            .find(|p| p.open && p.repo == repo && p.branch == branch)
            .unwrap_or_else(|| panic!("no open request for {repo} {branch}"));
        pr.body.clone()
    }

    /// Every request ever made, open or closed: (repository, branch, open).
    pub(crate) fn all(&self) -> Vec<(String, String, bool)> {
        let mut all: Vec<_> = self
            .state
            .lock()
            .unwrap()
            .prs
            .iter()
            .map(|p| (p.repo.clone(), p.branch.clone(), p.open))
            .collect();
        all.sort();
        all
    }
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/forge/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn github_pr(pr: &Pr, port: u16) -> Value {
    let mut v = fixture("github-pull.json");
    v["number"] = json!(pr.number);
    v["html_url"] = json!(format!(
        "http://127.0.0.1:{port}/{}/pull/{}",
        pr.repo, pr.number
    ));
    v["title"] = json!(pr.title);
    v["body"] = json!(pr.body);
    v["draft"] = json!(pr.draft);
    v["state"] = json!(if pr.open { "open" } else { "closed" });
    v["head"]["ref"] = json!(pr.branch);
    v["head"]["repo"]["full_name"] = json!(pr.repo);
    v["base"]["ref"] = json!(pr.base);
    v["base"]["repo"]["full_name"] = json!(pr.repo);
    v
}

fn gitlab_mr(pr: &Pr, port: u16) -> Value {
    let mut v = fixture("gitlab-merge-request.json");
    v["iid"] = json!(pr.number);
    v["web_url"] = json!(format!(
        "http://127.0.0.1:{port}/{}/-/merge_requests/{}",
        pr.repo, pr.number
    ));
    v["title"] = json!(pr.title);
    v["description"] = json!(pr.body);
    v["draft"] = json!(pr.draft);
    v["state"] = json!(if pr.open { "opened" } else { "closed" });
    v["source_branch"] = json!(pr.branch);
    v["target_branch"] = json!(pr.base);
    v
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn serve(kind: Kind, stream: TcpStream, state: &Mutex<State>, port: u16) -> std::io::Result<()> {
    let req = HttpRequest::read(&stream)?;
    let token = match kind {
        Kind::Github => req.header("authorization"),
        Kind::Gitlab => req.header("private-token"),
    };
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let mut st = state.lock().unwrap();
    st.log.push(Logged {
        method: req.method.clone(),
        path: req.target.clone(),
        token: token.clone(),
        body: body.clone(),
    });
    let wanted = match kind {
        Kind::Github => format!("Bearer {TOKEN}"),
        Kind::Gitlab => TOKEN.to_string(),
    };
    let discovery = path.starts_with("/orgs/") || path.starts_with("/api/v4/groups/");
    let own = st.answer.as_ref().and_then(|f| f(&req.method, &req.target));
    let (status, value, extra) = if let Some(own) = own {
        own
    } else if st.limited > 0 {
        st.limited -= 1;
        (
            429,
            json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}),
            "Retry-After: 1\r\n".to_string(),
        )
    } else if token.as_deref() != Some(wanted.as_str()) && !discovery {
        (401, json!({"message": "Bad credentials"}), String::new())
    } else {
        match kind {
            Kind::Github => github(&mut st, &req.method, path, query, &body, port),
            Kind::Gitlab => gitlab(&mut st, &req.method, path, query, &body, port),
        }
    };
    drop(st);
    let text = if value.is_null() {
        String::new()
    } else {
        value.to_string()
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )?;
    stream.flush()
}

/// Two items a page, as the forges page (`page=N` in the query).
fn page_of(items: Vec<Value>, query: &str) -> (Vec<Value>, usize, bool) {
    let page: usize = query
        .split('&')
        .find_map(|p| p.strip_prefix("page="))
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let start = (page - 1) * 2;
    let more = items.len() > start + 2;
    (items.into_iter().skip(start).take(2).collect(), page, more)
}

pub(crate) type Answer = (u16, Value, String);

fn github(
    st: &mut State,
    method: &str,
    path: &str,
    query: &str,
    body: &Value,
    port: u16,
) -> Answer {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        ("GET", ["orgs", _org, "repos"]) => {
            let items: Vec<Value> = st
                .repos
                .iter()
                .map(|(name, url, topics, archived)| {
                    let mut v = fixture("github-repo.json");
                    v["name"] = json!(name);
                    v["clone_url"] = json!(url);
                    v["topics"] = json!(topics);
                    v["archived"] = json!(archived);
                    v
                })
                .collect();
            let (items, page, more) = page_of(items, query);
            let link = if more {
                format!(
                    "Link: <http://127.0.0.1:{port}{path}?{}&page={}>; rel=\"next\"\r\n",
                    query
                        .split('&')
                        .filter(|p| !p.starts_with("page="))
                        .collect::<Vec<_>>()
                        .join("&"),
                    page + 1
                )
            } else {
                String::new()
            };
            (200, Value::Array(items), link)
        }
        ("GET", ["repos", o, r, "pulls"]) => {
            let repo = format!("{o}/{r}");
            let items = st
                .prs
                .iter()
                .filter(|p| p.repo == repo && p.open)
                .map(|p| github_pr(p, port))
                .collect();
            (200, Value::Array(items), String::new())
        }
        ("POST", ["repos", o, r, "pulls"]) => {
            let repo = format!("{o}/{r}");
            let branch = body["head"].as_str().unwrap_or_default().to_string();
            if st
                .prs
                .iter()
                .any(|p| p.repo == repo && p.branch == branch && p.open)
            {
                let message = format!("A pull request already exists for {o}:{branch}.");
                return (
                    422,
                    json!({"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom", "message": message}]}),
                    String::new(),
                );
            }
            let pr = Pr {
                number: st.prs.iter().filter(|p| p.repo == repo).count() as u64 + 1,
                repo,
                branch,
                base: body["base"].as_str().unwrap_or_default().into(),
                title: body["title"].as_str().unwrap_or_default().into(),
                body: body["body"].as_str().unwrap_or_default().into(),
                draft: body["draft"].as_bool().unwrap_or(false),
                open: true,
            };
            let v = github_pr(&pr, port);
            st.prs.push(pr);
            (201, v, String::new())
        }
        ("PATCH", ["repos", o, r, "pulls", n]) => {
            let repo = format!("{o}/{r}");
            let Some(pr) = st
                .prs
                .iter_mut()
                .find(|p| p.repo == repo && p.number.to_string() == *n)
            else {
                return (404, json!({"message": "Not Found"}), String::new());
            };
            if let Some(t) = body["title"].as_str() {
                pr.title = t.into();
            }
            if let Some(b) = body["body"].as_str() {
                pr.body = b.into();
            }
            if body["state"] == "closed" {
                pr.open = false;
            }
            (200, github_pr(pr, port), String::new())
        }
        ("POST", ["repos", _, _, "issues", _, "comments"]) => {
            (201, json!({"id": 1, "body": body["body"]}), String::new())
        }
        ("DELETE", ["repos", _, _, "git", "refs", "heads", ..]) => {
            (204, Value::Null, String::new())
        }
        _ => (404, json!({"message": "Not Found"}), String::new()),
    }
}

fn gitlab(
    st: &mut State,
    method: &str,
    path: &str,
    query: &str,
    body: &Value,
    port: u16,
) -> Answer {
    let rest = path.trim_start_matches("/api/v4/");
    let parts: Vec<String> = rest.split('/').map(decode).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match (method, parts.as_slice()) {
        ("GET", ["groups", _group, "projects"]) => {
            let topic = query
                .split('&')
                .find_map(|p| p.strip_prefix("topic="))
                .map(decode);
            let items: Vec<Value> = st
                .repos
                .iter()
                .filter(|(_, _, topics, archived)| {
                    !archived && topic.as_ref().is_none_or(|t| topics.contains(t))
                })
                .map(|(name, url, topics, _)| {
                    let mut v = fixture("gitlab-project.json");
                    v["path"] = json!(name);
                    v["http_url_to_repo"] = json!(url);
                    v["topics"] = json!(topics);
                    v
                })
                .collect();
            let (items, page, more) = page_of(items, query);
            let next = if more {
                format!("x-next-page: {}\r\n", page + 1)
            } else {
                "x-next-page: \r\n".into()
            };
            (200, Value::Array(items), next)
        }
        ("GET", ["projects", repo, "merge_requests"]) => {
            let items = st
                .prs
                .iter()
                .filter(|p| p.repo == *repo && p.open)
                .map(|p| gitlab_mr(p, port))
                .collect();
            (200, Value::Array(items), String::new())
        }
        ("POST", ["projects", repo, "merge_requests"]) => {
            let branch = body["source_branch"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if let Some(p) = st
                .prs
                .iter()
                .find(|p| p.repo == *repo && p.branch == branch && p.open)
            {
                let message = format!(
                    "Another open merge request already exists for this source branch: !{}",
                    p.number
                );
                return (409, json!({"message": [message]}), String::new());
            }
            let title = body["title"].as_str().unwrap_or_default().to_string();
            let pr = Pr {
                number: st.prs.iter().filter(|p| p.repo == *repo).count() as u64 + 1,
                repo: repo.to_string(),
                branch,
                base: body["target_branch"].as_str().unwrap_or_default().into(),
                draft: title.starts_with("Draft:"),
                title,
                body: body["description"].as_str().unwrap_or_default().into(),
                open: true,
            };
            let v = gitlab_mr(&pr, port);
            st.prs.push(pr);
            (201, v, String::new())
        }
        ("PUT", ["projects", repo, "merge_requests", n]) => {
            let Some(pr) = st
                .prs
                .iter_mut()
                .find(|p| p.repo == *repo && p.number.to_string() == *n)
            else {
                return (404, json!({"message": "404 Not found"}), String::new());
            };
            if let Some(t) = body["title"].as_str() {
                pr.title = t.into();
                pr.draft = t.starts_with("Draft:");
            }
            if let Some(d) = body["description"].as_str() {
                pr.body = d.into();
            }
            if body["state_event"] == "close" {
                pr.open = false;
            }
            (200, gitlab_mr(pr, port), String::new())
        }
        ("POST", ["projects", _, "merge_requests", _, "notes"]) => {
            (201, json!({"id": 1, "body": body["body"]}), String::new())
        }
        ("DELETE", ["projects", _, "repository", "branches", _]) => {
            (204, Value::Null, String::new())
        }
        _ => (404, json!({"message": "404 Not found"}), String::new()),
    }
}
