//! Path safety: nothing jig renders may ever land outside the destination.
//!
//! A rendered path is split into components; absolute paths, `..`, NUL bytes and backslashes
//! are refused, and a symlink is kept only when its target stays inside the generated tree.

/// A path relative to the destination, checked to stay inside it: `/`-separated, no empty,
/// `.` or `..` components.
pub fn check_relative(rendered: &str) -> Result<String, String> {
    if rendered.starts_with('/') {
        return Err("renders to an absolute path".into());
    }
    if rendered.contains('\0') || rendered.contains('\\') {
        return Err("contains a NUL byte or a backslash".into());
    }
    let mut parts = Vec::new();
    for part in rendered.split('/') {
        match part {
            "" | "." => continue,
            ".." => return Err("contains `..`, which would leave the destination".into()),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("renders to an empty path".into());
    }
    Ok(parts.join("/"))
}

/// True when `rel` is a relative path that does not climb out of its base.
pub fn is_relative_inside(rel: &str) -> bool {
    check_relative(rel).is_ok()
}

/// True when a symlink at `link` (relative to the root) pointing at `target` stays inside.
pub fn symlink_stays_inside(link: &str, target: &str) -> bool {
    if target.starts_with('/') {
        return false;
    }
    let mut depth: Vec<&str> = link.split('/').collect();
    depth.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if depth.pop().is_none() {
                    return false;
                }
            }
            p => depth.push(p),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_normalised_or_refused() {
        assert_eq!(check_relative("a//b/./c").unwrap(), "a/b/c");
        assert!(check_relative("/etc/passwd").is_err());
        assert!(check_relative("a/../../b").is_err());
        assert!(check_relative("").is_err());
    }

    #[test]
    fn symlinks_must_stay_inside() {
        assert!(symlink_stays_inside("a/link", "../b"));
        assert!(!symlink_stays_inside("a/link", "../../b"));
        assert!(!symlink_stays_inside("link", "/etc"));
        assert!(symlink_stays_inside("link", "sub/file"));
    }
}
