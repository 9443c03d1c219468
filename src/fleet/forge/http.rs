//! A small JSON-over-HTTPS client for the forges' REST APIs (ureq over the system OpenSSL):
//! one agent per run, a token header that is never logged or shown, errors that name the
//! forge, the call and the server's own message, and pagination by the `Link` header
//! (GitHub) or `x-next-page` (GitLab).

use super::Error;
use serde_json::Value;

pub(crate) struct Client {
    agent: ureq::Agent,
    /// The forge's name, for messages (`GitHub`).
    pub forge: &'static str,
    /// The API's base URL, without a trailing `/`.
    pub api: String,
    /// `(header, value)` that authenticates every call.
    auth: Option<(&'static str, String)>,
    /// Extra headers every call sends.
    headers: Vec<(&'static str, &'static str)>,
}

/// The longest jig waits for a rate limit before it gives up with the forge's message.
const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

enum Attempt {
    Done(Page),
    Limited {
        wait: std::time::Duration,
        error: Error,
    },
}

/// A page of results and where the next one is.
pub(crate) struct Page {
    pub body: Value,
    pub next: Option<String>,
}

impl Client {
    pub(crate) fn new(
        forge: &'static str,
        api: &str,
        auth: Option<(&'static str, String)>,
        headers: Vec<(&'static str, &'static str)>,
    ) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .user_agent(concat!("jig/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            forge,
            api: api.trim_end_matches('/').to_string(),
            auth,
            headers,
        }
    }

    /// `METHOD /path` with an optional JSON body; the JSON answer, or the error the forge gave.
    pub(crate) fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        self.page(method, &format!("{}{path}", self.api), body)
            .map(|p| p.body)
    }

    /// Every page of a listing, from `path` on.
    pub(crate) fn all(&self, path: &str) -> Result<Vec<Value>, Error> {
        let mut items = Vec::new();
        let mut url = Some(format!("{}{path}", self.api));
        while let Some(u) = url {
            let page = self.page("GET", &u, None)?;
            match page.body {
                Value::Array(a) => items.extend(a),
                other => {
                    return Err(self.error(
                        "GET",
                        &u,
                        None,
                        format!("expected a list, got {other}"),
                    ))
                }
            }
            url = page.next;
        }
        Ok(items)
    }

    /// One call, waited out and tried again (at most three times) when the forge says it is
    /// rate-limited: 429, or 403 with `Retry-After` or an exhausted `x-ratelimit-remaining`,
    /// for as long as it asks, up to a minute each time.
    fn page(&self, method: &str, url: &str, body: Option<&Value>) -> Result<Page, Error> {
        let mut tries = 0;
        loop {
            match self.attempt(method, url, body)? {
                Attempt::Done(page) => return Ok(page),
                Attempt::Limited { wait, error } => {
                    tries += 1;
                    if tries >= 3 || wait > MAX_WAIT {
                        return Err(error);
                    }
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn attempt(&self, method: &str, url: &str, body: Option<&Value>) -> Result<Attempt, Error> {
        let with = |mut r: ureq::http::request::Builder| {
            for (k, v) in &self.headers {
                r = r.header(*k, *v);
            }
            if let Some((k, v)) = &self.auth {
                r = r.header(*k, v.as_str());
            }
            if self.headers.iter().any(|(k, _)| *k == "Accept") {
                r
            } else {
                r.header("Accept", "application/json")
            }
        };
        let request = with(ureq::http::Request::builder().method(method).uri(url));
        let result = match body {
            Some(b) => {
                let bytes = serde_json::to_vec(b).expect("serialises");
                let request = request
                    .header("Content-Type", "application/json")
                    .body(bytes)
                    .map_err(|e| self.error(method, url, None, e.to_string()))?;
                self.agent.run(request)
            }
            None => {
                let request = request
                    .body(())
                    .map_err(|e| self.error(method, url, None, e.to_string()))?;
                self.agent.run(request)
            }
        };
        let mut response = result.map_err(|e| self.error(method, url, None, e.to_string()))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let limited = status == 429
            || (status == 403
                && (header("retry-after").is_some()
                    || header("x-ratelimit-remaining").as_deref() == Some("0")));
        let wait = limited.then(|| {
            let after = header("retry-after").and_then(|s| s.trim().parse::<u64>().ok());
            let reset = header("x-ratelimit-reset")
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(|at| {
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs());
                    at.saturating_sub(now)
                });
            std::time::Duration::from_secs(after.or(reset).unwrap_or(1).max(1))
        });
        let next = header("link").and_then(|l| next_link(&l)).or_else(|| {
            header("x-next-page")
                .filter(|p| !p.is_empty())
                .map(|p| with_page(url, &p))
        });
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| self.error(method, url, Some(status), e.to_string()))?;
        let value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        if !(200..300).contains(&status) {
            let message = value
                .get("message")
                .or_else(|| value.get("error"))
                .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_string))
                .unwrap_or_else(|| value.to_string());
            let error = self.error(method, url, Some(status), message);
            return match wait {
                Some(wait) => Ok(Attempt::Limited { wait, error }),
                None => Err(error),
            };
        }
        Ok(Attempt::Done(Page { body: value, next }))
    }

    fn error(&self, method: &str, url: &str, status: Option<u16>, message: String) -> Error {
        Error::Api {
            forge: self.forge,
            call: format!("{method} {}", url.split('?').next().unwrap_or(url)),
            status,
            message,
        }
    }
}

/// The `rel="next"` URL of a `Link` header.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, rel) = part.split_once(';')?;
        rel.contains("rel=\"next\"").then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

/// `url` with its `page` query parameter set to `page`.
fn with_page(url: &str, page: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .map(str::to_string)
        .collect();
    params.push(format!("page={page}"));
    format!("{base}?{}", params.join("&"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pagination_links() {
        let link = "<https://api.github.com/orgs/acme/repos?page=2>; rel=\"next\", <https://api.github.com/orgs/acme/repos?page=5>; rel=\"last\"";
        assert_eq!(
            super::next_link(link).as_deref(),
            Some("https://api.github.com/orgs/acme/repos?page=2")
        );
        assert_eq!(super::next_link("<x>; rel=\"last\""), None);
        assert_eq!(
            super::with_page(
                "https://gl/api/v4/groups/a/projects?per_page=100&page=1",
                "2"
            ),
            "https://gl/api/v4/groups/a/projects?per_page=100&page=2"
        );
    }
}
