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
    let code = Template::load(&source.dir)?.code_extensions;
    let trusted = args.hooks.trust || input.config.trusts(&source.trust_key);
    if (run_hooks || !code.is_empty()) && !trusted {
        let hooks = scripts.iter().filter(|_| run_hooks).map(|p| {
            format!(
                "hooks/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            )
        });
        return Err(untrusted(source, hooks.collect(), &code));
    }
    let extra = given_map(input.given);
    let mut asker = ui.asker();
    let asker: Option<&mut dyn crate::prompt::Asker> = match input.mode {
        Mode::Interactive => Some(&mut asker),
        _ => None,
    };
    let output_dir = crate::generate::absolute(&args.output_dir);
    let ready = prepare(Preparation {
        config: input.config,
        rc: input.rc,
        source,
        extra,
        asker,
        output_dir: &output_dir,
        run_hooks,
        trusted,
        no_input: input.mode == Mode::NoInput,
    })?;
    for warning in &ready.warnings {
        ui.warn(warning);
    }
    super::new::execute(args, ui, source, &ready.prepared, run_hooks, None)
}

/// What `prepare` needs: the source, the answers given and how to ask for the rest.
pub struct Preparation<'a, 'b> {
    pub config: &'a Config,
    pub rc: &'a Rc,
    pub source: &'a Source,
    pub extra: Map<String, Json>,
    pub asker: Option<&'b mut dyn crate::prompt::Asker>,
    /// Where the project goes (Cookiecutter's `_output_dir`).
    pub output_dir: &'a std::path::Path,
    pub run_hooks: bool,
    /// Whether the template's own code may run: its Jinja extensions need it.
    pub trusted: bool,
    /// Without a terminal or defaults: every variable must be given.
    pub no_input: bool,
}

/// A Cookiecutter template with its context, ready for the generation pipeline.
pub struct Ready {
    pub prepared: Prepared,
    pub warnings: Vec<String>,
    /// The pre_prompt hook's copy of the template, alive as long as `prepared`.
    _copy: Option<crate::scratch::Scratch>,
}

/// Runs pre_prompt (when hooks run), builds the context as Cookiecutter does, and prepares
/// the template: shared by `jig new` and the project commands that render again.
pub fn prepare(p: Preparation<'_, '_>) -> Result<Ready, Error> {
    let source = p.source;
    let run_hooks = p.run_hooks;
    // pre_prompt may rewrite the template; it runs in a copy that is used from then on.
    let copy = if run_hooks {
        hooks::pre_prompt(&source.dir).map_err(crate::generate::Error::from)?
    } else {
        None
    };
    let repo_dir = copy.as_ref().map_or(source.dir.as_path(), |t| t.path());
    let mut template = Template::load(repo_dir)?;
    if !template.code_extensions.is_empty() {
        if !p.trusted {
            return Err(untrusted(source, Vec::new(), &template.code_extensions));
        }
        template.start_extensions()?;
    }
    let extra = p.extra;
    if p.no_input {
        let missing: Vec<String> = template
            .context
            .keys()
            .filter(|k| !k.starts_with('_') && !extra.contains_key(*k))
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(crate::prompt::Error::Missing {
                names: missing,
                defaulted: false,
            }
            .into());
        }
    }
    let mut defaults = p.rc.default_context.clone();
    for (key, value) in &p.config.defaults {
        defaults.insert(key.clone(), Json::String(value.clone()));
    }
    let env = template.environment();
    let inputs = Inputs {
        defaults,
        extra,
        asker: p.asker,
    };
    let injected = [
        ("_template", Json::String(source.given.clone())),
        (
            "_output_dir",
            Json::String(p.output_dir.to_string_lossy().into_owned()),
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
    let prepared = Prepared::new(
        template,
        source.dir.clone(),
        source.directory.clone(),
        source.template_name(),
        &ctx,
        run_hooks,
    );
    Ok(Ready {
        prepared,
        warnings: ctx.warnings,
        _copy: copy,
    })
}

/// The refusal of a template whose code (`hooks`, extension modules `code`) is not trusted.
fn untrusted(source: &Source, mut hooks: Vec<String>, code: &[String]) -> Error {
    hooks.extend(
        code.iter()
            .map(|entry| format!("{entry} (from `_extensions`, while rendering)")),
    );
    Error::Untrusted {
        dir: source.dir.clone(),
        trust_key: crate::trust::normalise(&source.trust_key),
        hooks,
        extensions: !code.is_empty(),
    }
}

/// Given answers as Cookiecutter's `extra_context`.
pub fn given_map(given: crate::prompt::Given) -> Map<String, Json> {
    given
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
        .collect()
}
