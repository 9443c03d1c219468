//! The one door to YAML.
//!
//! `serde_yaml` is archived, so jig uses its maintained fork `serde_yaml_ng` for plain
//! (de)serialisation (answers files, data files, config), and `marked_yaml` where a human wrote
//! the file and deserves a line and column for every problem (blueprint manifests). Nothing
//! else in the crate names either library, so swapping one is a change to this file only.
//! Both readers, and Copier's PyYAML-compatible one, first pass `bounds`: aliases and nesting
//! may ask for only so much.

mod bounds;

pub use bounds::{count, Counts, Exceeded, Problem, MAX_ALIAS_NODES, MAX_DEPTH};
pub use marked_yaml::{Marker, Node, Spanned};

/// A plain YAML value, as read from data and answers files.
pub type Value = serde_yaml_ng::Value;

/// Error from plain YAML (de)serialisation; carries the first error's location.
pub type Error = serde_yaml_ng::Error;

/// Parses plain YAML into any deserialisable type.
/// A key given twice in one mapping is an error here too (config, answers and data files are
/// written by people), naming both lines. So is a text past `bounds`' limits.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    match bounds::count(text, 0) {
        Ok(_) => {}
        Err(Problem::Exceeded(e)) => return Err(serde::de::Error::custom(e.located())),
        Err(Problem::Invalid(_)) => {
            bounds::guard_serde(text).map_err(<Error as serde::de::Error>::custom)?
        }
    }
    if let Err((message, at)) = parse_counted(text) {
        if message.starts_with("duplicate key") {
            return Err(serde::de::Error::custom(format!(
                "line {} column {}: {message}",
                at.line, at.column
            )));
        }
    }
    serde_yaml_ng::from_str(text)
}

/// Any serialisable value (JSON, say) as a YAML value.
pub fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    serde_yaml_ng::to_value(value)
}

/// Serialises a value as YAML.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_yaml_ng::to_string(value)
}

/// A 1-based line and column inside a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn from_marker(marker: Option<&Marker>) -> Location {
        marker.map_or(Location::default(), |m| Location {
            line: m.line(),
            column: m.column(),
        })
    }

    pub fn of_node(node: &Node) -> Location {
        Location::from_marker(node.span().start())
    }

    pub fn of_spanned<T>(value: &Spanned<T>) -> Location {
        Location::from_marker(value.span().start())
    }
}

/// A byte-order mark some editors put first: YAML allows it, and jig must not read it as part
/// of the first key.
const BOM: char = '\u{feff}';

/// Parses a human-written YAML document into a tree whose every node knows its position.
/// A key given twice in one mapping is an error naming both lines (YAML says keys are unique;
/// "the last one wins" silently drops what the author wrote first).
/// A text past `bounds`' limits is refused first.
pub fn parse_marked(text: &str) -> Result<Node, (String, Location)> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if let Err(Problem::Exceeded(e)) = count(text, 0) {
        return Err((e.to_string(), e.location()));
    }
    parse_counted(text)
}

/// `parse_marked` for a text already counted.
fn parse_counted(text: &str) -> Result<Node, (String, Location)> {
    let options = marked_yaml::LoaderOptions::default().error_on_duplicate_keys(true);
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|err| {
        let (msg, mark) = describe_load_error(&err);
        (msg, Location::from_marker(mark))
    })
}

fn describe_load_error(err: &marked_yaml::LoadError) -> (String, Option<&Marker>) {
    use marked_yaml::LoadError as E;
    match err {
        E::TopLevelMustBeMapping(m) => ("the document must be a mapping of keys".into(), Some(m)),
        E::TopLevelMustBeSequence(m) => ("the document must be a list".into(), Some(m)),
        E::UnexpectedAnchor(m) => ("YAML anchors are not supported here".into(), Some(m)),
        E::MappingKeyMustBeScalar(m) => ("mapping keys must be plain scalars".into(), Some(m)),
        E::UnexpectedTag(m) => ("YAML tags are not supported here".into(), Some(m)),
        E::ScanError(m, e) => (format!("invalid YAML: {}", e.info()), Some(m)),
        E::DuplicateKey(inner) => {
            let first = Location::from_marker(inner.prev_key.span().start());
            (
                format!(
                    "duplicate key `{}` (first given on line {})",
                    inner.key.as_str(),
                    first.line
                ),
                inner.key.span().start(),
            )
        }
    }
}

/// Deserialises one marked node into a typed value; the error carries the position.
pub fn from_marked<T: serde::de::DeserializeOwned>(node: &Node) -> Result<T, (String, Location)> {
    marked_yaml::from_node(node).map_err(|err| {
        let inner = err.into_inner();
        let mut location = Location::from_marker(inner.start_mark().as_ref());
        let message = match &inner {
            marked_yaml::spanned_serde::Error::UnknownFieldError(field, expected, _) => {
                location = key_location(node, field).unwrap_or(location);
                format!(
                    "unknown key `{field}`; expected one of: {}",
                    expected.join(", ")
                )
            }
            other => other.to_string(),
        };
        (message, location.or(Location::of_node(node)))
    })
}

impl Location {
    fn or(self, other: Location) -> Location {
        if self.line == 0 {
            other
        } else {
            self
        }
    }
}

/// Where the key `name` sits in a mapping node, if it is one.
pub fn key_location(node: &Node, name: &str) -> Option<Location> {
    let map = node.as_mapping()?;
    map.keys()
        .find(|k| k.as_str() == name)
        .map(|k| Location::from_marker(k.span().start()))
}

/// A copy of a mapping node where the value under `key`, if present and not already a list,
/// becomes a one-item list. Lets authors write `validate: {regex: ...}` or a list of them while
/// keeping every position for error messages.
pub fn one_or_many(node: &Node, key: &str) -> Node {
    let Some(map) = node.as_mapping() else {
        return node.clone();
    };
    let mut map = map.clone();
    if let Some(value) = map.get_node(key) {
        if value.as_sequence().is_none() {
            let span = *value.span();
            let seq = marked_yaml::types::MarkedSequenceNode::new(span, vec![value.clone()]);
            let k = map
                .keys()
                .find(|k| k.as_str() == key)
                .cloned()
                .expect("key exists");
            map.insert(k, Node::Sequence(seq));
        }
    }
    Node::Mapping(map)
}

/// A YAML mapping, and the pieces of a tagged value (`!Ref Name` in CloudFormation).
pub type Mapping = serde_yaml_ng::Mapping;
pub use serde_yaml_ng::value::{Tag, TaggedValue};
