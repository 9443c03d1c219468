//! A Copier template's settings, read and checked once: everything `copier.yml` says about
//! how to render (suffix, subdirectory, exclusions, envops, answers file, messages, tasks,
//! migrations, extensions, external data), with Copier's defaults where it says nothing.

use super::config::{self, Config};
use super::jinja::EnvOps;
use super::Error;
use serde_json::{Map, Value as Json};
use std::path::{Path, PathBuf};

/// The Copier release jig renders as (and is tested against).
pub(crate) const COPIER_VERSION: &str = "9.19.1";

/// Copier's `DEFAULT_EXCLUDE`, used when the template sets no `_exclude` and no
/// `_subdirectory`.
pub(crate) const DEFAULT_EXCLUDE: [&str; 8] = [
    "copier.yaml",
    "copier.yml",
    "~*",
    "*.py[co]",
    "__pycache__",
    ".git",
    ".DS_Store",
    ".svn",
];

/// Jinja extensions every Copier template may name without running code of its own: the ones
/// Copier loads anyway, the ones jig's renderer has built in, and copier-templates-extensions'
/// loader under both its names (whose `file.py:Class` form jig reads itself).
const BUILT_IN_EXTENSIONS: [&str; 7] = [
    "jinja2_ansible_filters.AnsibleCoreFiltersExtension",
    "jinja2.ext.loopcontrols",
    "jinja2.ext.do",
    "cookiecutter.extensions.SlugifyExtension",
    "cookiecutter.extensions.JsonifyExtension",
    "copier_templates_extensions.TemplateExtensionLoader",
    "copier_template_extensions.TemplateExtensionLoader",
];

/// One `_tasks` entry: a shell command (text), or a program and its arguments (list).
#[derive(Debug, Clone)]
pub(crate) struct Task {
    pub command: Json,
    pub when: Json,
    pub working_directory: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// The template's root (where `copier.yml` is).
    pub root: PathBuf,
    pub config_path: PathBuf,
    pub config: Config,
    pub envops: EnvOps,
    pub suffix: String,
    /// Unrendered.
    pub subdirectory: String,
    /// Unrendered patterns (defaults applied).
    pub exclude: Vec<String>,
    pub skip_if_exists: Vec<String>,
    pub answers_file: String,
    pub secret_questions: Vec<String>,
    pub preserve_symlinks: bool,
    pub external_data: Map<String, Json>,
    pub tasks: Vec<Task>,
    /// `_jinja_extensions` that are the template's code (loaded by Python, with trust).
    pub code_extensions: Vec<String>,
    pub message_before_copy: String,
    pub message_after_copy: String,
}

impl Template {
    /// The questions whose answers are never recorded (`secret: true`, `_secret_questions`).
    pub(crate) fn secret_names(&self) -> Vec<String> {
        self.config
            .questions
            .iter()
            .filter(|(name, def)| {
                self.secret_questions.contains(name)
                    || def.get("secret").is_some_and(super::casting::to_bool)
            })
            .map(|(name, _)| name.clone())
            .collect()
    }

    pub(crate) fn load(root: &Path) -> Result<Template, Error> {
        let config_path = config::find(root)?.unwrap_or_else(|| root.join(config::FILES[0]));
        let config = if config_path.is_file() {
            Config::load(&config_path)?
        } else {
            Config::default()
        };
        let path = config_path.clone();
        let bad = |key: &str, message: String| Error::Invalid {
            path: path.clone(),
            message: format!("`_{key}` {message}"),
        };
        let s = &config.settings;
        let text = |key: &str, default: &str| -> Result<String, Error> {
            match s.get(key) {
                None | Some(Json::Null) => Ok(default.to_string()),
                Some(Json::String(v)) => Ok(v.clone()),
                Some(other) => Err(bad(key, format!("must be text, not {other}"))),
            }
        };
        let list = |key: &str| -> Result<Vec<String>, Error> {
            match s.get(key) {
                None | Some(Json::Null) => Ok(Vec::new()),
                Some(Json::Array(items)) => items
                    .iter()
                    .map(|i| match i {
                        Json::String(v) => Ok(v.clone()),
                        other => Err(bad(key, format!("must list text, not {other}"))),
                    })
                    .collect(),
                Some(other) => Err(bad(key, format!("must be a list, not {other}"))),
            }
        };
        let subdirectory = text("subdirectory", "")?;
        let exclude = match s.get("exclude") {
            Some(_) => list("exclude")?,
            // Copier's test is `Path(subdirectory) == Path(".")`: empty, `.` and `./` alike.
            None if Path::new(&subdirectory)
                .components()
                .all(|c| c == std::path::Component::CurDir) =>
            {
                DEFAULT_EXCLUDE.iter().map(|p| p.to_string()).collect()
            }
            None => Vec::new(),
        };
        if let Some(min) = s.get("min_copier_version") {
            check_min_version(&config_path, min)?;
        }
        let code_extensions: Vec<String> = list("jinja_extensions")?
            .into_iter()
            .filter(|name| !BUILT_IN_EXTENSIONS.contains(&name.as_str()))
            .collect();
        let tasks = match s.get("tasks") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(items)) => items.iter().map(task).collect(),
            Some(other) => return Err(bad("tasks", format!("must be a list, not {other}"))),
        };
        let external_data = match s.get("external_data") {
            None | Some(Json::Null) => Map::new(),
            Some(Json::Object(map)) => map.clone(),
            Some(other) => {
                return Err(bad(
                    "external_data",
                    format!("must be a mapping, not {other}"),
                ))
            }
        };
        let envops = EnvOps::parse(&config_path, s.get("envops"))?;
        Ok(Template {
            root: root.to_path_buf(),
            suffix: match s.get("templates_suffix") {
                None | Some(Json::Null) => ".jinja".into(),
                Some(_) => text("templates_suffix", ".jinja")?,
            },
            answers_file: text("answers_file", ".copier-answers.yml")?,
            skip_if_exists: list("skip_if_exists")?,
            secret_questions: list("secret_questions")?,
            preserve_symlinks: s
                .get("preserve_symlinks")
                .is_some_and(super::casting::to_bool),
            message_before_copy: text("message_before_copy", "")?,
            message_after_copy: text("message_after_copy", "")?,
            subdirectory,
            exclude,
            external_data,
            tasks,
            code_extensions,
            envops,
            config_path,
            config,
        })
    }

    /// What runs code of the template's own when it is rendered (for the trust gate): its
    /// tasks (which `--no-hooks` skips) and its Jinja extensions (which it cannot skip).
    pub(crate) fn code(&self) -> Vec<String> {
        self.tasks
            .iter()
            .map(|t| format!("_tasks: {}", super::casting::python_str(&t.command)))
            .chain(self.extension_code())
            .collect()
    }

    /// ` (did you mean `QUESTION`?)` for a name that is probably a mistyped question, or
    /// nothing.
    pub(crate) fn question_hint(&self, name: &str) -> String {
        crate::suggest::did_you_mean(name, self.config.questions.keys())
            .map_or_else(String::new, |s| format!(" ({s})"))
    }

    /// The Jinja extensions that are the template's code, as the trust refusal lists them.
    pub(crate) fn extension_code(&self) -> impl Iterator<Item = String> + '_ {
        self.code_extensions.iter().map(|e| match self.is_context_hook(e) {
            true => format!(
                "{e} (a copier-templates-extensions ContextHook: Python that computes the render context; from `_jinja_extensions`, while rendering)"
            ),
            false => format!("{e} (from `_jinja_extensions`, while rendering)"),
        })
    }

    /// Whether a `file.py:Class` entry's class says it is a `ContextHook` (read from the
    /// file's text: nothing of the template runs before it is trusted).
    fn is_context_hook(&self, entry: &str) -> bool {
        let Some((file, class)) = entry.split_once(':') else {
            return false;
        };
        let Ok(rel) = crate::render::paths::check_relative(file) else {
            return false;
        };
        let Ok(text) = std::fs::read_to_string(self.root.join(rel)) else {
            return false;
        };
        let pattern = format!(r"(?m)^\s*class\s+{}\s*\(([^)]*)\)", regex::escape(class));
        regex::Regex::new(&pattern).is_ok_and(|re| {
            re.captures_iter(&text)
                .any(|c| c[1].split(',').any(|b| b.trim().ends_with("ContextHook")))
        })
    }
}

fn task(entry: &Json) -> Task {
    match entry {
        Json::Object(map) => Task {
            command: map.get("command").cloned().unwrap_or(Json::Null),
            when: map
                .get("when")
                .cloned()
                .unwrap_or(Json::String("true".into())),
            working_directory: map
                .get("working_directory")
                .and_then(Json::as_str)
                .unwrap_or(".")
                .to_string(),
        },
        other => Task {
            command: other.clone(),
            when: Json::String("true".into()),
            working_directory: ".".into(),
        },
    }
}

/// `_min_copier_version`: jig renders as Copier 9.19.1, so a template that needs a newer
/// Copier is refused as Copier 9.19.1 would refuse it.
fn check_min_version(path: &Path, min: &Json) -> Result<(), Error> {
    let wanted = super::casting::python_str(min);
    let parse = |v: &str| -> Vec<u64> {
        v.split(['.', '+', '-'])
            .map_while(|p| p.parse::<u64>().ok())
            .collect()
    };
    let (want, have) = (parse(&wanted), parse(COPIER_VERSION));
    if want.is_empty() {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: format!("`_min_copier_version` `{wanted}` is not a version"),
        });
    }
    if want > have {
        return Err(Error::MinVersion {
            path: path.to_path_buf(),
            wanted,
        });
    }
    Ok(())
}
