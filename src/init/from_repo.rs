//! `jig init --from REPO --var NAME=VALUE`: a working repository becomes a blueprint.
//!
//! The repository's files (git-ignored files, `.git` and common build outputs left out) become
//! the template. In each text file and path, the values and their case variants become
//! expressions (`variables`); a file whose text already holds Jinja delimiters gets delimiters
//! of its own (a `files.delimiters` rule), or is copied verbatim when no value occurs in it.
//! Every templated file is rendered back on the spot and must equal the original, and `verify`
//! renders the whole staged blueprint and compares it with the repository before anything is
//! moved into place.

use super::names::{tools_look_for, BUILD_OUTPUTS};
use super::variables::{variants, Replacer, Var};
use super::{io, Error, NewFile, NewKind};
use crate::blueprint::Delimiters;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Delimiter sets tried, in order, for a file's text.
pub(crate) fn candidates() -> Vec<Delimiters> {
    let set = |v: (&str, &str), b: (&str, &str), c: (&str, &str)| Delimiters {
        variable: (v.0.into(), v.1.into()),
        block: (b.0.into(), b.1.into()),
        comment: (c.0.into(), c.1.into()),
    };
    vec![
        Delimiters::default(),
        set(("[[", "]]"), ("[%", "%]"), ("[#", "#]")),
        set(("<<", ">>"), ("<%", "%>"), ("<#", "#>")),
        set(("@@{", "}@@"), ("@@%", "%@@"), ("@@#", "#@@")),
    ]
}

/// `NAME=VALUE` flags as variables.
pub(crate) fn parse_vars(raw: &[String]) -> Result<Vec<Var>, Error> {
    raw.iter()
        .map(|pair| match pair.split_once('=') {
            Some((name, value))
                if crate::blueprint::validate::is_identifier(name.trim()) && !value.is_empty() =>
            {
                Ok(Var {
                    name: name.trim().to_string(),
                    value: value.to_string(),
                })
            }
            _ => Err(Error::BadVar(pair.clone())),
        })
        .collect()
}

/// A file of the repository.
#[derive(Debug)]
pub(crate) struct RepoFile {
    pub rel: String,
    pub kind: NewKind,
}

/// The repository's files, in path order.
pub(crate) fn repo_files(repo: &Path) -> Result<Vec<RepoFile>, Error> {
    let walker = ignore::WalkBuilder::new(repo)
        .hidden(false)
        .ignore(false)
        .parents(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| !BUILD_OUTPUTS.contains(&e.file_name().to_string_lossy().as_ref()))
        .build();
    let mut out = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| Error::Io {
            action: "read",
            path: repo.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let path = entry.path();
        let rel = path.strip_prefix(repo).expect("below the repository");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let meta = std::fs::symlink_metadata(path).map_err(io("read", path))?;
        let kind = if meta.file_type().is_symlink() {
            let target = std::fs::read_link(path).map_err(io("read", path))?;
            NewKind::Symlink {
                target: target.to_string_lossy().into_owned(),
            }
        } else if meta.is_file() {
            let bytes = std::fs::read(path).map_err(io("read", path))?;
            NewKind::File {
                bytes,
                mode: meta.permissions().mode() & 0o777,
            }
        } else {
            continue;
        };
        out.push(RepoFile { rel, kind });
    }
    Ok(out)
}

/// What `build` made, for the report.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub files: usize,
    pub templated: Vec<String>,
    /// Files with Jinja-like text, given their own delimiters.
    pub delimited: Vec<String>,
    /// Files with Jinja-like text and no value, copied verbatim.
    pub copied: Vec<String>,
    /// Variables whose value was found nowhere.
    pub unused: Vec<String>,
}

/// The blueprint's files: manifest and template tree.
pub(crate) fn build(
    repo: &Path,
    name: &str,
    vars: &[Var],
) -> Result<(Vec<NewFile>, Summary), Error> {
    let replacer = Replacer::new(variants(vars));
    let context = crate::render::to_value(
        &vars
            .iter()
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect::<BTreeMap<_, _>>(),
    );
    let envs: Vec<_> = candidates()
        .iter()
        .map(|d| (d.clone(), crate::render::base_environment(d)))
        .collect();
    let renders_back = |env: &minijinja::Environment, source: &str, original: &str| {
        env.render_str(source, &context)
            .is_ok_and(|r| r == original)
    };
    let mut summary = Summary::default();
    let mut used_text = String::new();
    let mut files = Vec::new();
    let mut copy = Vec::new();
    let mut delimiters: Vec<(String, Delimiters)> = Vec::new();
    let mut path_templates: Vec<String> = Vec::new();
    for file in repo_files(repo)? {
        summary.files += 1;
        let mut parts = Vec::new();
        for part in file.rel.split('/') {
            if part.contains("{{") || part.contains("{%") {
                return Err(Error::TemplatedName { path: file.rel });
            }
            let templated = (!tools_look_for(part))
                .then(|| replacer.replace(part, "{{", "}}"))
                .flatten()
                .filter(|t| renders_back(&envs[0].1, t, part));
            parts.push(templated.unwrap_or_else(|| part.to_string()));
        }
        let templated_rel = parts.join("/");
        path_templates.push(templated_rel.clone());
        let path = format!("template/{templated_rel}");
        used_text.push_str(&file.rel);
        let kind = match file.kind {
            NewKind::File { bytes, mode } => {
                let text = std::str::from_utf8(&bytes)
                    .ok()
                    .filter(|_| !crate::render::scan::looks_binary(&bytes));
                let Some(text) = text else {
                    files.push(NewFile {
                        path,
                        kind: NewKind::File { bytes, mode },
                    });
                    continue;
                };
                used_text.push_str(text);
                let jinja_like = ["{{", "{%", "{#"].iter().any(|o| text.contains(o));
                let chosen = envs.iter().find_map(|(d, env)| {
                    let openers = [&d.variable.0, &d.block.0, &d.comment.0];
                    if openers.iter().any(|o| text.contains(o.as_str())) {
                        return None;
                    }
                    let t = replacer.replace(text, &d.variable.0, &d.variable.1)?;
                    renders_back(env, &t, text).then(|| (d.clone(), t))
                });
                let bytes = match chosen {
                    Some((d, templated)) => {
                        summary.templated.push(file.rel.clone());
                        if d != Delimiters::default() {
                            summary.delimited.push(file.rel.clone());
                            delimiters.push((templated_rel.clone(), d));
                        }
                        templated.into_bytes()
                    }
                    None => {
                        if jinja_like {
                            summary.copied.push(file.rel.clone());
                            copy.push(templated_rel.clone());
                        }
                        bytes
                    }
                };
                NewKind::File { bytes, mode }
            }
            symlink => symlink,
        };
        files.push(NewFile { path, kind });
    }
    for var in vars {
        if !variants(std::slice::from_ref(var))
            .iter()
            .any(|v| used_text.contains(&v.text))
        {
            summary.unused.push(var.name.clone());
        }
    }
    let dir_name = repo
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".into());
    let project_dir = replacer
        .replace(&dir_name, "{{", "}}")
        .filter(|t| renders_back(&envs[0].1, t, &dir_name))
        .unwrap_or(dir_name.clone());
    path_templates.push(project_dir.clone());
    // A value that names files gets a validator, so an answer cannot hold `/` or `..`.
    let in_paths: Vec<&str> = vars
        .iter()
        .filter(|v| {
            path_templates.iter().any(|p| {
                p.contains(&format!("{{{{ {} ", v.name))
                    || p.contains(&format!("{{{{ {}}}", v.name))
            })
        })
        .map(|v| v.name.as_str())
        .collect();
    let manifest = manifest(
        name,
        &dir_name,
        &project_dir,
        vars,
        &in_paths,
        &copy,
        &delimiters,
    );
    files.insert(0, NewFile::text("blueprint.yaml", &manifest));
    Ok((files, summary))
}

/// The validator of a question whose answer names files: no `/` or `\`, no leading `.`.
const PATH_SAFE: &str = r"^[^/\\.][^/\\]*$";

fn manifest(
    name: &str,
    dir_name: &str,
    project_dir: &str,
    vars: &[Var],
    in_paths: &[&str],
    copy: &[String],
    delimiters: &[(String, Delimiters)],
) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string");
    let glob = |rel: &str| q(&format!("/{}", rule_glob(rel)));
    let mut m = format!(
        "# Made by `jig init --from` from {dir}; it renders back to it with the defaults.\nname: {name}\nversion: 0.1.0\ndescription: {desc}\nproject_dir: {pd}\n\nquestions:{empty}\n",
        dir = dir_name,
        name = q(name),
        desc = q(&format!("Projects like {dir_name}")),
        pd = q(project_dir),
        // Without --var the blueprint asks nothing: an empty mapping, not a null.
        empty = if vars.is_empty() { " {}" } else { "" },
    );
    let safe = regex::Regex::new(PATH_SAFE).expect("valid");
    for var in vars {
        let mut prompt = var.name.replace('_', " ");
        if let Some(first) = prompt.get(..1) {
            prompt = first.to_uppercase() + &prompt[1..];
        }
        m.push_str(&format!(
            "  {}:\n    prompt: {}\n    default: {}\n",
            var.name,
            q(&prompt),
            q(&var.value)
        ));
        if in_paths.contains(&var.name.as_str()) && safe.is_match(&var.value) {
            m.push_str(&format!(
                "    validate:\n      regex: {}\n      message: \"names files: no `/`, and no `.` first\"\n",
                q(PATH_SAFE)
            ));
        }
    }
    if !copy.is_empty() || !delimiters.is_empty() {
        m.push_str("\nfiles:\n");
    }
    if !copy.is_empty() {
        m.push_str(
            "  # Text that looks like Jinja and holds no value: copied as it is.\n  copy:\n",
        );
        for rel in copy {
            m.push_str(&format!("    - {}\n", glob(rel)));
        }
    }
    if !delimiters.is_empty() {
        m.push_str(
            "  # Text that looks like Jinja: these files use other delimiters.\n  delimiters:\n",
        );
        for (rel, d) in delimiters {
            m.push_str(&format!(
                "    - files: [{}]\n      variable: [{}, {}]\n      block: [{}, {}]\n      comment: [{}, {}]\n",
                glob(rel),
                q(&d.variable.0), q(&d.variable.1),
                q(&d.block.0), q(&d.block.1),
                q(&d.comment.0), q(&d.comment.1),
            ));
        }
    }
    m
}

/// The glob a file rule needs for a templated path: rules match rendered paths, so each
/// `{{ ... }}` becomes `*` and the rest is literal (`src/{{ name | snake_case }}/x.py` is
/// `src/*/x.py`).
fn rule_glob(templated: &str) -> String {
    static EXPR: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{\{.*?\}\}").expect("valid regex"));
    let mut out = String::new();
    let mut last = 0;
    for m in EXPR.find_iter(templated) {
        out.push_str(&globset::escape(&templated[last..m.start()]));
        out.push('*');
        last = m.end();
    }
    out.push_str(&globset::escape(&templated[last..]));
    out
}

/// Renders the staged blueprint with its defaults and compares it with the repository.
pub(crate) fn verify(repo: &Path, staged: &Path) -> Result<(), Error> {
    let fail = |detail: String| Error::RoundTrip {
        repo: repo.to_path_buf(),
        detail,
    };
    let blueprint = crate::blueprint::Blueprint::load(staged).map_err(|e| fail(e.to_string()))?;
    let set = crate::blueprint_tests::sets::AnswerSet::defaults();
    let (_work, project, _) = crate::blueprint_tests::render(&blueprint, &set).map_err(fail)?;
    let original = repo_files(repo)?;
    let rendered = repo_files(&project)?;
    let names = |files: &[RepoFile]| files.iter().map(|f| f.rel.clone()).collect::<Vec<_>>();
    if names(&original) != names(&rendered) {
        let (a, b) = (names(&original), names(&rendered));
        let missing: Vec<&String> = a.iter().filter(|n| !b.contains(n)).collect();
        let extra: Vec<&String> = b.iter().filter(|n| !a.contains(n)).collect();
        return Err(fail(format!(
            "files differ: missing {missing:?}, extra {extra:?}"
        )));
    }
    for (a, b) in original.iter().zip(&rendered) {
        let same = match (&a.kind, &b.kind) {
            (NewKind::File { bytes: x, mode: m }, NewKind::File { bytes: y, mode: n }) => {
                x == y && (m & 0o111 != 0) == (n & 0o111 != 0)
            }
            (NewKind::Symlink { target: x }, NewKind::Symlink { target: y }) => x == y,
            _ => false,
        };
        if !same {
            return Err(fail(format!("{} renders differently", a.rel)));
        }
    }
    Ok(())
}
