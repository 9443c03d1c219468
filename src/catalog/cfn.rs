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
//! object) renders as `jig new` would with the default answers.

use super::params::{Mapping, Note};
use super::Error;
use crate::blueprint::Blueprint;
use crate::yaml::{self, Tag, TaggedValue};
use minijinja::value::{Object, ObjectRepr, Value};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

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

const OPEN: char = '«';
const CLOSE: char = '»';

fn sentinel(question: &str) -> String {
    format!("{OPEN}Jig-param_{question} x.{CLOSE}")
}

/// A whole sentinel, capturing the question.
static SENTINEL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"«Jig-param_([A-Za-z_][A-Za-z0-9_]*) x\.»").expect("valid regex")
});

/// What is left of a sentinel a filter altered (case changed, punctuation replaced).
static ALTERED: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?i)jig.?param").expect("valid regex"));

/// Renders `catalog.cloudformation` (None when the manifest names none).
pub fn render(
    blueprint: &Blueprint,
    mapping: &Mapping,
    defaults: &serde_json::Map<String, Json>,
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

type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Parameters may go in resource properties, output values and exports, and conditions;
/// anywhere else (descriptions, logical ids, types, parameters, metadata) CloudFormation wants
/// literals.
fn rewrite_template(doc: &mut yaml::Value, lookup: &Lookup) -> Result<(), Error> {
    let Some(top) = doc.as_mapping_mut() else {
        return refuse_any(doc);
    };
    for (key, section) in top.iter_mut() {
        match key.as_str() {
            Some("Resources") => entries(section, &["Properties"], lookup)?,
            Some("Outputs") => entries(section, &["Value", "Export"], lookup)?,
            Some("Conditions") => rewrite(section, lookup, false)?,
            _ => refuse_any(section)?,
        }
    }
    Ok(())
}

/// For each entry of a section (a resource, an output): rewrite `open` keys, refuse the rest.
fn entries(section: &mut yaml::Value, open: &[&str], lookup: &Lookup) -> Result<(), Error> {
    let Some(map) = section.as_mapping_mut() else {
        return refuse_any(section);
    };
    for (id, entry) in map.iter_mut() {
        if has_sentinel(id) {
            return Err(Error::Placeholder);
        }
        let Some(fields) = entry.as_mapping_mut() else {
            refuse_any(entry)?;
            continue;
        };
        for (key, value) in fields.iter_mut() {
            match key.as_str() {
                Some(k) if open.contains(&k) => rewrite(value, lookup, false)?,
                _ => refuse_any(value)?,
            }
        }
    }
    Ok(())
}

fn refuse_any(value: &yaml::Value) -> Result<(), Error> {
    if has_sentinel(value) {
        Err(Error::Placeholder)
    } else {
        Ok(())
    }
}

fn has_sentinel(value: &yaml::Value) -> bool {
    match value {
        yaml::Value::String(s) => s.contains(OPEN),
        yaml::Value::Sequence(items) => items.iter().any(has_sentinel),
        yaml::Value::Mapping(map) => map.iter().any(|(k, v)| has_sentinel(k) || has_sentinel(v)),
        yaml::Value::Tagged(t) => has_sentinel(&t.value),
        _ => false,
    }
}

/// Replaces sentinels in `value` with `!Ref` / `!Sub`; `in_sub` when it is a `!Sub` string.
fn rewrite(value: &mut yaml::Value, lookup: &Lookup, in_sub: bool) -> Result<(), Error> {
    match value {
        yaml::Value::String(s) if s.contains(OPEN) => {
            let re = &*SENTINEL;
            let mut missing = false;
            let whole = re
                .captures(s)
                .filter(|c| c.get(0).map(|m| m.as_str()) == Some(s.as_str()))
                .and_then(|c| lookup(&c[1]));
            if let (Some(name), false) = (whole, in_sub) {
                *value = tagged("Ref", yaml::Value::String(name));
                return Ok(());
            }
            let escaped = if in_sub {
                s.clone()
            } else {
                s.replace("${", "${!")
            };
            let replaced = re
                .replace_all(&escaped, |c: &regex::Captures| match lookup(&c[1]) {
                    Some(name) => format!("${{{name}}}"),
                    None => {
                        missing = true;
                        String::new()
                    }
                })
                .into_owned();
            if missing {
                return Err(Error::Placeholder);
            }
            *value = if in_sub {
                yaml::Value::String(replaced)
            } else {
                tagged("Sub", yaml::Value::String(replaced))
            };
            Ok(())
        }
        yaml::Value::Sequence(items) => items
            .iter_mut()
            .try_for_each(|item| rewrite(item, lookup, false)),
        yaml::Value::Mapping(map) => {
            for (key, item) in map.iter_mut() {
                if has_sentinel(key) {
                    return Err(Error::Placeholder);
                }
                match key.as_str() {
                    Some("Fn::Sub") => rewrite_sub(item, lookup)?,
                    Some("Ref" | "Fn::GetAtt" | "Condition") if has_sentinel(item) => {
                        return Err(Error::Placeholder)
                    }
                    _ => rewrite(item, lookup, false)?,
                }
            }
            Ok(())
        }
        yaml::Value::Tagged(t) => {
            let tag = t.tag.to_string();
            match tag.trim_start_matches('!') {
                "Sub" => rewrite_sub(&mut t.value, lookup),
                "Ref" | "GetAtt" | "Condition" if has_sentinel(&t.value) => Err(Error::Placeholder),
                _ => rewrite(&mut t.value, lookup, false),
            }
        }
        _ => Ok(()),
    }
}

/// A `!Sub` argument: its string (or the first item of `[string, variables]`).
fn rewrite_sub(value: &mut yaml::Value, lookup: &Lookup) -> Result<(), Error> {
    match value {
        yaml::Value::String(_) => rewrite(value, lookup, true),
        yaml::Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                rewrite(item, lookup, i == 0 && item.is_string())?;
            }
            Ok(())
        }
        _ => rewrite(value, lookup, false),
    }
}

pub fn tagged(tag: &str, value: yaml::Value) -> yaml::Value {
    yaml::Value::Tagged(Box::new(TaggedValue {
        tag: Tag::new(tag),
        value,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(q: &str) -> Option<String> {
        (q == "owner").then(|| "Owner".to_string())
    }

    fn rewritten(text: &str) -> String {
        let mut doc: yaml::Value = yaml::from_str(text).unwrap();
        rewrite(&mut doc, &lookup, false).unwrap();
        yaml::to_string(&doc).unwrap()
    }

    #[test]
    fn whole_strings_become_refs_and_parts_subs() {
        let s = sentinel("owner");
        let out = rewritten(&format!(
            "a: {s}\nb: team-{s}-${{AWS::Region}}\nc: !Sub 'x-{s}-${{AWS::Region}}'\nd: ['{{{{resolve:ssm:/p/{s}}}}}']\n"
        ));
        assert_eq!(
            out,
            "a: !Ref Owner\nb: !Sub team-${Owner}-${!AWS::Region}\nc: !Sub x-${Owner}-${AWS::Region}\nd:\n- !Sub '{{resolve:ssm:/p/${Owner}}}'\n"
        );
    }

    #[test]
    fn only_properties_outputs_and_conditions_take_parameters() {
        let s = sentinel("owner");
        let ok = format!("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{{Key: o, Value: {s}}}]\nOutputs:\n  O:\n    Value: {s}\n");
        let mut doc: yaml::Value = yaml::from_str(&ok).unwrap();
        rewrite_template(&mut doc, &lookup).unwrap();
        assert!(!has_sentinel(&doc));
        for text in [
            format!("Description: team {s}\n"),
            format!("Resources:\n  B:\n    Type: {s}\n"),
            format!("Outputs:\n  O:\n    Description: {s}\n    Value: x\n"),
        ] {
            let mut doc: yaml::Value = yaml::from_str(&text).unwrap();
            assert!(rewrite_template(&mut doc, &lookup).is_err(), "{text}");
        }
    }

    #[test]
    fn sentinels_where_cloudformation_needs_names_are_refused() {
        let s = sentinel("owner");
        for text in [
            format!("a: !GetAtt {s}.Arn\n"),
            format!("{s}: 1\n"),
            format!("a: {{Ref: '{s}'}}\n"),
        ] {
            let mut doc: yaml::Value = yaml::from_str(&text).unwrap();
            assert!(rewrite(&mut doc, &lookup, false).is_err(), "{text}");
        }
    }
}
