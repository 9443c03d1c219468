//! jig blueprints as a `Template`: answers at the top of the context, the manifest's file
//! rules, and hooks run under the contract in `hooks/README.md`.

use super::{absolute, Error, Progress, Template};
use crate::answers::AnswersFile;
use crate::blueprint::{Blueprint, Hook};
use crate::hooks::{self, Stage};
use crate::prompt::Resolved;
use crate::render::{plan::Plan, Renderer};
use crate::source::Source;
use std::path::{Path, PathBuf};

/// A blueprint with its answers, ready to render.
pub(crate) struct BlueprintTemplate<'a> {
    blueprint: &'a Blueprint,
    answers: &'a Resolved,
    renderer: Renderer,
    version: String,
}

/// The template context: answers at the top level plus a `jig` object.
pub(crate) fn base_context(blueprint: &Blueprint) -> serde_json::Value {
    let mut context = serde_json::json!({
        "jig": {
            "version": env!("CARGO_PKG_VERSION"),
            "blueprint": {
                "name": blueprint.manifest.name,
                "version": blueprint.manifest.version.to_string(),
            },
        }
    });
    // Which repository of a multi-repository blueprint is rendered (shared files may differ).
    if let Some(r) = blueprint.repository() {
        context["jig"]["repository"] = serde_json::json!(r.name);
    }
    context
}

/// The blueprint's answers: `given` first, then the user's `defaults` for questions of the
/// same name, then `mode` (ask through `asker`, take the defaults, or require every answer).
pub(crate) fn collect_answers(
    blueprint: &Blueprint,
    given: &crate::prompt::Given,
    defaults: &indexmap::IndexMap<String, String>,
    mode: crate::prompt::Mode,
    asker: Option<&mut dyn crate::prompt::Asker>,
) -> Result<Resolved, crate::prompt::Error> {
    crate::prompt::collect(
        &blueprint.manifest.questions,
        given,
        defaults,
        mode,
        asker,
        &crate::render::validation_environment(),
        &base_context(blueprint),
    )
}

/// Answers without a person: `given`, then the defaults (`mode` says what a secret without
/// a value becomes), no user config. `jig test` answer sets and publish-time renders use it.
pub(crate) fn scripted_answers(
    blueprint: &Blueprint,
    given: &crate::prompt::Given,
    mode: crate::prompt::Mode,
) -> Result<Resolved, crate::prompt::Error> {
    collect_answers(blueprint, given, &indexmap::IndexMap::new(), mode, None)
}

/// Whether `jig new` runs the blueprint's hooks: not with `--no-hooks`; otherwise only for a
/// trusted source (an untrusted one with hooks is refused, listing them).
pub(crate) fn gate(
    blueprint: &Blueprint,
    source: &Source,
    settings: &crate::settings::Settings,
) -> Result<bool, crate::trust::Untrusted> {
    if settings.flags.no_hooks || !blueprint.has_hooks() {
        return Ok(!settings.flags.no_hooks);
    }
    if source.is_trusted(settings) {
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
    Err(source.untrusted(list, false))
}

impl<'a> BlueprintTemplate<'a> {
    /// The blueprint's `message_after`, rendered with the answers (before anything is
    /// written: a broken message fails like any template).
    pub(crate) fn message_after(&self) -> Result<Option<String>, Error> {
        match &self.blueprint.manifest.message_after {
            Some(m) => Ok(Some(self.renderer.render_str("message_after", m)?)),
            None => Ok(None),
        }
    }

    pub(crate) fn new(blueprint: &'a Blueprint, answers: &'a Resolved) -> BlueprintTemplate<'a> {
        let context = crate::prompt::context_value(&base_context(blueprint), &answers.context);
        let renderer = Renderer::new(
            &blueprint.template_root(),
            &blueprint.manifest.files,
            context,
        );
        BlueprintTemplate {
            blueprint,
            answers,
            renderer,
            version: blueprint.manifest.version.to_string(),
        }
    }

    fn active_hooks(&self, stage: Stage) -> Result<Vec<Hook>, Error> {
        let hooks = &self.blueprint.manifest.hooks;
        let all = match stage {
            Stage::PrePrompt | Stage::BeforeUpdate | Stage::AfterUpdate => return Ok(Vec::new()),
            Stage::PreGen => &hooks.pre_gen,
            Stage::PostGen => &hooks.post_gen,
        };
        let mut active = Vec::new();
        for hook in all {
            let on = match &hook.when {
                Some(expr) => self.renderer.is_true("blueprint.yaml (hook when)", expr)?,
                None => true,
            };
            if on {
                active.push(hook.clone());
            }
        }
        Ok(active)
    }

    fn hook_env(&self, dest: &Path) -> Vec<(String, String)> {
        let m = &self.blueprint.manifest;
        let path = |p: &Path| p.to_string_lossy().into_owned();
        vec![
            (
                crate::env::JIG_VERSION.into(),
                env!("CARGO_PKG_VERSION").into(),
            ),
            (crate::env::JIG_BLUEPRINT.into(), m.name.clone()),
            (
                crate::env::JIG_BLUEPRINT_VERSION.into(),
                m.version.to_string(),
            ),
            (
                crate::env::JIG_BLUEPRINT_DIR.into(),
                path(&self.blueprint.root),
            ),
            (crate::env::JIG_DESTINATION.into(), path(&absolute(dest))),
        ]
    }
}

impl Template for BlueprintTemplate<'_> {
    fn name(&self) -> &str {
        &self.blueprint.manifest.name
    }

    fn version(&self) -> &str {
        &self.version
    }

    fn source_dir(&self) -> &Path {
        &self.blueprint.root
    }

    fn template_root(&self) -> PathBuf {
        self.blueprint.template_root()
    }

    fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    fn project_dir_name(&self) -> Result<String, Error> {
        let template = self.blueprint.project_dir_template();
        let rendered = self.renderer.render_str("project_dir", template)?;
        super::check_project_dir(template, &rendered)
    }

    fn plan(&self) -> Result<Plan, Error> {
        let entries = crate::render::scan::scan(&self.template_root())?;
        Ok(crate::render::plan::plan(
            &entries,
            &self.blueprint.manifest.files,
            &self.renderer,
        )?)
    }

    fn run_hooks(
        &self,
        stage: Stage,
        project: &Path,
        dest: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<String>, Error> {
        let env = self.hook_env(dest);
        let answers_json = serde_json::to_string(&self.answers.context).expect("answers serialise");
        let mut warnings = Vec::new();
        let output = |line: &str| progress(Progress::HookOutput { line });
        for hook in self.active_hooks(stage)? {
            let inv = hooks::Invocation {
                stage,
                blueprint_dir: &self.blueprint.root,
                project_dir: project,
                env: &env,
                answers_json: &answers_json,
                exit_10_skips: true,
                output: Some(&output),
            };
            let name = hook.action.describe();
            progress(Progress::Hook {
                stage: stage.name(),
                hook: &name,
            });
            let outcome = hooks::run(&hook, &inv);
            progress(Progress::HookDone);
            // Its output (why it skipped) was shown as it ran: the warning does not repeat it.
            if let hooks::Outcome::Skipped = outcome? {
                let project = dest.file_name().unwrap_or(dest.as_os_str());
                warnings.push(format!(
                    "{} hook `{name}` skipped itself in {} (exit code {})",
                    stage.name(),
                    project.to_string_lossy(),
                    hooks::EXIT_SKIPPED
                ));
            }
        }
        Ok(warnings)
    }

    fn answers_file(&self, source: &Source, digest: String) -> Option<AnswersFile> {
        Some(self.record(source, digest))
    }
}

impl BlueprintTemplate<'_> {
    /// The answers file jig records for this project.
    fn record(&self, source: &Source, digest: String) -> AnswersFile {
        let manifest = &self.blueprint.manifest;
        AnswersFile {
            blueprint: manifest.name.clone(),
            version: manifest.version.to_string(),
            source: source.given.clone(),
            source_kind: source.kind,
            url: None,
            git_ref: None,
            commit: None,
            registry: None,
            bundle: None,
            format: None,
            directory: None,
            repository: self.blueprint.repository().map(|r| r.name.clone()),
            digest,
            adopted_from: None,
            jig_version: env!("CARGO_PKG_VERSION").to_string(),
            answers: self.answers.recorded.clone(),
        }
    }
}
