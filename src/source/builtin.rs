//! First-party blueprints as sources: extracted from the binary (`embedded`) on use; what
//! `jig list` shows of them is read in place.

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

/// What `jig list` shows of a first-party blueprint, read from its embedded manifest in
/// place (the embedded blueprints are validated when jig is tested, so the header suffices).
#[derive(Debug, serde::Deserialize)]
pub(crate) struct Summary {
    pub name: String,
    pub version: semver::Version,
    #[serde(default)]
    pub description: String,
}

pub(crate) fn builtin_summary(name: &str) -> Result<Summary, Error> {
    let invalid = |message: String| Error::Extract {
        name: name.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, message),
    };
    let bytes = crate::embedded::blueprint_manifest(name)
        .ok_or_else(|| invalid("it has no blueprint.yaml".into()))?;
    let text = std::str::from_utf8(bytes).map_err(|e| invalid(e.to_string()))?;
    crate::yaml::from_str(text).map_err(|e| invalid(e.to_string()))
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
