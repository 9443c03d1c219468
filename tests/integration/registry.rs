//! Directory registries through the real binary: publish, resolve `NAME@REQ`, immutability,
//! deterministic bundles, concurrent publishers, a publisher killed half way, tampering,
//! provenance, and the manifest/tag check at publish.

use crate::common::{self, git, read, stderr, stdout, versioned_blueprint, Sandbox};
use std::path::{Path, PathBuf};

fn registry_sandbox() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let root = sb.path().join("registry");
    sb.write_config(&format!(
        "registries:\n  team:\n    type: directory\n    path: {}\ndefault_registry: team\n",
        root.display()
    ));
    (sb, root)
}

fn blueprint_dir(sb: &Sandbox, dir: &str, name: &str, version: &str, marker: &str) -> PathBuf {
    let path = sb.path().join("src").join(dir);
    versioned_blueprint(&path, name, version, marker);
    path
}

fn publish(sb: &Sandbox, dir: &Path, extra: &[&str]) -> std::process::Output {
    sb.jig()
        .arg("publish")
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

fn publish_json(sb: &Sandbox, dir: &Path) -> serde_json::Value {
    let out = publish(sb, dir, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn show_json(sb: &Sandbox, source: &str) -> Option<serde_json::Value> {
    let out = sb
        .jig()
        .args(["show", source, "--registry", "team", "--format", "json"])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn publish_then_use_by_name_and_requirement() {
    let (sb, root) = registry_sandbox();
    for (version, marker) in [
        ("1.0.0", "one"),
        ("1.1.0", "one-one"),
        ("2.0.0-beta.1", "beta"),
    ] {
        let dir = blueprint_dir(&sb, version, "svc", version, marker);
        let out = publish(&sb, &dir, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!(
                "Published svc {version} to `team` ({})",
                root.display()
            )),
            "{}",
            stderr(&out)
        );
    }
    let index: serde_json::Value = serde_json::from_str(&read(&root.join("index.json"))).unwrap();
    let versions: Vec<&String> = index["blueprints"]["svc"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(versions, ["1.0.0", "1.1.0", "2.0.0-beta.1"]);

    for (source, extra, want) in [
        ("svc", vec![], "one-one"),
        ("svc@~1.0", vec![], "one"),
        ("svc@^1.0", vec![], "one-one"),
        ("svc@1.0.0", vec![], "one"),
        ("svc@latest", vec!["--pre"], "beta"),
        (
            "svc",
            vec!["--registry", "team", "--version", "1.0.0"],
            "one",
        ),
    ] {
        let _ = std::fs::remove_dir_all(sb.out());
        let out = sb
            .jig()
            .args(["new", source, "--defaults", "-o", "out", "--no-git"])
            .args(&extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{source}: {}", stderr(&out));
        assert_eq!(
            read(&sb.out().join("demo/README.md")),
            format!("demo: {want}\n")
        );
    }
    let answers = common::answers(&sb.out().join("demo"), "svc");
    let published: serde_json::Value =
        serde_json::from_str(&read(&root.join("svc/1.0.0/meta.json"))).unwrap();
    assert_eq!(answers["source_kind"].as_str(), Some("registry"));
    assert_eq!(answers["registry"].as_str(), Some("team"));
    assert_eq!(answers["version"].as_str(), Some("1.0.0"));
    assert_eq!(answers["bundle"].as_str(), published["digest"].as_str());

    let shown = show_json(&sb, "svc").unwrap();
    assert_eq!(shown["versions"], serde_json::json!(["1.1.0", "1.0.0"]));
    assert_eq!(shown["description"], "svc for tests");

    let out = sb
        .jig()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let row = rows
        .iter()
        .find(|r| r["name"] == "svc")
        .expect("svc listed");
    assert_eq!(row["version"], "1.1.0");
    assert_eq!(row["from"], "registry:team");

    // A directory registry needs no network: --offline works the same.
    let _ = std::fs::remove_dir_all(sb.out());
    let out = sb
        .jig()
        .args([
            "new",
            "svc@1.1.0",
            "--defaults",
            "-o",
            "out",
            "--no-git",
            "--offline",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let out = sb
        .jig()
        .args(["new", "svc@^3", "--defaults", "-o", "out2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: registry `team` has no version of `svc` matching ^3\n  available: 1.0.0, 1.1.0, 2.0.0-beta.1"),
        "{}",
        stderr(&out)
    );
    let out = sb
        .jig()
        .args(["new", "svc", "--registry", "nope", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out)
        .contains("error: no registry named `nope`\nhint: configured registries: team, local"));
}

#[test]
fn versions_are_immutable_and_republishing_is_a_no_op() {
    let (sb, root) = registry_sandbox();
    let dir = blueprint_dir(&sb, "a", "svc", "1.0.0", "first");
    let first = publish_json(&sb, &dir);
    assert_eq!(first["result"], "new");

    // The same files elsewhere, written later (other mtimes): the same bundle, a no-op.
    let copy = blueprint_dir(&sb, "b", "svc", "1.0.0", "first");
    let again = publish(&sb, &copy, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again)
            .contains("Unchanged svc 1.0.0 is already published in `team` with the same content"),
        "{}",
        stderr(&again)
    );
    assert_eq!(publish_json(&sb, &copy)["digest"], first["digest"]);

    let changed = blueprint_dir(&sb, "c", "svc", "1.0.0", "different");
    let out = publish(&sb, &changed, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: svc 1.0.0 is already published in `team` with different content\n"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  published: {}",
            first["digest"].as_str().unwrap()
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: published versions never change; raise `version:`"),
        "{err}"
    );
    let meta: serde_json::Value =
        serde_json::from_str(&read(&root.join("svc/1.0.0/meta.json"))).unwrap();
    assert_eq!(
        meta["digest"], first["digest"],
        "the published version is untouched"
    );
}

/// `jig publish DIR` for every dir at once.
fn spawn_publishers(sb: &Sandbox, dirs: &[PathBuf]) -> Vec<std::process::Child> {
    dirs.iter()
        .map(|d| {
            sb.jig_std()
                .arg("publish")
                .arg(d)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect()
}

#[test]
fn concurrent_publishers_queue_and_one_wins() {
    let (sb, root) = registry_sandbox();
    // Different content under one version: exactly one publish succeeds.
    for round in 0..3 {
        let version = format!("1.0.{round}");
        let dirs: Vec<PathBuf> = (0..2)
            .map(|i| {
                blueprint_dir(
                    &sb,
                    &format!("r{round}-{i}"),
                    "race",
                    &version,
                    &format!("writer {i}"),
                )
            })
            .collect();
        let children = spawn_publishers(&sb, &dirs);
        let outputs: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let ok: Vec<_> = outputs.iter().filter(|o| o.status.success()).collect();
        assert_eq!(
            ok.len(),
            1,
            "round {round}: {:?}",
            outputs.iter().map(stderr).collect::<Vec<_>>()
        );
        let refused = outputs.iter().find(|o| !o.status.success()).unwrap();
        assert!(stderr(refused).contains("is already published in `team` with different content"));
    }
    // Different versions at once: all of them end up in the index.
    let dirs: Vec<PathBuf> = (0..4)
        .map(|i| blueprint_dir(&sb, &format!("v{i}"), "many", &format!("0.{i}.0"), "x"))
        .collect();
    for c in spawn_publishers(&sb, &dirs) {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let index: serde_json::Value = serde_json::from_str(&read(&root.join("index.json"))).unwrap();
    let versions: Vec<&String> = index["blueprints"]["many"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(versions, ["0.0.0", "0.1.0", "0.2.0", "0.3.0"]);
    assert_eq!(index["blueprints"]["race"].as_object().unwrap().len(), 3);
}

#[test]
fn a_publish_killed_half_way_is_never_listed() {
    let (sb, root) = registry_sandbox();
    let dir = blueprint_dir(&sb, "big", "big", "1.0.0", "big");
    // Incompressible content makes the publish slow enough to interrupt.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..12 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    common::write(&dir.join("template/data.bin"), &noise);
    let mut saw_unlisted = false;
    for delay_ms in [5, 30, 80, 150, 300, 600] {
        let mut child = sb
            .jig_std()
            .arg("publish")
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        // Whatever the moment: either listed whole (and usable) or not listed at all.
        match show_json(&sb, "big") {
            Some(shown) => {
                assert_eq!(shown["versions"], serde_json::json!(["1.0.0"]));
                let bundle = root.join("big/1.0.0/bundle.tar.gz");
                assert!(
                    bundle.is_file(),
                    "listed without its bundle ({delay_ms} ms)"
                );
            }
            None => {
                assert!(!finished, "a finished publish must be listed");
                saw_unlisted = true;
            }
        }
    }
    assert!(
        saw_unlisted,
        "no publish was interrupted; the test proves nothing"
    );
    // Publishing again completes (or finds it complete), and leaves no debris.
    let out = publish(&sb, &dir, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!root.join(".tmp").exists() || common::listing(&root.join(".tmp")).is_empty());
    let out = sb
        .jig()
        .args(["new", "big", "--defaults", "-o", "out", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(sb.out().join("demo/data.bin")).unwrap(),
        noise
    );
}

#[test]
fn tampered_bundles_are_refused_and_replaced_versions_reported() {
    let (sb, root) = registry_sandbox();
    let dir = blueprint_dir(&sb, "a", "svc", "1.0.0", "original");
    publish_json(&sb, &dir);
    let out = sb
        .jig()
        .args(["new", "svc@1.0.0", "--defaults", "-o", "out", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let project = sb.out().join("demo");
    let recorded = common::answers(&project, "svc")["bundle"]
        .as_str()
        .unwrap()
        .to_string();

    // Someone swaps the bundle bytes behind the registry's back: refused, nothing written.
    let bundle = root.join("svc/1.0.0/bundle.tar.gz");
    let original = std::fs::read(&bundle).unwrap();
    let other = blueprint_dir(&sb, "b", "svc", "1.0.0", "swapped");
    let _ = std::fs::remove_dir_all(sb.path().join("cache"));
    let swapped_root = sb.path().join("swap");
    sb.write_config(&format!(
        "registries:\n  team:\n    type: directory\n    path: {}\n  swap:\n    type: directory\n    path: {}\ndefault_registry: team\n",
        root.display(),
        swapped_root.display()
    ));
    assert!(publish(&sb, &other, &["--registry", "swap"])
        .status
        .success());
    std::fs::copy(swapped_root.join("svc/1.0.0/bundle.tar.gz"), &bundle).unwrap();
    let out = sb
        .jig()
        .args(["new", "svc@1.0.0", "--defaults", "-o", "out2", "--no-git"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "error: the bundle of svc 1.0.0 from `team` has digest {}, but the registry lists {recorded}",
            common::sha256_digest(&std::fs::read(&bundle).unwrap())
        )),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("out2").exists());
    std::fs::write(&bundle, original).unwrap();

    let out = sb.jig().arg("show").arg(&project).output().unwrap();
    assert!(
        stdout(&out).contains("verified: registry `team` still serves svc 1.0.0"),
        "{}",
        stdout(&out)
    );

    // The version is replaced wholesale (deleted and republished): loud on every read.
    std::fs::remove_dir_all(root.join("svc/1.0.0")).unwrap();
    assert!(publish(&sb, &other, &[]).status.success());
    let out = sb.jig().arg("show").arg(&project).output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("WARNING: registry `team` now serves svc 1.0.0 with digest sha256:"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&format!("but .jig/svc.yaml was made from {recorded}")));
}

#[test]
fn publish_checks_the_manifest_against_the_tag() {
    let (sb, _) = registry_sandbox();
    let repo = sb.path().join("bprepo");
    versioned_blueprint(&repo.join("svc"), "svc", "1.0.0", "x");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "x"]);
    git(&repo, &["tag", "svc/v1.1.0"]);
    let out = publish(&sb, &repo.join("svc"), &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("svc says version 1.0.0, but its commit is tagged svc/v1.1.0"),
        "{}",
        stderr(&out)
    );
    git(&repo, &["tag", "svc/v1.0.0"]);
    let out = publish(&sb, &repo.join("svc"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = publish(&sb, &sb.path().join("nowhere"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a jig blueprint (no blueprint.yaml)"));
}

#[test]
fn the_local_registry_is_there_without_config() {
    let sb = Sandbox::new();
    let dir = sb.path().join("bp");
    versioned_blueprint(&dir, "mine", "0.1.0", "local");
    let out = sb.jig().arg("publish").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(sb
        .path()
        .join("data/jig/registry/mine/0.1.0/bundle.tar.gz")
        .is_file());
    let out = sb
        .jig()
        .args(["new", "mine@0.1", "--defaults", "-o", "out", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("demo/README.md")), "demo: local\n");
}

/// A CodeArtifact registry from the config file, through the binary: with no endpoint
/// answering, the error names the registry, the operation and what to check.
#[test]
fn codeartifact_registries_come_from_the_config() {
    let sb = Sandbox::new();
    sb.write_config(
        "registries:\n  acme:\n    type: codeartifact\n    domain: acme\n    domain_owner: \"111122223333\"\n    repository: blueprints\n    namespace: platform\n    region: eu-west-1\n    endpoint_url: http://127.0.0.1:9\n",
    );
    let dir = blueprint_dir(&sb, "a", "svc", "1.0.0", "x");
    let out = sb
        .jig()
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_MAX_ATTEMPTS", "1")
        .arg("publish")
        .arg(&dir)
        .args(["--registry", "acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: registry `acme`: ListPackageVersionAssets failed: "),
        "{err}"
    );
    assert!(
        err.contains("hint: check that AWS credentials and a region are configured"),
        "{err}"
    );

    // A typo in the registry's settings is caught with the file named.
    sb.write_config("registries:\n  acme:\n    type: codeartifact\n    domian: acme\n");
    let out = sb.jig().arg("publish").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid config file"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("domian"), "{}", stderr(&out));
}

#[test]
fn projects_from_a_registry_are_checked_and_updated_by_published_version() {
    let (sb, _root) = registry_sandbox();
    let v1 = blueprint_dir(&sb, "v1", "svc", "1.0.0", "first");
    publish_json(&sb, &v1);
    let out = sb.new_project(Path::new("svc@^1"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let project = sb.out().join("demo");
    git(&project, &["status"]);
    let check = |extra: &[&str]| {
        let out = sb
            .jig()
            .current_dir(&project)
            .args(["check", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), report)
    };
    let (code, report) = check(&[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["blueprints"][0]["provenance"]["status"], "verified");

    let v2 = blueprint_dir(&sb, "v2", "svc", "1.1.0", "second");
    publish_json(&sb, &v2);
    let (code, report) = check(&[]);
    assert_eq!(code, Some(10), "{report}");
    assert_eq!(report["blueprints"][0]["version"]["latest"], "1.1.0");

    let out = sb
        .jig()
        .current_dir(&project)
        .args(["update"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(&project.join("README.md")), "demo: second\n");
    let recorded = crate::common::answers(&project, "svc");
    assert_eq!(recorded["version"].as_str(), Some("1.1.0"));
    assert_eq!(recorded["registry"].as_str(), Some("team"));
    assert_eq!(
        recorded["bundle"].as_str(),
        Some(publish_json(&sb, &v2)["digest"].as_str().unwrap())
    );
}

/// An immutable version is a commit: uncommitted edits are refused unless --allow-dirty, and
/// a commit without a version tag is published with a warning.
#[test]
fn publishing_needs_a_commit_and_says_when_it_is_not_tagged() {
    let (sb, root) = registry_sandbox();
    let dir = blueprint_dir(&sb, "svc", "svc", "1.0.0", "one");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "v1"]);
    common::write(&dir.join("template/README.md"), b"edited, not committed\n");
    common::write(&dir.join("template/new.txt"), b"untracked\n");
    let out = publish(&sb, &dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {} has uncommitted changes, and a published version is immutable\n  template/README.md\n  template/new.txt\n  nothing was published\nhint: commit them (and tag the commit), or pass --allow-dirty to publish the working tree as it is\n",
            dir.display()
        )
    );
    assert!(
        !root.exists() || common::tree(&root).iter().all(|p| !p.contains("svc")),
        "nothing may reach the registry: {:?}",
        common::tree(&root)
    );

    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "edits"]);
    let head = git(&dir, &["rev-parse", "HEAD"]);
    let out = publish(&sb, &dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&format!(
            "warning: the commit being published ({}) has no version tag; tag it (`git tag v1.0.0`) so 1.0.0 can be traced to its source\n",
            &head[..12]
        )),
        "{}",
        stderr(&out)
    );
    let dirty = blueprint_dir(&sb, "svc2", "svc2", "1.0.0", "two");
    git(&dirty, &["init", "-q"]);
    let out = publish(&sb, &dirty, &["--allow-dirty"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
