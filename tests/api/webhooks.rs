//! `POST /webhooks/persona`: signatures, dedupe, ordering and what a change touches.

use chrono::{Duration, Utc};
use inquiry_portal::{
    db::now,
    domain::{InquiryStatus, LinkKind, LinkState},
    webhooks::signature_header,
};

use crate::support::{
    spawn_app_with,
    status::{
        deliver, deliver_signed, event_body, reload_inquiry, reload_link, seed_inquiry, seed_link,
        seed_template, sign, spawn_app_with_webhooks, CURRENT_VERSION, WEBHOOK_SECRET,
    },
    TestApp,
};

/// A tenant with one dedicated link whose inquiry is `status`.
async fn seeded(
    app: &TestApp,
    status: InquiryStatus,
) -> (
    inquiry_portal::entities::links::Model,
    inquiry_portal::entities::inquiries::Model,
) {
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = seed_template(app, &tenant).await;
    let link = seed_link(
        app,
        &tenant,
        &template,
        LinkKind::Dedicated,
        "cust-1",
        86_400,
    )
    .await;
    let inquiry = seed_inquiry(app, &tenant, Some(&link), status, CURRENT_VERSION).await;
    (link, inquiry)
}

async fn audit_count(app: &TestApp) -> i64 {
    app.count_rows("audit_events").await
}

#[tokio::test]
async fn a_correctly_signed_event_is_processed_once_and_its_replay_has_no_second_effect() {
    let app = spawn_app_with_webhooks().await;
    let (link, inquiry) = seeded(&app, InquiryStatus::Pending).await;
    let before = audit_count(&app).await;
    let body = event_body(
        "evt_done_1",
        "inquiry.completed",
        &inquiry.provider_inquiry_id,
        Utc::now(),
    );
    let signature = sign(WEBHOOK_SECRET, &body);

    let first = deliver(&app, &body, Some(&signature)).await;
    assert_eq!(first.status(), 200);
    assert_eq!(
        first.json::<serde_json::Value>().await.unwrap()["status"],
        "applied"
    );
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Completed
    );
    assert_eq!(reload_link(&app, &link).await.state, LinkState::Completed);
    let after_first = audit_count(&app).await;
    assert_eq!(after_first, before + 2, "status change and link completion");

    let replay = deliver(&app, &body, Some(&signature)).await;
    assert_eq!(replay.status(), 200);
    assert_eq!(
        replay.json::<serde_json::Value>().await.unwrap()["status"],
        "duplicate"
    );
    assert_eq!(audit_count(&app).await, after_first);
    assert_eq!(app.count_rows("processed_webhook_events").await, 1);
}

#[tokio::test]
async fn the_audit_entry_of_a_status_change_holds_ids_and_statuses_but_no_personal_data() {
    let app = spawn_app_with_webhooks().await;
    let (link, inquiry) = seeded(&app, InquiryStatus::Pending).await;
    let body = event_body(
        "evt_pii",
        "inquiry.completed",
        &inquiry.provider_inquiry_id,
        Utc::now(),
    );
    deliver_signed(&app, &body).await;

    let events = inquiry_portal::repo::audit::for_subject(
        &app.db.connection,
        inquiry_portal::repo::TenantScope::new(inquiry.tenant_id),
        &format!("link:{}", link.public_id),
        10,
    )
    .await
    .unwrap();
    let change = events
        .iter()
        .find(|e| e.action == "inquiry.status_changed")
        .expect("a status change entry");
    assert_eq!(change.actor, "system:webhook");
    let details: serde_json::Value =
        serde_json::from_str(change.details.as_deref().unwrap()).unwrap();
    assert_eq!(details["from"], "pending");
    assert_eq!(details["to"], "completed");
    assert_eq!(details["inquiry"], inquiry.provider_inquiry_id.as_str());
    for event in &events {
        let text = format!("{event:?}");
        for pii in ["Ana", "Pereira", "ana@example.test", WEBHOOK_SECRET] {
            assert!(!text.contains(pii), "{pii} leaked into {text}");
        }
    }
}

#[tokio::test]
async fn one_flipped_body_byte_is_refused_and_changes_nothing() {
    let app = spawn_app_with_webhooks().await;
    let (_, inquiry) = seeded(&app, InquiryStatus::Pending).await;
    let before = audit_count(&app).await;
    let body = event_body(
        "evt_flip",
        "inquiry.completed",
        &inquiry.provider_inquiry_id,
        Utc::now(),
    );
    let signature = sign(WEBHOOK_SECRET, &body);
    let mut flipped = body.clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] ^= 0x01;
    let flipped = String::from_utf8(flipped).unwrap();

    let response = deliver(&app, &flipped, Some(&signature)).await;

    assert_eq!(response.status(), 401);
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Pending
    );
    assert_eq!(audit_count(&app).await, before);
    assert_eq!(app.count_rows("processed_webhook_events").await, 0);
}

#[tokio::test]
async fn a_timestamp_older_than_300_seconds_is_refused_even_with_a_valid_signature() {
    let app = spawn_app_with_webhooks().await;
    let (_, inquiry) = seeded(&app, InquiryStatus::Pending).await;
    let body = event_body(
        "evt_old",
        "inquiry.completed",
        &inquiry.provider_inquiry_id,
        Utc::now(),
    );
    let stale = signature_header(WEBHOOK_SECRET, now() - 301, body.as_bytes());

    let response = deliver(&app, &body, Some(&stale)).await;

    assert_eq!(response.status(), 401);
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Pending
    );
    assert_eq!(app.count_rows("processed_webhook_events").await, 0);
}

#[tokio::test]
async fn a_missing_or_garbage_signature_header_is_refused_without_a_panic() {
    let app = spawn_app_with_webhooks().await;
    let (_, inquiry) = seeded(&app, InquiryStatus::Pending).await;
    let before = audit_count(&app).await;
    let body = event_body(
        "evt_garbage",
        "inquiry.completed",
        &inquiry.provider_inquiry_id,
        Utc::now(),
    );

    assert_eq!(deliver(&app, &body, None).await.status(), 400);
    for garbage in [
        "garbage",
        "t=,v1=",
        "t=notanumber,v1=abcd",
        "v1=00ff",
        "t=1700000000,v1=zzzz",
        "t=99999999999999999999999999,v1=00",
        "\u{1F600}",
    ] {
        let response = deliver(&app, &body, Some(garbage)).await;
        assert!(
            response.status() == 400 || response.status() == 401,
            "{garbage}: {}",
            response.status()
        );
    }
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Pending
    );
    assert_eq!(audit_count(&app).await, before);
    // The server is still answering: a correct delivery still works.
    deliver_signed(&app, &body).await;
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Completed
    );
}

#[tokio::test]
async fn during_a_secret_rotation_signatures_under_the_old_or_the_new_secret_are_accepted() {
    let app =
        spawn_app_with(|s| s.persona_webhook_secret = Some("whsec_new, whsec_old".into())).await;
    let (_, inquiry) = seeded(&app, InquiryStatus::Created).await;
    let id = &inquiry.provider_inquiry_id;
    let started = event_body(
        "evt_rot_1",
        "inquiry.started",
        id,
        Utc::now() - Duration::seconds(20),
    );
    let completed = event_body(
        "evt_rot_2",
        "inquiry.completed",
        id,
        Utc::now() - Duration::seconds(10),
    );
    let approved = event_body("evt_rot_3", "inquiry.approved", id, Utc::now());

    let under_old = sign("whsec_old", &started);
    assert_eq!(
        deliver(&app, &started, Some(&under_old)).await.status(),
        200
    );
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Pending
    );

    let under_new = sign("whsec_new", &completed);
    assert_eq!(
        deliver(&app, &completed, Some(&under_new)).await.status(),
        200
    );
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Completed
    );

    // The provider's own rotation: two sets, one under a secret we no longer hold.
    let both = format!(
        "{} {}",
        sign("whsec_retired", &approved),
        sign("whsec_new", &approved)
    );
    assert_eq!(deliver(&app, &approved, Some(&both)).await.status(), 200);
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Approved
    );

    let foreign = event_body("evt_rot_4", "inquiry.declined", id, Utc::now());
    let response = deliver(&app, &foreign, Some(&sign("whsec_retired", &foreign))).await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Approved
    );
}

#[tokio::test]
async fn events_delivered_newest_first_still_end_in_the_right_status() {
    let app = spawn_app_with_webhooks().await;
    let (link, inquiry) = seeded(&app, InquiryStatus::Created).await;
    let id = &inquiry.provider_inquiry_id;
    let t0 = Utc::now() - Duration::seconds(120);
    let events = [
        event_body(
            "evt_o_4",
            "inquiry.approved",
            id,
            t0 + Duration::seconds(90),
        ),
        event_body(
            "evt_o_3",
            "inquiry.completed",
            id,
            t0 + Duration::seconds(60),
        ),
        event_body("evt_o_2", "inquiry.started", id, t0 + Duration::seconds(1)),
        event_body("evt_o_1", "inquiry.created", id, t0 + Duration::seconds(1)),
        event_body("evt_o_0", "inquiry.expired", id, t0),
    ];
    for body in &events {
        deliver_signed(&app, body).await;
    }
    let inquiry = reload_inquiry(&app, &inquiry).await;
    assert_eq!(inquiry.status, InquiryStatus::Approved);
    assert_eq!(
        inquiry.last_event_at,
        Some((t0 + Duration::seconds(90)).timestamp())
    );
    assert_eq!(reload_link(&app, &link).await.state, LinkState::Completed);
    assert_eq!(app.count_rows("processed_webhook_events").await, 5);
}

#[tokio::test]
async fn events_stamped_with_the_same_second_end_in_the_later_step_whatever_their_order() {
    let app = spawn_app_with_webhooks().await;
    let (_, inquiry) = seeded(&app, InquiryStatus::Created).await;
    let id = &inquiry.provider_inquiry_id;
    let at = Utc::now();
    deliver_signed(&app, &event_body("evt_s_2", "inquiry.started", id, at)).await;
    deliver_signed(&app, &event_body("evt_s_1", "inquiry.created", id, at)).await;
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Pending
    );
}

#[tokio::test]
async fn an_unknown_event_name_is_accepted_and_changes_nothing() {
    let app = spawn_app_with_webhooks().await;
    let (_, inquiry) = seeded(&app, InquiryStatus::Pending).await;
    let before = audit_count(&app).await;
    let body = event_body(
        "evt_new_kind",
        "inquiry.transitioned",
        &inquiry.provider_inquiry_id,
        Utc::now(),
    );

    let response = deliver_signed(&app, &body).await;

    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["status"],
        "ignored"
    );
    assert_eq!(
        reload_inquiry(&app, &inquiry).await.status,
        InquiryStatus::Pending
    );
    assert_eq!(audit_count(&app).await, before);
}

#[tokio::test]
async fn an_event_about_an_inquiry_the_portal_does_not_hold_is_accepted_and_ignored() {
    let app = spawn_app_with_webhooks().await;
    let body = event_body(
        "evt_stranger",
        "inquiry.completed",
        "inq_notOurs000000000000000",
        Utc::now(),
    );

    let response = deliver_signed(&app, &body).await;

    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["status"],
        "ignored"
    );
    assert_eq!(app.count_rows("audit_events").await, 0);
}

#[tokio::test]
async fn a_signed_body_that_is_not_an_event_is_a_400_and_changes_nothing() {
    let app = spawn_app_with_webhooks().await;
    for body in ["not json", r#"{"data": {"id": "evt_1"}}"#] {
        let response = deliver(&app, body, Some(&sign(WEBHOOK_SECRET, body))).await;
        assert_eq!(response.status(), 400, "{body}");
    }
    assert_eq!(app.count_rows("processed_webhook_events").await, 0);
}

#[tokio::test]
async fn in_persona_mode_without_a_configured_secret_webhooks_are_refused_with_503() {
    // In sandbox mode a secret is always derived; only persona mode can lack one.
    let app = spawn_app_with(|s| {
        s.provider = inquiry_portal::config::ProviderKind::Persona;
        s.persona_api_key = Some("persona_test_key".into());
        s.persona_webhook_secret = None;
    })
    .await;
    let body = event_body(
        "evt_x",
        "inquiry.completed",
        "inq_abcdefgh12345678",
        Utc::now(),
    );

    let response = deliver(&app, &body, Some(&sign(WEBHOOK_SECRET, &body))).await;

    assert_eq!(response.status(), 503);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"]["message"], "webhooks are not configured");
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read_in_full() {
    let app = spawn_app_with_webhooks().await;
    let body = format!("{{\"padding\": \"{}\"}}", "x".repeat(300 * 1024));

    let response = deliver(&app, &body, Some(&sign(WEBHOOK_SECRET, &body))).await;

    assert_eq!(response.status(), 413);
}
