//! The fleet report as SARIF 2.1.0, for code-scanning dashboards: one result per drifted
//! file and per blueprint that is behind, as `jig check --format sarif` has them, located in
//! their repository through `originalUriBaseIds` (one base per repository), plus one result
//! per repository that could not be read or checked. Pure.

use super::report::{FleetReport, LinkStatus, RepoState};
use crate::sync::compare::State;
use crate::sync::report::VersionStatus;
use serde_json::{json, Map, Value};

const RULES: [(&str, &str); 5] = [
    ("jig/modified", "A file the blueprint produces was changed"),
    ("jig/missing", "A file the blueprint produces was deleted"),
    ("jig/behind", "A newer blueprint version is available"),
    ("jig/unreadable", "The repository could not be read"),
    (
        "jig/unknown",
        "A blueprint in the repository could not be checked",
    ),
];

pub(crate) fn sarif(report: &FleetReport) -> String {
    let mut results = Vec::new();
    let mut bases = Map::new();
    for (i, repo) in report.repositories.iter().enumerate() {
        let base = format!("REPO{i}");
        bases.insert(
            base.clone(),
            json!({ "uri": format!("{}/", repo.location.trim_end_matches('/')), "description": { "text": repo.name } }),
        );
        let at = |path: &str| json!([{ "physicalLocation": { "artifactLocation": { "uri": path, "uriBaseId": base } } }]);
        if repo.status == RepoState::Unreadable {
            results.push(json!({
                "ruleId": "jig/unreadable",
                "level": "error",
                "message": { "text": format!("{}: {}", repo.name, repo.reason.as_deref().unwrap_or("")) },
            }));
            continue;
        }
        for link in &repo.blueprints {
            for f in &link.content.drifted {
                results.push(json!({
                    "ruleId": format!("jig/{}", f.state.name()),
                    "level": "error",
                    "message": { "text": file_message(&repo.name, link, &f.path, f.state) },
                    "locations": at(&f.path),
                }));
            }
            if link.version.status == VersionStatus::Behind {
                results.push(json!({
                    "ruleId": "jig/behind",
                    "level": if link.version.allowed { "note" } else { "warning" },
                    "message": { "text": format!(
                        "{}: blueprint {} is at {}; {} is available",
                        repo.name, link.blueprint, link.version.current,
                        link.version.latest.as_deref().unwrap_or("a newer version")
                    ) },
                    "locations": at(&link.answers_file),
                }));
            }
            for detail in [&link.version.detail, &link.content.detail]
                .into_iter()
                .flatten()
            {
                results.push(json!({
                    "ruleId": "jig/unknown",
                    "level": "error",
                    "message": { "text": format!("{}: blueprint {}: {detail}", repo.name, link.blueprint) },
                    "locations": at(&link.answers_file),
                }));
            }
        }
    }
    crate::sync::report::sarif_document(&RULES, results, Some(Value::Object(bases)))
}

fn file_message(repo: &str, link: &LinkStatus, path: &str, state: State) -> String {
    let what = match state {
        State::Missing => "was deleted",
        _ => "was changed",
    };
    format!(
        "{repo}: {path} is produced by blueprint {} {} and {what}",
        link.blueprint, link.version.current
    )
}
