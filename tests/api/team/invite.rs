//! The owner's side: inviting says nothing about other tenants.

use inquiry_portal::{
    accounts::invitations::INVITATION_LIFETIME_SECONDS, crypto::sha256_hex, domain::Role,
    entities::invitations,
};
use sea_orm::EntityTrait;

use super::{invitation_path, invitations_sent, invite};
use crate::support::{client, spawn_app};

/// The flash message of a page, with `email` replaced: what the owner is told.
fn told(page: &str, email: &str) -> String {
    let start = page.find("class=\"flash").expect("a flash message");
    let end = start + page[start..].find("</div>").expect("the flash ends");
    page[start..end].replace(email, "<address>")
}

#[tokio::test]
async fn the_owners_answer_and_the_message_are_the_same_for_a_new_address_one_known_elsewhere_and_a_member(
) {
    let app = spawn_app().await;
    let (acme, _) = app.create_tenant("acme", "owner@acme.test").await;
    app.create_tenant("globex", "owner@globex.test").await;
    app.create_user(&acme, "issuer@acme.test", Role::Issuer)
        .await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let (users, memberships) = (
        app.count_rows("users").await,
        app.count_rows("memberships").await,
    );

    let addresses = ["new@else.test", "owner@globex.test", "issuer@acme.test"];
    let mut answers = Vec::new();
    for email in addresses {
        let (status, page) = invite(&app, &owner, email, "viewer").await;
        assert_eq!(status, 200, "{page}");
        assert!(!page.contains("already exists"), "{page}");
        answers.push(told(&page, email));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0], answers[2]);
    assert!(
        answers[0].contains("An invitation is on its way"),
        "{}",
        answers[0]
    );

    let sent = invitations_sent(&app).await;
    assert_eq!(sent.len(), 3, "every address gets an invitation");
    let shape = |i: usize| {
        let path = invitation_path(&app, &sent[i].text);
        (
            sent[i].row.subject.clone(),
            sent[i].text.replace(&path, "<link>"),
            sent[i].html.replace(&path, "<link>"),
        )
    };
    assert_eq!(shape(0), shape(1), "the message says the same");
    assert_eq!(shape(0), shape(2), "the message says the same");
    for (message, email) in sent.iter().zip(addresses) {
        assert_eq!(message.to, email);
    }
    assert_eq!(
        app.count_rows("audit_events WHERE action = 'user.invited'")
            .await,
        3
    );
    assert_eq!(app.count_rows("users").await, users, "no login yet");
    assert_eq!(app.count_rows("memberships").await, memberships);
}

#[tokio::test]
async fn an_invitation_names_the_tenant_expires_in_seven_days_and_its_token_is_stored_hashed() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    invite(&app, &owner, "Grace@Example.com", "issuer").await;

    let sent = invitations_sent(&app).await;
    let message = &sent[0];
    assert_eq!(
        message.row.subject,
        "You are invited to Tenant acme on the Inquiry Link Portal"
    );
    assert_eq!(message.to, "grace@example.com");
    assert!(
        message.text.contains("Tenant acme invited you"),
        "{}",
        message.text
    );
    assert!(
        message.text.contains("The link expires on"),
        "{}",
        message.text
    );
    assert!(!message.text.contains("grace@"), "no address in the body");
    assert!(
        message.html.contains("Accept the invitation"),
        "{}",
        message.html
    );
    assert_eq!(message.row.recipient_masked, "g•••@example.com");

    let path = invitation_path(&app, &message.text);
    assert!(message.html.contains(&path));
    let token = path.strip_prefix("/invitations/").unwrap();
    let rows = invitations::Entity::find()
        .all(&app.db.connection)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].token_hash, sha256_hex(token), "stored as SHA-256");
    assert!(!rows[0].token_hash.contains(token));
    assert_eq!(
        rows[0].expires_at - rows[0].created_at,
        INVITATION_LIFETIME_SECONDS
    );
    assert_eq!(INVITATION_LIFETIME_SECONDS, 7 * 86_400);
    assert_eq!(rows[0].role, Role::Issuer);

    let page = owner
        .get(app.url("/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("grace@example.com") && page.contains("pending"),
        "{page}"
    );
}

#[tokio::test]
async fn a_bad_address_or_role_re_renders_the_form_and_sends_nothing() {
    let app = spawn_app().await;
    app.create_tenant("acme", "owner@acme.test").await;
    let owner = client();
    app.login(&owner, "owner@acme.test").await;
    let (status, page) = invite(&app, &owner, "not an address", "viewer").await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("value=\"not an address\""), "{page}");
    let (status, _) = invite(&app, &owner, "ok@example.com", "operator").await;
    assert_eq!(status, 422);
    assert!(invitations_sent(&app).await.is_empty());
    assert_eq!(app.count_rows("invitations").await, 0);
}
