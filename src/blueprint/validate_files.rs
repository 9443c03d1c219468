//! Validating the manifest's `files:` section: the `exclude`, `copy`, `create_once` and `keep` globs
//! (with `{a,b}` alternatives expanded) and the per-file `delimiters` rules, each glob checked so an
//! invalid one is reported at its line instead of matching nothing.

use super::manifest::*;
use super::validate::Validator;
use super::*;
use crate::yaml::{self, Location, Node, Spanned};
use globset::{GlobBuilder, GlobSetBuilder};

impl Validator {
    pub(super) fn files(&mut self, node: Option<&Node>) -> FileRules {
        let node = node.map(
            |n| match n.as_mapping().and_then(|m| m.get_sequence("delimiters")) {
                Some(rules) => {
                    let fixed = rules
                        .iter()
                        .map(|r| yaml::one_or_many(r, "files"))
                        .collect();
                    let seq = marked_yaml::types::MarkedSequenceNode::new(*rules.span(), fixed);
                    let mut map = n.as_mapping().expect("checked above").clone();
                    let key = map
                        .keys()
                        .find(|k| k.as_str() == "delimiters")
                        .cloned()
                        .expect("exists");
                    map.insert(key, Node::Sequence(seq));
                    Node::Mapping(map)
                }
                None => n.clone(),
            },
        );
        let Some(raw) = self.section::<RawFiles>(node.as_ref()) else {
            return FileRules::default();
        };
        let mut rules = FileRules {
            exclude: self.globs(&raw.exclude, "files.exclude"),
            copy: self.globs(&raw.copy, "files.copy"),
            create_once: self.globs(&raw.create_once, "files.create_once"),
            create_once_patterns: raw.create_once.iter().map(|s| s.to_string()).collect(),
            keep: self.globs(&raw.keep, "files.keep"),
            delimiters: Vec::new(),
        };
        for rule in raw.delimiters {
            let files = rule.files;
            let at = files
                .first()
                .map_or(Location::default(), Location::of_spanned);
            let globs = self.globs(&files, "files.delimiters");
            let defaults = Delimiters::default();
            let mut pair = |given: Option<Vec<String>>, fallback: (String, String), what: &str| {
                match given {
                    None => fallback,
                    Some(v) if v.len() == 2 && v.iter().all(|s| !s.trim().is_empty()) => {
                        (v[0].clone(), v[1].clone())
                    }
                    Some(_) => {
                        let msg = format!("files.delimiters: `{what}` must be a list of two non-empty strings, like [\"<<\", \">>\"]");
                        self.problem(at, msg);
                        fallback
                    }
                }
            };
            let syntax = Delimiters {
                variable: pair(rule.variable, defaults.variable, "variable"),
                block: pair(rule.block, defaults.block, "block"),
                comment: pair(rule.comment, defaults.comment, "comment"),
            };
            if let Err(err) = crate::render::syntax_config(&syntax) {
                self.problem(at, format!("files.delimiters: {err}"));
            }
            rules.delimiters.push(DelimiterRule {
                files: globs,
                syntax,
            });
        }
        rules
    }

    fn globs(&mut self, patterns: &[Spanned<String>], what: &str) -> GlobSet {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            for expanded in crate::render::rules::expand_glob(pattern) {
                match GlobBuilder::new(&expanded).literal_separator(true).build() {
                    Ok(glob) => {
                        builder.add(glob);
                    }
                    Err(err) => {
                        let msg = format!(
                            "{what}: invalid glob `{}`: {}",
                            pattern.as_str(),
                            err.kind()
                        );
                        self.problem(Location::of_spanned(pattern), msg);
                        break;
                    }
                }
            }
        }
        builder.build().unwrap_or_default()
    }
}
