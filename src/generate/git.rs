//! The new project's git repository: `git init` and the first commit, through git2.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// Making the repository of the project at `dest` (staged beside it) failed.
    #[error("cannot {action} {}", dest.display())]
    Repository {
        action: &'static str,
        dest: PathBuf,
        #[source]
        source: git2::Error,
        /// The state of the file system at the failure (full, read-only), when it is bad.
        storage: Option<std::io::ErrorKind>,
    },
    #[error("--author `{0}` must look like `Name <email>`")]
    BadAuthor(String),
}

impl Error {
    /// For `map_err`: a git failure while doing `action` for the project at `dest`, staged
    /// in `staged` (on the same file system, probed before the staging is removed).
    pub(crate) fn at<'a>(
        action: &'static str,
        dest: &'a Path,
        staged: &'a Path,
    ) -> impl FnOnce(Error) -> Error + 'a {
        move |e| match e {
            Error::Git(source) => Error::Repository {
                action,
                dest: dest.to_path_buf(),
                source,
                storage: crate::fs_error::probe(staged),
            },
            e => e,
        }
    }
}

/// Where the author came from; a fallback is worth a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AuthorSource {
    Flag,
    Environment,
    GitConfig,
    Fallback,
}

/// Initialises a repository whose first branch follows `init.defaultBranch` (else `main`).
pub(crate) fn init(dir: &Path) -> Result<git2::Repository, Error> {
    let branch = git2::Config::open_default()
        .ok()
        .and_then(|c| c.get_string("init.defaultBranch").ok())
        .unwrap_or_else(|| "main".to_string());
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head(&branch);
    Ok(git2::Repository::init_opts(dir, &opts)?)
}

/// Parses `Name <email>`.
pub(crate) fn parse_author(text: &str) -> Result<(String, String), Error> {
    let bad = || Error::BadAuthor(text.to_string());
    let (name, rest) = text.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.trim().is_empty() {
        return Err(bad());
    }
    Ok((name.to_string(), email.trim().to_string()))
}

/// The author: `--author`, else `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, else git config, else jig.
pub(crate) fn author(
    repo: &git2::Repository,
    flag: Option<&str>,
) -> Result<(git2::Signature<'static>, AuthorSource), Error> {
    use crate::env;
    if let Some(text) = flag {
        let (name, email) = parse_author(text)?;
        return Ok((git2::Signature::now(&name, &email)?, AuthorSource::Flag));
    }
    if let (Ok(name), Ok(email)) = (
        std::env::var(env::GIT_AUTHOR_NAME),
        std::env::var(env::GIT_AUTHOR_EMAIL),
    ) {
        return Ok((
            git2::Signature::now(&name, &email)?,
            AuthorSource::Environment,
        ));
    }
    if let Ok(sig) = repo.signature() {
        return Ok((sig.to_owned(), AuthorSource::GitConfig));
    }
    Ok((
        git2::Signature::now("jig", "jig@localhost")?,
        AuthorSource::Fallback,
    ))
}

/// Stages everything not ignored and makes the first commit; returns its id. The blobs in
/// `objects` (made while rendering, installed in `repo`) spare reading those files again.
pub(crate) fn commit_all(
    repo: &git2::Repository,
    message: &str,
    author: &git2::Signature,
    objects: Option<&super::objects::Objects>,
) -> Result<String, Error> {
    let mut index = repo.index()?;
    match objects {
        Some(objects) => objects.add_all(repo, &mut index)?,
        None => index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?,
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let oid = repo.commit(Some("HEAD"), author, author, message, &tree, &[])?;
    Ok(oid.to_string())
}
