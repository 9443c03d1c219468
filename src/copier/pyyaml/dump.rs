//! `yaml.dump` as PyYAML 6 writes it: the representer's choices (sorted keys, Python's float
//! repr, flow style for collections of scalars when asked), the scalar analysis that picks
//! plain, single- or double-quoted style, and the writers with their folding at 80 columns.
//! Anchors, tags and block scalars never occur in a dump of plain data.

use super::{python_float, resolves_to_str};
use serde_json::Value as Json;
/// How to dump: `to_nice_yaml` is `indent: 4, flow: Some(false)`; `to_yaml` is
/// `indent: 2, flow: None` (collections of scalars in flow style).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub indent: usize,
    pub flow: Option<bool>,
}

/// `yaml.dump(value, allow_unicode=True, ...)`.
pub(crate) fn dump(value: &Json, style: Style) -> String {
    let node = represent(value, style.flow);
    let best_indent = if (2..10).contains(&style.indent) {
        style.indent
    } else {
        2
    };
    let mut e = Emitter {
        out: String::new(),
        best_indent,
        best_width: 80,
        indent: None,
        indents: Vec::new(),
        flow_level: 0,
        column: 0,
        whitespace: true,
        indention: true,
        open_ended: false,
        ctx: Context::default(),
    };
    e.node(
        &node,
        Context {
            root: true,
            ..Context::default()
        },
    );
    // Document end (implicit): a line break unless at the start of one.
    e.write_indent();
    if e.open_ended {
        e.write_indicator("...", true, false, false);
        e.write_indent();
    }
    e.out
}

pub(super) enum Node {
    /// Text, and whether it reads back as itself when written plain (the resolver's verdict).
    Scalar {
        text: String,
        plain_implicit: bool,
    },
    Seq {
        items: Vec<Node>,
        flow: bool,
    },
    Map {
        pairs: Vec<(Node, Node)>,
        flow: bool,
    },
}

fn represent(value: &Json, flow: Option<bool>) -> Node {
    let typed = |text: String| Node::Scalar {
        text,
        plain_implicit: true,
    };
    match value {
        Json::Null => typed("null".into()),
        Json::Bool(b) => typed(b.to_string()),
        Json::Number(n) => typed(match n.as_f64() {
            Some(f) if !(n.is_i64() || n.is_u64()) => python_float(f),
            _ => n.to_string(),
        }),
        Json::String(s) => Node::Scalar {
            text: s.clone(),
            plain_implicit: resolves_to_str(s),
        },
        Json::Array(items) => {
            let items: Vec<Node> = items.iter().map(|v| represent(v, flow)).collect();
            let flow = flow.unwrap_or_else(|| items.iter().all(is_scalar));
            Node::Seq { items, flow }
        }
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let pairs: Vec<(Node, Node)> = keys
                .into_iter()
                .map(|k| {
                    (
                        represent(&Json::String(k.clone()), flow),
                        represent(&map[k], flow),
                    )
                })
                .collect();
            let flow =
                flow.unwrap_or_else(|| pairs.iter().all(|(k, v)| is_scalar(k) && is_scalar(v)));
            Node::Map { pairs, flow }
        }
    }
}

fn is_scalar(node: &Node) -> bool {
    matches!(node, Node::Scalar { .. })
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Context {
    pub(super) root: bool,
    pub(super) mapping: bool,
    pub(super) simple_key: bool,
}

pub(super) struct Emitter {
    pub(super) out: String,
    pub(super) best_indent: usize,
    pub(super) best_width: usize,
    pub(super) indent: Option<usize>,
    pub(super) indents: Vec<Option<usize>>,
    pub(super) flow_level: usize,
    pub(super) column: usize,
    pub(super) whitespace: bool,
    pub(super) indention: bool,
    pub(super) open_ended: bool,
    pub(super) ctx: Context,
}

impl Emitter {
    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = match self.indent {
            None if flow => Some(self.best_indent),
            None => Some(0),
            Some(i) if !indentless => Some(i + self.best_indent),
            same => same,
        };
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn node(&mut self, node: &Node, ctx: Context) {
        self.ctx = ctx;
        match node {
            Node::Scalar {
                text,
                plain_implicit,
            } => {
                self.increase_indent(true, false);
                self.scalar(text, *plain_implicit);
                self.pop_indent();
            }
            Node::Seq { items, flow } => {
                if self.flow_level > 0 || *flow || items.is_empty() {
                    self.flow_sequence(items);
                } else {
                    self.block_sequence(items);
                }
            }
            Node::Map { pairs, flow } => {
                if self.flow_level > 0 || *flow || pairs.is_empty() {
                    self.flow_mapping(pairs);
                } else {
                    self.block_mapping(pairs);
                }
            }
        }
    }

    fn flow_sequence(&mut self, items: &[Node]) {
        self.write_indicator("[", true, true, false);
        self.flow_level += 1;
        self.increase_indent(true, false);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.write_indicator(",", false, false, false);
            }
            if self.column > self.best_width {
                self.write_indent();
            }
            self.node(item, Context::default());
        }
        self.pop_indent();
        self.flow_level -= 1;
        self.write_indicator("]", false, false, false);
    }

    fn flow_mapping(&mut self, pairs: &[(Node, Node)]) {
        self.write_indicator("{", true, true, false);
        self.flow_level += 1;
        self.increase_indent(true, false);
        let value = Context {
            mapping: true,
            ..Context::default()
        };
        for (i, (key, val)) in pairs.iter().enumerate() {
            if i > 0 {
                self.write_indicator(",", false, false, false);
            }
            if self.column > self.best_width {
                self.write_indent();
            }
            if self.simple_key(key) {
                self.node(
                    key,
                    Context {
                        mapping: true,
                        simple_key: true,
                        ..Context::default()
                    },
                );
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, false);
                self.node(key, value);
                if self.column > self.best_width {
                    self.write_indent();
                }
                self.write_indicator(":", true, false, false);
            }
            self.node(val, value);
        }
        self.pop_indent();
        self.flow_level -= 1;
        self.write_indicator("}", false, false, false);
    }

    fn block_sequence(&mut self, items: &[Node]) {
        let indentless = self.ctx.mapping && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default());
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, pairs: &[(Node, Node)]) {
        self.increase_indent(false, false);
        let value = Context {
            mapping: true,
            ..Context::default()
        };
        for (key, val) in pairs {
            self.write_indent();
            if self.simple_key(key) {
                self.node(
                    key,
                    Context {
                        mapping: true,
                        simple_key: true,
                        ..Context::default()
                    },
                );
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.node(key, value);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(val, value);
        }
        self.pop_indent();
    }
}
