//! Installing a published version into the cache: download once, check the digest, unpack
//! within the run's budget (`archive`), and keep nothing of a bundle that fails any of it.

use super::{bundle, check, Error, Meta, Registry};
use crate::cache::{self, Cache};
use std::path::PathBuf;

/// The files of a published version, downloaded once, checked against its digest and
/// unpacked into the cache within the run's unpacking budget (`archive`). A bundle that
/// fails any of it leaves nothing in the cache.
pub(crate) fn fetch(
    reg: &dyn Registry,
    meta: &Meta,
    cache: &Cache,
    offline: bool,
) -> Result<PathBuf, Error> {
    let entry = format!("the metadata of `{}` {}", meta.name, meta.version);
    check::paths(reg.name(), &entry, meta)?;
    let dir = cache.unpacked_dir(&meta.digest);
    if dir.is_dir() {
        return Ok(dir);
    }
    let io = |action, path: &std::path::Path| Error::io(reg.name(), action, path);
    let path = cache.bundle_path(&meta.digest);
    let bytes = match bundle::read(&path) {
        Ok(bytes) => bytes,
        Err(_) if offline && reg.is_remote() => {
            return Err(Error::NotCached {
                registry: reg.name().to_string(),
                name: format!("{} {} (bundle)", meta.name, meta.version),
            })
        }
        Err(_) => reg.download(meta)?,
    };
    let actual = bundle::digest(&bytes);
    if actual != meta.digest {
        let _ = std::fs::remove_file(&path);
        return Err(Error::DigestMismatch {
            registry: reg.name().to_string(),
            name: meta.name.clone(),
            version: meta.version.to_string(),
            expected: meta.digest.clone(),
            actual,
        });
    }
    let budget = crate::archive::Budget::of_run();
    let mut spent = 0;
    let unpacked = cache::install_dir(&dir, |tmp| {
        spent = bundle::unpack(&bytes, tmp, budget)?;
        Ok(())
    });
    if let Err(problem) = unpacked {
        let _ = std::fs::remove_file(&path);
        return Err(Error::Unpack {
            registry: reg.name().to_string(),
            name: meta.name.clone(),
            version: meta.version.to_string(),
            problem: Box::new(problem),
        });
    }
    crate::archive::Budget::spent(spent);
    cache::write_file(&path, &bytes).map_err(io("write", &path))?;
    Ok(dir)
}
