//! YAML that asks for more than it holds: a "billion laughs" (aliases of aliases), a wide
//! bomb (one big anchor aliased thousands of times, past serde_yaml's own repetition limit),
//! collections nested past any stack, and Copier `!include` loops. Every YAML reader jig has
//! meets them under a 2 GB address-space limit and must refuse them in seconds, by name.

use super::*;
use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

/// Nine levels of nine aliases: 9^9 scalars from 340 bytes.
fn laughs() -> String {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let items = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    text
}

/// One anchor of 10 000 scalars aliased 10 000 times: 10^8 nodes from 50 KB, within the
/// 100-jumps-per-event allowance serde_yaml_ng gives aliases.
fn wide_bomb() -> String {
    let items = vec!["x"; 10_000].join(",");
    let aliases = vec!["*a"; 10_000].join(",");
    format!("a: &a [{items}]\nb: [{aliases}]\n")
}

/// The message for the wide bomb: its 100th alias (10 001 nodes each) crosses the limit.
const WIDE: &str = "line 2 column 302: the alias `*a` makes aliases expand to more than 1000000 nodes, jig's limit (a YAML bomb?)";

/// The message for `laughs()`: the first alias of `f` (597 871 nodes) crosses the limit.
const LAUGHS: &str = "line 7 column 8: the alias `*f` makes aliases expand to more than 1000000 nodes, jig's limit (a YAML bomb?)";

struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// `jig ARGS` in `dir` (relative to the sandbox) with at most 2 GB of address space.
fn limited(sb: &Sandbox, dir: &str, args: &[&str]) -> Run {
    let base = sb.jig_std();
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "ulimit -v 2000000; exec \"$@\"", "sh"])
        .arg(base.get_program())
        .args(args)
        .current_dir(sb.path().join(dir))
        .env_clear();
    for (key, value) in base.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    let start = Instant::now();
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        signal: out.status.signal(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    }
}

fn assert_refused(run: &Run, code: i32, stderr: &str) {
    assert_eq!(run.signal, None, "killed: {}", run.stderr);
    assert_eq!(run.code, Some(code), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, stderr);
    assert!(run.took < Duration::from_secs(10), "took {:?}", run.took);
}

fn copier_template(sb: &Sandbox, config: &str) -> std::path::PathBuf {
    let dir = sb.path().join("tpl");
    write(&dir.join("copier.yml"), config.as_bytes());
    write(
        &dir.join("{{ _copier_conf.answers_file }}.jinja"),
        b"{{ _copier_answers|to_nice_yaml -}}\n",
    );
    write(&dir.join("README.md.jinja"), b"{{ name }}\n");
    dir
}

#[test]
fn a_billion_laughs_in_copier_yml_is_refused_by_name() {
    let sb = Sandbox::new();
    let tpl = copier_template(&sb, &format!("name: demo\n{}", laughs()));
    let run = limited(&sb, "", &["new", "./tpl", "proj", "--defaults"]);
    assert_refused(&run, 3, &format!("error: {} is not a valid Copier configuration: {}\n  nothing was written\nhint: the template's author can fix it; `jig show SOURCE` shows how jig reads its copier.yml\n", tpl.join("copier.yml").display(), LAUGHS.replace("line 7", "line 8")));
    assert!(!sb.path().join("proj").exists());
}

#[test]
fn a_billion_laughs_in_copier_answers_is_refused_by_check_and_update() {
    let sb = Sandbox::new();
    copier_template(&sb, "name:\n  default: demo\n");
    let made = limited(&sb, "", &["new", "./tpl", "proj", "--defaults"]);
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let answers = sb.path().join("proj/.copier-answers.yml");
    assert_eq!(read(&answers), "_src_path: ./tpl\nname: demo\n");
    write(
        &answers,
        format!("_src_path: ./tpl\n{}", laughs()).as_bytes(),
    );
    let expected = format!(
        "error: cannot read the answers file {}: {}\nhint: the answers file is written by the tool that made the project; restore it from git (`git checkout -- .copier-answers.yml`)\n",
        answers.display(),
        LAUGHS.replace("line 7", "line 8")
    );
    let run = limited(&sb, "proj", &["check"]);
    assert_refused(&run, 2, &expected);
    let run = limited(&sb, "proj", &["update", "--defaults"]);
    assert_refused(&run, 2, &expected);
}

#[test]
fn a_wide_bomb_in_a_data_file_a_fleet_file_or_the_config_is_refused_by_name() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "fixture",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/README.md", "hi\n"),
        ],
    );
    write(&sb.path().join("bomb.yaml"), wide_bomb().as_bytes());
    let bp = bp.display().to_string();
    let run = limited(
        &sb,
        "",
        &[
            "new",
            &bp,
            "--defaults",
            "-o",
            "out",
            "--data-file",
            "bomb.yaml",
        ],
    );
    assert_refused(
        &run,
        2,
        &format!("error: cannot read --data-file bomb.yaml: {WIDE}\n"),
    );
    write(&sb.path().join("laughs.yaml"), laughs().as_bytes());
    let run = limited(
        &sb,
        "",
        &[
            "new",
            &bp,
            "--defaults",
            "-o",
            "out",
            "--data-file",
            "laughs.yaml",
        ],
    );
    assert_refused(
        &run,
        2,
        &format!("error: cannot read --data-file laughs.yaml: {LAUGHS}\n"),
    );

    let run = limited(&sb, "", &["fleet", "status", "bomb.yaml"]);
    assert_refused(&run, 2, &format!("error: the fleet file bomb.yaml is not valid: {WIDE}\nhint: a fleet file has `repositories:`, a list of git URLs or paths; `jig schema fleet -o fleet.schema.json` gives editors its schema\n"));

    sb.write_config(&wide_bomb());
    let config = sb.path().join("config/jig/config.yaml");
    let run = limited(&sb, "", &["new", &bp, "--defaults", "-o", "out"]);
    assert_refused(
        &run,
        2,
        &format!(
            "error: invalid config file {}: {WIDE}\nhint: fix the file (its keys are in the README, Configuration), or set JIG_CONFIG to another one\n",
            config.display()
        ),
    );
    assert!(!sb.out().exists());
}

#[test]
fn aliases_and_deep_nesting_in_a_blueprint_manifest_are_refused_by_name() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "fixture",
        &[
            ("blueprint.yaml", &format!("{}{}", manifest(""), laughs())),
            ("template/README.md", "hi\n"),
        ],
    );
    let path = bp.display().to_string();
    let run = limited(&sb, "", &["new", &path, "--defaults", "-o", "out"]);
    // The bound speaks before marked_yaml refuses anchors: `laughs()` starts on line 8.
    let at = LAUGHS.strip_prefix("line 7 column 8: ").unwrap();
    assert_refused(&run, 3, &format!("error: {path}/blueprint.yaml has 1 problem\n  {path}/blueprint.yaml:14:8: {at}\nhint: docs/blueprint.md describes every manifest key\n"));
    // `- - - ... x`: two bytes a level, 200 000 levels deep.
    let deep = format!("{}extra:\n  {}x\n", manifest(""), "- ".repeat(200_000));
    write(&bp.join("blueprint.yaml"), deep.as_bytes());
    let run = limited(&sb, "", &["new", &path, "--defaults", "-o", "out"]);
    // The 128th `- ` opens level 129 (the top mapping is level 1) at column 3 + 127 * 2.
    assert_refused(&run, 3, &format!("error: {path}/blueprint.yaml has 1 problem\n  {path}/blueprint.yaml:9:257: collections nest deeper than 128 levels, jig's limit\nhint: docs/blueprint.md describes every manifest key\n"));
    assert!(!sb.out().exists());
}

#[test]
fn deep_nesting_in_copier_yml_and_a_data_file_is_refused_without_a_crash() {
    let sb = Sandbox::new();
    let deep = format!("name:\n  {}x\n", "- ".repeat(200_000));
    let tpl = copier_template(&sb, &deep);
    let run = limited(&sb, "", &["new", "./tpl", "proj", "--defaults"]);
    assert_refused(&run, 3, &format!("error: {} is not a valid Copier configuration: line 2 column 257: collections nest deeper than 128 levels, jig's limit\n  nothing was written\nhint: the template's author can fix it; `jig show SOURCE` shows how jig reads its copier.yml\n", tpl.join("copier.yml").display()));
    let bp = sb.blueprint(
        "fixture",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/README.md", "hi\n"),
        ],
    );
    write(&sb.path().join("deep.yaml"), deep.as_bytes());
    let bp = bp.display().to_string();
    let run = limited(
        &sb,
        "",
        &[
            "new",
            &bp,
            "--defaults",
            "-o",
            "out",
            "--data-file",
            "deep.yaml",
        ],
    );
    assert_refused(
        &run,
        2,
        "error: cannot read --data-file deep.yaml: line 2 column 257: collections nest deeper than 128 levels, jig's limit\n",
    );
}

const INCLUDE_HINT: &str = "hint: a file may not include itself, directly or through the files it includes; jig follows includes 32 files deep and reads at most 1000\n";

#[test]
fn copier_include_loops_are_errors_naming_the_chain() {
    let sb = Sandbox::new();
    let tpl = copier_template(&sb, "!include copier.yml\n");
    let refused = |chain: &str| {
        format!(
            "error: `!include` loops in {}: {chain}\n  nothing was written\n{INCLUDE_HINT}",
            tpl.display()
        )
    };
    let run = limited(&sb, "", &["new", "./tpl", "p1", "--defaults"]);
    assert_refused(&run, 3, &refused("copier.yml -> copier.yml"));

    write(
        &tpl.join("copier.yml"),
        b"!include a.yml\n---\nname: demo\n",
    );
    write(&tpl.join("a.yml"), b"!include b.yml\n");
    write(
        &tpl.join("b.yml"),
        b"---\nother: 1\n---\n!include ./a.yml\n",
    );
    let run = limited(&sb, "", &["new", "./tpl", "p2", "--defaults"]);
    assert_refused(&run, 3, &refused("copier.yml -> a.yml -> b.yml -> a.yml"));

    // Copier recurses until Python gives up when a glob matches the file it is in.
    std::fs::remove_file(tpl.join("a.yml")).unwrap();
    std::fs::remove_file(tpl.join("b.yml")).unwrap();
    write(
        &tpl.join("copier.yml"),
        b"---\n!include '*.yml'\n---\nname: demo\n",
    );
    write(&tpl.join("common.yml"), b"other: 1\n");
    let run = limited(&sb, "", &["new", "./tpl", "p3", "--defaults"]);
    assert_refused(&run, 3, &refused("copier.yml -> copier.yml"));

    // A file included twice along different paths is no loop.
    write(
        &tpl.join("copier.yml"),
        b"!include common.yml\n---\n!include again.yml\n---\nname: demo\n",
    );
    write(&tpl.join("again.yml"), b"!include common.yml\n");
    let run = limited(&sb, "", &["new", "./tpl", "p4", "--defaults"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!sb.path().join("p1").exists());
}

#[test]
fn copier_includes_nested_past_32_files_are_refused() {
    let sb = Sandbox::new();
    let tpl = copier_template(&sb, "!include d1.yml\n---\nname: demo\n");
    for i in 1..40 {
        write(
            &tpl.join(format!("d{i}.yml")),
            format!("!include d{}.yml\n", i + 1).as_bytes(),
        );
    }
    write(&tpl.join("d40.yml"), b"other: 1\n");
    let chain: Vec<String> = std::iter::once("copier.yml".to_string())
        .chain((1..=32).map(|i| format!("d{i}.yml")))
        .collect();
    let run = limited(&sb, "", &["new", "./tpl", "proj", "--defaults"]);
    assert_refused(
        &run,
        3,
        &format!(
            "error: `!include` nests more than 32 files deep in {}: {}\n  nothing was written\n{INCLUDE_HINT}",
            tpl.display(),
            chain.join(" -> ")
        ),
    );
    // 31 includes deep is fine.
    write(&tpl.join("d31.yml"), b"other: 1\n");
    let run = limited(&sb, "", &["new", "./tpl", "proj", "--defaults"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}
