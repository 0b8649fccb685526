//! The provider client against recorded Persona payloads: what it sends (method, path, query,
//! headers, kebab-case body) and how it reads each answer into the typed model.

mod inquiries;
mod payloads;
mod templates;

use chrono::{DateTime, Utc};
use inquiry_portal::{
    domain::{InquiryId, ReferenceId, TemplateId, TemplateVersionId},
    provider::{
        CreateInquiry, IdempotencyKey, InquiryStatus, ListInquiries, ProviderError, ReportedStatus,
        TemplateRef,
    },
};
use serde_json::json;

use crate::mock_provider::{fixture_json, Canned, MockProvider, Recorded, API_KEY};

fn at(timestamp: &str) -> Option<DateTime<Utc>> {
    Some(timestamp.parse().expect("timestamp"))
}

fn inquiry_id(id: &str) -> InquiryId {
    InquiryId::parse(id).expect("inquiry id")
}

fn assert_persona_headers(request: &Recorded) {
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    assert_eq!(request.header("persona-version"), Some("2023-01-05"));
    assert_eq!(request.header("key-inflection"), Some("kebab"));
    assert_eq!(request.header("accept"), Some("application/json"));
}

fn assert_post(request: &Recorded, path: &str, key: &IdempotencyKey) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, path);
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert_persona_headers(request);
    assert_eq!(request.header("idempotency-key"), Some(key.as_str()));
    assert_eq!(request.header("content-type"), Some("application/json"));
}

fn assert_get(request: &Recorded, path: &str) {
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, path);
    assert_persona_headers(request);
    assert_eq!(request.header("idempotency-key"), None);
}

fn query(request: &Recorded) -> Vec<(&str, &str)> {
    request
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
