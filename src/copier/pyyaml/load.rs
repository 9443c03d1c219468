//! `yaml.safe_load_all` as PyYAML reads `copier.yml`: YAML 1.1's implicit types for plain
//! scalars (quoted ones stay text), anchors and aliases, `<<` merge keys, keys of any scalar
//! type as text, the last of duplicate keys winning. A document that is only `!include GLOB`
//! is returned as such for the config reader to expand. Aliases are expanded (copied), so a
//! text is counted first (`crate::yaml::count`) and refused past jig's limits.

use super::resolve_plain;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One document of the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Document {
    Include(String),
    Value(Json),
}

/// Every document of `text`, in order.
pub(crate) fn documents(text: &str) -> Result<Vec<Document>, String> {
    documents_counted(text, 0).map(|(docs, _)| docs)
}

/// Every document of `text`, and its size; `spent` nodes were added by aliases in the texts
/// read before it (Copier's includes), which count against the same limit.
pub(crate) fn documents_counted(
    text: &str,
    spent: u64,
) -> Result<(Vec<Document>, crate::yaml::Counts), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let counts = match crate::yaml::count(text, spent) {
        Ok(counts) => counts,
        Err(crate::yaml::Problem::Exceeded(e)) => return Err(e.located()),
        // The same parser below says what is wrong.
        Err(crate::yaml::Problem::Invalid(_)) => crate::yaml::Counts::default(),
    };
    let mut builder = Builder::default();
    Parser::new_from_str(text)
        .load(&mut builder, true)
        .map_err(|e| e.to_string())?;
    match builder.error {
        Some(e) => Err(e),
        None => Ok((builder.docs, counts)),
    }
}

enum Frame {
    Seq(Vec<Json>, usize),
    /// Entries so far, the key waiting for its value, the anchor, and `<<` values to merge.
    Map(Map<String, Json>, Option<String>, usize, Vec<Json>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Json>,
    docs: Vec<Document>,
    /// The document's root was `!include PATTERN`.
    include: Option<String>,
    error: Option<String>,
}

impl Builder {
    fn value(&mut self, value: Json, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.docs.push(Document::Value(value)),
            Some(Frame::Seq(items, _)) => items.push(value),
            Some(Frame::Map(map, key, _, merges)) => match key.take() {
                None => {
                    let k = match value {
                        Json::String(s) => s,
                        Json::Null => "null".into(),
                        other => other.to_string(),
                    };
                    *key = Some(k);
                }
                Some(k) if k == MERGE_KEY => merges.push(value),
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
    }
}

/// How a plain `<<` key is held until its mapping ends.
const MERGE_KEY: &str = "\u{1}<<";

fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>, is_key: bool) -> Json {
    if let Some(tag) = tag {
        if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
            return match tag.suffix.as_str() {
                "str" => Json::String(text),
                _ => resolve_plain(text.trim()).unwrap_or(Json::String(text)),
            };
        }
    }
    if style != TScalarStyle::Plain {
        return Json::String(text);
    }
    if is_key && text == "<<" {
        return Json::String(MERGE_KEY.into());
    }
    resolve_plain(&text).unwrap_or(Json::String(text))
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let is_key = matches!(self.stack.last(), Some(Frame::Map(_, None, _, _)));
        match ev {
            Event::DocumentStart => self.include = None,
            Event::DocumentEnd => {
                if let Some(pattern) = self.include.take() {
                    if let Some(Document::Value(_)) = self.docs.last() {
                        self.docs.pop();
                    }
                    self.docs.push(Document::Include(pattern));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if self.stack.is_empty()
                    && tag
                        .as_ref()
                        .is_some_and(|t| t.handle == "!" && t.suffix == "include")
                {
                    self.include = Some(text.clone());
                }
                let value = scalar(text, style, tag.as_ref(), is_key);
                self.value(value, anchor);
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(value) => self.value(value, 0),
                None => self.error = Some(format!("an alias to an unknown anchor ({id})")),
            },
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq(Vec::new(), anchor)),
            Event::SequenceEnd => {
                if let Some(Frame::Seq(items, anchor)) = self.stack.pop() {
                    self.value(Json::Array(items), anchor);
                }
            }
            Event::MappingStart(anchor, _) => {
                self.stack
                    .push(Frame::Map(Map::new(), None, anchor, Vec::new()))
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(map, _, anchor, merges)) = self.stack.pop() {
                    // `<<` entries come first and give way to the mapping's own keys (which
                    // keep the merged key's place); earlier merges win.
                    let mut merged = Map::new();
                    for source in merges.iter().flat_map(|m| match m {
                        Json::Array(items) => items.clone(),
                        other => vec![other.clone()],
                    }) {
                        if let Json::Object(entries) = source {
                            for (k, v) in entries {
                                merged.entry(k).or_insert(v);
                            }
                        }
                    }
                    for (k, v) in map {
                        merged.insert(k, v);
                    }
                    self.value(Json::Object(merged), anchor);
                }
            }
            _ => {}
        }
    }
}
