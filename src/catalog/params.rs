//! Questions as CloudFormation `Parameters`: the console form a SageMaker user fills in.
//!
//! Each asked question becomes one parameter named in PascalCase (`project_name` →
//! `ProjectName`). Types map to `String`, `Number` or `CommaDelimitedList`; choices to
//! `AllowedValues`; regex validators to `AllowedPattern` (anchored the way jig matches them);
//! `value >= N` / `value <= N` validators to `MinValue` / `MaxValue`; secrets to `NoEcho`.
//! What a parameter cannot say (a default computed from other answers, an expression
//! validator, a `when` condition) is kept by the seed step, which runs `jig new` with the
//! values, and is reported as a note so nobody is surprised.

use crate::blueprint::{Blueprint, DefaultValue, Question, QuestionKind, Rule};
use indexmap::IndexMap;
use serde_json::{json, Map, Value as Json};

/// One question's parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub question: String,
    pub kind: QuestionKind,
    /// The parameter's CloudFormation properties (`Type`, `Default`, ...).
    pub body: Map<String, Json>,
    /// The label the console shows (the question's prompt).
    pub label: String,
    /// Its default depends on other answers: the parameter defaults to empty, which the
    /// seed step leaves to jig.
    pub computed_default: bool,
}

/// Something about a question a parameter cannot express.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    pub question: String,
    pub message: String,
}

/// Every asked question as a parameter, or answered by a SageMaker parameter.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub parameters: Vec<Parameter>,
    /// Questions answered by another name (`catalog.answers`): a SageMaker parameter, a
    /// pseudo parameter (`AWS::Region`), a repository parameter or one the template declares.
    pub bound: IndexMap<String, String>,
    pub notes: Vec<Note>,
}

impl Mapping {
    /// The CloudFormation name answering `question` (a parameter, or a SageMaker one).
    pub fn answered_by(&self, question: &str) -> Option<&str> {
        self.bound.get(question).map(String::as_str).or_else(|| {
            self.parameters
                .iter()
                .find(|p| p.question == question)
                .map(|p| p.name.as_str())
        })
    }
}

impl Mapping {
    /// The name CloudFormation can substitute for the answer to `question` everywhere: a
    /// SageMaker parameter, or a parameter whose value is the answer (not an empty
    /// "compute it" default).
    pub fn substitute(&self, question: &str) -> Option<&str> {
        match self.parameters.iter().find(|p| p.question == question) {
            Some(p) if p.computed_default => None,
            _ => self.answered_by(question),
        }
    }
}

/// `project_name` → `ProjectName`.
pub fn parameter_name(question: &str) -> String {
    crate::blueprint::catalog::pascal(question)
}

/// Maps the blueprint's questions. Without a connection (`connection` false) there are no
/// repository parameters, so a question bound to one gets a parameter of its own.
pub fn map(blueprint: &Blueprint, connection: bool) -> Mapping {
    let catalog = &blueprint.manifest.catalog;
    let mut out = Mapping {
        bound: catalog.answers.clone(),
        ..Mapping::default()
    };
    if !connection {
        let mut notes = Vec::new();
        out.bound.retain(|q, p| {
            let keep = !crate::blueprint::catalog::is_repository_parameter(p);
            if !keep {
                notes.push(Note {
                    question: q.clone(),
                    message: format!("bound to {p}, which jig adds only for a repository reached through a connection (GitHub, GitLab, Bitbucket); seeded into CodeCommit, the question is a parameter of its own"),
                });
            }
            keep
        });
        out.notes.extend(notes);
    }
    for q in &blueprint.manifest.questions {
        if q.computed.is_some() || out.bound.contains_key(&q.name) {
            continue;
        }
        let (parameter, notes) = parameter(q);
        out.parameters.push(parameter);
        out.notes.extend(notes.into_iter().map(|message| Note {
            question: q.name.clone(),
            message,
        }));
    }
    out
}

pub(crate) fn parameter(q: &Question) -> (Parameter, Vec<String>) {
    let mut notes = Vec::new();
    let mut body = Map::new();
    let kind = match q.kind {
        QuestionKind::Integer | QuestionKind::Float => "Number",
        QuestionKind::Multiselect => "CommaDelimitedList",
        _ => "String",
    };
    body.insert("Type".into(), json!(kind));
    let mut description = q.help.clone().unwrap_or_else(|| q.prompt.clone());
    if !description.ends_with(['.', '?', '!', ':']) {
        description.push('.');
    }
    match q.kind {
        QuestionKind::Boolean => {
            body.insert("AllowedValues".into(), json!(["true", "false"]));
        }
        QuestionKind::Choice => {
            let values: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
            body.insert("AllowedValues".into(), json!(values));
        }
        QuestionKind::Multiselect => {
            let values: Vec<String> = q.choices.iter().map(|c| c.value.clone()).collect();
            description.push_str(&format!(" (comma-separated: {})", values.join(", ")));
            notes.push(
                "a list parameter cannot restrict its items; `jig new` checks them in the seed step"
                    .to_string(),
            );
        }
        QuestionKind::Secret => {
            body.insert("NoEcho".into(), json!(true));
        }
        _ => {}
    }
    let computed_default = match &q.default {
        Some(DefaultValue::Scalar(s)) if crate::blueprint::validate::is_template(s) => {
            Some(s.clone())
        }
        Some(DefaultValue::List(items))
            if items
                .iter()
                .any(|s| crate::blueprint::validate::is_template(s)) =>
        {
            Some(items.join(","))
        }
        _ => None,
    };
    match (&q.default, &computed_default) {
        (_, Some(template)) => {
            // CloudFormation defaults are constants: empty means "let jig compute it".
            body.insert("Default".into(), json!(""));
            description.push_str(&format!(
                " Leave empty for the blueprint's default, `{}`.",
                template.trim()
            ));
            notes.push(format!(
                "its default `{}` depends on other answers, so the parameter defaults to empty and the seed step computes it",
                template.trim()
            ));
        }
        (Some(DefaultValue::Scalar(s)), None) => {
            body.insert("Default".into(), json!(s));
        }
        (Some(DefaultValue::List(items)), None) => {
            body.insert("Default".into(), json!(items.join(",")));
        }
        (None, None) => {}
    }
    if q.is_secret() && body.contains_key("Default") {
        notes.push("a secret's default is visible in the product template".to_string());
    }
    let optional_empty = computed_default.is_some();
    let mut pattern_seen = false;
    for v in &q.validators {
        match &v.rule {
            Rule::Regex(re) if !pattern_seen && kind == "String" => {
                let pattern = full_match(re.as_str());
                let pattern = if optional_empty {
                    format!("^$|{pattern}")
                } else {
                    pattern
                };
                body.insert("AllowedPattern".into(), json!(pattern));
                body.insert("ConstraintDescription".into(), json!(v.message));
                pattern_seen = true;
            }
            Rule::Regex(re) => notes.push(format!(
                "validator /{}/ is checked by `jig new` in the seed step, not by the console",
                re.as_str()
            )),
            Rule::Expr(expr) => {
                if !(kind == "Number" && bounds(expr, &mut body)) {
                    notes.push(format!(
                        "validator `{expr}` is checked by `jig new` in the seed step, not by the console"
                    ));
                }
            }
        }
    }
    if let Some(when) = &q.when {
        description.push_str(&format!(" Used only when {when}."));
        notes.push(format!(
            "asked only when `{when}`; the console always shows it and the seed step ignores it otherwise"
        ));
    }
    let description: String = description.chars().take(4000).collect();
    body.insert("Description".into(), json!(description.trim()));
    (
        Parameter {
            name: parameter_name(&q.name),
            question: q.name.clone(),
            kind: q.kind,
            body,
            label: q.prompt.clone(),
            computed_default: computed_default.is_some(),
        },
        notes,
    )
}

/// A pattern CloudFormation matches against the whole value (Java's `matches`), for a
/// regex jig matches anywhere.
fn full_match(pattern: &str) -> String {
    let start = if pattern.starts_with('^') { "" } else { ".*" };
    let end = if pattern.ends_with('$') && !pattern.ends_with("\\$") {
        ""
    } else {
        ".*"
    };
    if start.is_empty() && end.is_empty() {
        pattern.to_string()
    } else {
        format!("{start}(?:{pattern}){end}")
    }
}

/// `value >= 1 and value <= 24` as `MinValue` / `MaxValue`; false when the expression says
/// anything else.
fn bounds(expr: &str, body: &mut Map<String, Json>) -> bool {
    static BOUND: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*value\s*(>=|<=)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")
            .expect("valid regex")
    });
    let re = &*BOUND;
    let mut found = Vec::new();
    for part in expr.split(" and ") {
        let Some(c) = re.captures(part) else {
            return false;
        };
        let key = if &c[1] == ">=" {
            "MinValue"
        } else {
            "MaxValue"
        };
        found.push((key, c[2].to_string()));
    }
    for (key, value) in found {
        let number: serde_json::Number = value.parse().expect("matched a number");
        body.insert(key.into(), Json::Number(number));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_patterns() {
        assert_eq!(parameter_name("project_name"), "ProjectName");
        assert_eq!(parameter_name("aws_region"), "AwsRegion");
        assert_eq!(full_match("^[a-z]+$"), "^[a-z]+$");
        assert_eq!(full_match("[a-z]"), ".*(?:[a-z]).*");
        assert_eq!(full_match("^a"), "(?:^a).*");
    }

    #[test]
    fn numeric_bounds() {
        let mut body = Map::new();
        assert!(bounds("value >= 1 and value <= 24", &mut body));
        assert_eq!(body["MinValue"], json!(1));
        assert_eq!(body["MaxValue"], json!(24));
        let mut body = Map::new();
        assert!(!bounds("value > 0 and value <= 1", &mut body));
        assert!(body.is_empty());
    }
}
