//! The interactive flow through a real pseudo-terminal: text input re-asked after an invalid
//! answer, a select menu driven with arrow keys, yes/no, checkboxes and a hidden secret
//! (`prompts.rs` reads the screen itself).

use crate::common::*;
use expectrl::Expect;
use pretty_assertions::assert_eq;

const DOWN: &str = "\x1b[B";

/// `jig new` in a terminal on a blueprint asking `questions` (manifest lines) and rendering
/// `out_txt` into `out.txt`, for the project `out/tty`, with `extra` flags.
fn new_in_terminal(
    sb: &Sandbox,
    questions: &str,
    out_txt: &str,
    extra: &[&str],
) -> expectrl::session::OsSession {
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
    sb.pty_jig(&args)
}

#[test]
fn interactive_prompts_in_a_real_terminal() {
    let sb = Sandbox::new();
    let questions = r#"  name:
    prompt: Project name
    help: Shown under the prompt.
    default: Demo
    validate:
      regex: '^[A-Z]'
      message: must start with a capital letter
  region:
    type: choice
    prompt: Region
    choices:
      - value: us-east-1
        label: N. Virginia
      - value: eu-west-1
        label: Ireland
      - value: ap-south-1
        label: Mumbai
  gpu:
    type: boolean
    prompt: Use a GPU?
    default: false
  checks:
    type: multiselect
    prompt: Checks
    choices: [lint, test, docs]
  count:
    type: integer
    prompt: Instances
    default: 1
  token:
    type: secret
    prompt: API token
"#;
    let mut s = new_in_terminal(
        &sb,
        questions,
        "{{ name }}|{{ region }}|{{ gpu }}|{{ checks | join(',') }}|{{ count }}|{{ token | length }}\n",
        &[],
    );

    s.expect("Shown under the prompt.").unwrap();
    s.expect("Project name").unwrap();
    s.send_line("lower case").unwrap();
    s.expect("must start with a capital letter").unwrap();
    s.expect("Project name").unwrap();
    s.send_line("Churn").unwrap();

    s.expect("Ireland").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();

    s.expect("Use a GPU?").unwrap();
    s.send("y\r").unwrap();

    s.expect("docs").unwrap();
    s.send(" ").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send(" ").unwrap();
    s.send("\r").unwrap();

    s.expect("Instances").unwrap();
    s.send_line("many").unwrap();
    s.expect("is not an integer: `many`").unwrap();
    s.send_line("3").unwrap();

    s.expect("API token").unwrap();
    // The prompt is drawn before the terminal is switched to no-echo, and that switch flushes
    // what was typed meanwhile (TCSAFLUSH): a person sees the prompt, then types. Under load a
    // test typing at once can lose its line.
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send_line("hunter2").unwrap();
    s.expect("Created").unwrap();
    s.expect(expectrl::Eof).unwrap();

    assert_eq!(
        read(&sb.out().join("tty/out.txt")),
        "Churn|ap-south-1|True|lint,docs|3|7\n"
    );
    let answers = read(&sb.out().join("tty/.jig/fixture.yaml"));
    assert!(!answers.contains("hunter2"));
    assert!(answers.contains("region: ap-south-1\n"));
}

/// Every phase that can take a while shows progress in a terminal: rendering, then the commit.
#[test]
fn a_large_project_shows_rendering_and_commit_progress() {
    let sb = Sandbox::new();
    let mut files = vec![("blueprint.yaml".to_string(), manifest(""))];
    for i in 0..400 {
        files.push((
            format!("template/src/f{i}.txt"),
            format!("{i} {{{{ project_slug }}}}\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let bp = sb.blueprint("large", &files);
    let started = std::time::Instant::now();
    let mut s = sb.pty_jig(&["new", bp.to_str().unwrap(), "--defaults", "-o", "out"]);
    s.expect("Rendering").unwrap();
    // The commit writes blobs hashed while rendering, so it often ends before the spinner's
    // first frame is drawn: its progress is owed only when the commit takes a while.
    let rest = s.expect("Committed").unwrap();
    let rest = String::from_utf8_lossy(rest.before()).to_string();
    s.expect(expectrl::Eof).unwrap();
    if started.elapsed() > std::time::Duration::from_secs(1) {
        assert!(
            rest.contains("Committing") && rest.contains("400 files"),
            "{rest}"
        );
    }
    assert!(sb.out().join("demo/.git").exists());
}

/// With colours on, the checkbox list shows where the cursor is (not only by colour).
#[test]
fn the_checkbox_list_shows_its_cursor_with_colours_on() {
    let sb = Sandbox::new();
    let questions =
        "  checks:\n    type: multiselect\n    prompt: Checks\n    choices: [lint, test, docs]\n";
    let mut s = new_in_terminal(
        &sb,
        questions,
        "{{ checks | join(',') }}\n",
        &["--color", "always"],
    );
    // `❯`, then the checkbox, then the item, with any colour codes between them.
    let row = |item: &str| {
        expectrl::Regex(format!(
            "❯(\x1b\\[[0-9;]*m)* (\x1b\\[[0-9;]*m)*⬚(\x1b\\[[0-9;]*m)* (\x1b\\[[0-9;]*m)*{item}"
        ))
    };
    s.expect(row("lint")).unwrap();
    s.send(DOWN).unwrap();
    s.expect(row("test")).unwrap();
    s.send(" ").unwrap();
    s.send("\r").unwrap();
    s.expect("Created").unwrap();
    s.expect(expectrl::Eof).unwrap();
    assert_eq!(read(&sb.out().join("tty/out.txt")), "test\n");
}

/// A Copier template's questions in a real terminal: its help as the prompt's help, a choice
/// menu of `label: value` pairs (a disabled one left out), yes/no, a multiselect, an integer
/// re-asked after text, a validator's message, and a hidden secret (never recorded).
#[test]
fn a_copier_questionnaire_in_a_real_terminal() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    write(
        &tpl.join("copier.yml"),
        br#"name:
  type: str
  help: The project's name
  validator: "{% if name[:1] != name[:1].upper() %}must start with a capital letter{% endif %}"
region:
  type: str
  choices:
    N. Virginia: us-east-1
    Closed region:
      value: cn-north-1
      validator: not for this account
    Ireland: eu-west-1
  default: us-east-1
gpu:
  type: bool
  default: false
checks:
  type: str
  multiselect: true
  choices: [lint, test, docs]
count:
  type: int
  default: 1
token:
  type: str
  secret: true
  default: none
"#,
    );
    write(
        &tpl.join("out.txt.jinja"),
        b"{{ name }}|{{ region }}|{{ gpu }}|{{ checks | join(',') }}|{{ count }}|{{ token | length }}\n",
    );
    write(
        &tpl.join("{{ _copier_conf.answers_file }}.jinja"),
        b"{{ _copier_answers|to_nice_yaml -}}\n",
    );
    let mut s = sb.pty_jig(&["new", "./tpl", "proj", "--no-git"]);
    s.expect("The project's name").unwrap();
    s.send_line("lower").unwrap();
    s.expect("must start with a capital letter").unwrap();
    s.send_line("Churn").unwrap();

    let menu = s.expect("Ireland").unwrap();
    assert!(
        !String::from_utf8_lossy(menu.before()).contains("Closed region"),
        "a disabled choice is not offered"
    );
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();

    s.expect("gpu").unwrap();
    s.send("y\r").unwrap();

    s.expect("docs").unwrap();
    s.send(" ").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send(" ").unwrap();
    s.send("\r").unwrap();

    s.expect("count (int)").unwrap();
    s.send_line("many").unwrap();
    s.expect("is not a valid int").unwrap();
    s.send_line("3").unwrap();

    s.expect("token").unwrap();
    s.send_line("hunter2").unwrap();
    s.expect("Created").unwrap();
    s.expect(expectrl::Eof).unwrap();

    assert_eq!(
        read(&sb.path().join("proj/out.txt")),
        "Churn|eu-west-1|True|lint,docs|3|7\n"
    );
    let answers = read(&sb.path().join("proj/.copier-answers.yml"));
    assert_eq!(
        answers,
        "_src_path: ./tpl\nchecks:\n- lint\n- docs\ncount: 3\ngpu: true\nname: Churn\nregion: eu-west-1\n"
    );
}

/// `jig update` to a version that asks a new question: the prompt is the last thing on the
/// screen while jig waits. The "Rendering" spinner is cleared before it and does not redraw
/// (no spinner frame, no "Rendering") until the question is answered.
#[test]
fn update_asks_a_new_question_with_no_spinner_drawn_over_it() {
    use crate::lifecycle::*;
    let sb = Sandbox::new();
    let bp = BlueprintRepo::new(&sb, "svc");
    bp.release("1.0.0", "", "", &[("OWNERS", b"nobody\n")]);
    let project = make_project(&sb, &bp.at("^1"), &[]);
    let questions = "  team:\n    prompt: Owning team\n    default: ml\n";
    bp.release("1.1.0", questions, "", &[("OWNERS", b"{{ team }}\n")]);

    let mut s = sb.pty_jig(&["update", project.to_str().unwrap()]);
    s.expect("Owning team").unwrap();
    // A spinner ticks every 100 ms: in 1.5 s of waiting, none may be drawn.
    s.set_expect_timeout(Some(std::time::Duration::from_millis(1500)));
    let frame = expectrl::Regex("[\u{2800}-\u{28ff}]|Rendering|Resolving");
    match s.expect(frame) {
        Err(expectrl::Error::ExpectTimeout) => {}
        Ok(found) => panic!(
            "a spinner was drawn over the prompt: {:?}",
            String::from_utf8_lossy(found.as_bytes())
        ),
        Err(e) => panic!("{e}"),
    }
    s.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    s.send_line("fraud").unwrap();
    s.expect("Updated").unwrap();
    s.expect(expectrl::Eof).unwrap();
    assert_eq!(read(&project.join("OWNERS")), "fraud\n");
    assert_eq!(
        answers(&project, "svc")["answers"]["team"].as_str(),
        Some("fraud")
    );
}
