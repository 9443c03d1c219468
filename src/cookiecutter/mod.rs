//! Cookiecutter templates, rendered the way Cookiecutter 2.7.1 renders them.
//!
//! Teams bring thousands of existing Cookiecutter templates; jig renders them without a line
//! changed and then adds what Cookiecutter lacks (answers file, git, later drift checks). This
//! module holds everything that is Cookiecutter-specific: reading `cookiecutter.json` and its
//! settings (`load`), building the context with Cookiecutter's two passes and overrides
//! (`context`), its Jinja dialect (`jinja`), its walk and path rules (`plan`), binaryornot's
//! binary verdicts (`binary`), per-file newline detection (`newline`), its hooks (`hooks`), and
//! `~/.cookiecutterrc` (`rc`). `generate` drives the shared staging / write / git pipeline.

pub(crate) mod context;
pub(crate) mod generate;
pub(crate) mod hooks;
pub(crate) mod jinja;
pub(crate) mod plan;
pub(crate) mod prepare;
pub(crate) mod python;

use crate::jinja_ext as extensions;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The file that makes a directory a Cookiecutter template.
pub(crate) const CONTEXT_FILE: &str = crate::source::COOKIECUTTER_FILE;

/// Extensions Cookiecutter loads by default, and well-known ones jig implements natively.
const NATIVE_EXTENSIONS: &[&str] = &[
    "cookiecutter.extensions.JsonifyExtension",
    "cookiecutter.extensions.RandomStringExtension",
    "cookiecutter.extensions.SlugifyExtension",
    "cookiecutter.extensions.TimeExtension",
    "cookiecutter.extensions.UUIDExtension",
    "jinja2_time.TimeExtension",
    "jinja2.ext.loopcontrols",
];

/// A loaded Cookiecutter template (after `--directory`).
#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// The directory holding `cookiecutter.json`.
    pub repo_dir: PathBuf,
    /// `cookiecutter.json` in key order, without `__prompts__`.
    pub context: IndexMap<String, Json>,
    /// `__prompts__`: labels for questions and choices.
    pub prompts: serde_json::Map<String, Json>,
    pub env_vars: EnvVars,
    /// The project template directory's (unrendered) name inside `repo_dir`.
    pub project_template: String,
    /// `_extensions` entries whose module the template ships (its own code).
    pub code_extensions: Vec<String>,
    /// The worker running `code_extensions`, once started (trusted templates only).
    pub host: Option<std::sync::Arc<extensions::Host>>,
}

/// The Jinja options a template may set through `_jinja2_env_vars`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvVars {
    pub variable: (String, String),
    pub block: (String, String),
    pub comment: (String, String),
    pub trim_blocks: bool,
    pub lstrip_blocks: bool,
}

impl Default for EnvVars {
    fn default() -> Self {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        EnvVars {
            variable: pair("{{", "}}"),
            block: pair("{%", "%}"),
            comment: pair("{#", "#}"),
            trim_blocks: false,
            lstrip_blocks: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: invalid JSON: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{} must hold a JSON object", path.display())]
    NotObject { path: PathBuf },
    #[error("{} has no project template directory (a directory whose name contains `cookiecutter` and `{start}...{end}`)", dir.display())]
    NoProjectTemplate {
        dir: PathBuf,
        start: String,
        end: String,
    },
    #[error("{}: `_extensions` names the Python Jinja extension `{name}`, which jig cannot load", path.display())]
    Extension { path: PathBuf, name: String },
    #[error(transparent)]
    Extensions(#[from] extensions::Error),
    // What preparing a template for generation can meet below this module; the top-level
    // error takes these apart again (`error::Error::from`), so each keeps its own message.
    #[error(transparent)]
    Context(#[from] context::Error),
    #[error(transparent)]
    Answers(#[from] crate::prompt::Error),
    #[error(transparent)]
    Generate(#[from] crate::generate::Error),
    #[error(transparent)]
    Untrusted(#[from] crate::trust::Untrusted),
    #[error("{}: `_jinja2_env_vars.{key}` {message}", path.display())]
    EnvVar {
        path: PathBuf,
        key: String,
        message: String,
    },
    #[error("{}: `{key}` {message}", path.display())]
    Setting {
        path: PathBuf,
        key: String,
        message: String,
    },
}

impl Template {
    /// Reads `cookiecutter.json` in `repo_dir` and checks its settings.
    pub(crate) fn load(repo_dir: &Path) -> Result<Template, Error> {
        let path = repo_dir.join(CONTEXT_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        Template::parse(repo_dir, &text)
    }

    /// Reads `text` as the `cookiecutter.json` of `repo_dir` and checks its settings.
    pub(crate) fn parse(repo_dir: &Path, text: &str) -> Result<Template, Error> {
        let path = repo_dir.join(CONTEXT_FILE);
        let json: Json = serde_json::from_str(text).map_err(|e| Error::Json {
            path: path.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let Json::Object(map) = json else {
            return Err(Error::NotObject { path });
        };
        let mut context: IndexMap<String, Json> = map.into_iter().collect();
        let prompts = match context.shift_remove("__prompts__") {
            Some(Json::Object(p)) => p,
            _ => serde_json::Map::new(),
        };
        let code_extensions = check_extensions(repo_dir, &path, &context)?;
        let env_vars = env_vars(&path, context.get("_jinja2_env_vars"))?;
        check_settings(&path, &context)?;
        let project_template = find_project_template(repo_dir, &env_vars)?;
        Ok(Template {
            repo_dir: repo_dir.to_path_buf(),
            context,
            prompts,
            env_vars,
            project_template,
            code_extensions,
            host: None,
        })
    }

    /// The engine for texts that use a tag the template's extensions add.
    pub(crate) fn foreign(&self) -> Option<std::sync::Arc<dyn crate::render::Foreign>> {
        let host = self.host.as_ref().filter(|h| !h.added.tags.is_empty())?;
        Some(std::sync::Arc::new(extensions::Tags {
            host: host.clone(),
            open: self.env_vars.block.0.clone(),
        }))
    }

    /// The filters and tests the template's extensions add (for "did you mean").
    pub(crate) fn extension_callables(&self) -> Vec<String> {
        self.host.as_ref().map_or_else(Vec::new, |h| h.callables())
    }

    /// Starts the template's own extensions (its code: call only when it is trusted).
    pub(crate) fn start_extensions(&mut self) -> Result<(), Error> {
        if self.code_extensions.is_empty() || self.host.is_some() {
            return Ok(());
        }
        let search = [self.project_template_dir(), self.repo_dir.join("templates")];
        let builtin: Vec<String> = string_list(self.context.get("_extensions"))
            .into_iter()
            .filter(|e| e.starts_with("jinja2.ext."))
            .collect();
        self.host = Some(extensions::Host::start(
            extensions::Flavour::Cookiecutter,
            &self.repo_dir,
            &self.repo_dir.join(CONTEXT_FILE),
            &search,
            &builtin,
            &self.code_extensions,
            self.context.get("_jinja2_env_vars"),
        )?);
        Ok(())
    }

    /// The template's name: its directory's name (Cookiecutter's replay name).
    pub(crate) fn name(&self) -> String {
        self.repo_dir
            .file_name()
            .map_or_else(|| "template".into(), |n| n.to_string_lossy().into_owned())
    }

    pub(crate) fn project_template_dir(&self) -> PathBuf {
        self.repo_dir.join(&self.project_template)
    }

    /// `_copy_without_render` patterns.
    pub(crate) fn copy_without_render(&self) -> Vec<String> {
        string_list(self.context.get("_copy_without_render"))
    }

    /// `_new_lines`, when set to a non-empty string.
    pub(crate) fn new_lines(&self) -> Option<String> {
        match self.context.get("_new_lines") {
            Some(Json::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// The environment for this template, with its loader.
    pub(crate) fn environment(&self) -> minijinja::Environment<'static> {
        let mut env = jinja::environment(
            &self.env_vars,
            Some(self.project_template_dir()),
            Some(self.repo_dir.join("templates")),
        )
        .expect("delimiters were checked at load");
        if let Some(host) = &self.host {
            host.register(&mut env);
        }
        env
    }
}

fn string_list(value: Option<&Json>) -> Vec<String> {
    match value {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks `_extensions`: each entry is built in, or names a module the template ships
/// (`local_extensions.X` with `local_extensions.py` or a `local_extensions/` package beside
/// `cookiecutter.json`). Returns the shipped ones.
fn check_extensions(
    repo_dir: &Path,
    path: &Path,
    context: &IndexMap<String, Json>,
) -> Result<Vec<String>, Error> {
    let Some(value) = context.get("_extensions") else {
        return Ok(Vec::new());
    };
    let Json::Array(items) = value else {
        return Err(Error::Setting {
            path: path.to_path_buf(),
            key: "_extensions".into(),
            message: "must be a list of import paths".into(),
        });
    };
    let mut shipped = Vec::new();
    for item in items {
        let name = item.as_str().unwrap_or_default();
        if NATIVE_EXTENSIONS.contains(&name) {
            continue;
        }
        let module = name.split('.').next().unwrap_or_default();
        let ships = !module.is_empty()
            && !name.starts_with("jinja2.")
            && (repo_dir.join(format!("{module}.py")).is_file() || repo_dir.join(module).is_dir());
        if !ships {
            return Err(Error::Extension {
                path: path.to_path_buf(),
                name: name.to_string(),
            });
        }
        shipped.push(name.to_string());
    }
    Ok(shipped)
}

fn check_settings(path: &Path, context: &IndexMap<String, Json>) -> Result<(), Error> {
    let bad = |key: &str, message: &str| Error::Setting {
        path: path.to_path_buf(),
        key: key.into(),
        message: message.into(),
    };
    match context.get("_copy_without_render") {
        None | Some(Json::Array(_)) => {}
        Some(_) => return Err(bad("_copy_without_render", "must be a list of patterns")),
    }
    match context.get("_new_lines") {
        None | Some(Json::Null) | Some(Json::Bool(false)) => {}
        Some(Json::String(s)) if matches!(s.as_str(), "" | "\n" | "\r\n" | "\r") => {}
        Some(_) => return Err(bad("_new_lines", "must be \"\\n\", \"\\r\\n\" or \"\\r\"")),
    }
    for key in ["template", "templates"] {
        if context.contains_key(key) {
            return Err(bad(
                key,
                "selects a nested template, which jig does not support yet: run jig on the nested template's directory (--directory)",
            ));
        }
    }
    Ok(())
}

fn env_vars(path: &Path, value: Option<&Json>) -> Result<EnvVars, Error> {
    let mut vars = EnvVars::default();
    let Some(value) = value else {
        return Ok(vars);
    };
    let err = |key: &str, message: &str| Error::EnvVar {
        path: path.to_path_buf(),
        key: key.into(),
        message: message.into(),
    };
    let Json::Object(map) = value else {
        return Err(err("", "must be an object of Jinja options"));
    };
    for (key, value) in map {
        let text = || {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| err(key, "must be a string"))
        };
        let flag = || {
            value
                .as_bool()
                .ok_or_else(|| err(key, "must be true or false"))
        };
        match key.as_str() {
            "variable_start_string" => vars.variable.0 = text()?,
            "variable_end_string" => vars.variable.1 = text()?,
            "block_start_string" => vars.block.0 = text()?,
            "block_end_string" => vars.block.1 = text()?,
            "comment_start_string" => vars.comment.0 = text()?,
            "comment_end_string" => vars.comment.1 = text()?,
            "trim_blocks" => vars.trim_blocks = flag()?,
            "lstrip_blocks" => vars.lstrip_blocks = flag()?,
            "autoescape" if !flag()? => {}
            "newline_sequence" if text()? == "\n" => {}
            "keep_trailing_newline" | "undefined" | "extensions" => {
                return Err(err(
                    key,
                    "is set by Cookiecutter itself (it fails there too)",
                ))
            }
            _ => return Err(err(key, "is a Jinja option jig does not support")),
        }
    }
    jinja::environment(&vars, None, None).map_err(|e| err("*_string", &e))?;
    Ok(vars)
}

/// The first entry (in name order) whose name contains `cookiecutter` and the variable
/// delimiters, as Cookiecutter's `find_template`.
fn find_project_template(repo_dir: &Path, vars: &EnvVars) -> Result<String, Error> {
    let entries = std::fs::read_dir(repo_dir).map_err(|source| Error::Read {
        path: repo_dir.to_path_buf(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("cookiecutter")
                && n.contains(&vars.variable.0)
                && n.contains(&vars.variable.1)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .next()
        .ok_or_else(|| Error::NoProjectTemplate {
            dir: repo_dir.to_path_buf(),
            start: vars.variable.0.clone(),
            end: vars.variable.1.clone(),
        })
}
