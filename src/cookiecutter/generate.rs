//! A Cookiecutter template with its context, as a `generate::Template`.
//!
//! Templates see `cookiecutter` (a mutable map: hooks may `update()` it while being rendered)
//! and `_cookiecutter`. The pre_gen hook is rendered before the files are planned so its
//! context changes reach them, as in Cookiecutter; it runs in the (staging) project directory
//! before any file is written, and post_gen after all of them.

use super::context::Context;
use super::hooks::{self as cc_hooks, RenderedHook};
use super::jinja::{preprocess, ContextDict};
use super::Template as CcTemplate;
use crate::answers::AnswersFile;
use crate::generate::{self, Progress, Template};
use crate::hooks::Stage;
use crate::render::{plan::Plan, Renderer};
use crate::source::Source;
use minijinja::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What the answers file records as the version of an unversioned Cookiecutter template.
pub(crate) const UNVERSIONED: &str = "unversioned";

pub(crate) struct Prepared {
    template: CcTemplate,
    /// Where the template's files came from (before a pre_prompt copy).
    source_dir: PathBuf,
    directory: Option<String>,
    name: String,
    dict: Arc<ContextDict>,
    renderer: Renderer,
    run_hooks: bool,
    pre_gen: Mutex<Vec<RenderedHook>>,
}

impl Prepared {
    pub(crate) fn new(
        template: CcTemplate,
        source_dir: PathBuf,
        directory: Option<String>,
        name: String,
        context: &Context,
        run_hooks: bool,
    ) -> Prepared {
        let items = context
            .cookiecutter
            .iter()
            .map(|(k, v)| (k.clone(), crate::render::to_value(v)))
            .collect();
        let dict = ContextDict::new(items);
        let value = minijinja::context! {
            cookiecutter => Value::from_dyn_object(dict.clone()),
            _cookiecutter => crate::render::to_value(&context.original),
        };
        let vars = template.env_vars.clone();
        let markers = [vars.variable.0.clone(), vars.block.0.clone()];
        let renderer = Renderer::with_environment(
            template.environment(),
            value,
            markers,
            Some(Arc::new(move |s| preprocess(s, &vars))),
        )
        .with_foreign(template.foreign(), template.extension_callables())
        .shown_under(PathBuf::from(&template.project_template));
        Prepared {
            name,
            template,
            source_dir,
            directory,
            dict,
            renderer,
            run_hooks,
            pre_gen: Mutex::new(Vec::new()),
        }
    }
}

impl Template for Prepared {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> &str {
        UNVERSIONED
    }

    fn source_dir(&self) -> &Path {
        &self.source_dir
    }

    fn template_root(&self) -> PathBuf {
        self.template.project_template_dir()
    }

    fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    fn project_dir_name(&self) -> Result<String, generate::Error> {
        let unrendered = &self.template.project_template;
        let rendered = self.renderer.render_str(unrendered, unrendered)?;
        generate::check_project_dir(unrendered, &rendered)
    }

    fn plan(&self) -> Result<Plan, generate::Error> {
        if self.run_hooks {
            let rendered =
                cc_hooks::render(&self.template.repo_dir, cc_hooks::PRE_GEN, &self.renderer)?;
            *self.pre_gen.lock().expect("not poisoned") = rendered;
        }
        Ok(super::plan::plan(
            &self.template.project_template_dir(),
            &self.template.copy_without_render(),
            self.template.new_lines(),
            &self.renderer,
        )?)
    }

    fn run_hooks(
        &self,
        stage: Stage,
        project: &Path,
        _dest: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<String>, generate::Error> {
        let scripts = match stage {
            Stage::PrePrompt | Stage::BeforeUpdate | Stage::AfterUpdate => return Ok(Vec::new()),
            Stage::PreGen => std::mem::take(&mut *self.pre_gen.lock().expect("not poisoned")),
            Stage::PostGen => {
                cc_hooks::render(&self.template.repo_dir, cc_hooks::POST_GEN, &self.renderer)?
            }
        };
        if scripts.is_empty() {
            return Ok(Vec::new());
        }
        let hook = match stage {
            Stage::PreGen => cc_hooks::PRE_GEN,
            _ => cc_hooks::POST_GEN,
        };
        progress(Progress::Hook {
            stage: stage.name(),
            hook,
        });
        let output = |line: &str| progress(Progress::HookOutput { line });
        let result = cc_hooks::run(stage, &scripts, project, Some(&output));
        progress(Progress::HookDone);
        result?;
        Ok(Vec::new())
    }

    fn answers_file(&self, source: &Source, digest: String) -> Option<AnswersFile> {
        Some(self.record(source, digest))
    }
}

impl Prepared {
    /// The answers file jig records for this project.
    fn record(&self, source: &Source, digest: String) -> AnswersFile {
        let answers = self
            .dict
            .to_json()
            .into_iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .collect();
        AnswersFile {
            blueprint: self.name.clone(),
            version: UNVERSIONED.to_string(),
            source: source.given.clone(),
            source_kind: source.kind,
            url: None,
            git_ref: None,
            commit: None,
            registry: None,
            bundle: None,
            format: Some("cookiecutter".into()),
            directory: self.directory.clone(),
            repository: None,
            digest,
            adopted_from: None,
            jig_version: env!("CARGO_PKG_VERSION").to_string(),
            answers,
        }
    }
}
