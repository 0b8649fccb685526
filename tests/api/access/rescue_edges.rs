//! The edges of rescuing a link: the extension's bounds and malformed bodies, final links,
//! another tenant's link, the OpenAPI description, and the link page's rescue panel.

use inquiry_portal::{
    domain::{LinkState, StaleAction},
    repo,
    sandbox::templates::publish_new_version,
};
use serde_json::{json, Value};

use super::{
    assert_api_error, issue,
    rescue::{expire_link, extend, extend_raw, get_link, lapsed_pending_link},
    set_policy, signed_in, str_of, tenant,
};
use crate::support::spawn_app;

#[tokio::test]
async fn an_extension_out_of_bounds_or_malformed_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({})).await;
    let id = str_of(&link, "id");
    expire_link(&app, &acme, id).await;
    let before = get_link(&app, &acme, id).await;
    let policy = repo::policies::get(&app.db.connection, acme.scope())
        .await
        .unwrap();
    let maximum = policy.max_link_seconds.min(policy.ceiling_link_seconds);

    for seconds in [0, -5, maximum + 1] {
        let (status, body) = extend(&app, &acme, id, seconds).await;
        assert_eq!(status, 422, "{seconds}: {body}");
        assert_api_error(&body, "unprocessable");
        assert!(
            str_of(&body["error"], "message").contains("expires_in_seconds"),
            "{body}"
        );
    }
    for body in [
        "{}",
        r#"{"expires_in_seconds": "3600"}"#,
        r#"{"expires_in_seconds": 3600, "extra": 1}"#,
        "not json",
    ] {
        let (status, answer) = extend_raw(&app, &acme, id, body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_api_error(&answer, "invalid_request");
    }
    assert_eq!(get_link(&app, &acme, id).await, before, "nothing changed");

    let (status, extended) = extend(&app, &acme, id, maximum).await;
    assert_eq!(status, 200, "the maximum itself is allowed: {extended}");
}

#[tokio::test]
async fn an_extension_from_now_never_shortens_a_link() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({"expires_in_seconds": 86_400})).await;
    let id = str_of(&link, "id");

    let (status, extended) = extend(&app, &acme, id, 3600).await;

    assert_eq!(status, 200, "{extended}");
    assert_eq!(extended["expires_at"], link["expires_at"]);
}

#[tokio::test]
async fn revoked_and_completed_links_cannot_be_extended() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let revoked = issue(&app, &acme, json!({})).await;
    let id = str_of(&revoked, "id");
    let (status, _) = app
        .api_post(&acme.key, &format!("/api/v1/links/{id}/revoke"), &json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, body) = extend(&app, &acme, id, 3600).await;
    assert_eq!(status, 409, "{body}");
    assert_api_error(&body, "conflict");
    assert_eq!(get_link(&app, &acme, id).await["status"], "revoked");

    let completed = issue(&app, &acme, json!({})).await;
    let id = str_of(&completed, "id");
    let row = repo::links::find(&app.db.connection, acme.scope(), id)
        .await
        .unwrap()
        .unwrap();
    repo::links::set_state(
        &app.db.connection,
        acme.scope(),
        row.id,
        LinkState::Completed,
    )
    .await
    .unwrap();
    let (status, body) = extend(&app, &acme, id, 3600).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(get_link(&app, &acme, id).await["status"], "completed");
}

#[tokio::test]
async fn another_tenants_link_cannot_be_extended_and_is_not_found() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let globex = tenant(&app, "globex").await;
    let theirs = issue(&app, &globex, json!({})).await;
    let id = str_of(&theirs, "id");
    expire_link(&app, &globex, id).await;
    let before = get_link(&app, &globex, id).await;

    let (status, body) = extend(&app, &acme, id, 3600).await;
    let (unknown, _) = extend(&app, &acme, "lnk_doesnotexist0000000000", 3600).await;

    assert_eq!(status, 404, "{body}");
    assert_api_error(&body, "not_found");
    assert_eq!(unknown, 404);
    assert_eq!(get_link(&app, &globex, id).await, before);
}

#[tokio::test]
async fn the_extension_is_described_in_the_openapi_document() {
    let app = spawn_app().await;
    let document: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let operation = &document["paths"]["/api/v1/links/{id}/extend"]["post"];
    for status in ["200", "400", "404", "409", "422"] {
        assert!(
            operation["responses"][status].is_object(),
            "{status} missing: {operation}"
        );
    }
    let schema = &document["components"]["schemas"]["ExtendLinkBody"];
    assert!(
        schema["properties"]["expires_in_seconds"].is_object(),
        "{schema}"
    );
}

#[tokio::test]
async fn the_page_of_an_expired_link_offers_its_rescue_and_a_revoked_one_says_who_ended_it() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let owner = signed_in(&app, &acme.owner_email).await;
    let link = issue(&app, &acme, json!({})).await;
    let id = str_of(&link, "id");
    expire_link(&app, &acme, id).await;
    let page = owner
        .get(app.url(&format!("/links/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("This link has expired"), "{page}");
    assert!(page.contains(&format!("action=\"/links/{id}/extend\"")));

    let extended = app
        .post_form(
            &owner,
            &format!("/links/{id}"),
            &format!("/links/{id}/extend"),
            &[("extend_seconds", "86400")],
        )
        .await;
    assert_eq!(extended.status(), 303);
    assert_eq!(get_link(&app, &acme, id).await["status"], "active");

    let (status, _) = super::link_action(&app, &owner, id, "revoke").await;
    assert_eq!(status, 303);
    let page = owner
        .get(app.url(&format!("/links/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("This link is revoked"), "{page}");
    assert!(page.contains(&acme.owner_email), "who revoked it: {page}");
    assert!(
        !page.contains(&format!("action=\"/links/{id}/extend\"")),
        "a revoked link offers no extension"
    );
}

#[tokio::test]
async fn with_the_reissue_policy_the_page_of_a_lapsed_outdated_link_offers_to_reissue() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.stale_version_action = StaleAction::Reissue
    })
    .await;
    let (link, _, _) = lapsed_pending_link(&app, &acme).await;
    let latest = publish_new_version(&app.db, acme.template_id())
        .await
        .unwrap();
    // The portal learns of the new version as the stale-version panel does.
    let connection = acme.template.id;
    repo::template_connections::set_current_version(
        &app.db.connection,
        connection,
        &latest.public_id,
    )
    .await
    .unwrap();
    let owner = signed_in(&app, &acme.owner_email).await;

    let page = owner
        .get(app.url(&format!("/links/{}", str_of(&link, "id"))))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(page.contains("Extend and reissue"), "{page}");
}
