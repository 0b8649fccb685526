//! Unit tests of `src/links/clicks.rs` (a child module of it, so private items are in reach).

use super::ClickCounter;

#[test]
fn clicks_add_up_per_link_and_keep_the_latest_time() {
    let counter = ClickCounter::default();
    counter.record(1, 10);
    counter.record(1, 30);
    counter.record(1, 20);
    counter.record(2, 5);
    let batch = counter.take();
    assert_eq!(batch[&1], (3, 30));
    assert_eq!(batch[&2], (1, 5));
    assert!(counter.take().is_empty());
}
