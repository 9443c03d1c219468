//! The import's report as the blueprint's `IMPORT.md`: how the sample seeded, each repository
//! and where its seed code came from, what was taken out of the template because jig's seed
//! step does that job now, what was kept, and what a person must still do.

use super::Report;
use std::path::Path;

pub(crate) fn markdown(report: &Report, sample: &Path) -> String {
    let name = sample
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let providers = match report.providers.as_slice() {
        [] => "any provider".to_string(),
        p => p
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mut md = format!(
        "# Imported from the SageMaker project template `{name}`\n\nMade by `jig init --from-sagemaker` from `{}`.\n\n- How the sample seeds: {}.\n- Git providers (`catalog.git`): {providers}.\n- `jig new` with the defaults gives back each repository's seed code byte for byte, every file\n  of it; `jig publish --service-catalog` seeds them.\n\n| repository | seeded by | seed code |\n|---|---|---|\n",
        report.template, report.style
    );
    for r in &report.repositories {
        md.push_str(&format!(
            "| `{}` | `{}` | `{}` ({} files) |\n",
            r.name, r.resource, r.seed_from, r.files
        ));
    }
    let ignored: Vec<String> = report
        .repositories
        .iter()
        .flat_map(|r| r.ignored.iter().map(move |f| format!("`{}/{f}`", r.name)))
        .collect();
    if !ignored.is_empty() {
        md.push_str(&format!(
            "\nA `.gitignore` of the seed code names {} file(s): `jig new` writes them, and git leaves\nthem out of the first commit, as it would for anyone ({}). To commit this blueprint with them,\n`git add --force` them.\n",
            ignored.len(),
            ignored.join(", ")
        ));
    }
    for (title, items) in [
        (
            "Removed or changed in the product template",
            &report.removed,
        ),
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
