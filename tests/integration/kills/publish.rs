//! Killed `jig publish` to a directory registry with a long history (a large index to
//! rewrite): SIGKILL and SIGTERM at points spread over a measured run, and the moment the new
//! index is being written. After each kill: the registry reads, its index names only versions
//! whose bundle is there whole, and the next publish finishes (or says the version is there)
//! and leaves nothing in the registry but its own files.

use super::*;
use serde_json::Value;

/// Versions already in the registry: their index takes a while to write.
const HISTORY: usize = 600;

struct Registry {
    sb: Sandbox,
    root: PathBuf,
}

fn registry() -> Registry {
    let sb = Sandbox::new();
    let root = sb.path().join("registry");
    sb.write_config(&format!(
        "registries:\n  team:\n    type: directory\n    path: {}\ndefault_registry: team\n",
        root.display()
    ));
    let r = Registry { sb, root };
    let first = r.publish_of("0.0.1");
    let out = r.sb.jig().arg("publish").arg(&first).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // A long history, made as a publish makes each version (its directory, then the index).
    let one = r.root.join("svc/0.0.1");
    let meta: Value = serde_json::from_str(&read(&one.join("meta.json"))).unwrap();
    for n in 0..HISTORY {
        let dir = r.root.join(format!("svc/0.1.{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::hard_link(one.join("bundle.tar.gz"), dir.join("bundle.tar.gz")).unwrap();
        let mut m = meta.clone();
        m["version"] = format!("0.1.{n}").into();
        write(&dir.join("meta.json"), m.to_string().as_bytes());
    }
    let out = r.sb.jig().arg("publish").arg(&first).output().unwrap();
    assert!(
        stderr(&out).contains("Unchanged svc 0.0.1"),
        "{}",
        stderr(&out)
    );
    r
}

impl Registry {
    /// A blueprint directory for `version` of `svc`.
    fn publish_of(&self, version: &str) -> PathBuf {
        let dir = self.sb.path().join("src").join(version);
        versioned_blueprint(&dir, "svc", version, version);
        dir
    }

    fn publish(&self, version: &str) -> Command {
        let mut cmd = self.sb.jig_std();
        cmd.arg("publish").arg(self.publish_of(version));
        cmd
    }

    /// Every version the index names has its bundle, whole (its digest is the recorded one).
    fn assert_index_whole(&self, when: &str) {
        let index: Value = serde_json::from_str(&read(&self.root.join("index.json")))
            .unwrap_or_else(|e| panic!("{when}: the index does not read: {e}"));
        for (version, meta) in index["blueprints"]["svc"].as_object().unwrap() {
            let bundle = self.root.join("svc").join(version).join("bundle.tar.gz");
            let bytes = std::fs::read(&bundle)
                .unwrap_or_else(|e| panic!("{when}: {version} is listed without its bundle: {e}"));
            assert_eq!(
                sha256_digest(&bytes),
                meta["digest"].as_str().unwrap(),
                "{when}: {version}"
            );
        }
    }

    /// What is in the registry's root besides its index, lock, staging folder and blueprints.
    fn debris(&self) -> Vec<String> {
        let mut left: Vec<String> = listing(&self.root)
            .into_iter()
            .filter(|n| !["index.json", ".lock", ".tmp", "svc"].contains(&n.as_str()))
            .collect();
        left.extend(
            listing(&self.root.join(".tmp"))
                .into_iter()
                .map(|n| format!(".tmp/{n}")),
        );
        left
    }
}

/// Spawns `cmd` and sends `signal` as soon as a temporary file appears in `root` or its
/// `.tmp` folder (a version is staged as a directory): the new index is being written.
/// Whether one was seen.
fn kill_while_indexing(mut cmd: Command, root: &Path, signal: i32) -> bool {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = false;
    while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        let writing = |dir: &Path| {
            listing(dir)
                .iter()
                .any(|n| n.starts_with(".tmp") && dir.join(n).is_file())
        };
        if writing(root) || writing(&root.join(".tmp")) {
            seen = true;
            break;
        }
        std::thread::yield_now();
    }
    // SAFETY: signals the child this test spawned (a no-op if it already exited).
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    child.wait().unwrap();
    seen
}

#[test]
fn a_killed_publish_leaves_a_readable_registry_and_the_next_publish_finishes() {
    let r = registry();
    let full = timed(r.publish("1.0.0"));
    let mut versions = 1;
    let mut indexing = 0;
    for signal in SIGNALS {
        let spread: Vec<Duration> = (1..=POINTS).map(|k| full * k / (POINTS + 1)).collect();
        for (n, at) in spread
            .iter()
            .map(Some)
            .chain([None, None, None])
            .enumerate()
        {
            versions += 1;
            let version = format!("1.{versions}.0");
            let when = match at {
                Some(d) => format!("{signal} at {d:?}"),
                None => format!("{signal} while indexing ({n})"),
            };
            match at {
                Some(d) => {
                    kill_at(r.publish(&version), &At::After(*d), signal);
                }
                None => {
                    indexing +=
                        usize::from(kill_while_indexing(r.publish(&version), &r.root, signal))
                }
            }
            r.assert_index_whole(&when);
            let shown =
                r.sb.jig()
                    .args(["show", "svc", "--registry", "team", "--format", "json"])
                    .output()
                    .unwrap();
            assert!(shown.status.success(), "{when}: {}", stderr(&shown));
            // Again: published now, or found whole and complete.
            let again = r.publish(&version).output().unwrap();
            let err = stderr(&again);
            assert!(again.status.success(), "{when}: {err}");
            assert!(
                err.contains(&format!("Published svc {version} to `team`"))
                    || err.contains(&format!("Unchanged svc {version} is already published in `team` with the same content")),
                "{when}: {err}"
            );
            r.assert_index_whole(&when);
            let index: Value = serde_json::from_str(&read(&r.root.join("index.json"))).unwrap();
            assert!(index["blueprints"]["svc"][&version].is_object(), "{when}");
            assert_eq!(r.debris(), Vec::<String>::new(), "{when}");
        }
    }
    assert!(
        indexing >= 3,
        "only {indexing} kills landed while the index was being written"
    );
}
