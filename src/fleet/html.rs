//! The fleet report as one self-contained HTML page (`--format html`): styles, charts (inline
//! SVG) and the little script that filters the table are all in the file, and its content
//! security policy forbids loading anything, so it opens the same from a CI artifact, an
//! e-mail or a laptop on a plane. Every number on the page carries a `data-count` attribute
//! the tests compare with the JSON report. Pure: a string out.

use super::report::{FleetReport, RepoState};
use super::views::{self, BlueprintView};
use crate::sync::compare::State;
use std::fmt::Write;

const STYLE: &str = "\
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:76rem;padding:0 1rem;color:#1d232b}\
h1{font-size:1.5rem}h2{margin-top:2.5rem;border-bottom:1px solid #d8dde3;padding-bottom:.3rem}\
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #d8dde3;border-radius:6px;padding:.5rem .9rem;min-width:7rem}\
.card b{display:block;font-size:1.6rem}.clean b{color:#1a7f37}.behind b{color:#9a6700}.diverged b,.behind-and-diverged b{color:#cf222e}\
.unknown b,.unreadable b{color:#6e7781}table{border-collapse:collapse;margin:.5rem 0;font-size:13px}\
th,td{border:1px solid #d8dde3;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}\
td.M{background:#fff1c2;text-align:center}td.D{background:#ffd8d3;text-align:center}.matrix th.f{writing-mode:vertical-rl;transform:rotate(180deg);max-height:14rem}\
.muted{color:#6e7781}input{font:inherit;padding:.3rem .5rem;width:20rem}svg text{font:12px system-ui,sans-serif}";

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
<h1>{}</h1><p class=\"muted\">{} repositories{} &middot; made by jig {} &middot; schema {}</p><div class=\"cards\">",
        esc(&title),
        esc(&title),
        s.repositories,
        report
            .shard
            .as_ref()
            .map(|k| format!(" (shard {})", esc(k)))
            .unwrap_or_default(),
        env!("CARGO_PKG_VERSION"),
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
&middot; <span data-count=\"bp-behind\">{}</span> behind &middot; <span data-count=\"bp-diverged\">{}</span> diverged\
{} &middot; newest allowed {} &middot; newest released {}</p>",
        esc(&b.name),
        esc(&b.name),
        b.repositories,
        b.behind,
        b.diverged,
        if b.unknown > 0 {
            format!(" &middot; {} not checkable", b.unknown)
        } else {
            String::new()
        },
        esc(b.latest.as_deref().unwrap_or("?")),
        esc(b.newest.as_deref().unwrap_or("?")),
    );
    // The version spread: one bar per recorded version.
    let widest = b.versions.iter().map(|(_, m)| m.len()).max().unwrap_or(1);
    let (bar_h, label_w, plot_w) = (22, 110, 480);
    let height = b.versions.len() * bar_h + 8;
    let _ = write!(
        h,
        "<h3>Versions</h3><svg role=\"img\" aria-label=\"repositories per version of {}\" width=\"{}\" height=\"{height}\">",
        esc(&b.name),
        label_w + plot_w + 60
    );
    for (i, (version, members)) in b.versions.iter().enumerate() {
        let y = i * bar_h + 4;
        let w = (members.len() * plot_w).div_ceil(widest).max(2);
        let current = b.latest.as_deref() == Some(version.as_str());
        let _ = write!(
            h,
            "<g data-version=\"{v}\" data-repos=\"{n}\"><text x=\"0\" y=\"{ty}\">{v}</text>\
<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bh}\" fill=\"{fill}\"></rect>\
<text x=\"{tx}\" y=\"{ty}\">{n}</text></g>",
            v = esc(version),
            n = members.len(),
            ty = y + 13,
            bh = bar_h - 6,
            fill = if current { "#1a7f37" } else { "#9a6700" },
            tx = label_w + w + 6,
        );
    }
    h.push_str("</svg>");
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
    h.push_str("<h2>Every repository</h2><p><input id=\"filter\" type=\"search\" placeholder=\"filter: name, blueprint, state\" aria-label=\"filter repositories\"> \
<span class=\"muted\"><span id=\"shown\"></span> shown</span></p><table id=\"repos\"><thead><tr><th>repository</th><th>state</th><th>blueprints</th></tr></thead><tbody>");
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
        let _ = write!(
            h,
            "<tr data-state=\"{state}\"><td title=\"{}\">{}</td><td>{state}</td><td>{}</td></tr>",
            esc(&r.location),
            esc(&r.name),
            if blueprints.is_empty() {
                esc(r.reason.as_deref().unwrap_or(""))
            } else {
                blueprints.join("<br>")
            },
            state = r.status.name(),
        );
    }
    h.push_str("</tbody></table>");
}

fn esc(text: &str) -> String {
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
