//! Keeping a generated project in line with its blueprint: `jig check`, `jig diff`,
//! `jig update` and `jig adopt`.
//!
//! The project side of jig's life cycle. A project links to blueprint versions through its
//! answers files (`link`); `project` resolves the recorded and the target version of each
//! link and renders them into scratch directories; `check` compares a render with the working
//! tree (`compare`), `diff` shows it, and `update` plans a three-way merge file by file
//! (`merge`, `plan`) and applies it to the working tree and the git index (`apply`,
//! `workspace`), running the blueprint's migrations (`migrate`). Planning is pure: it sees
//! trees and bytes and decides; only `apply` and `workspace` write, and only inside the
//! project. The commands reach the user only through `project::Feedback`.

pub(crate) mod apply;
pub(crate) mod check;
pub(crate) mod compare;
mod copier;
pub(crate) mod diff;
pub(crate) mod link;
pub(crate) mod merge;
pub(crate) mod migrate;
pub(crate) mod plan;
pub(crate) mod project;
pub(crate) mod provenance;
pub(crate) mod report;
pub(crate) mod secrets;
pub(crate) mod tree;
pub(crate) mod update;
pub(crate) mod workspace;

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("{} is not a jig project: it has no .jig/ answers file and no .cruft.json", path.display())]
    NotAProject { path: PathBuf },
    #[error(transparent)]
    AnswersFile(#[from] crate::answers::ReadError),
    #[error("this project does not use a blueprint named `{name}`")]
    NoSuchLink { name: String, known: Vec<String> },
    #[error("{} is not inside a git repository; `jig update` needs git to merge and to mark conflicts", path.display())]
    NotGit { path: PathBuf },
    #[error("the working tree has uncommitted changes")]
    Dirty { paths: Vec<String> },
    #[error("the project is already linked through {}", file.display())]
    AlreadyLinked { file: PathBuf },
    #[error("--to applies to one blueprint, and this project uses several")]
    NeedBlueprint { known: Vec<String> },
    #[error("{blueprint} {from} -> {to} is a downgrade")]
    Downgrade {
        blueprint: String,
        from: String,
        to: String,
    },
    #[error("{given} has changed since the project was made from {blueprint} {version}, and a plain directory keeps no versions to render the old one from")]
    SourceChanged {
        blueprint: String,
        version: String,
        given: String,
    },
    #[error("the update needs the secret answer `{question}` (jig never records secrets)")]
    SecretNeeded {
        question: String,
        files: Vec<String>,
    },
    #[error("refusing to write {path}: {} is a symbolic link", link)]
    ThroughSymlink { path: String, link: String },
    #[error(transparent)]
    Io(#[from] crate::fs_error::FsError),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    // What rendering a version can meet below this module; the top-level error takes these
    // apart again (`error::Error::from`), so each keeps its own message.
    #[error(transparent)]
    Source(#[from] crate::source::Error),
    #[error(transparent)]
    Blueprint(#[from] crate::blueprint::Error),
    #[error(transparent)]
    Answers(#[from] crate::prompt::Error),
    #[error(transparent)]
    Generate(#[from] crate::generate::Error),
    #[error(transparent)]
    Cookiecutter(#[from] crate::cookiecutter::Error),
    #[error(transparent)]
    Copier(#[from] crate::copier::Error),
    #[error(transparent)]
    Untrusted(#[from] crate::trust::Untrusted),
    #[error(transparent)]
    Migration(crate::hooks::Error),
}

/// Rolls back what a killed `jig update` (a journal in the git directory) or a killed
/// `jig new --overwrite` (a journal beside the project) left in `project`, so every command
/// starts from the state before the interrupted one. Returns what was rolled back.
pub(crate) fn recover(project: &std::path::Path) -> Result<Vec<crate::journal::Recovered>, Error> {
    use crate::journal;
    let mut done = Vec::new();
    if let Ok(repo) = git2::Repository::discover(project) {
        let git_dir = repo.path();
        done.extend(
            journal::recover(git_dir, journal::UPDATE_PREFIX)
                .map_err(io("roll back an interrupted update in", git_dir))?,
        );
    }
    if let Some(parent) = project.parent() {
        done.extend(
            journal::recover(parent, journal::OVERWRITE_PREFIX)
                .map_err(io("roll back an interrupted run in", parent))?,
        );
    }
    Ok(done)
}

/// For `map_err`: the failure of `action` on `path` as this module's error.
pub(crate) fn io<'a>(
    action: &'static str,
    path: &'a std::path::Path,
) -> impl FnOnce(std::io::Error) -> Error + 'a {
    crate::fs_error::at(action, path)
}
