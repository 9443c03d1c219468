//! Turns the raw manifest into the checked model, collecting every problem on the way.
//!
//! Validation never stops at the first error: each section and each question is checked on its
//! own, so an author sees all problems of a manifest in one run, each with its line and column.

use super::manifest::*;
use super::*;
use crate::blueprint::codes;
use crate::yaml::{self, Location, Node, Spanned};
use std::collections::HashSet;

/// Parses and validates manifest text; `root` is the blueprint directory (for hook scripts).
pub fn parse_manifest(text: &str, root: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let node = yaml::parse_marked(text).map_err(|(message, location)| {
        vec![Diagnostic {
            code: codes::YAML_SYNTAX,
            location,
            message,
        }]
    })?;
    let mut v = Validator {
        problems: Vec::new(),
        env: crate::render::validation_environment(),
    };
    let manifest = v.manifest(&node, root);
    if v.problems.is_empty() {
        Ok(manifest.expect("a manifest without problems is complete"))
    } else {
        v.problems
            .sort_by_key(|d| (d.location.line, d.location.column));
        Err(v.problems)
    }
}

/// The rule for a blueprint's `name:`: lowercase letters, digits, `-` and `_`. A published
/// name becomes a folder of a directory registry and a key of jig's cache, so registries
/// check every name they read against the same rule.
pub(crate) fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

pub(super) struct Validator {
    pub(super) problems: Vec<Diagnostic>,
    pub(super) env: minijinja::Environment<'static>,
}

impl Validator {
    /// A problem with the manifest's shape (`manifest-schema`).
    pub(super) fn problem(&mut self, location: Location, message: impl Into<String>) {
        self.problem_as(codes::MANIFEST_SCHEMA, location, message);
    }

    pub(super) fn problem_as(
        &mut self,
        code: &'static str,
        location: Location,
        message: impl Into<String>,
    ) {
        self.problems.push(Diagnostic {
            code,
            location,
            message: message.into(),
        });
    }

    pub(super) fn section<T: serde::de::DeserializeOwned>(
        &mut self,
        node: Option<&Node>,
    ) -> Option<T> {
        match yaml::from_marked(node?) {
            Ok(value) => Some(value),
            Err((message, location)) => {
                self.problem(location, message);
                None
            }
        }
    }

    fn manifest(&mut self, node: &Node, root: &Path) -> Option<Manifest> {
        let Some(map) = node.as_mapping() else {
            self.problem(
                Location::of_node(node),
                "the manifest must be a mapping of keys",
            );
            return None;
        };
        for key in map.keys() {
            if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
                let location = Location::from_marker(key.span().start());
                let message = format!(
                    "unknown key `{}`; expected one of: {}",
                    key.as_str(),
                    TOP_LEVEL_KEYS.join(", ")
                );
                self.problem(location, message);
            }
        }
        let start = Location::of_node(node);
        let name = self.name(map.get_node("name"), start);
        let version = self.version(map.get_node("version"), start);
        let description: Option<String> = self.section(map.get_node("description"));
        let min_jig = self.min_jig(map.get_node("min_jig_version"));
        let project_dir: Option<Spanned<String>> = self.section(map.get_node("project_dir"));
        let template: Option<Spanned<String>> = self.section(map.get_node("template"));
        let (questions, declared) = self.questions(map.get_node("questions"));
        let files = self.files(map.get_node("files"));
        let hooks = self.hooks(map.get_node("hooks"), root, &declared);
        let migrations = self.migrations(map.get_node("migrations"), root);
        let checks = self.checks(map.get_node("checks"), &questions);
        let message_after: Option<Spanned<String>> = self.section(map.get_node("message_after"));
        if let Some(t) = &template {
            self.template_dir(t, root);
        }
        let template_dir = template
            .as_ref()
            .map_or_else(|| "template".to_string(), |t| t.to_string());
        let project_dir = match project_dir {
            Some(dir) => {
                self.template(&dir, "project_dir", &declared);
                dir.to_string()
            }
            None => "{{ project_slug }}".to_string(),
        };
        let repositories =
            self.repositories(map.get_node("repositories"), root, &declared, &project_dir);
        // A multi-repository blueprint's product-level files are relative to its root.
        let product_root = match repositories.is_empty() {
            true => root.join(&template_dir),
            false => root.to_path_buf(),
        };
        let catalog = self.catalog(
            map.get_node("catalog"),
            &product_root,
            &questions,
            &repositories,
        );

        if let Some(message) = &message_after {
            self.template(message, "message_after", &declared);
        }
        if !self.problems.is_empty() {
            return None;
        }
        Some(Manifest {
            name: name?,
            version: version?,
            description: description.unwrap_or_default(),
            min_jig_version: min_jig,
            project_dir,
            template_dir,
            questions,
            files,
            hooks,
            migrations,
            checks,
            message_after: message_after.map(|m| m.to_string()),
            repositories,
            catalog,
        })
    }

    /// `repositories:`: names that can be recorded and named on the command line, template
    /// trees inside the blueprint, directory names that are templates over the answers.
    fn repositories(
        &mut self,
        node: Option<&Node>,
        root: &Path,
        declared: &[String],
        project_dir: &str,
    ) -> Vec<super::Repository> {
        let Some(node) = node else {
            return Vec::new();
        };
        let Some(map) = node.as_mapping() else {
            let message = "repositories: must be a mapping from each repository's name to its settings (`model-build: {template: modelbuild}`)";
            self.problem(Location::of_node(node), message);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in map.iter() {
            let name = key.as_str().to_string();
            let at = Location::from_marker(key.span().start());
            let ok = !name.is_empty()
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                let message = format!("repositories: `{name}` must be lowercase letters, digits and `-`, starting with a letter");
                self.problem(at, message);
            }
            let raw: RawRepository = match value.as_scalar() {
                Some(s) if s.as_str().is_empty() || s.as_str() == "~" || s.as_str() == "null" => {
                    RawRepository::default()
                }
                _ => self.section(Some(value)).unwrap_or_default(),
            };
            let template = match &raw.template {
                Some(t) => {
                    self.template_dir(t, root);
                    t.to_string()
                }
                None => name.clone(),
            };
            if !root.join(&template).is_dir() {
                let message = format!(
                    "repositories: `{name}` renders the folder `{template}`, which the blueprint does not have"
                );
                self.problem(at, message);
            }
            let directory = match &raw.directory {
                Some(dir) => {
                    self.template(dir, "repositories.directory", declared);
                    dir.to_string()
                }
                None => format!("{project_dir}-{name}"),
            };
            out.push(super::Repository {
                name,
                template_dir: template,
                directory,
                description: raw.description,
            });
        }
        out
    }

    /// `template:` must name a directory inside the blueprint, symlinks resolved: a blueprint
    /// renders its own files, never the user's.
    fn template_dir(&mut self, dir: &Spanned<String>, root: &Path) {
        let at = Location::from_marker(dir.span().start());
        if let Err(reason) = crate::render::paths::check_relative(dir) {
            let message = format!(
                "`template: {}` {reason}; it must name a folder inside the blueprint",
                dir.as_str()
            );
            self.problem_as(codes::PATH_ESCAPE, at, message);
            return;
        }
        let path = root.join(dir.as_str());
        let Ok(meta) = std::fs::metadata(&path) else {
            return;
        };
        let inside = match (std::fs::canonicalize(&path), std::fs::canonicalize(root)) {
            (Ok(real), Ok(real_root)) => real.starts_with(real_root),
            _ => false,
        };
        if !inside {
            let message = format!("`template: {}` leads outside the blueprint through a symlink; it must name a folder inside it", dir.as_str());
            self.problem_as(codes::PATH_ESCAPE, at, message);
        } else if !meta.is_dir() {
            let message = format!(
                "`template: {}` is a file; it must name the folder holding the template tree",
                dir.as_str()
            );
            self.problem(at, message);
        }
    }

    fn name(&mut self, node: Option<&Node>, start: Location) -> Option<String> {
        let Some(node) = node else {
            self.problem(start, "missing required key `name`");
            return None;
        };
        let name: Spanned<String> = self.section(Some(node))?;
        if !is_name(&name) {
            let msg = format!(
                "name `{}` must be lowercase letters, digits, `-` and `_`",
                name.as_str()
            );
            self.problem(Location::of_spanned(&name), msg);
        }
        Some(name.to_string())
    }

    fn version(&mut self, node: Option<&Node>, start: Location) -> Option<semver::Version> {
        let Some(node) = node else {
            self.problem(start, "missing required key `version`");
            return None;
        };
        let text: Spanned<String> = self.section(Some(node))?;
        match semver::Version::parse(&text) {
            Ok(version) => Some(version),
            Err(err) => {
                let msg = format!(
                    "version `{}` is not semver (like 1.2.0): {err}",
                    text.as_str()
                );
                self.problem(Location::of_spanned(&text), msg);
                None
            }
        }
    }

    fn min_jig(&mut self, node: Option<&Node>) -> Option<semver::VersionReq> {
        let text: Spanned<String> = self.section(node)?;
        match semver::VersionReq::parse(&text) {
            Ok(req) => Some(req),
            Err(err) => {
                let msg = format!(
                    "min_jig_version `{}` is not a version: {err}",
                    text.as_str()
                );
                self.problem(Location::of_spanned(&text), msg);
                None
            }
        }
    }

    pub(super) fn template(&mut self, source: &Spanned<String>, what: &str, known: &[String]) {
        self.template_str(source, Location::of_spanned(source), what, known);
    }

    pub(super) fn template_str(
        &mut self,
        source: &str,
        at: Location,
        what: &str,
        known: &[String],
    ) {
        let vars = match self.env.template_from_str(source) {
            Ok(t) => t.undeclared_variables(false),
            Err(err) => {
                self.problem_as(
                    codes::TEMPLATE_SYNTAX,
                    at,
                    format!("{what}: template error: {}", one_line(&err.to_string())),
                );
                return;
            }
        };
        self.unknown_names(vars, at, what, known);
    }

    pub(super) fn expression(&mut self, source: &Spanned<String>, what: &str, known: &[String]) {
        let at = Location::of_spanned(source);
        let vars = match self.env.compile_expression(source.as_str()) {
            Ok(e) => e.undeclared_variables(false),
            Err(err) => {
                self.problem_as(
                    codes::TEMPLATE_SYNTAX,
                    at,
                    format!("{what}: invalid expression: {}", one_line(&err.to_string())),
                );
                return;
            }
        };
        self.unknown_names(vars, at, what, known);
    }

    fn unknown_names(&mut self, vars: HashSet<String>, at: Location, what: &str, known: &[String]) {
        let globals: HashSet<String> = self.env.globals().map(|(k, _)| k.to_string()).collect();
        let mut unknown: Vec<String> = vars
            .into_iter()
            .filter(|v| !known.contains(v) && !globals.contains(v) && v != "jig")
            .collect();
        unknown.sort();
        for var in unknown {
            let msg = format!("{what} refers to `{var}`, which is not a question asked before it");
            self.problem_as(codes::UNKNOWN_REFERENCE, at, msg);
        }
    }
}

pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

pub(super) fn one_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}
