//! Issuers changing a link's life after issuing it: extend, pause, resume, bulk reissue.

use cucumber::{then, when};
use serde_json::json;

use crate::world::PortalWorld;

#[when(expr = "{string} extends the link {string} by 24 hours")]
async fn extends_the_link(world: &mut PortalWorld, issuer: String, name: String) {
    let id = world.link(&name)["id"].as_str().expect("id").to_owned();
    let client = world.signed_in_client(&issuer).await;
    let app = world.app().await;
    let response = app
        .post_form(
            &client,
            &format!("/links/{id}"),
            &format!("/links/{id}/extend"),
            &[("extend_seconds", "86400")],
        )
        .await;
    assert_eq!(response.status(), 303, "the link is extended");
}

#[when(expr = "the backend of {string} pauses the link {string}")]
async fn pauses_the_link(world: &mut PortalWorld, slug: String, name: String) {
    change(world, &slug, &name, "pause", "paused").await;
}

#[when(expr = "the backend of {string} resumes the link {string}")]
async fn resumes_the_link(world: &mut PortalWorld, slug: String, name: String) {
    change(world, &slug, &name, "resume", "active").await;
}

async fn change(world: &mut PortalWorld, slug: &str, name: &str, action: &str, expected: &str) {
    let key = world.api_key(slug).await;
    let id = world.link(name)["id"].as_str().expect("id").to_owned();
    let (status, link) = world
        .app()
        .await
        .api_post(&key, &format!("/api/v1/links/{id}/{action}"), &json!({}))
        .await;
    assert_eq!(status, 200, "{link}");
    assert_eq!(link["status"], expected);
}

#[then("they see the personal details step")]
async fn they_see_the_details_step(world: &mut PortalWorld) {
    let page = &world.visitor_device().page;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.heading().as_deref(), Some("Confirm your details"));
}

#[when(expr = "{string} reissues the links on outdated template versions from the dashboard")]
async fn reissues_stale_links(world: &mut PortalWorld, issuer: String) {
    let client = world.signed_in_client(&issuer).await;
    let app = world.app().await;
    let response = app
        .post_form(&client, "/", "/links/reissue-stale", &[])
        .await;
    assert_eq!(response.status(), 303);
    let dashboard = client
        .get(app.url("/"))
        .send()
        .await
        .expect("dashboard")
        .text()
        .await
        .expect("body");
    assert!(
        dashboard.contains("moved"),
        "the dashboard says how many moved"
    );
}
