//! The blueprint's own CloudFormation, rendered at publish time for a stack that receives the
//! answers as parameters.
//!
//! Each question a parameter answers is bound to a placeholder object that renders as a
//! sentinel (`«Jig-param_owner x.»`). After rendering, every YAML string holding a sentinel
//! becomes `!Ref Param` (the whole string) or `!Sub` (part of a string, or already inside a
//! `!Sub`), so the stack substitutes the value the user typed. A template that computes with an
//! answer (a filter, arithmetic, a test, a method) cannot be expressed that way: the
//! placeholder notices (it is touched, or its sentinel comes out altered), and that question is
//! rendered with its default instead and reported. Everything else (computed values, the `jig`
//! object) renders as `jig new` would with the default answers, and `jig.catalog` says which
//! git provider the product is published for.

pub use super::cfn_rewrite::tagged;
use super::cfn_rewrite::{rewrite_template, sentinel, ALTERED, CLOSE, OPEN, SENTINEL};
use super::params::{Mapping, Note};
use super::Error;
use crate::blueprint::Blueprint;
use crate::yaml;
use minijinja::value::{Object, ObjectRepr, Value};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The blueprint's CloudFormation with parameters in place of answers.
#[derive(Debug)]
pub struct RenderedTemplate {
    /// The file, as its repository has it (`infra/cicd.yaml`): the manifest's path, less the
    /// repository's folder in a multi-repository blueprint.
    pub file: String,
    pub document: yaml::Value,
    /// Questions rendered with their default, and why.
    pub notes: Vec<Note>,
}

/// A question's answer while rendering: prints as its sentinel, notices any other use.
#[derive(Debug)]
struct Placeholder {
    sentinel: String,
    touched: AtomicBool,
}

impl Placeholder {
    fn touch(&self) {
        self.touched.store(true, Ordering::SeqCst);
    }
}

impl Object for Placeholder {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }
    fn get_value(self: &Arc<Self>, _key: &Value) -> Option<Value> {
        self.touch();
        None
    }
    fn is_true(self: &Arc<Self>) -> bool {
        self.touch();
        true
    }
    fn call_method(
        self: &Arc<Self>,
        _state: &mut minijinja::State<'_, '_>,
        method: &str,
        _args: &[Value],
    ) -> Result<Value, minijinja::Error> {
        self.touch();
        Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("`{method}` needs the answer's value"),
        ))
    }
    fn custom_cmp(
        self: &Arc<Self>,
        _other: &minijinja::value::DynObject,
    ) -> Option<std::cmp::Ordering> {
        self.touch();
        None
    }
    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sentinel)
    }
}

/// Renders `catalog.cloudformation` (None when the manifest names none).
pub fn render(
    blueprint: &Blueprint,
    mapping: &Mapping,
    defaults: &serde_json::Map<String, Json>,
    repository: &super::repository::Repository,
) -> Result<Option<RenderedTemplate>, Error> {
    let Some(file) = blueprint.manifest.catalog.cloudformation.clone() else {
        return Ok(None);
    };
    let root = blueprint.template_root();
    let source = std::fs::read_to_string(root.join(&file)).map_err(|e| Error::Read {
        path: root.join(&file),
        message: e.to_string(),
    })?;
    let rules = &blueprint.manifest.files;
    let delimiters = match rules.syntax_for(blueprint.rule_path(&file)) {
        0 => crate::blueprint::Delimiters::default(),
        n => rules.delimiters[n - 1].syntax.clone(),
    };
    let mut env = crate::render::base_environment(&delimiters);
    env.set_loader(crate::render::confined_loader(&root));
    let mut context = match crate::generate::blueprint::base_context(blueprint) {
        Json::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    if let Some(Json::Object(jig)) = context.get_mut("jig") {
        jig.insert("catalog".into(), repository.render_context());
    }
    context.extend(defaults.iter().map(|(k, v)| (k.clone(), v.clone())));
    let render = Renderer {
        env,
        file: &file,
        source: &source,
        context,
        mapping,
    };
    let referenced = render
        .env
        .template_from_named_str(&file, &source)
        .map(|t| t.undeclared_variables(false))
        .map_err(|e| render.error(e))?;
    let mut symbolic: Vec<String> = blueprint
        .manifest
        .questions
        .iter()
        .map(|q| q.name.clone())
        .filter(|q| referenced.contains(q) && mapping.answered_by(q).is_some())
        .collect();
    let mut notes = Vec::new();
    symbolic.retain(|q| {
        if mapping.substitute(q).is_some() {
            return true;
        }
        notes.push(Note {
            question: q.clone(),
            message: format!("{file} uses it, and an empty parameter means \"compute it\", which only jig can; the product's CloudFormation uses the value for the default answers"),
        });
        false
    });
    loop {
        if let Ok(document) = render.attempt(&symbolic) {
            return Ok(Some(RenderedTemplate {
                file: blueprint.rule_path(&file).to_string(),
                document,
                notes,
            }));
        }
        if symbolic.is_empty() {
            // Broken without any placeholder: a real template or YAML error.
            return render.attempt(&[]).map(|_| None);
        }
        let mut culprits: Vec<String> = symbolic
            .iter()
            .filter(|q| render.attempt(std::slice::from_ref(*q)).is_err())
            .cloned()
            .collect();
        if culprits.is_empty() {
            culprits.clone_from(&symbolic);
        }
        symbolic.retain(|q| !culprits.contains(q));
        for q in culprits {
            let default = defaults
                .get(&q)
                .map_or_else(|| "none".into(), crate::prompt::display);
            notes.push(Note {
                message: format!(
                    "{file} computes with it, or uses it where CloudFormation takes no parameter, so the product's CloudFormation uses its default (`{default}`); the seeded repository gets the answer"
                ),
                question: q,
            });
        }
    }
}

struct Renderer<'a> {
    env: minijinja::Environment<'static>,
    file: &'a str,
    source: &'a str,
    /// The `jig` object and the default answers.
    context: serde_json::Map<String, Json>,
    mapping: &'a Mapping,
}

impl Renderer<'_> {
    fn error(&self, e: minijinja::Error) -> Error {
        Error::Render(crate::render::Error::from_minijinja(self.file.into(), e))
    }

    /// Renders with `symbolic` questions as placeholders; Err when that fails or a
    /// placeholder was used in a way CloudFormation cannot express.
    fn attempt(&self, symbolic: &[String]) -> Result<yaml::Value, Error> {
        let mut ctx: BTreeMap<String, Value> = BTreeMap::new();
        for (k, v) in &self.context {
            ctx.insert(k.clone(), crate::render::to_value(v));
        }
        let mut holders = Vec::new();
        for q in symbolic {
            let holder = Arc::new(Placeholder {
                sentinel: sentinel(q),
                touched: AtomicBool::new(false),
            });
            ctx.insert(q.clone(), Value::from_dyn_object(holder.clone()));
            holders.push(holder);
        }
        let text =
            crate::render::render_bounded_str(&self.env, self.file, self.source, &Value::from(ctx))
                .map_err(|e| self.error(e))?;
        let altered = Error::Placeholder;
        if holders.iter().any(|h| h.touched.load(Ordering::SeqCst)) {
            return Err(altered);
        }
        let exact = SENTINEL.find_iter(&text).count();
        let loose = text.matches([OPEN, CLOSE]).count();
        let named = ALTERED.find_iter(&text).count();
        if loose != 2 * exact || named != exact {
            return Err(altered);
        }
        let mut document: yaml::Value = yaml::from_str(&text).map_err(|e| Error::Yaml {
            file: self.file.to_string(),
            message: e.to_string(),
        })?;
        let names: HashSet<&str> = symbolic.iter().map(String::as_str).collect();
        let lookup = |q: &str| {
            names
                .contains(q)
                .then(|| self.mapping.substitute(q))
                .flatten()
                .map(str::to_string)
        };
        rewrite_template(&mut document, &lookup)?;
        Ok(document)
    }
}
