//! Whether libgit2 could store a file's blob as something other than its bytes on disk.
//!
//! libgit2's only filters on the way into the object database are its CRLF conversion
//! (`core.autocrlf`, or the `text`, `eol`, `crlf` attributes) and `ident` (an attribute); it
//! runs no filter drivers. With no attributes file anywhere libgit2 looks (the project's own
//! `.gitattributes` files, `.git/info/attributes`, `core.attributesFile` or
//! `~/.config/git/attributes`, `/etc/gitattributes`) and `core.autocrlf` off, no filter
//! applies: every blob is the file's bytes. Otherwise a file without CR or `$Id` still is,
//! unless `core.safecrlf` is set to fail (it can refuse an LF file that checkout would
//! convert), in which case libgit2 decides every file.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Possible {
    /// No filter applies: every blob is the file's bytes.
    No,
    /// Only to files with CR or `$Id`.
    ByContent,
    /// To any file.
    Any,
}

/// Which files filters could change, for a repository at `root` holding `paths`.
pub(crate) fn possible<'a>(
    repo: &git2::Repository,
    config: &git2::Config,
    root: &Path,
    paths: impl Iterator<Item = &'a String>,
) -> Possible {
    let autocrlf = config.get_string("core.autocrlf").is_ok_and(|v| {
        !matches!(
            v.to_ascii_lowercase().as_str(),
            "false" | "no" | "off" | "0" | ""
        )
    });
    if !autocrlf && !has_attributes(repo, config, root, paths) {
        return Possible::No;
    }
    let safecrlf_fails = config.get_bool("core.safecrlf").unwrap_or(false);
    if safecrlf_fails {
        Possible::Any
    } else {
        Possible::ByContent
    }
}

/// An attributes file that could apply to any of `paths` (below `root`) exists.
fn has_attributes<'a>(
    repo: &git2::Repository,
    config: &git2::Config,
    root: &Path,
    paths: impl Iterator<Item = &'a String>,
) -> bool {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if config.get_path("core.attributesFile").is_ok()
        || exists(&repo.path().join("info/attributes"))
        || exists(Path::new("/etc/gitattributes"))
    {
        return true;
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".config")));
    if xdg.is_some_and(|d| exists(&d.join("git/attributes"))) {
        return true;
    }
    let mut dirs: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    dirs.insert("");
    for path in paths {
        let mut rest = path.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if !dirs.insert(parent) {
                break;
            }
            rest = parent;
        }
    }
    dirs.iter()
        .any(|dir| exists(&root.join(dir).join(".gitattributes")))
}
