//! Expected trees: a stored copy of what an answer set renders (`tests/NAME.expected/`),
//! compared file by file, with a unified diff of the changed text files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// How many changed files get a full diff in the report.
const DIFFS_SHOWN: usize = 3;

/// Every file below `root`, by `/`-separated relative path.
fn files(root: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    for entry in WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() || entry.file_type().is_symlink() {
            let rel = entry.path().strip_prefix(root).expect("below root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, entry.path().to_path_buf());
        }
    }
    Ok(out)
}

/// The differences between the expected tree and the rendered one; empty when equal.
pub(super) fn compare(expected: &Path, actual: &Path) -> std::io::Result<String> {
    let (want, got) = (files(expected)?, files(actual)?);
    let mut report = Vec::new();
    let mut diffs = Vec::new();
    for rel in want.keys().filter(|k| !got.contains_key(*k)) {
        report.push(format!("missing: {rel} (expected, not rendered)"));
    }
    for rel in got.keys().filter(|k| !want.contains_key(*k)) {
        report.push(format!("added:   {rel} (rendered, not expected)"));
    }
    for (rel, path) in &want {
        let Some(other) = got.get(rel) else { continue };
        let (a, b) = (std::fs::read(path)?, std::fs::read(other)?);
        if a == b {
            continue;
        }
        report.push(format!("changed: {rel}"));
        if let (Ok(a), Ok(b), true) = (
            std::str::from_utf8(&a),
            std::str::from_utf8(&b),
            diffs.len() < DIFFS_SHOWN,
        ) {
            let diff = similar::TextDiff::from_lines(a, b)
                .unified_diff()
                .context_radius(2)
                .header(&format!("expected/{rel}"), &format!("rendered/{rel}"))
                .to_string();
            diffs.push(diff);
        }
    }
    if report.is_empty() {
        return Ok(String::new());
    }
    report.push("(jig test --update-snapshots accepts the rendered tree)".into());
    let mut text = report.join("\n");
    for diff in diffs {
        text.push('\n');
        text.push_str(diff.trim_end());
    }
    Ok(text)
}

/// Replaces the expected tree with the rendered one.
pub(super) fn write(actual: &Path, expected: &Path) -> std::io::Result<()> {
    if expected.exists() {
        std::fs::remove_dir_all(expected)?;
    }
    std::fs::create_dir_all(expected)?;
    for (rel, path) in files(actual)? {
        let dest = expected.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(&path, &dest)?;
    }
    Ok(())
}
