//! Hooks: the trust rule, the contract (cwd, environment, answers on stdin), failures,
//! skips, timeouts and Ctrl-C, always leaving nothing behind on failure.

use crate::common::*;
use pretty_assertions::assert_eq;

const RECORDER: &str = r#"#!/bin/sh
set -eu
files=$(ls -A | tr '\n' ' ')
{
  echo "stage=$JIG_STAGE"
  echo "blueprint=$JIG_BLUEPRINT $JIG_BLUEPRINT_VERSION"
  echo "dest=$JIG_DESTINATION"
  echo "cwd=$(basename "$PWD") in $(basename "$(dirname "$PWD")" | cut -c1-13)"
  echo "stdin=$(cat)"
  echo "files=$files"
} > "hook-$JIG_STAGE.log"
"#;

fn with_hooks(sb: &Sandbox, hooks: &str, scripts: &[(&str, &str)]) -> std::path::PathBuf {
    let m = format!(
        "{}hooks:\n{hooks}",
        manifest("  token:\n    type: secret\n    default: t0k\n")
    );
    let mut files = vec![
        ("blueprint.yaml", m.as_str()),
        ("template/README.md", "# {{ project_slug }}\n"),
    ];
    files.extend_from_slice(scripts);
    let bp = sb.blueprint("hooked", &files);
    for (rel, _) in scripts {
        make_executable(&bp.join(rel));
    }
    bp
}

#[test]
fn untrusted_hooks_stop_before_anything_is_written() {
    let sb = Sandbox::new();
    let bp = with_hooks(
        &sb,
        "  post_gen:\n    - script: hooks/rec.sh\n",
        &[("hooks/rec.sh", RECORDER)],
    );
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(4));
    let config = sb.path().join("config/jig/config.yaml");
    assert_eq!(
        stderr(&out),
        format!(
            "error: the blueprint at {} has hooks, and it is not trusted\n\
             \x20 would run: post_gen hooks/rec.sh\n\
             hint: read the hooks, then pass --trust to run them, or --no-hooks to generate without them\n\
             hint: to always trust this source, add `{}` under `trusted:` in {}\n",
            bp.display(),
            bp.canonicalize().unwrap().display(),
            config.display()
        )
    );
    assert!(!sb.out().exists());

    let out = sb.new_project(&bp, &["--no-hooks"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!sb.out().join("demo/hook-post_gen.log").exists());
}

#[test]
fn trusted_hooks_run_with_the_documented_contract() {
    let sb = Sandbox::new();
    let bp = with_hooks(
        &sb,
        "  pre_gen:\n    - script: hooks/rec.sh\n  post_gen:\n    - script: hooks/rec.sh\n",
        &[("hooks/rec.sh", RECORDER)],
    );
    let out = sb.new_project(&bp, &["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = sb.out().join("demo");
    let dest = std::fs::canonicalize(&p).unwrap();
    let pre = read(&p.join("hook-pre_gen.log"));
    assert_eq!(
        pre,
        format!(
            "stage=pre_gen\nblueprint=fixture 1.2.3\ndest={}\ncwd=demo in .jig-staging-\nstdin={{\"project_slug\":\"demo\",\"token\":\"t0k\"}}\nfiles=\n",
            dest.display()
        )
    );
    let post = read(&p.join("hook-post_gen.log"));
    assert!(
        post.contains("files=.git .jig README.md hook-pre_gen.log \n"),
        "{post}"
    );
    // What post_gen hooks write is part of the first commit.
    let repo = git2::Repository::open(&p).unwrap();
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    assert!(tree.get_name("hook-pre_gen.log").is_some());
    assert!(tree.get_name("hook-post_gen.log").is_some());
}

#[test]
fn trust_can_come_from_the_config_file() {
    let sb = Sandbox::new();
    let bp = with_hooks(
        &sb,
        "  post_gen:\n    - script: hooks/rec.sh\n",
        &[("hooks/rec.sh", RECORDER)],
    );
    let blueprints = std::fs::canonicalize(sb.path().join("blueprints")).unwrap();
    sb.write_config(&format!("trusted:\n  - {}/\n", blueprints.display()));
    let out = sb.new_project(&bp, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(sb.out().join("demo/hook-post_gen.log").is_file());
}

#[test]
fn a_failing_hook_shows_its_output_and_leaves_nothing() {
    let sb = Sandbox::new();
    let script = "#!/bin/sh\necho 'checking name'\necho 'name is taken' >&2\nexit 3\n";
    let bp = with_hooks(
        &sb,
        "  post_gen:\n    - script: hooks/fail.sh\n",
        &[("hooks/fail.sh", script)],
    );
    let out = sb.new_project(&bp, &["--trust"]);
    assert_eq!(out.status.code(), Some(1));
    // The output is shown as the hook prints it, and not repeated in the report.
    assert_eq!(
        stderr(&out),
        "  | checking name\n\
         \x20 | name is taken\n\
         error: post_gen hook `hooks/fail.sh` failed with exit code 3\n\
         \x20 nothing was left behind\n"
    );
    assert!(!sb.out().exists());
}

#[test]
fn python_hooks_and_when_conditions() {
    let sb = Sandbox::new();
    let py = "import json, sys\nanswers = json.load(sys.stdin)\nopen('from-python.txt', 'w').write(answers['project_slug'])\n";
    let bp = with_hooks(
        &sb,
        "  post_gen:\n    - script: hooks/write.py\n    - script: hooks/never.sh\n      when: \"project_slug == 'other'\"\n",
        &[("hooks/write.py", py), ("hooks/never.sh", "#!/bin/sh\nexit 1\n")],
    );
    let out = sb.new_project(&bp, &["--trust"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&sb.out().join("demo/from-python.txt")), "demo");
}

#[test]
fn a_hook_that_skips_itself_is_a_warning() {
    let sb = Sandbox::new();
    let script =
        "#!/bin/sh\necho 'terraform is not installed; run terraform init later'\nexit 10\n";
    let bp = with_hooks(
        &sb,
        "  post_gen:\n    - script: hooks/tf.sh\n",
        &[("hooks/tf.sh", script)],
    );
    let out = sb.new_project(&bp, &["--trust"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).starts_with(
            "  | terraform is not installed; run terraform init later\n\
         warning: post_gen hook `hooks/tf.sh` skipped itself in demo (exit code 10)\n"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn reusable_hooks_say_when_their_tool_is_missing() {
    let sb = Sandbox::new();
    let bp = with_hooks(&sb, "  post_gen:\n    - use: uv-lock\n", &[]);
    let out = sb
        .jig()
        .env("PATH", "/usr/bin:/bin")
        .args([
            "new",
            bp.to_str().unwrap(),
            "--defaults",
            "--trust",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("  | uv is not installed, so uv.lock was not created.\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "\nwarning: post_gen hook `use: uv-lock` skipped itself in demo (exit code 10)\n"
        ),
        "{err}"
    );
}

/// The reason a reusable hook skipped itself is shown once per repository, as it runs; the
/// warning names the hook and the repository without repeating it.
#[test]
fn a_missing_pre_commit_is_reported_once_per_repository() {
    let sb = Sandbox::new();
    let run = |blueprint: &str| {
        sb.jig()
            .env("PATH", "/usr/bin:/bin")
            .args(["new", blueprint, "--defaults", "-o", blueprint])
            .output()
            .unwrap()
    };
    let out = run("ds-project");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("pre-commit is not installed").count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains("\nwarning: post_gen hook `use: pre-commit-install` skipped itself in customer-segmentation (exit code 10)\n"),
        "{err}"
    );

    // Two repositories: each says it once.
    let out = run("sagemaker-mlops");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("pre-commit is not installed").count(),
        2,
        "{err}"
    );
    for repo in ["churn-model", "churn-model-deploy"] {
        let warning = format!("\nwarning: post_gen hook `use: pre-commit-install` skipped itself in {repo} (exit code 10)\n");
        assert_eq!(err.matches(&warning).count(), 1, "{err}");
    }
}

#[test]
fn pre_commit_install_hook_installs_git_hooks() {
    let sb = Sandbox::new();
    let out = sb
        .jig()
        .args(["new", "ds-project", "--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hook = sb.out().join("customer-segmentation/.git/hooks/pre-commit");
    assert!(
        read(&hook).contains("pre-commit"),
        "pre-commit's git hook is installed"
    );
}

#[test]
fn a_hook_that_runs_too_long_is_killed() {
    let sb = Sandbox::new();
    let bp = with_hooks(
        &sb,
        "  pre_gen:\n    - script: hooks/slow.sh\n      timeout: 1\n",
        &[("hooks/slow.sh", "#!/bin/sh\necho starting\nexec sleep 30\n")],
    );
    let started = std::time::Instant::now();
    let out = sb.new_project(&bp, &["--trust"]);
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "  | starting\n\
         error: pre_gen hook `hooks/slow.sh` timed out after 1 s\n\
         \x20 nothing was left behind\n\
         hint: raise the limit with the hook's `timeout` or JIG_HOOK_TIMEOUT\n"
    );
    assert!(!sb.out().exists());
}

#[test]
fn ctrl_c_during_generation_leaves_nothing_behind() {
    let sb = Sandbox::new();
    let bp = with_hooks(
        &sb,
        "  post_gen:\n    - script: hooks/slow.sh\n",
        &[("hooks/slow.sh", "#!/bin/sh\ntouch started\nsleep 30\n")],
    );
    std::fs::create_dir_all(sb.out()).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jig"));
    cmd.current_dir(sb.path())
        .env("PATH", test_path())
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("XDG_CONFIG_HOME", sb.path().join("config"))
        .args([
            "new",
            bp.to_str().unwrap(),
            "--defaults",
            "--trust",
            "-o",
            "out",
        ])
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    // Wait until the hook runs inside the staging directory.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !listing(&sb.out())
        .iter()
        .any(|n| sb.out().join(n).join("demo/started").exists())
    {
        assert!(std::time::Instant::now() < deadline, "hook never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Only jig is signalled: it must stop the hook itself.
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let staging = listing(&sb.out());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{} (staging was {staging:?})",
        stderr(&out)
    );
    assert!(
        stderr(&out).ends_with("error: `jig new` was interrupted; the partial files were removed, nothing was left behind\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        listing(&sb.out()),
        Vec::<String>::new(),
        "the staging directory is gone"
    );
}

/// Whether a process is gone (or a zombie waiting for its new parent to reap it).
fn process_gone(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| stat.split(' ').nth(2) == Some("Z"))
        .unwrap_or(true)
}

#[test]
fn a_terminated_hooks_children_die_with_it() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let sb = Sandbox::new();
        let pidfile = sb.path().join("child.pid");
        let script = format!(
            "#!/bin/sh\nsleep 300 &\necho $! > {}\nsleep 300\n",
            pidfile.display()
        );
        let bp = with_hooks(
            &sb,
            "  post_gen:\n    - script: hooks/spawn.sh\n",
            &[("hooks/spawn.sh", &script)],
        );
        let child = sb
            .jig_std()
            .arg("new")
            .arg(&bp)
            .args(["--defaults", "--trust", "-o", "out"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !std::fs::read_to_string(&pidfile).is_ok_and(|p| p.ends_with('\n')) {
            assert!(
                std::time::Instant::now() < deadline,
                "the hook never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // SAFETY: signals the jig process this test spawned.
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "signal {signal}");
        assert_eq!(
            stderr(&out),
            "error: `jig new` was interrupted; the partial files were removed, nothing was left behind\n"
        );
        assert!(
            !sb.out().exists(),
            "signal {signal} left {:?}",
            tree(&sb.out())
        );
        let grandchild = read(&pidfile).trim().to_string();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !process_gone(&grandchild) {
            assert!(
                std::time::Instant::now() < deadline,
                "the hook's background child {grandchild} outlived jig (signal {signal})"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}
