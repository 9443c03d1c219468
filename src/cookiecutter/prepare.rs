//! A Cookiecutter template made ready for the generation pipeline: the trust gate, the
//! pre_prompt hook, the context built as Cookiecutter builds it (defaults from
//! `~/.cookiecutterrc` and the config, `--data`, prompts), and the template's extensions
//! started. Shared by `jig new` and the project commands that render a version again.

use super::context::{self, Inputs};
use super::generate::Prepared;
use super::{hooks, Error, Template};
use crate::prompt::Input as GivenInput;
use crate::settings::Settings;
use crate::source::Source;
use serde_json::{Map, Value as Json};

/// What `prepare` needs: the source, the answers given and how to ask for the rest.
pub(crate) struct Preparation<'a, 'b> {
    pub settings: &'a Settings,
    pub source: &'a Source,
    pub extra: Map<String, Json>,
    pub asker: Option<&'b mut dyn crate::prompt::Asker>,
    /// Where the project goes (Cookiecutter's `_output_dir`).
    pub output_dir: &'a std::path::Path,
    pub run_hooks: bool,
    /// Without a terminal or defaults: every variable must be given.
    pub no_input: bool,
}

/// A Cookiecutter template with its context, ready for the generation pipeline.
pub(crate) struct Ready {
    pub prepared: Prepared,
    pub warnings: Vec<String>,
    /// The pre_prompt hook's copy of the template, alive as long as `prepared`.
    _copy: Option<crate::scratch::Scratch>,
}

/// Runs pre_prompt (when hooks run), builds the context as Cookiecutter does, and prepares
/// the template: shared by `jig new` and the project commands that render again.
pub(crate) fn prepare(p: Preparation<'_, '_>) -> Result<Ready, Error> {
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
    // What the answers lack is said before any of the template's code starts.
    let extra = p.extra;
    context::check_keys(&template, &extra)?;
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
    if !template.code_extensions.is_empty() {
        if !source.is_trusted(p.settings) {
            return Err(untrusted(source, Vec::new(), &template.code_extensions).into());
        }
        template.start_extensions()?;
    }
    let mut defaults = p.settings.cookiecutterrc.default_context.clone();
    for (key, value) in &p.settings.config.defaults {
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

/// Whether `jig new` runs the template's hooks: the trust gate for its hooks (unless
/// `--no-hooks`) and for its Jinja extensions (which rendering needs, so `--no-hooks` does not
/// skip them), decided before anything of the template runs.
pub(crate) fn gate(source: &Source, settings: &Settings) -> Result<bool, Error> {
    let scripts = hooks::all(&source.dir);
    let run_hooks = !scripts.is_empty() && !settings.flags.no_hooks;
    let code = Template::load(&source.dir)?.code_extensions;
    if (run_hooks || !code.is_empty()) && !source.is_trusted(settings) {
        let hooks = scripts.iter().filter(|_| run_hooks).map(|p| {
            format!(
                "hooks/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            )
        });
        return Err(untrusted(source, hooks.collect(), &code).into());
    }
    Ok(run_hooks)
}

/// The refusal of a template whose code (`hooks`, extension modules `code`) is not trusted.
fn untrusted(source: &Source, mut hooks: Vec<String>, code: &[String]) -> crate::trust::Untrusted {
    hooks.extend(
        code.iter()
            .map(|entry| format!("{entry} (from `_extensions`, while rendering)")),
    );
    source.untrusted(hooks, !code.is_empty())
}

/// Given answers as Cookiecutter's `extra_context`.
pub(crate) fn given_map(given: crate::prompt::Given) -> Map<String, Json> {
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
