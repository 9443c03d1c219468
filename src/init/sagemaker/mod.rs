//! `jig init DEST --from-sagemaker SAMPLE`: a SageMaker project template as AWS publishes its
//! samples (a product CloudFormation template whose CodeCommit repositories take their first
//! commit from seed-code zips) becomes a multi-repository blueprint in one step.
//!
//! Planning is pure: `plan` reads the sample and its seed code and returns the blueprint's files
//! and a report of what was done (each repository and where its seed code came from, what was
//! removed from the template because jig's seed step does that job now, what was kept and what
//! could not be imported). The seed code is copied verbatim (`files.copy`), so `jig new` with
//! the defaults gives back each seed tree byte for byte; `verify` checks exactly that, and that
//! the blueprint lints clean, before `init::write` moves anything into place.

mod seeds;
mod template;

use super::{Error, NewFile};
use std::path::{Path, PathBuf};

pub(crate) use seeds::SeedFile;

/// What an import did, for the terminal and the blueprint's `IMPORT.md`.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Report {
    /// The product template, as found in the sample.
    pub template: String,
    pub repositories: Vec<Imported>,
    /// Changes to the product template (jig's seed step does these jobs).
    pub removed: Vec<String>,
    /// What the blueprint keeps as the sample had it, for the reader to know.
    pub kept: Vec<String>,
    /// What could not be imported and needs a person.
    pub not_imported: Vec<String>,
}

/// One repository the product seeds.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Imported {
    /// The repository's name in the blueprint (`model-build`).
    pub name: String,
    /// The template's `AWS::CodeCommit::Repository` it is seeded into.
    pub resource: String,
    /// The seed code the sample names (an S3 key).
    pub seed_key: String,
    /// Where the seed code was found (a folder or zip of the sample, or `--seed`).
    pub seed_from: String,
    pub files: usize,
}

/// The blueprint's files and the report.
pub(crate) struct Plan {
    pub files: Vec<NewFile>,
    pub report: Report,
    /// Each repository's seed tree, to compare the render with.
    pub trees: Vec<(String, Vec<SeedFile>)>,
}

/// Plans the import of `sample` (a folder or its product template) as blueprint `name`;
/// `seeds` name the seed code of each repository in order, where the sample does not say.
pub(crate) fn plan(sample: &Path, seeds: &[PathBuf], name: &str) -> Result<Plan, Error> {
    let (dir, file) = template::locate(sample)?;
    let text = std::fs::read_to_string(&file).map_err(super::io("read", &file))?;
    let mut product = template::Product::parse(&file, &text)?;
    let found = product.seeded_repositories();
    if found.is_empty() {
        return Err(Error::NoSeededRepository {
            template: file.clone(),
            other: product.other_seeding(),
        });
    }
    if let Some(missing) = seeds.iter().find(|p| !p.exists()) {
        return Err(Error::Io {
            action: "read the --seed",
            path: missing.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder or zip"),
        });
    }
    if !seeds.is_empty() && seeds.len() != found.len() {
        return Err(Error::SeedCount {
            given: seeds.len(),
            repositories: found.iter().map(|r| r.resource.clone()).collect(),
        });
    }
    let mut report = Report {
        template: display(&file, &dir),
        ..Report::default()
    };
    let mut trees = Vec::new();
    let mut files = Vec::new();
    for (i, repo) in found.iter().enumerate() {
        let (from, tree) = match seeds.get(i) {
            Some(path) => (path.display().to_string(), seeds::read(path)?),
            None => {
                let path =
                    seeds::find(&dir, &repo.seed_key, found.len() == 1).ok_or_else(|| {
                        Error::SeedNotFound {
                            resource: repo.resource.clone(),
                            key: repo.seed_key.clone(),
                            looked: seeds::looked_in(&dir, &repo.seed_key),
                        }
                    })?;
                (display(&path, &dir), seeds::read(&path)?)
            }
        };
        for f in &tree {
            files.push(f.as_new_file(&repo.name));
        }
        report.repositories.push(Imported {
            name: repo.name.clone(),
            resource: repo.resource.clone(),
            seed_key: repo.seed_key.clone(),
            seed_from: from,
            files: tree.len(),
        });
        report.removed.push(format!(
            "`Code` of {} (the seed zip {}): jig's seed step pushes the repository `{}` instead",
            repo.resource, repo.seed_key, repo.name
        ));
        trees.push((repo.name.clone(), tree));
    }
    product.remove_seed_code(&found);
    report.removed.extend(product.replace_role_placeholders());
    report
        .kept
        .extend(product.own_parameters().into_iter().map(|p| {
            format!("parameter {p}: asked on the launch form and used by the template, as before")
        }));
    report
        .not_imported
        .extend(product.placeholders().into_iter().map(|(at, p)| {
            format!(
            "`{p}` at {at}: a placeholder AWS's tooling fills in; give it a parameter or a value"
        )
        }));
    report.not_imported.extend(product.other_seeding());
    let product_text = product.to_text()?;
    let delimiters = template::delimiters_for(&product_text);
    files.insert(
        0,
        NewFile::text(
            "blueprint.yaml",
            &template::manifest(name, &product, &found, &delimiters),
        ),
    );
    files.insert(1, NewFile::text(template::PRODUCT_FILE, &product_text));
    files.insert(2, NewFile::text("IMPORT.md", &markdown(&report, sample)));
    Ok(Plan {
        files,
        report,
        trees,
    })
}

/// `path` relative to the sample folder when it is inside it.
fn display(path: &Path, dir: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

/// The report as the blueprint's `IMPORT.md`.
pub(crate) fn markdown(report: &Report, sample: &Path) -> String {
    let name = sample
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut md = format!(
        "# Imported from the SageMaker project template `{name}`\n\nMade by `jig init --from-sagemaker` from `{}`. `jig new` with the defaults gives back each\nrepository's seed code byte for byte; `jig publish --service-catalog` seeds them.\n\n| repository | seeded into | seed code |\n|---|---|---|\n",
        report.template
    );
    for r in &report.repositories {
        md.push_str(&format!(
            "| `{}` | `{}` | `{}` ({} files) |\n",
            r.name, r.resource, r.seed_from, r.files
        ));
    }
    for (title, items) in [
        ("Changed in the product template", &report.removed),
        ("Kept as the sample has it", &report.kept),
        ("Not imported: needs a person", &report.not_imported),
    ] {
        if items.is_empty() {
            continue;
        }
        md.push_str(&format!("\n## {title}\n\n"));
        for item in items {
            md.push_str(&format!("- {item}\n"));
        }
    }
    md
}

/// Renders each repository of the staged blueprint with its defaults and compares it with its
/// seed tree (bytes and the executable bit); then the blueprint must lint without errors.
pub(crate) fn verify(staged: &Path, trees: &[(String, Vec<SeedFile>)]) -> Result<(), Error> {
    let fail = |detail: String| Error::Invalid(detail);
    let blueprint = crate::blueprint::Blueprint::load(staged).map_err(|e| fail(e.to_string()))?;
    let set = crate::blueprint_tests::sets::AnswerSet::defaults();
    let (_work, root, answers) = crate::blueprint_tests::render(&blueprint, &set).map_err(fail)?;
    for (view, (name, tree)) in blueprint.each_repository().iter().zip(trees) {
        use crate::generate::Template;
        let template = crate::generate::blueprint::BlueprintTemplate::new(view, &answers);
        let dir = root.join(
            template
                .project_dir_name()
                .map_err(|e| fail(e.to_string()))?,
        );
        seeds::compare(&dir, tree).map_err(|detail| Error::RoundTrip {
            repo: PathBuf::from(name),
            detail,
        })?;
    }
    let errors: Vec<String> = crate::lint::lint(staged)
        .into_iter()
        .filter(|f| f.severity == crate::lint::Severity::Error)
        .map(|f| format!("{}:{}:{}: {}", f.file, f.line, f.column, f.message))
        .collect();
    if !errors.is_empty() {
        return Err(fail(format!(
            "it does not lint clean:\n{}",
            errors.join("\n")
        )));
    }
    Ok(())
}
