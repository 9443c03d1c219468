//! Checks that what an answers file recorded is still what its source serves.
//!
//! A project records the commit a tag pointed at, or the digest of a registry bundle. If the
//! tag has since been moved, or the registry now serves different bytes under the same
//! version, re-rendering "the same version" would silently give something else; jig says so
//! loudly wherever it reads the answers file.

use crate::answers::AnswersFile;
use crate::registry;
use crate::source::{git_remote, Kind, Resolver};

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding {
    /// The recorded source still serves the recorded content.
    Verified(String),
    /// Nothing to verify (local directory, first-party, a branch or commit).
    NotApplicable,
    /// The source changed under a fixed name: the loud warning.
    Changed(String),
    /// The check itself could not run (offline without a cache, no network ...).
    Unverifiable(String),
}

/// Checks the answers file `file` (its path is named in messages).
pub(crate) fn verify(
    answers: &AnswersFile,
    file: &str,
    resolver: &Resolver,
    offline: bool,
) -> Finding {
    match answers.source_kind {
        Kind::Git => verify_git(answers, file, resolver, offline),
        Kind::Registry => verify_registry(answers, file, resolver, offline),
        Kind::Builtin | Kind::Local => Finding::NotApplicable,
    }
}

fn verify_git(answers: &AnswersFile, file: &str, resolver: &Resolver, offline: bool) -> Finding {
    let (Some(url), Some(tag), Some(recorded)) = (
        answers.url.as_deref(),
        answers
            .git_ref
            .as_deref()
            .filter(|r| r.starts_with("refs/tags/")),
        answers.commit.as_deref(),
    ) else {
        return Finding::NotApplicable;
    };
    let short_tag = tag.trim_start_matches("refs/tags/");
    let refs = git_remote::Remote::open(&resolver.cache, url, offline).and_then(|r| r.refs());
    match refs {
        Err(e) => Finding::Unverifiable(format!("cannot check tag {short_tag} of {url}: {e}")),
        Ok(refs) => match refs.refs.get(tag) {
            None => Finding::Changed(format!(
                "tag {short_tag} no longer exists at {url}; {file} was made from commit {}",
                git_remote::short(recorded)
            )),
            Some(now) if now != recorded => Finding::Changed(format!(
                "tag {short_tag} at {url} has moved: it now points at commit {}, but {file} was made from {}. The blueprint's {short_tag} was changed after release",
                git_remote::short(now),
                git_remote::short(recorded)
            )),
            Some(_) => Finding::Verified(format!("tag {short_tag} still points at {}", git_remote::short(recorded))),
        },
    }
}

fn verify_registry(
    answers: &AnswersFile,
    file: &str,
    resolver: &Resolver,
    offline: bool,
) -> Finding {
    let (Some(name), Some(recorded)) = (answers.registry.as_deref(), answers.bundle.as_deref())
    else {
        return Finding::NotApplicable;
    };
    let Ok(version) = semver::Version::parse(&answers.version) else {
        return Finding::NotApplicable;
    };
    let reg = match registry::open(resolver.config, name) {
        Ok(reg) => reg,
        Err(e) => return Finding::Unverifiable(format!("cannot check registry `{name}`: {e}")),
    };
    let what = format!("{} {version}", answers.blueprint);
    match registry::meta(reg.as_ref(), &answers.blueprint, &version, &resolver.cache, offline) {
        Ok(meta) if meta.digest != recorded => Finding::Changed(format!(
            "registry `{name}` now serves {what} with digest {}, but {file} was made from {recorded}. The published version was replaced",
            meta.digest
        )),
        Ok(_) => Finding::Verified(format!("registry `{name}` still serves {what} with the recorded digest")),
        Err(registry::Error::NoVersion { .. }) => Finding::Changed(format!(
            "registry `{name}` no longer has {what}, which {file} was made from"
        )),
        Err(e) => Finding::Unverifiable(format!("cannot check registry `{name}`: {e}")),
    }
}
