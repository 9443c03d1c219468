//! Copier's walk of a template (`Worker._render_template` and `_render_parts`), as a jig plan.
//!
//! Everything under `_subdirectory` is visited; each path is rendered part by part (a part
//! that renders empty drops the path, a part holding `{% yield NAME from ITEMS %}` becomes one
//! path per item, and that item is a variable of everything below it); a name ending in the
//! templates suffix loses it and has its content rendered, others are copied as they are; a
//! file with a templated sibling (`a.txt` beside `a.txt.jinja`) gives way to it; the rendered
//! destination path is matched against `_exclude` (pathspec's gitignore rules, see `pathspec`)
//! and, in an existing project, `_skip_if_exists`. Directories are made even when empty;
//! symlinks are followed unless `_preserve_symlinks`, and never out of the template.

use super::pathspec::PathSpec;
use super::template::Template;
use crate::render::plan::{Action, Plan, PlannedFile, Skipped, TextRules};
use crate::render::Renderer;
use minijinja::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Render(#[from] crate::render::Error),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("template path `{src}` leads outside the template through a symlink")]
    SymlinkOutside { src: String },
    #[error("template path `{src}` renders to `{rendered}`, which {reason}")]
    UnsafePath {
        src: String,
        rendered: String,
        reason: crate::render::paths::Unsafe,
    },
    #[error("template path `{src}` has more than one `yield` tag (Copier allows one)")]
    TwoYields { src: String },
    #[error("template path `{src}`: `yield ... from {expr}`: {message}")]
    Yield {
        src: String,
        expr: String,
        message: String,
    },
    #[error("`_{setting}` pattern `{pattern}` is not a valid gitignore pattern")]
    Pattern { setting: String, pattern: String },
    #[error("template paths `{first}` and `{second}` both render to `{dst}`")]
    Collision {
        dst: String,
        first: String,
        second: String,
    },
}

/// What the walk needs besides the template.
pub(crate) struct Walk<'a> {
    pub template: &'a Template,
    /// The rendered `_subdirectory`'s directory: paths are relative to it.
    pub copy_root: &'a Path,
    pub renderer: &'a Renderer,
    /// The rendered answers file path (a part rendering to it is that file).
    pub answers_file: &'a str,
    pub exclude: &'a PathSpec,
    pub skip_if_exists: &'a PathSpec,
    /// The project directory as it is now, when rendering into an existing one.
    pub existing: Option<&'a Path>,
    /// The `{% yield %}` pattern for the template's delimiters, compiled once.
    pub yield_pattern: std::sync::OnceLock<regex::Regex>,
}

impl Walk<'_> {
    pub(crate) fn plan(&self) -> Result<Plan, Error> {
        let t = self.template;
        let mut plan = Plan {
            text: TextRules::Jinja {
                copy_undecodable: t.suffix.is_empty(),
            },
            ..Plan::default()
        };
        let real_root = std::fs::canonicalize(&t.root).map_err(|source| Error::Read {
            path: t.root.clone(),
            source,
        })?;
        let walker = walkdir::WalkDir::new(self.copy_root)
            .min_depth(1)
            .follow_links(!t.preserve_symlinks)
            .sort_by_file_name();
        let mut seen: std::collections::HashMap<String, String> = Default::default();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Read {
                path: e.path().unwrap_or(self.copy_root).to_path_buf(),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a symlink loop")),
            })?;
            let rel = entry
                .path()
                .strip_prefix(self.copy_root)
                .expect("walkdir stays below its root")
                .to_string_lossy()
                .into_owned();
            let is_link = entry.path_is_symlink();
            if is_link && !t.preserve_symlinks {
                let real = std::fs::canonicalize(entry.path()).map_err(|source| Error::Read {
                    path: entry.path().to_path_buf(),
                    source,
                })?;
                if !real.starts_with(&real_root) {
                    return Err(Error::SymlinkOutside { src: rel });
                }
            }
            for (dst, vars) in self.render_path(&rel)? {
                if self.exclude.matches(&dst) {
                    continue;
                }
                let src = rel.clone();
                if entry.file_type().is_dir() && !(is_link && t.preserve_symlinks) {
                    plan.dirs.push(dst);
                    continue;
                }
                if let Some(first) = seen.insert(dst.clone(), src.clone()) {
                    return Err(Error::Collision {
                        dst,
                        first,
                        second: src,
                    });
                }
                if self.existing.is_some_and(|d| d.join(&dst).exists())
                    && self.skip_if_exists.matches(&dst)
                {
                    plan.skipped.push(Skipped { src });
                    continue;
                }
                let name = entry.file_name().to_string_lossy();
                let is_template = name.ends_with(&t.suffix);
                let action = if is_link && t.preserve_symlinks {
                    let target =
                        std::fs::read_link(entry.path()).map_err(|source| Error::Read {
                            path: entry.path().to_path_buf(),
                            source,
                        })?;
                    let target = target.to_string_lossy();
                    let target = match is_template {
                        true => self
                            .renderer
                            .render_str_with(&src, &target, vars.as_ref())?,
                        false => target.into_owned(),
                    };
                    Action::Symlink { target }
                } else if is_template {
                    Action::Render { profile: 0 }
                } else {
                    Action::Copy
                };
                let mode = entry
                    .metadata()
                    .map_err(|e| Error::Read {
                        path: entry.path().to_path_buf(),
                        source: e
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("unreadable")),
                    })?
                    .permissions()
                    .mode()
                    & 0o7777;
                // Copier never updates a `_skip_if_exists` file that exists: the team owns it
                // after generation, which is what jig calls create-once.
                let create_once = self.skip_if_exists.matches(&dst);
                plan.files.push(PlannedFile {
                    src,
                    dst,
                    action,
                    mode,
                    create_once,
                    vars,
                });
            }
        }
        Ok(plan)
    }

    /// `_render_path`: the destination paths (and their variables) of one template path.
    fn render_path(&self, rel: &str) -> Result<Vec<(String, Option<Value>)>, Error> {
        let suffix = &self.template.suffix;
        let is_template = rel.ends_with(suffix.as_str());
        if !suffix.is_empty() && self.copy_root.join(format!("{rel}{suffix}")).exists() {
            return Ok(Vec::new());
        }
        let rel = match !suffix.is_empty() && is_template {
            true => without_suffix(rel),
            false => rel.to_string(),
        };
        let parts: Vec<&str> = rel.split('/').collect();
        let mut out = Vec::new();
        self.render_parts(
            rel.as_str(),
            &parts,
            Vec::new(),
            None,
            is_template,
            &mut out,
        )?;
        Ok(out)
    }

    fn render_parts(
        &self,
        src: &str,
        parts: &[&str],
        done: Vec<String>,
        vars: Option<Value>,
        is_template: bool,
        out: &mut Vec<(String, Option<Value>)>,
    ) -> Result<(), Error> {
        let Some((part, rest)) = parts.split_first() else {
            let path = done.join("/");
            let sibling = self
                .template
                .root
                .join(format!("{path}{}", self.template.suffix));
            if is_template || !sibling.exists() {
                let safe = crate::render::paths::check_relative(&path).map_err(|reason| {
                    Error::UnsafePath {
                        src: src.to_string(),
                        rendered: path.clone(),
                        reason,
                    }
                })?;
                out.push((safe, vars));
            }
            return Ok(());
        };
        let each: Vec<(String, Option<Value>)> = match self.yield_tag(part) {
            Some(tag) => {
                let tag = tag?;
                let items = self.eval(src, &tag.expr, vars.as_ref())?;
                let mut each = Vec::new();
                for item in items {
                    let one: std::collections::BTreeMap<String, Value> =
                        [(tag.name.clone(), item)].into();
                    let inner = match &vars {
                        Some(v) => minijinja::value::merge_maps([Value::from(one), v.clone()]),
                        None => Value::from(one),
                    };
                    let text = self
                        .renderer
                        .render_str_with(src, &tag.unwrapped, Some(&inner))?;
                    each.push((text, Some(inner)));
                }
                each
            }
            None => vec![(
                self.renderer.render_str_with(src, part, vars.as_ref())?,
                vars.clone(),
            )],
        };
        for (rendered, vars) in each {
            if rendered == self.answers_file {
                out.push((self.answers_file.to_string(), vars));
                continue;
            }
            if rendered.is_empty() {
                continue;
            }
            let mut next = done.clone();
            next.push(rendered);
            self.render_parts(src, rest, next, vars, is_template, out)?;
        }
        Ok(())
    }

    /// The `{% yield NAME from EXPR %}BODY{% endyield %}` of `part`, if it has one.
    fn yield_tag(&self, part: &str) -> Option<Result<YieldTag, Error>> {
        if !part.contains("yield") {
            return None;
        }
        let re = self.yield_pattern.get_or_init(|| {
            let (open, close) = &self.template.envops.block;
            let (o, c) = (regex::escape(open), regex::escape(close));
            regex::Regex::new(&format!(
                r"(?s){o}-?\s*yield\s+(\w+)\s+from\s+(.+?)\s*-?{c}(.*?){o}-?\s*endyield\s*-?{c}"
            ))
            .expect("a valid pattern")
        });
        let mut found = re.captures_iter(part);
        let first = found.next()?;
        if found.next().is_some() {
            return Some(Err(Error::TwoYields {
                src: part.to_string(),
            }));
        }
        let whole = first.get(0).expect("group 0");
        Some(Ok(YieldTag {
            name: first[1].to_string(),
            expr: first[2].to_string(),
            unwrapped: format!(
                "{}{}{}",
                &part[..whole.start()],
                &first[3],
                &part[whole.end()..]
            ),
        }))
    }

    /// The items of a `yield` expression.
    fn eval(&self, src: &str, expr: &str, vars: Option<&Value>) -> Result<Vec<Value>, Error> {
        let context = match vars {
            Some(v) => minijinja::value::merge_maps([v.clone(), self.renderer.context().clone()]),
            None => self.renderer.context().clone(),
        };
        let fail = |message: String| Error::Yield {
            src: src.to_string(),
            expr: expr.to_string(),
            message,
        };
        let value = self
            .renderer
            .environment()
            .compile_expression(expr)
            .and_then(|e| e.eval(&context))
            .map_err(|e| fail(e.to_string()))?;
        if value.is_undefined() || value.is_none() {
            return Ok(Vec::new());
        }
        let items = value.try_iter().map_err(|e| fail(e.to_string()))?;
        Ok(items.collect())
    }
}

struct YieldTag {
    name: String,
    expr: String,
    /// The part with the tag replaced by its body.
    unwrapped: String,
}

/// Python's `PurePath.with_suffix("")`: the last name loses its last `.ext`.
fn without_suffix(rel: &str) -> String {
    let (dir, name) = match rel.rsplit_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, rel),
    };
    let stem = match name.rfind('.') {
        Some(i) if i > 0 && i < name.len() - 1 => &name[..i],
        _ => name,
    };
    match dir {
        Some(d) => format!("{d}/{stem}"),
        None => stem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn suffix_goes_as_python_takes_it_off() {
        assert_eq!(super::without_suffix("a/README.md.jinja"), "a/README.md");
        assert_eq!(super::without_suffix("x.tmpl"), "x");
        assert_eq!(super::without_suffix(".jinja"), ".jinja");
    }
}
