//! `jig init`: write a skeleton blueprint, or one made from a repository.

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
