//! Limits and who may ask: resumes and access links per inquiry per hour, other tenants'
//! ids, and the roles behind the link page's buttons.

use inquiry_portal::domain::Role;
use serde_json::json;

use super::{
    api_post_full, assert_api_error, audit_trail, copyable_value, issue, link_action,
    link_secret_action, pending_link, resumes, set_policy, signed_in, str_of, tenant,
};
use crate::support::{links::click, spawn_app};

#[tokio::test]
async fn resumes_over_the_policys_hourly_limit_get_429_with_retry_after() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.resumes_per_inquiry_per_hour = 2;
        p.min_token_remaining_seconds = 86_400;
    })
    .await;
    let (_, _, inquiry_id) = pending_link(&app, &acme, json!({"expires_in_seconds": 3600})).await;
    let path = format!("/api/v1/inquiries/{inquiry_id}/session-token");
    let before = resumes(&app).await;

    assert_eq!(api_post_full(&app, &acme.key, &path).await.0, 200);
    assert_eq!(api_post_full(&app, &acme.key, &path).await.0, 200);
    let (status, retry_after, body) = api_post_full(&app, &acme.key, &path).await;

    assert_eq!(status, 429, "{body}");
    assert_api_error(&body, "rate_limited");
    let seconds: u64 = retry_after.expect("Retry-After").parse().unwrap();
    // The first resume leaves the hour in (almost) an hour: that is when to come back.
    assert!((3500..=3600).contains(&seconds), "{seconds}");
    assert_eq!(resumes(&app).await - before, 2);
}

#[tokio::test]
async fn access_links_over_the_policys_hourly_limit_get_429_with_retry_after() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| p.access_links_per_inquiry_per_hour = 2).await;
    let link = issue(&app, &acme, json!({})).await;
    let path = format!(
        "/api/v1/inquiries/{}/access-link",
        str_of(&link, "inquiry_id")
    );

    assert_eq!(api_post_full(&app, &acme.key, &path).await.0, 201);
    assert_eq!(api_post_full(&app, &acme.key, &path).await.0, 201);
    let (status, retry_after, body) = api_post_full(&app, &acme.key, &path).await;

    assert_eq!(status, 429, "{body}");
    assert_api_error(&body, "rate_limited");
    let seconds: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((3500..=3600).contains(&seconds), "{seconds}");
    assert_eq!(app.count_rows("access_links").await, 2);
}

#[tokio::test]
async fn another_tenants_inquiry_ids_are_404_for_session_tokens_and_access_links() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let globex = tenant(&app, "globex").await;
    let (link, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let audit_before = audit_trail(&app, &acme).await.len();
    let before = resumes(&app).await;

    for path in ["session-token", "access-link"] {
        let (status, body) = app
            .api_post(
                &globex.key,
                &format!("/api/v1/inquiries/{inquiry_id}/{path}"),
                &json!({}),
            )
            .await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_api_error(&body, "not_found");
        let (_, unknown) = app
            .api_post(
                &globex.key,
                &format!("/api/v1/inquiries/inq_doesnotexist000000/{path}"),
                &json!({}),
            )
            .await;
        assert_eq!(body, unknown, "exactly like an id that does not exist");
        assert!(!body.to_string().contains(&inquiry_id));
    }
    // The same through globex's UI, with acme's link id.
    let globex_owner = signed_in(&app, &globex.owner_email).await;
    let link_id = str_of(&link, "id");
    for action in ["session-token", "access-link", "unlock"] {
        let response = app
            .post_form(
                &globex_owner,
                "/links",
                &format!("/links/{link_id}/{action}"),
                &[],
            )
            .await;
        assert_eq!(response.status(), 404, "{action}");
    }
    assert_eq!(resumes(&app).await, before);
    assert_eq!(app.count_rows("access_links").await, 0);
    assert_eq!(audit_trail(&app, &acme).await.len(), audit_before);
}

#[tokio::test]
async fn viewers_cannot_generate_tokens_or_access_links_in_the_ui_and_issuers_can() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    app.create_user(&acme.tenant, "viewer@acme.test", Role::Viewer)
        .await;
    app.create_user(&acme.tenant, "issuer@acme.test", Role::Issuer)
        .await;
    let (link, _, _) = pending_link(&app, &acme, json!({})).await;
    let link_id = str_of(&link, "id");
    let before = resumes(&app).await;
    let viewer = signed_in(&app, "viewer@acme.test").await;
    let audit_before = audit_trail(&app, &acme).await.len();
    let page = viewer
        .get(app.url(&format!("/links/{link_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("Generate session token"),
        "no button for viewers"
    );
    for action in ["session-token", "access-link", "unlock"] {
        let (status, _) = link_action(&app, &viewer, link_id, action).await;
        assert_eq!(status, 403, "{action}");
    }
    assert_eq!(resumes(&app).await, before);
    assert_eq!(app.count_rows("access_links").await, 0);
    assert_eq!(audit_trail(&app, &acme).await.len(), audit_before);

    let issuer = signed_in(&app, "issuer@acme.test").await;
    let (status, page) = link_secret_action(&app, &issuer, link_id, "session-token").await;
    assert_eq!(status, 303, "Post/Redirect/Get");
    let token = copyable_value(&page, "Session token").expect("the token is shown once");
    assert!(!token.is_empty());
    assert_eq!(resumes(&app).await - before, 1);
    let (status, page) = link_secret_action(&app, &issuer, link_id, "access-link").await;
    assert_eq!(status, 303, "Post/Redirect/Get");
    let access = copyable_value(&page, "One-time access link").expect("the access link");
    assert!(access.starts_with(&app.url("/a/")), "{access}");
    let actions: Vec<String> = audit_trail(&app, &acme)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"session_token.generated".to_owned()));
    assert!(actions.contains(&"access_link.minted".to_owned()));
    // A second generation while the token lasts shows the same token, with no resume.
    let (_, again) = link_secret_action(&app, &issuer, link_id, "session-token").await;
    assert_eq!(
        copyable_value(&again, "Session token").as_deref(),
        Some(token.as_str())
    );
    assert_eq!(resumes(&app).await - before, 1);
}

#[tokio::test]
async fn a_click_over_the_resume_limit_gets_a_clear_429_page() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| p.resumes_per_inquiry_per_hour = 1).await;
    let (link, bound, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let url = str_of(&link, "url");
    let expire = || async {
        let response =
            crate::support::sandbox::post_empty(&app, &format!("/inquiries/{inquiry_id}/expire"))
                .await;
        assert_eq!(response.status(), 200);
        super::wait_for_status(&app, &acme, &inquiry_id, "expired").await;
    };
    // An expired inquiry always needs a resume.
    expire().await;
    assert_eq!(click(&bound, url).await.0, 302, "the first resume");
    expire().await;

    let (status, page) = click(&bound, url).await;

    assert_eq!(status, 429, "{page}");
    assert!(page.contains("try the same link again"), "{page}");
}

#[tokio::test]
async fn concurrent_access_link_requests_cannot_slip_past_the_hourly_limit() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| p.access_links_per_inquiry_per_hour = 2).await;
    let link = issue(&app, &acme, json!({})).await;
    let url = app.url(&format!(
        "/api/v1/inquiries/{}/access-link",
        str_of(&link, "inquiry_id")
    ));
    let http = reqwest::Client::new();

    let requests = (0..10).map(|_| async {
        let response = http.post(&url).bearer_auth(&acme.key).send().await.unwrap();
        response.status().as_u16()
    });
    let mut statuses = futures_util::future::join_all(requests).await;
    statuses.sort_unstable();

    assert_eq!(statuses, [201, 201, 429, 429, 429, 429, 429, 429, 429, 429]);
    assert_eq!(app.count_rows("access_links").await, 2);
}

#[tokio::test]
async fn the_access_buttons_and_the_bulk_reissue_refuse_a_post_without_its_csrf_token() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (link, _, _) = pending_link(&app, &acme, json!({"access_code": true})).await;
    let owner = signed_in(&app, &acme.owner_email).await;
    let token = app.csrf_from(&owner, "/").await;
    let before = (resumes(&app).await, app.count_rows("audit_events").await);
    let id = str_of(&link, "id");

    for path in [
        format!("/links/{id}/session-token"),
        format!("/links/{id}/access-link"),
        format!("/links/{id}/unlock"),
        "/links/reissue-stale".to_owned(),
    ] {
        let missing = owner
            .post(app.url(&path))
            .form(&[("x", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 403, "{path} without a token");
        let cross_site = owner
            .post(app.url(&path))
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(cross_site.status(), 403, "{path} from another site");
    }
    assert_eq!(
        (resumes(&app).await, app.count_rows("audit_events").await),
        before
    );
    assert_eq!(app.count_rows("access_links").await, 0);
}
