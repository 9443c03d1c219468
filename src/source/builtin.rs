//! The first-party blueprints and reusable hooks, embedded in the binary by `build.rs`.

use super::{Error, Format, Kind, Source};
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Names of the first-party blueprints, sorted.
pub fn builtin_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = embedded::BLUEPRINTS
        .iter()
        .filter_map(|(rel, _, _)| rel.strip_suffix("/blueprint.yaml"))
        .filter(|name| !name.contains('/'))
        .collect();
    names.dedup();
    names
}

pub(super) fn extract(name: &str) -> Result<Source, Error> {
    let err = |source| Error::Extract {
        name: name.to_string(),
        source,
    };
    let tmp = crate::scratch::Scratch::new("jig-builtin-").map_err(err)?;
    let prefix = format!("{name}/");
    for (rel, mode, bytes) in embedded::BLUEPRINTS {
        let Some(inner) = rel.strip_prefix(&prefix) else {
            continue;
        };
        write_embedded(&tmp.path().join(inner), *mode, bytes).map_err(err)?;
    }
    let mut source = Source::new(name, Kind::Builtin, Format::Jig, tmp.path().to_path_buf());
    source.trust_key = format!("builtin:{name}");
    source.extracted = Some(tmp);
    Ok(source)
}

fn write_embedded(path: &Path, mode: u32, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

/// A reusable hook shipped with jig, by name.
pub fn builtin_hook(name: &str) -> Option<(u32, &'static [u8])> {
    embedded::HOOKS
        .iter()
        .find(|(rel, _, _)| *rel == name)
        .map(|(_, mode, bytes)| (*mode, *bytes))
}

/// Names of the reusable hooks shipped with jig.
pub fn builtin_hook_names() -> Vec<&'static str> {
    embedded::HOOKS
        .iter()
        .map(|(rel, _, _)| *rel)
        .filter(|rel| !rel.contains('.') && !rel.contains('/'))
        .collect()
}
