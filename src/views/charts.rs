//! Charts drawn on the server as SVG: no script, and only numbers and fixed labels inside.

use maud::{html, Markup};

use crate::repo::stats::Funnel;

const WIDTH: u64 = 640;
const LABEL_WIDTH: u64 = 110;
const BAR_AREA: u64 = 400;
const ROW_HEIGHT: u64 = 36;
const BAR_HEIGHT: u64 = 22;

/// The funnel as horizontal bars scaled to the largest stage, each with its count and its
/// share of the issued links.
pub fn funnel_chart(funnel: &Funnel) -> Markup {
    let stages = [
        ("Issued", funnel.issued, "funnel-bar"),
        ("Opened", funnel.opened, "funnel-bar"),
        ("Started", funnel.started, "funnel-bar"),
        ("Completed", funnel.completed, "funnel-bar funnel-success"),
        ("Failed", funnel.failed, "funnel-bar funnel-danger"),
        ("Expired", funnel.expired, "funnel-bar funnel-muted"),
    ];
    let largest = stages.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let height = ROW_HEIGHT * stages.len() as u64 + 8;
    let summary = stages
        .iter()
        .map(|(label, value, _)| format!("{label}: {value}"))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        svg.funnel-chart viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-labelledby="funnel-title funnel-desc" preserveAspectRatio="xMinYMin meet" {
            title id="funnel-title" { "Link funnel" }
            desc id="funnel-desc" { (summary) }
            @for (row, (label, value, class)) in stages.iter().enumerate() {
                @let y = 4 + ROW_HEIGHT * row as u64;
                @let width = if *value == 0 { 0 } else { (value * BAR_AREA / largest).max(3) };
                text.funnel-label x="0" y=(y + BAR_HEIGHT / 2 + 5) { (label) }
                rect.funnel-track x=(LABEL_WIDTH) y=(y) width=(BAR_AREA) height=(BAR_HEIGHT) rx="4" {}
                rect class=(class) x=(LABEL_WIDTH) y=(y) width=(width) height=(BAR_HEIGHT) rx="4" {}
                text.funnel-value x=(LABEL_WIDTH + BAR_AREA + 12) y=(y + BAR_HEIGHT / 2 + 5) {
                    (value)
                    @if row > 0 && funnel.issued > 0 {
                        tspan.funnel-share { " · " (value * 100 / funnel.issued) "%" }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/views_charts.rs"]
mod tests;
