//! The reconciler against a mock provider: a lost webhook loses nothing, an older answer
//! never sets a status back, and a 429 ends the pass.

use std::time::Duration;

use chrono::{DateTime, Utc};
use inquiry_portal::{
    config::ProviderKind,
    db::now,
    domain::{InquiryStatus, LinkKind, LinkState},
    entities::{inquiries, tenants},
    jobs::reconciler::reconcile_once,
    repo,
};
use serde_json::json;

use crate::{
    mock_provider::{Canned, MockProvider, API_KEY},
    support::{
        eventually, spawn_app_with,
        status::{
            new_inquiry_id, reload_inquiry, seed_inquiry, seed_inquiry_with_id, seed_link,
            seed_template, CURRENT_VERSION,
        },
        TestApp,
    },
};

/// A portal whose provider is the mock; `interval` is the background reconciler's.
async fn app_against(mock: &MockProvider, interval: Duration) -> TestApp {
    let base = mock.base.clone();
    spawn_app_with(move |s| {
        s.provider = ProviderKind::Persona;
        s.persona_api_base = base;
        s.persona_api_key = Some(API_KEY.into());
        s.reconcile_interval = interval;
    })
    .await
}

const HOUR: Duration = Duration::from_secs(3600);

/// The provider's answer to `GET /inquiries/{id}`.
fn provider_inquiry(id: &str, status: &str, timestamps: &[(&str, DateTime<Utc>)]) -> Canned {
    let mut attributes = json!({"status": status, "reference-id": "cust-1", "name-first": "Ana"});
    for (name, at) in timestamps {
        attributes[*name] = json!(at.to_rfc3339());
    }
    Canned::json(
        200,
        json!({"data": {"type": "inquiry", "id": id, "attributes": attributes}}).to_string(),
    )
}

async fn one_link_inquiry(
    app: &TestApp,
    status: InquiryStatus,
) -> (tenants::Model, inquiries::Model) {
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
    (tenant, inquiry)
}

#[tokio::test]
async fn reconcile_once_brings_in_a_status_whose_webhook_was_lost() {
    let mock = MockProvider::start(vec![]);
    let app = app_against(&mock, HOUR).await;
    let (_, inquiry) = one_link_inquiry(&app, InquiryStatus::Pending).await;
    let completed_at = Utc::now() - chrono::Duration::seconds(30);
    mock.set_script(vec![provider_inquiry(
        &inquiry.provider_inquiry_id,
        "completed",
        &[
            ("created-at", completed_at - chrono::Duration::minutes(5)),
            ("started-at", completed_at - chrono::Duration::minutes(4)),
            ("completed-at", completed_at),
        ],
    )]);

    let changed = reconcile_once(&app.state).await.unwrap();

    assert_eq!(changed, 1);
    let request = mock.only_request();
    assert_eq!(
        request.path,
        format!("/api/v1/inquiries/{}", inquiry.provider_inquiry_id)
    );
    let inquiry = reload_inquiry(&app, &inquiry).await;
    assert_eq!(inquiry.status, InquiryStatus::Completed);
    assert_eq!(inquiry.last_event_at, Some(completed_at.timestamp()));
    let trail = repo::audit::recent(
        &app.db.connection,
        repo::TenantScope::new(inquiry.tenant_id),
        5,
    )
    .await
    .unwrap();
    assert!(trail
        .iter()
        .any(|e| e.action == "inquiry.status_changed" && e.actor == "system:reconciler"));
}

#[tokio::test]
async fn reconcile_once_never_sets_back_a_status_applied_from_a_newer_event() {
    let mock = MockProvider::start(vec![]);
    let app = app_against(&mock, HOUR).await;
    let (_, inquiry) = one_link_inquiry(&app, InquiryStatus::Pending).await;
    // A webhook said "started" just now; the provider's answer describes an hour ago.
    let recent = now();
    repo::inquiry_status::record_observation(
        &app.db.connection,
        &inquiry,
        InquiryStatus::Pending,
        Some(recent),
        None,
    )
    .await
    .unwrap();
    let hour_ago = Utc::now() - chrono::Duration::hours(1);
    mock.set_script(vec![provider_inquiry(
        &inquiry.provider_inquiry_id,
        "created",
        &[("created-at", hour_ago)],
    )]);
    let audit_before = app.count_rows("audit_events").await;

    let changed = reconcile_once(&app.state).await.unwrap();

    assert_eq!(changed, 0);
    assert_eq!(mock.requests().len(), 1, "it did ask");
    let inquiry = reload_inquiry(&app, &inquiry).await;
    assert_eq!(inquiry.status, InquiryStatus::Pending);
    assert_eq!(inquiry.last_event_at, Some(recent));
    assert_eq!(app.count_rows("audit_events").await, audit_before);
}

#[tokio::test]
async fn reconcile_once_leaves_the_status_alone_when_the_provider_reports_one_it_does_not_know() {
    let mock = MockProvider::start(vec![]);
    let app = app_against(&mock, HOUR).await;
    let (_, inquiry) = one_link_inquiry(&app, InquiryStatus::Pending).await;
    let audit_before = app.count_rows("audit_events").await;
    mock.set_script(vec![provider_inquiry(
        &inquiry.provider_inquiry_id,
        "waiting-on-review-partner",
        &[("created-at", Utc::now())],
    )]);

    let changed = reconcile_once(&app.state).await.unwrap();

    assert_eq!(changed, 0);
    assert_eq!(mock.requests().len(), 1, "it did ask");
    let reloaded = reload_inquiry(&app, &inquiry).await;
    assert_eq!(reloaded.status, InquiryStatus::Pending);
    assert_eq!(reloaded.last_event_at, inquiry.last_event_at);
    assert_eq!(app.count_rows("audit_events").await, audit_before);
}

#[tokio::test]
async fn reconcile_once_ends_its_pass_at_the_first_429_and_leaves_the_rest_due() {
    let mock = MockProvider::start(vec![Canned::json(
        429,
        r#"{"errors":[{"title":"Too many requests"}]}"#,
    )
    .header("Retry-After", "120")]);
    let app = app_against(&mock, HOUR).await;
    let (tenant, first) = one_link_inquiry(&app, InquiryStatus::Pending).await;
    for _ in 0..2 {
        seed_inquiry(&app, &tenant, None, InquiryStatus::Created, CURRENT_VERSION).await;
    }

    let changed = reconcile_once(&app.state).await.unwrap();

    assert_eq!(changed, 0);
    assert_eq!(mock.requests().len(), 1, "no request after the 429");
    assert_eq!(
        reload_inquiry(&app, &first).await.status,
        InquiryStatus::Pending
    );
    assert_eq!(
        app.count_rows("inquiry_checks").await,
        0,
        "nothing was checked, so nothing waits"
    );
    let due = repo::inquiry_status::due_for_check(&app.db.connection, now(), 20)
        .await
        .unwrap();
    assert_eq!(due.len(), 3);
}

#[tokio::test]
async fn a_checked_inquiry_is_not_asked_about_again_until_its_backoff_has_passed() {
    let mock = MockProvider::start(vec![]);
    let app = app_against(&mock, HOUR).await;
    let (_, inquiry) = one_link_inquiry(&app, InquiryStatus::Pending).await;
    mock.set_script(vec![provider_inquiry(
        &inquiry.provider_inquiry_id,
        "pending",
        &[("created-at", Utc::now())],
    )]);

    reconcile_once(&app.state).await.unwrap();
    reconcile_once(&app.state).await.unwrap();

    assert_eq!(mock.requests().len(), 1);
    let check = repo::inquiry_checks::find(&app.db.connection, inquiry.id)
        .await
        .unwrap()
        .expect("a schedule");
    assert_eq!(check.interval_seconds, 60);
    assert!(check.next_check_at >= now() + 55);
}

#[tokio::test]
async fn expired_inquiries_are_checked_only_while_their_link_is_active() {
    let mock = MockProvider::start(vec![]);
    let app = app_against(&mock, HOUR).await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let template = seed_template(&app, &tenant).await;
    let active = seed_link(&app, &tenant, &template, LinkKind::Dedicated, "a", 86_400).await;
    let revoked = seed_link(&app, &tenant, &template, LinkKind::Dedicated, "b", 86_400).await;
    let scope = repo::TenantScope::new(tenant.id);
    repo::links::set_state(&app.db.connection, scope, revoked.id, LinkState::Revoked)
        .await
        .unwrap();
    let on_active = seed_inquiry(
        &app,
        &tenant,
        Some(&active),
        InquiryStatus::Expired,
        CURRENT_VERSION,
    )
    .await;
    seed_inquiry(
        &app,
        &tenant,
        Some(&revoked),
        InquiryStatus::Expired,
        CURRENT_VERSION,
    )
    .await;
    seed_inquiry(
        &app,
        &tenant,
        None,
        InquiryStatus::Completed,
        CURRENT_VERSION,
    )
    .await;

    let due = repo::inquiry_status::due_for_check(&app.db.connection, now(), 20)
        .await
        .unwrap();

    assert_eq!(
        due.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![on_active.id]
    );
}

#[tokio::test]
async fn the_background_reconciler_catches_up_on_its_own() {
    // The job may tick at any moment, so the mock knows its answer before the inquiry exists.
    let provider_id = new_inquiry_id();
    let mock = MockProvider::start(vec![provider_inquiry(
        &provider_id,
        "failed",
        &[("created-at", Utc::now()), ("failed-at", Utc::now())],
    )]);
    let app = app_against(&mock, Duration::from_millis(100)).await;
    let (tenant, _) = app.create_tenant("acme", "owner@acme.test").await;
    let inquiry = seed_inquiry_with_id(
        &app,
        &tenant,
        None,
        InquiryStatus::Created,
        CURRENT_VERSION,
        &provider_id,
    )
    .await;

    let caught_up = eventually(Duration::from_secs(10), || {
        let app = &app;
        let inquiry = &inquiry;
        async move { reload_inquiry(app, inquiry).await.status == InquiryStatus::Failed }
    })
    .await;

    assert!(
        caught_up,
        "the reconciler job applied the provider's status"
    );
}
