//! The imported blueprint's `blueprint.yaml`: one question naming the project, one repository
//! per seeded repository, the seed code copied as it is, and the `catalog:` section binding the
//! product template and recording the git provider(s) the sample works with.

use super::product::{Product, PRODUCT_FILE};
use super::styles::Seeding;
use crate::blueprint::Delimiters;

/// Delimiters for the product template that none of its text uses (CloudFormation has `${}`
/// and `{{resolve:...}}` of its own).
pub(crate) fn delimiters_for(text: &str) -> Delimiters {
    let all = super::super::from_repo::candidates();
    all.iter()
        .skip(1)
        .find(|d| {
            [&d.variable.0, &d.block.0, &d.comment.0]
                .iter()
                .all(|open| !text.contains(open.as_str()))
        })
        .unwrap_or(&all[all.len() - 1])
        .clone()
}

/// The blueprint's manifest.
pub(crate) fn manifest(
    name: &str,
    product: &Product,
    seeding: &Seeding,
    delimiters: &Delimiters,
) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string");
    let default: String = name.chars().take(32).collect();
    let default = default.trim_end_matches('-');
    let description = match product.description.as_str() {
        "" => format!("{name}, imported from a SageMaker project template"),
        d => d.to_string(),
    };
    let mut m = format!(
        "# Imported by `jig init --from-sagemaker`; IMPORT.md says what the import did.\nname: {name}\nversion: 0.1.0\ndescription: {}\nproject_dir: \"{{{{ project_slug }}}}\"\n\nquestions:\n  project_slug:\n    prompt: SageMaker project name\n    help: Each repository is named after it.\n    default: {}\n    validate:\n      regex: '^[a-zA-Z](-*[a-zA-Z0-9]){{0,31}}$'\n      message: letters, digits and -, starting with a letter, at most 32 characters\n\n# One repository per repository the sample seeds (IMPORT.md says which and how).\nrepositories:\n",
        q(&description),
        q(default),
    );
    for r in &seeding.repositories {
        m.push_str(&format!(
            "  {}:\n    template: {}\n    directory: \"{{{{ project_slug }}}}-{}\"\n",
            r.name, r.name, r.name
        ));
    }
    let pair = |p: &(String, String)| format!("[{}, {}]", q(&p.0), q(&p.1));
    m.push_str(&format!(
        "\nfiles:\n  # The seed code is the sample's, copied as it is: `jig new` gives it back byte for byte.\n  copy: [\"**\"]\n  # Every seed file comes back, caches and notebook checkpoints too.\n  keep: [\"**\"]\n  # The product template keeps CloudFormation's own `${{}}` and `{{{{resolve:...}}}}`.\n  delimiters:\n    - files: [{}]\n      variable: {}\n      block: {}\n      comment: {}\n",
        q(PRODUCT_FILE),
        pair(&delimiters.variable),
        pair(&delimiters.block),
        pair(&delimiters.comment)
    ));
    m.push_str(&format!("\ncatalog:\n  cloudformation: {PRODUCT_FILE}\n"));
    let bound: Vec<_> = seeding
        .repositories
        .iter()
        .filter_map(|r| r.codecommit.as_ref().map(|id| (&r.name, id)))
        .collect();
    if !bound.is_empty() {
        m.push_str("  repositories:\n");
        for (name, id) in bound {
            m.push_str(&format!("    {name}: {id}\n"));
        }
    }
    if !seeding.providers.is_empty() || seeding.connection_at_launch {
        m.push_str("  # The git provider(s) the sample works with; docs/catalog.md.\n  git:\n");
        if !seeding.providers.is_empty() {
            m.push_str(&format!(
                "    providers: [{}]\n",
                seeding.providers.join(", ")
            ));
        }
        if seeding.connection_at_launch {
            m.push_str("    connection: launch\n");
        }
    }
    m.push_str("  answers:\n    project_slug: SageMakerProjectName\n");
    m
}
