//! Unit tests of `src/sandbox/widget/embedding.rs`.

use super::*;

fn policy() -> EmbedPolicy {
    EmbedPolicy::new(
        "https://portal.example/",
        &["https://app.example.com".to_owned()],
    )
}

fn pairs(list: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let owned: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        owned
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }
}

#[test]
fn only_the_portals_origin_and_the_configured_ones_may_frame_the_widget() {
    let policy = policy();
    assert_eq!(
        policy.allowed("https://portal.example").as_deref(),
        Some("https://portal.example")
    );
    assert_eq!(
        policy.allowed("https://APP.example.com:443").as_deref(),
        Some("https://app.example.com")
    );
    for refused in [
        "https://evil.example",
        "http://app.example.com",
        "https://app.example.com:8443",
        "https://app.example.com/page",
        "null",
        "",
    ] {
        assert_eq!(policy.allowed(refused), None, "{refused}");
    }
}

#[test]
fn the_widgets_policy_names_exactly_the_allowed_origins_as_frame_ancestors() {
    let header = policy().content_security_policy().unwrap();
    let policy = header.to_str().unwrap();
    assert!(policy.contains("frame-ancestors https://portal.example https://app.example.com;"));
    assert!(policy.contains("default-src 'self'") && policy.contains("form-action 'self'"));
    let nobody = EmbedPolicy::new("not a url", &[]).content_security_policy();
    assert!(nobody
        .unwrap()
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
}

#[test]
fn an_embedding_needs_an_allowed_iframe_origin_and_plain_ids() {
    let policy = policy();
    let embedding = Embedding::read(
        &policy,
        pairs(&[
            ("iframe-origin", "https://app.example.com"),
            ("container-id", "persona-widget-abc123"),
            ("inquiry-template-id", "itmpl_demo"),
        ]),
    )
    .unwrap();
    assert_eq!(embedding.iframe_origin, "https://app.example.com");
    assert_eq!(embedding.template_id.as_deref(), Some("itmpl_demo"));
    assert_eq!(
        Embedding::read(&policy, pairs(&[("container-id", "c1")])).unwrap_err(),
        EmbeddingRefused::Origin
    );
    assert_eq!(
        Embedding::read(&policy, pairs(&[("iframe-origin", "https://evil.example")])).unwrap_err(),
        EmbeddingRefused::Origin
    );
    assert_eq!(
        Embedding::read(
            &policy,
            pairs(&[
                ("iframe-origin", "https://app.example.com"),
                ("container-id", "<script>")
            ])
        )
        .unwrap_err(),
        EmbeddingRefused::Malformed("container-id")
    );
}

#[test]
fn messages_carry_the_container_and_template_the_sdk_filters_on() {
    let embedding = Embedding {
        iframe_origin: "https://app.example.com".into(),
        container_id: Some("persona-widget-1".into()),
        template_id: Some("itmpl_demo".into()),
        template_version_id: None,
        language: None,
    };
    let complete = embedding.message("complete", json!({"inquiryId": "inq_1"}));
    assert_eq!(
        complete,
        json!({
            "name": "complete",
            "containerId": "persona-widget-1",
            "templateId": "itmpl_demo",
            "metadata": {"inquiryId": "inq_1"},
        })
    );
    let error = embedding.error(&WidgetError::unauthenticated("expired"));
    assert_eq!(
        error["error"],
        json!({"status": 409, "code": "unauthenticated", "message": "expired"})
    );
    assert_eq!(error["name"], "error");
    assert!(error.get("metadata").is_none());
}
