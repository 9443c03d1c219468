//! A forge's paged listings, walked with bounds: each next page (GitHub's `Link: rel="next"`,
//! GitLab's `x-next-page`) must stay on the API's origin, must not name a page already read,
//! and the walk ends after `MAX_PAGES` pages or `BUDGET` of time, with an error naming what
//! the forge answered. A listing cut short is an error, never a shorter list: a fleet seen
//! in part would pass for a fleet seen whole. Items are checked against the shape the caller
//! expects (`Client::listing`), so a wrong answer is named rather than read as nothing.

use super::http::{offsite, Client};
use super::{Error, Via};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use url::Url;

/// The most pages jig reads of one listing: 100 items a page, 100,000 repositories or
/// requests, far beyond any fleet, and a stop for a forge that always has one more.
pub(crate) const MAX_PAGES: usize = 1000;

/// The longest one listing may take, all its pages and waits for rate limits together.
pub(crate) const BUDGET: Duration = Duration::from_secs(10 * 60);

/// Where a page says the next one is, as the forge wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// GitHub's `Link` header: the `rel="next"` URL.
    Link(String),
    /// GitLab's `x-next-page` header: a page number.
    Counter(String),
}

/// Why a walk stopped before the forge said it was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    Offsite {
        url: String,
        why: &'static str,
    },
    /// The next page, as the error names it (a URL, or `page N (x-next-page)`).
    Loop {
        next: String,
    },
    TooMany {
        max: usize,
    },
    TooLong {
        budget: Duration,
        pages: usize,
    },
    NotAPage {
        value: String,
    },
}

/// One listing's walk: the pages read so far, and the bounds.
pub(crate) struct Walk {
    origin: Url,
    urls: HashSet<String>,
    numbers: HashSet<u64>,
    pages: usize,
    started: Instant,
    max_pages: usize,
    budget: Duration,
}

impl Walk {
    /// A walk over `origin`'s pages, with the default bounds.
    pub(crate) fn new(origin: &Url) -> Walk {
        Walk::bounded(origin, MAX_PAGES, BUDGET)
    }

    pub(crate) fn bounded(origin: &Url, max_pages: usize, budget: Duration) -> Walk {
        Walk {
            origin: origin.clone(),
            urls: HashSet::new(),
            numbers: HashSet::new(),
            pages: 0,
            started: Instant::now(),
            max_pages,
            budget,
        }
    }

    /// After reading the page at `read`, which said `next`: the URL to read next, or `None`
    /// when that was the last page.
    pub(crate) fn next(&mut self, read: &Url, next: Option<Next>) -> Result<Option<Url>, Stop> {
        self.pages += 1;
        self.urls.insert(read.as_str().to_string());
        self.numbers.insert(page_number(read).unwrap_or(1));
        let url = match next {
            None => return Ok(None),
            Some(Next::Link(link)) => {
                let url = read.join(&link).map_err(|_| Stop::Offsite {
                    url: link.clone(),
                    why: "which is not a URL",
                })?;
                if let Some(why) = offsite(&self.origin, &url) {
                    return Err(Stop::Offsite {
                        url: url.to_string(),
                        why,
                    });
                }
                if self.urls.contains(url.as_str()) {
                    return Err(Stop::Loop {
                        next: url.to_string(),
                    });
                }
                url
            }
            Some(Next::Counter(value)) => {
                let n = value
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Stop::NotAPage {
                        value: value.clone(),
                    })?;
                if self.numbers.contains(&n) {
                    return Err(Stop::Loop {
                        next: format!("page {n} (x-next-page)"),
                    });
                }
                with_page(read, n)
            }
        };
        if self.pages >= self.max_pages {
            return Err(Stop::TooMany {
                max: self.max_pages,
            });
        }
        if self.started.elapsed() > self.budget {
            return Err(Stop::TooLong {
                budget: self.budget,
                pages: self.pages,
            });
        }
        Ok(Some(url))
    }
}

/// The `page` query parameter of `url`.
fn page_number(url: &Url) -> Option<u64> {
    url.query_pairs()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
}

/// `url` with its `page` query parameter set to `page` (the others kept as written).
fn with_page(url: &Url, page: u64) -> Url {
    let page = format!("page={page}");
    let mut params: Vec<&str> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .collect();
    params.push(&page);
    let mut next = url.clone();
    next.set_query(Some(&params.join("&")));
    next
}

/// What a JSON value is, for messages (`an object`).
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Client {
    /// Every item of a listing, from `path` on, each read as `T` (`what` names one in
    /// messages: `a repository`).
    pub(crate) fn listing<T: DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
    ) -> Result<Vec<T>, Error> {
        let (call, items) = self.walk(path)?;
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value(item).map_err(|e| {
                    self.bad_answer(
                        &call,
                        format!("a list whose item {} is not {what} ({e})", i + 1),
                    )
                })
            })
            .collect()
    }

    /// `METHOD path`'s answer read as `T` (`what` names it in messages: `a pull request`):
    /// an answer of another shape is an error, never a request with an empty id.
    pub(crate) fn call_as<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        what: &str,
    ) -> Result<T, Error> {
        let answer = self.call(method, path, body)?;
        serde_json::from_value(answer).map_err(|e| {
            let call = self.url(path).map_or_else(
                |_| format!("{method} {path}"),
                |u| self.call_name(method, &u),
            );
            self.bad_answer(&call, format!("something that is not {what} ({e})"))
        })
    }

    /// The listing's call (for messages) and its items, page after page.
    fn walk(&self, path: &str) -> Result<(String, Vec<Value>), Error> {
        let first = self.url(path)?;
        let call = self.call_name("GET", &first);
        let mut walk = Walk::new(self.origin());
        let mut items = Vec::new();
        let mut url = Some(first);
        while let Some(u) = url {
            let page = self.page("GET", &u, None)?;
            match page.body {
                Value::Array(a) => items.extend(a),
                other => {
                    return Err(self.bad_answer(&call, format!("{}, not a list", kind_of(&other))))
                }
            }
            url = walk
                .next(&u, page.next)
                .map_err(|stop| self.stopped(&call, stop))?;
        }
        Ok((call, items))
    }

    fn stopped(&self, call: &str, stop: Stop) -> Error {
        let (forge, call) = (self.forge, call.to_string());
        match stop {
            Stop::Offsite { url, why } => self.offsite(&call, Via::NextPage, &url, why),
            Stop::Loop { next } => Error::PageLoop {
                forge,
                call,
                next: self.scrub(&next),
            },
            Stop::TooMany { max } => Error::TooManyPages { forge, call, max },
            Stop::TooLong { budget, pages } => Error::PagingTooLong {
                forge,
                call,
                minutes: budget.as_secs().div_ceil(60),
                pages,
            },
            Stop::NotAPage { value } => self.bad_answer(
                &call,
                format!("x-next-page `{value}`, which is not a page number"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    const FIRST: &str = "https://gl.example/api/v4/groups/a/projects?per_page=100";

    #[test]
    fn pages_follow_until_the_forge_is_done() {
        let mut walk = Walk::new(&url("https://gl.example/api/v4"));
        let two = walk
            .next(&url(FIRST), Some(Next::Counter("2".into())))
            .unwrap()
            .unwrap();
        assert_eq!(two.as_str(), format!("{FIRST}&page=2"));
        assert_eq!(walk.next(&two, None), Ok(None));
        // A relative link is read against the page that gave it.
        let mut walk = Walk::new(&url("https://api.github.com"));
        let next = walk
            .next(
                &url("https://api.github.com/orgs/a/repos"),
                Some(Next::Link("/orgs/a/repos?page=2".into())),
            )
            .unwrap();
        assert_eq!(
            next.map(String::from).as_deref(),
            Some("https://api.github.com/orgs/a/repos?page=2")
        );
    }

    #[test]
    fn a_page_read_twice_is_a_loop() {
        let mut walk = Walk::new(&url("https://api.github.com"));
        let first = url("https://api.github.com/orgs/a/repos?per_page=100");
        assert_eq!(
            walk.next(&first, Some(Next::Link(first.to_string()))),
            Err(Stop::Loop {
                next: first.to_string()
            })
        );
        let mut walk = Walk::new(&url("https://gl.example"));
        let two = walk
            .next(&url(FIRST), Some(Next::Counter("2".into())))
            .unwrap()
            .unwrap();
        // The first page is page 1, whether or not its URL says so.
        assert_eq!(
            walk.next(&two, Some(Next::Counter("1".into()))),
            Err(Stop::Loop {
                next: "page 1 (x-next-page)".into()
            })
        );
        for bad in ["", "two", "0", "-1"] {
            let mut walk = Walk::new(&url("https://gl.example"));
            assert_eq!(
                walk.next(&url(FIRST), Some(Next::Counter(bad.into()))),
                Err(Stop::NotAPage { value: bad.into() })
            );
        }
    }

    #[test]
    fn a_walk_ends_at_its_bounds_and_off_its_origin() {
        let mut walk = Walk::bounded(&url("https://gl.example"), 3, BUDGET);
        let mut at = url(FIRST);
        for n in 2..=3 {
            at = walk
                .next(&at, Some(Next::Counter(n.to_string())))
                .unwrap()
                .unwrap();
        }
        assert_eq!(
            walk.next(&at, Some(Next::Counter("4".into()))),
            Err(Stop::TooMany { max: 3 })
        );
        let mut walk = Walk::bounded(&url("https://gl.example"), 3, Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(
            walk.next(&url(FIRST), Some(Next::Counter("2".into()))),
            Err(Stop::TooLong {
                budget: Duration::ZERO,
                pages: 1
            })
        );
        let mut walk = Walk::new(&url("https://api.github.com"));
        assert_eq!(
            walk.next(
                &url("https://api.github.com/orgs/a/repos"),
                Some(Next::Link(
                    "http://api.github.com/orgs/a/repos?page=2".into()
                ))
            ),
            Err(Stop::Offsite {
                url: "http://api.github.com/orgs/a/repos?page=2".into(),
                why: "downgraded from https to http"
            })
        );
    }

    #[test]
    fn a_wrong_value_is_named_by_its_kind() {
        assert_eq!(kind_of(&serde_json::json!({"a": 1})), "an object");
        assert_eq!(kind_of(&serde_json::json!("x")), "a string");
        assert_eq!(kind_of(&Value::Null), "nothing");
    }
}
