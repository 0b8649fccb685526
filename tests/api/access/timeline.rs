//! The link page's history: the link's own events and its inquiries' resumes, newest
//! first, with readable names; every link event filed under the link's audit subject.

use inquiry_portal::repo;
use serde_json::json;

use super::{audit_trail, issue, link_action, pending_link, signed_in, str_of, tenant};
use crate::support::spawn_app;

#[tokio::test]
async fn the_link_page_shows_the_links_history_newest_first_in_words() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let other = issue(&app, &acme, json!({"reference_id": "someone-else"})).await;
    let (link, _, inquiry_id) = pending_link(&app, &acme, json!({"access_code": true})).await;
    let id = str_of(&link, "id");
    let owner = signed_in(&app, &acme.owner_email).await;
    assert_eq!(link_action(&app, &owner, id, "session-token").await.0, 303);
    assert_eq!(link_action(&app, &owner, id, "access-link").await.0, 303);

    let page = owner
        .get(app.url(&format!("/links/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    let history = page
        .split("<h2>History</h2>")
        .nth(1)
        .expect("a History panel");
    let position = |text: &str| {
        history
            .find(text)
            .unwrap_or_else(|| panic!("{text} missing from the history: {history}"))
    };
    let issued = position("Link issued");
    let opened = position("Link opened");
    let started = position("Inquiry status changed");
    let resumed = position("Inquiry resumed");
    let token = position("Session token generated");
    let minted = position("One-time access link created");
    assert!(
        minted < token && token < resumed && resumed < started,
        "newest first"
    );
    assert!(started < opened && opened < issued, "newest first");
    assert!(
        history.contains("created → pending"),
        "status changes read as from → to"
    );
    assert!(
        history.contains(&acme.owner_email),
        "team members by their email"
    );
    assert!(history.contains("API key"), "the API key that issued it");
    assert_eq!(
        history.matches("Link issued").count(),
        1,
        "not the other link's"
    );

    // Every link event is filed under the link's subject; inquiry events under the inquiry's.
    let subject = repo::audit::link_subject(id);
    let other_subject = repo::audit::link_subject(str_of(&other, "id"));
    for event in audit_trail(&app, &acme).await {
        let about_links = ["link.", "access_code.", "access_link.", "session_token."]
            .iter()
            .any(|prefix| event.action.starts_with(prefix));
        if about_links {
            let filed = event.subject.as_deref().unwrap_or_default();
            assert!(filed == subject || filed == other_subject, "{event:?}");
        }
        if event.action == "inquiry.resumed" {
            assert_eq!(
                event.subject.as_deref(),
                Some(repo::audit::inquiry_subject(&inquiry_id).as_str())
            );
        }
    }
}
