//! Asking questions in a terminal with dialoguer: text inputs, yes/no, select menus,
//! checkboxes and hidden secrets, with help text and the reason an answer was refused.

use crate::blueprint::{Question, QuestionKind};
use crate::prompt::{parse_scalar, AskError, Asker};
use console::{Style, Term};
use dialoguer::theme::{SimpleTheme, Theme};
use dialoguer::{Confirm, Input, MultiSelect, Password, Select};
use serde_json::Value as Json;

pub(crate) struct TerminalAsker {
    term: Term,
    theme: Box<dyn Theme>,
    color: bool,
}

impl TerminalAsker {
    pub(crate) fn new(term: Term, color: bool) -> TerminalAsker {
        let theme: Box<dyn Theme> = if color {
            Box::new(super::theme::Colorful::default())
        } else {
            Box::new(SimpleTheme)
        };
        TerminalAsker { term, theme, color }
    }

    fn line(&self, style: Style, text: &str) -> Result<(), AskError> {
        let styled = if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        };
        self.term.write_line(&styled).map_err(io)
    }
}

fn io(err: std::io::Error) -> AskError {
    if err.kind() == std::io::ErrorKind::Interrupted {
        AskError::Interrupted
    } else {
        AskError::Io(err.to_string())
    }
}

fn dialog(err: dialoguer::Error) -> AskError {
    match err {
        dialoguer::Error::IO(e) => io(e),
    }
}

fn text_of(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Asker for TerminalAsker {
    fn ask(
        &mut self,
        q: &Question,
        default: Option<&Json>,
        problem: Option<&str>,
    ) -> Result<Json, AskError> {
        if let Some(problem) = problem {
            // The refused answer's line (and the help above it) go: the question is asked
            // again under the reason, not under a green tick for an answer that did not count.
            let above = 1 + q.help.as_ref().map_or(0, |h| h.lines().count());
            self.term.clear_last_lines(above).map_err(io)?;
            self.line(Style::new().red(), &format!("✘ {problem}"))?;
        }
        if let Some(help) = &q.help {
            self.line(Style::new().dim(), help)?;
        }
        let theme = self.theme.as_ref();
        let prompt = q.prompt.as_str();
        match q.kind {
            QuestionKind::Boolean => {
                let mut c = Confirm::with_theme(theme).with_prompt(prompt);
                if let Some(Json::Bool(b)) = default {
                    c = c.default(*b);
                }
                c.interact_on(&self.term).map(Json::Bool).map_err(dialog)
            }
            QuestionKind::Choice => {
                let items: Vec<&str> = q.choices.iter().map(|c| c.display()).collect();
                let start = default
                    .and_then(|d| {
                        q.choices
                            .iter()
                            .position(|c| Json::String(c.value.clone()) == *d)
                    })
                    .unwrap_or(0);
                let index = Select::with_theme(theme)
                    .with_prompt(prompt)
                    .items(&items)
                    .default(start)
                    .interact_on(&self.term)
                    .map_err(dialog)?;
                Ok(Json::String(q.choices[index].value.clone()))
            }
            QuestionKind::Multiselect => {
                let items: Vec<&str> = q.choices.iter().map(|c| c.display()).collect();
                let chosen: Vec<bool> = q
                    .choices
                    .iter()
                    .map(|c| match default {
                        Some(Json::Array(d)) => d.contains(&Json::String(c.value.clone())),
                        _ => false,
                    })
                    .collect();
                let picked = MultiSelect::with_theme(theme)
                    .with_prompt(format!("{prompt} (space to toggle, enter to confirm)"))
                    .items(&items)
                    .defaults(&chosen)
                    .interact_on(&self.term)
                    .map_err(dialog)?;
                Ok(Json::Array(
                    picked
                        .into_iter()
                        .map(|i| Json::String(q.choices[i].value.clone()))
                        .collect(),
                ))
            }
            QuestionKind::Secret => {
                let mut p = Password::with_theme(theme).with_prompt(prompt);
                if default.is_some() {
                    p = p.allow_empty_password(true);
                }
                let text = p.interact_on(&self.term).map_err(dialog)?;
                match (text.is_empty(), default) {
                    (true, Some(d)) => Ok(d.clone()),
                    _ => Ok(Json::String(text)),
                }
            }
            QuestionKind::String | QuestionKind::Integer | QuestionKind::Float => loop {
                let mut input = Input::<String>::with_theme(theme)
                    .with_prompt(prompt)
                    .allow_empty(true);
                if let Some(d) = default {
                    input = input.default(text_of(d));
                }
                let text = input.interact_text_on(&self.term).map_err(dialog)?;
                match parse_scalar(q.kind, &text, &q.choices) {
                    Ok(value) => return Ok(value),
                    Err(message) => self.line(Style::new().red(), &format!("✘ {message}"))?,
                }
            },
        }
    }
}
