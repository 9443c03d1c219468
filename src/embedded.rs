//! The first-party blueprints and reusable hooks, embedded in the binary by `build.rs`.
//!
//! A leaf: the files as `(path, mode, bytes)` and their names. Turning a blueprint into a
//! `Source` is `source::builtin`'s job; running a hook is `hooks`'.

mod data {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Names of the first-party blueprints, sorted.
pub(crate) fn blueprint_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = data::BLUEPRINTS
        .iter()
        .filter_map(|(rel, _, _)| rel.strip_suffix("/blueprint.yaml"))
        .filter(|name| !name.contains('/'))
        .collect();
    names.dedup();
    names
}

/// The files of first-party blueprint `name`: (path inside it, mode, bytes).
pub(crate) fn blueprint_files(
    name: &str,
) -> impl Iterator<Item = (&'static str, u32, &'static [u8])> {
    let prefix = format!("{name}/");
    data::BLUEPRINTS
        .iter()
        .filter_map(move |(rel, mode, bytes)| {
            rel.strip_prefix(prefix.as_str())
                .map(|inner| (inner, *mode, *bytes))
        })
}

/// The `blueprint.yaml` of first-party blueprint `name`, read in place (nothing unpacked).
pub(crate) fn blueprint_manifest(name: &str) -> Option<&'static [u8]> {
    blueprint_files(name)
        .find(|(inner, _, _)| *inner == "blueprint.yaml")
        .map(|(_, _, bytes)| bytes)
}

/// A reusable hook shipped with jig, by name: (mode, bytes).
pub(crate) fn hook(name: &str) -> Option<(u32, &'static [u8])> {
    data::HOOKS
        .iter()
        .find(|(rel, _, _)| *rel == name)
        .map(|(_, mode, bytes)| (*mode, *bytes))
}

/// Names of the reusable hooks shipped with jig.
pub(crate) fn hook_names() -> Vec<&'static str> {
    data::HOOKS
        .iter()
        .map(|(rel, _, _)| *rel)
        .filter(|rel| !rel.contains('.') && !rel.contains('/'))
        .collect()
}
