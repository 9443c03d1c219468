//! Messages and hints for the errors of the engine and the template formats: sources and
//! registries, blueprints, answers, Cookiecutter templates, rendering, generation and hooks.

use super::{Report, EXIT_BLUEPRINT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_UNTRUSTED, EXIT_USAGE};
use crate::{blueprint, cookiecutter, generate, hooks, prompt, render, settings, source};

pub(super) fn cookiecutter_report(e: &cookiecutter::Error) -> Report {
    let r = Report::new(e.to_string(), EXIT_BLUEPRINT).causes(e);
    match e {
        cookiecutter::Error::Extension { .. } => r
            .detail("jig runs the extension modules a template ships beside cookiecutter.json (with --trust), and provides Cookiecutter's built-in ones natively; this one is neither")
            .hint("ship the module in the template (`local_extensions.py` or a package beside cookiecutter.json), or remove the entry"),
        cookiecutter::Error::Extensions(crate::jinja_ext::Error::NoJinja2 { python }) => r
            .detail("the template names its own Python modules in `_extensions`; they import Jinja2")
            .hint(format!("install it there (`{python} -m pip install jinja2 cookiecutter`), or point JIG_PYTHON at a Python that has it")),
        cookiecutter::Error::Extensions(crate::jinja_ext::Error::Spawn { .. }) => r
            .hint("set JIG_PYTHON to the Python interpreter that should run the template's extensions"),
        cookiecutter::Error::NoProjectTemplate { .. } => r.hint(
            "a Cookiecutter template keeps its files in a directory such as `{{cookiecutter.project_slug}}`",
        ),
        _ => r,
    }
}

pub(super) fn context_report(e: &cookiecutter::context::Error) -> Report {
    use cookiecutter::context::Error as C;
    match e {
        C::Render { key, error } => {
            // The line and column are the value's, not the file's: the excerpt shows the value.
            let mut r = render_report(error);
            r.message = format!(
                "unable to render variable `{key}` in {}: {}",
                error.path.display(),
                error.message
            );
            r
        }
        C::UnknownKeys { keys, known, .. } => unknown_keys_hints(
            Report::new(e.to_string(), EXIT_USAGE),
            keys,
            known,
            "the template's variables",
        ),
        C::Ask(prompt::AskError::Interrupted) => interrupted("nothing was written"),
        C::Ask(_) => Report::new(e.to_string(), EXIT_FAILED),
        C::EmptyChoices { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT),
        C::Override { .. } => Report::new(e.to_string(), EXIT_USAGE),
    }
}

pub(super) fn source_report(e: &source::Error) -> Report {
    use source::git_remote::Error as G;
    use source::Error as S;
    let usage = Report::new(e.to_string(), EXIT_USAGE).causes(e);
    let failed = Report::new(e.to_string(), EXIT_FAILED).causes(e);
    let offline_hint = "run once without --offline to fill the cache (JIG_CACHE_DIR)";
    match e {
        S::NotFound { given, .. } => typo(usage, given, source::builtin_names())
            .hint(format!(
                "first-party blueprints: {} (see `jig list`)",
                source::builtin_names().join(", ")
            ))
            .hint("a directory needs a path (`./NAME`); a git repository a URL (`gh:org/repo`, `https://...`)"),
        S::NoMatch { available, .. } => usage
            .detail(format!("available: {}", available.join(", ")))
            .hint("`jig show SOURCE` lists every version; add --pre to allow prereleases"),
        S::NoVersions { .. } => usage.hint("tag a release (`git tag v1.0.0`), or name a branch or commit with @REQ"),
        S::BuiltinVersion { .. } => usage.hint("first-party blueprints come in the version built into jig; use a registry or git source for others"),
        S::Git(G::Auth { tried, .. }) => {
            let mut r = failed;
            if !tried.is_empty() {
                r = r.detail(format!("tried: {}", tried.join(", ")));
            }
            r.hint("check that `git ls-remote URL` works; jig uses ssh-agent, ~/.ssh/id_* keys and git credential helpers (`git config credential.helper`)")
        }
        S::Git(G::UnknownHost { .. } | G::Unreachable { .. }) => {
            failed.hint("check the URL and the network; if jig fetched this source before, --offline uses the cached copy")
        }
        S::Git(G::NoRepository { .. }) => usage.hint("check the URL; `git ls-remote URL` should list its branches"),
        S::Git(G::NotCached { .. }) => failed.hint(offline_hint),
        S::Git(G::MissingRef { .. }) => usage.hint("`jig show SOURCE` lists the versions; `git ls-remote URL` lists branches and tags"),
        S::Git(G::Refused { .. }) => failed.hint("a branch protection rule or server hook refused it; jig pushes only its own jig/* branches"),
        S::Git(_) => failed,
        S::Registry(r) => registry_report(r, usage, failed, offline_hint),
        S::Ambiguous { .. } => Report::new(e.to_string(), EXIT_UNTRUSTED)
            .hint("spell it as git connects to it: scheme://host[:port]/path, the host in ASCII, without `?`, `#`, `\\` or percent-encoding"),
        S::Spec(_) | S::Conflict { .. } | S::NotAVersion { .. } | S::NoDirectory { .. } | S::NoSubdir { .. } => usage,
        S::SubdirOutside { .. } => usage.hint("a blueprint's directory is a relative path inside its repository or folder (`//templates/api`, `--directory templates/api`); check the project's recorded `directory:` in .jig/"),
        S::NoManifest { given, .. } => usage.hint(format!(
            "to render it as a Copier template with no questions, name the project directory: jig new {given} DEST"
        )),
        S::NotThatFormat { found, .. } if found.is_empty() => usage,
        S::NotThatFormat { found, .. } => usage.hint(format!(
            "it is {}: pass --template-format {}, or leave the flag out",
            found.iter().map(|f| f.described()).collect::<Vec<_>>().join(" and "),
            found.iter().map(|f| f.name()).collect::<Vec<_>>().join(" or ")
        )),
        S::Extract { .. } => usage,
    }
}

pub(super) fn registry_report(
    e: &crate::registry::Error,
    usage: Report,
    failed: Report,
    offline_hint: &str,
) -> Report {
    use crate::registry::Error as R;
    match e {
        R::Unknown { known, .. } => usage.hint(format!(
            "configured registries: {} (under `registries:` in {})",
            known.join(", "),
            settings::Config::path().map_or("the config file".into(), |p| p.display().to_string())
        )),
        R::NoVersion { available, .. } if !available.is_empty() => usage
            .detail(format!("available: {}", available.join(", ")))
            .hint("add --pre to allow prereleases"),
        R::NoVersion { .. } | R::NoBlueprint { .. } => usage,
        R::Immutable { published, ours, .. } => failed
            .detail(format!("published: {published}"))
            .detail(format!("this one:  {ours}"))
            .hint("published versions never change; raise `version:` in blueprint.yaml and publish again"),
        R::DigestMismatch { .. } => failed.hint("the registry's bundle was altered or damaged; nothing was used. Tell the registry's owners"),
        R::NotCached { .. } => failed.hint(offline_hint),
        R::Remote { hint: Some(h), .. } => failed.hint(h.clone()),
        R::BadEntry { .. } => failed.hint("the registry's metadata was not written by `jig publish`; nothing was read through it. Tell the registry's owners"),
        R::Unpack { problem, .. } => {
            use crate::registry::bundle::UnpackError as U;
            let r = failed.detail("nothing was kept in the cache");
            match problem.as_ref() {
                U::Over(over) => r
                    .hint("a blueprint is rarely that large: the bundle may be broken or hostile; tell the registry's owners")
                    .hint(format!("if it really is that large, raise the limit with {} in the config file", over.how_to_raise())),
                U::Kind { .. } | U::Outside { .. } => r.hint("the bundle was not made by `jig publish`; nothing of it was used. Tell the registry's owners"),
                U::Io(_) => r,
            }
        }
        _ => failed,
    }
}

pub(super) fn blueprint_report(e: &blueprint::Error) -> Report {
    match e {
        blueprint::Error::Invalid { path, diagnostics } => {
            let n = diagnostics.len();
            let mut r = Report::new(
                format!(
                    "{} has {n} problem{}",
                    path.display(),
                    if n == 1 { "" } else { "s" }
                ),
                EXIT_BLUEPRINT,
            );
            for d in diagnostics {
                r = r.detail(format!(
                    "{}:{}:{}: {}",
                    path.display(),
                    d.location.line,
                    d.location.column,
                    d.message
                ));
            }
            r.hint("docs/blueprint.md describes every manifest key")
        }
        blueprint::Error::JigTooOld { .. } => {
            Report::new(e.to_string(), EXIT_BLUEPRINT).hint("install a newer jig")
        }
        blueprint::Error::Read { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT).causes(e),
        blueprint::Error::RepositoryNeeded { known, .. } => Report::new(e.to_string(), EXIT_USAGE)
            .hint(format!(
                "`jig new` makes all of them; to render one, pass --repository with one of: {}",
                known.join(", ")
            )),
        blueprint::Error::NoSuchRepository { name, known, .. } => {
            let r = Report::new(e.to_string(), EXIT_USAGE);
            match crate::suggest::did_you_mean(name, known) {
                _ if known.is_empty() => r.hint("it makes one repository: leave out --repository"),
                Some(dym) => r.hint(format!("{dym} (it makes: {})", known.join(", "))),
                None => r.hint(format!("it makes: {}", known.join(", "))),
            }
        }
    }
}

pub(super) fn answers_report(e: &prompt::Error) -> Report {
    match e {
        prompt::Error::Invalid(problems) => {
            let n = problems.len();
            let mut r = Report::new(
                format!("{n} invalid answer{}", if n == 1 { "" } else { "s" }),
                EXIT_USAGE,
            );
            for p in problems {
                let origin = p
                    .origin
                    .as_ref()
                    .map_or(String::new(), |o| format!(" (from {o})"));
                r = r.detail(format!("{}{origin}: {}", p.question, p.message));
            }
            r
        }
        prompt::Error::Missing { names, defaulted } => {
            let message = match defaulted {
                true => "questions without an answer or a default",
                false => "questions without an answer, and no terminal to ask them in",
            };
            let mut r = Report::new(message, EXIT_USAGE);
            for name in names {
                r = r.detail(format!("{name}: pass --data {name}=VALUE"));
            }
            match defaulted {
                true => r.hint("or give them all in a file: --data-file answers.yaml"),
                false => r.hint("pass --defaults to take every question's default"),
            }
        }
        prompt::Error::UnknownKeys {
            keys,
            known,
            computed,
            from,
        } => {
            let plural = if keys.len() == 1 { "" } else { "s" };
            let mut r = Report::new(
                format!(
                    "{from} {} unknown question{plural}: {}",
                    if from.contains(" and ") {
                        "name"
                    } else {
                        "names"
                    },
                    keys.join(", ")
                ),
                EXIT_USAGE,
            );
            for name in computed {
                r = r.detail(format!(
                    "`{name}` is computed from the other answers, so it is never asked"
                ));
            }
            unknown_keys_hints(r, keys, known, "this blueprint asks")
        }
        prompt::Error::Ask(prompt::AskError::Interrupted) => interrupted("nothing was written"),
        prompt::Error::Ask(e) => Report::new(e.to_string(), EXIT_FAILED),
    }
}

/// The hints for `--data` keys no question has: the nearest question of each, and the list
/// of those that can be answered (`label`: "this blueprint asks").
pub(super) fn unknown_keys_hints(
    mut r: Report,
    keys: &[String],
    known: &[String],
    label: &str,
) -> Report {
    let list = format!("{label}: {}", known.join(", "));
    let near: Vec<(&String, String)> = keys
        .iter()
        .filter_map(|k| crate::suggest::nearest(k, known).map(|n| (k, n)))
        .collect();
    match near.as_slice() {
        [(_, n)] if keys.len() == 1 => r.hint(format!("did you mean `{n}`? ({list})")),
        _ => {
            for (k, n) in &near {
                r = r.hint(format!("`{k}`: did you mean `{n}`?"));
            }
            r.hint(list)
        }
    }
}

/// Adds "did you mean" for a mistyped name (`given`, its `@REQ` left out) when a known one
/// is near it.
fn typo(r: Report, given: &str, known: impl IntoIterator<Item = impl AsRef<str>>) -> Report {
    let name = given.split('@').next().unwrap_or(given);
    match crate::suggest::did_you_mean(name, known) {
        Some(hint) => r.hint(hint),
        None => r,
    }
}

pub(super) fn render_report(e: &render::Error) -> Report {
    let mut r = Report::new(
        format!("cannot render {}: {}", e.location(), e.message),
        EXIT_FAILED,
    );
    r.excerpt = e.excerpt();
    r = r.detail("nothing was written");
    match e.hint() {
        Some(hint) => r.hint(hint),
        None => r,
    }
}

pub(super) fn generate_report(e: &generate::Error) -> Report {
    use generate::Error as G;
    match e {
        G::Render(e) | G::Plan(render::plan::Error::Render(e)) | G::Write(render::write::Error::Render(e)) => {
            render_report(e)
        }
        G::Hook(h) => hook_report(h),
        G::DestinationSymlink { .. } => Report::new(e.to_string(), EXIT_USAGE)
            .detail("nothing was written")
            .hint("remove the link, or pass --output-dir where the link points"),
        G::Write(render::write::Error::TooLarge { .. }) => Report::new(e.to_string(), EXIT_FAILED)
            .detail("nothing was left behind")
            .hint("add it to `files.copy` (`_copy_without_render` in Cookiecutter) to copy it unrendered, or raise the limit with --max-file-size"),
        G::Plan(p @ render::plan::Error::SymlinkOutside { .. }) | G::Plan(p @ render::plan::Error::SymlinkLoop { .. }) | G::Plan(p @ render::plan::Error::LinkLeavesTemplate { .. }) => Report::new(p.to_string(), EXIT_FAILED)
            .detail("nothing was left behind")
            .hint("a template may link only to paths inside itself; `jig lint` lists every such link"),
        G::SameDirectory { .. } => Report::new(e.to_string(), EXIT_BLUEPRINT)
            .detail("nothing was written")
            .hint("give each entry of `repositories:` its own `directory:` template in blueprint.yaml"),
        G::DestinationExists { .. } => Report::new(e.to_string(), EXIT_USAGE)
            .hint("pass --overwrite to replace its files, --skip-if-exists to keep them, or choose another --output-dir"),
        G::KindConflicts { paths, .. } => {
            let mut r = Report::new(e.to_string(), EXIT_FAILED);
            for path in paths {
                r = r.detail(path.display().to_string());
            }
            r.detail("nothing was changed")
                .hint("move those paths aside, or generate into another --output-dir")
        }
        G::Interrupted | G::Write(render::write::Error::Interrupted) => {
            interrupted("the partial files were removed, nothing was left behind")
        }
        G::Git(git @ generate::git::Error::Repository { source, storage, .. }) => {
            let mut r = Report::new(e.to_string(), EXIT_FAILED).causes(git);
            // libgit2 may pass on only its own callback's failure: say what the disk said.
            let errno = match storage {
                Some(std::io::ErrorKind::ReadOnlyFilesystem) => Some(libc::EROFS),
                Some(_) => Some(libc::ENOSPC),
                None => None,
            };
            if let Some(errno) = errno.filter(|_| source.class() != git2::ErrorClass::Os) {
                r = r.detail(format!("caused by: {}", std::io::Error::from_raw_os_error(errno)));
            }
            r.detail("nothing was left behind")
                .hint("pass --no-git to skip creating a repository")
        }
        G::Git(git) => Report::new(e.to_string(), EXIT_FAILED)
            .causes(git)
            .hint("pass --no-git to skip creating a repository"),
        _ => Report::new(e.to_string(), EXIT_FAILED)
            .causes(e)
            .detail("nothing was left behind"),
    }
}

/// What a failed hook left: nothing (generation runs in a staging directory), or the project
/// as it was (a migration's update is rolled back).
pub(super) enum Aftermath {
    NothingLeft,
    Restored,
}

impl Aftermath {
    fn detail(&self) -> &'static str {
        match self {
            Aftermath::NothingLeft => "nothing was left behind",
            Aftermath::Restored => {
                "the project was restored to its last commit; the answers file is unchanged"
            }
        }
    }
}

pub(crate) fn hook_report(e: &hooks::Error) -> Report {
    hook_report_after(e, Aftermath::NothingLeft)
}

pub(super) fn hook_report_after(e: &hooks::Error, after: Aftermath) -> Report {
    let output = match e {
        hooks::Error::Failed { output, .. }
        | hooks::Error::Killed { output, .. }
        | hooks::Error::TimedOut { output, .. } => Some(output),
        _ => None,
    };
    if matches!(e, hooks::Error::Interrupted) {
        return match after {
            Aftermath::NothingLeft => {
                interrupted("the partial files were removed, nothing was left behind")
            }
            Aftermath::Restored => interrupted(after.detail()),
        };
    }
    let mut r = Report::new(e.to_string(), EXIT_FAILED).causes(e);
    if let Some(output) = output.filter(|o| !o.trim().is_empty()) {
        r = r.detail("hook output:");
        for line in output.trim_end().lines() {
            r = r.detail(format!("  | {line}"));
        }
    }
    r = r.detail(after.detail());
    if matches!(e, hooks::Error::TimedOut { .. }) {
        r = r.hint("raise the limit with the hook's `timeout` or JIG_HOOK_TIMEOUT");
    }
    r
}

/// A run stopped by Ctrl-C, SIGTERM or SIGHUP: which command, and what it left.
pub(super) fn interrupted(aftermath: &str) -> Report {
    Report::new(crate::interrupt::stopped(aftermath), EXIT_INTERRUPTED)
}
