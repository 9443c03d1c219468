//! `jig diff`'s text: a unified diff (git's format) between a rendered tree and the files of
//! another tree or the working tree.

use super::tree::{Blob, Tree};
use super::Error;
use std::collections::BTreeSet;
use std::path::Path;

/// A unified diff from `old` to the files under `new_root` for `paths`; `in_new` says
/// whether a path exists on the new side at all.
pub(crate) fn trees(
    paths: &BTreeSet<&String>,
    old: &Tree,
    new_root: &Path,
    in_new: impl Fn(&str) -> bool,
) -> Result<String, Error> {
    let mut out = String::new();
    for path in paths {
        let read = |root: &Path| {
            Blob::read(root, path).map_err(|e| super::io("read", &root.join(path))(e))
        };
        let a = old
            .read(path)
            .map_err(|e| super::io("read", &old.root.join(path))(e))?;
        let b = if in_new(path) { read(new_root)? } else { None };
        if super::compare::same_option(a.as_ref(), b.as_ref()) {
            continue;
        }
        out.push_str(&unified(path, a.as_ref(), b.as_ref()));
    }
    Ok(out)
}

/// One file's diff in git's format (`/dev/null` for an added or deleted side).
fn unified(path: &str, a: Option<&Blob>, b: Option<&Blob>) -> String {
    let name_a = if a.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".into()
    };
    let name_b = if b.is_some() {
        format!("b/{path}")
    } else {
        "/dev/null".into()
    };
    let mut out = format!("diff --git a/{path} b/{path}\n");
    match (a, b) {
        (None, Some(y)) => out.push_str(&format!("new file mode {:o}\n", y.mode())),
        (Some(x), None) => out.push_str(&format!("deleted file mode {:o}\n", x.mode())),
        (Some(x), Some(y)) if x.kind != y.kind => {
            out.push_str(&format!(
                "old mode {:o}\nnew mode {:o}\n",
                x.mode(),
                y.mode()
            ));
        }
        _ => {}
    }
    let binary = a.is_some_and(Blob::is_binary) || b.is_some_and(Blob::is_binary);
    if binary {
        out.push_str(&format!("Binary files {name_a} and {name_b} differ\n"));
        return out;
    }
    let text = |x: Option<&Blob>| {
        x.map(|x| String::from_utf8_lossy(&x.bytes).into_owned())
            .unwrap_or_default()
    };
    let (ta, tb) = (text(a), text(b));
    if ta != tb {
        let diff = similar::TextDiff::from_lines(&ta, &tb);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&name_a, &name_b)
                .to_string(),
        );
    }
    out
}
