//! Operating the portal: the metrics an operator scrapes, and several instances on one
//! database and one Redis.

use std::time::Duration;

use cucumber::{given, then, when};

use crate::world::PortalWorld;

#[when("the operator's scraper reads the metrics")]
async fn reads_the_metrics(world: &mut PortalWorld) {
    let app = world.app().await;
    let response = crate::support::client()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("GET /metrics");
    world.remember(response).await;
    assert_eq!(world.last_status, Some(200), "{}", world.last_body);
}

/// A redirect is a GET's 302 or, for the Continue button of first contact, a POST's 303.
#[then(expr = "the metrics count a redirect on the route {string}")]
async fn counts_a_redirect_on(world: &mut PortalWorld, route: String) {
    let series = [("GET", 302), ("POST", 303)].map(|(method, status)| {
        format!("portal_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}}")
    });
    assert!(
        world
            .last_body
            .lines()
            .any(|line| series.iter().any(|s| line.starts_with(s))),
        "none of {series:?} in:\n{}",
        world.last_body
    );
}

#[then(expr = "the metrics show {int} inquiry/inquiries due for a status check")]
async fn shows_inquiries_due(world: &mut PortalWorld, due: u64) {
    let line = format!("portal_reconciler_inquiries_due {due}");
    assert!(
        world.last_body.lines().any(|l| l == line),
        "no {line:?} in:\n{}",
        world.last_body
    );
}

#[then(expr = "the metrics do not contain the token of the link {string}")]
async fn no_token_in_metrics(world: &mut PortalWorld, name: String) {
    let url = world.link(&name)["url"].as_str().expect("a URL").to_owned();
    let token = url.rsplit('/').next().expect("a token");
    assert!(
        !world.last_body.contains(token),
        "the link's token is in the metrics"
    );
}

#[given("a second portal instance on the same database and Redis")]
async fn a_second_instance(world: &mut PortalWorld) {
    world.start_second_instance().await;
}

/// The link's URL, served by the second instance (as a load balancer might route it).
fn on_second_instance(world: &PortalWorld, name: &str) -> String {
    let url = world.link(name)["url"].as_str().expect("a URL");
    let path = url
        .find("/l/")
        .map(|start| &url[start..])
        .expect("a link path");
    world.second().url(path)
}

#[when(expr = "{string} follows the link {string} on the second instance")]
async fn follows_on_second(world: &mut PortalWorld, person: String, name: String) {
    let url = on_second_instance(world, &name);
    world.device(&person).await.follow(&url).await;
}

/// Sent on by a redirect: a bound browser's GET (302) or the Continue press of first
/// contact (303).
#[then("they are sent on into the hosted flow")]
async fn sent_into_the_hosted_flow(world: &mut PortalWorld) {
    let page = &world.visitor_device().page;
    assert!(
        matches!(page.status, 302 | 303),
        "{}: {}",
        page.status,
        page.body
    );
    let next = page.sent_to.as_deref().expect("a redirect");
    assert!(next.contains("/sandbox/verify?inquiry-id=inq_"), "{next}");
}

#[then(
    expr = "within a second the link {string} shows {string} the {string} page on the second instance"
)]
async fn within_a_second_shows(
    world: &mut PortalWorld,
    name: String,
    person: String,
    heading: String,
) {
    let url = on_second_instance(world, &name);
    let device = world.device(&person).await;
    let seen = device
        .open_until(&url, Duration::from_secs(1), |page| {
            page.heading().as_deref() == Some(heading.as_str())
        })
        .await;
    assert!(
        seen,
        "the second instance still shows: {}",
        device.page.body
    );
}

#[then("they are signed in on the second instance too")]
async fn signed_in_on_second(world: &mut PortalWorld) {
    let (_, client) = world.current();
    let response = client
        .get(world.second().url("/"))
        .send()
        .await
        .expect("GET / on the second instance");
    assert_eq!(
        response.status(),
        200,
        "sent to {:?}",
        response.headers().get("location")
    );
}
