//! The outbox's scoped repository functions, in the tenant-scoping property: each seeded
//! link gets messages; the caller's view of its own messages does not change when another
//! tenant's appear, and lookups with the other tenant's link ids and message ids find
//! nothing.

use inquiry_portal::{
    db::Database,
    domain::MessageKind,
    entities::outbox_messages,
    repo::{self, outbox::NewMessage},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::seed::Seeded;

/// A link message and a recovery message per seeded link; returns their public ids.
pub async fn seed_messages(db: &Database, seeded: &Seeded) -> Vec<String> {
    let mut ids = Vec::new();
    for link in &seeded.links {
        for kind in [MessageKind::Link, MessageKind::Recovery] {
            let public_id = repo::outbox::new_public_id();
            repo::outbox::insert(
                &db.connection,
                seeded.scope(),
                NewMessage {
                    link_id: Some(link.id),
                    kind,
                    dedupe_key: None,
                    recipient_masked: "a•••@example.com",
                    subject: "Shared subject",
                    payload_encrypted: "v1.sealed",
                    public_id: &public_id,
                },
            )
            .await
            .unwrap();
            ids.push(public_id);
        }
    }
    ids
}

/// What the caller reads of its own messages.
pub async fn own_view(db: &Database, caller: &Seeded, messages: &[String]) -> String {
    let conn = &db.connection;
    let scope = caller.scope();
    let mut view = vec![format!(
        "{:?}",
        repo::outbox::latest_of_tenant(conn, scope, 100)
            .await
            .unwrap()
    )];
    for link in &caller.links {
        view.push(format!(
            "{:?}{:?}",
            repo::outbox::for_link(conn, scope, link.id).await.unwrap(),
            repo::outbox::queued_for_link_since(conn, scope, link.id, MessageKind::Recovery, 0)
                .await
                .unwrap()
        ));
    }
    for id in messages {
        view.push(format!(
            "{:?}",
            repo::outbox::find_of_tenant(conn, scope, id).await.unwrap()
        ));
    }
    view.join("\n")
}

/// Lookups with the other tenant's link ids and message ids: nothing comes back.
pub async fn look_up_the_others(
    db: &Database,
    caller: &Seeded,
    other: &Seeded,
    messages: &[String],
) {
    let conn = &db.connection;
    let scope = caller.scope();
    for link in &other.links {
        assert!(repo::outbox::for_link(conn, scope, link.id)
            .await
            .unwrap()
            .is_empty());
        assert!(
            repo::outbox::queued_for_link_since(conn, scope, link.id, MessageKind::Link, 0)
                .await
                .unwrap()
                .is_empty()
        );
    }
    for id in messages {
        assert!(repo::outbox::find_of_tenant(conn, scope, id)
            .await
            .unwrap()
            .is_none());
    }
    for message in repo::outbox::latest_of_tenant(conn, scope, 1000)
        .await
        .unwrap()
    {
        assert_eq!(message.tenant_id, scope.tenant_id());
    }
}

/// The tenant's messages, for the before/after comparison.
pub async fn snapshot(db: &Database, tenant_id: i32) -> String {
    format!(
        "{:?}",
        outbox_messages::Entity::find()
            .filter(outbox_messages::Column::TenantId.eq(tenant_id))
            .order_by_asc(outbox_messages::Column::Id)
            .all(&db.connection)
            .await
            .unwrap()
    )
}
