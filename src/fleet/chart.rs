//! The version chart of the fleet page: one bar per version of a blueprint, coloured by its
//! band (`band`), with its count and the band's name written beside it and a legend with
//! the count per band, so colour is never the only signal (behind by major also carries a
//! hatching). The newest release always has a bar, empty when no repository runs it. Bars
//! have a dark outline, so even the light colours stand out from the page. Pure: HTML out.

use super::band::Band;
use super::html::esc;
use super::views::BlueprintView;
use std::fmt::Write;

/// The hatching behind-by-major bars carry: defined once per page, before any chart.
pub(crate) const DEFS: &str = "<svg width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\" style=\"position:absolute\"><defs>\
<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"2\" height=\"6\" fill=\"#1d232b\" fill-opacity=\".45\"></rect></pattern></defs></svg>";

/// The chart and its legend for `b`.
pub(crate) fn versions(h: &mut String, b: &BlueprintView) {
    let bars = b.chart();
    let newest = b.newest.as_deref();
    let widest = bars.iter().map(|(_, n, _)| *n).max().unwrap_or(0).max(1);
    let (bar_h, label_w, plot_w, text_w) = (24, 110, 420, 230);
    let height = bars.len() * bar_h + 8;
    h.push_str("<h3>Versions</h3><ul class=\"legend\" aria-label=\"version bands\">");
    for band in Band::ALL {
        let n: usize = bars
            .iter()
            .filter(|(_, _, b)| *b == band)
            .map(|(_, n, _)| n)
            .sum();
        let _ = write!(
            h,
            "<li data-band=\"{key}\"><svg width=\"14\" height=\"14\" aria-hidden=\"true\">{}</svg>{label}: <span data-count=\"band-{key}\">{n}</span></li>",
            swatch(band, 0, 0, 14, 14),
            key = band.key(),
            label = band.label(),
        );
    }
    h.push_str("</ul>");
    let described: Vec<String> = bars
        .iter()
        .map(|(v, n, band)| format!("{v}: {n} ({})", band.label()))
        .collect();
    let _ = write!(
        h,
        "<svg class=\"chart\" role=\"img\" aria-label=\"repositories per version of {}: {}\" width=\"{}\" height=\"{height}\">",
        esc(&b.name),
        esc(&described.join(", ")),
        label_w + plot_w + text_w
    );
    for (i, (version, n, band)) in bars.iter().enumerate() {
        let y = i * bar_h + 4;
        // An empty bar is a thin outline: there, but holding nobody.
        let w = if *n == 0 {
            2
        } else {
            (n * plot_w).div_ceil(widest).max(3)
        };
        let newest_note = if Some(*version) == newest {
            ", newest release"
        } else {
            ""
        };
        let _ = write!(
            h,
            "<g data-version=\"{v}\" data-repos=\"{n}\" data-band=\"{key}\"><title>{v}: {n} repositories, {label}{newest_note}</title>\
<text x=\"0\" y=\"{ty}\">{v}</text>{bar}<text x=\"{tx}\" y=\"{ty}\">{n} &middot; {label}{newest_note}</text></g>",
            v = esc(version),
            key = band.key(),
            label = band.label(),
            ty = y + 14,
            bar = swatch(*band, label_w, y, w, bar_h - 6),
            tx = label_w + w + 8,
        );
    }
    h.push_str("</svg>");
}

/// A bar (or a legend's swatch) of `band` at `(x, y)`, `w` by `height`.
fn swatch(band: Band, x: usize, y: usize, w: usize, height: usize) -> String {
    let mut s = format!(
        "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{height}\" fill=\"{}\" stroke=\"#1d232b\" stroke-width=\"1\"></rect>",
        band.colour()
    );
    if band == Band::BehindMajor {
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{height}\" fill=\"url(#hatch)\"></rect>"
        );
    }
    s
}
