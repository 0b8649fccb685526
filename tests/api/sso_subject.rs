//! Single sign-on binds a membership to the person at the identity provider (the ID
//! token's `sub`), not only to an email address, which can pass to someone new.

use inquiry_portal::{domain::Role, repo, repo::TenantScope};

use crate::{
    sso::tenant_with_sso,
    support::{client, oidc::IdentityProvider, TestApp},
};

async fn subject_of(app: &TestApp, email: &str) -> Option<String> {
    let db = &app.db.connection;
    let tenant = repo::tenants::find_by_slug(db, "acme")
        .await
        .unwrap()
        .unwrap();
    let email = inquiry_portal::domain::Email::parse(email).unwrap();
    let user = repo::users::find_by_email(db, &email)
        .await
        .unwrap()
        .unwrap();
    repo::memberships::find(db, TenantScope::new(tenant.id), user.id)
        .await
        .unwrap()
        .unwrap()
        .sso_subject
}

async fn sign_in_as(app: &TestApp, email: &str, subject: &str) -> reqwest::Response {
    app.sign_in_with_sso_as(&client(), email, (email, true), Some(subject))
        .await
}

#[tokio::test]
async fn someone_new_with_an_old_email_address_is_refused_and_the_account_keeps_its_person() {
    let (app, _provider) = tenant_with_sso(true).await;
    let first = sign_in_as(&app, "alice@staff.example", "alice-0001").await;
    assert_eq!(first.status(), 303, "the first sign-in makes the account");
    assert_eq!(
        subject_of(&app, "alice@staff.example").await.as_deref(),
        Some("alice-0001")
    );

    let stranger = sign_in_as(&app, "alice@staff.example", "someone-new-0002").await;
    assert_eq!(stranger.status(), 403);
    let page = stranger.text().await.unwrap();
    assert!(
        page.contains("belongs to another person at your identity provider"),
        "{page}"
    );
    assert!(app
        .audit_trail()
        .await
        .iter()
        .any(|line| line.starts_with("login.sso_refused") && line.contains("subject_mismatch")));

    let again = sign_in_as(&app, "alice@staff.example", "alice-0001").await;
    assert_eq!(
        again.status(),
        303,
        "the account's own person still signs in"
    );
}

#[tokio::test]
async fn a_member_added_by_an_owner_is_bound_at_their_first_single_sign_on() {
    let (app, _provider) = tenant_with_sso(true).await;
    let tenant = repo::tenants::find_by_slug(&app.db.connection, "acme")
        .await
        .unwrap()
        .unwrap();
    app.create_user(&tenant, "bob@staff.example", Role::Issuer)
        .await;
    assert_eq!(subject_of(&app, "bob@staff.example").await, None);
    assert_eq!(
        sign_in_as(&app, "bob@staff.example", "bob-0001")
            .await
            .status(),
        303
    );
    assert_eq!(
        subject_of(&app, "bob@staff.example").await.as_deref(),
        Some("bob-0001")
    );
    assert_eq!(
        sign_in_as(&app, "bob@staff.example", "bob-0002")
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn moving_to_another_identity_provider_binds_everyone_afresh() {
    let (app, _old) = tenant_with_sso(true).await;
    assert_eq!(
        sign_in_as(&app, "carol@staff.example", "carol-at-old")
            .await
            .status(),
        303
    );

    let new = IdentityProvider::start(&app).await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let saved = app
        .configure_sso(&owner, &new, "staff.example", "issuer", true)
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    assert_eq!(subject_of(&app, "carol@staff.example").await, None);

    assert_eq!(
        sign_in_as(&app, "carol@staff.example", "carol-at-new")
            .await
            .status(),
        303
    );
    assert_eq!(
        subject_of(&app, "carol@staff.example").await.as_deref(),
        Some("carol-at-new")
    );
}
