//! Asking questions in a terminal with dialoguer: text inputs, yes/no, select menus,
//! checkboxes and hidden secrets, with help text and the reason an answer was refused.
//!
//! An answer counts only once the pipeline's check accepts it. Typed answers (text, numbers,
//! yes/no) are checked by dialoguer's own `validate_with`: a refused one is never echoed, its
//! reason shows once under the question and goes when a valid answer comes. Yes/no is a line
//! confirmed with Enter (y, yes, n, no, true, false; empty takes the default), not a single
//! keystroke, so nothing typed spills into the next question. Menus and secrets have no
//! validator in dialoguer: `until_accepted` does the same for them around an unreported prompt.

use super::theme::YesNo;
use crate::blueprint::{Question, QuestionKind};
use crate::prompt::{parse_bool, parse_scalar, parse_yes_no, AskError, Asker, Check};
use console::{Style, Term};
use dialoguer::theme::{SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Password, Select};
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

    /// A line drawn by the theme (an answer's echo, a refusal).
    fn themed(
        &self,
        draw: impl FnOnce(&dyn Theme, &mut String) -> std::fmt::Result,
    ) -> Result<(), AskError> {
        let mut text = String::new();
        draw(self.theme.as_ref(), &mut text).map_err(|e| AskError::Io(e.to_string()))?;
        self.term.write_line(&text).map_err(io)
    }

    /// Text, integers and floats: typed by the question's kind, then checked.
    fn text(
        &self,
        q: &Question,
        default: Option<&Json>,
        check: &mut Check<'_>,
    ) -> Result<Json, AskError> {
        let mut accepted = None;
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(q.prompt.as_str())
            .allow_empty(true)
            .validate_with(|text: &String| -> Result<(), String> {
                let value = parse_scalar(q.kind, text, &q.choices)?;
                accepted = Some(check(&value)?);
                Ok(())
            });
        if let Some(d) = default {
            input = input.default(text_of(d));
        }
        input.interact_text_on(&self.term).map_err(dialog)?;
        accepted.ok_or_else(|| AskError::Io("no answer was read".into()))
    }

    /// Yes/no as a line confirmed with Enter; echoed as `yes` or `no`.
    fn yes_no(
        &self,
        q: &Question,
        default: Option<&Json>,
        check: &mut Check<'_>,
    ) -> Result<Json, AskError> {
        let default = match default {
            Some(Json::Bool(b)) => Some(*b),
            Some(other) => parse_bool(&text_of(other)),
            None => None,
        };
        let theme = YesNo::new(self.theme.as_ref(), default);
        let mut accepted = None;
        Input::<String>::with_theme(&theme)
            .with_prompt(q.prompt.as_str())
            .allow_empty(true)
            .report(false)
            .validate_with(|text: &String| -> Result<(), String> {
                let yes = match (text.trim(), default) {
                    ("", Some(d)) => d,
                    (text, _) => parse_yes_no(text)?,
                };
                accepted = Some((yes, check(&Json::Bool(yes))?));
                Ok(())
            })
            .interact_text_on(&self.term)
            .map_err(dialog)?;
        let (yes, value) = accepted.ok_or_else(|| AskError::Io("no answer was read".into()))?;
        self.themed(|t, f| t.format_confirm_prompt_selection(f, &q.prompt, Some(yes)))?;
        Ok(value)
    }

    /// Asks with `pick` (a prompt that reports nothing) until `check` accepts what it gave;
    /// each refusal replaces the last one under the question, and the accepted answer is
    /// echoed by `echo`.
    fn until_accepted(
        &self,
        mut pick: impl FnMut(&Term) -> Result<Json, AskError>,
        echo: impl Fn(&dyn Theme, &mut String, &Json) -> std::fmt::Result,
        check: &mut Check<'_>,
    ) -> Result<Json, AskError> {
        let mut refused = false;
        loop {
            let picked = pick(&self.term)?;
            let verdict = check(&picked);
            if refused {
                self.term.clear_last_lines(1).map_err(io)?;
            }
            match verdict {
                Ok(value) => {
                    self.themed(|t, f| echo(t, f, &picked))?;
                    return Ok(value);
                }
                Err(message) => {
                    self.themed(|t, f| t.format_error(f, &message))?;
                    refused = true;
                }
            }
        }
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

/// The label of the choice whose value is `value`.
fn label_of<'q>(q: &'q Question, value: &Json) -> &'q str {
    q.choices
        .iter()
        .find(|c| value.as_str() == Some(c.value.as_str()))
        .map_or("", |c| c.display())
}

impl Asker for TerminalAsker {
    fn ask(
        &mut self,
        q: &Question,
        default: Option<&Json>,
        check: &mut Check<'_>,
    ) -> Result<Json, AskError> {
        if let Some(help) = &q.help {
            self.line(Style::new().dim(), help)?;
        }
        let answer = self.answer(q, default, check);
        if let Err(AskError::Interrupted) = answer {
            // Ctrl-C came as a key, in a menu that hid the cursor.
            self.term.show_cursor().ok();
        }
        answer
    }
}

impl TerminalAsker {
    fn answer(
        &mut self,
        q: &Question,
        default: Option<&Json>,
        check: &mut Check<'_>,
    ) -> Result<Json, AskError> {
        let prompt = q.prompt.as_str();
        match q.kind {
            QuestionKind::Boolean => self.yes_no(q, default, check),
            QuestionKind::String | QuestionKind::Integer | QuestionKind::Float => {
                self.text(q, default, check)
            }
            QuestionKind::Choice => {
                let items: Vec<&str> = q.choices.iter().map(|c| c.display()).collect();
                let mut start = default
                    .and_then(|d| {
                        q.choices
                            .iter()
                            .position(|c| d.as_str() == Some(c.value.as_str()))
                    })
                    .unwrap_or(0);
                let pick = |term: &Term| {
                    let index = Select::with_theme(self.theme.as_ref())
                        .with_prompt(prompt)
                        .items(&items)
                        .default(start)
                        .report(false)
                        .interact_on(term)
                        .map_err(dialog)?;
                    // Asked again, the menu opens on the refused choice.
                    start = index;
                    Ok(Json::String(q.choices[index].value.clone()))
                };
                let echo = |t: &dyn Theme, f: &mut String, picked: &Json| {
                    t.format_select_prompt_selection(f, prompt, label_of(q, picked))
                };
                self.until_accepted(pick, echo, check)
            }
            QuestionKind::Multiselect => {
                let items: Vec<&str> = q.choices.iter().map(|c| c.display()).collect();
                let mut chosen: Vec<bool> = q
                    .choices
                    .iter()
                    .map(|c| match default {
                        Some(Json::Array(d)) => d.contains(&Json::String(c.value.clone())),
                        _ => false,
                    })
                    .collect();
                let pick = |term: &Term| {
                    let picked = MultiSelect::with_theme(self.theme.as_ref())
                        .with_prompt(format!("{prompt} (space to toggle, enter to confirm)"))
                        .items(&items)
                        .defaults(&chosen)
                        .report(false)
                        .interact_on(term)
                        .map_err(dialog)?;
                    chosen = (0..items.len()).map(|i| picked.contains(&i)).collect();
                    Ok(Json::Array(
                        picked
                            .into_iter()
                            .map(|i| Json::String(q.choices[i].value.clone()))
                            .collect(),
                    ))
                };
                let echo = |t: &dyn Theme, f: &mut String, picked: &Json| {
                    let labels: Vec<&str> = match picked {
                        Json::Array(values) => values.iter().map(|v| label_of(q, v)).collect(),
                        _ => Vec::new(),
                    };
                    t.format_multi_select_prompt_selection(f, prompt, &labels)
                };
                self.until_accepted(pick, echo, check)
            }
            QuestionKind::Secret => {
                let pick = |term: &Term| {
                    let text = Password::with_theme(self.theme.as_ref())
                        .with_prompt(prompt)
                        .allow_empty_password(default.is_some())
                        .report(false)
                        .interact_on(term)
                        .map_err(dialog)?;
                    Ok(match (text.is_empty(), default) {
                        (true, Some(d)) => d.clone(),
                        _ => Json::String(text),
                    })
                };
                let echo = |t: &dyn Theme, f: &mut String, _: &Json| {
                    t.format_password_prompt_selection(f, prompt)
                };
                self.until_accepted(pick, echo, check)
            }
        }
    }
}
