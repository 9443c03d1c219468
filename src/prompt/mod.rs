//! Collecting answers: one pipeline, two front ends.
//!
//! Questions are resolved in manifest order. Each is computed, skipped by its `when`, taken from
//! a given value (`--data`, `--data-file`), defaulted, or asked through an `Asker` (the terminal
//! front end lives in `ui`). Given values never prompt. In scripted runs every invalid or missing
//! answer is collected and reported together; interactively an invalid answer is asked again.
//! This module decides; it never prints.

mod values;

pub(crate) use values::{
    display, parse_bool, parse_scalar, parse_value, parse_yes_no, read_answers_file, Input,
};

use crate::blueprint::{DefaultValue, Question, Rule};
use indexmap::IndexMap;
use minijinja::Environment;
use serde_json::Value as Json;

/// Answers by question name, in question order.
pub(crate) type Answers = IndexMap<String, Json>;

/// What stands in for a secret answer when a recorded version is rendered again: jig never
/// records secrets, so a render that needs one sees this marker, and comparisons treat it as
/// "any text".
pub(crate) fn secret_placeholder(question: &str) -> String {
    format!("{SECRET_MARK}{question}@@")
}

/// The start of every secret placeholder.
pub(crate) const SECRET_MARK: &str = "@@jig-secret:";

/// Where a given value came from, so errors can name the flag or file to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    Flag,
    DataFile(std::path::PathBuf),
    /// Recorded in an answers file (`jig update`, `jig adopt`).
    Recorded(std::path::PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag => f.write_str("--data"),
            Origin::DataFile(path) => write!(f, "--data-file {}", path.display()),
            Origin::Recorded(path) => write!(f, "the recorded answer in {}", path.display()),
        }
    }
}

/// Values given up front, by question name.
pub(crate) type Given = IndexMap<String, (Input, Origin)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Ask through the terminal for anything not given.
    Interactive,
    /// Take the default for anything not given; fail when there is none.
    Defaults,
    /// No terminal and no `--defaults`: anything not given is an error.
    NoInput,
    /// Rendering a recorded project again (`jig check`, `jig update`): defaults for anything
    /// not given, and a placeholder for secrets, which are never recorded.
    Replay,
    /// `Replay` with nobody to ask and no `--defaults` (`jig update` without a terminal): a
    /// question neither recorded nor given is an error, as in `NoInput`.
    ReplayNoInput,
}

/// What an answer goes through before it counts: the asker types what was entered by the
/// question's kind, and the check validates it, returning what is kept or why it is refused.
pub(crate) type Check<'a> = dyn FnMut(&Json) -> Result<Json, String> + 'a;

/// A check that takes every answer as it is.
pub(crate) fn accept(value: &Json) -> Result<Json, String> {
    Ok(value.clone())
}

/// The terminal side of asking one question.
pub(crate) trait Asker {
    /// Asks `question`, offering `default`, until `check` accepts the answer; returns what
    /// `check` made of it. A refused answer is asked again with the reason, never shown as
    /// accepted.
    fn ask(
        &mut self,
        question: &Question,
        default: Option<&Json>,
        check: &mut Check<'_>,
    ) -> Result<Json, AskError>;
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum AskError {
    #[error("interrupted")]
    Interrupted,
    #[error("cannot read from the terminal: {0}")]
    Io(String),
}

/// The outcome of the pipeline.
#[derive(Debug, Default, Clone)]
pub(crate) struct Resolved {
    /// Every value templates see: answers, secrets, skipped defaults, computed values.
    pub context: Answers,
    /// What goes into the answers file: answered or given values, never secrets.
    pub recorded: Answers,
}

/// One invalid answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub question: String,
    pub origin: Option<Origin>,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("invalid answers")]
    Invalid(Vec<Problem>),
    #[error("unknown questions given: {}", keys.join(", "))]
    UnknownKeys {
        keys: Vec<String>,
        /// The questions that can be answered (computed ones cannot).
        known: Vec<String>,
        /// Those of `keys` that name computed questions.
        computed: Vec<String>,
        /// Where they were given (`--data`, `--data-file answers.yaml`).
        from: String,
    },
    #[error("no answer for: {}", names.join(", "))]
    Missing {
        names: Vec<String>,
        /// Defaults were taken (`--defaults`): these questions have none.
        defaulted: bool,
    },
    #[error(transparent)]
    Ask(#[from] AskError),
}

/// Runs the pipeline. `user_defaults` (from the user config) replace a blueprint's defaults
/// for questions of the same name.
pub(crate) fn collect(
    questions: &[Question],
    given: &Given,
    user_defaults: &IndexMap<String, String>,
    mode: Mode,
    mut asker: Option<&mut dyn Asker>,
    env: &Environment<'static>,
    base_context: &Json,
) -> Result<Resolved, Error> {
    // A computed question is never asked: a value given for it is a mistake (a recorded one
    // is a question that became computed, and is left out).
    let asked = |k: &String| {
        questions
            .iter()
            .any(|q| &q.name == k && q.computed.is_none())
    };
    let computed = |k: &String| {
        questions
            .iter()
            .any(|q| &q.name == k && q.computed.is_some())
    };
    let unknown: Vec<String> = given
        .iter()
        // A computed answer may stand in a recorded file, never be given.
        .filter(|(k, (_, origin))| {
            let recorded_computed = computed(k) && matches!(origin, Origin::Recorded(_));
            !(asked(k) || recorded_computed)
        })
        .map(|(k, _)| k.clone())
        .collect();
    if !unknown.is_empty() {
        let known = questions
            .iter()
            .filter(|q| q.computed.is_none())
            .map(|q| q.name.clone())
            .collect();
        let mut origins = unknown.iter().filter_map(|k| given.get(k)).map(|(_, o)| o);
        let first = origins.next().map(Origin::to_string);
        let from = match first {
            Some(o) if origins.all(|other| other.to_string() == o) => o,
            _ => "--data and --data-file".to_string(),
        };
        return Err(Error::UnknownKeys {
            from,
            computed: unknown.iter().filter(|k| computed(k)).cloned().collect(),
            keys: unknown,
            known,
        });
    }
    let mut out = Resolved::default();
    let mut problems = Vec::new();
    let mut missing = Vec::new();

    for q in questions {
        let ctx = context_value(base_context, &out.context);
        // Once an answer is invalid or missing, templates that depend on it may fail too; only
        // the root causes are reported, so template errors count only while all is well.
        let clean = problems.is_empty() && missing.is_empty();
        let fail = |problems: &mut Vec<Problem>, origin: Option<Origin>, message: String| {
            if origin.is_some() || clean {
                problems.push(Problem {
                    question: q.name.clone(),
                    origin,
                    message,
                })
            }
        };
        if let Some(template) = &q.computed {
            match render_typed(env, q, template, &ctx) {
                Ok(value) => {
                    out.context.insert(q.name.clone(), value);
                }
                Err(message) => fail(&mut problems, None, format!("computed value: {message}")),
            }
            continue;
        }
        // A default that cannot be rendered because an earlier answer is missing is not
        // missing itself: it follows once that answer is given.
        let mut default_follows = false;
        let default = match default_for(env, q, user_defaults, &ctx) {
            Ok(default) => default,
            Err(message) => {
                default_follows = !clean;
                fail(&mut problems, None, format!("default: {message}"));
                None
            }
        };
        let active = match &q.when {
            Some(expr) => match eval(env, expr, &ctx) {
                Ok(v) => v.is_true(),
                Err(message) => {
                    fail(&mut problems, None, format!("when: {message}"));
                    false
                }
            },
            None => true,
        };
        if !active {
            // Skipped questions still give templates their default.
            out.context
                .insert(q.name.clone(), default.unwrap_or(Json::Null));
            continue;
        }
        let answer = if let Some((input, origin)) = given.get(&q.name) {
            match parse_value(q.kind, input, &q.choices)
                .and_then(|v| validate(env, q, &v, &out.context, base_context).map(|_| v))
            {
                Ok(v) => Some(v),
                Err(message) => {
                    fail(&mut problems, Some(origin.clone()), message);
                    None
                }
            }
        } else {
            match (mode, &mut asker) {
                (Mode::Replay | Mode::ReplayNoInput, _) if q.is_secret() => {
                    Some(Json::String(secret_placeholder(&q.name)))
                }
                (Mode::Interactive, Some(asker)) => Some(ask_until_valid(
                    &mut **asker,
                    env,
                    q,
                    default.as_ref(),
                    &out.context,
                    base_context,
                )?),
                (Mode::Defaults | Mode::Replay, _) | (Mode::Interactive, None) => match default {
                    Some(v) => match validate(env, q, &v, &out.context, base_context) {
                        Ok(()) => Some(v),
                        Err(message) => {
                            fail(&mut problems, None, format!("default {}: {message}", v));
                            None
                        }
                    },
                    None if default_follows => None,
                    None => {
                        missing.push(q.name.clone());
                        None
                    }
                },
                (Mode::NoInput | Mode::ReplayNoInput, _) => {
                    missing.push(q.name.clone());
                    None
                }
            }
        };
        let value = answer.unwrap_or(Json::Null);
        if !q.is_secret() {
            out.recorded.insert(q.name.clone(), value.clone());
        }
        out.context.insert(q.name.clone(), value);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if !missing.is_empty() {
        return Err(Error::Missing {
            names: missing,
            defaulted: matches!(mode, Mode::Defaults | Mode::Replay),
        });
    }
    Ok(out)
}

fn ask_until_valid(
    asker: &mut dyn Asker,
    env: &Environment<'static>,
    q: &Question,
    default: Option<&Json>,
    answers: &Answers,
    base: &Json,
) -> Result<Json, AskError> {
    asker.ask(q, default, &mut |value| {
        validate(env, q, value, answers, base).map(|()| value.clone())
    })
}

/// The template context: the base (e.g. `jig`) plus the answers so far at the top level.
pub(crate) fn context_value(base: &Json, answers: &Answers) -> minijinja::Value {
    let mut map = match base {
        Json::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    for (k, v) in answers {
        map.insert(k.clone(), v.clone());
    }
    minijinja::Value::from(minijinja::value::Serde(Json::Object(map)))
}

fn default_for(
    env: &Environment<'static>,
    q: &Question,
    user_defaults: &IndexMap<String, String>,
    ctx: &minijinja::Value,
) -> Result<Option<Json>, String> {
    if let Some(value) = user_defaults.get(&q.name) {
        return parse_scalar(q.kind, value, &q.choices).map(Some);
    }
    match &q.default {
        None => Ok(None),
        Some(DefaultValue::Scalar(template)) => render_typed(env, q, template, ctx).map(Some),
        Some(DefaultValue::List(items)) => {
            let rendered = items
                .iter()
                .map(|item| render(env, item, ctx))
                .collect::<Result<Vec<_>, _>>()?;
            parse_value(q.kind, &Input::List(rendered), &q.choices).map(Some)
        }
    }
}

fn render(
    env: &Environment<'static>,
    template: &str,
    ctx: &minijinja::Value,
) -> Result<String, String> {
    crate::render::render_bounded_str(env, "<default>", template, ctx)
        .map_err(|e| crate::render::Error::from_minijinja("<default>".into(), e).message)
}

fn render_typed(
    env: &Environment<'static>,
    q: &Question,
    template: &str,
    ctx: &minijinja::Value,
) -> Result<Json, String> {
    let text = render(env, template, ctx)?;
    parse_value(q.kind, &Input::Text(text), &q.choices)
}

fn eval(
    env: &Environment<'static>,
    expr: &str,
    ctx: &minijinja::Value,
) -> Result<minijinja::Value, String> {
    env.compile_expression(expr)
        .and_then(|e| e.eval(ctx))
        .map_err(|e| crate::render::Error::from_minijinja("<expression>".into(), e).message)
}

/// Checks a typed value against the question's validators; the message says what is wrong.
fn validate(
    env: &Environment<'static>,
    q: &Question,
    value: &Json,
    answers: &Answers,
    base: &Json,
) -> Result<(), String> {
    for validator in &q.validators {
        let ok = match &validator.rule {
            Rule::Regex(re) => re.is_match(&values::display(value)),
            Rule::Expr(expr) => {
                let mut with_value = answers.clone();
                with_value.insert(q.name.clone(), value.clone());
                with_value.insert("value".to_string(), value.clone());
                eval(env, expr, &context_value(base, &with_value))?.is_true()
            }
        };
        if !ok {
            return Err(validator.message.clone());
        }
    }
    Ok(())
}
