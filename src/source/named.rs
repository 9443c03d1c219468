//! Names: first-party blueprints, then published versions in the configured registries.

use super::{builtin, builtin_names, Error, Kind, Options, Pin, Resolver, Source};
use crate::registry::{self, Registry};
use crate::version::Requirement;

impl Resolver<'_> {
    pub(super) fn by_name(
        &self,
        given: &str,
        name: &str,
        req: Option<&Requirement>,
        opts: &Options,
    ) -> Result<Source, Error> {
        if let Some(req) = req.filter(|r| !r.is_version()) {
            return Err(Error::NotAVersion {
                what: format!("`{name}` (a blueprint name)"),
                req: req.to_string(),
            });
        }
        let is_builtin = builtin_names().contains(&name);
        if is_builtin && opts.registry.is_none() {
            let source = builtin::extract(name)?;
            let Some(req) = req else {
                return Ok(source);
            };
            // Only a requirement needs the manifest read here; `jig new` reads it anyway.
            let ours = crate::blueprint::Blueprint::load(&source.dir)
                .ok()
                .map(|b| b.manifest.version);
            match ours {
                Some(ours) if !req.allows(&ours, true) => {
                    // Maybe a registry has a version that fits.
                    if let Some(found) = self.in_registries(given, name, req, opts)? {
                        return Ok(found);
                    }
                    return Err(Error::BuiltinVersion {
                        name: name.to_string(),
                        ours: ours.to_string(),
                        req: req.to_string(),
                    });
                }
                _ => return Ok(source),
            }
        }
        let req = req.cloned().unwrap_or(Requirement::Latest);
        match self.in_registries(given, name, &req, opts)? {
            Some(found) => Ok(found),
            None => Err(Error::NotFound {
                given: given.to_string(),
                registries: self
                    .registries(opts)?
                    .iter()
                    .map(|r| r.name().to_string())
                    .collect(),
            }),
        }
    }

    /// The registries a name is looked up in (`--registry`, or all configured).
    pub(crate) fn registries(&self, opts: &Options) -> Result<Vec<Box<dyn Registry>>, Error> {
        Ok(match opts.registry {
            Some(name) => vec![registry::open(self.config, name)?],
            None => registry::configured(self.config)?,
        })
    }

    fn in_registries(
        &self,
        given: &str,
        name: &str,
        req: &Requirement,
        opts: &Options,
    ) -> Result<Option<Source>, Error> {
        for reg in self.registries(opts)? {
            let Some(registry::Selected { meta, versions }) =
                registry::select(reg.as_ref(), name, req, opts.pre, &self.cache, opts.offline)?
            else {
                continue;
            };
            let dir = registry::fetch(reg.as_ref(), &meta, &self.cache, opts.offline)?;
            let (format, others) = super::detect(&dir, given, opts)?;
            let mut source = Source::new(given, Kind::Registry, format, dir);
            source.note_formats(&others, opts.format.is_some());
            source.trust_key = format!("registry:{}", reg.name());
            source.available = versions
                .into_iter()
                .filter(|v| opts.pre || v.pre.is_empty())
                .collect();
            source.pin = Pin {
                version: Some(meta.version.clone()),
                registry: Some(reg.name().to_string()),
                bundle: Some(meta.digest.clone()),
                ..Pin::default()
            };
            return Ok(Some(source));
        }
        Ok(None)
    }
}
