//! Secrets at rest: what the database keeps of an answer replayed for an Idempotency-Key.

use sea_orm::EntityTrait;
use serde_json::{json, Value};

#[tokio::test]
async fn a_stored_idempotent_answer_keeps_the_link_token_access_code_and_session_token_encrypted() {
    let app = crate::support::spawn_app().await;
    let acme = super::tenant(&app, "acme").await;
    let body = json!({"kind": "dedicated", "template_id": acme.template_id(),
                      "access_code": true, "issue_session_token": true});
    let send = || {
        reqwest::Client::new()
            .post(app.url("/api/v1/links"))
            .bearer_auth(&acme.key)
            .header("Idempotency-Key", "create-once-7f3a")
            .json(&body)
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let replayed = send().await.unwrap();
    assert_eq!(replayed.status(), 201);
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    assert_eq!(
        replayed.json::<Value>().await.unwrap(),
        first,
        "the same answer"
    );

    let stored = format!(
        "{:?}",
        inquiry_portal::entities::idempotency_records::Entity::find()
            .all(&app.db.connection)
            .await
            .unwrap()
    );
    let url = super::str_of(&first, "url");
    for secret in [
        url.rsplit('/').next().unwrap(),
        super::str_of(&first, "access_code"),
        super::str_of(&first, "session_token"),
    ] {
        assert!(
            !stored.contains(secret),
            "{secret} is stored readable: {stored}"
        );
    }
}
