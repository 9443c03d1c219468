//! The dump compared with PyYAML itself (the test venv's, the one Copier uses) on values
//! chosen for every branch of the scalar analysis and the writers.

use super::*;
use serde_json::json;

fn corpus() -> Vec<Json> {
    let long = "word ".repeat(30);
    let mut strings: Vec<Json> = [
        "plain",
        "",
        " leading",
        "trailing ",
        "two  spaces",
        "yes",
        "No",
        "on",
        "null",
        "~",
        "123",
        "0o17",
        "017",
        "0x1F",
        "1_000",
        "1.5",
        ".5",
        "1e3",
        "1.0e+3",
        "-.inf",
        ".NaN",
        "2024-01-31",
        "2024-1-2 3:04:05",
        "<<",
        "=",
        "a: b",
        "a:b",
        "- item",
        "-item",
        "#hash",
        "a #b",
        "a#b",
        "[x]",
        "x, y",
        "{x}",
        "?x",
        "? x",
        ":x",
        "'quoted'",
        "it's",
        "\"dq\"",
        "line\nbreak",
        "trailing\n",
        "\nleading",
        "a \nb",
        "a\n b",
        "tab\there",
        "bell\u{7}",
        "ümlaut",
        "emoji 🎉",
        "nbsp\u{a0}x",
        "bom\u{feff}",
        "nel\u{85}x",
        "ls\u{2028}x",
        "---",
        "--- x",
        "...",
        "back\\slash",
        "%pct",
        "@at",
        "`tick",
        "&amp",
        "*star",
        "!bang",
        "|pipe",
        ">gt",
    ]
    .iter()
    .map(|s| json!(s))
    .collect();
    strings.push(json!(long.clone()));
    strings.push(json!(long.trim_end()));
    strings.push(json!(format!("{}'{}", "x".repeat(70), " y".repeat(20))));
    strings.push(json!(format!(
        "{}\"{}",
        "é".repeat(70),
        " y\u{7}".repeat(20)
    )));
    strings.push(json!(format!("multi\n{}\nline", "z ".repeat(50))));
    let mut values = strings.clone();
    values.extend([
        json!(true),
        json!(false),
        json!(null),
        json!(0),
        json!(-17),
        json!(1.5),
        json!(1e17),
        json!(1e-7),
        json!(123456789.125),
        json!(0.0001),
        json!([]),
        json!({}),
        json!(["a", 1, true]),
        json!([["nested"], {"k": "v"}]),
        json!({"b": 1, "a": [1, 2], "c": {"d": [], "e": {}}, "f": [{"g": 1, "h": [2]}]}),
        json!({"_commit": "v1.0.0", "_src_path": "gh:org/tpl", "name": "My Project", "tags": ["x", "y"]}),
    ]);
    values.push(json!({ "long key ".repeat(20): "v", "multi\nkey": 1, "": "empty key" }));
    values.push(Json::Array(strings.clone()));
    values.push(Json::Object(
        strings
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("k{i:03}"), s.clone()))
            .collect(),
    ));
    values
}

#[test]
fn dumps_as_pyyaml_does() {
    let values = corpus();
    let input = serde_json::to_string(&values).unwrap();
    let script = r#"
import json, sys, yaml
values = json.loads(sys.stdin.read())
out = []
for v in values:
    out.append(yaml.dump(v, indent=4, allow_unicode=True, default_flow_style=False))
    out.append(yaml.dump(v, allow_unicode=True, default_flow_style=None))
print(json.dumps(out))
"#;
    let expected: Vec<String> = crate::copier::test_python(script, &input);
    assert_eq!(expected.len(), values.len() * 2);
    let mut failures = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let nice = dump(
            value,
            Style {
                indent: 4,
                flow: Some(false),
            },
        );
        let plain = dump(
            value,
            Style {
                indent: 2,
                flow: None,
            },
        );
        for (ours, theirs) in [(nice, &expected[2 * i]), (plain, &expected[2 * i + 1])] {
            if &ours != theirs {
                failures.push(format!("{value}\n  PyYAML: {theirs:?}\n  jig:    {ours:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn float_repr_is_pythons() {
    assert_eq!(python_float_repr(1.5), "1.5");
    assert_eq!(python_float_repr(1e16), "1e+16");
    assert_eq!(python_float_repr(1e15), "1000000000000000.0");
    assert_eq!(python_float_repr(0.0001), "0.0001");
    assert_eq!(python_float_repr(0.00001), "1e-05");
    assert_eq!(python_float_repr(-2.5e-7), "-2.5e-07");
    assert_eq!(python_float(1e17), "1.0e+17");
    assert_eq!(python_float(f64::NEG_INFINITY), "-.inf");
}

/// Documents read by PyYAML's `safe_load_all` (dates as text) and by `documents`.
#[test]
fn loads_as_pyyaml_does() {
    let texts = [
        "a: yes\nb: No\nc: 'yes'\nd: on\ne: OFF\nf: ~\ng: null\nh: \"null\"\ni:\n",
        "ints: [017, 0o17, 0x1F, 0b101, 1_000, 1:30, -42, +7, 0]\n",
        "floats: [1.5, 1e3, 1.0e+3, .5, 1_0.5, -2.5, '1.5']\n",
        "text: [2024-01-31, 12:30, 'x', \"y\", plain text, a#b, <<x]\n",
        "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nlist: &l [1, 2]\nagain: *l\n",
        "multi: |\n  line 1\n  line 2\nfolded: >\n  a\n  b\n",
        "1: int key\nnull: null key\n",
        "---\nfirst: 1\n---\nsecond: 2\n...\n",
        "_exclude:\n  - a\n  - \"{{ b }}\"\nq:\n  type: str\n  default: \"{{ x }}\"\n  choices:\n    - [Label, value]\n",
    ];
    let script = r#"
import json, sys, yaml, datetime
def plain(v):
    if isinstance(v, dict): return {str(k).lower() if isinstance(k, bool) else ("null" if k is None else str(k)): plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)): return "DATE"
    return v
print(json.dumps([[plain(d) for d in yaml.safe_load_all(t)] for t in json.loads(sys.stdin.read())]))
"#;
    let input = serde_json::to_string(&texts).unwrap();
    let expected: Vec<Vec<Json>> = crate::copier::test_python(script, &input);
    for (text, want) in texts.iter().zip(expected) {
        let got: Vec<Json> = documents(text)
            .unwrap()
            .into_iter()
            .map(|d| match d {
                Document::Value(v) => v,
                Document::Include(p) => Json::String(format!("!include {p}")),
            })
            .collect();
        // PyYAML makes dates of `2024-01-31`; jig keeps the text (see the README).
        let want = serde_json::to_string(&want)
            .unwrap()
            .replace("\"DATE\"", "\"2024-01-31\"");
        assert_eq!(serde_json::to_string(&got).unwrap(), want, "{text}");
    }
}
