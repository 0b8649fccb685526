//! Session tokens on demand (`POST /api/v1/inquiries/{id}/session-token`): one resume for a
//! burst, the stored token reused while it lasts, B2B2C option 1, finished inquiries.

use futures_util::future::join_all;
use serde_json::json;

use super::{
    assert_api_error, issue, open_flow, pending_link, resumes, session_token, set_policy, str_of,
    tenant, wait_for_status,
};
use crate::{
    support::sandbox::complete_flow,
    support::{client, spawn_app},
};

#[tokio::test]
async fn a_hundred_concurrent_session_token_calls_for_one_inquiry_cause_exactly_one_resume() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let (_, _, inquiry_id) = pending_link(&app, &acme, json!({})).await;
    let before = resumes(&app).await;

    // One client, built before the burst: building a hundred (TLS roots and all) inside
    // the burst would hold the first requests past the server's request-head timeout.
    let http = reqwest::Client::new();
    let url = app.url(&format!("/api/v1/inquiries/{inquiry_id}/session-token"));
    let calls = (0..100).map(|_| async {
        let response = http.post(&url).bearer_auth(&acme.key).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json::<serde_json::Value>().await.unwrap())
    });
    let answers = join_all(calls).await;

    assert_eq!(resumes(&app).await - before, 1, "one resume for the burst");
    let first = str_of(&answers[0].1, "session_token").to_owned();
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(
            str_of(body, "session_token"),
            first,
            "everyone gets the same token"
        );
        assert_eq!(str_of(body, "inquiry_id"), inquiry_id);
    }
    let flow = str_of(&answers[0].1, "hosted_flow_url");
    assert!(flow.contains(&format!("inquiry-id={inquiry_id}")) && flow.contains(&first));
}

#[tokio::test]
async fn asking_on_every_app_load_reuses_the_stored_token_until_it_runs_short_of_the_policy_minimum(
) {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    // The inquiry (and so its sessions) lives for an hour.
    let (_, _, inquiry_id) = pending_link(&app, &acme, json!({"expires_in_seconds": 3600})).await;
    let before = resumes(&app).await;

    let (status, first) = session_token(&app, &acme, &inquiry_id).await;
    assert_eq!(status, 200, "{first}");
    for _ in 0..5 {
        let (status, again) = session_token(&app, &acme, &inquiry_id).await;
        assert_eq!(status, 200);
        assert_eq!(again["session_token"], first["session_token"]);
        assert_eq!(again["expires_at"], first["expires_at"]);
    }
    assert_eq!(
        resumes(&app).await - before,
        1,
        "app loads reuse the stored token"
    );

    // A minimum longer than the token's remaining hour: the stored one no longer does.
    set_policy(&app, &acme, |p| p.min_token_remaining_seconds = 86_400).await;
    let (status, fresh) = session_token(&app, &acme, &inquiry_id).await;
    assert_eq!(status, 200, "{fresh}");
    assert_ne!(fresh["session_token"], first["session_token"]);
    assert_eq!(resumes(&app).await - before, 2);
}

#[tokio::test]
async fn a_token_issued_at_creation_is_returned_by_the_resume_api_without_a_resume() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({"issue_session_token": true})).await;
    let inquiry_id = str_of(&link, "inquiry_id");
    let token = str_of(&link, "session_token");
    assert!(!token.is_empty());
    let before = resumes(&app).await;

    let (status, body) = session_token(&app, &acme, inquiry_id).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(str_of(&body, "session_token"), token);
    assert_eq!(str_of(&body, "inquiry_id"), inquiry_id);
    assert_eq!(resumes(&app).await, before, "no resume");
    // The token really opens the inquiry's flow in a new browser.
    assert_eq!(
        open_flow(&app, &client(), str_of(&body, "hosted_flow_url")).await,
        200
    );
}

#[tokio::test]
async fn completed_and_failed_inquiries_get_a_409_for_session_tokens_and_access_links() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    for (outcome, status) in [("pass", "completed"), ("fail", "failed")] {
        let link = issue(&app, &acme, json!({})).await;
        let inquiry_id = str_of(&link, "inquiry_id").to_owned();
        complete_flow(&app, &inquiry_id, outcome).await;
        wait_for_status(&app, &acme, &inquiry_id, status).await;
        let before = resumes(&app).await;

        let (code, body) = session_token(&app, &acme, &inquiry_id).await;
        assert_eq!(code, 409, "{status}: {body}");
        assert_api_error(&body, "conflict");
        assert!(body["error"]["message"].as_str().unwrap().contains(status));

        let (code, body) = super::access_link(&app, &acme, &inquiry_id).await;
        assert_eq!(code, 409, "{status}: {body}");
        assert_api_error(&body, "conflict");
        assert_eq!(resumes(&app).await, before, "the provider was not asked");
    }
}

#[tokio::test]
async fn a_token_answered_from_memory_is_refused_as_soon_as_the_inquiry_completes() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({})).await;
    let inquiry_id = str_of(&link, "inquiry_id").to_owned();
    // The second call is answered from the in-memory copy of the inquiry.
    for _ in 0..2 {
        let (code, body) = session_token(&app, &acme, &inquiry_id).await;
        assert_eq!(code, 200, "{body}");
    }
    complete_flow(&app, &inquiry_id, "pass").await;
    wait_for_status(&app, &acme, &inquiry_id, "completed").await;

    let (code, body) = session_token(&app, &acme, &inquiry_id).await;
    assert_eq!(code, 409, "the cached copy was dropped: {body}");
    assert_api_error(&body, "conflict");
}

#[tokio::test]
async fn the_twenty_sixth_session_at_the_provider_is_a_clear_409_never_a_500() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    set_policy(&app, &acme, |p| {
        p.resumes_per_inquiry_per_hour = 100;
        p.min_token_remaining_seconds = 86_400;
    })
    .await;
    let (_, _, inquiry_id) = pending_link(&app, &acme, json!({"expires_in_seconds": 3600})).await;

    let mut statuses = Vec::new();
    let mut refusal = None;
    for _ in 0..30 {
        let (status, body) = session_token(&app, &acme, &inquiry_id).await;
        statuses.push(status);
        if status != 200 {
            refusal.get_or_insert(body);
        }
    }

    assert!(!statuses.contains(&500), "{statuses:?}");
    let refused = statuses.iter().filter(|s| **s != 200).count();
    assert!(
        refused > 0,
        "the provider's session limit was never reached"
    );
    assert!(
        statuses.iter().all(|s| [200, 409, 429].contains(s)),
        "{statuses:?}"
    );
    let first_refusal = statuses.iter().position(|s| *s != 200).unwrap();
    assert!(
        statuses[first_refusal..].iter().all(|s| *s != 200),
        "{statuses:?}"
    );
    assert_eq!(super::sandbox_count(&app, "sessions_created").await, 25);
    let body = refusal.unwrap();
    assert_api_error(&body, "conflict");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("25"),
        "{body}"
    );
}
