//! Checking the `questions` section: types, choices, defaults, validators, `when` and
//! computed values, each problem with the position of its question.

use super::manifest::*;
use super::validate::{is_identifier, is_template, one_line, Validator};
use super::*;
use crate::yaml::{self, Location, Node, Spanned};
use std::collections::HashSet;

impl Validator {
    /// The valid questions, and the names of all declared ones (valid or not), in order.
    pub(super) fn questions(&mut self, node: Option<&Node>) -> (Vec<Question>, Vec<String>) {
        let Some(node) = node else {
            return (Vec::new(), Vec::new());
        };
        let Some(map) = node.as_mapping() else {
            let msg = "`questions` must be a mapping from question name to its definition";
            self.problem(Location::of_node(node), msg);
            return (Vec::new(), Vec::new());
        };
        let mut questions = Vec::new();
        let mut earlier: Vec<String> = Vec::new();
        for (key, value) in map.iter() {
            let location = Location::from_marker(key.span().start());
            let name = key.as_str().to_string();
            if !is_identifier(&name) {
                let msg = format!("question name `{name}` must be an identifier (letters, digits, `_`, not starting with a digit)");
                self.problem(location, msg);
            }
            let value = yaml::one_or_many(&yaml::one_or_many(value, "validate"), "renamed_from");
            if let Some(raw) = self.section::<RawQuestion>(Some(&value)) {
                if let Some(q) = self.question(name.clone(), raw, location, &earlier) {
                    questions.push(q);
                }
            }
            earlier.push(name);
        }
        (questions, earlier)
    }

    fn question(
        &mut self,
        name: String,
        raw: RawQuestion,
        location: Location,
        earlier: &[String],
    ) -> Option<Question> {
        let at = |s: &Option<Spanned<String>>| s.as_ref().map_or(location, Location::of_spanned);
        let kind = match &raw.kind {
            None => QuestionKind::String,
            Some(k) => match QuestionKind::parse(k) {
                Some(kind) => kind,
                None => {
                    let msg = format!(
                        "question `{name}`: unknown type `{}`; expected one of: {}",
                        k.as_str(),
                        QuestionKind::NAMES.join(", ")
                    );
                    self.problem(at(&raw.kind), msg);
                    return None;
                }
            },
        };
        let before = self.problems.len();
        let choices: Vec<Choice> = raw
            .choices
            .unwrap_or_default()
            .into_iter()
            .map(|c| match c {
                RawChoice::Bare(value) => Choice { value, label: None },
                RawChoice::Labelled(l) => Choice {
                    value: l.value,
                    label: l.label,
                },
            })
            .collect();
        self.check_choices(&name, kind, &choices, location);

        if let Some(computed) = &raw.computed {
            let extra = [
                ("default", raw.default.is_some()),
                ("when", raw.when.is_some()),
                ("validate", raw.validate.is_some()),
                ("prompt", raw.prompt.is_some()),
            ];
            for (key, present) in extra {
                if present {
                    let msg = format!(
                        "question `{name}` is computed, so `{key}` has no effect; remove it"
                    );
                    self.problem(Location::of_spanned(computed), msg);
                }
            }
            if kind == QuestionKind::Secret {
                let msg = format!("question `{name}`: a secret cannot be computed");
                self.problem(Location::of_spanned(computed), msg);
            }
            self.template(computed, &format!("question `{name}`: computed"), earlier);
        }
        if let Some(when) = &raw.when {
            self.expression(when, &format!("question `{name}`: when"), earlier);
        }
        let default = raw.default.map(|d| match d {
            RawDefault::Scalar(s) => DefaultValue::Scalar(s),
            RawDefault::List(l) => DefaultValue::List(l),
        });
        self.check_default(&name, kind, default.as_ref(), &choices, location, earlier);

        let mut validators = Vec::new();
        for raw_v in raw.validate.unwrap_or_default() {
            if let Some(v) = self.validator(&name, raw_v, location, earlier) {
                validators.push(v);
            }
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Question {
            prompt: raw.prompt.unwrap_or_else(|| name.clone()),
            name,
            kind,
            help: raw.help,
            default,
            choices,
            validators,
            when: raw.when.map(|s| s.to_string()),
            computed: raw.computed.map(|s| s.to_string()),
            renamed_from: raw
                .renamed_from
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.to_string())
                .collect(),
            location,
        })
    }

    fn check_choices(&mut self, name: &str, kind: QuestionKind, choices: &[Choice], at: Location) {
        if kind.has_choices() && choices.is_empty() {
            let msg = format!(
                "question `{name}` of type {} needs a non-empty `choices` list",
                kind.name()
            );
            self.problem(at, msg);
        }
        if !kind.has_choices() && !choices.is_empty() {
            let msg = format!("question `{name}` of type {} cannot have `choices`; use type `choice` or `multiselect`", kind.name());
            self.problem(at, msg);
        }
        let mut seen = HashSet::new();
        for choice in choices {
            if !seen.insert(choice.value.as_str()) {
                let msg = format!(
                    "question `{name}`: choice `{}` is listed twice",
                    choice.value
                );
                self.problem(at, msg);
            }
        }
    }

    fn check_default(
        &mut self,
        name: &str,
        kind: QuestionKind,
        default: Option<&DefaultValue>,
        choices: &[Choice],
        at: Location,
        earlier: &[String],
    ) {
        let Some(default) = default else { return };
        let items: Vec<&String> = match (kind, default) {
            (QuestionKind::Multiselect, DefaultValue::List(items)) => items.iter().collect(),
            (QuestionKind::Multiselect, DefaultValue::Scalar(s)) if is_template(s) => vec![s],
            (QuestionKind::Multiselect, DefaultValue::Scalar(_)) => {
                self.problem(
                    at,
                    format!("question `{name}`: a multiselect default must be a list"),
                );
                return;
            }
            (_, DefaultValue::List(_)) => {
                let msg =
                    format!("question `{name}`: only multiselect questions take a list as default");
                self.problem(at, msg);
                return;
            }
            (_, DefaultValue::Scalar(s)) => vec![s],
        };
        for item in items {
            let label = format!("question `{name}`: default");
            if is_template(item) {
                self.template_str(item, at, &label, earlier);
                continue;
            }
            // The one import upward (blueprint -> prompt): a default must parse exactly as an answer
            // typed by the user does, so validation uses the answers' own parser rather than a copy.
            if let Err(err) = crate::prompt::parse_scalar(kind, item, choices) {
                let msg = format!("question `{name}`: default {err}");
                self.problem_as(super::codes::INVALID_DEFAULT, at, msg);
            }
        }
    }

    fn validator(
        &mut self,
        name: &str,
        raw: RawValidator,
        at: Location,
        earlier: &[String],
    ) -> Option<super::Validator> {
        let message = raw.message.unwrap_or_else(|| "is not valid".to_string());
        match (raw.regex, raw.expr) {
            (Some(re), None) => match Regex::new(&re) {
                Ok(regex) => Some(super::Validator {
                    rule: Rule::Regex(regex),
                    message,
                }),
                Err(err) => {
                    let msg = format!(
                        "question `{name}`: invalid regex: {}",
                        one_line(&err.to_string())
                    );
                    self.problem_as(super::codes::INVALID_REGEX, Location::of_spanned(&re), msg);
                    None
                }
            },
            (None, Some(expr)) => {
                let mut known = earlier.to_vec();
                known.extend(["value".to_string(), name.to_string()]);
                self.expression(&expr, &format!("question `{name}`: validate"), &known);
                Some(super::Validator {
                    rule: Rule::Expr(expr.to_string()),
                    message,
                })
            }
            _ => {
                let msg = format!(
                    "question `{name}`: each validator needs exactly one of `regex` or `expr`"
                );
                self.problem(at, msg);
                None
            }
        }
    }
}
