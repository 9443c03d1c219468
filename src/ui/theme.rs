//! The colourful prompt theme, with a cursor in checkbox lists.
//!
//! dialoguer's `ColorfulTheme` marks the active row of a multiselect by colour alone, so on
//! many terminals (and to anyone who cannot tell cyan from white) the cursor is invisible.
//! This theme is `ColorfulTheme` with the select menu's `❯` in front of the active checkbox
//! row; every other prompt is drawn by `ColorfulTheme` unchanged.

use dialoguer::theme::{ColorfulTheme, Theme};
use std::fmt;

#[derive(Default)]
pub(super) struct Colorful(ColorfulTheme);

impl Theme for Colorful {
    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let t = &self.0;
        let cursor = if active {
            &t.active_item_prefix
        } else {
            &t.inactive_item_prefix
        };
        let mark = if checked {
            &t.checked_item_prefix
        } else {
            &t.unchecked_item_prefix
        };
        let style = if active {
            &t.active_item_style
        } else {
            &t.inactive_item_style
        };
        write!(f, "{cursor} {mark} {}", style.apply_to(text))
    }

    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }

    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }

    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.0.format_input_prompt(f, prompt, default)
    }

    fn format_confirm_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        self.0.format_confirm_prompt(f, prompt, default)
    }

    fn format_confirm_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selection: Option<bool>,
    ) -> fmt::Result {
        self.0.format_confirm_prompt_selection(f, prompt, selection)
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_input_prompt_selection(f, prompt, sel)
    }

    fn format_password_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_password_prompt(f, prompt)
    }

    fn format_password_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
    ) -> fmt::Result {
        self.0.format_password_prompt_selection(f, prompt)
    }

    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_select_prompt(f, prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_select_prompt_selection(f, prompt, sel)
    }

    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }
}

/// A yes/no question drawn as a text input: the theme's input prompt with `y/n` as its hint,
/// the default in capitals (`Y/n`), as confirm prompts show it.
pub(super) struct YesNo<'a> {
    inner: &'a dyn Theme,
    hint: &'static str,
}

impl<'a> YesNo<'a> {
    pub(super) fn new(inner: &'a dyn Theme, default: Option<bool>) -> YesNo<'a> {
        let hint = match default {
            Some(true) => "Y/n",
            Some(false) => "y/N",
            None => "y/n",
        };
        YesNo { inner, hint }
    }
}

impl Theme for YesNo<'_> {
    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        _default: Option<&str>,
    ) -> fmt::Result {
        self.inner.format_input_prompt(f, prompt, Some(self.hint))
    }

    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.inner.format_error(f, err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(checked: bool, active: bool) -> String {
        let mut s = String::new();
        Colorful::default()
            .format_multi_select_prompt_item(&mut s, "lint", checked, active)
            .unwrap();
        console::strip_ansi_codes(&s).into_owned()
    }

    #[test]
    fn the_active_checkbox_row_has_the_cursor() {
        assert_eq!(item(false, true), "❯ ⬚ lint");
        assert_eq!(item(true, true), "❯ ✔ lint");
        assert_eq!(item(false, false), "  ⬚ lint");
        assert_eq!(item(true, false), "  ✔ lint");
    }
}
