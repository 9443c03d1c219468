//! Cookiecutter's walk of the project template, as a render plan.
//!
//! Cookiecutter walks the project template top-down in name order, matches
//! `_copy_without_render` (Python `fnmatch`, where `*` also matches `/`) against the
//! *unrendered* relative paths, renders each relative path as one string, skips files whose
//! name renders empty, copies copy-only directories whole (names inside not rendered, symlinks
//! followed) and turns symlinked directories into empty ones. Where Cookiecutter endangers
//! users, jig plans the safe thing instead: a directory whose name renders empty is skipped
//! with everything below it (Cookiecutter fails, or with `-f` writes to `/`), and a path that
//! renders absolute or climbs out with `..` is refused, and so is a symlink that leads out of
//! the template (Cookiecutter would copy the user's file into the project) or anything that is
//! not a file, a directory or a symlink.

use crate::render::paths::check_relative;
use crate::render::plan::{Action, Error, Plan, PlannedFile, Skipped, TextRules};
use crate::render::scan::special_kind;
use crate::render::Renderer;
use std::collections::{HashMap, HashSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Plans the render of the project template at `root`.
pub(crate) fn plan(
    root: &Path,
    copy_without_render: &[String],
    new_lines: Option<String>,
    renderer: &Renderer,
) -> Result<Plan, Error> {
    let patterns: Vec<regex::Regex> = copy_without_render.iter().map(|p| fnmatch(p)).collect();
    let real_root = std::fs::canonicalize(root).map_err(|e| io_error(root, e))?;
    let mut walk = Walk {
        root,
        real_root,
        copy_only: &patterns,
        renderer,
        plan: Plan {
            text: TextRules::Sniffed { new_lines },
            ..Plan::default()
        },
        dirs: HashSet::new(),
        taken: HashMap::new(),
    };
    walk.dir("")?;
    Ok(walk.plan)
}

struct Walk<'a> {
    root: &'a Path,
    /// `root` with its symlinks resolved: every link followed must end below it.
    real_root: PathBuf,
    copy_only: &'a [regex::Regex],
    renderer: &'a Renderer,
    plan: Plan,
    dirs: HashSet<String>,
    /// Destination -> source of every planned file.
    taken: HashMap<String, String>,
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

impl Walk<'_> {
    fn is_copy_only(&self, rel: &str) -> bool {
        self.copy_only.iter().any(|p| p.is_match(rel))
    }

    /// What a symlink in the template points at, once checked to stay inside the template:
    /// Cookiecutter reads through links, and a link must never bring in the user's files.
    fn followed(&self, src: &str, path: &Path) -> Result<std::fs::FileType, Error> {
        let leaves = || Error::LinkLeavesTemplate {
            src: src.to_string(),
            target: std::fs::read_link(path)
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let real = std::fs::canonicalize(path).map_err(|_| leaves())?;
        if !real.starts_with(&self.real_root) {
            return Err(leaves());
        }
        Ok(std::fs::metadata(&real)
            .map_err(|e| io_error(path, e))?
            .file_type())
    }

    fn render(&self, rel: &str) -> Result<String, Error> {
        self.renderer.render_str(rel, rel).map_err(|e| {
            Error::Render(crate::render::Error {
                path: self.renderer.shown(rel),
                ..e
            })
        })
    }

    /// Checks a rendered path; `None` when one of its names rendered empty.
    fn checked(&self, src: &str, rendered: &str) -> Result<Option<String>, Error> {
        // Entries below a skipped directory are never visited, so a leading `/` is a name that
        // renders absolute (Cookiecutter would write there), not an empty parent.
        if rendered.is_empty()
            || !rendered.starts_with('/') && rendered.split('/').any(str::is_empty)
        {
            return Ok(None);
        }
        check_relative(rendered)
            .map(Some)
            .map_err(|reason| Error::UnsafePath {
                src: src.to_string(),
                rendered: rendered.to_string(),
                reason,
            })
    }

    fn skip(&mut self, src: &str) {
        self.plan.skipped.push(Skipped {
            src: src.to_string(),
        });
    }

    fn dir(&mut self, rel: &str) -> Result<(), Error> {
        let abs = self.root.join(rel);
        // (name, is a directory, is a symlink): os.walk counts a symlink to a directory as a
        // directory, and does not enter it.
        let mut entries: Vec<(String, bool, bool)> = std::fs::read_dir(&abs)
            .map_err(|e| io_error(&abs, e))?
            .map(|entry| {
                let entry = entry.map_err(|e| io_error(&abs, e))?;
                let src = join(rel, &entry.file_name().to_string_lossy());
                let Ok(name) = entry.file_name().into_string() else {
                    return Err(Error::NotUtf8 { src });
                };
                let kind = entry.file_type().map_err(|e| io_error(&entry.path(), e))?;
                let is_link = kind.is_symlink();
                let followed = if is_link {
                    self.followed(&src, &entry.path())?
                } else {
                    kind
                };
                if let Some(kind) = special_kind(followed) {
                    return Err(Error::SpecialFile { src, kind });
                }
                Ok((name, followed.is_dir(), is_link))
            })
            .collect::<Result<_, Error>>()?;
        entries.sort();
        let (dirs, files): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.1);

        let mut descend = Vec::new();
        for (name, _, is_link) in &dirs {
            let src = join(rel, name);
            let rendered = self.render(&src)?;
            let Some(dst) = self.checked(&src, &rendered)? else {
                self.skip(&src);
                continue;
            };
            if self.is_copy_only(&src) {
                self.copy_tree(&src, &dst)?;
                continue;
            }
            self.dirs.insert(dst.clone());
            self.plan.dirs.push(dst);
            if !is_link {
                descend.push(src);
            }
        }
        for (name, _, _) in &files {
            let src = join(rel, name);
            let rendered = self.render(&src)?;
            let Some(dst) = self.checked(&src, &rendered)? else {
                self.skip(&src);
                continue;
            };
            if self.dirs.contains(&dst) {
                // The name rendered to an existing directory: Cookiecutter's "empty name" case.
                self.skip(&src);
                continue;
            }
            let action = if self.is_copy_only(&src) {
                Action::Copy
            } else {
                Action::Render { profile: 0 }
            };
            self.push_file(src, dst, action)?;
        }
        for src in descend {
            self.dir(&src)?;
        }
        Ok(())
    }

    fn push_file(&mut self, src: String, dst: String, action: Action) -> Result<(), Error> {
        let path = self.root.join(&src);
        let meta = std::fs::metadata(&path).map_err(|e| io_error(&path, e))?;
        if let Some(first) = self.taken.insert(dst.clone(), src.clone()) {
            return Err(Error::Collision {
                dst,
                first,
                second: src,
            });
        }
        self.plan.files.push(PlannedFile {
            src,
            dst,
            action,
            mode: meta.permissions().mode() & 0o7777,
            create_once: false,
            vars: None,
        });
        Ok(())
    }

    /// `shutil.copytree`: everything below `src`, names as they are, symlinks followed.
    fn copy_tree(&mut self, src: &str, dst: &str) -> Result<(), Error> {
        self.dirs.insert(dst.to_string());
        self.plan.dirs.push(dst.to_string());
        let base = self.root.join(src);
        let mut inner = Vec::new();
        for entry in walkdir::WalkDir::new(&base)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| io_error(&base, e.into()))?;
            let inside = entry.path().strip_prefix(&base).expect("below base");
            let Some(rel) = inside.to_str().map(str::to_string) else {
                return Err(Error::NotUtf8 {
                    src: format!("{src}/{}", inside.to_string_lossy()),
                });
            };
            if entry.path_is_symlink() {
                self.followed(&format!("{src}/{rel}"), entry.path())?;
            }
            if let Some(kind) = special_kind(entry.file_type()) {
                return Err(Error::SpecialFile {
                    src: format!("{src}/{rel}"),
                    kind,
                });
            }
            inner.push((rel, entry.file_type().is_dir()));
        }
        for (rel, is_dir) in inner {
            let to = format!("{dst}/{rel}");
            if is_dir {
                self.dirs.insert(to.clone());
                self.plan.dirs.push(to);
            } else {
                self.push_file(format!("{src}/{rel}"), to, Action::Copy)?;
            }
        }
        Ok(())
    }
}

/// Python's `fnmatch.translate`: `*` matches anything (slashes too), `?` one character,
/// `[...]`/`[!...]` a set; everything else literally; the whole path must match.
pub(crate) fn fnmatch(pattern: &str) -> regex::Regex {
    let chars: Vec<char> = pattern.chars().collect();
    let mut re = String::from("(?s)^");
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '[' => {
                let mut j = i;
                if j < chars.len() && chars[j] == '!' {
                    j += 1;
                }
                if j < chars.len() && chars[j] == ']' {
                    j += 1;
                }
                while j < chars.len() && chars[j] != ']' {
                    j += 1;
                }
                if j >= chars.len() {
                    re.push_str("\\[");
                } else {
                    let mut set: String = chars[i..j].iter().collect();
                    i = j + 1;
                    set = set.replace('\\', "\\\\");
                    if let Some(rest) = set.strip_prefix('!') {
                        set = format!("^{rest}");
                    } else if set.starts_with('^') {
                        set = format!("\\{set}");
                    }
                    re.push_str(&format!("[{}]", set.replace('[', "\\[")));
                }
            }
            other => re.push_str(&regex::escape(&other.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).unwrap_or_else(|_| {
        regex::Regex::new(&format!("^{}$", regex::escape(pattern))).expect("escaped")
    })
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn fnmatch_is_pythons() {
        assert!(fnmatch("*.html").is_match("docs/index.html"));
        assert!(fnmatch("{{cookiecutter.repo_name}}/*").is_match("{{cookiecutter.repo_name}}/a/b"));
        assert!(fnmatch("rendered/[!x]y").is_match("rendered/ay"));
        assert!(!fnmatch("rendered/[!x]y").is_match("rendered/xy"));
        assert!(!fnmatch("*.txt").is_match("a.txt.bak"));
        assert!(fnmatch("a?c").is_match("abc"));
    }
}
