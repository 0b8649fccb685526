//! Access codes: a second browser joins a dedicated link only with the code; five wrong
//! codes lock the link until an issuer unlocks it.

use futures_util::future::join_all;
use serde_json::json;

use super::{actions, audit_trail, issue, link_action, signed_in, str_of, tenant};
use crate::support::{
    links::{browser, click, click_and_continue, press_continue, query_param},
    spawn_app,
};

async fn enter_code(who: &reqwest::Client, url: &str, code: &str) -> (u16, String) {
    let response = who
        .post(format!("{url}/code"))
        .form(&[("code", code)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    (status, location.unwrap_or(text))
}

/// Eight characters from the code alphabet that differ from `code` in every position.
fn wrong_code(code: &str, n: u8) -> String {
    code.chars()
        .map(|c| if c == 'A' { 'B' } else { 'A' })
        .enumerate()
        .map(|(i, c)| if i == 0 { char::from(b'2' + n % 8) } else { c })
        .collect()
}

#[tokio::test]
async fn a_second_browser_needs_the_code_five_wrong_codes_lock_and_an_issuer_unlocks() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({"access_code": true})).await;
    let url = str_of(&link, "url").to_owned();
    let code = str_of(&link, "access_code").to_owned();
    assert_eq!(
        click_and_continue(&browser(), &url).await.0,
        303,
        "the first browser is bound"
    );

    let second = browser();
    let (status, page) = click(&second, &url).await;
    assert_eq!(status, 403);
    assert!(page.contains("Enter your access code"), "{page}");

    let mut wrong = Vec::new();
    for attempt in 1..=4u8 {
        let guess = wrong_code(&code, attempt);
        let (status, page) = enter_code(&second, &url, &guess).await;
        assert_eq!(status, 422, "attempt {attempt}");
        let left = 5 - attempt;
        assert!(page.contains(&format!("{left} attempt")), "{page}");
        wrong.push(guess);
    }
    let fifth = wrong_code(&code, 5);
    let (status, page) = enter_code(&second, &url, &fifth).await;
    assert_eq!(status, 423);
    assert!(page.contains("This link is locked"));
    wrong.push(fifth);
    let (status, _) = enter_code(&second, &url, &code).await;
    assert_eq!(status, 423, "even the right code is refused while locked");
    assert_eq!(click(&second, &url).await.0, 423);

    let owner = signed_in(&app, &acme.owner_email).await;
    let (status, _) = link_action(&app, &owner, str_of(&link, "id"), "unlock").await;
    assert_eq!(status, 303);

    let (status, location) = enter_code(&second, &url, &code.to_lowercase()).await;
    assert_eq!(
        status, 303,
        "the code form is a POST: its redirect is a See Other, {location}"
    );
    assert!(
        location.starts_with(&app.url("/sandbox/verify")),
        "{location}"
    );
    assert_eq!(
        query_param(&location, "inquiry-id").as_deref(),
        link["inquiry_id"].as_str()
    );
    assert_eq!(
        click(&second, &url).await.0,
        302,
        "the second browser is bound now"
    );

    let trail = actions(&app, &acme).await;
    let count = |action: &str| trail.iter().filter(|a| *a == action).count();
    assert_eq!(count("access_code.failed"), 4);
    assert_eq!(count("access_code.locked"), 1);
    assert_eq!(count("link.unlocked"), 1);
    assert_eq!(count("access_code.accepted"), 1);
    for event in audit_trail(&app, &acme).await {
        let row = format!("{event:?}");
        assert!(
            !row.contains(&code) && !row.contains(&code.to_lowercase()),
            "{row}"
        );
        for guess in &wrong {
            assert!(!row.contains(guess.as_str()), "{row}");
        }
    }
}

#[tokio::test]
async fn a_burst_of_concurrent_wrong_codes_gets_five_tries_and_no_more() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({"access_code": true})).await;
    let url = str_of(&link, "url").to_owned();
    let code = str_of(&link, "access_code").to_owned();
    assert_eq!(click_and_continue(&browser(), &url).await.0, 303);

    let guesses = (0..20u8).map(|n| {
        let (url, guess) = (url.clone(), wrong_code(&code, n));
        async move { enter_code(&browser(), &url, &guess).await.0 }
    });
    let statuses = join_all(guesses).await;

    assert!(
        statuses.iter().all(|s| [422, 423].contains(s)),
        "{statuses:?}"
    );
    let trail = actions(&app, &acme).await;
    let tried = trail
        .iter()
        .filter(|a| *a == "access_code.failed" || *a == "access_code.locked")
        .count();
    assert_eq!(tried, 5, "only five codes were ever compared: {trail:?}");
    let (status, _) = enter_code(&browser(), &url, &code).await;
    assert_eq!(status, 423);
}

#[tokio::test]
async fn of_browsers_opening_a_new_link_at_the_same_moment_exactly_one_is_bound() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({})).await;
    let url = str_of(&link, "url").to_owned();

    let clicks = (0..10).map(|_| {
        let url = url.clone();
        async move { press_continue(&browser(), &url).await.0 }
    });
    let mut statuses = join_all(clicks).await;
    statuses.sort_unstable();

    assert_eq!(statuses, [303, 403, 403, 403, 403, 403, 403, 403, 403, 403]);
    let opened = actions(&app, &acme).await;
    assert_eq!(opened.iter().filter(|a| *a == "link.opened").count(), 1);
}

#[tokio::test]
async fn an_issuer_gives_a_link_issued_without_a_code_one_later_and_a_second_browser_joins_with_it()
{
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({})).await;
    let url = str_of(&link, "url").to_owned();
    let id = str_of(&link, "id").to_owned();
    assert_eq!(click_and_continue(&browser(), &url).await.0, 303);
    let second = browser();
    assert_eq!(click(&second, &url).await.0, 403, "no code yet: refused");

    let owner = signed_in(&app, &acme.owner_email).await;
    let (status, page) = super::link_secret_action(&app, &owner, &id, "access-code").await;
    assert_eq!(status, 303);
    let code = super::copyable_value(&page, "Access code").expect("the new code is shown once");
    let (status, location) = enter_code(&second, &url, &code).await;
    assert_eq!(status, 303, "{location}");

    let (_, again) = super::link_secret_action(&app, &owner, &id, "access-code").await;
    let replacement = super::copyable_value(&again, "Access code").expect("a second code");
    assert_ne!(replacement, code);
    let third = browser();
    assert_eq!(click(&third, &url).await.0, 403);
    let (status, _) = enter_code(&third, &url, &code).await;
    assert_eq!(status, 422, "the replaced code no longer works");
    let trail = actions(&app, &acme).await;
    assert_eq!(
        trail.iter().filter(|a| *a == "access_code.issued").count(),
        2
    );
}

#[tokio::test]
async fn a_revoked_link_gets_no_access_code_and_nothing_changes() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let link = issue(&app, &acme, json!({})).await;
    let id = str_of(&link, "id").to_owned();
    let owner = signed_in(&app, &acme.owner_email).await;
    assert_eq!(link_action(&app, &owner, &id, "revoke").await.0, 303);
    let (status, page) = super::link_secret_action(&app, &owner, &id, "access-code").await;
    assert_eq!(status, 303);
    assert!(
        page.contains("Only an active or paused dedicated link can get an access code"),
        "{page}"
    );
    assert!(super::copyable_value(&page, "Access code").is_none());
    assert!(!actions(&app, &acme)
        .await
        .contains(&"access_code.issued".to_owned()));
}
