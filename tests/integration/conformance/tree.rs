//! Reading a generated tree and comparing two of them: file set, bytes, permission bits.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Node {
    Dir,
    File { mode: u32, bytes: Vec<u8> },
    Link(String),
}

/// Every entry below `root` by relative path; `.jig` (jig's answers) is left out.
pub(super) fn read(root: &Path, masks: &[regex::bytes::Regex]) -> BTreeMap<String, Node> {
    let mut nodes = BTreeMap::new();
    if !root.exists() {
        return nodes;
    }
    for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.split('/').nth(1) == Some(".jig") {
            continue;
        }
        let kind = entry.file_type();
        let node = if kind.is_symlink() {
            Node::Link(
                std::fs::read_link(entry.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            )
        } else if kind.is_dir() {
            Node::Dir
        } else {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            for mask in masks {
                bytes = mask.replace_all(&bytes, &b"<masked>"[..]).into_owned();
            }
            let mode = entry.metadata().unwrap().permissions().mode() & 0o7777;
            Node::File { mode, bytes }
        };
        nodes.insert(rel, node);
    }
    nodes
}

/// Human-readable differences between the reference tree and jig's.
pub(super) fn diff(
    tool: &str,
    reference: &BTreeMap<String, Node>,
    ours: &BTreeMap<String, Node>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, node) in reference {
        match ours.get(path) {
            None => out.push(format!("only in {tool}'s output: {path}")),
            Some(other) if other == node => {}
            Some(other) => out.push(describe(tool, path, node, other)),
        }
    }
    for path in ours.keys().filter(|p| !reference.contains_key(*p)) {
        out.push(format!("only in jig's output: {path}"));
    }
    out
}

fn describe(tool: &str, path: &str, reference: &Node, ours: &Node) -> String {
    match (reference, ours) {
        (Node::File { mode: a, bytes: x }, Node::File { mode: b, bytes: y }) if x == y => {
            format!("{path}: mode {a:o} ({tool}) vs {b:o} (jig)")
        }
        (Node::File { bytes: x, .. }, Node::File { bytes: y, .. }) => {
            let (a, b) = (x.split(|c| *c == b'\n'), y.split(|c| *c == b'\n'));
            let (n, (a, b)) = a
                .zip(b)
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .unwrap_or((0, (&x[..], &y[..])));
            format!(
                "{path}: content differs at line {}\n      {tool}: {:?}\n      jig: {:?}",
                n + 1,
                preview(a),
                preview(b)
            )
        }
        _ => format!("{path}: {reference:?} ({tool}) vs {ours:?} (jig)"),
    }
}

fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
    if bytes.len() > 300 {
        format!("{text}... ({} bytes)", bytes.len())
    } else {
        text
    }
}
