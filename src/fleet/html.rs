//! The fleet report as one self-contained HTML page (`--format html`): styles, charts (inline
//! SVG, `chart`) and the little script that filters the table are all in the file, and its
//! content security policy forbids loading anything, so it opens the same from a CI artifact,
//! an e-mail or a laptop on a plane. It says when the fleet was read and by which jig, and
//! for each repository its commit, its page and its rollout (update branches and requests),
//! so a platform team can follow a rollout from it. Every number on the page carries a
//! `data-count` attribute the tests compare with the JSON report. Pure: a string out.

use super::chart;
use super::report::{FleetReport, RepoState};
use super::rollout::Rollout;
use super::views::{self, BlueprintView};
use crate::sync::compare::State;
use std::fmt::Write;

const STYLE: &str = "\
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:76rem;padding:0 1rem;color:#1d232b}\
h1{font-size:1.5rem}h2{margin-top:2.5rem;border-bottom:1px solid #d8dde3;padding-bottom:.3rem}\
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #d8dde3;border-radius:6px;padding:.5rem .9rem;min-width:7rem}\
.card b{display:block;font-size:1.6rem}.clean b{color:#1a7f37}.behind b{color:#9a6700}.diverged b,.behind-and-diverged b{color:#cf222e}\
.pinned b{color:#8250df}.unknown b,.unreadable b{color:#57606a}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1.2rem}.legend svg{vertical-align:-2px;margin-right:.35rem}a{color:#0550ae}code.sha{font-size:12px}caption{text-align:left;padding:.2rem 0}table{border-collapse:collapse;margin:.5rem 0;font-size:13px}\
th,td{border:1px solid #d8dde3;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}\
td.M{background:#fff1c2;text-align:center}td.D{background:#ffd8d3;text-align:center}.matrix th.f{writing-mode:vertical-rl;transform:rotate(180deg);max-height:14rem}\
.muted{color:#57606a}input{font:inherit;padding:.3rem .5rem;width:20rem}svg text{font:12px system-ui,sans-serif}\
table.projects td.clean{color:#1a7f37}table.projects td.behind{color:#9a6700;font-weight:600}\
table.projects td.unreadable{color:#cf222e;font-weight:600}table.projects td.unknown{color:#57606a}";

const SCRIPT: &str = "\
(function(){var box=document.getElementById('filter');var rows=document.querySelectorAll('#repos tbody tr');\
box.addEventListener('input',function(){var q=box.value.toLowerCase();var shown=0;\
rows.forEach(function(r){var hit=r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!hit;if(hit){shown++;}});\
document.getElementById('shown').textContent=String(shown);});\
document.getElementById('shown').textContent=String(rows.length);document.documentElement.dataset.ready='1';})();";

/// The page for `report`.
pub(crate) fn page(report: &FleetReport) -> String {
    let s = &report.summary;
    let mut h = String::with_capacity(64 * 1024);
    let title = format!("jig fleet: {}", report.fleet);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\
{}<h1>{}</h1><p class=\"muted\">{} repositories{} &middot; read {} by jig {} &middot; schema {}</p><div class=\"cards\">",
        esc(&title),
        chart::DEFS,
        esc(&title),
        s.repositories,
        report
            .shard
            .as_ref()
            .map(|k| format!(" (shard {})", esc(k)))
            .unwrap_or_default(),
        report
            .generated_at
            .as_deref()
            .map_or_else(|| "at an unrecorded time".to_string(), time),
        esc(report
            .jig_version
            .as_deref()
            .unwrap_or(env!("CARGO_PKG_VERSION"))),
        esc(&report.schema),
    );
    for (key, label, n) in [
        ("repositories", "repositories", s.repositories),
        ("clean", "clean", s.clean),
        ("behind", "behind", s.behind),
        ("diverged", "diverged", s.diverged),
        (
            "behind-and-diverged",
            "behind and diverged",
            s.behind_and_diverged,
        ),
        ("pinned", "pinned behind", s.pinned),
        ("unknown", "not checkable", s.unknown),
        ("unreadable", "unreadable", s.unreadable),
    ] {
        let _ = write!(
            h,
            "<div class=\"card {key}\" data-count=\"{key}\"><b>{n}</b>{label}</div>"
        );
    }
    h.push_str("</div>");
    for b in views::blueprints(report) {
        blueprint(&mut h, &b);
    }
    rollouts(&mut h, report);
    projects(&mut h, report);
    unreadable(&mut h, report);
    repositories(&mut h, report);
    let _ = writeln!(h, "<script>{SCRIPT}</script></body></html>");
    h
}

fn blueprint(h: &mut String, b: &BlueprintView) {
    let id = slug(&b.name);
    let _ = write!(
        h,
        "<section id=\"bp-{id}\" data-blueprint=\"{}\"><h2>{}</h2><p>{} repositories \
&middot; <span data-count=\"bp-behind\">{}</span> behind &middot; <span data-count=\"bp-diverged\">{}</span> diverged &middot; \
<span data-count=\"bp-pinned\">{}</span> pinned behind{} &middot; newest allowed {} &middot; newest released {}</p>",
        esc(&b.name),
        esc(&b.name),
        b.repositories,
        b.behind,
        b.diverged,
        b.pinned,
        if b.unknown > 0 {
            format!(" &middot; {} not checkable", b.unknown)
        } else {
            String::new()
        },
        esc(b.latest.as_deref().unwrap_or("?")),
        esc(b.newest.as_deref().unwrap_or("?")),
    );
    chart::versions(h, b);
    if !b.hot_files.is_empty() {
        h.push_str("<h3>Files teams change most</h3><table class=\"hot\"><thead><tr><th>file</th><th>repositories</th><th>share</th></tr></thead><tbody>");
        for (path, n) in &b.hot_files {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td data-count=\"hot\">{n}</td><td>{}%</td></tr>",
                esc(path),
                n * 100 / b.repositories.max(1)
            );
        }
        h.push_str("</tbody></table><p class=\"muted\">Files most teams change are candidates for a question or <code>create-once</code>.</p>");
        matrix(h, b);
    }
    h.push_str("</section>");
}

fn matrix(h: &mut String, b: &BlueprintView) {
    h.push_str("<h3>Drift by repository and file</h3><table class=\"matrix\"><thead><tr><th>repository</th>");
    for (path, _) in &b.hot_files {
        let _ = write!(h, "<th class=\"f\" title=\"{0}\">{0}</th>", esc(path));
    }
    h.push_str("</tr></thead><tbody>");
    for (repo, cells) in b.matrix() {
        let _ = write!(
            h,
            "<tr data-repo=\"{}\"><td>{}</td>",
            esc(&repo.location),
            esc(&repo.name)
        );
        for cell in cells {
            h.push_str(match cell {
                Some(State::Modified) => "<td class=\"M\" title=\"modified\">M</td>",
                Some(State::Missing) => "<td class=\"D\" title=\"missing\">D</td>",
                _ => "<td></td>",
            });
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table><p class=\"muted\">M: modified, D: deleted (missing).</p>");
}

/// The SageMaker projects of the fleet file's regions: the version each stack runs, the newest.
fn projects(h: &mut String, report: &FleetReport) {
    use crate::catalog::projects::State;
    if report.projects.is_empty() && report.project_errors.is_empty() {
        return;
    }
    let behind = report
        .projects
        .iter()
        .filter(|p| p.state == State::Behind)
        .count();
    let _ = write!(
        h,
        "<h2 id=\"projects\">SageMaker projects</h2><p class=\"muted\">{} projects launched from jig's products and templates, {behind} behind: <code>jig catalog upgrade</code> moves them.</p>",
        report.projects.len()
    );
    h.push_str("<table class=\"projects\"><thead><tr><th>project</th><th>blueprint</th><th>running</th><th>newest</th><th>from</th><th>region</th><th>state</th></tr></thead><tbody>");
    for p in &report.projects {
        let class = match p.state {
            State::UpToDate => "clean",
            State::Behind => "behind",
            State::Failed => "unreadable",
            State::Unknown => "unknown",
        };
        let state = p.state.describe(&p.status);
        let _ = write!(
            h,
            "<tr data-project=\"{}\" data-state=\"{class}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>",
            esc(&p.project),
            esc(&p.project),
            esc(&p.blueprint),
            esc(p.running.as_deref().unwrap_or("?")),
            esc(p.newest.as_deref().unwrap_or("?")),
            esc(&p.target),
            esc(&p.region),
            esc(&state)
        );
    }
    for e in &report.project_errors {
        let _ = write!(
            h,
            "<tr data-state=\"unreadable\"><td colspan=\"7\" class=\"unreadable\">could not read the projects: {}</td></tr>",
            esc(e)
        );
    }
    h.push_str("</tbody></table>");
}

fn unreadable(h: &mut String, report: &FleetReport) {
    let rows: Vec<_> = report
        .repositories
        .iter()
        .filter(|r| r.status == RepoState::Unreadable)
        .collect();
    if rows.is_empty() {
        return;
    }
    h.push_str("<h2>Unreadable repositories</h2><table><thead><tr><th>repository</th><th>why</th></tr></thead><tbody>");
    for r in rows {
        let _ = write!(
            h,
            "<tr><td title=\"{}\">{}</td><td>{}</td></tr>",
            esc(&r.location),
            esc(&r.name),
            esc(r.reason.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table>");
}

fn repositories(h: &mut String, report: &FleetReport) {
    h.push_str("<h2>Every repository</h2><p><input id=\"filter\" type=\"search\" placeholder=\"filter: name, blueprint, state, branch\" aria-label=\"filter repositories\"> \
<span class=\"muted\"><span id=\"shown\"></span> shown</span></p><table id=\"repos\"><caption class=\"muted\">Each repository's default branch as read, its state, its blueprints and its rollout.</caption>\
<thead><tr><th scope=\"col\">repository</th><th scope=\"col\">commit</th><th scope=\"col\">state</th><th scope=\"col\">blueprints</th><th scope=\"col\">rollout</th></tr></thead><tbody>");
    for r in &report.repositories {
        let blueprints: Vec<String> = r
            .blueprints
            .iter()
            .map(|l| {
                format!(
                    "{} {}: {}",
                    esc(&l.blueprint),
                    esc(&l.version.current),
                    esc(&views::describe(l))
                )
            })
            .collect();
        let name = match &r.links {
            Some(l) => format!("<a href=\"{}\">{}</a>", esc(&l.repository), esc(&r.name)),
            None => esc(&r.name),
        };
        let commit = match &r.commit {
            None => String::new(),
            Some(sha) => {
                let short = format!(
                    "<code class=\"sha\" title=\"{0}\">{1}</code>",
                    esc(sha),
                    esc(sha.get(..7).unwrap_or(sha))
                );
                match r.links.as_ref().and_then(|l| l.commit.as_ref()) {
                    Some(url) => format!("<a href=\"{}\">{short}</a>", esc(url)),
                    None => short,
                }
            }
        };
        let rollout: Vec<String> = r.rollout.iter().map(rollout_cell).collect();
        let _ = write!(
            h,
            "<tr data-state=\"{state}\" data-repo=\"{}\"><th scope=\"row\" title=\"{}\">{name}</th><td>{commit}</td><td>{state}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.name),
            esc(&r.location),
            if blueprints.is_empty() {
                esc(r.reason.as_deref().unwrap_or(""))
            } else {
                blueprints.join("<br>")
            },
            rollout.join("<br>"),
            state = r.status.name(),
        );
    }
    h.push_str("</tbody></table>");
}

/// One update branch in the repositories table: its name (linked), its state, its request.
fn rollout_cell(r: &Rollout) -> String {
    let branch = match &r.link {
        Some(url) => format!(
            "<a href=\"{}\"><code>{}</code></a>",
            esc(url),
            esc(&r.branch)
        ),
        None => format!("<code>{}</code>", esc(&r.branch)),
    };
    let mut cell = format!(
        "<span data-branch=\"{}\" data-branch-state=\"{state}\">{branch} {state}</span>",
        esc(&r.branch),
        state = r.state.name()
    );
    if let Some(q) = &r.request {
        let _ = write!(
            cell,
            ": <a href=\"{}\" data-request=\"{}\">request #{}</a> {}{} as of {}",
            esc(&q.url),
            q.state.name(),
            esc(&q.id),
            q.state.name(),
            if q.draft { " (draft)" } else { "" },
            time(&q.recorded_at),
        );
    }
    cell
}

/// The fleet's update branches: how far each has got.
fn rollouts(h: &mut String, report: &FleetReport) {
    let rows = views::rollouts(report);
    if rows.is_empty() {
        return;
    }
    h.push_str("<h2>Rollout</h2><table class=\"rollout\"><caption class=\"muted\">The <code>jig/</code> branches <code>jig fleet update</code> opened, and their requests as it recorded them (a request's later fate is the forge's: follow its link).</caption>\
<thead><tr><th scope=\"col\">branch</th><th scope=\"col\">repositories</th><th scope=\"col\">landed</th><th scope=\"col\">pending</th><th scope=\"col\">gone</th><th scope=\"col\">requests open</th><th scope=\"col\">requests closed</th></tr></thead><tbody>");
    for v in rows {
        let _ = write!(
            h,
            "<tr data-rollout=\"{}\"><th scope=\"row\"><code>{}</code></th><td data-count=\"ro-repositories\">{}</td><td data-count=\"ro-landed\">{}</td><td data-count=\"ro-pending\">{}</td><td data-count=\"ro-gone\">{}</td><td data-count=\"ro-open\">{}</td><td data-count=\"ro-closed\">{}</td></tr>",
            esc(&v.branch),
            esc(&v.branch),
            v.repositories,
            v.landed,
            v.pending,
            v.gone,
            v.open,
            v.closed
        );
    }
    h.push_str("</tbody></table>");
}

/// An RFC 3339 time as people read it, in a `<time>` element (`2026-12-07 13:05:09 UTC`).
fn time(rfc3339: &str) -> String {
    let shown = match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Err(_) => rfc3339.to_string(),
    };
    format!("<time datetime=\"{}\">{}</time>", esc(rfc3339), esc(&shown))
}

pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped() {
        assert_eq!(
            super::esc("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
