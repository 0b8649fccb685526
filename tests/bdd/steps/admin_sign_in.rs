use cucumber::{given, then, when};
use inquiry_portal::{
    auth::api_keys::{self, KeySpec},
    domain::ApiScopes,
    repo::TenantScope,
};
use serde_json::json;

use crate::{
    support::{
        location_header,
        second_factor::{code_at, current_step, enrol, sign_in_with},
        PASSWORD,
    },
    world::PortalWorld,
};

#[when("they set up an authenticator app")]
async fn they_set_up_an_authenticator_app(world: &mut PortalWorld) {
    let (_, client) = world.current();
    let (secret, codes) = enrol(world.app().await, &client, current_step()).await;
    world.second_factor = Some((secret, codes, String::new()));
}

#[then(expr = "they were shown {int} recovery codes once")]
async fn they_were_shown_recovery_codes(world: &mut PortalWorld, count: usize) {
    let (_, codes, _) = world.second_factor.as_ref().expect("set up first");
    assert_eq!(codes.len(), count);
}

#[when(expr = "{string} signs in with their password and the next code")]
async fn signs_in_with_the_next_code(world: &mut PortalWorld, email: String) {
    let (secret, codes, _) = world.second_factor.clone().expect("set up first");
    let code = code_at(&secret, current_step() + 1);
    let (status, _) = sign_in_with(world.app().await, &email, &code).await;
    world.last_status = Some(status);
    world.second_factor = Some((secret, codes, code));
}

#[when(expr = "{string} signs in with their password and the same code again")]
async fn signs_in_with_the_same_code(world: &mut PortalWorld, email: String) {
    let (_, _, code) = world.second_factor.clone().expect("a code was used");
    let (status, _) = sign_in_with(world.app().await, &email, &code).await;
    world.last_status = Some(status);
}

#[when(expr = "{string} signs in with their password and a recovery code")]
async fn signs_in_with_a_recovery_code(world: &mut PortalWorld, email: String) {
    let (_, codes, _) = world.second_factor.clone().expect("set up first");
    let (status, _) = sign_in_with(world.app().await, &email, &codes[0]).await;
    world.last_status = Some(status);
}

#[then("the sign-in succeeds")]
async fn the_sign_in_succeeds(world: &mut PortalWorld) {
    assert_eq!(world.last_status, Some(303));
}

#[then("the sign-in is refused")]
async fn the_sign_in_is_refused(world: &mut PortalWorld) {
    assert_eq!(world.last_status, Some(401));
}

#[when("they require a second factor of everyone in the tenant")]
async fn they_require_a_second_factor(world: &mut PortalWorld) {
    let (_, client) = world.current();
    world.app().await.require_second_factor(&client).await;
}

#[when(expr = "{string} signs in with their password")]
async fn signs_in_with_their_password(world: &mut PortalWorld, email: String) {
    let client = world.client_of(&email);
    let response = world
        .app()
        .await
        .post_login(&client, &email, PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
    world.actor = Some(email);
}

#[then(expr = "they are sent to {string} when they open {string}")]
async fn they_are_sent_to(world: &mut PortalWorld, target: String, path: String) {
    let (_, client) = world.current();
    let response = client
        .get(world.app().await.url(&path))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location_header(&response).as_deref(), Some(target.as_str()));
}

#[given(expr = "an API key of {string} with only the scope {string}")]
async fn a_key_with_only_the_scope(world: &mut PortalWorld, slug: String, scope: String) {
    let app = world.app().await;
    let tenant = inquiry_portal::repo::tenants::find_by_slug(&app.db.connection, &slug)
        .await
        .unwrap()
        .expect("tenant exists");
    let spec = KeySpec {
        scopes: Some(ApiScopes::parse_list(&scope).expect("a scope")),
        ..KeySpec::unrestricted("Reader".into())
    };
    let (_, key) =
        api_keys::issue_scoped_key(&app.db, TenantScope::new(tenant.id), &spec, "system:test")
            .await
            .unwrap();
    world.scoped_key = Some(key);
}

fn scoped_key(world: &PortalWorld) -> String {
    world.scoped_key.clone().expect("a key")
}

#[when("that key lists the links")]
async fn that_key_lists_the_links(world: &mut PortalWorld) {
    let key = scoped_key(world);
    let answer = world.app().await.api_get(&key, "/api/v1/links").await;
    world.api_answer = Some(answer);
}

#[when("that key issues a link")]
async fn that_key_issues_a_link(world: &mut PortalWorld) {
    let key = scoped_key(world);
    let answer = world
        .app()
        .await
        .api_post(&key, "/api/v1/links", &json!({"kind": "dedicated"}))
        .await;
    world.api_answer = Some(answer);
}

#[then(expr = "the key's answer is {int}")]
async fn the_keys_answer_is(world: &mut PortalWorld, status: u16) {
    let (got, body) = world.api_answer.as_ref().expect("an answer");
    assert_eq!(*got, status, "{body}");
}

#[then(expr = "the key's answer is {int} with the error type {string}")]
async fn the_keys_answer_is_with_type(world: &mut PortalWorld, status: u16, kind: String) {
    let (got, body) = world.api_answer.as_ref().expect("an answer");
    assert_eq!(*got, status, "{body}");
    assert_eq!(body["error"]["type"], kind.as_str());
}
