//! Killed `jig new` of a blueprint that makes several repositories side by side: after the
//! kill there are all of them or none (or a journal the next run rolls back), never some
//! repositories looking finished and the rest missing; the same command again then makes
//! them all, or says they are all there.

use super::*;

const REPOS: [&str; 3] = ["build", "deploy", "monitor"];
const PER_REPO: usize = 100;
/// Spread kill points per signal (besides the three after staging begins): each costs a
/// kill and a full rerun.
const SPREAD: u32 = 2;

fn blueprint(root: &Path) {
    let mut manifest = String::from(
        "name: trio\nversion: 1.0.0\nquestions:\n  project_slug:\n    default: churn\n  token:\n    type: secret\n    default: none\nrepositories:\n",
    );
    for repo in REPOS {
        manifest.push_str(&format!(
            "  {repo}:\n    template: {repo}\n    directory: \"{{{{ project_slug }}}}-{repo}\"\n"
        ));
        for i in 0..PER_REPO {
            write(
                &root.join(format!("{repo}/src/{}/f{i}.txt", i % 10)),
                format!("{repo} file {i} of {{{{ project_slug }}}}\n").as_bytes(),
            );
        }
        write(&root.join(format!("{repo}/.env")), b"TOKEN={{ token }}\n");
    }
    write(&root.join("blueprint.yaml"), manifest.as_bytes());
}

/// Which of the repositories are there, and whether each is whole.
fn made(out: &Path) -> Vec<(String, bool)> {
    REPOS
        .iter()
        .map(|r| out.join(format!("churn-{r}")))
        .filter(|d| d.exists())
        .map(|d| {
            let whole = d.join(".jig/trio.yaml").is_file()
                && d.join(".git/HEAD").is_file()
                && walkdir::WalkDir::new(d.join("src"))
                    .into_iter()
                    .flatten()
                    .filter(|e| e.file_type().is_file())
                    .count()
                    == PER_REPO;
            (d.file_name().unwrap().to_string_lossy().into_owned(), whole)
        })
        .collect()
}

#[test]
fn a_killed_multi_repository_new_leaves_all_or_none_and_the_rerun_finishes() {
    let sb = Sandbox::new();
    let bp = sb.path().join("trio");
    blueprint(&bp);
    let new = |dir: &str| {
        let mut cmd = sb.jig_std();
        cmd.arg("new").arg(&bp).args([
            "--defaults",
            "--data",
            &format!("token={SECRET}"),
            "-o",
            dir,
        ]);
        cmd
    };
    let full = timed(new("measure"));
    let out = sb.out();
    let mut marked = 0;
    for signal in SIGNALS {
        for at in kill_points(
            full,
            SPREAD,
            Marker {
                dir: &out,
                prefix: ".jig-staging-",
                inner: None,
            },
        ) {
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir_all(&out).unwrap();
            let (code, seen) = kill_at(new("out"), &at, signal);
            marked += usize::from(seen);
            let when = format!("{signal} at {}", describe(&at));
            let there = made(&out);
            let journal = listing(&out).iter().any(|n| n.starts_with(".jig-journal-"));
            assert!(
                there.is_empty() || there.len() == REPOS.len() || journal,
                "{when}: a subset of the repositories: {there:?}"
            );
            if there.len() == REPOS.len() && !journal {
                assert!(there.iter().all(|(_, whole)| *whole), "{when}: {there:?}");
            }
            if signal == libc::SIGTERM {
                assert!(matches!(code, Some(0) | Some(130)), "{when}: exit {code:?}");
                assert_eq!(leftovers(&out), Vec::<String>::new(), "{when}");
            }
            let again = new("out").output().unwrap();
            let err = stderr(&again);
            if there.len() == REPOS.len() && !journal {
                assert_eq!(again.status.code(), Some(2), "{when}: {err}");
                assert!(
                    err.starts_with("error: out/churn-build already exists and is not empty\n"),
                    "{when}: {err}"
                );
            } else {
                assert!(again.status.success(), "{when}: the rerun failed: {err}");
                if journal {
                    assert!(
                        err.contains("was rolled back"),
                        "{when}: the rerun did not say what it undid: {err}"
                    );
                }
            }
            let finished = made(&out);
            assert_eq!(finished.len(), REPOS.len(), "{when}: {finished:?}");
            assert!(
                finished.iter().all(|(_, whole)| *whole),
                "{when}: {finished:?}"
            );
            assert_eq!(leftovers(&out), Vec::<String>::new(), "{when}");
            assert_eq!(
                secret_holders(&sb.path().join("tmp"), &out),
                Vec::<PathBuf>::new(),
                "{when}: a secret in TMPDIR"
            );
        }
    }
    assert!(
        marked >= 4,
        "only {marked} kills landed while a staging directory existed"
    );
}

/// A run killed between its renames (a window of microseconds, so set up here as the kill
/// leaves it: one repository moved in, the journal of the set on disk, its owner gone): the
/// same command rolls it back, says so, and makes them all.
#[test]
fn a_set_killed_between_its_moves_is_rolled_back_by_the_rerun() {
    let sb = Sandbox::new();
    let bp = sb.path().join("trio");
    blueprint(&bp);
    let out = sb.out();
    let made_all = sb.new_project(&bp, &[]);
    assert!(made_all.status.success(), "{}", stderr(&made_all));
    for repo in &REPOS[1..] {
        std::fs::remove_dir_all(out.join(format!("churn-{repo}"))).unwrap();
    }
    let names: Vec<String> = REPOS.iter().map(|r| format!("churn-{r}")).collect();
    let record = serde_json::json!({
        "what": format!("jig new of 3 repositories into {}", out.display()),
        "root": out,
        "entries": names.iter().map(|n| serde_json::json!({"path": n, "backup": null})).collect::<Vec<_>>(),
        "temporaries": [],
    });
    // A PID far above pid_max: a run that is gone.
    write(
        &out.join(".jig-journal-999999999-abcdef/journal.json"),
        record.to_string().as_bytes(),
    );
    let again = sb.new_project(&bp, &[]);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with(&format!(
            "warning: an interrupted `jig new of 3 repositories into {}` was rolled back: 1 path(s) in {} are as they were before it; run it again to finish\n",
            out.display(),
            out.display()
        )),
        "{err}"
    );
    let finished = made(&out);
    assert_eq!(finished.len(), REPOS.len(), "{finished:?}");
    assert!(finished.iter().all(|(_, whole)| *whole), "{finished:?}");
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
