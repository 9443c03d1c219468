//! What `jig show` says of templates in another tool's format (Cookiecutter, Copier), and of
//! a folder that is both: each format's questions, the one `jig new` reads first.

use super::{versions, Shown, ShownFormat, ShownQuestion};
use crate::error::Error;
use crate::source::{Format, Source};

/// A Cookiecutter template: its questions from `cookiecutter.json`.
pub(super) fn cookiecutter_shown(source: &Source) -> Result<Shown, Error> {
    let template = crate::cookiecutter::Template::load(&source.dir)?;
    Ok(Shown {
        questions: template
            .context
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| ShownQuestion {
                name: k.clone(),
                kind: match v {
                    serde_json::Value::Array(_) => "choice",
                    serde_json::Value::Bool(_) => "boolean",
                    _ => "string",
                }
                .into(),
                default: Some(match v {
                    serde_json::Value::Array(items) => items
                        .first()
                        .map(crate::cookiecutter::python::py_str)
                        .unwrap_or_default(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
                help: None,
                choices: v.as_array().map_or(Vec::new(), |items| {
                    items
                        .iter()
                        .map(crate::cookiecutter::python::py_str)
                        .collect()
                }),
            })
            .collect(),
        ..foreign(source, "a Cookiecutter template".into())
    })
}

/// Every format a folder that is several holds, the one read first, with its questions and
/// the flag that reads it (nothing for a folder that is one).
pub(super) fn all_formats(source: &Source, shown: &Shown) -> Result<Vec<ShownFormat>, Error> {
    if source.also.is_empty() {
        return Ok(Vec::new());
    }
    // What `jig new SOURCE` reads without the flag (and without DEST).
    let default = crate::source::format_of(&source.dir).ok();
    let mut all = vec![ShownFormat {
        format: source.format.name(),
        read_by_default: default == Some(source.format),
        questions: shown.questions.clone(),
    }];
    for other in &source.also {
        let questions = match other {
            Format::Copier => copier_shown(source)?.questions,
            Format::Cookiecutter => cookiecutter_shown(source)?.questions,
            // A jig blueprint is always the one read first.
            Format::Jig => continue,
        };
        all.push(ShownFormat {
            format: other.name(),
            read_by_default: default == Some(*other),
            questions,
        });
    }
    Ok(all)
}

/// A Copier template as `jig show` shows it: its questions (both forms) from `copier.yml`
/// (none for a folder without one).
pub(super) fn copier_shown(source: &Source) -> Result<Shown, Error> {
    use serde_json::Value as Json;
    let config = match crate::copier::config::find(&source.dir)? {
        Some(path) => crate::copier::config::Config::load(&path)?,
        None => crate::copier::config::Config::default(),
    };
    let text = |v: &Json| match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let questions = config
        .questions
        .iter()
        .map(|(name, q)| ShownQuestion {
            name: name.clone(),
            kind: q.get("type").map_or_else(|| "yaml".to_string(), text),
            default: q.get("default").map(text),
            help: q.get("help").map(text),
            choices: match q.get("choices") {
                Some(Json::Array(items)) => items
                    .iter()
                    .map(|c| match c {
                        Json::Array(pair) if pair.len() == 2 => {
                            format!("{} ({})", text(&pair[0]), text(&pair[1]))
                        }
                        other => text(other),
                    })
                    .collect(),
                Some(Json::Object(map)) => map
                    .iter()
                    .map(|(label, value)| match value {
                        Json::Object(v) => {
                            format!("{label} ({})", v.get("value").map(text).unwrap_or_default())
                        }
                        v => format!("{label} ({})", text(v)),
                    })
                    .collect(),
                Some(other) => vec![text(other)],
                None => Vec::new(),
            },
        })
        .collect();
    let about = format!(
        "a Copier template (answers file {}; `jig new SOURCE DEST` renders it)",
        config.text("answers_file", ".copier-answers.yml")
    );
    Ok(Shown {
        questions,
        settings: Some(config.settings.clone()),
        ..foreign(source, about)
    })
}

/// What `jig show` says of a template in another tool's format: named after its directory or
/// repository (never a checkout's commit), versioned by its source's tags only.
fn foreign(source: &Source, description: String) -> Shown {
    Shown {
        name: source.template_name(),
        description,
        version: source
            .pin
            .version
            .as_ref()
            .map_or("unversioned".into(), |v| v.to_string()),
        kind: source.kind,
        commit: source.pin.commit.clone(),
        bundle: source.pin.bundle.clone(),
        versions: versions(source, None),
        repositories: Vec::new(),
        questions: Vec::new(),
        settings: None,
        formats: Vec::new(),
    }
}
