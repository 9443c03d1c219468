//! cfn-lint on the product templates `jig lint` builds: the findings jig's own additions
//! introduce, that is those the blueprint's own CloudFormation (rendered with the default
//! answers) does not have at the same place with the same rule. A blueprint's own findings are
//! its author's business; what jig adds (parameters, conditions, the seed resources, outputs,
//! the rewrites of answers and repository names) must add none.
//!
//! cfn-lint is an outside program: when it is not on `PATH` (or prints something that is not
//! its JSON report), nothing is checked and nothing is claimed. jig's own tests run it on the
//! product template of every provider.

use std::path::Path;

/// One cfn-lint finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Match {
    pub rule: String,
    /// `Error`, `Warning` or `Informational`.
    pub level: String,
    /// Where in the template: `Resources/JigSeedProject/Properties/Source`.
    pub path: String,
    pub message: String,
}

/// Runs cfn-lint on `files` (JSON report); each file's findings, or None when it cannot run.
fn run(files: &[&Path]) -> Option<Vec<(String, Match)>> {
    let out = std::process::Command::new("cfn-lint")
        .args(["--format", "json", "--"])
        .args(files)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let found = report
        .as_array()?
        .iter()
        .map(|m| {
            let path = m["Location"]["Path"]
                .as_array()
                .map(|parts| {
                    parts
                        .iter()
                        .map(|p| match p {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            (
                text(&m["Filename"]),
                Match {
                    rule: text(&m["Rule"]["Id"]),
                    level: text(&m["Level"]),
                    path,
                    message: text(&m["Message"]),
                },
            )
        })
        .collect();
    Some(found)
}

/// The findings of each product template (label, YAML text) that the blueprint's own
/// CloudFormation (`own`, YAML text) does not have; None when cfn-lint cannot run.
pub(super) fn introduced(own: &str, products: &[(String, String)]) -> Option<Vec<(String, Match)>> {
    let dir = tempfile::tempdir().ok()?;
    let own_path = dir.path().join("blueprint.yaml");
    std::fs::write(&own_path, own).ok()?;
    let mut paths = vec![own_path.clone()];
    for (i, (_, text)) in products.iter().enumerate() {
        let path = dir.path().join(format!("product-{i}.yaml"));
        std::fs::write(&path, text).ok()?;
        paths.push(path);
    }
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let found = run(&refs)?;
    let name = |p: &Path| p.to_string_lossy().into_owned();
    let theirs: Vec<(&str, &str)> = found
        .iter()
        .filter(|(file, _)| *file == name(&own_path))
        .map(|(_, m)| (m.rule.as_str(), m.path.as_str()))
        .collect();
    let mut out = Vec::new();
    for (i, (label, _)) in products.iter().enumerate() {
        let file = name(&paths[i + 1]);
        for (_, m) in found.iter().filter(|(f, _)| *f == file) {
            if !theirs.contains(&(m.rule.as_str(), m.path.as_str())) {
                out.push((label.clone(), m.clone()));
            }
        }
    }
    Some(out)
}
