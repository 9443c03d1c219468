//! `jig new`: resolve the source, check trust, collect answers, generate, report.

use crate::blueprint::Blueprint;
use crate::cli::{AnswerArgs, Format, NewArgs, SourceArgs};
use crate::error::Error;
use crate::generate::jig::{base_context, JigTemplate};
use crate::generate::{self, Existing, Report};
use crate::prompt::{self, Given, Input, Mode, Origin};
use crate::settings::Config;
use crate::source::{self, Kind};
use crate::ui::Ui;

pub fn run(args: &NewArgs, ui: &Ui) -> Result<(), Error> {
    let config = Config::load()?;
    let rc = crate::cookiecutter::rc::load()?;
    let resolver = source::Resolver::new(&config, &rc.abbreviations);
    let mut source = resolve(&resolver, &args.source, &args.from, ui)?;
    let given = given_values(&args.answers)?;
    let mode = mode_for(&args.answers, ui);
    if source.format == source::Format::Cookiecutter {
        for warning in source.warnings.drain(..) {
            ui.warn(&warning);
        }
        let input = super::new_cookiecutter::Input {
            config: &config,
            rc: &rc,
            source: &source,
            given,
            mode,
        };
        return super::new_cookiecutter::run(args, ui, input);
    }

    let blueprint = Blueprint::load(&source.dir)?;
    source.check_manifest_version(&blueprint.manifest.version);
    for warning in source.warnings.drain(..) {
        ui.warn(&warning);
    }
    let run_hooks = hooks_allowed(args, &config, &source, &blueprint)?;
    // Before the first question: a broken template must not cost the user their answers.
    // (Scripted runs lose nothing; the render names the same mistake.)
    if mode == Mode::Interactive {
        let findings = crate::lint::template_errors(&blueprint);
        if !findings.is_empty() {
            return Err(Error::TemplateErrors {
                dir: source.dir.clone(),
                findings,
            });
        }
    }
    let env = crate::render::validation_environment();
    let base = base_context(&blueprint);
    let mut asker = ui.asker();
    let answers = prompt::collect(
        &blueprint.manifest.questions,
        &given,
        &config.defaults,
        mode,
        Some(&mut asker),
        &env,
        &base,
    )?;
    let template = JigTemplate::new(&blueprint, &answers);
    // Rendered before anything is written: a broken message fails like any template.
    let message = match &blueprint.manifest.message_after {
        Some(m) => Some(
            generate::Template::renderer(&template)
                .render_str("message_after", m)
                .map_err(generate::Error::from)?,
        ),
        None => None,
    };
    execute(args, ui, &source, &template, run_hooks, message.as_deref())
}

/// How questions are answered: `--defaults`, else the terminal, else nothing may be missing.
pub fn mode_for(answers: &AnswerArgs, ui: &Ui) -> Mode {
    if answers.defaults {
        Mode::Defaults
    } else if ui.can_prompt() {
        Mode::Interactive
    } else {
        Mode::NoInput
    }
}

/// Resolves a source with the shared flags, with a spinner while git or a registry works.
pub fn resolve(
    resolver: &source::Resolver,
    given: &str,
    from: &SourceArgs,
    ui: &Ui,
) -> Result<source::Source, Error> {
    let opts = source::Options {
        version: from.version.as_deref(),
        pre: from.pre,
        offline: from.offline,
        registry: from.registry.as_deref(),
        directory: from.directory.as_deref(),
    };
    let spinner = ui.spinner_as("Resolving", given);
    let result = resolver.resolve(given, &opts);
    spinner.finish_and_clear();
    Ok(result?)
}

/// Generates `template` and shows the result: shared by every template format.
pub fn execute(
    args: &NewArgs,
    ui: &Ui,
    source: &source::Source,
    template: &dyn generate::Template,
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
    let request = generate::Request {
        source,
        template,
        output_dir: &args.output_dir,
        existing,
        pretend: args.pretend,
        git: !args.no_git,
        author: args.author.as_deref(),
        run_hooks,
    };
    let bar = std::sync::OnceLock::new();
    let spinner = std::sync::Mutex::new(None);
    let progress = |event: generate::Progress| match event {
        generate::Progress::Files { done, total } => {
            let bar = bar.get_or_init(|| ui.progress(total, template.name()));
            bar.set_position(done as u64);
        }
        generate::Progress::Hook { stage, hook } => {
            let mut slot = spinner.lock().expect("not poisoned");
            *slot = Some(ui.spinner(&format!("{stage} hook `{hook}`")));
        }
        generate::Progress::Commit { files } => {
            if let Some(bar) = bar.get() {
                bar.finish_and_clear();
            }
            let mut slot = spinner.lock().expect("not poisoned");
            *slot = Some(ui.spinner_as("Committing", &format!("{files} files")));
        }
        generate::Progress::HookOutput { line } => {
            let slot = spinner.lock().expect("not poisoned");
            let show = || ui.note(&format!("  | {line}"));
            match slot.as_ref() {
                Some(s) => s.suspend(show),
                None => show(),
            }
        }
        generate::Progress::HookDone | generate::Progress::CommitDone => {
            if let Some(s) = spinner.lock().expect("not poisoned").take() {
                s.finish_and_clear();
            }
        }
    };
    let result = generate::generate(&request, &progress);
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    let report = result?;
    show(ui, args.format, &report, message_after)
}

fn hooks_allowed(
    args: &NewArgs,
    config: &Config,
    source: &source::Source,
    blueprint: &Blueprint,
) -> Result<bool, Error> {
    if args.hooks.no_hooks || !blueprint.has_hooks() {
        return Ok(!args.hooks.no_hooks);
    }
    let trusted =
        source.kind == Kind::Builtin || args.hooks.trust || config.trusts(&source.trust_key);
    if trusted {
        return Ok(true);
    }
    let hooks = &blueprint.manifest.hooks;
    let list = hooks
        .pre_gen
        .iter()
        .map(|h| format!("pre_gen {}", h.action.describe()))
        .chain(
            hooks
                .post_gen
                .iter()
                .map(|h| format!("post_gen {}", h.action.describe())),
        )
        .collect();
    Err(Error::Untrusted {
        dir: source.dir.clone(),
        trust_key: crate::trust::normalise(&source.trust_key),
        hooks: list,
        extensions: false,
    })
}

/// Values from `--data-file`, then `--data` on top.
pub fn given_values(args: &AnswerArgs) -> Result<Given, Error> {
    let mut given = Given::new();
    if let Some(path) = &args.data_file {
        given = prompt::read_answers_file(path).map_err(|message| Error::DataFile {
            path: path.clone(),
            message,
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
    report: &Report,
    message_after: Option<&str>,
) -> Result<(), Error> {
    for warning in &report.warnings {
        ui.warn(warning);
    }
    if format == Format::Json {
        let json = serde_json::to_string_pretty(report).map_err(|e| Error::Output {
            what: "the JSON report".into(),
            message: e.to_string(),
        })?;
        ui.out(&json);
        return Ok(());
    }
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
        ui.note("Nothing was written (--pretend).");
        return Ok(());
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
    ui.status("Next", &format!("cd {dir}"));
    if let Some(message) = message_after.map(str::trim_end).filter(|m| !m.is_empty()) {
        ui.note("");
        for line in message.lines() {
            ui.note(line);
        }
    }
    Ok(())
}
