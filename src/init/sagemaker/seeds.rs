//! A sample's seed code: found where AWS's samples keep it, read from a folder or a zip.
//!
//! A product template names each repository's seed code by an S3 key
//! (`.../seedcode/mlops-shadow-deployment-build.zip`) that the sample's tooling zips from a
//! folder before upload. The folders are rarely named like the zips, so the search tries, in
//! order: `seedcode/STEM/`, `seedcode/STEM.zip`, a folder of `seedcode/` whose name ends the
//! stem (`build` for `...-build`), and, for a sample that seeds one repository, `seedcode/`
//! itself. `--seed` names it where none of these fits. Reading it is `tree`'s job.

use std::path::{Path, PathBuf};

/// The stem of a seed key: `a/b/seedcode/x-build.zip` -> `x-build`.
fn stem(key: &str) -> &str {
    let base = key.rsplit('/').next().unwrap_or(key);
    base.strip_suffix(".zip").unwrap_or(base)
}

/// The places `find` looks, in order, for the reader of an error.
pub(crate) fn looked_in(dir: &Path, key: &str) -> Vec<String> {
    let stem = stem(key);
    vec![
        format!("seedcode/{stem}/"),
        format!("seedcode/{stem}.zip"),
        format!("a folder of seedcode/ whose name ends `{stem}`"),
        format!(
            "{} itself, for a sample that seeds one repository",
            dir.join("seedcode").display()
        ),
    ]
}

/// Where the sample in `dir` keeps the seed code `key` names.
pub(crate) fn find(dir: &Path, key: &str, only_one: bool) -> Option<PathBuf> {
    let seedcode = dir.join("seedcode");
    let stem = stem(key);
    let exact = [seedcode.join(stem), seedcode.join(format!("{stem}.zip"))];
    if let Some(found) = exact.into_iter().find(|p| p.exists()) {
        return Some(found);
    }
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&seedcode)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let suffix = folders.iter().find(|p| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        stem.ends_with(&format!("-{name}")) || stem.ends_with(&format!("_{name}"))
    });
    match suffix {
        Some(found) => Some(found.clone()),
        None if only_one => Some(seedcode),
        None => None,
    }
}
