//! A small JSON-over-HTTPS client for the forges' REST APIs (ureq over the system OpenSSL):
//! one agent per run, a token header that is never logged or shown, errors that name the
//! forge, the call and the server's own message. The token goes only to the origin (scheme,
//! host, port) of the API it was configured for: ureq follows no redirect itself; jig follows
//! one only on that origin (at most `MAX_REDIRECTS`), and a redirect or next page anywhere
//! else is an error naming where it pointed (`offsite`). Paging is in `pages`.

use super::pages::Next;
use super::{Error, Via};
use serde_json::Value;
use url::Url;

pub(crate) struct Client {
    agent: ureq::Agent,
    /// The forge's name, for messages (`GitHub`).
    pub forge: &'static str,
    /// The API's base URL, without a trailing `/`.
    api: String,
    /// The API's URL: every request, and the token, go to its origin and nowhere else.
    origin: Url,
    /// `(header, value)` that authenticates every call.
    auth: Option<(&'static str, String)>,
    /// Extra headers every call sends.
    headers: Vec<(&'static str, &'static str)>,
}

/// Never shows the token, only which header carries it.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("forge", &self.forge)
            .field("api", &self.api)
            .field("auth", &self.auth.as_ref().map(|(k, _)| (*k, "<hidden>")))
            .finish_non_exhaustive()
    }
}

/// The longest jig waits for a rate limit before it gives up with the forge's message.
const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The most redirects one call follows on the API's own origin.
const MAX_REDIRECTS: usize = 5;

enum Attempt {
    Done(Page),
    Limited {
        wait: std::time::Duration,
        error: Error,
    },
    Redirect {
        status: u16,
        location: String,
    },
}

/// A page of results and where the forge says the next one is.
pub(crate) struct Page {
    pub body: Value,
    pub next: Option<Next>,
}

impl Client {
    /// A client for the API at `api` (an http or https URL).
    pub(crate) fn new(
        forge: &'static str,
        api: &str,
        auth: Option<(&'static str, String)>,
        headers: Vec<(&'static str, &'static str)>,
    ) -> Result<Client, Error> {
        let bad = |reason: &str| Error::BadApi {
            forge,
            api: api.to_string(),
            reason: reason.to_string(),
        };
        let origin = Url::parse(api).map_err(|e| bad(&e.to_string()))?;
        if !matches!(origin.scheme(), "http" | "https") || origin.host().is_none() {
            return Err(bad("not an http or https URL"));
        }
        if !origin.username().is_empty() || origin.password().is_some() {
            return Err(bad(
                "it holds a user name or password; tokens come from the environment",
            ));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .user_agent(concat!("jig/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client {
            agent,
            forge,
            api: api.trim_end_matches('/').to_string(),
            origin,
            auth,
            headers,
        })
    }

    /// `METHOD /path` with an optional JSON body; the JSON answer, or the error the forge gave.
    pub(crate) fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        self.page(method, &self.url(path)?, body).map(|p| p.body)
    }

    /// The API's URL for `path`.
    pub(super) fn url(&self, path: &str) -> Result<Url, Error> {
        let url = format!("{}{path}", self.api);
        Url::parse(&url).map_err(|e| self.error("GET", &url, None, e.to_string()))
    }

    pub(super) fn origin(&self) -> &Url {
        &self.origin
    }

    /// `METHOD URL`, without the query, as messages name a call.
    pub(super) fn call_name(&self, method: &str, url: &Url) -> String {
        let url = self.scrub(url.as_str());
        format!("{method} {}", url.split('?').next().unwrap_or(&url))
    }

    /// `text` with the token, should the forge have echoed it, blanked.
    pub(super) fn scrub(&self, text: &str) -> String {
        let Some((_, value)) = &self.auth else {
            return text.to_string();
        };
        let secret = value.strip_prefix("Bearer ").unwrap_or(value);
        if secret.is_empty() {
            return text.to_string();
        }
        text.replace(secret, "<token>")
    }

    /// One call, waited out and tried again (at most three times) when the forge says it is
    /// rate-limited: 429, or 403 with `Retry-After` or an exhausted `x-ratelimit-remaining`,
    /// for as long as it asks, up to a minute each time; and its redirects followed while
    /// they stay on the API's origin (a GET always, another method on 307 and 308).
    pub(super) fn page(
        &self,
        method: &str,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<Page, Error> {
        let (mut at, mut tries, mut hops) = (url.clone(), 0, 0);
        loop {
            match self.attempt(method, &at, body)? {
                Attempt::Done(page) => return Ok(page),
                Attempt::Limited { wait, error } => {
                    tries += 1;
                    if tries >= 3 || wait > MAX_WAIT {
                        return Err(error);
                    }
                    std::thread::sleep(wait);
                }
                Attempt::Redirect { status, location } => {
                    let call = self.call_name(method, url);
                    let via = Via::Redirect(status);
                    let to = at
                        .join(&location)
                        .map_err(|_| self.offsite(&call, via, &location, "which is not a URL"))?;
                    if let Some(why) = offsite(&self.origin, &to) {
                        return Err(self.offsite(&call, via, to.as_str(), why));
                    }
                    hops += 1;
                    let keeps = method == "GET" || matches!(status, 307 | 308);
                    if !keeps || hops > MAX_REDIRECTS {
                        let message = if keeps {
                            format!("more than {MAX_REDIRECTS} redirects, the last to {to}")
                        } else {
                            format!("a redirect to {to}, which jig follows for a {method} only as 307 or 308")
                        };
                        return Err(self.error(method, url.as_str(), Some(status), message));
                    }
                    at = to;
                }
            }
        }
    }

    /// `call` led (`via`) to `url`, off the API's origin (`why`).
    pub(super) fn offsite(&self, call: &str, via: Via, url: &str, why: &'static str) -> Error {
        Error::Offsite {
            forge: self.forge,
            call: call.to_string(),
            via,
            url: self.scrub(url),
            why,
            origin: self.origin.origin().ascii_serialization(),
        }
    }

    fn attempt(&self, method: &str, url: &Url, body: Option<&Value>) -> Result<Attempt, Error> {
        let url = url.as_str();
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
        if let Some(location) = header("location").filter(|_| (300..400).contains(&status)) {
            return Ok(Attempt::Redirect { status, location });
        }
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
        let next = header("link")
            .and_then(|l| next_link(&l))
            .map(Next::Link)
            .or_else(|| {
                header("x-next-page")
                    .filter(|p| !p.trim().is_empty())
                    .map(Next::Counter)
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
        let url = self.scrub(url);
        Error::Api {
            forge: self.forge,
            call: format!("{method} {}", url.split('?').next().unwrap_or(&url)),
            status,
            message: self.scrub(&message),
        }
    }

    /// The forge answered `call` with something other than what was asked for.
    pub(super) fn bad_answer(&self, call: &str, problem: String) -> Error {
        Error::BadAnswer {
            forge: self.forge,
            call: call.to_string(),
            problem: self.scrub(&problem),
        }
    }
}

/// Why `url` is not on the origin (scheme, host, port) of `api`, or `None` when it is. A URL
/// with a user name or password is refused too: it would carry credentials of its own.
pub(crate) fn offsite(api: &Url, url: &Url) -> Option<&'static str> {
    if url.scheme() != api.scheme() {
        return Some(if api.scheme() == "https" && url.scheme() == "http" {
            "downgraded from https to http"
        } else {
            "on another scheme"
        });
    }
    if url.host() != api.host() {
        return Some("on another host");
    }
    if url.port_or_known_default() != api.port_or_known_default() {
        return Some("on another port");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some("with a user name or password in it");
    }
    None
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

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
