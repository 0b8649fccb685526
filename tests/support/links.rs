//! Helpers for tests that issue and follow links through the embedded sandbox.

use inquiry_portal::{
    auth::api_keys,
    domain::PrefillField,
    entities::{template_connections, tenants},
    repo::{template_connections::NewConnection, TenantScope},
};
use serde_json::Value;

use super::TestApp;

impl TestApp {
    /// Seeds the sandbox's demo template and connects it to `tenant` with every field allowed.
    pub async fn connect_demo_template(
        &self,
        tenant: &tenants::Model,
    ) -> template_connections::Model {
        let demo = inquiry_portal::sandbox::seed::ensure_demo_template(&self.db)
            .await
            .expect("seed the sandbox demo template");
        let fields: Vec<String> = PrefillField::ALL
            .iter()
            .map(|field| field.as_str().to_owned())
            .collect();
        inquiry_portal::templates::insert_connection(
            &self.db,
            tenant,
            "system:test",
            NewConnection {
                provider_template_id: &demo.template_id,
                name: "Demo KYC",
                current_version_id: Some(&demo.version_id),
                default_expires_in_seconds: 7 * 24 * 3600,
                allowed_fields: &fields,
            },
        )
        .await
        .expect("connect the demo template")
    }

    /// A tenant API key for `tenant`.
    pub async fn api_key(&self, tenant: &tenants::Model) -> String {
        api_keys::issue_key(
            &self.db,
            TenantScope::new(tenant.id),
            "Tests",
            "system:test",
        )
        .await
        .expect("an API key")
        .1
    }

    /// POSTs JSON to the tenant API with `key`; returns the status and the JSON answer.
    pub async fn api_post(&self, key: &str, path: &str, body: &Value) -> (u16, Value) {
        let response = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(key)
            .json(body)
            .send()
            .await
            .expect("API POST");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn api_get(&self, key: &str, path: &str) -> (u16, Value) {
        let response = reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(key)
            .send()
            .await
            .expect("API GET");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The sandbox's counters (`inquiries_created`, `resumes`, `sessions_created`).
    pub async fn sandbox_stats(&self) -> Value {
        reqwest::Client::new()
            .get(self.url("/sandbox/api/v1/_stats"))
            .bearer_auth(&self.settings.sandbox_api_key)
            .send()
            .await
            .expect("sandbox stats")
            .json()
            .await
            .expect("stats JSON")
    }

    /// Sets sandbox fault injection (`fail_next`, `rate_limit_next`, `latency_ms`, …).
    pub async fn sandbox_faults(&self, faults: &Value) {
        let response = reqwest::Client::new()
            .post(self.url("/sandbox/api/v1/_faults"))
            .bearer_auth(&self.settings.sandbox_api_key)
            .json(faults)
            .send()
            .await
            .expect("sandbox faults");
        assert!(response.status().is_success(), "faults were not set");
    }

    /// Sets the sandbox account's rate limits (`requests_per_minute`,
    /// `creations_per_minute`), as Persona raises a large account's.
    pub async fn sandbox_limits(&self, limits: &Value) {
        let response = reqwest::Client::new()
            .post(self.url("/sandbox/api/v1/_limits"))
            .bearer_auth(&self.settings.sandbox_api_key)
            .json(limits)
            .send()
            .await
            .expect("sandbox limits");
        assert!(response.status().is_success(), "limits were not set");
    }

    /// Issues a dedicated link through the API and returns its JSON.
    pub async fn issue_dedicated(&self, key: &str, template_id: &str, extra: Value) -> Value {
        let mut body = serde_json::json!({"kind": "dedicated", "template_id": template_id});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            for (name, value) in extra {
                body.insert(name.clone(), value.clone());
            }
        }
        let (status, json) = self.api_post(key, "/api/v1/links", &body).await;
        assert_eq!(status, 201, "issue failed: {json}");
        json
    }
}

/// A browser for end-user clicks: its own cookie jar, redirects not followed.
pub fn browser() -> reqwest::Client {
    super::client()
}

/// Follows a link once; returns the status and the Location (for a redirect) or body.
pub async fn click(browser: &reqwest::Client, url: &str) -> (u16, String) {
    let response = browser.get(url).send().await.expect("click");
    let status = response.status().as_u16();
    match super::location_header(&response) {
        Some(location) => (status, location),
        None => (status, response.text().await.unwrap_or_default()),
    }
}

/// The label of the button on a link's first-contact page (DESIGN 13.1).
pub const CONTINUE_BUTTON: &str = "Continue to identity verification";

/// Whether `page` is a link's first-contact page, whose button posts to `path`.
pub fn is_continue_page(page: &str, path: &str) -> bool {
    page.contains(CONTINUE_BUTTON)
        && page.contains(&format!(r#"<form method="post" action="{path}">"#))
}

/// Presses the Continue button of the page of `url`: a POST to the same URL from the
/// portal's own page, so same-origin. Returns the status and the Location (for a
/// redirect) or body.
pub async fn press_continue(browser: &reqwest::Client, url: &str) -> (u16, String) {
    let response = browser
        .post(url)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .expect("press Continue");
    let status = response.status().as_u16();
    match super::location_header(&response) {
        Some(location) => (status, location),
        None => (status, response.text().await.unwrap_or_default()),
    }
}

/// A person's first click on a link: the GET answers the Continue page, and the person
/// presses its button. Returns the POST's answer (a 303 into the flow, or a page).
pub async fn click_and_continue(browser: &reqwest::Client, url: &str) -> (u16, String) {
    let (status, page) = click(browser, url).await;
    let path = url::Url::parse(url).expect("a link URL").path().to_owned();
    assert_eq!(status, 200, "first contact shows the Continue page: {page}");
    assert!(
        is_continue_page(&page, &path),
        "not the Continue page: {page}"
    );
    press_continue(browser, url).await
}

/// The value of a query parameter in a URL.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
