//! Fuzz entry points: the parsers and path checks a hostile blueprint author controls.
//!
//! Each function takes arbitrary bytes and asserts its invariant (panics are the findings).
//! `fuzz/fuzz_targets/` calls them under libFuzzer (nightly, `cargo fuzz run NAME`); the test
//! suite calls them on stable over the seed corpus in `fuzz/corpus/` and generated inputs, so
//! the targets keep compiling and their invariants keep holding. Not part of jig's API.

use std::collections::HashMap;
use std::path::Path;

/// `blueprint.yaml`: validation returns a manifest or diagnostics, never panics; every
/// diagnostic has a position inside the text.
pub fn manifest(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(diagnostics) =
        crate::blueprint::validate::parse_manifest(text, Path::new("/nonexistent/blueprint"))
    {
        let lines = text.lines().count().max(1) + 1;
        for d in diagnostics {
            assert!(d.location.line <= lines, "diagnostic past the end: {d:?}");
        }
    }
}

/// `cookiecutter.json`: loading it and resolving its context without input (every default
/// rendered in order, as `jig new --defaults` does) returns a context or an error.
pub fn cookiecutter_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(template) = crate::cookiecutter::Template::parse(cookiecutter_dir(), text) else {
        return;
    };
    let env = template.environment();
    let inputs = crate::cookiecutter::context::Inputs {
        defaults: Default::default(),
        extra: Default::default(),
        asker: None,
    };
    let injected = [
        ("_template", serde_json::Value::Null),
        ("_output_dir", serde_json::Value::Null),
        ("_repo_dir", serde_json::Value::Null),
        ("_checkout", serde_json::Value::Null),
    ];
    let _ = crate::cookiecutter::context::build(&template, &env, inputs, injected);
}

/// A template folder with a project directory, made once per process.
fn cookiecutter_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<crate::scratch::Scratch> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = crate::scratch::Scratch::new("jig-fuzz-cc-").expect("a scratch directory");
        std::fs::create_dir(dir.path().join("{{cookiecutter.project_slug}}")).expect("scratch");
        dir
    })
    .path()
}

/// An answers file (`.jig/<blueprint>.yaml`): what parses writes back to the same record.
pub fn answers_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = crate::yaml::from_str::<crate::answers::AnswersFile>(text) else {
        return;
    };
    let written = record.to_yaml().expect("a parsed record serialises");
    let again: crate::answers::AnswersFile =
        crate::yaml::from_str(&written).expect("what jig writes, jig reads");
    assert_eq!(
        again.to_yaml().expect("serialises"),
        written,
        "the record changed on a round trip"
    );
}

/// Every YAML reader jig has, on one text: `yaml::from_str` (data, config, fleet and jig
/// answers files), the manifest reader, Copier's answers reader, and Copier's config loader
/// with its `!include`s. None panics, and what any returns stays within jig's bound: the nodes
/// the text writes (at most a few a byte) plus `yaml::MAX_ALIAS_NODES`.
///
/// Input: `copier.yml`, then further files, each after a line `#== NAME` (a YAML comment, so
/// the whole input is one YAML text for the other readers).
pub fn yaml_readers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let bound = |nodes: u64, what: &str| {
        let limit = crate::yaml::MAX_ALIAS_NODES + 4 * text.len() as u64 + 4;
        assert!(
            nodes <= limit,
            "{what}: {nodes} nodes from {} bytes",
            text.len()
        );
    };
    if let Ok(value) = crate::yaml::from_str::<serde_json::Value>(text) {
        bound(json_nodes(&value), "yaml::from_str");
    }
    let _ = crate::yaml::from_str::<crate::settings::config::Config>(text);
    let _ = crate::yaml::from_str::<crate::fleet::file::FleetFile>(text);
    let _ = crate::yaml::from_str::<crate::answers::AnswersFile>(text);
    let _ = crate::blueprint::validate::parse_manifest(text, Path::new("/nonexistent/blueprint"));
    if let Ok(docs) = crate::copier::pyyaml::documents(text) {
        let nodes = docs.iter().map(|doc| match doc {
            crate::copier::pyyaml::Document::Value(v) => json_nodes(v),
            crate::copier::pyyaml::Document::Include(_) => 1,
        });
        bound(nodes.sum(), "pyyaml::documents");
    }
    let _ = crate::copier::answers::read(text, Path::new(".copier-answers.yml"), Path::new("."));
    let Ok(dir) = crate::scratch::Scratch::new("jig-fuzz-yaml-") else {
        return;
    };
    let mut sections = text.split("\n#== ");
    let config = sections.next().unwrap_or_default();
    let _ = std::fs::write(dir.path().join("copier.yml"), config);
    for section in sections.take(8) {
        let (name, body) = section.split_once('\n').unwrap_or((section, ""));
        let safe = !name.is_empty()
            && name.len() < 64
            && !name.starts_with('/')
            && name.split('/').all(|c| !matches!(c, "" | "." | ".."))
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-/*".contains(c));
        if safe {
            let path = dir.path().join(name);
            let _ = path.parent().map(std::fs::create_dir_all);
            let _ = std::fs::write(path, body);
        }
    }
    if let Ok(config) = crate::copier::config::Config::load(&dir.path().join("copier.yml")) {
        let settings: u64 = config.settings.values().map(json_nodes).sum();
        let questions: u64 = config
            .questions
            .values()
            .flat_map(|q| q.values())
            .map(json_nodes)
            .sum();
        // Includes read files more than once: the repeats count against the same bound.
        bound(settings + questions, "copier config");
    }
}

/// The nodes of a JSON value (a scalar, a list or a map is one).
fn json_nodes(value: &serde_json::Value) -> u64 {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => {
                count += map.len() as u64;
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    count
}

/// A template path and a set of links: a path accepted as safe never climbs out, is never
/// absolute and has no empty, `.` or `..` component; a link accepted never resolves outside
/// (checked against an independent resolver that walks a virtual filesystem).
///
/// Input: lines; the first is a path, each further `LINK -> TARGET` line a link.
pub fn render_path(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let path = lines.next().unwrap_or_default();
    if let Ok(safe) = crate::render::paths::check_relative(path) {
        assert!(!safe.starts_with('/'), "absolute: {safe}");
        for part in safe.split('/') {
            assert!(!matches!(part, "" | "." | ".."), "`{part}` in {safe}");
        }
    }
    let links: HashMap<&str, &str> = lines
        .filter_map(|l| l.split_once(" -> "))
        .filter(|(link, _)| crate::render::paths::check_relative(link).as_deref() == Ok(*link))
        .collect();
    for (link, target) in &links {
        if crate::render::paths::resolve_link(link, target, &links).is_ok() {
            assert!(
                virtual_inside(link, &links),
                "accepted `{link} -> {target}`, which resolves outside in {links:?}"
            );
        }
    }
}

/// Resolves the link `link` in a virtual filesystem where the project is `/p` and the links
/// are the only entries; true when it ends below `/p` (or does not end: a loop goes nowhere).
fn virtual_inside(link: &str, links: &HashMap<&str, &str>) -> bool {
    let mut path: Vec<String> = vec!["p".into()];
    let mut pending: Vec<String> = link.split('/').rev().map(str::to_string).collect();
    for _ in 0..10_000 {
        let Some(part) = pending.pop() else {
            return path.first().is_some_and(|p| p == "p");
        };
        match part.as_str() {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            name => {
                path.push(name.to_string());
                let inside = path.first().is_some_and(|p| p == "p") && path.len() > 1;
                let rel = path[1..].join("/");
                if let (true, Some(target)) = (inside, links.get(rel.as_str())) {
                    path.pop();
                    if target.starts_with('/') {
                        path.clear();
                    }
                    pending.extend(target.split('/').rev().map(str::to_string));
                }
            }
        }
    }
    true
}
