//! The dashboard's stale-version panel and its bulk action `POST /links/reissue-stale`.

use inquiry_portal::{domain::Role, repo, sandbox::templates::publish_new_version};
use serde_json::json;

use super::{actions, at_provider, issue, pending_link, signed_in, str_of, tenant, Tenant};
use crate::support::{spawn_app, TestApp};

async fn current_inquiry(app: &TestApp, tenant: &Tenant, link: &serde_json::Value) -> String {
    let (_, body) = app
        .api_get(
            &tenant.key,
            &format!("/api/v1/links/{}", str_of(link, "id")),
        )
        .await;
    str_of(&body, "inquiry_id").to_owned()
}

fn version_of(inquiry: &serde_json::Value) -> String {
    inquiry["data"]["relationships"]["inquiry-template-version"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn reissue_stale(app: &TestApp, member: &reqwest::Client) -> reqwest::Response {
    app.post_form(member, "/", "/links/reissue-stale", &[])
        .await
}

#[tokio::test]
async fn reissuing_stale_links_moves_every_open_dedicated_link_of_the_tenant_to_the_latest_version()
{
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    let globex = tenant(&app, "globex").await;
    app.create_user(&acme.tenant, "issuer@acme.test", Role::Issuer)
        .await;
    let created = issue(
        &app,
        &acme,
        json!({"reference_id": "cust-1", "fields": {"name-first": "Ana"}}),
    )
    .await;
    let (pending, _, _) = pending_link(&app, &acme, json!({"reference_id": "cust-2"})).await;
    let revoked = issue(&app, &acme, json!({})).await;
    app.api_post(
        &acme.key,
        &format!("/api/v1/links/{}/revoke", str_of(&revoked, "id")),
        &json!({}),
    )
    .await;
    let foreign = issue(&app, &globex, json!({})).await;
    let before =
        [&created, &pending, &revoked, &foreign].map(|l| str_of(l, "inquiry_id").to_owned());
    let latest = publish_new_version(&app.db, acme.template_id())
        .await
        .unwrap()
        .public_id;

    let issuer = signed_in(&app, "issuer@acme.test").await;
    let response = reissue_stale(&app, &issuer).await;

    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let dashboard = issuer
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("2 links moved to the latest template version"),
        "{dashboard}"
    );
    for (link, old) in [(&created, &before[0]), (&pending, &before[1])] {
        let new = current_inquiry(&app, &acme, link).await;
        assert_ne!(&new, old, "the link moved");
        let (old_at, new_at) = (at_provider(&app, old).await, at_provider(&app, &new).await);
        assert_eq!(version_of(&new_at), latest);
        assert_eq!(
            new_at["data"]["attributes"]["reference-id"],
            old_at["data"]["attributes"]["reference-id"]
        );
    }
    assert_eq!(
        at_provider(&app, &current_inquiry(&app, &acme, &created).await).await["data"]
            ["attributes"]["fields"]["name-first"]["value"],
        "Ana"
    );
    assert_eq!(
        current_inquiry(&app, &acme, &revoked).await,
        before[2],
        "a revoked link stays"
    );
    assert_eq!(
        current_inquiry(&app, &globex, &foreign).await,
        before[3],
        "another tenant's link stays"
    );
    let inquiries = repo::inquiries::for_link(&app.db.connection, acme.scope(), {
        let link = repo::links::find(&app.db.connection, acme.scope(), str_of(&pending, "id"))
            .await
            .unwrap()
            .unwrap();
        link.id
    })
    .await
    .unwrap();
    assert_eq!(inquiries.len(), 2, "both inquiries are on record");
    let trail = actions(&app, &acme).await;
    assert_eq!(trail.iter().filter(|a| *a == "link.reissued").count(), 2);
    assert!(!actions(&app, &globex)
        .await
        .contains(&"link.reissued".to_owned()));

    // Nothing is left to move: the panel is empty and a second run moves nothing.
    assert!(
        dashboard.contains("All open links are on the latest version"),
        "{dashboard}"
    );
    reissue_stale(&app, &issuer).await;
    let again = issuer
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("No link needed to move"), "{again}");
}

#[tokio::test]
async fn the_stale_panel_offers_the_bulk_action_to_issuers_only_and_viewers_get_403() {
    let app = spawn_app().await;
    let acme = tenant(&app, "acme").await;
    app.create_user(&acme.tenant, "viewer@acme.test", Role::Viewer)
        .await;
    let link = issue(&app, &acme, json!({"reference_id": "cust-stale"})).await;
    publish_new_version(&app.db, acme.template_id())
        .await
        .unwrap();
    // What a click (or the bulk action) does first: learn the template's latest version.
    inquiry_portal::links::resume_policy::latest_version(
        &app.state,
        acme.scope(),
        acme.template.id,
    )
    .await
    .unwrap();

    let owner = signed_in(&app, &acme.owner_email).await;
    let page = owner
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let panel = page
        .split("On a superseded template version")
        .nth(1)
        .unwrap();
    assert!(panel.contains("cust-stale"), "{panel}");
    assert!(
        panel.contains(r#"action="/links/reissue-stale""#),
        "the owner gets the button"
    );

    let viewer = signed_in(&app, "viewer@acme.test").await;
    let page = viewer
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("cust-stale"), "viewers see the panel");
    assert!(!page.contains("/links/reissue-stale"), "but get no button");
    let (inquiries, events) = (
        app.count_rows("inquiries").await,
        app.count_rows("audit_events").await,
    );
    let response = app
        .post_form(&viewer, "/links", "/links/reissue-stale", &[])
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.count_rows("inquiries").await, inquiries);
    assert_eq!(app.count_rows("audit_events").await, events);
    assert_eq!(
        current_inquiry(&app, &acme, &link).await,
        str_of(&link, "inquiry_id")
    );
}
