//! Path safety: nothing jig renders may ever land outside the destination.
//!
//! A rendered path is split into components; absolute paths, `..`, NUL bytes and backslashes
//! are refused, and a symlink is kept only when its target, resolved through every other link
//! the render creates, stays inside the generated tree.

/// Why a rendered path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Unsafe {
    #[error("renders to an absolute path")]
    Absolute,
    #[error("contains a NUL byte or a backslash")]
    BadCharacter,
    #[error("contains `..`, which would leave the destination")]
    ParentDir,
    #[error("renders to an empty path")]
    Empty,
}

impl Unsafe {
    /// Why, as the end of a sentence about the path ("`x` is absolute").
    pub(crate) fn why(self) -> &'static str {
        match self {
            Unsafe::Absolute => "is absolute",
            Unsafe::BadCharacter => "holds a NUL byte or a backslash",
            Unsafe::ParentDir => "climbs out with `..`",
            Unsafe::Empty => "is empty",
        }
    }
}

/// A path relative to the destination, checked to stay inside it: `/`-separated, no empty,
/// `.` or `..` components.
pub(crate) fn check_relative(rendered: &str) -> Result<String, Unsafe> {
    if rendered.starts_with('/') {
        return Err(Unsafe::Absolute);
    }
    if rendered.contains('\0') || rendered.contains('\\') {
        return Err(Unsafe::BadCharacter);
    }
    let mut parts = Vec::new();
    for part in rendered.split('/') {
        match part {
            "" | "." => continue,
            ".." => return Err(Unsafe::ParentDir),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(Unsafe::Empty);
    }
    Ok(parts.join("/"))
}

/// True when `rel` is a relative path that does not climb out of its base.
pub(crate) fn is_relative_inside(rel: &str) -> bool {
    check_relative(rel).is_ok()
}

/// Why a symlink the render would create is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkProblem {
    /// Resolving it leaves the project (an absolute target, or `..` above the root).
    Outside,
    /// It takes more than `MAX_LINK_HOPS` links to resolve (a loop).
    Loop,
}

/// As many links as Linux follows in one path lookup.
pub(crate) const MAX_LINK_HOPS: usize = 40;

/// Follows the symlink at `link` (relative to the project root) to `target` the way the kernel
/// would, through every other symlink the render creates (`links`: destination -> target).
///
/// Comparing text is not enough: with `up -> ../..` planned, `x -> a/up/../outside` looks
/// inside but is not. Every step of the resolution must stay below the root, so the link
/// means the same in the staging directory and in the final place. A target that does not
/// exist (yet) is fine as long as it is inside.
pub(crate) fn resolve_link(
    link: &str,
    target: &str,
    links: &std::collections::HashMap<&str, &str>,
) -> Result<(), LinkProblem> {
    let mut at: Vec<&str> = link.split('/').collect();
    at.pop();
    let mut queue: std::collections::VecDeque<&str> = std::collections::VecDeque::new();
    let mut hops = 0;
    let mut next = target;
    loop {
        if next.starts_with('/') {
            return Err(LinkProblem::Outside);
        }
        for part in next.split('/').rev() {
            queue.push_front(part);
        }
        let mut followed = None;
        while let Some(part) = queue.pop_front() {
            match part {
                "" | "." => {}
                ".." => {
                    if at.pop().is_none() {
                        return Err(LinkProblem::Outside);
                    }
                }
                name => {
                    at.push(name);
                    if let Some(t) = links.get(at.join("/").as_str()) {
                        at.pop();
                        followed = Some(*t);
                        break;
                    }
                }
            }
        }
        match followed {
            None => return Ok(()),
            Some(t) => {
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return Err(LinkProblem::Loop);
                }
                next = t;
            }
        }
    }
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
        let none = links(&[]);
        assert_eq!(resolve_link("a/link", "../b", &none), Ok(()));
        assert_eq!(
            resolve_link("a/link", "../../b", &none),
            Err(LinkProblem::Outside)
        );
        assert_eq!(
            resolve_link("link", "/etc", &none),
            Err(LinkProblem::Outside)
        );
        assert_eq!(resolve_link("link", "sub/file", &none), Ok(()));
    }

    use proptest::prelude::*;
    use std::path::Path;

    /// A path of 1-3 names from a small alphabet, so links collide and chain often.
    fn link_path() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof!["a", "b", "up", "x"], 1..=3).prop_map(|v| v.join("/"))
    }

    /// A target of one of three shapes: a climb (`../..`, often exactly back to the root), a
    /// path through another link and then up and out (`a/up/../../out`, the attack), or a
    /// random mix of names, `.` and `..`, sometimes absolute.
    fn target() -> impl Strategy<Value = String> {
        let climb = (1..=3usize).prop_map(|n| vec![".."; n].join("/"));
        let through = (link_path(), 1..=4usize, prop_oneof!["out", "a", "up/x"])
            .prop_map(|(p, n, end)| format!("{p}/{}/{end}", vec![".."; n].join("/")));
        let random = (
            any::<bool>(),
            proptest::collection::vec(prop_oneof!["..", ".", "out", "a", "up"], 1..=6),
        )
            .prop_map(|(abs, v)| format!("{}{}", if abs { "/" } else { "" }, v.join("/")));
        prop_oneof![climb, through, random]
    }

    /// The attack's shape, with random depths: a link that climbs (`a/b/up -> ../..`, back to
    /// the root or some way up) and one that goes through it and up again (`x -> a/b/up/../o`),
    /// which looks inside as text.
    fn chain() -> impl Strategy<Value = Vec<(String, String)>> {
        (link_path(), 1..=3usize, link_path(), 1..=3usize).prop_map(|(climber, up, at, more)| {
            let depth = climber.split('/').count();
            let climb = vec![".."; up.min(depth)].join("/");
            let through = format!("{climber}/{}/out", vec![".."; more].join("/"));
            vec![(climber, climb), (at, through)]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Hostile link trees on a real filesystem: every link the resolver accepts is then
        /// written through (`mkdir -p` via the link, the kernel resolving every hop), and
        /// nothing may appear outside the project root.
        #[test]
        fn random_link_trees_never_resolve_outside(
            chained in chain(),
            random in proptest::collection::vec((link_path(), target()), 0..=5)
        ) {
            let links = chained.into_iter().chain(random);
            let sandbox = tempfile::tempdir().unwrap();
            let root = sandbox.path().join("deep/er/root");
            std::fs::create_dir_all(&root).unwrap();
            let mut made: Vec<(String, String)> = Vec::new();
            for (link, target) in links {
                let at = root.join(&link);
                // As in a render, a link's parents are real directories, never other links.
                let through_link = Path::new(&link)
                    .ancestors()
                    .skip(1)
                    .any(|a| !a.as_os_str().is_empty() && root.join(a).is_symlink());
                let parent_ok = !through_link
                    && at.parent().is_some_and(|p| std::fs::create_dir_all(p).is_ok());
                if parent_ok && std::os::unix::fs::symlink(&target, &at).is_ok() {
                    made.push((link, target));
                }
            }
            let map: std::collections::HashMap<&str, &str> =
                made.iter().map(|(l, t)| (l.as_str(), t.as_str())).collect();
            for (link, target) in &made {
                if resolve_link(link, target, &map).is_ok() {
                    let _ = std::fs::create_dir_all(root.join(link).join("probe"));
                }
            }
            let outside: Vec<_> = walkdir::WalkDir::new(sandbox.path())
                .into_iter()
                .flatten()
                .map(|e| e.path().to_path_buf())
                .filter(|p| !p.starts_with(&root) && !root.starts_with(p))
                .collect();
            prop_assert!(outside.is_empty(), "written outside through {made:?}: {outside:?}");
        }
    }

    fn links<'a>(pairs: &[(&'a str, &'a str)]) -> std::collections::HashMap<&'a str, &'a str> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn links_are_resolved_through_other_links() {
        // The attack: `up` goes back to the root, so `x` leaves it though its text stays inside.
        let planned = links(&[
            ("a/b/c/d/e/up", "../../../../.."),
            (".jig", "a/b/c/d/e/up/../../../outside"),
        ]);
        assert_eq!(
            resolve_link("a/b/c/d/e/up", "../../../../..", &planned),
            Ok(())
        );
        assert_eq!(
            resolve_link(".jig", "a/b/c/d/e/up/../../../outside", &planned),
            Err(LinkProblem::Outside)
        );
        assert_eq!(
            resolve_link("esc", "a/b/c/d/e/up/../../outside", &planned),
            Err(LinkProblem::Outside)
        );
        assert_eq!(resolve_link("ok", "a/b/c/d/e/up/docs", &planned), Ok(()));
    }

    #[test]
    fn link_loops_and_absolute_hops_are_refused() {
        let planned = links(&[("a", "b"), ("b", "a"), ("abs", "/etc")]);
        assert_eq!(resolve_link("a", "b", &planned), Err(LinkProblem::Loop));
        assert_eq!(
            resolve_link("x", "abs/passwd", &planned),
            Err(LinkProblem::Outside)
        );
        assert_eq!(resolve_link("dangling", "nowhere/yet", &planned), Ok(()));
    }
}
