//! The only module that prints or prompts.
//!
//! It knows whether a terminal is attached (for prompts and progress bars), whether colors are
//! wanted (`--color`, `NO_COLOR`), and how to show errors: `error:` with the message, then
//! details, then `hint:` lines. Data for machines goes to stdout; everything for humans goes to
//! stderr. A closed stdout (`jig list | head`) is not an error.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod ask;
mod authoring;
mod projects;
mod theme;

pub(crate) use ask::TerminalAsker;

use crate::error::Report;
use console::{Style, Term};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub(crate) struct Ui {
    /// Set once stdout is closed (`jig list | head`): further data is dropped, not an error.
    stdout_closed: std::sync::atomic::AtomicBool,
    color: bool,
    /// Colors for data on stdout (diffs): stdout is a terminal, or `--color always`.
    stdout_color: bool,
    stderr_tty: bool,
    stdin_tty: bool,
    quiet: bool,
    /// Every bar and spinner is drawn through this, so a prompt can clear them all and keep
    /// them from redrawing while it waits (`MultiProgress::suspend`), and so can our lines.
    progress: MultiProgress,
}

impl Ui {
    pub(crate) fn new(choice: ColorChoice, quiet: bool) -> Ui {
        let stderr_tty = std::io::stderr().is_terminal();
        let no_color = std::env::var_os(crate::env::NO_COLOR).is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stderr_tty && !no_color,
        };
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        let stdout_color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && !no_color,
        };
        Ui {
            stdout_closed: std::sync::atomic::AtomicBool::new(false),
            color,
            stdout_color,
            stderr_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            quiet,
            progress: MultiProgress::new(),
        }
    }

    /// True when questions can be asked: both stdin and stderr are terminals.
    pub(crate) fn can_prompt(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    fn style(&self, style: Style) -> Style {
        if self.color {
            style.force_styling(true)
        } else {
            Style::new()
        }
    }

    /// A cargo-style status line on stderr: `     Created my-project`.
    pub(crate) fn status(&self, verb: &str, message: &str) {
        if self.quiet {
            return;
        }
        let verb = self
            .style(Style::new().green().bold())
            .apply_to(format!("{verb:>12}"));
        self.line(&format!("{verb} {message}"));
    }

    pub(crate) fn warn(&self, message: &str) {
        let label = self.style(Style::new().yellow().bold()).apply_to("warning");
        self.line(&format!("{label}: {message}"));
    }

    /// A warning that must not be missed (a moved tag, a replaced bundle): shown even with
    /// `--quiet`, in red.
    pub(crate) fn alarm(&self, message: &str) {
        let label = self.style(Style::new().red().bold()).apply_to("WARNING");
        self.line(&format!("{label}: {message}"));
    }

    /// Plain text for humans on stderr (plans, notes).
    pub(crate) fn note(&self, message: &str) {
        if !self.quiet {
            self.line(message);
        }
    }

    /// A line on stderr, with any running bar or spinner cleared first and drawn again below.
    fn line(&self, text: &str) {
        self.progress.suspend(|| eprintln!("{text}"));
    }

    pub(crate) fn dim(&self, text: &str) -> String {
        self.style(Style::new().dim()).apply_to(text).to_string()
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        self.style(Style::new().bold()).apply_to(text).to_string()
    }

    /// Data on stdout; once the reader has gone away, the rest is dropped quietly.
    pub(crate) fn out(&self, text: &str) {
        if self
            .stdout_closed
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        if writeln!(stdout, "{text}")
            .and_then(|_| stdout.flush())
            .is_err()
        {
            self.stdout_closed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// A unified diff on stdout, colored when stdout is a terminal and colors are allowed.
    pub(crate) fn diff(&self, text: &str) {
        let color = self.stdout_color;
        for line in text.lines() {
            let style = match line.as_bytes().first() {
                _ if !color => Style::new(),
                _ if line.starts_with("diff --git") => Style::new().bold(),
                _ if line.starts_with("+++") || line.starts_with("---") => Style::new().bold(),
                Some(b'+') => Style::new().green(),
                Some(b'-') => Style::new().red(),
                Some(b'@') => Style::new().cyan(),
                _ => Style::new(),
            };
            let styled = if color {
                style.force_styling(true).apply_to(line).to_string()
            } else {
                line.to_string()
            };
            self.out(&styled);
        }
    }

    /// Prints an error report: message, the template excerpt, details, hints.
    pub(crate) fn error(&self, report: &Report) {
        let label = self.style(Style::new().red().bold()).apply_to("error");
        eprintln!("{label}: {}", report.message);
        for detail in report.excerpt.iter().chain(&report.details) {
            eprintln!("  {detail}");
        }
        for hint in &report.hints {
            let label = self.style(Style::new().cyan().bold()).apply_to("hint");
            eprintln!("{label}: {hint}");
        }
    }

    /// The one line a signal leaves when it stops jig before any clean-up was needed
    /// (`interrupt`): the prompt it cut short keeps its line.
    pub(crate) fn stopped(message: &str) {
        let label = console::style("error").red().bold().for_stderr();
        let newline = if std::io::stderr().is_terminal() {
            "\n"
        } else {
            ""
        };
        let _ = writeln!(std::io::stderr(), "{newline}{label}: {message}");
    }

    /// Shows clap's own messages (help, version, usage errors) with its formatting.
    pub(crate) fn clap(&self, err: &clap::Error) {
        let _ = err.print();
    }

    /// A progress bar when a terminal is attached and there is enough work to watch.
    pub(crate) fn progress(&self, total: usize, message: &str) -> ProgressBar {
        if total < 200 {
            return ProgressBar::hidden();
        }
        self.bar("Rendering", total, message)
    }

    /// A progress bar over `total` steps, shown as `VERB [===>   ] n/total message` when a
    /// terminal is attached.
    pub(crate) fn bar(&self, verb: &str, total: usize, message: &str) -> ProgressBar {
        if !self.stderr_tty || self.quiet {
            return ProgressBar::hidden();
        }
        let bar = self.progress.add(ProgressBar::new(total as u64));
        let template = "{prefix:>12.green.bold} [{bar:30}] {pos}/{len} {msg}";
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(verb.to_string());
        bar.set_message(message.to_string());
        bar
    }

    /// A spinner for work of unknown length (hooks), when a terminal is attached.
    pub(crate) fn spinner(&self, message: &str) -> ProgressBar {
        self.spinner_as("Running", message)
    }

    /// A spinner with its own verb (`Resolving`, `Fetching`).
    pub(crate) fn spinner_as(&self, verb: &str, message: &str) -> ProgressBar {
        if !self.stderr_tty || self.quiet {
            return ProgressBar::hidden();
        }
        let spinner = self.progress.add(ProgressBar::new_spinner());
        let template = "{prefix:>12.cyan.bold} {spinner} {msg} {elapsed}";
        spinner.set_style(ProgressStyle::with_template(template).expect("valid template"));
        spinner.set_prefix(verb.to_string());
        spinner.set_message(message.to_string());
        spinner.enable_steady_tick(std::time::Duration::from_millis(100));
        spinner
    }

    /// Asks on the terminal; every running bar and spinner is cleared before a question and
    /// stays still until it is answered.
    pub(crate) fn asker(&self) -> Paused<TerminalAsker> {
        Paused {
            progress: self.progress.clone(),
            asker: TerminalAsker::new(Term::stderr(), self.color),
        }
    }
}

/// The project commands' waits, as spinners.
impl crate::sync::project::Feedback for Ui {
    fn resolving(&self, given: &str) -> Box<dyn std::any::Any> {
        Box::new(Cleared(self.spinner_as("Resolving", given)))
    }

    fn rendering(&self, what: &str) -> Box<dyn std::any::Any> {
        Box::new(Cleared(self.spinner_as("Rendering", what)))
    }

    fn warn(&self, text: &str) {
        Ui::warn(self, text);
    }

    fn alarm(&self, text: &str) {
        Ui::alarm(self, text);
    }

    fn asker(&self) -> Box<dyn crate::prompt::Asker + '_> {
        Box::new(Ui::asker(self))
    }
}

/// An asker that suspends the progress display while it asks: the bars and spinners are
/// cleared, cannot redraw over the prompt while it waits for input, and come back after.
pub(crate) struct Paused<A> {
    progress: MultiProgress,
    asker: A,
}

impl<A: crate::prompt::Asker> crate::prompt::Asker for Paused<A> {
    fn ask(
        &mut self,
        question: &crate::blueprint::Question,
        default: Option<&serde_json::Value>,
        check: &mut crate::prompt::Check<'_>,
    ) -> Result<serde_json::Value, crate::prompt::AskError> {
        let asker = &mut self.asker;
        self.progress
            .suspend(|| asker.ask(question, default, check))
    }
}

/// A spinner cleared when dropped.
struct Cleared(ProgressBar);

impl Drop for Cleared {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
