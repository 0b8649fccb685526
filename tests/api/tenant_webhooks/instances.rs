//! Several instances on one database: a dead instance loses no delivery, and two live ones
//! never deliver one attempt twice.

use std::collections::HashSet;

use inquiry_portal::{
    domain::{WebhookEvent, WebhookEventType},
    entities::webhook_deliveries,
    repo::{self, TenantScope},
    tenant_webhooks,
};
use sea_orm::{EntityTrait, PaginatorTrait};

use super::{deliver_until, setup, Setup};
use crate::support::{receiver::Receiver, spawn_instance_like};

/// `count` events written the way the portal's state changes write them: through
/// `tenant_webhooks::enqueue` in a transaction.
async fn enqueue_events(setup: &Setup, count: usize) {
    let scope = TenantScope::new(setup.tenant.id);
    for n in 0..count {
        let write = setup.app.db.begin_write().await.unwrap();
        let kind = if n % 2 == 0 {
            WebhookEventType::AccessRecovered
        } else {
            WebhookEventType::MessageFailed
        };
        let event = WebhookEvent::new(kind)
            .link(&format!("lnk_test{n:08}"))
            .detail("message_id", format!("msg-{n}"));
        tenant_webhooks::enqueue(&*write, scope, event)
            .await
            .unwrap();
        write.commit().await.unwrap();
    }
}

async fn accepted_ids(receiver: &Receiver) -> Vec<String> {
    receiver.received().await["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_instance_killed_with_deliveries_pending_loses_none_of_them() {
    let setup = setup(|settings| {
        settings.tenant_webhooks.lease = std::time::Duration::from_millis(300);
    })
    .await;
    let receiver = Receiver::start();
    setup.register_receiver(&receiver).await;
    enqueue_events(&setup, 5).await;
    // The first instance took one delivery's lease and died in the middle of its attempt.
    let conn = &setup.app.db.connection;
    let pending = repo::webhook_deliveries::due(conn, i64::MAX / 2, 10)
        .await
        .unwrap();
    assert_eq!(pending.len(), 5);
    let at = repo::webhook_outbox::now_ms();
    assert!(
        repo::webhook_deliveries::claim(conn, pending[0].id, at, at + 300, "dead")
            .await
            .unwrap()
    );
    let second = spawn_instance_like(&setup.app).await;
    setup.app.kill();

    deliver_until(&second, || async {
        accepted_ids(&receiver).await.len() >= 5
    })
    .await;
    let ids = accepted_ids(&receiver).await;
    assert_eq!(ids.len(), 5, "each event once: {ids:?}");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 5);
}

#[tokio::test]
async fn two_instances_working_at_once_never_deliver_one_attempt_twice() {
    let setup = setup(|_| {}).await;
    let receiver = Receiver::start();
    setup.register_receiver(&receiver).await;
    let second = spawn_instance_like(&setup.app).await;
    enqueue_events(&setup, 40).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while accepted_ids(&receiver).await.len() < 40 {
        assert!(
            std::time::Instant::now() < deadline,
            "not all delivered in time"
        );
        let (a, b) = tokio::join!(
            tenant_webhooks::worker::run_once(&setup.app.state),
            tenant_webhooks::worker::run_once(&second.state)
        );
        a.unwrap();
        b.unwrap();
    }
    let ids = accepted_ids(&receiver).await;
    assert_eq!(ids.len(), 40, "no event arrived twice");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 40);
    let attempts = inquiry_portal::entities::webhook_attempts::Entity::find()
        .count(&setup.app.db.connection)
        .await
        .unwrap();
    assert_eq!(attempts, 40, "one attempt per delivery in all");
    let deliveries = webhook_deliveries::Entity::find()
        .all(&setup.app.db.connection)
        .await
        .unwrap();
    assert!(deliveries.iter().all(|d| d.attempts == 1));
}
