//! Trusted prefixes against URL spellings: userinfo, `?`/`#`/`\` before the path, encoded and
//! Unicode hosts, IPv4 shorthands, queries and fragments that git drops. Two git servers on
//! loopback stand for the trusted host and another one; a source is trusted only where git
//! really connects, and a spelling that parsers read differently is refused before any
//! connection.

use super::*;
use crate::servers::GitHttp;
use std::sync::atomic::Ordering;

/// A repository at `base/dir` holding blueprint `name` 1.0.0 whose hook touches `mark`.
fn hooked_repo(base: &Path, dir: &str, name: &str, mark: &Path) {
    let repo = base.join(dir);
    write(
        &repo.join("blueprint.yaml"),
        format!("name: {name}\nversion: 1.0.0\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: {name}-proj\nhooks:\n  post_gen:\n    - script: hooks/mark.sh\n").as_bytes(),
    );
    write(
        &repo.join("hooks/mark.sh"),
        format!("#!/bin/sh\ntouch {}\n", mark.display()).as_bytes(),
    );
    make_executable(&repo.join("hooks/mark.sh"));
    write(&repo.join("template/f.txt"), b"x\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
}

struct World {
    sb: Sandbox,
    trusted: GitHttp,
    other: GitHttp,
}

impl World {
    fn new() -> World {
        let sb = Sandbox::new();
        let (srv_a, srv_b) = (sb.path().join("srv-a"), sb.path().join("srv-b"));
        hooked_repo(&srv_a, "acme/good", "good", &sb.path().join("RAN-good"));
        hooked_repo(&srv_a, "evil", "evil", &sb.path().join("RAN-evil"));
        hooked_repo(&srv_b, "acme/good", "other", &sb.path().join("RAN-other"));
        let (trusted, other) = (GitHttp::start(&srv_a), GitHttp::start(&srv_b));
        sb.write_config(&format!(
            "trusted:\n  - http://127.0.0.1:{}/acme/\n",
            trusted.port
        ));
        World { sb, trusted, other }
    }

    fn requests(&self) -> usize {
        self.trusted.requests.load(Ordering::SeqCst) + self.other.requests.load(Ordering::SeqCst)
    }

    fn new_project(&self, source: &str, out: &str) -> (Option<i32>, String) {
        let out = self
            .sb
            .jig()
            .args(["new", &format!("{source}@v1.0.0"), "--defaults", "-o", out])
            .output()
            .unwrap();
        (out.status.code(), stderr(&out))
    }

    fn assert_nothing_ran(&self, source: &str) {
        for mark in ["RAN-good", "RAN-evil", "RAN-other"] {
            assert!(
                !self.sb.path().join(mark).exists(),
                "{source}: an untrusted hook ran ({mark})"
            );
        }
    }
}

#[test]
fn trust_follows_the_host_git_connects_to_whatever_the_spelling() {
    let w = World::new();
    let (a, b) = (w.trusted.port, w.other.port);

    // Spellings where git connects somewhere the entry does not cover: fetched, then refused.
    for source in [
        // user `127.0.0.1`, password `A`, host: the other server.
        format!("http://127.0.0.1:{a}@127.0.0.1:{b}/acme/good"),
        format!("http://127.0.0.1:{b}/acme/good"),
        format!("http://127.0.0.1:{a}/evil"),
    ] {
        let before = w.requests();
        let (code, err) = w.new_project(&source, "out");
        assert_eq!(code, Some(4), "{source}: {err}");
        assert!(err.contains(", and it is not trusted\n"), "{source}: {err}");
        assert!(w.requests() > before, "{source} was never fetched");
        w.assert_nothing_ran(&source);
    }

    // Spellings that parsers read differently (git and a URL library pick different hosts or
    // paths), or whose host git would look up as written: refused before any connection.
    let ascii = "127.0.0.1";
    for (source, why) in [
        // git drops the query and the fragment and fetches /evil; the text reads /acme/good.
        (format!("http://127.0.0.1:{a}/evil?/../acme/good"), "`?` or `#` in the path, which git does not send".to_string()),
        (format!("http://127.0.0.1:{a}/evil#/../acme/good"), "`?` or `#` in the path, which git does not send".to_string()),
        // git takes the host after the last `@`; a URL parser ends the host at `?`, `#`, `\`.
        (format!("http://127.0.0.1:{a}?@127.0.0.1:{b}/acme/good"), "`?` before the path, where git and URL parsers disagree on the host".to_string()),
        (format!("http://127.0.0.1:{b}?@127.0.0.1:{a}/acme/good"), "`?` before the path, where git and URL parsers disagree on the host".to_string()),
        (format!("http://127.0.0.1:{a}#@127.0.0.1:{b}/acme/good"), "`#` before the path, where git and URL parsers disagree on the host".to_string()),
        (format!("http://127.0.0.1:{a}\\@127.0.0.1:{b}/acme/good"), "`\\` before the path, where git and URL parsers disagree on the host".to_string()),
        (format!("http://x@127.0.0.1:{a}@127.0.0.1:{b}/acme/good"), "more than one `@` before the path".to_string()),
        // git decodes `%31%32%37` in the host; nothing else should have to.
        (format!("http://%31%32%37.0.0.1:{b}/acme/good"), "a percent-encoded host".to_string()),
        (format!("http://%31%32%37.0.0.1:{a}/acme/good"), "a percent-encoded host".to_string()),
        // Unicode hosts: git resolves them as written (no IDNA), so they are not 127.0.0.1.
        (format!("http://１２７.０.０.１:{a}/acme/good"), format!("a host that is not ASCII, which git looks up as written, without IDNA (as ASCII: `{ascii}`)")),
        (format!("http://127。0。0。1:{a}/acme/good"), format!("a host that is not ASCII, which git looks up as written, without IDNA (as ASCII: `{ascii}`)")),
        // IPv4 shorthands and a trailing dot: resolvers disagree on them.
        (format!("http://0x7f.0.0.1:{a}/acme/good"), "an IPv4 address not written as four decimal numbers".to_string()),
        (format!("http://2130706433:{a}/acme/good"), "an IPv4 address not written as four decimal numbers".to_string()),
        (format!("http://127.0.0.1.:{a}/acme/good"), "an IPv4 address not written as four decimal numbers".to_string()),
    ] {
        let before = w.requests();
        let (code, err) = w.new_project(&source, "out");
        assert_eq!(code, Some(4), "{source}: {err}");
        assert_eq!(
            err,
            format!("error: the source `{source}` is spelled ambiguously: {why}; jig neither fetches nor trusts it\nhint: spell it as git connects to it: scheme://host[:port]/path, the host in ASCII, without `?`, `#`, `\\` or percent-encoding\n"),
            "{source}"
        );
        assert_eq!(w.requests(), before, "{source} was fetched");
        w.assert_nothing_ran(&source);
    }
    assert!(!w.sb.out().exists());

    // Spellings of the trusted place itself: userinfo is not part of where git connects.
    for (i, source) in [
        format!("http://someone@127.0.0.1:{a}/acme/good"),
        format!("http://user:secret@127.0.0.1:{a}/acme/good"),
        format!("HTTP://127.0.0.1:{a}/acme/good"),
    ]
    .iter()
    .enumerate()
    {
        let _ = std::fs::remove_file(w.sb.path().join("RAN-good"));
        let (code, err) = w.new_project(source, &format!("ok{i}"));
        assert_eq!(code, Some(0), "{source}: {err}");
        assert!(
            w.sb.path().join("RAN-good").exists(),
            "{source}: the trusted hook did not run"
        );
    }
    assert!(!w.sb.path().join("RAN-evil").exists());
    assert!(!w.sb.path().join("RAN-other").exists());
}
