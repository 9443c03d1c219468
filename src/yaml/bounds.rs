//! The work a YAML text may ask of jig, checked before any reader builds it. Aliases may add
//! at most [`MAX_ALIAS_NODES`] nodes to what the text holds (a 340-byte "billion laughs" asks
//! for 387 million scalars), and collections nest at most [`MAX_DEPTH`] deep (`- - - ... x`
//! needs two bytes a level and overflows the stack of every recursive reader and destructor).
//!
//! Counting walks yaml-rust2's events once, in a loop (its `load` recurses per level), and
//! looks up the size of an aliased node instead of expanding it, so it is linear in the text
//! whatever the text asks for, and builds nothing.
//! Every reader (serde_yaml_ng, marked_yaml, the PyYAML-compatible Copier loader) runs it
//! first. For a text yaml-rust2 refuses and serde_yaml_ng may still read, `guard_serde` counts
//! serde_yaml_ng's own nodes instead, with the same allowance.

use std::cell::Cell;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Nodes aliases may add to one read: a thousandfold what real answers files and
/// `copier.yml` files (a few KB) hold, a thousandth of what a bomb asks for.
pub const MAX_ALIAS_NODES: u64 = 1_000_000;

/// Collections inside collections: serde_yaml_ng's own recursion limit.
pub const MAX_DEPTH: usize = 128;

/// What one text comes to, in nodes (a scalar, a list or a map is one node).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// The nodes the text writes out.
    pub written: u64,
    /// The nodes aliases add (each alias counts as the node it names, expanded).
    pub from_aliases: u64,
}

/// A text asking for more than jig gives.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Exceeded {
    #[error("the alias `*{name}` makes aliases expand to more than {limit} nodes, jig's limit (a YAML bomb?)")]
    Aliases {
        name: String,
        line: usize,
        column: usize,
        limit: u64,
    },
    #[error("collections nest deeper than {limit} levels, jig's limit")]
    Depth {
        line: usize,
        column: usize,
        limit: usize,
    },
}

impl Exceeded {
    /// The message after its place: `line 3 column 7: the alias ...`.
    pub fn located(&self) -> String {
        let at = self.location();
        format!("line {} column {}: {self}", at.line, at.column)
    }

    /// Where in the text (1-based line and column).
    pub fn location(&self) -> super::Location {
        let (Exceeded::Aliases { line, column, .. } | Exceeded::Depth { line, column, .. }) = self;
        super::Location {
            line: *line,
            column: *column,
        }
    }
}

/// Why a text was not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Exceeded(Exceeded),
    /// yaml-rust2 cannot parse it (its message); the caller's reader reports its own error.
    Invalid(String),
}

/// Counts every document of `text`. `spent` nodes were added by aliases in earlier texts of
/// the same read (Copier's includes); with this text's, they may come to `MAX_ALIAS_NODES`.
pub fn count(text: &str, spent: u64) -> Result<Counts, Problem> {
    let mut counter = Counter {
        text,
        spent,
        ..Counter::default()
    };
    // Event by event: yaml-rust2's own `load` recurses once per level.
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| Problem::Invalid(e.to_string()))?;
        if event == Event::StreamEnd {
            return Ok(counter.counts);
        }
        counter.on_event(event, mark);
        if let Some(exceeded) = counter.exceeded.take() {
            return Err(Problem::Exceeded(exceeded));
        }
    }
}

#[derive(Default)]
struct Counter<'a> {
    text: &'a str,
    spent: u64,
    counts: Counts,
    /// Open collections: their size so far (themselves included) and their anchor.
    open: Vec<(u64, usize)>,
    /// The expanded size of each anchored node.
    sizes: HashMap<usize, u64>,
    exceeded: Option<Exceeded>,
}

impl Counter<'_> {
    /// A finished node of `size` nodes, anchored as `anchor` (0: none).
    fn close(&mut self, size: u64, anchor: usize) {
        if anchor > 0 {
            self.sizes.insert(anchor, size);
        }
        if let Some((parent, _)) = self.open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }

    fn alias(&mut self, id: usize, mark: Marker) {
        let size = self.sizes.get(&id).copied().unwrap_or(0);
        self.counts.from_aliases = self.counts.from_aliases.saturating_add(size);
        if self.counts.from_aliases.saturating_add(self.spent) > MAX_ALIAS_NODES {
            self.exceeded = Some(Exceeded::Aliases {
                name: alias_name(self.text, mark.index()),
                line: mark.line(),
                column: mark.col() + 1,
                limit: MAX_ALIAS_NODES,
            });
        }
        self.close(size, 0);
    }
}

impl Counter<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(_, _, anchor, _) => {
                self.counts.written += 1;
                self.close(1, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.counts.written += 1;
                self.open.push((1, anchor));
                if self.open.len() > MAX_DEPTH {
                    self.exceeded = Some(Exceeded::Depth {
                        line: mark.line(),
                        column: mark.col() + 1,
                        limit: MAX_DEPTH,
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((size, anchor)) = self.open.pop() {
                    self.close(size, anchor);
                }
            }
            Event::Alias(id) => self.alias(id, mark),
            _ => {}
        }
    }
}

/// The name of the alias at character `index` of `text` (`*name`).
fn alias_name(text: &str, index: usize) -> String {
    text.chars()
        .skip(index)
        .skip_while(|c| *c == '*')
        .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
        .collect()
}

/// Walks every document serde_yaml_ng reads from `text` (aliases replayed, as its
/// deserialiser replays them) and stops once there are more than the text's length plus
/// `MAX_ALIAS_NODES`: every written node takes at least one byte, the rest are aliases'.
/// Errors other than that one are left to the real read, which meets them at the same point.
pub(super) fn guard_serde(text: &str) -> Result<(), String> {
    let left = Cell::new(MAX_ALIAS_NODES.saturating_add(text.len() as u64));
    let exceeded = Cell::new(false);
    for document in serde_yaml_ng::Deserializer::from_str(text) {
        let walk = Walk {
            left: &left,
            exceeded: &exceeded,
        };
        if serde::de::DeserializeSeed::deserialize(walk, document).is_err() {
            break;
        }
    }
    match exceeded.get() {
        true => Err(format!(
            "aliases make it expand to more than {MAX_ALIAS_NODES} nodes, jig's limit (a YAML bomb?)"
        )),
        false => Ok(()),
    }
}

/// A visitor that builds nothing and spends one unit of `left` per node.
#[derive(Clone, Copy)]
struct Walk<'a> {
    left: &'a Cell<u64>,
    exceeded: &'a Cell<bool>,
}

impl Walk<'_> {
    fn spend<E: serde::de::Error>(self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.exceeded.set(true);
                Err(E::custom("too many nodes"))
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! leaf {
    ($($name:ident: $ty:ty),*) => {
        $(fn $name<E: serde::de::Error>(self, _: $ty) -> Result<(), E> {
            self.spend()
        })*
    };
}

impl<'de> serde::de::Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML")
    }

    leaf!(visit_bool: bool, visit_i64: i64, visit_i128: i128, visit_u64: u64,
        visit_u128: u128, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.spend()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
#[path = "bounds_tests.rs"]
mod tests;
