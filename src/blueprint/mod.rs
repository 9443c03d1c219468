//! Blueprints: the checked, typed model of a blueprint directory.
//!
//! A blueprint is a directory holding `blueprint.yaml` and a template tree. Loading reads the
//! manifest, validates all of it at once (see `validate`), and returns a `Blueprint` that the rest
//! of jig can trust: every regex compiles, every choice list is non-empty, every hook exists.
//! This module never renders or writes anything.

pub mod catalog;
mod checks;
pub mod codes;
pub mod git;
mod manifest;
mod migrations;
mod questions;
pub mod schema;
pub mod validate;
mod validate_files;
mod validate_hooks;

pub use crate::render::rules::{DelimiterRule, Delimiters, FileRules};
use crate::yaml::Location;
use globset::GlobSet;
use regex::Regex;
use std::path::{Path, PathBuf};

pub use validate::parse_manifest;

/// The manifest's file name inside a blueprint directory.
pub const MANIFEST_FILE: &str = "blueprint.yaml";

/// A loaded blueprint: its directory and its checked manifest.
#[derive(Debug)]
pub struct Blueprint {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// Which of `manifest.repositories` is rendered (an index), when it has any.
    selected: Option<usize>,
}

impl Blueprint {
    /// Loads and validates the blueprint in `root`.
    pub fn load(root: &Path) -> Result<Blueprint, Error> {
        let file = root.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        let manifest = parse_manifest(&text, root).map_err(|diagnostics| Error::Invalid {
            path: file.clone(),
            diagnostics,
        })?;
        check_jig_version(&manifest, &file)?;
        Ok(Blueprint::new(root.to_path_buf(), manifest))
    }

    pub fn new(root: PathBuf, manifest: Manifest) -> Blueprint {
        Blueprint {
            root,
            manifest,
            selected: None,
        }
    }

    /// Whether the blueprint makes several repositories (`repositories:`).
    pub fn is_multi(&self) -> bool {
        !self.manifest.repositories.is_empty()
    }

    /// Renders repository `name` from now on (`None`: the blueprint's only tree). A
    /// blueprint with `repositories:` needs one of them; one without takes none.
    pub fn select(&mut self, name: Option<&str>) -> Result<(), Error> {
        let known = || {
            self.manifest
                .repositories
                .iter()
                .map(|r| r.name.clone())
                .collect()
        };
        self.selected = match name {
            None if !self.is_multi() => None,
            None => {
                return Err(Error::RepositoryNeeded {
                    blueprint: self.manifest.name.clone(),
                    known: known(),
                })
            }
            Some(name) => Some(
                self.manifest
                    .repositories
                    .iter()
                    .position(|r| r.name == name)
                    .ok_or_else(|| Error::NoSuchRepository {
                        blueprint: self.manifest.name.clone(),
                        name: name.to_string(),
                        known: known(),
                    })?,
            ),
        };
        Ok(())
    }

    /// The repository being rendered, when the blueprint makes several.
    pub fn repository(&self) -> Option<&Repository> {
        self.selected.map(|i| &self.manifest.repositories[i])
    }

    /// The directory holding the template tree being rendered. A blueprint that makes
    /// several repositories and has none selected has only product-level files (its
    /// `catalog.cloudformation`), relative to its root.
    pub fn template_root(&self) -> PathBuf {
        match self.repository() {
            Some(r) => self.root.join(&r.template_dir),
            None if self.is_multi() => self.root.clone(),
            None => self.root.join(&self.manifest.template_dir),
        }
    }

    /// `rel` (a path in the tree being rendered) as the blueprint's author sees it, from the
    /// blueprint's root: `template/README.md`, `deploy/infra/x.yaml`.
    pub fn tree_path(&self, rel: &str) -> String {
        match self.repository() {
            Some(r) => format!("{}/{rel}", r.template_dir),
            None if self.is_multi() => rel.to_string(),
            None => format!("{}/{rel}", self.manifest.template_dir),
        }
    }

    /// The path the file rules match `file` (a path under `template_root()`) as: itself, or,
    /// for a product-level file of a multi-repository blueprint inside one repository's tree,
    /// its path in that tree (`template/infra/cicd.yaml` -> `infra/cicd.yaml`).
    pub fn rule_path<'a>(&self, file: &'a str) -> &'a str {
        if self.repository().is_some() {
            return file;
        }
        self.manifest
            .repositories
            .iter()
            .find_map(|r| file.strip_prefix(&format!("{}/", r.template_dir)))
            .unwrap_or(file)
    }

    /// The template of the generated directory's name.
    pub fn project_dir_template(&self) -> &str {
        self.repository()
            .map_or(&self.manifest.project_dir, |r| &r.directory)
    }

    /// Each repository selected in turn (just the blueprint itself when it makes one).
    pub fn each_repository(&self) -> Vec<Blueprint> {
        let count = self.manifest.repositories.len();
        if count == 0 {
            return vec![self.view(None)];
        }
        (0..count).map(|i| self.view(Some(i))).collect()
    }

    fn view(&self, selected: Option<usize>) -> Blueprint {
        Blueprint {
            root: self.root.clone(),
            manifest: self.manifest.clone(),
            selected,
        }
    }

    pub fn has_hooks(&self) -> bool {
        !self.manifest.hooks.pre_gen.is_empty() || !self.manifest.hooks.post_gen.is_empty()
    }
}

fn check_jig_version(manifest: &Manifest, file: &Path) -> Result<(), Error> {
    let ours = semver::Version::parse(env!("CARGO_PKG_VERSION")).expect("crate version is semver");
    match &manifest.min_jig_version {
        Some(req) if !req.matches(&ours) => Err(Error::JigTooOld {
            path: file.to_path_buf(),
            required: req.to_string(),
            ours: ours.to_string(),
        }),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub name: String,
    pub version: semver::Version,
    pub description: String,
    pub min_jig_version: Option<semver::VersionReq>,
    /// Template for the generated project's directory name.
    pub project_dir: String,
    /// Template tree, relative to the blueprint root.
    pub template_dir: String,
    pub questions: Vec<Question>,
    pub files: FileRules,
    pub hooks: Hooks,
    /// Scripts `jig update` runs when it crosses their version, in declaration order.
    pub migrations: Vec<Migration>,
    /// Commands `jig test` runs in each rendered answer set.
    pub checks: Vec<Check>,
    /// A template shown after `jig new`, rendered with the answers.
    pub message_after: Option<String>,
    /// Several repositories made from one set of answers, each from its own tree.
    pub repositories: Vec<Repository>,
    /// How the blueprint becomes a Service Catalog product (`jig publish --service-catalog`).
    pub catalog: Catalog,
}

/// A repository a multi-repository blueprint makes (`repositories:`).
#[derive(Debug, Clone)]
pub struct Repository {
    /// Lowercase letters, digits and `-`; recorded in each repository's answers file.
    pub name: String,
    /// Its template tree, relative to the blueprint root.
    pub template_dir: String,
    /// Template for its directory name.
    pub directory: String,
    pub description: Option<String>,
}

/// A command run in a rendered project by `jig test`.
#[derive(Debug, Clone)]
pub struct Check {
    /// Shown in the report (default: the command's program name).
    pub name: String,
    /// A shell command, run with `sh -c` in the project directory.
    pub run: String,
    /// A Jinja expression over the answers; the check is skipped when false.
    pub when: Option<String>,
    /// Seconds before the check is stopped and fails (default 600).
    pub timeout: Option<u64>,
}

/// The `catalog:` section: which of the blueprint's files is its CloudFormation, which
/// repository in it the seed step pushes to, which answers the stack supplies itself and how
/// the console groups the parameters.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    /// A template file (path in the template tree, as written, may hold Jinja).
    pub cloudformation: Option<String>,
    /// Logical id of an `AWS::CodeCommit::Repository` in that file the seed pushes to.
    pub repository: Option<String>,
    /// The same for each of `repositories:` (name to logical id), when it has them.
    pub repositories: indexmap::IndexMap<String, String>,
    /// Questions answered by a SageMaker parameter (`SageMakerProjectName` or `...Id`).
    pub answers: indexmap::IndexMap<String, String>,
    pub groups: Vec<ParameterGroup>,
    /// The git providers the product works with and where its connection ARN comes from.
    pub git: git::Git,
    /// A SageMaker Unified Studio TOOLING blueprint (`catalog.tooling`).
    pub tooling: bool,
}

#[derive(Debug, Clone)]
pub struct ParameterGroup {
    pub label: String,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    String,
    Integer,
    Float,
    Boolean,
    Choice,
    Multiselect,
    Secret,
}

impl QuestionKind {
    pub const NAMES: &'static [&'static str] = &[
        "string",
        "integer",
        "float",
        "boolean",
        "choice",
        "multiselect",
        "secret",
    ];

    pub fn parse(name: &str) -> Option<QuestionKind> {
        Some(match name {
            "string" | "str" => QuestionKind::String,
            "integer" | "int" => QuestionKind::Integer,
            "float" => QuestionKind::Float,
            "boolean" | "bool" => QuestionKind::Boolean,
            "choice" => QuestionKind::Choice,
            "multiselect" => QuestionKind::Multiselect,
            "secret" => QuestionKind::Secret,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::String => "string",
            QuestionKind::Integer => "integer",
            QuestionKind::Float => "float",
            QuestionKind::Boolean => "boolean",
            QuestionKind::Choice => "choice",
            QuestionKind::Multiselect => "multiselect",
            QuestionKind::Secret => "secret",
        }
    }

    pub fn has_choices(self) -> bool {
        matches!(self, QuestionKind::Choice | QuestionKind::Multiselect)
    }
}

#[derive(Debug, Clone)]
pub struct Question {
    pub name: String,
    pub kind: QuestionKind,
    /// The text shown when asking; defaults to the name.
    pub prompt: String,
    pub help: Option<String>,
    pub default: Option<DefaultValue>,
    pub choices: Vec<Choice>,
    pub validators: Vec<Validator>,
    /// A Jinja expression; when false the question is not asked and its default is used.
    pub when: Option<String>,
    /// A template for a value that is never asked.
    pub computed: Option<String>,
    /// Earlier names: `jig update` takes a recorded answer under one of them.
    pub renamed_from: Vec<String>,
    /// Where the question is declared, for messages.
    pub location: Location,
}

impl Question {
    pub fn is_secret(&self) -> bool {
        self.kind == QuestionKind::Secret
    }
}

#[derive(Debug, Clone)]
pub enum DefaultValue {
    Scalar(String),
    List(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: Option<String>,
}

impl Choice {
    pub fn display(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.value)
    }
}

#[derive(Debug, Clone)]
pub struct Validator {
    pub rule: Rule,
    pub message: String,
}

#[derive(Debug, Clone)]
pub enum Rule {
    Regex(Regex),
    /// A Jinja expression over the answers so far plus `value`; truthy means valid.
    Expr(String),
}

/// A script `jig update` runs when an update crosses `version` (old < version <= new), for
/// what a merge cannot infer: renamed files, renamed answers.
#[derive(Debug, Clone)]
pub struct Migration {
    pub version: semver::Version,
    /// Relative to the blueprint root.
    pub script: String,
    /// Before the merge (it may rename files and edit the answers file) or after it.
    pub before: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Hooks {
    pub pre_gen: Vec<Hook>,
    pub post_gen: Vec<Hook>,
}

#[derive(Debug, Clone)]
pub struct Hook {
    pub action: HookAction,
    pub timeout: Option<u64>,
    pub when: Option<String>,
}

#[derive(Debug, Clone)]
pub enum HookAction {
    /// A script inside the blueprint directory (relative path).
    Script(String),
    /// One of jig's reusable hooks, by name.
    Builtin(String),
}

impl HookAction {
    pub fn describe(&self) -> String {
        match self {
            HookAction::Script(path) => path.clone(),
            HookAction::Builtin(name) => format!("use: {name}"),
        }
    }
}

/// One problem found in a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable code naming the rule (`jig lint` shows it; docs/lint.md lists them).
    pub code: &'static str,
    pub location: Location,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read blueprint manifest {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid blueprint manifest {}", path.display())]
    Invalid {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("{} needs jig {required}, but this is jig {ours}", path.display())]
    JigTooOld {
        path: PathBuf,
        required: String,
        ours: String,
    },
    #[error("blueprint {blueprint} makes several repositories ({}); which one was not said", known.join(", "))]
    RepositoryNeeded {
        blueprint: String,
        known: Vec<String>,
    },
    #[error("blueprint {blueprint} makes no repository `{name}`")]
    NoSuchRepository {
        blueprint: String,
        name: String,
        known: Vec<String>,
    },
}
