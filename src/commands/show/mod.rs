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

mod formats;

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
    /// A folder that is several kinds of template: each, with its questions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    formats: Vec<ShownFormat>,
}

#[derive(serde::Serialize)]
struct ShownFormat {
    format: &'static str,
    /// Read without `--template-format` (and without DEST).
    read_by_default: bool,
    questions: Vec<ShownQuestion>,
}

#[derive(serde::Serialize)]
struct ShownRepository {
    name: String,
    /// The template of its directory's name.
    directory: String,
}

#[derive(Clone, serde::Serialize)]
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
                formats: Vec::new(),
            }
        }
        SourceFormat::Copier => formats::copier_shown(&source)?,
        SourceFormat::Cookiecutter => formats::cookiecutter_shown(&source)?,
    };
    let mut shown = shown;
    shown.formats = formats::all_formats(&source, &shown)?;
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
    if shown.formats.is_empty() {
        ui.out("");
        ui.out(&ui.bold("Questions:"));
        show_questions(ui, &shown.questions);
    }
    for f in &shown.formats {
        let how = match f.read_by_default {
            true => "read without --template-format".to_string(),
            false => format!("--template-format {}", f.format),
        };
        ui.out("");
        ui.out(&ui.bold(&format!("Questions as {} ({how}):", f.format)));
        show_questions(ui, &f.questions);
    }
    Ok(())
}

fn show_questions(ui: &Ui, questions: &[ShownQuestion]) {
    let width = questions.iter().map(|q| q.name.len()).max().unwrap_or(0);
    for q in questions {
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
