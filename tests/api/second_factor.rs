//! TOTP second factor: enrolment, two-step sign-in, replay, recovery codes, enforcement.

use inquiry_portal::domain::Role;
use sea_orm::{ConnectionTrait, Statement};

use crate::support::{
    client, location_header,
    second_factor::{code_at, current_step, enrol, sign_in_with},
    spawn_app, spawn_app_with, PASSWORD,
};

#[tokio::test]
async fn a_current_code_signs_in_and_the_same_code_again_or_a_wrong_one_does_not() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let step = current_step();
    let (secret, _) = enrol(&app, &http, step).await;
    let next = code_at(&secret, step + 1);
    let (status, signed_in) = sign_in_with(&app, "owner@acme.test", &next).await;
    assert_eq!(status, 303);
    assert_eq!(
        signed_in
            .get(app.url("/links"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let (status, replayed) = sign_in_with(&app, "owner@acme.test", &next).await;
    assert_eq!(status, 401, "a used code is refused");
    let home = replayed.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        location_header(&home).as_deref(),
        Some("/login"),
        "half signed in is not signed in"
    );
    let wrong = format!("{:06}", (next.parse::<u32>().unwrap() + 1) % 1_000_000);
    assert_eq!(sign_in_with(&app, "owner@acme.test", &wrong).await.0, 401);
    let actions = app.audit_trail().await;
    assert!(actions
        .iter()
        .any(|a| a.starts_with("second_factor.enrolled")));
    assert!(actions
        .iter()
        .any(|a| a.starts_with("login.succeeded") && a.contains("\"totp\"")));
    assert!(actions
        .iter()
        .any(|a| a.starts_with("login.failed") && a.contains("second_factor")));
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    let (_, codes) = enrol(&app, &http, current_step()).await;
    assert_eq!(
        sign_in_with(&app, "owner@acme.test", &codes[3].to_uppercase())
            .await
            .0,
        303
    );
    assert_eq!(
        sign_in_with(&app, "owner@acme.test", &codes[3]).await.0,
        401
    );
    assert_eq!(
        sign_in_with(&app, "owner@acme.test", &codes[4]).await.0,
        303
    );
    let actions = app.audit_trail().await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| a.starts_with("recovery_code.used"))
            .count(),
        2
    );
    let stored: String = app
        .db
        .connection
        .query_one_raw(Statement::from_string(
            app.db.connection.get_database_backend(),
            "SELECT recovery_codes AS v FROM users",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "v")
        .unwrap();
    assert_eq!(stored.split_whitespace().count(), 8);
    assert!(!stored.contains(&codes[5]), "stored hashed");
}

#[tokio::test]
async fn the_second_step_has_its_own_throttle() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let http = client();
    app.login(&http, "owner@acme.test").await;
    enrol(&app, &http, current_step()).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(sign_in_with(&app, "owner@acme.test", "000000").await.0);
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

#[tokio::test]
async fn a_tenant_requirement_sends_people_without_a_second_factor_to_enrol_first() {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_user(&acme, "issuer@acme.test", Role::Issuer)
        .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    app.require_second_factor(&owner).await;
    let issuer = client();
    let login = app.post_login(&issuer, "issuer@acme.test", PASSWORD).await;
    assert_eq!(
        location_header(&login).as_deref(),
        Some("/account/security")
    );
    for path in ["/", "/links", "/account"] {
        let page = issuer.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            location_header(&page).as_deref(),
            Some("/account/security"),
            "{path}"
        );
    }
    enrol(&app, &issuer, current_step()).await;
    assert_eq!(
        issuer.get(app.url("/links")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn operators_are_sent_to_enrol_when_the_portal_requires_it() {
    let app = spawn_app_with(|settings| settings.operator_require_mfa = true).await;
    app.create_operator("ops@portal.test").await;
    let http = client();
    let login = app.post_login(&http, "ops@portal.test", PASSWORD).await;
    assert_eq!(
        location_header(&login).as_deref(),
        Some("/account/security")
    );
    let page = http.get(app.url("/operator/tenants")).send().await.unwrap();
    assert_eq!(location_header(&page).as_deref(), Some("/account/security"));
}
