//! Copier's render context around the answers (`Worker._render_context`): `_copier_conf`,
//! `_folder_name`, `_copier_python`, `_copier_phase`, `_copier_operation`, the metadata
//! `_src_path` and `_commit`, and `_external_data` read from the project.

use super::questions::Inputs;
use super::template::Template;
use super::Error;
use crate::prompt::Asker;
use crate::prompt::Mode;
use crate::source::Source;
use serde_json::{json, Map, Value as Json};
use std::path::Path;

/// What preparing a Copier template needs: the source, where the project goes, the answers
/// given and how to ask for the rest, and the flags Copier shows templates in `_copier_conf`.
pub(crate) struct Preparation<'a, 'b> {
    pub source: &'a Source,
    /// What `_src_path` records, when not the source as given (a project's recorded one).
    pub src_path: Option<&'a str>,
    /// The project directory (absolute), which Copier calls `dst_path`.
    pub dest: &'a Path,
    pub inputs: Inputs,
    pub mode: Mode,
    pub asker: Option<&'b mut dyn Asker>,
    pub run_tasks: bool,
    pub trusted: bool,
    pub pretend: bool,
    pub overwrite: bool,
    /// Copier's `_copier_operation`: `copy` for `jig new`, `update` for the renders of the
    /// project commands (as `copier update` renders both versions).
    pub operation: &'static str,
}

/// Copier's `_copier_conf.os`.
fn os_name() -> &'static str {
    match std::env::consts::OS {
        "macos" => "macos",
        "windows" => "windows",
        _ => "linux",
    }
}

fn python() -> String {
    which_python().unwrap_or_else(|| "python3".into())
}

fn which_python() -> Option<String> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("python3"))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}

/// Everything in Copier's render context but the answers.
pub(super) fn base_context(
    p: &Preparation,
    template: &Template,
    answers_file: &str,
    phase: &str,
) -> Map<String, Json> {
    let mut base = Map::new();
    for (key, value) in metadata(p.source, p.src_path) {
        base.insert(key, value);
    }
    let conf = json!({
        "src_path": template.root.display().to_string(),
        "dst_path": p.dest.display().to_string(),
        "answers_file": answers_file,
        "vcs_ref": p.source.pin.git_ref.as_deref().map(short_ref),
        "vcs_ref_hash": p.source.pin.commit,
        "data": Json::Object(p.inputs.data.clone()),
        "settings": {"defaults": {}, "trust": []},
        "exclude": [],
        "use_prereleases": false,
        "skip_if_exists": [],
        "cleanup_on_error": true,
        "defaults": p.mode == Mode::Defaults,
        "user_defaults": Json::Object(p.inputs.user_defaults.clone()),
        "overwrite": p.overwrite,
        "pretend": p.pretend,
        "quiet": false,
        "conflict": "inline",
        "context_lines": 1,
        "unsafe": p.trusted,
        "skip_answered": false,
        "skip_tasks": !p.run_tasks,
        "sep": "/",
        "os": os_name(),
    });
    base.insert("_copier_conf".into(), conf);
    base.insert(
        "_folder_name".into(),
        json!(p.dest.file_name().unwrap_or_default().to_string_lossy()),
    );
    base.insert("_copier_python".into(), json!(python()));
    base.insert("_copier_phase".into(), json!(phase));
    base.insert("_copier_operation".into(), json!(p.operation));
    base
}

/// `_src_path` and `_commit`, as Copier records them.
pub(super) fn metadata(source: &Source, src_path: Option<&str>) -> Vec<(String, Json)> {
    let mut out = Vec::new();
    if let Some(commit) = describe(source) {
        out.push(("_commit".to_string(), json!(commit)));
    }
    out.push((
        "_src_path".to_string(),
        json!(src_path.unwrap_or_else(|| without_requirement(&source.given))),
    ));
    out
}

/// The source as Copier records it: without jig's `@REQUIREMENT` (`./tpl@1.0.0` is `./tpl`;
/// the version is `_commit`'s). An `@` followed by a host (`git@host:path`) is no requirement.
fn without_requirement(given: &str) -> &str {
    match given.rsplit_once('@') {
        Some((rest, req)) if !rest.is_empty() && !req.contains(['/', ':']) => rest,
        _ => given,
    }
}

/// `git describe --tags --always` of the commit a git source resolved to.
pub(crate) fn describe(source: &Source) -> Option<String> {
    let commit = source.pin.commit.as_ref()?;
    if let Some(tag) = source
        .pin
        .git_ref
        .as_deref()
        .and_then(|r| r.strip_prefix("refs/tags/"))
    {
        return Some(tag.to_string());
    }
    Some(commit.chars().take(7).collect())
}

fn short_ref(r: &str) -> String {
    r.trim_start_matches("refs/tags/")
        .trim_start_matches("refs/heads/")
        .to_string()
}

/// Reads `_external_data` (YAML files in the project, by rendered path).
pub(super) fn external_data(
    template: &Template,
    renderer_env: &minijinja::Environment<'static>,
    context: &minijinja::Value,
    dest: &Path,
    trusted: bool,
) -> Result<Map<String, Json>, Error> {
    let mut out = Map::new();
    for (name, path) in &template.external_data {
        let Some(path) = path.as_str() else { continue };
        let rel =
            crate::render::render_bounded_str(renderer_env, name, path, context).map_err(|e| {
                Error::Invalid {
                    path: template.config_path.clone(),
                    message: format!("`_external_data.{name}`: {e}"),
                }
            })?;
        let inside = crate::render::paths::check_relative(&rel).is_ok();
        if !inside && !trusted {
            return Err(Error::ExternalOutside {
                name: name.clone(),
                path: rel,
            });
        }
        let value = std::fs::read_to_string(dest.join(&rel))
            .ok()
            .and_then(|text| crate::yaml::from_str::<Json>(&text).ok())
            .unwrap_or(Json::Object(Map::new()));
        out.insert(name.clone(), value);
    }
    Ok(out)
}

#[cfg(test)]
mod src_path_tests {
    use super::without_requirement;

    #[test]
    fn the_requirement_is_not_part_of_the_recorded_source() {
        for (given, recorded) in [
            ("./tpl@1.0.0", "./tpl"),
            ("gh:acme/tpl@^1", "gh:acme/tpl"),
            (
                "https://github.com/acme/tpl.git@v2",
                "https://github.com/acme/tpl.git",
            ),
            ("git@github.com:acme/tpl.git", "git@github.com:acme/tpl.git"),
            (
                "git@github.com:acme/tpl.git@1.0.0",
                "git@github.com:acme/tpl.git",
            ),
            ("/srv/tpl", "/srv/tpl"),
        ] {
            assert_eq!(without_requirement(given), recorded, "{given}");
        }
    }
}
