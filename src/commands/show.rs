//! `jig show`: a blueprint's description, questions and available versions; or, for a
//! generated project, which blueprint versions made it and whether their sources still serve
//! what was recorded (moved tags, replaced registry bundles).

use crate::answers::AnswersFile;
use crate::blueprint::Blueprint;
use crate::cli::{Format, ShowArgs};
use crate::error::Error;
use crate::settings::Settings;
use crate::source::{self, Format as SourceFormat};
use crate::sync::provenance::{self, Finding};
use crate::ui::Ui;
use std::path::Path;

#[derive(serde::Serialize)]
struct Shown {
    name: String,
    description: String,
    /// The version resolved for the requirement given (or the latest).
    version: String,
    kind: source::Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bundle: Option<String>,
    versions: Vec<String>,
    /// The repositories `jig new` makes side by side, when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    repositories: Vec<ShownRepository>,
    questions: Vec<ShownQuestion>,
    /// A Copier template's settings (`_exclude`, `_subdirectory`, ...), without their `_`.
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(serde::Serialize)]
struct ShownRepository {
    name: String,
    /// The template of its directory's name.
    directory: String,
}

#[derive(serde::Serialize)]
struct ShownQuestion {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    /// The values a choice or multiselect question accepts (what `--data` must say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<String>,
}

pub(super) fn run(args: &ShowArgs, settings: Settings, ui: &Ui) -> Result<(), Error> {
    let resolver = source::Resolver::new(&settings);
    let path = Path::new(&args.source);
    if path.is_dir() && source::format_of(path).is_err() && path.join(crate::answers::DIR).is_dir()
    {
        return show_project(path, &resolver, args, ui);
    }
    let source = super::new::resolve(&resolver, &args.source, &args.from, false, ui)?;
    let mut source =
        super::new::copier_at_tag(&resolver, source, &args.source, &args.from, false, ui);
    let shown = match source.format {
        SourceFormat::Jig => {
            let bp = Blueprint::load(&source.dir)?;
            source.check_manifest_version(&bp.manifest.version);
            let m = &bp.manifest;
            Shown {
                name: m.name.clone(),
                description: m.description.clone(),
                version: source
                    .pin
                    .version
                    .as_ref()
                    .unwrap_or(&m.version)
                    .to_string(),
                kind: source.kind,
                commit: source.pin.commit.clone(),
                bundle: source.pin.bundle.clone(),
                versions: versions(&source, Some(&m.version)),
                repositories: m
                    .repositories
                    .iter()
                    .map(|r| ShownRepository {
                        name: r.name.clone(),
                        directory: r.directory.clone(),
                    })
                    .collect(),
                questions: m
                    .questions
                    .iter()
                    .filter(|q| q.computed.is_none())
                    .map(|q| {
                        let meta = crate::registry::QuestionMeta::of(q);
                        ShownQuestion {
                            name: meta.name,
                            kind: meta.kind,
                            default: meta.default,
                            help: meta.help,
                            choices: q.choices.iter().map(|c| c.value.clone()).collect(),
                        }
                    })
                    .collect(),
                settings: None,
            }
        }
        SourceFormat::Copier => copier_shown(&source)?,
        SourceFormat::Cookiecutter => {
            let template = crate::cookiecutter::Template::load(&source.dir)?;
            Shown {
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
                ..foreign(&source, "a Cookiecutter template".into())
            }
        }
    };
    for warning in &source.warnings {
        ui.warn(warning);
    }
    if args.format == Format::Json {
        ui.out(&serde_json::to_string_pretty(&shown).expect("serialises"));
        return Ok(());
    }
    ui.out(&format!("{} {}", ui.bold(&shown.name), shown.version));
    if !shown.description.is_empty() {
        ui.out(&shown.description);
    }
    if let Some(commit) = &shown.commit {
        ui.out(&format!("commit: {commit}"));
    }
    if let Some(bundle) = &shown.bundle {
        ui.out(&format!("bundle: {bundle}"));
    }
    ui.out("");
    ui.out(&ui.bold("Versions:"));
    if shown.versions.is_empty() {
        ui.out("  (none published or tagged)");
    }
    for v in &shown.versions {
        let mark = if *v == shown.version {
            "  <- resolved"
        } else {
            ""
        };
        ui.out(&format!("  {v}{mark}"));
    }
    if !shown.repositories.is_empty() {
        ui.out("");
        ui.out(&ui.bold("Repositories (made side by side; --repository NAME for one):"));
        let width = shown
            .repositories
            .iter()
            .map(|r| r.name.len())
            .max()
            .unwrap_or(0);
        for r in &shown.repositories {
            ui.out(&format!("  {:<width$}  {}", r.name, r.directory));
        }
    }
    ui.out("");
    ui.out(&ui.bold("Questions:"));
    let width = shown
        .questions
        .iter()
        .map(|q| q.name.len())
        .max()
        .unwrap_or(0);
    for q in &shown.questions {
        let default = q
            .default
            .as_ref()
            .map_or(String::new(), |d| format!(" [default: {d}]"));
        let help = q.help.as_ref().map_or(String::new(), |h| format!("  {h}"));
        ui.out(&format!(
            "  {:<width$}  {:<11}{help}{}",
            q.name,
            q.kind,
            ui.dim(&default)
        ));
        if !q.choices.is_empty() {
            let values = q.choices.join(", ");
            let which = if q.kind == "multiselect" {
                "any of"
            } else {
                "one of"
            };
            ui.out(&format!("  {:<width$}  {:<11} {which}: {values}", "", ""));
        }
    }
    Ok(())
}

/// The source's versions, newest first; a local directory or first-party blueprint has just
/// its manifest's.
fn versions(source: &source::Source, manifest: Option<&semver::Version>) -> Vec<String> {
    let mut versions: Vec<String> = source
        .available
        .iter()
        .rev()
        .map(|v| v.to_string())
        .collect();
    if versions.is_empty() {
        if let Some(v) = source.pin.version.as_ref().or(manifest) {
            versions.push(v.to_string());
        }
    }
    versions
}

#[derive(serde::Serialize)]
struct ShownProject {
    file: String,
    #[serde(flatten)]
    answers: AnswersFile,
    provenance: ShownProvenance,
}

#[derive(serde::Serialize)]
struct ShownProvenance {
    status: &'static str,
    message: String,
}

fn show_project(
    path: &Path,
    resolver: &source::Resolver,
    args: &ShowArgs,
    ui: &Ui,
) -> Result<(), Error> {
    let files = AnswersFile::find(path).map_err(|e| Error::Output {
        what: format!("{}/{}", path.display(), crate::answers::DIR),
        message: e.to_string(),
    })?;
    let mut shown = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(path)
            .unwrap_or(&file)
            .display()
            .to_string();
        let answers = AnswersFile::read(&file).map_err(crate::sync::Error::from)?;
        let finding = provenance::verify(&answers, &rel, resolver, args.from.offline);
        let (status, message) = match finding {
            Finding::Verified(m) => ("verified", m),
            Finding::NotApplicable => ("not-applicable", String::new()),
            Finding::Changed(m) => {
                ui.alarm(&m);
                ("changed", m)
            }
            Finding::Unverifiable(m) => {
                ui.warn(&m);
                ("unverifiable", m)
            }
        };
        shown.push(ShownProject {
            file: rel,
            answers,
            provenance: ShownProvenance { status, message },
        });
    }
    if args.format == Format::Json {
        ui.out(&serde_json::to_string_pretty(&shown).expect("serialises"));
        return Ok(());
    }
    if shown.is_empty() {
        ui.out(&format!(
            "{} has no answers files under .jig/",
            path.display()
        ));
    }
    for s in &shown {
        let a = &s.answers;
        ui.out(&format!(
            "{} {} {}",
            ui.bold(&a.blueprint),
            a.version,
            ui.dim(&format!("({})", s.file))
        ));
        ui.out(&format!("  source:   {}", a.source));
        for (label, value) in [
            ("url", &a.url),
            ("ref", &a.git_ref),
            ("commit", &a.commit),
            ("registry", &a.registry),
            ("bundle", &a.bundle),
        ] {
            if let Some(v) = value {
                ui.out(&format!("  {label:<9} {v}"));
            }
        }
        if !s.provenance.message.is_empty() {
            ui.out(&format!(
                "  check:    {}: {}",
                s.provenance.status, s.provenance.message
            ));
        }
    }
    Ok(())
}

/// A Copier template as `jig show` shows it: its questions (both forms) from `copier.yml`.
fn copier_shown(source: &crate::source::Source) -> Result<Shown, Error> {
    use serde_json::Value as Json;
    let path =
        crate::copier::config::find(&source.dir)?.ok_or_else(|| crate::copier::Error::Read {
            path: source.dir.join("copier.yml"),
            message: "not found".into(),
        })?;
    let config = crate::copier::config::Config::load(&path)?;
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
fn foreign(source: &crate::source::Source, description: String) -> Shown {
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
    }
}
