//! Remote trust keys: a git URL (`https://`, `ssh://`, `git://`) or an scp-like `host:path`
//! spelled as the place git connects to, or refused as ambiguous.
//!
//! jig fetches with libgit2, which reads an authority up to the first `/` and takes the host
//! after the *last* `@`, decodes `%XX` in the host, resolves names without IDNA, and drops a
//! query or fragment before it connects. A URL library (WHATWG) ends the host at `?`, `#` or
//! `\` instead and maps Unicode hosts through UTS-46. Where the two could read one text as
//! two places, the key is ambiguous and trusts nothing. Otherwise the key is
//! `scheme://host[:port]/path`: userinfo dropped (it is not where git connects), the scheme
//! and host lower-cased, an IPv6 address in its canonical form, the scheme's default port
//! dropped, and the path as the server sees it (`.` and `..` resolved, `%XX` decoded for
//! HTTP, a home-relative ssh path under `/~`).

use super::Ambiguous;

/// The key of `scheme://rest` (`scheme` not `file`).
pub(super) fn url(scheme: &str, rest: &str) -> Result<String, Ambiguous> {
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !valid_scheme {
        return Err(ambiguous("a scheme that is not one"));
    }
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "ssh+git" | "git+ssh" => "ssh".to_string(),
        other => other.to_string(),
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = host_port(&scheme, authority)?;
    if path.contains(['?', '#']) {
        return Err(ambiguous("`?` or `#` in the path, which git does not send"));
    }
    let path = match scheme.as_str() {
        "http" | "https" => super::dot_segments(&decode_http(path)?, true),
        "ssh" => ssh_path(&literal(path)?)?,
        _ => super::dot_segments(&literal(path)?, true),
    };
    Ok(format!("{scheme}://{host}{path}"))
}

/// The key of scp-like `head:path` (`git@host:org/repo`): an ssh URL, a path without a
/// leading `/` relative to the login's home (`/~/org/repo`).
pub(super) fn scp(head: &str, path: &str) -> Result<String, Ambiguous> {
    let host = host_port("ssh", head)?;
    if path.contains(['?', '#']) {
        return Err(ambiguous("`?` or `#` in the path, which git does not send"));
    }
    let path = literal(path)?;
    let path = if path.starts_with(['/', '~']) {
        ssh_path(&format!("/{}", path.trim_start_matches('/')))?
    } else {
        ssh_path(&format!("/~/{path}"))?
    };
    Ok(format!("ssh://{host}{path}"))
}

fn ambiguous(why: impl Into<String>) -> Ambiguous {
    Ambiguous { why: why.into() }
}

/// `host[:port]` of an authority, as git connects to it.
fn host_port(scheme: &str, authority: &str) -> Result<String, Ambiguous> {
    for c in authority.chars() {
        if matches!(c, '?' | '#' | '\\') {
            return Err(ambiguous(format!(
                "`{c}` before the path, where git and URL parsers disagree on the host"
            )));
        }
        let plain = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@[]%".contains(c);
        if !plain && (c.is_ascii() || c.is_control() || c.is_whitespace()) {
            return Err(ambiguous(format!(
                "`{}` before the path",
                c.escape_default()
            )));
        }
    }
    let hostport = match authority.split('@').count() {
        1 => authority,
        2 => authority.split_once('@').map_or(authority, |(_, h)| h),
        _ => return Err(ambiguous("more than one `@` before the path")),
    };
    let (host, port) = if hostport.starts_with('[') {
        let end = hostport
            .find(']')
            .ok_or_else(|| ambiguous("an IPv6 address without its `]`"))?;
        let (host, rest) = hostport.split_at(end + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => return Err(ambiguous("text after an IPv6 address")),
        }
    } else {
        if hostport.contains(['[', ']']) {
            return Err(ambiguous("`[` or `]` outside an IPv6 address"));
        }
        match hostport.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return Err(ambiguous("more than one `:` after the host"))
            }
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        }
    };
    let host = canonical_host(host)?;
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(
            p.parse::<u16>()
                .map_err(|_| ambiguous("a port that is not a port number"))?,
        ),
        Some(_) => return Err(ambiguous("a port that is not a port number")),
    };
    let default = match scheme {
        "http" => Some(80),
        "https" => Some(443),
        "ssh" => Some(22),
        "git" => Some(9418),
        _ => None,
    };
    Ok(match port {
        Some(p) if Some(p) != default => format!("{host}:{p}"),
        _ => host,
    })
}

/// The host git resolves: an ASCII name (lower-cased, checked by UTS-46), four decimal
/// numbers, or an IPv6 address.
fn canonical_host(host: &str) -> Result<String, Ambiguous> {
    use url::Host;
    if host.is_empty() {
        return Err(ambiguous("no host"));
    }
    if host.contains('%') {
        return Err(ambiguous("a percent-encoded host"));
    }
    if !host.is_ascii() {
        let ascii = match Host::parse(host) {
            Ok(h) => format!(" (as ASCII: `{h}`)"),
            Err(_) => String::new(),
        };
        return Err(ambiguous(format!(
            "a host that is not ASCII, which git looks up as written, without IDNA{ascii}"
        )));
    }
    match Host::parse(host) {
        Ok(Host::Ipv4(addr)) if addr.to_string() != host => Err(ambiguous(
            "an IPv4 address not written as four decimal numbers",
        )),
        Ok(Host::Ipv6(addr)) => Ok(format!("[{addr}]")),
        Ok(h) => Ok(h.to_string()),
        Err(_) => Err(ambiguous(format!(
            "a host name that does not parse (`{host}`)"
        ))),
    }
}

/// An HTTP path, decoded once (the server decodes it); encoded separators, dots and `%`
/// would mean one thing to the server and another to a reader.
fn decode_http(path: &str) -> Result<String, Ambiguous> {
    if path.contains('\\') {
        return Err(ambiguous("`\\` in the path"));
    }
    let bytes = path.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let hex = path.get(i + 1..i + 3).unwrap_or("");
            let decoded = u8::from_str_radix(hex, 16)
                .map_err(|_| ambiguous("a `%` in the path that encodes nothing"))?;
            if b"/\\.%?#".contains(&decoded) {
                return Err(ambiguous(
                    "an encoded `/`, `\\`, `.`, `%`, `?` or `#` in the path",
                ));
            }
        }
    }
    Ok(percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned())
}

/// A path git sends as written (ssh, git://): no `%XX`, which nothing decodes, and no `\`.
fn literal(path: &str) -> Result<String, Ambiguous> {
    if path.contains(['%', '\\']) {
        return Err(ambiguous("`%` or `\\` in a path that git sends as written"));
    }
    Ok(path.to_string())
}

/// An ssh path: absolute, or under a home folder (`/~/...`, `/~user/...`), which `..` may
/// not climb out of.
fn ssh_path(path: &str) -> Result<String, Ambiguous> {
    let trimmed = path.trim_start_matches('/');
    if !trimmed.starts_with('~') {
        return Ok(super::dot_segments(path, true));
    }
    let (home, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let rest = super::dot_segments(rest, false);
    if rest == ".." || rest.starts_with("../") {
        return Err(ambiguous("`..` above the home folder of an ssh path"));
    }
    Ok(if rest.is_empty() {
        format!("/{home}")
    } else {
        format!("/{home}/{rest}")
    })
}

#[cfg(test)]
mod tests {
    use super::super::{covers, normalise};

    fn key(text: &str) -> String {
        normalise(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn why(text: &str) -> String {
        match normalise(text) {
            Ok(k) => panic!("{text} is not ambiguous: {k}"),
            Err(e) => e.why,
        }
    }

    #[test]
    fn userinfo_is_not_where_git_connects() {
        let entry = "https://github.com/acme/";
        assert!(covers(entry, "https://evil@github.com/acme/x"));
        assert!(covers(entry, "https://user:pass@github.com/acme/x"));
        assert!(!covers(entry, "https://github.com@evil.example/acme/x"));
        assert!(!covers(entry, "https://github.com:443@evil.example/acme/x"));
        assert_eq!(
            key("https://a:b@GitHub.COM/acme/x"),
            "https://github.com/acme/x"
        );
        assert_eq!(
            why("https://github.com?@evil.example/acme/x"),
            "`?` before the path, where git and URL parsers disagree on the host"
        );
        assert!(!covers(entry, "https://evil.example?@github.com/acme/x"));
        assert!(!covers(entry, "https://evil.example#@github.com/acme/x"));
        assert!(!covers(entry, "https://evil.example\\@github.com/acme/x"));
        assert_eq!(
            why("https://a@evil.example@github.com/acme/x"),
            "more than one `@` before the path"
        );
    }

    #[test]
    fn unicode_percent_and_numeric_hosts_are_ambiguous() {
        let entry = "https://github.com/acme/";
        // Dotless i, fullwidth letters: UTS-46 says one is another host, one is github.com;
        // git looks both up as written. Neither is trusted.
        assert_eq!(
            why("https://gıthub.com/acme/x"),
            "a host that is not ASCII, which git looks up as written, without IDNA (as ASCII: `xn--gthub-n4a.com`)"
        );
        assert_eq!(
            why("https://ｇｉｔｈｕｂ.com/acme/x"),
            "a host that is not ASCII, which git looks up as written, without IDNA (as ASCII: `github.com`)"
        );
        assert!(!covers(entry, "https://ｇｉｔｈｕｂ.com/acme/x"));
        assert!(!covers(
            "https://ｇｉｔｈｕｂ.com/acme/",
            "https://github.com/acme/x"
        ));
        // Punycode is compared as DNS sees it, never decoded.
        assert!(!covers(entry, "https://xn--gthub-n4a.com/acme/x"));
        assert!(covers(
            "https://XN--GTHUB-N4A.com/acme/",
            "https://xn--gthub-n4a.com/acme/x"
        ));
        assert_eq!(why("https://%67ithub.com/acme/x"), "a percent-encoded host");
        assert!(!covers(entry, "https://github.com./acme/x"));
        assert!(!covers(entry, "https://GITHUB.com/acme/../evil"));
        for shorthand in [
            "http://0x7f.0.0.1/x",
            "http://2130706433/x",
            "http://127.1/x",
            "http://127.0.0.1./x",
        ] {
            assert_eq!(
                why(shorthand),
                "an IPv4 address not written as four decimal numbers"
            );
        }
        assert_eq!(key("http://[0:0::1]:8080/x"), "http://[::1]:8080/x");
    }

    #[test]
    fn default_ports_are_dropped_and_others_kept() {
        let entry = "https://github.com/acme/";
        assert!(covers(entry, "https://github.com:443/acme/x"));
        assert!(!covers(entry, "https://github.com:8443/acme/x"));
        assert!(!covers(entry, "http://github.com/acme/x"));
        assert!(covers(
            "http://127.0.0.1:80/acme/",
            "http://127.0.0.1/acme/x"
        ));
        assert_eq!(
            why("https://github.com:/acme/x"),
            "a port that is not a port number"
        );
        assert_eq!(
            why("https://github.com:x/acme/x"),
            "a port that is not a port number"
        );
        assert_eq!(
            why("https://github.com:99999/acme/x"),
            "a port that is not a port number"
        );
    }

    #[test]
    fn queries_fragments_and_encoded_separators_in_the_path_are_ambiguous() {
        for text in [
            "https://github.com/evil?/../acme/x",
            "https://github.com/evil#/../acme/x",
        ] {
            assert_eq!(why(text), "`?` or `#` in the path, which git does not send");
        }
        assert_eq!(
            why("https://github.com/evil/%2e%2e/acme/x"),
            "an encoded `/`, `\\`, `.`, `%`, `?` or `#` in the path"
        );
        assert!(covers(
            "https://dev.azure.com/org/",
            "https://dev.azure.com/org/My%20Project/_git/x"
        ));
    }

    #[test]
    fn ssh_urls_and_scp_like_paths_name_the_same_places() {
        // scp-like paths are relative to the login's home; ssh:// paths are absolute.
        assert_eq!(
            key("git@github.com:acme/x.git"),
            "ssh://github.com/~/acme/x.git"
        );
        assert_eq!(
            key("ssh://git@github.com/~/acme/x.git"),
            "ssh://github.com/~/acme/x.git"
        );
        assert_eq!(
            key("ssh://git@github.com/acme/x.git"),
            "ssh://github.com/acme/x.git"
        );
        assert_eq!(
            key("git@github.com:/srv/acme/x"),
            "ssh://github.com/srv/acme/x"
        );
        assert_eq!(
            key("git+ssh://git@github.com:22/srv/x"),
            "ssh://github.com/srv/x"
        );
        assert!(covers(
            "git@github.com:acme/",
            "ssh://other@github.com/~/acme/x.git"
        ));
        assert!(!covers(
            "git@github.com:acme/",
            "ssh://git@github.com/acme/x.git"
        ));
        assert!(!covers(
            "ssh://git@github.com/acme/",
            "git@github.com:acme/x.git"
        ));
        assert!(!covers(
            "git@github.com:acme/",
            "git@github.com:acme/../evil.git"
        ));
        assert_eq!(
            why("git@github.com:../acme/x"),
            "`..` above the home folder of an ssh path"
        );
        assert_eq!(
            why("ssh://github.com/~/../acme/x"),
            "`..` above the home folder of an ssh path"
        );
        assert_eq!(
            why("git@github.com:acme/%2e%2e/x"),
            "`%` or `\\` in a path that git sends as written"
        );
        assert_eq!(
            why("a@b@github.com:acme/x"),
            "more than one `@` before the path"
        );
    }
}
