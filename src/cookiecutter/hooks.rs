//! Cookiecutter's hooks: `hooks/pre_prompt.*`, `hooks/pre_gen_project.*`,
//! `hooks/post_gen_project.*`.
//!
//! As in Cookiecutter, every file in `hooks/` named after the hook (any extension, not a `~`
//! backup) runs, `.py` with Python and anything else directly; pre_gen and post_gen scripts
//! are first rendered with the context (and may change it through `cookiecutter.update`), and
//! run in the project directory. pre_prompt is not rendered: it runs in a copy of the template
//! that it may rewrite, and that copy is used from then on. Any non-zero exit fails the run,
//! and jig then removes everything it wrote (Cookiecutter leaves some of it). Several scripts
//! for one hook run in name order (Cookiecutter uses the directory's listing order).

use crate::blueprint::{Hook, HookAction};
use crate::hooks::{self, Stage};
use crate::render::Renderer;
use std::path::{Path, PathBuf};

pub(crate) const PRE_PROMPT: &str = "pre_prompt";
pub(crate) const PRE_GEN: &str = "pre_gen_project";
pub(crate) const POST_GEN: &str = "post_gen_project";

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Io(#[from] crate::fs_error::FsError),
    #[error("cannot render hook {}", path.display())]
    Render {
        path: PathBuf,
        #[source]
        error: crate::render::Error,
    },
    #[error(transparent)]
    Run(#[from] hooks::Error),
}

/// A hook's failure as the shared pipeline's: the engine knows no template format.
impl From<Error> for crate::generate::Error {
    fn from(e: Error) -> crate::generate::Error {
        match e {
            Error::Io(e) => crate::generate::Error::Io(e),
            Error::Render { error, .. } => crate::generate::Error::Render(error),
            Error::Run(e) => crate::generate::Error::Hook(e),
        }
    }
}

/// For `map_err`: the failure of `action` on `path` as this module's error.
fn io<'a>(
    action: &'static str,
    path: &'a std::path::Path,
) -> impl FnOnce(std::io::Error) -> Error + 'a {
    crate::fs_error::at(action, path)
}

/// The scripts of hook `name` in `<repo_dir>/hooks`, in name order.
pub(crate) fn find(repo_dir: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(repo_dir.join("hooks")) else {
        return Vec::new();
    };
    let mut scripts: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let file = p.file_name().unwrap_or_default().to_string_lossy();
            let stem = p.file_stem().unwrap_or_default().to_string_lossy();
            stem == name && !file.ends_with('~') && p.is_file()
        })
        .collect();
    scripts.sort();
    scripts
}

/// Every hook script of the template, in the order the stages run.
pub(crate) fn all(repo_dir: &Path) -> Vec<PathBuf> {
    [PRE_PROMPT, PRE_GEN, POST_GEN]
        .iter()
        .flat_map(|h| find(repo_dir, h))
        .collect()
}

/// A hook script rendered into a private directory, as `hooks/<name>` so messages name it.
pub(crate) struct RenderedHook {
    dir: crate::scratch::Scratch,
    rel: String,
}

/// Renders the scripts of hook `name` with the context (which they may update).
pub(crate) fn render(
    repo_dir: &Path,
    name: &str,
    renderer: &Renderer,
) -> Result<Vec<RenderedHook>, Error> {
    let mut rendered = Vec::new();
    for script in find(repo_dir, name) {
        let text = std::fs::read_to_string(&script).map_err(io("read", &script))?;
        let file = script.file_name().expect("a file").to_string_lossy();
        let rel = format!("hooks/{file}");
        let out = renderer
            .render_file(0, Path::new(&rel), &text)
            .map_err(|error| Error::Render {
                path: script.clone(),
                error,
            })?;
        let dir = crate::scratch::Scratch::new("jig-cookiecutter-hook-")
            .map_err(io("create a directory for", &script))?;
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().expect("has a parent"))
            .and_then(|_| std::fs::write(&path, out))
            .and_then(|_| make_executable(&path))
            .map_err(io("write", &path))?;
        rendered.push(RenderedHook { dir, rel });
    }
    Ok(rendered)
}

fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

/// Runs rendered scripts in `cwd`, one after the other; the first failure stops the run.
/// `output` hears each line they print.
pub(crate) fn run(
    stage: Stage,
    scripts: &[RenderedHook],
    cwd: &Path,
    output: Option<&(dyn Fn(&str) + Sync)>,
) -> Result<(), Error> {
    for script in scripts {
        run_one(stage, script.dir.path(), &script.rel, cwd, output)?;
    }
    Ok(())
}

fn run_one(
    stage: Stage,
    base: &Path,
    rel: &str,
    cwd: &Path,
    output: Option<&(dyn Fn(&str) + Sync)>,
) -> Result<(), Error> {
    let hook = Hook {
        action: HookAction::Script(rel.to_string()),
        timeout: None,
        when: None,
    };
    let inv = hooks::Invocation {
        stage,
        blueprint_dir: base,
        project_dir: cwd,
        env: &[],
        answers_json: "",
        exit_10_skips: false,
        output,
    };
    hooks::run(&hook, &inv)?;
    Ok(())
}

/// Runs `pre_prompt` in a copy of the template; returns the copy (to use from then on), or
/// `None` when the template has no such hook.
pub(crate) fn pre_prompt(repo_dir: &Path) -> Result<Option<crate::scratch::Scratch>, Error> {
    let scripts = find(repo_dir, PRE_PROMPT);
    if scripts.is_empty() {
        return Ok(None);
    }
    let tmp = crate::scratch::Scratch::new("jig-cookiecutter-")
        .map_err(io("create a copy of", repo_dir))?;
    copy_dir(repo_dir, tmp.path()).map_err(io("copy", repo_dir))?;
    for script in scripts {
        let rel = script
            .strip_prefix(repo_dir)
            .expect("below the template")
            .to_string_lossy()
            .into_owned();
        make_executable(&tmp.path().join(&rel)).map_err(io("prepare", &script))?;
        run_one(Stage::PrePrompt, tmp.path(), &rel, tmp.path(), None)?;
    }
    Ok(Some(tmp))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).expect("below from");
        let target = to.join(rel);
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
