//! `jig init DEST --from-sagemaker SAMPLE`: a SageMaker project template, as AWS and the
//! community publish them, becomes a multi-repository blueprint in one step, whatever way the
//! sample seeds its repositories (`styles`: CodeCommit `Code.S3`, AWS's CodeBuild check-in
//! through CodeConnections, CodeStar GitHub repositories, a seeding Lambda function for GitLab
//! or Bitbucket, or a seed folder the team pushes itself).
//!
//! Planning is pure but for reading the sample: `plan` reads the template and each seed tree
//! (`tree`, every file of it), takes the sample's seeding out of the template (`edit`), and
//! returns the blueprint's files and a report of what was done: each repository and where its
//! seed code came from, what was removed because jig's seed step does that job now, what was
//! kept and what could not be imported. The seed code is copied verbatim (`files.copy`, and
//! `files.keep` for what jig otherwise leaves out), so `jig new` with the defaults gives back
//! each seed tree byte for byte; `verify` checks exactly that, against the whole tree, and
//! that the blueprint lints clean, before `init::write` moves anything into place.

mod cfn;
mod edit;
mod manifest;
mod product;
mod report;
mod roles;
mod seeds;
mod styles;
mod tree;

use super::{Error, NewFile};
use std::path::{Path, PathBuf};

use report::markdown;
pub(crate) use tree::SeedFile;

/// What an import did, for the terminal and the blueprint's `IMPORT.md`.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Report {
    /// The product template, as found in the sample.
    pub template: String,
    /// How the sample seeds (`Style::label`).
    pub style: String,
    /// The git providers the blueprint declares (`catalog.git.providers`).
    pub providers: Vec<String>,
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
    /// What seeded it in the sample (a resource's logical id).
    pub resource: String,
    /// The seed code the sample names (an S3 key).
    pub seed_key: String,
    /// Where the seed code was found (a folder or zip of the sample, or `--seed`).
    pub seed_from: String,
    pub files: usize,
    /// Files a `.gitignore` of the seed names: in the working tree, not in the first commit.
    pub ignored: Vec<String>,
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
    let (dir, file) = product::locate(sample)?;
    let text = std::fs::read_to_string(&file).map_err(super::io("read", &file))?;
    let mut product = product::Product::parse(&file, &text)?;
    if let Some(missing) = seeds.iter().find(|p| !p.exists()) {
        return Err(Error::Io {
            action: "read the --seed",
            path: missing.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder or zip"),
        });
    }
    let seedcode = dir.join("seedcode");
    let seeding = styles::detect(&product, seedcode.is_dir(), seeds.len());
    let Some(style) = seeding.style else {
        return Err(Error::NoSeeding {
            template: file.clone(),
            found: styles::inventory(&product),
            looked: styles::Style::ALL
                .iter()
                .map(|s| s.describe().to_string())
                .collect(),
        });
    };
    if seeding.repositories.is_empty() {
        return Err(Error::SeedingUnclear {
            template: file.clone(),
            style: style.describe(),
            why: seeding.notes.clone(),
        });
    }
    let found = &seeding.repositories;
    if !seeds.is_empty() && seeds.len() != found.len() {
        return Err(Error::SeedCount {
            given: seeds.len(),
            repositories: found.iter().map(|r| r.resource.clone()).collect(),
        });
    }
    let mut report = Report {
        template: display(&file, &dir),
        style: style.label().to_string(),
        providers: seeding.providers.iter().map(|p| p.to_string()).collect(),
        ..Report::default()
    };
    let mut trees = Vec::new();
    let mut files = Vec::new();
    for (i, repo) in found.iter().enumerate() {
        let (from, tree) = match seeds.get(i) {
            Some(path) => (path.display().to_string(), tree::read(path)?),
            None if style == styles::Style::SeedFolder => {
                ("seedcode/".into(), tree::read(&seedcode)?)
            }
            None => {
                let path = seeds::find(&dir, &repo.seed_key, found.len() == 1)
                    .ok_or_else(|| not_found(&dir, repo, style))?;
                (display(&path, &dir), tree::read(&path)?)
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
            ignored: tree::ignored(&tree),
        });
        trees.push((repo.name.clone(), tree));
    }
    let edits = edit::apply(&mut product, &seeding);
    report.removed.extend(edits.removed);
    report.removed.extend(product.replace_role_placeholders());
    report.kept.extend(edits.kept);
    report
        .kept
        .extend(product.own_parameters().into_iter().map(|p| {
            format!("parameter {p}: asked on the launch form and used by the template, as before")
        }));
    report.not_imported.extend(edits.not_imported);
    report
        .not_imported
        .extend(product.parameterise_placeholders());
    let product_text = product.to_text()?;
    let delimiters = manifest::delimiters_for(&product_text);
    files.insert(
        0,
        NewFile::text(
            "blueprint.yaml",
            &manifest::manifest(name, &product, &seeding, &delimiters),
        ),
    );
    files.insert(1, NewFile::text(product::PRODUCT_FILE, &product_text));
    files.insert(2, NewFile::text("IMPORT.md", &markdown(&report, sample)));
    Ok(Plan {
        files,
        report,
        trees,
    })
}

/// The error for seed code the sample names but does not hold.
fn not_found(dir: &Path, repo: &styles::Seeded, style: styles::Style) -> Error {
    let mut looked = seeds::looked_in(dir, &repo.seed_key);
    if style == styles::Style::CheckinBuild {
        looked.push(format!(
            "(`{}` is a key of AWS's bucket sagemaker-servicecatalog-seedcode-<region>, which the sample does not hold: download the zip, or use your own seed code)",
            repo.seed_key
        ));
    }
    Error::SeedNotFound {
        resource: repo.resource.clone(),
        key: repo.seed_key.clone(),
        looked,
    }
}

/// `path` relative to the sample folder when it is inside it.
fn display(path: &Path, dir: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

/// Renders each repository of the staged blueprint with its defaults and compares it with its
/// seed tree (every file: bytes, the executable bit, symlinks); then the blueprint must lint
/// without errors.
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
        tree::compare(&dir, tree).map_err(|detail| Error::RoundTrip {
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
