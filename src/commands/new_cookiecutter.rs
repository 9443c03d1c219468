//! `jig new` on a Cookiecutter template: trust, pre_prompt, context, then the shared pipeline.

use crate::cli::NewArgs;
use crate::cookiecutter::context::{self, Inputs};
use crate::cookiecutter::generate::Prepared;
use crate::cookiecutter::{hooks, rc::Rc, Template};
use crate::error::Error;
use crate::prompt::{Given, Input as GivenInput, Mode};
use crate::settings::Config;
use crate::source::Source;
use crate::ui::Ui;
use serde_json::{Map, Value as Json};

pub struct Input<'a> {
    pub config: &'a Config,
    pub rc: &'a Rc,
    pub source: &'a Source,
    pub given: Given,
    pub mode: Mode,
}

pub fn run(args: &NewArgs, ui: &Ui, input: Input) -> Result<(), Error> {
    let source = input.source;
    let scripts = hooks::all(&source.dir);
    let run_hooks = !scripts.is_empty() && !args.hooks.no_hooks;
    if run_hooks && !args.hooks.trust && !input.config.trusts(&source.trust_key) {
        let list = scripts
            .iter()
            .map(|p| {
                format!(
                    "hooks/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            })
            .collect();
        return Err(Error::Untrusted {
            dir: source.dir.clone(),
            hooks: list,
        });
    }
    // pre_prompt may rewrite the template; it runs in a copy that is used from then on.
    let copy = if run_hooks {
        hooks::pre_prompt(&source.dir)
            .map_err(crate::cookiecutter::generate::Error::from)
            .map_err(crate::generate::Error::from)?
    } else {
        None
    };
    let repo_dir = copy.as_ref().map_or(source.dir.as_path(), |t| t.path());
    let template = Template::load(repo_dir)?;

    let extra: Map<String, Json> = input
        .given
        .into_iter()
        .map(|(key, (value, _))| {
            let json = match value {
                GivenInput::Text(text) => Json::String(text),
                GivenInput::List(items) => {
                    Json::Array(items.into_iter().map(Json::String).collect())
                }
            };
            (key, json)
        })
        .collect();
    if input.mode == Mode::NoInput {
        let missing: Vec<String> = template
            .context
            .keys()
            .filter(|k| !k.starts_with('_') && !extra.contains_key(*k))
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(crate::prompt::Error::Missing(missing).into());
        }
    }
    let mut defaults = input.rc.default_context.clone();
    for (key, value) in &input.config.defaults {
        defaults.insert(key.clone(), Json::String(value.clone()));
    }
    let env = template.environment();
    let mut asker = ui.asker();
    let inputs = Inputs {
        defaults,
        extra,
        asker: match input.mode {
            Mode::Interactive => Some(&mut asker),
            _ => None,
        },
    };
    let output_dir = crate::generate::absolute(&args.output_dir);
    let injected = [
        ("_template", Json::String(source.given.clone())),
        (
            "_output_dir",
            Json::String(output_dir.to_string_lossy().into_owned()),
        ),
        (
            "_repo_dir",
            Json::String(source.dir.to_string_lossy().into_owned()),
        ),
        (
            "_checkout",
            source.pin.git_ref.as_deref().map_or(Json::Null, |r| {
                let short = r
                    .trim_start_matches("refs/tags/")
                    .trim_start_matches("refs/heads/");
                Json::String(short.to_string())
            }),
        ),
    ];
    let ctx = context::build(&template, &env, inputs, injected)?;
    for warning in &ctx.warnings {
        ui.warn(warning);
    }
    let prepared = Prepared::new(
        template,
        source.dir.clone(),
        source.directory.clone(),
        &ctx,
        run_hooks,
    );
    super::new::execute(args, ui, source, &prepared, run_hooks)
}
