use cucumber::{then, when};

use crate::world::PortalWorld;

#[when(expr = "they open {string}")]
async fn they_open(world: &mut PortalWorld, path: String) {
    let (_, client) = world.current();
    let url = world.app().await.url(&path);
    let response = client.get(url).send().await.expect("GET");
    world.remember(response).await;
}

#[then(expr = "they get status {int}")]
async fn they_get_status(world: &mut PortalWorld, status: u16) {
    assert_eq!(world.last_status, Some(status), "{}", world.last_body);
}

#[then(expr = "they are sent to the login page when they open {string}")]
async fn sent_to_login(world: &mut PortalWorld, path: String) {
    let (_, client) = world.current();
    let url = world.app().await.url(&path);
    let response = client.get(url).send().await.expect("GET");
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
}
