//! The render plan: what each template entry becomes, decided in memory before any write.
//!
//! Planning renders paths (not contents), applies the blueprint's file rules, and refuses
//! anything that would escape the destination or write two sources to one path. Because it is
//! pure, `--pretend` can show it and tests can check it without a filesystem.

use super::paths::{check_relative, resolve_link, LinkProblem};
use super::rules::FileRules;
use super::scan::{Entry, EntryKind};
use super::Renderer;
use std::collections::HashMap;
use std::path::PathBuf;

/// Files no blueprint wants in a generated project, unless it keeps them (`files.keep`, as a
/// blueprint imported from seed code does, to give every seed file back).
const ALWAYS_EXCLUDED: &[&str] = &[".DS_Store", "__pycache__"];
/// A repository's history is never a template's file.
const NEVER: &[&str] = &[".git"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// Render as a template with delimiter profile N (copied as-is if it turns out binary).
    Render { profile: usize },
    /// Copy the bytes verbatim (a `files.copy` rule).
    Copy,
    /// Recreate a symlink with this target.
    Symlink { target: String },
}

#[derive(Debug, Clone)]
pub(crate) struct PlannedFile {
    /// Source path, relative to the template root.
    pub src: String,
    /// Destination path, relative to the project root.
    pub dst: String,
    pub action: Action,
    pub mode: u32,
    /// Matched a `files.create_once` rule: the team owns it after generation.
    pub create_once: bool,
    /// Variables this file alone sees, over the renderer's context (a Copier `{% yield %}`
    /// in its path binds one).
    pub vars: Option<minijinja::Value>,
}

#[derive(Debug, Clone)]
pub(crate) struct Skipped {
    pub src: String,
}

#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub dirs: Vec<String>,
    pub files: Vec<PlannedFile>,
    pub skipped: Vec<Skipped>,
    pub text: TextRules,
}

/// How rendered files decide "binary or text" and which newline they get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum TextRules {
    /// jig's rules: binary means a NUL byte or invalid UTF-8; newlines are kept as written.
    #[default]
    Verbatim,
    /// Python tools' rules (Cookiecutter's): binaryornot's verdict, and the newline Python's
    /// universal-newline reader detects per file (or the one forced).
    Sniffed { new_lines: Option<String> },
    /// Jinja's own rules (Copier's): a template is read as UTF-8 text whatever its bytes
    /// (line breaks normalised by the renderer); one that is not UTF-8 is an error, or
    /// copied as it is when `copy_undecodable` (Copier's empty `_templates_suffix`).
    Jinja { copy_undecodable: bool },
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Render(#[from] super::Error),
    #[error("template path `{src}` renders to `{rendered}`, which {reason}")]
    UnsafePath {
        src: String,
        rendered: String,
        reason: super::paths::Unsafe,
    },
    #[error("template paths `{first}` and `{second}` both render to `{dst}`")]
    Collision {
        dst: String,
        first: String,
        second: String,
    },
    #[error("symlink `{src}` points at `{target}`, which resolves outside the generated project")]
    SymlinkOutside { src: String, target: String },
    #[error(
        "symlink `{src}` points at `{target}`, which takes more than {} links to resolve (a loop)",
        super::paths::MAX_LINK_HOPS
    )]
    SymlinkLoop { src: String, target: String },
    #[error(
        "`{src}` in the template is a {kind}; only files, directories and symlinks can be rendered"
    )]
    SpecialFile { src: String, kind: &'static str },
    #[error("`{src}` in the template links to `{target}`, outside the template")]
    LinkLeavesTemplate { src: String, target: String },
    #[error("the name of `{src}` in the template is not UTF-8; template paths must be UTF-8")]
    NotUtf8 { src: String },
    #[error("cannot read the template tree at {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Plans the render of `entries` (from `scan`) with the given rules and context.
pub(crate) fn plan(
    entries: &[Entry],
    rules: &FileRules,
    renderer: &Renderer,
) -> Result<Plan, Error> {
    let mut plan = Plan::default();
    // Rendered destination of each source dir; `None` when the dir (and all below) is skipped.
    let mut dirs: HashMap<&str, Option<String>> = HashMap::new();
    let mut taken: HashMap<String, String> = HashMap::new();
    let always = excluded(ALWAYS_EXCLUDED);
    let never = excluded(NEVER);

    for entry in entries {
        let (parent, name) = match entry.rel.rsplit_once('/') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, entry.rel.as_str()),
        };
        let parent_dst = match parent {
            Some(p) => match dirs.get(p) {
                Some(Some(dst)) => Some(dst.clone()),
                _ => {
                    // Inside a skipped directory: the whole subtree goes with it.
                    if entry.kind == EntryKind::Dir {
                        dirs.insert(&entry.rel, None);
                    }
                    continue;
                }
            },
            None => None,
        };
        let rendered_name = renderer
            .render_str(&entry.rel, name)
            .map_err(|e| super::Error {
                path: renderer.shown(&entry.rel),
                ..e
            })?;
        let skip = |plan: &mut Plan| {
            plan.skipped.push(Skipped {
                src: entry.rel.clone(),
            })
        };
        if rendered_name.trim().is_empty() {
            skip(&mut plan);
            if entry.kind == EntryKind::Dir {
                dirs.insert(&entry.rel, None);
            }
            continue;
        }
        let joined = match &parent_dst {
            Some(p) => format!("{p}/{rendered_name}"),
            None => rendered_name.clone(),
        };
        let dst = check_relative(&joined).map_err(|reason| Error::UnsafePath {
            src: entry.rel.clone(),
            rendered: joined.clone(),
            reason,
        })?;
        let left_out = never.is_match(&dst)
            || (always.is_match(&dst) && !rules.keep.is_match(&dst))
            || rules.exclude.is_match(&dst);
        if left_out {
            skip(&mut plan);
            if entry.kind == EntryKind::Dir {
                dirs.insert(&entry.rel, None);
            }
            continue;
        }
        if let Some(first) = taken.insert(dst.clone(), entry.rel.clone()) {
            if entry.kind != EntryKind::Dir {
                return Err(Error::Collision {
                    dst,
                    first,
                    second: entry.rel.clone(),
                });
            }
        }
        let action = match &entry.kind {
            EntryKind::Dir => {
                dirs.insert(&entry.rel, Some(dst.clone()));
                plan.dirs.push(dst);
                continue;
            }
            EntryKind::Symlink { target } => Action::Symlink {
                target: target.clone(),
            },
            EntryKind::File { .. } if rules.copy.is_match(&dst) => Action::Copy,
            EntryKind::File { .. } => Action::Render {
                profile: rules.syntax_for(&dst),
            },
        };
        let mode = match entry.kind {
            EntryKind::File { mode } => mode,
            _ => 0o777,
        };
        plan.files.push(PlannedFile {
            vars: None,
            create_once: rules.create_once.is_match(&dst),
            src: entry.rel.clone(),
            dst,
            action,
            mode,
        });
    }
    plan.check_links()?;
    Ok(plan)
}

impl Error {
    /// The template path the error is about, when it is about one entry.
    pub(crate) fn template_path(&self) -> Option<&str> {
        match self {
            Error::UnsafePath { src, .. }
            | Error::SymlinkOutside { src, .. }
            | Error::SymlinkLoop { src, .. }
            | Error::SpecialFile { src, .. }
            | Error::LinkLeavesTemplate { src, .. }
            | Error::NotUtf8 { src } => Some(src),
            Error::Collision { second, .. } => Some(second),
            Error::Render(_) | Error::Io { .. } => None,
        }
    }
}

impl Plan {
    /// Every symlink the plan creates must resolve inside the project, through the plan's
    /// other links too, so it means the same while staged and once moved into place.
    pub(crate) fn check_links(&self) -> Result<(), Error> {
        let links: HashMap<&str, &str> = self
            .files
            .iter()
            .filter_map(|f| match &f.action {
                Action::Symlink { target } => Some((f.dst.as_str(), target.as_str())),
                _ => None,
            })
            .collect();
        for file in &self.files {
            let Action::Symlink { target } = &file.action else {
                continue;
            };
            match resolve_link(&file.dst, target, &links) {
                Ok(()) => {}
                Err(LinkProblem::Outside) => {
                    return Err(Error::SymlinkOutside {
                        src: file.src.clone(),
                        target: target.clone(),
                    })
                }
                Err(LinkProblem::Loop) => {
                    return Err(Error::SymlinkLoop {
                        src: file.src.clone(),
                        target: target.clone(),
                    })
                }
            }
        }
        Ok(())
    }
}

fn excluded(patterns: &[&str]) -> globset::GlobSet {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        for expanded in super::rules::expand_glob(pattern) {
            builder.add(globset::Glob::new(&expanded).expect("built-in globs are valid"));
        }
    }
    builder.build().expect("built-in globs are valid")
}
