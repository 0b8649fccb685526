//! Unit tests of `src/views/charts.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn bars_scale_to_the_largest_stage_and_zero_draws_nothing() {
    let svg = funnel_chart(&Funnel {
        issued: 10,
        opened: 5,
        started: 4,
        completed: 2,
        failed: 1,
        expired: 0,
    })
    .into_string();
    assert!(
        svg.contains(r#"class="funnel-bar" x="110" y="4" width="400""#),
        "{svg}"
    );
    assert!(svg.contains(r#"width="200""#), "{svg}");
    assert!(svg.contains(r#"class="funnel-bar funnel-muted" x="110" y="184" width="0""#));
    assert!(svg.contains("50%"));
    assert!(
        svg.contains("</rect>"),
        "rects are closed: SVG in HTML needs it"
    );
}
