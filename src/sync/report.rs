//! What `jig check` and `jig update` found, as data, and the machine formats CI reads:
//! JSON (schema `jig.check/v1`, documented in docs/check.md), SARIF 2.1.0 and GitHub
//! workflow annotations. Pure: strings in, strings out; `ui` prints them.

use super::compare::{FileState, State};
use super::merge::Outcome;
use serde::Serialize;
use serde_json::json;

pub(crate) const CHECK_SCHEMA: &str = "jig.check/v1";
pub(crate) const UPDATE_SCHEMA: &str = "jig.update/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    Clean,
    Behind,
    Diverged,
    BehindAndDiverged,
    /// An axis could not be checked (the error says why).
    Error,
}

#[derive(Debug, Serialize)]
pub(crate) struct CheckReport {
    pub schema: &'static str,
    pub project: String,
    pub status: Status,
    pub blueprints: Vec<BlueprintCheck>,
    /// Files no blueprint produces (the team's own); never drift.
    pub unmanaged: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct BlueprintCheck {
    pub blueprint: String,
    pub answers_file: String,
    pub source: String,
    pub version: VersionCheck,
    pub content: ContentCheck,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum VersionStatus {
    UpToDate,
    Behind,
    Unknown,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct VersionCheck {
    pub status: VersionStatus,
    pub current: String,
    pub latest: Option<String>,
    /// The newest release the source has, whatever the requirement allows: a project pinned
    /// to `@1.0.0` is up to date with its requirement, and 2.0.0 may still be out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newest: Option<String>,
    /// The requirement the newest version was chosen with (`latest`, `^1.2`, a branch).
    pub requirement: String,
    /// Behind, but within the lag `--allow-patch`/`--allow-minor`/`--allow-major` accepts.
    pub allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ContentStatus {
    InSync,
    Diverged,
    Unknown,
}

#[derive(Debug, Serialize)]
pub(crate) struct ContentCheck {
    pub status: ContentStatus,
    /// Every file the blueprint produces, with its state.
    pub files: Vec<FileState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Provenance {
    /// `verified`, `changed`, `unverifiable` or `not-applicable`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl CheckReport {
    /// The overall status from every blueprint's two axes.
    pub(crate) fn summarize(&mut self) {
        let any = |f: &dyn Fn(&BlueprintCheck) -> bool| self.blueprints.iter().any(f);
        let error = any(&|b| {
            b.version.status == VersionStatus::Unknown || b.content.status == ContentStatus::Unknown
        });
        let behind = any(&|b| b.version.status == VersionStatus::Behind && !b.version.allowed);
        let diverged = any(&|b| b.content.status == ContentStatus::Diverged);
        self.status = match (error, behind, diverged) {
            (true, _, _) => Status::Error,
            (_, true, true) => Status::BehindAndDiverged,
            (_, true, false) => Status::Behind,
            (_, false, true) => Status::Diverged,
            _ => Status::Clean,
        };
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serialises")
    }

    /// SARIF 2.1.0: one result per drifted file and per blueprint that is behind. `prefix`
    /// makes paths relative to where CI runs.
    pub(crate) fn to_sarif(&self, prefix: &str) -> String {
        let rules = [
            ("jig/modified", "A file the blueprint produces was changed"),
            ("jig/missing", "A file the blueprint produces was deleted"),
            ("jig/behind", "A newer blueprint version is available"),
        ];
        let mut results = Vec::new();
        for b in &self.blueprints {
            for f in b.content.files.iter().filter(|f| f.state.diverged()) {
                let rule = format!("jig/{}", f.state.name());
                results.push(json!({
                    "ruleId": rule,
                    "level": "error",
                    "message": { "text": file_message(b, f) },
                    "locations": [location(prefix, &f.path)],
                }));
            }
            if b.version.status == VersionStatus::Behind {
                results.push(json!({
                    "ruleId": "jig/behind",
                    "level": if b.version.allowed { "note" } else { "warning" },
                    "message": { "text": behind_message(b) },
                    "locations": [location(prefix, &b.answers_file)],
                }));
            }
        }
        sarif_document(&rules, results, None)
    }

    /// GitHub Actions workflow commands: an error per drifted file, a warning per blueprint
    /// that is behind.
    pub(crate) fn to_github(&self, prefix: &str) -> String {
        let mut out = String::new();
        for b in &self.blueprints {
            for f in b.content.files.iter().filter(|f| f.state.diverged()) {
                out.push_str(&format!(
                    "::error file={},title=jig: {}::{}\n",
                    escape_property(&join(prefix, &f.path)),
                    f.state.name(),
                    escape_data(&file_message(b, f))
                ));
            }
            if b.version.status == VersionStatus::Behind {
                let level = if b.version.allowed {
                    "notice"
                } else {
                    "warning"
                };
                out.push_str(&format!(
                    "::{level} file={},title=jig: behind::{}\n",
                    escape_property(&join(prefix, &b.answers_file)),
                    escape_data(&behind_message(b))
                ));
            }
            for detail in [&b.version.detail, &b.content.detail].into_iter().flatten() {
                out.push_str(&format!("::error title=jig::{}\n", escape_data(detail)));
            }
        }
        out
    }
}

/// A SARIF 2.1.0 document of one run of jig: its rules (id, description), results, and the
/// base URIs results are located against (`jig fleet` locates each in its repository).
pub(crate) fn sarif_document(
    rules: &[(&str, &str)],
    results: Vec<serde_json::Value>,
    bases: Option<serde_json::Value>,
) -> String {
    let mut run = json!({
        "tool": { "driver": {
            "name": "jig",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/jig-dev/jig",
            "rules": rules.iter().map(|(id, text)| json!({
                "id": id,
                "shortDescription": { "text": text },
            })).collect::<Vec<_>>(),
        }},
        "results": results,
    });
    if let Some(bases) = bases {
        run["originalUriBaseIds"] = bases;
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_string_pretty(&sarif).expect("serialises")
}

fn file_message(b: &BlueprintCheck, f: &FileState) -> String {
    match f.state {
        State::Missing => format!(
            "{} is produced by blueprint {} {} but was deleted",
            f.path, b.blueprint, b.version.current
        ),
        _ => format!(
            "{} differs from blueprint {} {} (run `jig diff` to see how)",
            f.path, b.blueprint, b.version.current
        ),
    }
}

fn behind_message(b: &BlueprintCheck) -> String {
    format!(
        "blueprint {} is at {}; {} is available (run `jig update`)",
        b.blueprint,
        b.version.current,
        b.version.latest.as_deref().unwrap_or("a newer version")
    )
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() || prefix == "." {
        path.to_string()
    } else {
        format!("{}/{path}", prefix.trim_end_matches('/'))
    }
}

fn location(prefix: &str, path: &str) -> serde_json::Value {
    json!({ "physicalLocation": { "artifactLocation": { "uri": join(prefix, path) } } })
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// What `jig update` did (or, with `--pretend`, would do) for one blueprint.
#[derive(Debug, Serialize)]
pub(crate) struct UpdateReport {
    pub schema: &'static str,
    pub blueprint: String,
    pub answers_file: String,
    pub from: String,
    pub to: String,
    pub pretend: bool,
    /// Every path whose outcome is not `unchanged`.
    pub files: Vec<FileOutcome>,
    pub conflicts: Vec<String>,
    pub rej_files: Vec<String>,
    pub answers: AnswerChanges,
    pub migrations: Vec<String>,
    /// How the recorded source's `@REQ` moved (`--to`, `--pin`); null when it stayed.
    pub requirement: Option<RequirementMove>,
    /// A newer release the requirement leaves out; null when there is none.
    pub outside: Option<Outside>,
}

/// A recorded requirement before and after an update (`^1` -> `^2`; `from` is empty when the
/// source had none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RequirementMove {
    pub from: String,
    pub to: String,
}

/// The newest release, when the requirement a project follows leaves it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Outside {
    pub version: String,
    pub requirement: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileOutcome {
    pub path: String,
    pub outcome: Outcome,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct AnswerChanges {
    /// Questions new in this version, with the value they got.
    pub added: Vec<String>,
    /// Recorded answers the new version no longer asks.
    pub dropped: Vec<String>,
    /// `[old, new]` names carried over through `renamed_from`.
    pub renamed: Vec<(String, String)>,
    /// Answers changed with --data.
    pub changed: Vec<String>,
}

impl UpdateReport {
    pub(crate) fn to_json(reports: &[UpdateReport]) -> String {
        serde_json::to_string_pretty(&json!({
            "schema": UPDATE_SCHEMA,
            "updates": reports,
        }))
        .expect("serialises")
    }
}
