use super::*;

/// `levels` levels of nine aliases each over nine scalars.
fn laughs(levels: usize) -> String {
    let names: Vec<char> = ('a'..='z').take(levels).collect();
    let mut text = format!("{}: &{} [x, x, x, x, x, x, x, x, x]\n", names[0], names[0]);
    for pair in names.windows(2) {
        let items = vec![format!("*{}", pair[0]); 9].join(", ");
        text.push_str(&format!("{}: &{} [{items}]\n", pair[1], pair[1]));
    }
    text
}

#[test]
fn aliases_count_as_the_nodes_they_name_without_being_expanded() {
    let counts = count(&laughs(5), 0).unwrap();
    // a: 10 nodes; b: 1 + 9 * 10; c: 1 + 9 * 91; d: 1 + 9 * 820; e: 1 + 9 * 7381.
    assert_eq!(counts.from_aliases, 9 * (10 + 91 + 820 + 7381));
    // The root map, five keys, `a` and its nine scalars, four lists of aliases.
    assert_eq!(counts.written, 1 + 5 + 10 + 4);
    let start = std::time::Instant::now();
    let err = count(&laughs(20), 0).unwrap_err();
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(
        err,
        Problem::Exceeded(Exceeded::Aliases {
            name: "f".into(),
            line: 7,
            column: 8,
            limit: MAX_ALIAS_NODES,
        })
    );
    let Problem::Exceeded(e) = err else {
        unreachable!()
    };
    assert_eq!(e.located(), "line 7 column 8: the alias `*f` makes aliases expand to more than 1000000 nodes, jig's limit (a YAML bomb?)");
}

#[test]
fn merges_and_ordinary_aliases_are_counted_and_kept() {
    let text = "base: &base {a: 1, b: [1, 2]}\nx:\n  <<: *base\n  c: 3\ny: *base\n";
    let counts = count(text, 0).unwrap();
    // The map, two keys, two values and a list's two items: seven nodes, twice.
    assert_eq!(counts.from_aliases, 2 * 7);
    let value: crate::yaml::Value = crate::yaml::from_str(text).unwrap();
    assert_eq!(value["y"]["b"][1], crate::yaml::Value::from(2));
    // Earlier reads' aliases count against the same limit.
    assert!(matches!(
        count(text, MAX_ALIAS_NODES - 13),
        Err(Problem::Exceeded(Exceeded::Aliases {
            line: 5,
            column: 4,
            ..
        }))
    ));
}

#[test]
fn nesting_stops_at_the_limit_in_flow_and_block_style() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(count(&ok, 0).is_ok());
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(
        count(&deep, 0),
        Err(Problem::Exceeded(Exceeded::Depth {
            line: 1,
            column: 129,
            limit: MAX_DEPTH
        }))
    );
    let block = format!("a:\n  {}x\n", "- ".repeat(1_000_000));
    assert!(matches!(
        count(&block, 0),
        Err(Problem::Exceeded(Exceeded::Depth { line: 2, .. }))
    ));
    let err = crate::yaml::parse_marked(&block).unwrap_err();
    assert_eq!(
        err.0,
        "collections nest deeper than 128 levels, jig's limit"
    );
}

#[test]
fn what_yaml_rust2_cannot_parse_is_left_to_the_reader() {
    assert!(matches!(count("a: [", 0), Err(Problem::Invalid(_))));
    assert_eq!(guard_serde("a: ["), Ok(()));
}

#[test]
fn the_serde_guard_walks_serde_yaml_ng_s_own_expansion() {
    let items = vec!["x"; 2000].join(",");
    let aliases = vec!["*a"; 600].join(",");
    let bomb = format!("a: &a [{items}]\nb: [{aliases}]\n---\nc: !tag [1, {{d: 2}}]\n");
    assert_eq!(
        guard_serde(&bomb),
        Err("aliases make it expand to more than 1000000 nodes, jig's limit (a YAML bomb?)".into())
    );
    let fine = "a: &a [x, y]\nb: [*a, *a]\n---\nc: !tag [1, {d: 2}]\n";
    assert_eq!(guard_serde(fine), Ok(()));
}

#[test]
fn the_name_of_an_alias_is_read_from_the_text() {
    assert_eq!(alias_name("[*ab, *c]", 1), "ab");
    assert_eq!(alias_name("k: *é1\n", 3), "é1");
}
