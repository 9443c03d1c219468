//! `jig init`: write a skeleton blueprint, one made from a repository or a SageMaker project
//! template, or a first-party blueprint to start a house blueprint from.

use crate::cli::InitArgs;
use crate::error::Error;
use crate::init::{self, from_repo};
use crate::ui::Ui;

pub(super) fn run(args: &InitArgs, ui: &Ui) -> Result<(), Error> {
    let dir_name = crate::generate::absolute(&args.dir)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "blueprint".into());
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| slug::slugify(&dir_name));
    if let Some(sample) = &args.from_sagemaker {
        return sagemaker(args, sample, &name, ui);
    }
    if let Some(builtin) = &args.from_builtin {
        return from_builtin(args, builtin, &name, ui);
    }
    let Some(repo) = &args.from else {
        init::write(&args.dir, &init::skeleton(&name), |_| Ok(()))?;
        ui.status(
            "Created",
            &format!("blueprint `{name}` in {}", args.dir.display()),
        );
        ui.note("next: edit blueprint.yaml and template/, then `jig lint` and `jig test`");
        return Ok(());
    };
    if !repo.is_dir() {
        return Err(Error::NotADirectory {
            path: repo.clone(),
            what: "repository (--from)",
        });
    }
    let vars = from_repo::parse_vars(&args.vars)?;
    let (files, summary) = from_repo::build(repo, &name, &vars)?;
    if !summary.unused.is_empty() {
        return Err(init::Error::ValueNotFound {
            name: summary.unused.join(", "),
            repo: repo.clone(),
        }
        .into());
    }
    init::write(&args.dir, &files, |staged| from_repo::verify(repo, staged))?;
    ui.status(
        "Created",
        &format!(
            "blueprint `{name}` in {} from {} files of {} ({} templated)",
            args.dir.display(),
            summary.files,
            repo.display(),
            summary.templated.len()
        ),
    );
    for rel in &summary.delimited {
        ui.note(&format!(
            "{rel}: its text collides with `{{{{ }}}}`, so it renders with other delimiters"
        ));
    }
    for rel in &summary.copied {
        ui.note(&format!(
            "{rel}: holds `{{{{`-like text and no value; copied as it is"
        ));
    }
    ui.note(
        "checked: the blueprint renders back to the repository byte for byte with its defaults",
    );
    Ok(())
}

/// `--from-builtin`: a first-party blueprint written out under the new name.
fn from_builtin(args: &InitArgs, builtin: &str, name: &str, ui: &Ui) -> Result<(), Error> {
    let files = init::builtin::files(builtin, name)?;
    init::write(&args.dir, &files, |_| Ok(()))?;
    let version = crate::blueprint::Blueprint::load(&args.dir)?
        .manifest
        .version;
    let dir = args.dir.display();
    ui.status(
        "Created",
        &format!(
            "blueprint `{name}` in {dir} from the first-party blueprint `{builtin}` {version} ({} files)",
            files.len()
        ),
    );
    ui.note(&format!(
        "next: edit {dir}/blueprint.yaml and {dir}/template/, then `jig lint {dir}` and `jig publish {dir} --service-catalog --dry-run`"
    ));
    Ok(())
}

/// `--from-sagemaker`: plan, write staged, verify, then say what was done.
fn sagemaker(args: &InitArgs, sample: &std::path::Path, name: &str, ui: &Ui) -> Result<(), Error> {
    let spinner = ui.spinner_as("Importing", &sample.display().to_string());
    let result = init::sagemaker::plan(sample, &args.seeds, name).and_then(|plan| {
        init::write(&args.dir, &plan.files, |staged| {
            init::sagemaker::verify(staged, &plan.trees)
        })?;
        Ok(plan)
    });
    spinner.finish_and_clear();
    let plan = result?;
    let report = &plan.report;
    ui.status(
        "Created",
        &format!(
            "blueprint `{name}` in {} from {} ({} repositories, {})",
            args.dir.display(),
            report.template,
            report.repositories.len(),
            report.style
        ),
    );
    for r in &report.repositories {
        ui.note(&format!(
            "  {:<14} <- {} ({} files from {}), seeded by {}",
            r.name, r.seed_key, r.files, r.seed_from, r.resource
        ));
        if !r.ignored.is_empty() {
            ui.note(&format!(
                "  {:<14}    {} file(s) its .gitignore names: written by `jig new`, left out of the first commit as git would",
                "", r.ignored.len()
            ));
        }
    }
    if !report.providers.is_empty() {
        ui.note(&format!(
            "git providers: {} (catalog.git)",
            report.providers.join(", ")
        ));
    }
    for item in &report.removed {
        ui.note(&format!("removed: {item}"));
    }
    for item in &report.not_imported {
        ui.warn(&format!("not imported: {item}"));
    }
    ui.note("checked: `jig new` with the defaults gives back each seed tree byte for byte (every file, its executable bit, symlinks), and the blueprint lints clean");
    // A product for GitHub, GitLab or Bitbucket only is refused without its provider: say it.
    let provider = match report.providers.first() {
        Some(p) if !report.providers.iter().any(|p| p == "codecommit") => {
            format!(" --git-provider {p} --git-owner OWNER")
        }
        _ => String::new(),
    };
    ui.note(&format!(
        "next: read {}/IMPORT.md, then `jig publish {} --service-catalog --dry-run{provider}`",
        args.dir.display(),
        args.dir.display()
    ));
    Ok(())
}
