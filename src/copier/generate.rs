//! A Copier template with its answers, as a `generate::Template`: the render context Copier
//! builds (`_copier_answers`, `_copier_conf`, `_folder_name`, `_external_data` ...), the
//! renderer with Copier's dialect, the walk, and `_tasks` run after the files are written
//! (only when trusted, like every hook in jig). The answers file is one of the template's
//! own files (`{{ _copier_conf.answers_file }}.jinja`), so jig writes no record of its own.

pub(crate) use super::context::Preparation;
use super::context::{base_context, describe, external_data, metadata};
use super::jinja;
use super::pathspec::PathSpec;
use super::questions::{self, Inputs};
use super::template::Template;
use super::Error;
use crate::answers::AnswersFile;
use crate::generate::{self, Progress};
use crate::hooks::Stage;
use crate::render::{plan::Plan, Renderer};
use crate::source::Source;
use serde_json::{json, Map, Value as Json};
use std::path::{Path, PathBuf};

/// A template with its answers, ready for the pipeline.
pub(crate) struct Prepared {
    pub template: Template,
    /// The answers the answers file records.
    pub recorded: Map<String, Json>,
    name: String,
    version: String,
    source_dir: PathBuf,
    dest: PathBuf,
    copy_root: PathBuf,
    answers_file: String,
    renderer: Renderer,
    exclude: PathSpec,
    skip_if_exists: PathSpec,
    run_tasks: bool,
    operation: &'static str,
    /// Data given for names no question asks (Copier passes them to templates).
    pub unknown_data: Vec<String>,
}

/// Asks the questions and prepares the template at `p.source.dir`.
pub(crate) fn prepare(mut p: Preparation<'_, '_>) -> Result<Prepared, Error> {
    let template = Template::load(&p.source.dir)?;
    let mut env = jinja::environment(&template.envops, Some(&template.root));
    // The template's own extensions render its files, so they need trust even without tasks.
    let host = match template.code_extensions.is_empty() {
        true => None,
        false if !p.trusted => {
            return Err(p
                .source
                .untrusted(template.extension_code().collect(), true)
                .into())
        }
        false => {
            let host = crate::jinja_ext::Host::start(
                crate::jinja_ext::Flavour::Copier,
                &template.root,
                &template.config_path,
                std::slice::from_ref(&template.root),
                &[],
                &template.code_extensions,
                template.config.settings.get("envops"),
            )?;
            host.register(&mut env);
            Some(host)
        }
    };
    let render = |source: &str, ctx: &minijinja::Value, what: &str| {
        crate::render::render_bounded_str(&env, what, source, ctx).map_err(|e| Error::Invalid {
            path: template.config_path.clone(),
            message: format!("{what}: {e}"),
        })
    };
    // The answers file's path may use answers? Copier renders it with the context of the
    // moment; before the questions that is the data given.
    let mut base = base_context(&p, &template, &template.answers_file, "prompt");
    let ctx = questions::context(&base, &p.inputs, &Map::new());
    let external = external_data(&template, &env, &ctx, p.dest, p.trusted)?;
    base.insert("_external_data".into(), Json::Object(external));
    let data = p.inputs.data.clone();
    let unknown_data: Vec<String> = data
        .keys()
        .filter(|k| !template.config.questions.contains_key(*k))
        .cloned()
        .collect();
    let answers = questions::answer(
        &template.config.questions,
        &template.secret_questions,
        &env,
        &base,
        std::mem::take(&mut p.inputs),
        p.mode,
        p.asker.take(),
    )?;
    let mut context = base_context(&p, &template, &template.answers_file, "render");
    let inputs = Inputs::default();
    let mut values = answers.values.clone();
    for (k, v) in &data {
        values.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let ctx = questions::context(&context, &inputs, &values);
    let answers_file = render(&template.answers_file, &ctx, "_answers_file")?;
    // One more rendered path: relative and inside the project, or the run stops here (an
    // absolute one would be read from the runner's disk on update and written outside on new).
    if let Err(why) = crate::render::paths::check_relative(&answers_file) {
        return Err(Error::Invalid {
            path: template.config_path.clone(),
            message: format!(
                "`_answers_file` renders to `{answers_file}`, which {}; it must be a path inside the project",
                why.why()
            ),
        });
    }
    context["_copier_conf"]["answers_file"] = json!(answers_file);
    let ctx = questions::context(&context, &inputs, &values);
    let external = external_data(&template, &env, &ctx, p.dest, p.trusted)?;
    context.insert("_external_data".into(), Json::Object(external));
    let mut remembered = Map::new();
    for (key, value) in metadata(p.source, p.src_path) {
        remembered.insert(key, value);
    }
    for (key, value) in &answers.recorded {
        remembered.insert(key.clone(), value.clone());
    }
    context.insert("_copier_answers".into(), Json::Object(remembered));
    let ctx = questions::context(&context, &inputs, &values);
    // copier-templates-extensions' ContextHooks compute values for every render after the
    // questions: names, settings, files, messages and tasks all see them.
    let ctx = match host.as_ref().filter(|h| !h.added.context_hooks.is_empty()) {
        Some(host) => host.hooked(&ctx).map_err(|e| Error::ContextHook {
            path: template.config_path.clone(),
            message: e.detail().unwrap_or_default().to_string(),
        })?,
        None => ctx,
    };
    let subdir = render(&template.subdirectory, &ctx, "_subdirectory")?;
    let copy_root = copy_root(&template, subdir.trim())?;
    let lines = |patterns: &[String], operation: bool| -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        for pattern in patterns {
            let mut with_op = ctx.clone();
            if operation {
                with_op = minijinja::value::merge_maps([
                    minijinja::context! { _copier_operation => p.operation },
                    ctx.clone(),
                ]);
            }
            let rendered = render(pattern, &with_op, "_exclude")?;
            out.extend(rendered.split(['\n', '\r']).map(str::to_string));
        }
        Ok(out)
    };
    let exclude = PathSpec::new(lines(&template.exclude, true)?.iter().map(String::as_str))
        .map_err(|e| pattern_error("exclude", e))?;
    let skip_if_exists = PathSpec::new(
        lines(&template.skip_if_exists, false)?
            .iter()
            .map(String::as_str),
    )
    .map_err(|e| pattern_error("skip_if_exists", e))?;
    let ops = template.envops.clone();
    let callables = host.as_ref().map_or_else(Vec::new, |h| h.callables());
    let foreign = host.filter(|h| !h.added.tags.is_empty()).map(
        |host| -> std::sync::Arc<dyn crate::render::Foreign> {
            std::sync::Arc::new(crate::jinja_ext::Tags {
                host,
                open: template.envops.block.0.clone(),
            })
        },
    );
    let renderer = Renderer::with_environment(
        env.clone(),
        ctx,
        template.envops.markers(),
        Some(std::sync::Arc::new(move |s: &str| ops.normalize(s))),
    )
    .with_foreign(foreign, callables);
    Ok(Prepared {
        name: p.source.template_name(),
        version: p.source.pin.version.as_ref().map_or_else(
            || describe(p.source).unwrap_or_else(|| "unversioned".into()),
            |v| v.to_string(),
        ),
        source_dir: p.source.dir.clone(),
        dest: p.dest.to_path_buf(),
        copy_root,
        answers_file,
        renderer,
        exclude,
        skip_if_exists,
        run_tasks: p.run_tasks,
        operation: p.operation,
        unknown_data,
        recorded: answers.recorded,
        template,
    })
}

/// The folder `_subdirectory` names, symlinks on the way resolved: it must be inside the
/// template (`.` and empty are its root), or the user's files would be rendered into the project.
fn copy_root(template: &Template, subdir: &str) -> Result<std::path::PathBuf, Error> {
    use crate::render::paths::{check_relative, Unsafe};
    let outside = |why: &str| Error::Invalid {
        path: template.config_path.clone(),
        message: format!("`_subdirectory` renders to `{subdir}`, which {why}"),
    };
    let rel = match check_relative(subdir) {
        Ok(rel) => rel,
        Err(Unsafe::Empty) => String::new(),
        Err(why) => return Err(outside(why.why())),
    };
    let root = template
        .root
        .canonicalize()
        .unwrap_or_else(|_| template.root.clone());
    let joined = root.join(&rel);
    match joined.canonicalize() {
        Ok(real) if !real.starts_with(&root) => {
            Err(outside("leads outside the template through a symlink"))
        }
        Ok(real) => Ok(real),
        // Not there: the walk finds nothing to copy, as Copier does.
        Err(_) => Ok(joined),
    }
}

fn pattern_error(setting: &str, e: super::pathspec::BadPattern) -> Error {
    Error::Plan(super::plan::Error::Pattern {
        setting: setting.into(),
        pattern: e.pattern,
    })
}

impl Prepared {
    /// The answers file path the template writes (rendered `_answers_file`).
    pub(crate) fn answers_path(&self) -> &str {
        &self.answers_file
    }

    /// The render as a jig record (for `jig check` and `jig update`, which compare versions
    /// and answers the same way for every format).
    pub(crate) fn record(&self, source: &Source) -> AnswersFile {
        AnswersFile {
            blueprint: self.name.clone(),
            version: self.version.clone(),
            source: source.given.clone(),
            source_kind: source.kind,
            url: source.pin.url.clone(),
            git_ref: source.pin.git_ref.clone(),
            commit: source.pin.commit.clone(),
            registry: None,
            bundle: None,
            format: Some("copier".into()),
            directory: source.directory.clone(),
            repository: None,
            digest: String::new(),
            adopted_from: None,
            jig_version: env!("CARGO_PKG_VERSION").to_string(),
            answers: self.recorded.clone().into_iter().collect(),
        }
    }

    /// `_message_after_copy`, rendered.
    pub(crate) fn message_after(&self) -> Result<Option<String>, crate::render::Error> {
        let m = &self.template.message_after_copy;
        if m.is_empty() {
            return Ok(None);
        }
        self.renderer.render_str("_message_after_copy", m).map(Some)
    }

    /// `_message_before_copy`, rendered with what is known before the questions.
    pub(crate) fn message_before(template: &Template, source: &Source) -> Option<String> {
        let m = &template.message_before_copy;
        if m.is_empty() {
            return None;
        }
        let env = jinja::environment(&template.envops, Some(&template.root));
        let ctx: Map<String, Json> = metadata(source, None).into_iter().collect();
        crate::render::render_bounded_str(
            &env,
            "_message_before_copy",
            m,
            &crate::render::to_value(&ctx),
        )
        .ok()
    }

    fn run_tasks(
        &self,
        project: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<(), generate::Error> {
        for (i, task) in self.template.tasks.iter().enumerate() {
            let extra =
                minijinja::context! { _stage => "task", _copier_operation => self.operation };
            let ctx = minijinja::value::merge_maps([extra, self.renderer.context().clone()]);
            let render = |s: &str| {
                crate::render::render_bounded_str(self.renderer.environment(), "_tasks", s, &ctx)
                    .map_err(|e| crate::render::Error::from_minijinja("_tasks".into(), e))
            };
            let when = match &task.when {
                Json::String(s) => Json::String(render(s)?),
                other => other.clone(),
            };
            if !super::casting::to_bool(&when) {
                continue;
            }
            let (program, args, shown) = match &task.command {
                Json::String(s) => {
                    let cmd = render(s)?;
                    ("sh".to_string(), vec!["-c".to_string(), cmd.clone()], cmd)
                }
                Json::Array(parts) => {
                    let parts: Vec<String> = parts
                        .iter()
                        .map(|p| render(&super::casting::python_str(p)))
                        .collect::<Result<_, _>>()?;
                    let shown = parts.join(" ");
                    let (first, rest) = parts
                        .split_first()
                        .map_or((String::new(), Vec::new()), |(f, r)| {
                            (f.clone(), r.to_vec())
                        });
                    (first, rest, shown)
                }
                _ => continue,
            };
            let hook = format!("task {} of {}: {shown}", i + 1, self.template.tasks.len());
            progress(Progress::Hook {
                stage: "_tasks",
                hook: &hook,
            });
            let dir = project.join(render(&task.working_directory)?);
            let output = |line: &str| progress(Progress::HookOutput { line });
            let mut command = std::process::Command::new(&program);
            command
                .args(&args)
                .current_dir(&dir)
                .env("STAGE", "task")
                .env("COPIER_OPERATION", self.operation);
            let secs = crate::hooks::default_timeout();
            let result = crate::hooks::run_command(
                "_tasks",
                hook,
                &mut command,
                None,
                secs,
                Some(&output),
                false,
            );
            progress(Progress::HookDone);
            result?;
        }
        Ok(())
    }
}

impl generate::Template for Prepared {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> &str {
        &self.version
    }

    fn source_dir(&self) -> &Path {
        &self.source_dir
    }

    fn template_root(&self) -> PathBuf {
        self.copy_root.clone()
    }

    fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    fn project_dir_name(&self) -> Result<String, generate::Error> {
        Ok(self
            .dest
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned())
    }

    fn plan(&self) -> Result<Plan, generate::Error> {
        let walk = super::plan::Walk {
            template: &self.template,
            copy_root: &self.copy_root,
            renderer: &self.renderer,
            answers_file: &self.answers_file,
            exclude: &self.exclude,
            skip_if_exists: &self.skip_if_exists,
            existing: Some(self.dest.as_path()).filter(|d| d.is_dir()),
            yield_pattern: Default::default(),
        };
        walk.plan().map_err(|e| match e {
            super::plan::Error::Render(e) => generate::Error::Render(e),
            e => generate::Error::Format(Box::new(e)),
        })
    }

    fn run_hooks(
        &self,
        stage: Stage,
        project: &Path,
        _dest: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<String>, generate::Error> {
        if stage == Stage::PostGen && self.run_tasks {
            self.run_tasks(project, progress)?;
        }
        Ok(Vec::new())
    }

    fn answers_file(&self, _source: &Source, _digest: String) -> Option<AnswersFile> {
        None
    }
}
