//! `jig new` on a Copier template: DEST, the trust gate for `_tasks`, the before and after
//! messages, `--data` names no question asks; the rendering is `copier::generate`'s.

use super::{execute, prepare};
use crate::cli::NewArgs;
use crate::error::Error;
use crate::generate;
use crate::prompt::{self, Given, Mode};
use crate::settings::Settings;
use crate::source;
use crate::ui::Ui;

/// A Copier template: rendered into `DEST`, its `_tasks` run only when trusted.
pub(super) fn run(
    args: &NewArgs,
    settings: &Settings,
    ui: &Ui,
    source: &source::Source,
    given: Given,
    mode: Mode,
    asker: &mut dyn prompt::Asker,
) -> Result<(), Error> {
    use crate::copier::{generate as cg, questions::Inputs, template::Template};
    for warning in &source.warnings {
        ui.warn(warning);
    }
    let Some(dest) = &args.dest else {
        return Err(Error::CopierDest {
            given: args.source.clone(),
        });
    };
    if args.dest.is_some() && args.output_dir != std::path::Path::new(".") {
        return Err(Error::DestAndOutputDir);
    }
    let dest = generate::absolute(dest);
    let template = Template::load(&source.dir)?;
    // Its tasks run unless --no-hooks; its Python extensions render its files, so they run
    // either way: both need trust, checked before the first question.
    let run_tasks = !template.tasks.is_empty() && !settings.flags.no_hooks;
    let trusted = source.is_trusted(settings);
    let code: Vec<String> = match run_tasks {
        true => template.code(),
        false => template.extension_code().collect(),
    };
    if !code.is_empty() && !trusted {
        let extensions = !template.code_extensions.is_empty();
        return Err(source.untrusted(code, extensions).into());
    }
    // Before the first question, as Copier prints it (on stderr, so JSON output stays clean).
    if let Some(message) = cg::Prepared::message_before(&template, source) {
        ui.note(message.trim_end());
    }
    let inputs = Inputs {
        data: prepare::given_map(given),
        last: Default::default(),
        user_defaults: settings
            .config
            .defaults
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    };
    let prepared = cg::prepare(cg::Preparation {
        source,
        src_path: None,
        dest: &dest,
        inputs,
        mode,
        asker: match mode {
            Mode::Interactive => Some(asker),
            _ => None,
        },
        run_tasks,
        trusted,
        pretend: args.pretend,
        overwrite: args.overwrite,
        operation: "copy",
    })?;
    for name in &prepared.unknown_data {
        let hint = prepared.template.question_hint(name);
        ui.warn(&format!(
            "--data {name}: the template asks no question `{name}`{hint}; its templates see the value, as with Copier"
        ));
    }
    for warning in crate::copier::lint::undefined_names(&prepared) {
        ui.warn(&warning);
    }
    let message = prepared.message_after().map_err(generate::Error::from)?;
    if args.repository.is_some() {
        return Err(Error::CopierRepository);
    }
    let parent = dest
        .parent()
        .unwrap_or(std::path::Path::new("/"))
        .to_path_buf();
    let parts = [("", &prepared as &dyn generate::Template)];
    execute(
        args,
        &parent,
        ui,
        source,
        &parts,
        run_tasks,
        message.as_deref(),
    )
}
