//! Reminders before an emailed link expires (DESIGN 13.3): once per offset, none after
//! completion or revoke, none while the person is in the flow.

use inquiry_portal::{
    db::now,
    domain::{LinkState, MessageKind},
    links::reminders,
    repo::{self, TenantScope},
};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

use crate::{
    mail::outbox_rows,
    support::{spawn_app, TestApp},
};

/// A link emailed a week ago that now expires in `seconds`.
async fn emailed_link_expiring_in(app: &TestApp, seconds: i64) -> (Value, TenantScope) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = app
        .connect_demo_template(&tenant)
        .await
        .provider_template_id;
    let key = app.api_key(&tenant).await;
    let link = app
        .issue_dedicated(
            &key,
            &template,
            json!({"fields": {"name-first": "Ada"}, "send_to": {"email": "ada@example.com"}}),
        )
        .await;
    let scope = TenantScope::new(tenant.id);
    let row = repo::links::find(&app.db.connection, scope, link["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    repo::links::set_expiry(
        &app.db.connection,
        scope,
        row.id,
        now() + seconds,
        LinkState::Active,
    )
    .await
    .unwrap();
    app.db
        .connection
        .execute_unprepared(&format!(
            "UPDATE links SET created_at = {} WHERE id = {}",
            now() - 7 * 86_400,
            row.id
        ))
        .await
        .unwrap();
    (link, scope)
}

fn reminders_in(rows: &[inquiry_portal::entities::outbox_messages::Model]) -> Vec<Option<String>> {
    rows.iter()
        .filter(|row| row.kind == MessageKind::Reminder)
        .map(|row| row.dedupe_key.clone())
        .collect()
}

#[tokio::test]
async fn one_reminder_goes_out_before_expiry_for_the_closest_offset_and_only_once() {
    let app = spawn_app().await;
    let (link, _) = emailed_link_expiring_in(&app, 3 * 3600).await;
    reminders::queue_due(&app.state).await.unwrap();
    assert_eq!(
        reminders::queue_due(&app.state).await.unwrap(),
        0,
        "once per offset"
    );
    let rows = outbox_rows(&app).await;
    let link_id = rows[0].link_id.unwrap();
    assert_eq!(
        reminders_in(&rows),
        vec![Some(format!("reminder:{link_id}:14400"))],
        "the 4-hour reminder, not a burst with the 48-hour one"
    );
    let reminder = rows
        .iter()
        .find(|row| row.kind == MessageKind::Reminder)
        .unwrap();
    assert_eq!(
        reminder.subject,
        "Reminder: your identity verification for Tenant acme expires soon"
    );
    assert_eq!(reminder.recipient_masked, "a•••@example.com");
    let _ = link;
}

#[tokio::test]
async fn no_reminder_before_its_moment_after_a_revoke_or_while_the_person_is_in_the_flow() {
    let app = spawn_app().await;
    let (link, scope) = emailed_link_expiring_in(&app, 3 * 86_400).await;
    assert_eq!(
        reminders::queue_due(&app.state).await.unwrap(),
        0,
        "48 h not reached yet"
    );

    let row = repo::links::find(&app.db.connection, scope, link["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    repo::links::set_expiry(
        &app.db.connection,
        scope,
        row.id,
        now() + 3600,
        LinkState::Active,
    )
    .await
    .unwrap();
    app.db
        .connection
        .execute_unprepared(&format!(
            "UPDATE links SET last_clicked_at = {} WHERE id = {}",
            now() - 600,
            row.id
        ))
        .await
        .unwrap();
    assert_eq!(
        reminders::queue_due(&app.state).await.unwrap(),
        0,
        "the person is in the flow"
    );

    app.db
        .connection
        .execute_unprepared(&format!(
            "UPDATE links SET last_clicked_at = NULL WHERE id = {}",
            row.id
        ))
        .await
        .unwrap();
    repo::links::set_expiry(
        &app.db.connection,
        scope,
        row.id,
        now() + 3600,
        LinkState::Revoked,
    )
    .await
    .unwrap();
    assert_eq!(
        reminders::queue_due(&app.state).await.unwrap(),
        0,
        "revoked"
    );
    assert!(reminders_in(&outbox_rows(&app).await).is_empty());
}
