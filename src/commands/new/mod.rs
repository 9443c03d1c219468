//! `jig new`: resolve the source, check trust, collect answers (a blueprint's questions or a
//! Cookiecutter template's context), generate through the one pipeline, report.

mod copier;

use crate::blueprint::Blueprint;
use crate::cli::{AnswerArgs, Format, NewArgs, SourceArgs};
use crate::cookiecutter::prepare;
use crate::error::Error;
use crate::generate::blueprint::BlueprintTemplate;
use crate::generate::{self, Existing, Generated};
use crate::prompt::{self, Given, Input, Mode, Origin};
use crate::settings::Settings;
use crate::source;
use crate::ui::Ui;

pub(super) fn run(args: &NewArgs, settings: Settings, ui: &Ui) -> Result<(), Error> {
    let resolver = source::Resolver::new(&settings);
    let mut source = resolve(&resolver, &args.source, &args.from, args.dest.is_some(), ui)?;
    let given = given_values(&args.answers)?;
    let mode = mode_for(&args.answers, ui);
    let mut asker = ui.asker();
    if args.dest.is_some() && source.format != source::Format::Copier {
        // A blueprint or Cookiecutter template names its own project directory.
        return Err(Error::DestNotCopier {
            dest: args.dest.clone().unwrap_or_default(),
        });
    }
    match source.format {
        source::Format::Jig => {
            let blueprint = Blueprint::load(&source.dir)?;
            source.check_manifest_version(&blueprint.manifest.version);
            for warning in source.warnings.drain(..) {
                ui.warn(&warning);
            }
            let run_hooks = generate::blueprint::gate(&blueprint, &source, &settings)?;
            // Before the first question: a broken template must not cost the user their
            // answers. (Scripted runs lose nothing: the render names the same mistake and its
            // nearest question, as tests/integration/render_errors.rs pins.)
            if mode == Mode::Interactive {
                let findings = crate::lint::template_errors(&blueprint);
                if !findings.is_empty() {
                    return Err(Error::TemplateErrors {
                        dir: source.dir.clone(),
                        findings,
                    });
                }
            }
            let answers = generate::blueprint::collect_answers(
                &blueprint,
                &given,
                &settings.config.defaults,
                mode,
                Some(&mut asker),
            )?;
            let message = BlueprintTemplate::new(&blueprint, &answers).message_after()?;
            // A blueprint that makes several repositories makes each (or the one asked for)
            // from the same answers.
            let views = match &args.repository {
                Some(name) => {
                    let mut one =
                        Blueprint::new(blueprint.root.clone(), blueprint.manifest.clone());
                    one.select(Some(name))?;
                    vec![one]
                }
                None => blueprint.each_repository(),
            };
            let templates: Vec<BlueprintTemplate> = views
                .iter()
                .map(|view| BlueprintTemplate::new(view, &answers))
                .collect();
            let parts: Vec<(&str, &dyn generate::Template)> = views
                .iter()
                .zip(&templates)
                .map(|(view, t)| {
                    let name = view.repository().map_or("", |r| r.name.as_str());
                    (name, t as &dyn generate::Template)
                })
                .collect();
            execute(
                args,
                &args.output_dir,
                ui,
                &source,
                &parts,
                run_hooks,
                message.as_deref(),
            )
        }
        source::Format::Copier => {
            let source = copier_at_tag(
                &resolver,
                source,
                &args.source,
                &args.from,
                args.dest.is_some(),
                ui,
            );
            copier::run(args, &settings, ui, &source, given, mode, &mut asker)
        }
        source::Format::Cookiecutter => {
            for warning in source.warnings.drain(..) {
                ui.warn(&warning);
            }
            let run_hooks = prepare::gate(&source, &settings)?;
            let output_dir = generate::absolute(&args.output_dir);
            let ready = prepare::prepare(prepare::Preparation {
                settings: &settings,
                source: &source,
                extra: prepare::given_map(given),
                asker: match mode {
                    Mode::Interactive => Some(&mut asker),
                    _ => None,
                },
                output_dir: &output_dir,
                run_hooks,
                no_input: mode == Mode::NoInput,
            })?;
            for warning in &ready.warnings {
                ui.warn(warning);
            }
            if let Some(name) = &args.repository {
                return Err(crate::blueprint::Error::NoSuchRepository {
                    blueprint: source.given.clone(),
                    name: name.clone(),
                    known: Vec::new(),
                }
                .into());
            }
            let parts = [("", &ready.prepared as &dyn generate::Template)];
            execute(args, &args.output_dir, ui, &source, &parts, run_hooks, None)
        }
    }
}

/// A local Copier template that is a git repository, read at its newest tag as Copier reads
/// it (its working tree when it has no tags, or when a version was asked for).
pub(super) fn copier_at_tag(
    resolver: &source::Resolver,
    source: source::Source,
    given: &str,
    from: &SourceArgs,
    dest_named: bool,
    ui: &Ui,
) -> source::Source {
    let tagged = source.format == source::Format::Copier
        && source.kind == source::Kind::Local
        && from.version.is_none()
        && source.dir.join(".git").exists();
    if !tagged {
        return source;
    }
    let mut latest = from.clone();
    latest.version = Some("latest".into());
    // The folder was read as Copier: it stays Copier at its tag.
    latest.template_format = Some(crate::cli::TemplateFormat::Copier);
    resolve(resolver, given, &latest, dest_named, ui).unwrap_or(source)
}

/// How questions are answered: `--defaults`, else the terminal, else nothing may be missing.
pub(super) fn mode_for(answers: &AnswerArgs, ui: &Ui) -> Mode {
    if answers.defaults {
        Mode::Defaults
    } else if ui.can_prompt() {
        Mode::Interactive
    } else {
        Mode::NoInput
    }
}

/// Resolves a source with the shared flags, with a spinner while git or a registry works;
/// `dest_named`: the project directory is given (`jig new SRC DEST`), which makes a folder
/// without a manifest a Copier template.
pub(super) fn resolve(
    resolver: &source::Resolver,
    given: &str,
    from: &SourceArgs,
    dest_named: bool,
    ui: &Ui,
) -> Result<source::Source, Error> {
    let opts = source::Options {
        version: from.version.as_deref(),
        pre: from.pre,
        offline: from.offline,
        registry: from.registry.as_deref(),
        directory: from.directory.as_deref(),
        format: from.template_format.map(crate::cli::TemplateFormat::format),
        dest_named,
    };
    let spinner = ui.spinner_as("Resolving", given);
    let result = resolver.resolve(given, &opts);
    spinner.finish_and_clear();
    Ok(result?)
}

/// Generates each template (one, or the repositories of a multi-repository blueprint side
/// by side) and shows the result: shared by every template format.
pub(super) fn execute(
    args: &NewArgs,
    output_dir: &std::path::Path,
    ui: &Ui,
    source: &source::Source,
    parts: &[(&str, &dyn generate::Template)],
    run_hooks: bool,
    message_after: Option<&str>,
) -> Result<(), Error> {
    let existing = if args.overwrite {
        Existing::Overwrite
    } else if args.skip_if_exists {
        Existing::Skip
    } else {
        Existing::Refuse
    };
    let requests: Vec<(&str, generate::Request)> = parts
        .iter()
        .map(|(name, template)| {
            let request = generate::Request {
                source,
                template: *template,
                output_dir,
                existing,
                pretend: args.pretend,
                git: !args.no_git,
                author: args.author.as_deref(),
                run_hooks,
            };
            (*name, request)
        })
        .collect();
    let bar = std::sync::Mutex::new(None);
    let spinner = std::sync::Mutex::new(None);
    let progress = |event: generate::Progress| match event {
        generate::Progress::Files { done, total } => {
            let mut slot = bar.lock().expect("not poisoned");
            let bar = slot.get_or_insert_with(|| ui.progress(total, parts[0].1.name()));
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        generate::Progress::Hook { stage, hook } => {
            let mut slot = spinner.lock().expect("not poisoned");
            *slot = Some(ui.spinner(&format!("{stage} hook `{hook}`")));
        }
        generate::Progress::Commit { files } => {
            if let Some(bar) = bar.lock().expect("not poisoned").take() {
                bar.finish_and_clear();
            }
            let mut slot = spinner.lock().expect("not poisoned");
            *slot = Some(ui.spinner_as("Committing", &format!("{files} files")));
        }
        // `ui.note` clears the running spinner and draws it again below the line itself;
        // suspending it here as well would wait on the lock the note takes.
        generate::Progress::HookOutput { line } => ui.note(&format!("  | {line}")),
        generate::Progress::HookDone | generate::Progress::CommitDone => {
            if let Some(s) = spinner.lock().expect("not poisoned").take() {
                s.finish_and_clear();
            }
        }
    };
    let result = generate::generate_each(&requests, &progress);
    if let Some(bar) = bar.lock().expect("not poisoned").take() {
        bar.finish_and_clear();
    }
    let reports = result?;
    show(ui, args.format, &reports, message_after)
}

/// Values from `--data-file`, then `--data` on top.
pub(super) fn given_values(args: &AnswerArgs) -> Result<Given, Error> {
    let mut given = Given::new();
    if let Some(path) = &args.data_file {
        given = prompt::read_answers_file(path).map_err(|e| Error::DataFile {
            path: e.path,
            message: e.message,
        })?;
    }
    for pair in &args.data {
        let (key, value) = pair
            .split_once('=')
            .filter(|(k, _)| !k.trim().is_empty())
            .ok_or_else(|| Error::BadDataFlag(pair.clone()))?;
        given.insert(
            key.trim().to_string(),
            (Input::Text(value.to_string()), Origin::Flag),
        );
    }
    Ok(given)
}

fn show(
    ui: &Ui,
    format: Format,
    reports: &[Generated],
    message_after: Option<&str>,
) -> Result<(), Error> {
    for warning in reports.iter().flat_map(|r| &r.warnings) {
        ui.warn(warning);
    }
    if format == Format::Json {
        // One project: its report; several repositories: a list of them.
        let json = match reports {
            [one] => serde_json::to_string_pretty(one),
            all => serde_json::to_string_pretty(all),
        };
        let json = json.map_err(|e| Error::Output {
            what: "the JSON report".into(),
            message: e.to_string(),
        })?;
        ui.out(&json);
        return Ok(());
    }
    for report in reports {
        show_one(ui, report);
    }
    if reports.first().is_some_and(|r| r.pretend) {
        ui.note("Nothing was written (--pretend).");
        return Ok(());
    }
    let dirs: Vec<String> = reports
        .iter()
        .map(|r| r.project_dir.display().to_string())
        .collect();
    match dirs.as_slice() {
        [one] => ui.status("Next", &format!("cd {one}")),
        [first, rest @ ..] => ui.status(
            "Next",
            &format!(
                "cd {first} (each of {} is its own git repository)",
                std::iter::once(first)
                    .chain(rest)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        [] => {}
    }
    if let Some(message) = message_after.map(str::trim_end).filter(|m| !m.is_empty()) {
        ui.note("");
        for line in message.lines() {
            ui.note(line);
        }
    }
    Ok(())
}

fn show_one(ui: &Ui, report: &Generated) {
    let dir = report.project_dir.display();
    if report.pretend {
        ui.note(&format!(
            "Would create {dir} from {} {}:",
            report.blueprint, report.version
        ));
        for file in &report.files {
            let action = serde_json::to_value(file.action).expect("serialises");
            ui.note(&format!(
                "  {:<14} {}",
                action.as_str().unwrap_or_default(),
                file.path
            ));
        }
        for skipped in &report.skipped {
            ui.note(&ui.dim(&format!("  {:<14} {skipped}", "skip")));
        }
        return;
    }
    ui.status(
        "Created",
        &format!(
            "{dir} from {} {} ({} files)",
            report.blueprint,
            report.version,
            report.files.len()
        ),
    );
    if let Some(commit) = &report.commit {
        ui.status(
            "Committed",
            &format!("{} Initial commit", &commit[..commit.len().min(12)]),
        );
    }
    if let Some(answers) = &report.answers_file {
        ui.status("Recorded", &format!("answers in {}", answers.display()));
    }
}
