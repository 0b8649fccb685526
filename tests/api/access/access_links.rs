//! One-time access links `/a/{code}`: minted in the UI or the API, single use, short lived;
//! opening one shows the Continue page, and pressing Continue binds the browser and goes
//! into the flow with a token.

use futures_util::future::join_all;
use inquiry_portal::entities::access_links;
use sea_orm::{sea_query::Expr, EntityTrait};
use serde_json::json;

use super::{
    access_link, copyable_value, link_secret_action, open_flow, pending_link, signed_in, str_of,
    tenant,
};
use crate::support::{
    links::{browser, click, click_and_continue, press_continue, query_param},
    spawn_app, TestApp,
};

/// Asserts a redirect into the hosted flow of `inquiry_id` whose token opens it.
async fn assert_into_flow_with_token(
    app: &TestApp,
    who: &reqwest::Client,
    location: &str,
    inquiry_id: &str,
) {
    assert!(
        location.starts_with(&app.url("/sandbox/verify")),
        "{location}"
    );
    assert_eq!(
        query_param(location, "inquiry-id").as_deref(),
        Some(inquiry_id)
    );
    assert!(
        query_param(location, "session-token").is_some(),
        "{location}"
    );
    assert_eq!(
        open_flow(app, who, location).await,
        200,
        "the token opens the pending inquiry"
    );
}

#[tokio::test]
async fn an_access_link_from_the_ui_works_once_and_binds_the_browser_that_used_it() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let owner = signed_in(&app, &acme.owner_email).await;
    let (status, page) = link_secret_action(&app, &owner, str_of(&link, "id"), "access-link").await;
    assert_eq!(status, 303, "Post/Redirect/Get");
    let access = copyable_value(&page, "One-time access link").expect("shown once");

    let phone = browser();
    let (status, location) = click_and_continue(&phone, &access).await;
    assert_eq!(status, 303, "{location}");
    assert_into_flow_with_token(&app, &phone, &location, &inquiry_id).await;

    let (status, body) = click(&browser(), &access).await;
    assert_eq!(status, 410);
    assert!(body.contains("already used"), "{body}");
    assert_eq!(
        click(&phone, &access).await.0,
        410,
        "even in the same browser"
    );

    // The browser it bound continues through the normal link from now on.
    let (status, location) = click(&phone, str_of(&link, "url")).await;
    assert_eq!(status, 302);
    assert_into_flow_with_token(&app, &phone, &location, &inquiry_id).await;
    let trail = super::actions(&app, &acme).await;
    assert!(trail.contains(&"access_link.minted".to_owned()));
    assert!(trail.contains(&"access_link.used".to_owned()));
}

#[tokio::test]
async fn an_access_link_from_the_api_works_once() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;

    let (status, minted) = access_link(&app, &acme, &inquiry_id).await;
    assert_eq!(status, 201, "{minted}");
    let url = str_of(&minted, "url");
    assert!(url.starts_with(&app.url("/a/")));
    assert!(chrono::DateTime::parse_from_rfc3339(str_of(&minted, "expires_at")).is_ok());
    assert!(!url.contains(str_of(&link, "url")));

    let laptop = browser();
    let (status, location) = click_and_continue(&laptop, url).await;
    assert_eq!(status, 303);
    assert_into_flow_with_token(&app, &laptop, &location, &inquiry_id).await;
    assert_eq!(click(&browser(), url).await.0, 410);
}

#[tokio::test]
async fn concurrent_first_clicks_on_an_access_link_let_exactly_one_through() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (_, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let (_, minted) = access_link(&app, &acme, &inquiry_id).await;
    let url = str_of(&minted, "url").to_owned();

    let clicks = (0..10).map(|_| {
        let url = url.clone();
        async move { press_continue(&browser(), &url).await.0 }
    });
    let mut statuses = join_all(clicks).await;
    statuses.sort_unstable();

    assert_eq!(statuses, [303, 410, 410, 410, 410, 410, 410, 410, 410, 410]);
}

#[tokio::test]
async fn an_expired_access_link_is_gone() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let (_, minted) = access_link(&app, &acme, &inquiry_id).await;
    access_links::Entity::update_many()
        .col_expr(
            access_links::Column::ExpiresAt,
            Expr::value(inquiry_portal::db::now() - 1),
        )
        .exec(&app.db.connection)
        .await
        .unwrap();

    let stranger = browser();
    let (status, body) = click(&stranger, str_of(&minted, "url")).await;

    assert_eq!(status, 410);
    assert!(body.contains("expired"), "{body}");
    assert_eq!(
        click(&stranger, str_of(&link, "url")).await.0,
        403,
        "nothing was bound"
    );
}
