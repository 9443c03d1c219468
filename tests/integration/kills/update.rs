//! Killed `jig update`: rolled back by the next command, or finished; never half.

use super::*;
use std::path::PathBuf;

#[test]
fn killed_update_is_rolled_back_or_finished_and_the_next_update_completes() {
    let sb = Sandbox::new();
    let repo = sb.path().join("repo");
    write_version_with(&repo, "1.0.0", UPDATE_FILES);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v1"]);
    git(&repo, &["tag", "v1.0.0"]);
    write_version_with(&repo, "2.0.0", UPDATE_FILES);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "v2"]);
    git(&repo, &["tag", "v2.0.0"]);
    let source = format!("file://{}@1.0.0", repo.display());
    let made = sb
        .jig()
        .args([
            "new",
            &source,
            "--defaults",
            "--data",
            &format!("token={SECRET}"),
            "-o",
            "pristine",
        ])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let project = sb.out().join("demo");
    let reset = || {
        let _ = std::fs::remove_dir_all(sb.out());
        std::fs::create_dir_all(sb.out()).unwrap();
        assert!(Command::new("cp")
            .arg("-a")
            .arg(sb.path().join("pristine/demo"))
            .arg(sb.out())
            .status()
            .unwrap()
            .success());
    };
    let update = || {
        let mut cmd = sb.jig_std();
        cmd.current_dir(&project).args([
            "update",
            "--to",
            "2.0.0",
            "--defaults",
            "--data",
            &format!("token={SECRET}"),
        ]);
        cmd
    };
    reset();
    let full = timed(update());
    let git_dir = project.join(".git");
    let mut rolled_back = 0;
    for signal in SIGNALS {
        for at in kill_points(
            full,
            UPDATE_POINTS,
            Marker {
                dir: &git_dir,
                prefix: "jig-update-journal-",
                inner: Some("journal.json"),
            },
        ) {
            reset();
            kill_at(update(), &at, signal);
            let delay = describe(&at);
            // A journal with its record written: files may have moved, a rollback is due. (A
            // run killed while still writing the record had moved nothing.)
            let journal_left = listing(&git_dir).iter().any(|n| {
                n.starts_with("jig-update-journal-")
                    && git_dir.join(n).join("journal.json").exists()
            });
            let check = sb
                .jig()
                .current_dir(&project)
                .arg("check")
                .output()
                .unwrap();
            let code = check.status.code();
            assert!(
                code == Some(0) || code == Some(10),
                "{signal} at {delay:?}: check says {code:?} (half updated?)\n{}",
                stderr(&check)
            );
            if journal_left {
                rolled_back += 1;
                assert!(
                    stderr(&check)
                        .contains("an interrupted `jig update of big to 2.0.0` was rolled back"),
                    "{}",
                    stderr(&check)
                );
            }
            let recorded = answers(&project, "big")["version"]
                .as_str()
                .unwrap()
                .to_string();
            if recorded == "1.0.0" {
                // Rolled back, or never begun: untouched, and the update runs from the start.
                assert_eq!(
                    git(&project, &["status", "--porcelain"]),
                    "",
                    "rolled back means untouched"
                );
                assert_eq!(version_of(&project).as_deref(), Some("1.0.0"));
                let again = update().output().unwrap();
                assert!(again.status.success(), "{}", stderr(&again));
            } else {
                assert_eq!(recorded, "2.0.0");
            }
            assert_eq!(version_of(&project).as_deref(), Some("2.0.0"));
            let stray: Vec<String> = git(
                &project,
                &["status", "--porcelain", "--untracked-files=all"],
            )
            .lines()
            .filter(|l| l.contains(".jig-update-"))
            .map(str::to_string)
            .collect();
            assert_eq!(stray, Vec::<String>::new());
            assert!(!listing(&project.join(".git"))
                .iter()
                .any(|n| n.starts_with("jig-update-journal-")));
            // Renders of killed runs in TMPDIR were swept by the runs after them.
            let renders: Vec<String> = listing(&sb.path().join("tmp"))
                .into_iter()
                .filter(|n| n.starts_with("jig-render-"))
                .collect();
            assert_eq!(renders, Vec::<String>::new());
            assert_eq!(
                secret_holders(&sb.path().join("tmp"), &project),
                Vec::<PathBuf>::new(),
                "a secret in TMPDIR"
            );
        }
    }
    assert!(
        rolled_back >= 2,
        "only {rolled_back} kills left a journal to roll back"
    );
}
