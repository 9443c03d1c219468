//! First-party blueprints as sources: extracted from the binary (`embedded`) on use.

use super::{Error, Format, Kind, Source};
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Names of the first-party blueprints, sorted.
pub(crate) fn builtin_names() -> Vec<&'static str> {
    crate::embedded::blueprint_names()
}

/// The first-party blueprint `name` written out to a scratch folder that lives as long as the
/// `Source`; None when `name` is no first-party blueprint.
pub(crate) fn builtin_source(name: &str) -> Result<Option<Source>, Error> {
    if !builtin_names().contains(&name) {
        return Ok(None);
    }
    extract(name).map(Some)
}

pub(super) fn extract(name: &str) -> Result<Source, Error> {
    let err = |source| Error::Extract {
        name: name.to_string(),
        source,
    };
    let tmp = crate::scratch::Scratch::new("jig-builtin-").map_err(err)?;
    for (inner, mode, bytes) in crate::embedded::blueprint_files(name) {
        write_embedded(&tmp.path().join(inner), mode, bytes).map_err(err)?;
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
