//! Rendering: one minijinja environment per delimiter profile, shared by all worker threads.
//!
//! The environments are strict (an undefined variable is an error naming the file and line),
//! keep trailing newlines, never auto-escape, and carry the filters template authors expect
//! (see `filters`). `plan` decides what happens to each template file without touching the
//! disk; `write` carries a plan out in parallel. Nothing here prompts or prints.

pub(crate) mod beneath;
pub(crate) mod binary;
mod binaryornot_data;
pub(crate) mod callables;
pub(crate) mod cause;
pub(crate) mod error;
pub(crate) mod filters;
mod jinja_filters;
pub(crate) mod limits;
pub(crate) mod newline;
pub(crate) mod paths;
pub(crate) mod plan;
mod python_methods;
pub(crate) mod rules;
pub(crate) mod scan;
pub(crate) mod time;
pub(crate) mod write;

pub(crate) use error::Error;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use rules::{Delimiters, FileRules};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A rewrite applied to every template source before parsing (Cookiecutter's dialect needs one).
pub(crate) type Preprocess = Arc<dyn for<'a> Fn(&'a str) -> Cow<'a, str> + Send + Sync>;

/// Builds the minijinja syntax for a set of delimiters.
pub(crate) fn syntax_config(d: &Delimiters) -> Result<minijinja::syntax::SyntaxConfig, String> {
    minijinja::syntax::SyntaxConfig::builder()
        .variable_delimiters(d.variable.0.clone(), d.variable.1.clone())
        .block_delimiters(d.block.0.clone(), d.block.1.clone())
        .comment_delimiters(d.comment.0.clone(), d.comment.1.clone())
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| e.to_string())
}

/// A serialisable value (JSON, answers) as a template value.
pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// An environment with jig's settings and filters, no loader.
pub(crate) fn base_environment(delimiters: &Delimiters) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // minijinja names the undefined value and keeps the source for the excerpt only in its
    // debug mode, which release builds leave off: `error` needs both on every build.
    env.set_debug(true);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_syntax(syntax_config(delimiters).expect("delimiters were validated"));
    env.set_fuel(Some(limits::get().steps));
    filters::register(&mut env);
    env
}

/// The environment validation uses to parse templates and expressions.
pub(crate) fn validation_environment() -> Environment<'static> {
    base_environment(&Delimiters::default())
}

/// A second engine for texts minijinja cannot parse: a Cookiecutter extension's own tags.
pub(crate) trait Foreign: Send + Sync {
    /// Whether `source` (as written, before any preprocessing) needs this engine.
    fn claims(&self, source: &str) -> bool;
    fn render(&self, name: &str, source: &str, context: &Value)
        -> Result<String, minijinja::Error>;
}

/// Renders a blueprint's files: one environment per delimiter profile, with a loader for
/// `{% include %}` / `{% extends %}` rooted at the template tree.
pub(crate) struct Renderer {
    envs: Vec<Environment<'static>>,
    context: Value,
    /// Strings that start a tag in the first environment; a source without them is literal.
    markers: [String; 2],
    preprocess: Option<Preprocess>,
    foreign: Option<Arc<dyn Foreign>>,
    /// Filter and test names the environment has beyond jig's (a template's extensions).
    callables: Vec<String>,
    /// The template tree's directory as its author sees it (`{{cookiecutter.project_slug}}`),
    /// before the paths errors name; empty when paths are shown from the tree's root.
    tree: PathBuf,
}

impl Renderer {
    pub(crate) fn new(template_root: &Path, rules: &FileRules, context: Value) -> Renderer {
        let mut profiles = vec![Delimiters::default()];
        profiles.extend(rules.delimiters.iter().map(|r| r.syntax.clone()));
        let envs = profiles
            .iter()
            .map(|d| {
                let mut env = base_environment(d);
                env.set_loader(confined_loader(template_root));
                env
            })
            .collect();
        Renderer {
            envs,
            context,
            markers: ["{{".into(), "{%".into()],
            preprocess: None,
            foreign: None,
            callables: Vec::new(),
            tree: PathBuf::new(),
        }
    }

    /// A renderer over one ready-made environment whose tags start with `markers`.
    pub(crate) fn with_environment(
        env: Environment<'static>,
        context: Value,
        markers: [String; 2],
        preprocess: Option<Preprocess>,
    ) -> Renderer {
        Renderer {
            envs: vec![env],
            context,
            markers,
            preprocess,
            foreign: None,
            callables: Vec::new(),
            tree: PathBuf::new(),
        }
    }

    /// Hands the texts `foreign` claims to it; `callables` are the filters and tests it adds.
    pub(crate) fn with_foreign(
        mut self,
        foreign: Option<Arc<dyn Foreign>>,
        callables: Vec<String>,
    ) -> Renderer {
        self.foreign = foreign;
        self.callables = callables;
        self
    }

    /// Errors name the tree's files below `tree` (a template's own directory).
    pub(crate) fn shown_under(mut self, tree: PathBuf) -> Renderer {
        self.tree = tree;
        self
    }

    /// The path errors name for `rel`, a path in the template tree.
    pub(crate) fn shown(&self, rel: &str) -> PathBuf {
        self.tree.join(rel)
    }

    fn source<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.preprocess {
            Some(f) => f(text),
            None => Cow::Borrowed(text),
        }
    }

    /// Renders a short template (a path component, a default) with the default delimiters.
    pub(crate) fn render_str(&self, what: &str, source: &str) -> Result<String, Error> {
        if !self.markers.iter().any(|m| source.contains(m.as_str())) {
            return Ok(source.to_string());
        }
        self.render_str_with(what, source, None)
    }

    /// `render_str` with `vars` over the context.
    pub(crate) fn render_str_with(
        &self,
        what: &str,
        source: &str,
        vars: Option<&Value>,
    ) -> Result<String, Error> {
        if !self.markers.iter().any(|m| source.contains(m.as_str())) {
            return Ok(source.to_string());
        }
        self.render_bounded(0, what, source, limits::get().file_size, vars)
            .map_err(|e| self.explain(e.at(Path::new(what)), 0))
    }

    /// The context templates see.
    pub(crate) fn context(&self) -> &Value {
        &self.context
    }

    /// The environment of the first delimiter profile (for expressions).
    pub(crate) fn environment(&self) -> &Environment<'static> {
        &self.envs[0]
    }

    /// Adds "did you mean" to a render error of the environment of `profile`.
    fn explain(&self, e: Error, profile: usize) -> Error {
        e.explain(&self.context, &self.envs[profile], &self.callables)
    }

    /// Evaluates a Jinja expression (a `when`) against the context.
    pub(crate) fn is_true(&self, what: &str, expr: &str) -> Result<bool, Error> {
        self.envs[0]
            .compile_expression(expr)
            .and_then(|e| e.eval(&self.context))
            .map(|v| v.is_true())
            .map_err(|e| Error::from_minijinja(PathBuf::from(what), e))
    }

    /// Renders a template file's text with the delimiter profile chosen for it.
    pub(crate) fn render_file(
        &self,
        profile: usize,
        name: &Path,
        source: &str,
    ) -> Result<String, Error> {
        self.render_file_with(profile, name, source, None)
    }

    /// `render_file` with `vars` over the context (variables this file alone sees).
    pub(crate) fn render_file_with(
        &self,
        profile: usize,
        name: &Path,
        source: &str,
        vars: Option<&Value>,
    ) -> Result<String, Error> {
        let label = name.to_string_lossy();
        let limit = limits::get().file_size;
        let rendered = self
            .render_bounded(profile, &label, source, limit, vars)
            .map_err(|e| self.explain(e.at(name), profile))?;
        if !limits::spend(rendered.len() as u64) {
            let limit = limits::describe_size(limits::get().output_size);
            return Err(Error::limit(
                name,
                format!("the run's rendered files exceed {limit} together (raise it with --max-output-size)"),
            ));
        }
        Ok(rendered)
    }

    fn render_bounded(
        &self,
        profile: usize,
        name: &str,
        source: &str,
        limit: u64,
        vars: Option<&Value>,
    ) -> Result<String, RenderFailure> {
        let merged;
        let context = match vars {
            Some(vars) => {
                merged = minijinja::value::merge_maps([vars.clone(), self.context.clone()]);
                &merged
            }
            None => &self.context,
        };
        if let Some(foreign) = self.foreign.as_ref().filter(|f| f.claims(source)) {
            let rendered = foreign
                .render(name, source, context)
                .map_err(RenderFailure::Template)?;
            if rendered.len() as u64 > limit {
                return Err(RenderFailure::TooLarge(limit));
            }
            return Ok(rendered);
        }
        bounded(
            &self.envs[profile],
            name,
            &self.source(source),
            context,
            limit,
        )
    }
}

/// Renders with minijinja's fuel and into a writer that stops at `limit` bytes.
fn bounded(
    env: &Environment<'_>,
    name: &str,
    source: &str,
    context: &Value,
    limit: u64,
) -> Result<String, RenderFailure> {
    let template = env
        .template_from_named_str(name, source)
        .map_err(RenderFailure::Template)?;
    let mut out = limits::Bounded::new(limit);
    match template.render_captured_to(context, &mut out) {
        Ok(captured) => {
            let (spent, _) = captured.state().fuel_levels().unwrap_or_default();
            if !limits::spend_steps(spent) {
                return Err(RenderFailure::RunSteps);
            }
            Ok(String::from_utf8(out.buf).expect("templates render UTF-8"))
        }
        Err(_) if out.over => Err(RenderFailure::TooLarge(limit)),
        Err(e) => Err(RenderFailure::Template(e)),
    }
}

/// `Environment::render_named_str` within the render budget: for the values, defaults and
/// documents rendered outside a `Renderer` (answers, `cookiecutter.json`, CloudFormation).
pub(crate) fn render_bounded_str(
    env: &Environment<'_>,
    name: &str,
    source: &str,
    context: &Value,
) -> Result<String, minijinja::Error> {
    let limit = limits::get().file_size;
    bounded(env, name, source, context, limit).map_err(|failure| match failure {
        RenderFailure::Template(e) => e,
        RenderFailure::TooLarge(limit) => minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!(
                "renders more than {} (raise the limit with --max-file-size)",
                limits::describe_size(limit)
            ),
        ),
        RenderFailure::RunSteps => minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            RenderFailure::run_steps_message(),
        ),
    })
}

/// Why `render_bounded` failed, before the path is known.
enum RenderFailure {
    Template(minijinja::Error),
    TooLarge(u64),
    /// The run's total of template steps is spent.
    RunSteps,
}

impl RenderFailure {
    fn run_steps_message() -> String {
        format!(
            "the run's templates take more than {} steps together, so it was stopped (raise the limit with --max-run-steps)",
            limits::get().run_steps
        )
    }
}

impl RenderFailure {
    fn at(self, path: &Path) -> Error {
        match self {
            RenderFailure::Template(e) => Error::from_minijinja(path.to_path_buf(), e),
            RenderFailure::TooLarge(limit) => Error::limit(
                path,
                format!(
                    "renders more than {} (raise the limit with --max-file-size)",
                    limits::describe_size(limit)
                ),
            ),
            RenderFailure::RunSteps => Error::limit(path, RenderFailure::run_steps_message()),
        }
    }
}

/// A loader for `{% include %}`, `{% extends %}` and `{% import %}` below `dir`, like
/// minijinja's `path_loader` (no `..`, no dot-names), but confined: see `read_confined`.
pub(crate) fn confined_loader(
    dir: &Path,
) -> impl Fn(&str) -> Result<Option<String>, minijinja::Error> + Send + Sync + 'static {
    let dir = dir.to_path_buf();
    move |name| {
        // minijinja's `safe_join`: no segment may start with a dot or hold a backslash.
        if name
            .split('/')
            .any(|segment| segment.starts_with('.') || segment.contains('\\'))
        {
            return Ok(None);
        }
        read_confined(&dir, &dir.join(name))
    }
}

/// Reads the template at `path` (below `dir`) for an include: never through a symlink that
/// leaves `dir`, never anything but a regular file (a FIFO would hang the render), never more
/// than the file-size limit. `None` when there is no such file.
pub(crate) fn read_confined(dir: &Path, path: &Path) -> Result<Option<String>, minijinja::Error> {
    use minijinja::ErrorKind::InvalidOperation;
    let fail = |what: String| minijinja::Error::new(InvalidOperation, what);
    let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(format!("cannot read template `{shown}`")).with_source(e)),
    };
    let inside = std::fs::canonicalize(dir).is_ok_and(|d| real.starts_with(d));
    if !inside {
        return Err(fail(format!(
            "template `{shown}` leads outside the template folder through a symlink"
        )));
    }
    let meta = std::fs::metadata(&real)
        .map_err(|e| fail(format!("cannot read template `{shown}`")).with_source(e))?;
    if meta.is_dir() {
        return Ok(None);
    }
    if !meta.is_file() {
        return Err(fail(format!("template `{shown}` is not a regular file")));
    }
    let limit = limits::get().file_size;
    if meta.len() > limit {
        return Err(fail(format!(
            "template `{shown}` is larger than {} (raise the limit with --max-file-size)",
            limits::describe_size(limit)
        )));
    }
    std::fs::read_to_string(&real)
        .map(Some)
        .map_err(|e| fail(format!("cannot read template `{shown}`")).with_source(e))
}
