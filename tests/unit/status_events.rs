//! Unit tests of `src/status/events.rs` (a child module of it, so private items are in reach).

use super::*;

#[tokio::test]
async fn subscribers_receive_what_is_published_after_they_subscribe() {
    let events = StatusEvents::new();
    events.publish(StatusChanged {
        tenant_id: 1,
        link_id: None,
        inquiry_id: 1,
    });
    let mut receiver = events.subscribe();
    let change = StatusChanged {
        tenant_id: 2,
        link_id: Some(3),
        inquiry_id: 4,
    };
    events.publish(change);
    assert_eq!(receiver.recv().await.ok(), Some(change));
}
