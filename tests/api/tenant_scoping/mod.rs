//! Tenant scoping, as a property: two tenants with random data; every repository function
//! that takes a [`TenantScope`] is called with one tenant's scope and the other's ids and
//! keys. Nothing of the other tenant comes back, nothing of it changes, and the first
//! tenant's own answers are what they were before the other tenant existed.
//!
//! Functions without a scope (lookups by a secret, jobs across tenants) say so in their
//! doc comments in `src/repo/`.

mod brands;
mod calls;
mod outbox;
mod seed;

use inquiry_portal::{
    db::Database,
    entities::{
        access_links, api_keys, audit_events, idempotency_records, inquiries, invitations,
        link_browsers, links, memberships, template_connections, tenant_policies,
        webhook_deliveries, webhook_endpoints,
    },
};
use proptest::test_runner::{Config, TestRunner};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::support::fresh_database_url;

/// Every row tenant `tenant_id` owns, in a stable order: equal before and after means
/// nothing of the tenant changed.
async fn snapshot(db: &Database, tenant_id: i32) -> String {
    let conn = &db.connection;
    let link_ids: Vec<i32> = links::Entity::find()
        .filter(links::Column::TenantId.eq(tenant_id))
        .all(conn)
        .await
        .unwrap()
        .iter()
        .map(|link| link.id)
        .collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        memberships::Entity::find()
            .filter(memberships::Column::TenantId.eq(tenant_id))
            .order_by_asc(memberships::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        invitations::Entity::find()
            .filter(invitations::Column::TenantId.eq(tenant_id))
            .order_by_asc(invitations::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        api_keys::Entity::find()
            .filter(api_keys::Column::TenantId.eq(tenant_id))
            .order_by_asc(api_keys::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        template_connections::Entity::find()
            .filter(template_connections::Column::TenantId.eq(tenant_id))
            .order_by_asc(template_connections::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        links::Entity::find()
            .filter(links::Column::TenantId.eq(tenant_id))
            .order_by_asc(links::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        link_browsers::Entity::find()
            .filter(link_browsers::Column::LinkId.is_in(link_ids))
            .order_by_asc(link_browsers::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        inquiries::Entity::find()
            .filter(inquiries::Column::TenantId.eq(tenant_id))
            .order_by_asc(inquiries::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        access_links::Entity::find()
            .filter(access_links::Column::TenantId.eq(tenant_id))
            .order_by_asc(access_links::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        audit_events::Entity::find()
            .filter(audit_events::Column::TenantId.eq(tenant_id))
            .order_by_asc(audit_events::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        idempotency_records::Entity::find()
            .filter(idempotency_records::Column::TenantId.eq(tenant_id))
            .order_by_asc(idempotency_records::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        tenant_policies::Entity::find_by_id(tenant_id)
            .one(conn)
            .await
            .unwrap(),
        webhook_endpoints::Entity::find()
            .filter(webhook_endpoints::Column::TenantId.eq(tenant_id))
            .order_by_asc(webhook_endpoints::Column::Id)
            .all(conn)
            .await
            .unwrap(),
        webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::TenantId.eq(tenant_id))
            .order_by_asc(webhook_deliveries::Column::Id)
            .all(conn)
            .await
            .unwrap(),
    )
}

async fn check_case(db: &Database, own: &seed::TenantSeed, other: &seed::TenantSeed) {
    let caller = seed::seed(db, own).await;
    let own_messages = outbox::seed_messages(db, &caller).await;
    let view_alone = calls::own_view(db, &caller).await;
    let messages_alone = outbox::own_view(db, &caller, &own_messages).await;
    let webhooks_alone = calls::own_webhooks_view(db, &caller).await;
    let own_digest = brands::seed_brand(db, &caller).await;
    let brand_alone = brands::own_view(db, &caller, &own_digest).await;
    let victim = seed::seed(db, other).await;
    let victim_messages = outbox::seed_messages(db, &victim).await;
    let victim_digest = brands::seed_brand(db, &victim).await;
    assert_eq!(
        brands::own_view(db, &caller, &own_digest).await,
        brand_alone,
        "the caller's brand changed when another tenant's appeared"
    );
    let brand_before = brands::snapshot(db, &victim).await;
    assert_eq!(
        calls::own_view(db, &caller).await,
        view_alone,
        "the caller's answers changed when another tenant's data appeared"
    );
    assert_eq!(
        outbox::own_view(db, &caller, &own_messages).await,
        messages_alone,
        "the caller's messages changed when another tenant's appeared"
    );
    assert_eq!(
        calls::own_webhooks_view(db, &caller).await,
        webhooks_alone,
        "the caller's webhooks changed when another tenant's data appeared"
    );
    let before = snapshot(db, victim.tenant.id).await;
    let messages_before = outbox::snapshot(db, victim.tenant.id).await;
    calls::look_up_the_others_rows(db, &caller, &victim).await;
    outbox::look_up_the_others(db, &caller, &victim, &victim_messages).await;
    calls::change_the_others_rows(db, &caller, &victim).await;
    calls::reach_the_others_webhooks(db, &caller, &victim).await;
    brands::reach_the_other(db, &caller, &victim_digest).await;
    assert_eq!(
        brands::snapshot(db, &victim).await,
        brand_before,
        "the other tenant's brand changed"
    );
    assert_eq!(
        snapshot(db, victim.tenant.id).await,
        before,
        "the other tenant's rows changed"
    );
    assert_eq!(
        outbox::snapshot(db, victim.tenant.id).await,
        messages_before,
        "the other tenant's messages changed"
    );
}

#[test]
fn no_repository_function_reaches_another_tenant() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // One database for every case: each case makes its own two tenants.
    let db = runtime.block_on(async {
        let db = Database::connect(&fresh_database_url(dir.path()).await, 5)
            .await
            .unwrap();
        db.migrate().await.unwrap();
        db
    });
    let config = Config {
        cases: 8,
        failure_persistence: None,
        ..Config::default()
    };
    let tenants = (seed::tenant_seed(), seed::tenant_seed());
    let mut runner = TestRunner::new(config);
    // Shrinking re-runs the body; cases stay independent as each makes new tenants.
    let result = runner.run(&tenants, |(own, other)| {
        runtime.block_on(check_case(&db, &own, &other));
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
