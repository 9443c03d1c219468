//! What a fleet update says about itself: the commit message, the pull request's description
//! (what changed, the migrations that ran, the files with conflicts), and the request logic
//! every forge shares: refresh the request for the branch or open one, then close the requests
//! of older versions it supersedes. Text and calls through the `Forge` trait only.

use super::forge::{self, Proposal};
use crate::sync::report::{FileOutcome, UpdateReport};
use serde::Serialize;

/// The request a repository's update opened or refreshed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RequestRow {
    /// `created` or `refreshed`.
    pub action: &'static str,
    pub id: String,
    pub url: String,
    pub draft: bool,
}

/// On `forge`: refreshes the open request for `proposal`'s branch or opens one, then closes
/// the open requests for older versions of `blueprint`, saying which request supersedes them.
/// Returns the request and the requests closed.
pub(crate) fn propose(
    forge: &dyn forge::Forge,
    blueprint: &str,
    to: &str,
    proposal: &Proposal,
) -> Result<(RequestRow, Vec<forge::Request>), forge::Error> {
    let prefix = format!("jig/{blueprint}-");
    let open = forge.open_requests(&prefix)?;
    let (request, action) = match open.iter().find(|r| r.branch == proposal.branch) {
        Some(existing) => (forge.refresh(existing, proposal)?, "refreshed"),
        None => (forge.create(proposal)?, "created"),
    };
    let ours = semver::Version::parse(to).ok();
    let mut closed = Vec::new();
    for older in open.iter().filter(|r| r.branch != proposal.branch) {
        let theirs = semver::Version::parse(&older.branch[prefix.len()..]).ok();
        if let (Some(o), Some(t)) = (&ours, &theirs) {
            if t < o {
                let comment = format!(
                    "Superseded by {} ({blueprint} {to}); closed by `jig fleet update`.",
                    request.url
                );
                forge.close(older, &comment)?;
                closed.push(older.clone());
            }
        }
    }
    let row = RequestRow {
        action,
        id: request.id,
        url: request.url,
        draft: request.draft,
    };
    Ok((row, closed))
}

/// The commit message's body: the files and what happened to each.
pub(crate) fn commit_text(report: &UpdateReport) -> String {
    let mut text = String::new();
    for f in &report.files {
        text.push_str(&format!("{}: {}\n", outcome_name(f), f.path));
    }
    text.push_str("\nMade by `jig fleet update`.\n");
    text
}

fn outcome_name(f: &FileOutcome) -> String {
    serde_json::to_value(f.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The request's description (Markdown): what changed, the migrations, the conflicts.
pub(crate) fn body(report: &UpdateReport, url: &str, source: &str) -> String {
    let mut b = format!(
        "`jig fleet update` moves this repository from **{} {}** to **{}** (`{source}`).\n\n",
        report.blueprint, report.from, report.to
    );
    if !report.conflicts.is_empty() {
        b.push_str("### Conflicts to resolve\n\nThe blueprint and this repository changed the same lines. These files hold conflict markers (`<<<<<<<`): resolve them on this branch, then mark the request ready for review.\n\n");
        for c in &report.conflicts {
            b.push_str(&format!("- `{c}`\n"));
        }
        b.push('\n');
    }
    b.push_str("### Files\n\n| file | change |\n|---|---|\n");
    for f in &report.files {
        b.push_str(&format!("| `{}` | {} |\n", f.path, outcome_name(f)));
    }
    if !report.migrations.is_empty() {
        b.push_str("\n### Migrations that ran\n\n");
        for m in &report.migrations {
            b.push_str(&format!("- {m}\n"));
        }
    }
    let added = &report.answers.added;
    if !added.is_empty() {
        b.push_str(&format!(
            "\n### New questions\n\nAnswered with their defaults: {}. Change them with `jig update --data NAME=VALUE` on this branch.\n",
            added.join(", ")
        ));
    }
    b.push_str(&format!(
        "\n<sub>Made by jig {} for {url}. Running `jig fleet update` again refreshes this request.</sub>\n",
        env!("CARGO_PKG_VERSION")
    ));
    b
}
