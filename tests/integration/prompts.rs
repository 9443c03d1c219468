//! Prompts as a user sees them: a real pseudo-terminal, its output run through a terminal
//! emulator (vt100), and assertions on the screen. Yes/no is a line confirmed with Enter; a
//! refused answer is never echoed as accepted, and its reason shows once, until a valid
//! answer clears it; Ctrl-C and SIGTERM at a prompt say what was stopped.

use crate::common::*;
use pretty_assertions::assert_eq;
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// A `jig` run in a pseudo-terminal and the screen it has drawn so far.
struct Screen {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
}

impl Screen {
    fn new(sb: &Sandbox, args: &[&str]) -> Screen {
        let mut session = sb.pty_jig(args);
        session
            .get_process_mut()
            .set_window_size(COLS, ROWS)
            .unwrap();
        Screen {
            session,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(ROWS).unwrap(),
                std::num::NonZeroU16::new(COLS).unwrap(),
                0,
            ),
        }
    }

    /// Reads what jig printed so far into the emulator; false once jig has closed the terminal.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.parser.process(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return true,
                // EIO: the other side of the terminal is closed.
                Err(_) => return false,
            }
        }
    }

    /// The screen's text, its lines' trailing blanks trimmed, empty lines at the end left out.
    fn text(&self) -> String {
        let contents = self.parser.screen().contents();
        let lines: Vec<&str> = contents.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n")
    }

    /// Waits until the screen shows `want`, and returns the screen.
    fn wait_for(&mut self, want: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let open = self.pump();
            let text = self.text();
            if text.contains(want) {
                return text;
            }
            assert!(
                open && Instant::now() < deadline,
                "waited for {want:?}; the screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the cursor to stay where it is for a moment (jig waits for a key).
    fn settle(&mut self) -> String {
        let mut last = (self.text(), self.parser.screen().cursor_position());
        let mut still = Instant::now();
        let deadline = Instant::now() + Duration::from_secs(20);
        while still.elapsed() < Duration::from_millis(300) {
            assert!(Instant::now() < deadline, "the screen never settled");
            self.pump();
            let now = (self.text(), self.parser.screen().cursor_position());
            if now != last {
                last = now;
                still = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        last.0
    }

    fn send(&mut self, keys: &str) {
        std::io::Write::write_all(&mut self.session, keys.as_bytes()).unwrap();
    }

    /// Waits for jig to end; returns its exit code (None: killed by a signal) and the screen.
    fn finish(mut self) -> (Option<i32>, String) {
        use expectrl::process::unix::WaitStatus;
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.pump() {
            assert!(
                Instant::now() < deadline,
                "jig did not end; the screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let code = match self.session.get_process_mut().wait().unwrap() {
            WaitStatus::Exited(_, code) => Some(code),
            _ => None,
        };
        (code, self.text())
    }
}

/// `jig new` in a terminal on a blueprint asking `questions` and rendering `out_txt`.
fn asking(sb: &Sandbox, questions: &str, out_txt: &str, extra: &[&str]) -> Screen {
    let bp = sb.blueprint(
        "asks",
        &[
            ("blueprint.yaml", &manifest(questions)),
            ("template/out.txt", out_txt),
        ],
    );
    let mut args = vec![
        "new",
        bp.to_str().unwrap(),
        "-o",
        "out",
        "-d",
        "project_slug=tty",
    ];
    args.extend(extra);
    Screen::new(sb, &args)
}

const YES_NO: &str = "  gpu:\n    type: boolean\n    prompt: Use a GPU?\n    default: false\n  spot:\n    type: boolean\n    prompt: Spot instances?\n    default: true\n  name:\n    prompt: Name\n";

#[test]
fn yes_no_is_a_line_confirmed_with_enter() {
    let sb = Sandbox::new();
    let mut s = asking(
        &sb,
        YES_NO,
        "{{ gpu }}|{{ spot }}|{{ name }}\n",
        &["--no-git"],
    );
    s.wait_for("Use a GPU? [y/N]");
    // Typing is not acting: nothing happens before Enter.
    s.send("maybe");
    assert_eq!(s.settle(), "Use a GPU? [y/N]: maybe");
    s.send("\r");
    s.wait_for("is not yes or no");
    assert_eq!(
        s.settle(),
        "error: `maybe` is not yes or no: type y, yes, n, no, true or false\nUse a GPU? [y/N]:"
    );
    s.send("YES\r");
    s.wait_for("Spot instances? [Y/n]");
    assert_eq!(s.settle(), "Use a GPU? yes\nSpot instances? [Y/n]:");
    // Enter alone takes the default.
    s.send("\r");
    s.wait_for("Name");
    assert_eq!(s.settle(), "Use a GPU? yes\nSpot instances? yes\nName:");
    s.send("Churn\r");
    let (code, _) = s.finish();
    assert_eq!(code, Some(0));
    assert_eq!(read(&sb.out().join("tty/out.txt")), "True|True|Churn\n");
}

#[test]
fn every_spelling_of_yes_and_no_is_taken() {
    for (typed, expected) in [
        ("y", "True"),
        ("Yes", "True"),
        ("TRUE", "True"),
        ("n", "False"),
        ("NO", "False"),
        ("false", "False"),
    ] {
        let sb = Sandbox::new();
        let questions = "  gpu:\n    type: boolean\n    prompt: Use a GPU?\n";
        let mut s = asking(&sb, questions, "{{ gpu }}\n", &["--no-git"]);
        s.wait_for("Use a GPU? [y/n]");
        s.send(&format!("{typed}\r"));
        let (code, screen) = s.finish();
        assert_eq!(code, Some(0), "{typed}: {screen}");
        assert_eq!(read(&sb.out().join("tty/out.txt")), format!("{expected}\n"));
    }
}

#[test]
fn yes_no_without_a_default_needs_an_answer() {
    let sb = Sandbox::new();
    let questions = "  gpu:\n    type: boolean\n    prompt: Use a GPU?\n";
    let mut s = asking(&sb, questions, "{{ gpu }}\n", &["--no-git"]);
    s.wait_for("Use a GPU? [y/n]");
    s.send("\r");
    s.wait_for("error:");
    assert_eq!(
        s.settle(),
        "error: type y or n (there is no default)\nUse a GPU? [y/n]:"
    );
    s.send("n\r");
    let (code, screen) = s.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.starts_with("Use a GPU? no\n"), "{screen}");
}

const HOURS: &str = "  hours:\n    type: integer\n    prompt: Maximum training time (hours)\n    help: Between 1 and 24.\n    default: 2\n    validate:\n      expr: \"value >= 1 and value <= 24\"\n      message: between 1 and 24 hours\n  name:\n    prompt: Name\n";

#[test]
fn a_refused_answer_is_never_echoed_and_its_reason_goes_with_a_valid_one() {
    let sb = Sandbox::new();
    let mut s = asking(&sb, HOURS, "{{ hours }}|{{ name }}\n", &["--no-git"]);
    s.wait_for("Maximum training time (hours) [2]");
    s.send("four\r");
    s.wait_for("is not an integer");
    assert_eq!(
        s.settle(),
        "Between 1 and 24.\nerror: is not an integer: `four`\nMaximum training time (hours) [2]:"
    );
    // A second refusal replaces the first: one reason at a time.
    s.send("30\r");
    s.wait_for("between 1 and 24 hours");
    assert_eq!(
        s.settle(),
        "Between 1 and 24.\nerror: between 1 and 24 hours\nMaximum training time (hours) [2]:"
    );
    s.send("4\r");
    s.wait_for("Name");
    assert_eq!(
        s.settle(),
        "Between 1 and 24.\nMaximum training time (hours): 4\nName:"
    );
    s.send("Churn\r");
    let (code, _) = s.finish();
    assert_eq!(code, Some(0));
    assert_eq!(read(&sb.out().join("tty/out.txt")), "4|Churn\n");
}

/// The same with colours on: no green tick on the refused value.
#[test]
fn with_colours_a_refused_answer_gets_no_tick() {
    let sb = Sandbox::new();
    let mut s = asking(
        &sb,
        HOURS,
        "{{ hours }}|{{ name }}\n",
        &["--no-git", "--color", "always"],
    );
    s.wait_for("Maximum training time (hours) (2)");
    s.send("four\r");
    s.wait_for("is not an integer");
    assert_eq!(
        s.settle(),
        "Between 1 and 24.\n✘ is not an integer: `four`\n? Maximum training time (hours) (2) ›"
    );
    s.send("4\r");
    s.wait_for("? Name");
    assert_eq!(
        s.settle(),
        "Between 1 and 24.\n✔ Maximum training time (hours) · 4\n? Name ›"
    );
    s.send("Churn\r");
    assert_eq!(s.finish().0, Some(0));
}

/// A choice refused by its validator: the menu is asked again under the reason, and the
/// reason goes once a valid choice is made.
#[test]
fn a_refused_choice_is_asked_again_under_its_reason() {
    let sb = Sandbox::new();
    let questions = "  region:\n    type: choice\n    prompt: Region\n    choices: [us-east-1, cn-north-1, eu-west-1]\n    validate:\n      expr: \"value != 'cn-north-1'\"\n      message: not for this account\n  name:\n    prompt: Name\n";
    let mut s = asking(&sb, questions, "{{ region }}|{{ name }}\n", &["--no-git"]);
    s.wait_for("eu-west-1");
    s.send("\x1b[B\r");
    s.wait_for("not for this account");
    let screen = s.settle();
    assert!(
        screen.starts_with("error: not for this account\nRegion:\n"),
        "{screen}"
    );
    s.send("\x1b[B\r");
    s.wait_for("Name");
    assert_eq!(s.settle(), "Region: eu-west-1\nName:");
    s.send("Churn\r");
    assert_eq!(s.finish().0, Some(0));
    assert_eq!(read(&sb.out().join("tty/out.txt")), "eu-west-1|Churn\n");
}

#[test]
fn ctrl_c_at_a_prompt_says_what_was_stopped() {
    let sb = Sandbox::new();
    let mut s = asking(&sb, YES_NO, "{{ gpu }}\n", &[]);
    s.wait_for("Use a GPU?");
    s.send("\x03");
    let (code, screen) = s.finish();
    assert_eq!(code, Some(130), "{screen}");
    assert_eq!(
        screen,
        "Use a GPU? [y/N]:\nerror: `jig new` was interrupted; nothing was written"
    );
    assert!(!sb.out().exists());
}

#[test]
fn sigterm_at_a_prompt_says_what_was_stopped() {
    let sb = Sandbox::new();
    let mut s = asking(&sb, YES_NO, "{{ gpu }}\n", &[]);
    s.wait_for("Use a GPU?");
    s.settle();
    s.session
        .get_process_mut()
        .kill(expectrl::process::unix::Signal::SIGTERM)
        .unwrap();
    let (code, screen) = s.finish();
    assert_eq!(code, Some(130), "{screen}");
    assert_eq!(
        screen,
        "Use a GPU? [y/N]:\nerror: `jig new` was interrupted; nothing was written"
    );
    assert!(!sb.out().exists());
}

/// ds-project's author question offers `defaults.author` from the config as its default
/// (config defaults are defaults: they never answer a question unasked), and says so.
#[test]
fn ds_project_offers_the_configured_author_as_the_default() {
    let sb = Sandbox::new();
    sb.write_config("defaults:\n  author: Jane Doe\n");
    let mut s = Screen::new(&sb, &["new", "ds-project", "-o", "out", "--no-git"]);
    for _ in 0..2 {
        s.settle();
        s.send("\r");
    }
    let screen = s.wait_for("Author [Jane Doe]");
    assert!(
        screen.ends_with(
            "`defaults.author` in jig's config file (~/.config/jig/config.yaml) becomes this default.\nAuthor [Jane Doe]:"
        ),
        "{screen}"
    );
    for _ in 0..4 {
        s.settle();
        s.send("\r");
    }
    let (code, screen) = s.finish();
    assert_eq!(code, Some(0), "{screen}");
    let answers = read(&sb.out().join("customer-segmentation/.jig/ds-project.yaml"));
    assert!(answers.contains("author: Jane Doe\n"), "{answers}");
}
