//! The origin rule (`offsite`), the token kept out of `Debug` and messages, the API URL
//! checked, and `Link` headers read.

use super::*;

fn why(api: &str, url: &str) -> Option<&'static str> {
    offsite(&Url::parse(api).unwrap(), &Url::parse(url).unwrap())
}

#[test]
fn only_the_apis_own_origin_is_on_site() {
    let gh = "https://api.github.com";
    for same in [
        "https://api.github.com/orgs/a/repos?page=2",
        "https://API.GitHub.COM/orgs/a/repos",
        "https://api.github.com:443/x",
        "https://api.github.com\\@evil.example/x",
    ] {
        assert_eq!(why(gh, same), None, "{same}");
    }
    for (url, reason) in [
        ("http://api.github.com/x", "downgraded from https to http"),
        ("ftp://api.github.com/x", "on another scheme"),
        ("https://api.github.com:8443/x", "on another port"),
        ("https://api.github.com@evil.example/x", "on another host"),
        (
            "https://api.github.com:443@evil.example/x",
            "on another host",
        ),
        ("https://evil.example#@api.github.com/x", "on another host"),
        ("https://api.github.com.evil.example/x", "on another host"),
        ("https://api.github.com%2eevil.example/x", "on another host"),
        // A trailing dot is another name to the URL standard: refused, not guessed.
        ("https://api.github.com./x", "on another host"),
        (
            "https://u:p@api.github.com/x",
            "with a user name or password in it",
        ),
    ] {
        assert_eq!(why(gh, url), Some(reason), "{url}");
    }
    let base = Url::parse("https://api.github.com/orgs/a/repos").unwrap();
    let relative = base.join("//evil.example/x").unwrap();
    assert_eq!(offsite(&base, &relative), Some("on another host"));
    // Loopback: the port makes the origin; an address is the same however written.
    let lab = "http://127.0.0.1:8080/api/v4";
    assert_eq!(
        why(lab, "http://127.0.0.1:8081/api/v4"),
        Some("on another port")
    );
    assert_eq!(
        why(lab, "http://localhost:8080/api/v4"),
        Some("on another host")
    );
    assert_eq!(why(lab, "http://0x7f.0.0.1:8080/api/v4"), None);
    assert_eq!(why("http://127.0.0.1", "http://127.0.0.1:80/x"), None);
    assert_eq!(why("https://ghe.acme.", "https://GHE.acme./x"), None);
    assert_eq!(
        why("http://ghe.acme", "https://ghe.acme/x"),
        Some("on another scheme")
    );
}

#[test]
fn the_token_is_never_shown() {
    let auth = Some(("Authorization", "Bearer sekrit-123".to_string()));
    let client = Client::new("GitHub", "https://api.github.com/", auth, Vec::new()).unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("sekrit"), "{debug}");
    assert!(
        debug.contains("(\"Authorization\", \"<hidden>\")"),
        "{debug}"
    );
    let echoed = client.error(
        "GET",
        "https://api.github.com/x?t=sekrit-123",
        Some(401),
        "bad token sekrit-123".into(),
    );
    assert_eq!(
        echoed.to_string(),
        "GitHub: GET https://api.github.com/x failed (401): bad token <token>"
    );
    let next = client.offsite(
        "GET x",
        Via::NextPage,
        "https://evil.example/?t=sekrit-123",
        "on another host",
    );
    assert!(!format!("{next} {next:?}").contains("sekrit"));
}

#[test]
fn an_api_that_is_not_an_http_url_is_refused() {
    for (api, reason) in [
        ("api.github.com", "relative URL without a base"),
        ("file:///srv/api", "not an http or https URL"),
        (
            "https://me:pw@ghe.acme/api/v3",
            "it holds a user name or password; tokens come from the environment",
        ),
    ] {
        let error = Client::new("GitHub", api, None, Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("GitHub's API `{api}` is not usable: {reason}")
        );
    }
}

#[test]
fn pagination_links() {
    let link = "<https://api.github.com/orgs/acme/repos?page=2>; rel=\"next\", <https://api.github.com/orgs/acme/repos?page=5>; rel=\"last\"";
    assert_eq!(
        next_link(link).as_deref(),
        Some("https://api.github.com/orgs/acme/repos?page=2")
    );
    assert_eq!(next_link("<x>; rel=\"last\""), None);
}
