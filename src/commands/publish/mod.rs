//! `jig publish`: build a blueprint's bundle and publish it, with its metadata, to a
//! registry. Versions are immutable: the registry refuses different content under a
//! published version, and the same content again is a no-op that says so.

mod catalog;

use crate::blueprint::Blueprint;
use crate::cli::{Format, PublishArgs};
use crate::error::Error;
use crate::registry::{self, bundle, Meta, Published};
use crate::settings::Settings;
use crate::ui::Ui;
use crate::version;
use std::path::Path;

#[derive(serde::Serialize)]
struct Outcome<'a> {
    name: &'a str,
    version: String,
    registry: &'a str,
    location: String,
    digest: &'a str,
    result: Published,
}

pub(super) fn run(args: &PublishArgs, settings: Settings, ui: &Ui) -> Result<(), Error> {
    let config = &settings.config;
    let builtin = locate(&args.blueprint, ui)?;
    let dir = builtin.as_ref().map_or(&args.blueprint, |s| &s.dir);
    if !dir.join(crate::blueprint::MANIFEST_FILE).is_file() {
        return Err(Error::NotPublishable { dir: dir.clone() });
    }
    let blueprint = Blueprint::load(dir)?;
    if builtin.is_some() {
        // Versioned with jig itself: no working tree or tags of the user's to check.
        ui.status(
            "Using",
            &format!(
                "the first-party blueprint `{}` {} built into jig {}",
                blueprint.manifest.name,
                blueprint.manifest.version,
                env!("CARGO_PKG_VERSION")
            ),
        );
    } else {
        check_committed(dir, args.allow_dirty)?;
        if let Some(warning) = check_tags(dir, &blueprint.manifest.version)? {
            ui.warn(&warning);
        }
    }
    let built = bundle::build(dir).map_err(|e| Error::Output {
        what: format!("the bundle of {}", dir.display()),
        message: e.to_string(),
    })?;
    let meta = Meta::of(&blueprint, &built);
    // The product is built (settings, template, files) before anything is published anywhere.
    let product = if args.service_catalog || args.studio_s3 || args.unified_studio || args.dry_run {
        Some(catalog::prepare(
            args, config, &blueprint, &meta, &built, ui,
        )?)
    } else {
        None
    };
    if let (true, Some(p)) = (args.dry_run, &product) {
        return catalog::run(args, config, p, ui);
    }
    let name = args
        .registry
        .as_deref()
        .or(config.default_registry.as_deref())
        .unwrap_or(registry::LOCAL);
    let reg = registry::open(config, name).map_err(crate::source::Error::from)?;
    let spinner = ui.spinner_as("Publishing", &format!("{} {}", meta.name, meta.version));
    let result = reg.publish(&meta, &built);
    spinner.finish_and_clear();
    let result = result.map_err(crate::source::Error::from)?;
    let outcome = Outcome {
        name: &meta.name,
        version: meta.version.to_string(),
        registry: reg.name(),
        location: reg.location(),
        digest: &meta.digest,
        result,
    };
    if let Some(p) = &product {
        if args.format == Format::Human {
            report_registry(&outcome, ui);
        }
        crate::interrupt::set_aftermath(format!(
            "{} {} is in registry `{}`, and the AWS steps reported done stay; run the same command again to complete the publish (every step checks before it changes anything)",
            meta.name, meta.version, outcome.registry
        ));
        return catalog::run(args, config, p, ui);
    }
    if args.format == Format::Json {
        ui.out(&serde_json::to_string_pretty(&outcome).expect("serialises"));
        return Ok(());
    }
    report_registry(&outcome, ui);
    Ok(())
}

/// What `jig publish GIVEN` publishes: an existing path is that path (saying so when a
/// first-party blueprint has the name too); otherwise a first-party name is that blueprint,
/// extracted for the run (`Some`).
fn locate(given: &Path, ui: &Ui) -> Result<Option<crate::source::Source>, Error> {
    let name = given
        .to_str()
        .filter(|s| crate::source::builtin_names().contains(s));
    if given.exists() {
        if let Some(name) = name {
            ui.status("Using", &format!("the folder ./{name}, not the first-party blueprint of that name (an existing path is always the path; run from another folder to publish the first-party one)"));
        }
        return Ok(None);
    }
    let text = given.to_string_lossy();
    let bare = !text.contains('/') && !text.starts_with(['.', '~']);
    match name {
        Some(name) => Ok(crate::source::builtin_source(name)?),
        None if bare => Err(Error::NothingToPublish {
            given: text.into_owned(),
        }),
        // A path that is not there: `run` says it holds no blueprint.
        None => Ok(None),
    }
}

fn report_registry(outcome: &Outcome, ui: &Ui) {
    let (meta_name, version, digest) = (outcome.name, &outcome.version, outcome.digest);
    let reg_name = outcome.registry;
    let location = &outcome.location;
    let what = format!("{meta_name} {version}");
    match outcome.result {
        Published::New => ui.status(
            "Published",
            &format!("{what} to `{reg_name}` ({location}), {digest}"),
        ),
        Published::Unchanged => ui.status(
            "Unchanged",
            &format!(
                "{what} is already published in `{reg_name}` with the same content ({digest}); nothing to do"
            ),
        ),
    }
}

/// A published version is immutable: in a git repository it must be committed, so it can be
/// traced to its source (`--allow-dirty` publishes the working tree as it is).
fn check_committed(dir: &Path, allow_dirty: bool) -> Result<(), Error> {
    if allow_dirty {
        return Ok(());
    }
    // Outside a git repository there is no commit to require.
    let Ok(ws) = crate::sync::workspace::Workspace::open(dir) else {
        return Ok(());
    };
    let paths = ws.dirty()?;
    if paths.is_empty() {
        return Ok(());
    }
    Err(Error::PublishDirty {
        dir: dir.to_path_buf(),
        paths,
    })
}

/// When the blueprint's git commit carries version tags, one must be the manifest's version;
/// a commit with none is published with a warning (the version cannot be traced to a tag).
fn check_tags(dir: &Path, manifest: &semver::Version) -> Result<Option<String>, Error> {
    let Ok(repo) = git2::Repository::discover(dir) else {
        return Ok(None);
    };
    let Some(head) = repo.head().ok().and_then(|h| h.peel_to_commit().ok()) else {
        return Ok(None);
    };
    let mut at_head = Vec::new();
    if let Ok(names) = repo.tag_names(None) {
        for tag in names.iter().flatten().flatten() {
            let target = repo
                .revparse_single(&format!("refs/tags/{tag}"))
                .and_then(|o| o.peel_to_commit());
            if target.is_ok_and(|c| c.id() == head.id()) {
                at_head.push(tag.to_string());
            }
        }
    }
    // A blueprint below the repository root uses its directory name as the tag prefix.
    let root = repo.workdir().and_then(|w| w.canonicalize().ok());
    let here = dir.canonicalize().ok();
    let name = match (root, here) {
        (Some(root), Some(here)) if root != here => {
            here.file_name().map(|n| n.to_string_lossy().into_owned())
        }
        _ => None,
    };
    let tagged = version::versions_from_tags(at_head.iter().map(String::as_str), name.as_deref());
    if tagged.is_empty() {
        let tag = match &name {
            Some(prefix) => format!("{prefix}/v{manifest}"),
            None => format!("v{manifest}"),
        };
        return Ok(Some(format!(
            "the commit being published ({}) has no version tag; tag it (`git tag {tag}`) so {manifest} can be traced to its source",
            &head.id().to_string()[..12]
        )));
    }
    if tagged.iter().any(|t| &t.version == manifest) {
        return Ok(None);
    }
    Err(Error::TagMismatch {
        dir: dir.to_path_buf(),
        manifest: manifest.to_string(),
        tags: tagged.into_iter().map(|t| t.tag).collect(),
    })
}
