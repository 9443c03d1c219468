//! The render budget against runaway templates: endless loops, output bombs, defaults that
//! expand each other, huge files, and `cookiecutter.json` files with tens of thousands of
//! templated keys. Each must stop (or finish) quickly with an error naming the file and the
//! limit, leaving nothing behind.

use crate::common::*;
use std::time::{Duration, Instant};

fn timed_new(
    sb: &Sandbox,
    source: &std::path::Path,
    extra: &[&str],
) -> (Option<i32>, String, Duration) {
    timed_new_in(sb, source, "out", extra)
}

fn timed_new_in(
    sb: &Sandbox,
    source: &std::path::Path,
    dir: &str,
    extra: &[&str],
) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let out = sb.new_project_in(source, dir, extra);
    (out.status.code(), stderr(&out), start.elapsed())
}

#[test]
fn an_endless_loop_is_stopped_by_the_step_limit() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "loop",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/ok.txt", "{{ project_slug }}\n"),
            ("template/loop.txt", "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}\n"),
        ],
    );
    let (code, err, took) = timed_new(&sb, &bp, &["--max-render-steps", "200000"]);
    assert_eq!(code, Some(1));
    assert_eq!(err, "error: cannot render loop.txt:1: takes more than 200000 template steps, so it was stopped (a loop that never ends? raise the limit with --max-render-steps)\n  nothing was written\n");
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert!(!sb.out().exists());
    // The same limit from the environment; the default lets real templates through.
    let out = sb
        .jig()
        .env("JIG_MAX_RENDER_STEPS", "300")
        .args(["new"])
        .arg(&bp)
        .args(["--defaults", "-o", "out"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("takes more than 300 template steps"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_bombs_stop_at_the_size_limit_with_pretend_too() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "bomb",
        &[
            ("blueprint.yaml", &manifest("")),
            (
                "template/bomb.txt",
                "{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}",
            ),
        ],
    );
    for extra in [&[][..], &["--pretend"][..]] {
        let (code, err, took) = timed_new(&sb, &bp, extra);
        assert_eq!(code, Some(1), "{extra:?}");
        assert_eq!(err, "error: cannot render bomb.txt: renders more than 64 MiB (raise the limit with --max-file-size)\n  nothing was written\n");
        assert!(took < Duration::from_secs(20), "took {took:?}");
    }
    let (code, err, _) = timed_new(&sb, &bp, &["--max-file-size", "1M"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("renders more than 1 MiB"), "{err}");
    assert!(!sb.out().exists());
}

#[test]
fn defaults_that_expand_each_other_stop_at_the_size_limit() {
    let sb = Sandbox::new();
    let mut questions = String::from("  q0:\n    default: xxxxxxxxxx\n");
    for i in 1..12 {
        questions.push_str(&format!(
            "  q{i}:\n    default: \"{}\"\n",
            format!("{{{{ q{} }}}}", i - 1).repeat(10)
        ));
    }
    let bp = sb.blueprint(
        "expand",
        &[
            ("blueprint.yaml", &manifest(&questions)),
            ("template/f.txt", "{{ q11 }}\n"),
        ],
    );
    let (code, err, took) = timed_new(&sb, &bp, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(err.lines().nth(1), Some("  q7: default: invalid operation: renders more than 64 MiB (raise the limit with --max-file-size)"), "{err}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn large_text_files_are_refused_and_large_binaries_streamed() {
    let sb = Sandbox::new();
    let bp = sb.blueprint("big", &[("blueprint.yaml", &manifest(""))]);
    let mut binary = vec![0u8; 3 * 1024 * 1024];
    for (i, b) in binary.iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    write(&bp.join("template/model.bin"), &binary);
    let (code, err, _) = timed_new(&sb, &bp, &["--max-file-size", "1M"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::read(sb.out().join("demo/model.bin")).unwrap(),
        binary
    );
    write(
        &bp.join("template/data.csv"),
        "a,b\n".repeat(400_000).as_bytes(),
    );
    let (code, err, _) = timed_new_in(&sb, &bp, "out2", &["--max-file-size", "1M"]);
    assert_eq!(code, Some(1));
    let csv = bp.join("template/data.csv");
    assert_eq!(err, format!("error: {} is 1.5 MiB, over the 1 MiB limit for template text files\n  nothing was left behind\nhint: add it to `files.copy` (`_copy_without_render` in Cookiecutter) to copy it unrendered, or raise the limit with --max-file-size\n", csv.display()));
    // The hint works: a copy rule streams it.
    write(
        &bp.join("blueprint.yaml"),
        manifest("files:\n  copy: [\"*.csv\"]\n").as_bytes(),
    );
    let (code, err, _) = timed_new_in(&sb, &bp, "out3", &["--max-file-size", "1M"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::metadata(sb.path().join("out3/demo/data.csv"))
            .unwrap()
            .len(),
        1_600_000
    );
}

#[test]
fn limits_come_from_the_config_file_and_bad_values_are_named() {
    let sb = Sandbox::new();
    let bp = sb.blueprint(
        "cfg",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/f.txt", "{{ 'y' * 5000 }}\n"),
        ],
    );
    sb.write_config("limits:\n  file_size: 4K\n");
    let (code, err, _) = timed_new(&sb, &bp, &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("renders more than 4 KiB"), "{err}");
    let (code, err, _) = timed_new(&sb, &bp, &["--max-file-size", "8K"]);
    assert_eq!(code, Some(0), "flags win over the config: {err}");
    let out = sb
        .jig()
        .env("JIG_MAX_FILE_SIZE", "lots")
        .args(["new"])
        .arg(&bp)
        .args(["--defaults", "-o", "o2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: invalid render limit in JIG_MAX_FILE_SIZE: `lots` is not a size (say 64M or 2G)\n"
    );
    let out = sb
        .jig()
        .args(["new", "--max-file-size", "3T"])
        .arg(&bp)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown size unit `T` (use K, M or G)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn twenty_thousand_templated_cookiecutter_keys_resolve_in_linear_time() {
    let sb = Sandbox::new();
    let cc = sb.path().join("cc");
    let mut keys = serde_json::Map::new();
    keys.insert("k0".into(), "proj".into());
    for i in 1..=20_000 {
        keys.insert(
            format!("k{i}"),
            format!("{{{{ cookiecutter.k{} }}}}-{i}", i / 2).into(),
        );
    }
    write(
        &cc.join("cookiecutter.json"),
        serde_json::to_string(&keys).unwrap().as_bytes(),
    );
    write(
        &cc.join("{{cookiecutter.k0}}/last.txt"),
        b"{{ cookiecutter.k20000 }}\n",
    );
    let (code, err, took) = timed_new(&sb, &cc, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let expected = halving_chain(20_000);
    assert_eq!(
        read(&sb.out().join("proj/last.txt")),
        format!("{expected}\n")
    );
}

#[test]
fn twenty_thousand_templated_copier_questions_resolve_in_linear_time() {
    let sb = Sandbox::new();
    let tpl = sb.path().join("tpl");
    let mut config = String::from("k0: proj\n_secret_questions: [k3]\n");
    for i in 1..=20_000 {
        config.push_str(&format!("k{i}:\n  default: \"{{{{ k{} }}}}-{i}\"\n", i / 2));
    }
    write(&tpl.join("copier.yml"), config.as_bytes());
    write(
        &tpl.join("{{ k0 }}/last.txt.jinja"),
        b"{{ k20000 }} {{ _copier_answers | length }}\n",
    );
    let start = Instant::now();
    let out = sb
        .jig()
        .args(["new", "./tpl", "out", "--defaults"])
        .output()
        .unwrap();
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // About 2 s in a debug build; building the context per question took minutes.
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let expected = halving_chain(20_000);
    // Every answer but the secret one is recorded, with `_src_path`.
    assert_eq!(
        read(&sb.path().join("out/proj/last.txt")),
        format!("{expected} 20001\n")
    );
    // The run's step budget still covers every question (three steps each).
    let out = sb
        .jig()
        .args([
            "new",
            "./tpl",
            "out2",
            "--defaults",
            "--max-run-steps",
            "20000",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: question `k6667`: invalid operation: the run's templates take more than 20000 steps together, so it was stopped (raise the limit with --max-run-steps)\n  nothing was written\nhint: give another answer with --data NAME=VALUE (or in --data-file); `jig show SOURCE` lists the questions\n");
}

/// The defaults leave real templates a hundredfold headroom: the first-party blueprints and
/// the conformance suite's own templates render the same with 1% of the step budget.
#[test]
fn real_templates_fit_in_one_percent_of_the_default_budget() {
    let sb = Sandbox::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<String> = ["sagemaker-mlops", "ds-project", "python-lib"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for entry in std::fs::read_dir(root.join("tests/conformance/templates")).unwrap() {
        sources.push(entry.unwrap().path().display().to_string());
    }
    sources.sort();
    for (n, source) in sources.iter().enumerate() {
        let run = |percent: u64, dir: &str| {
            sb.jig()
                .env("JIG_MAX_RENDER_STEPS", (500_000 * percent).to_string())
                .env("JIG_MAX_RUN_STEPS", (10_000_000 * percent).to_string())
                .args([
                    "new",
                    source,
                    "--defaults",
                    "--no-hooks",
                    "--no-git",
                    "-o",
                    dir,
                ])
                .output()
                .unwrap()
        };
        let full = run(100, &format!("full-{n}"));
        let tight = run(1, &format!("tight-{n}"));
        assert_eq!(
            full.status.code(),
            tight.status.code(),
            "{source}: {}",
            stderr(&tight)
        );
        assert!(
            !stderr(&tight).contains("steps"),
            "{source}: {}",
            stderr(&tight)
        );
        if full.status.success() {
            assert_eq!(
                tree(&sb.path().join(format!("full-{n}"))),
                tree(&sb.path().join(format!("tight-{n}")))
            );
        }
    }
}

#[test]
fn the_whole_run_has_a_step_budget_too() {
    let sb = Sandbox::new();
    let busy = "{% for i in range(60000) %}{{ i }}{% endfor %}\n";
    let bp = sb.blueprint(
        "busy",
        &[
            ("blueprint.yaml", &manifest("")),
            ("template/one.txt", busy),
            ("template/two.txt", busy),
            ("template/three.txt", busy),
        ],
    );
    let (code, err, _) = timed_new(&sb, &bp, &["--max-run-steps", "500000"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("the run's templates take more than 500000 steps together, so it was stopped (raise the limit with --max-run-steps)"),
        "{err}"
    );
    assert!(!sb.out().exists());
    let (code, err, _) = timed_new(&sb, &bp, &[]);
    assert_eq!(code, Some(0), "{err}");
}

/// `proj-1-2-...-N`: what key N renders to when key i defaults to key i/2's value plus `-i`.
fn halving_chain(n: usize) -> String {
    let mut chain = vec![];
    let mut i = n;
    while i > 0 {
        chain.push(i);
        i /= 2;
    }
    let mut expected = String::from("proj");
    for i in chain.iter().rev() {
        expected.push_str(&format!("-{i}"));
    }
    expected
}

/// The render-limit flags belong to the commands that render templates or unpack archives,
/// under one heading, and to no other command.
#[test]
fn render_limit_flags_are_on_the_commands_that_render_only() {
    let sb = Sandbox::new();
    let help = |args: &[&str]| {
        let out = sb.jig().args(args).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let block = "\nRender limits:\n      --max-render-steps <N>\n          Template steps one file may take before it is stopped [default: 50000000]\n\n      --max-run-steps <N>\n          Template steps all files of one run may take together [default: 1000000000]\n\n      --max-file-size <SIZE>\n          Largest rendered file, and largest template text file rendered [default: 64M]\n\n      --max-output-size <SIZE>\n          All rendered files of one run together [default: 4G]\n\n      --max-archive-entries <N>\n          Entries one archive jig unpacks (a registry bundle, a seed-code zip) may hold [default:\n          100000]\n";
    let rendering: [&[&str]; 12] = [
        &["new"],
        &["show"],
        &["publish"],
        &["init"],
        &["lint"],
        &["test"],
        &["check"],
        &["diff"],
        &["update"],
        &["adopt"],
        &["fleet", "status"],
        &["fleet", "update"],
    ];
    for args in rendering {
        let text = help(args);
        assert!(text.ends_with(block), "{args:?}:\n{text}");
        assert_eq!(text.matches("--max-").count(), 5, "{args:?}:\n{text}");
    }
    let other: [&[&str]; 8] = [
        &[],
        &["list"],
        &["catalog"],
        &["catalog", "list"],
        &["schema"],
        &["fleet", "plan"],
        &["fleet", "report"],
        &["completions"],
    ];
    for args in other {
        let text = help(args);
        assert!(
            !text.contains("--max-") && !text.contains("Render limits"),
            "{args:?}:\n{text}"
        );
    }
    let out = sb
        .jig()
        .args(["list", "--max-render-steps", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: unexpected argument '--max-render-steps' found\n\nUsage: jig list [OPTIONS]\n\nFor more information, try '--help'.\n"
    );
    // The environment still sets the budget of every command, and is read once, up front.
    let out = sb
        .jig()
        .env("JIG_MAX_RENDER_STEPS", "many")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: invalid render limit in JIG_MAX_RENDER_STEPS: `many` is not a number\n"
    );
}

/// Completions offer the flags where they are and nowhere else.
#[test]
fn completions_offer_render_limits_on_rendering_commands() {
    let sb = Sandbox::new();
    let out = sb.jig().args(["completions", "fish"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let script = String::from_utf8(out.stdout).unwrap();
    let offering: Vec<&str> = script
        .lines()
        .filter(|l| l.contains("-l max-render-steps"))
        .collect();
    assert_eq!(offering.len(), 12, "{offering:#?}");
    for line in offering {
        assert!(
            !line.contains("__fish_jig_using_subcommand list")
                && !line.contains("__fish_jig_using_subcommand catalog")
                && !line.contains("__fish_jig_using_subcommand schema"),
            "{line}"
        );
    }
}
