//! Persona's JSON:API shapes for the sandbox's objects. Keys are kebab-case; timestamps
//! are ISO-8601 UTC strings or null.

use serde_json::{json, Value};

use super::entities::{inquiries, sessions, template_versions as versions, templates};

use super::model::{iso, Fields, SessionStatus};

fn reference(kind: &str, id: &str) -> Value {
    json!({"data": {"type": kind, "id": id}})
}

pub fn session_status(session: &sessions::Model, now: i64) -> SessionStatus {
    if session.expired_at.is_some() || session.expires_at < now {
        SessionStatus::Expired
    } else {
        SessionStatus::Active
    }
}

pub fn inquiry(inquiry: &inquiries::Model, sessions: &[sessions::Model]) -> Value {
    let tags: Value = serde_json::from_str(&inquiry.tags).unwrap_or_else(|_| json!([]));
    let session_refs: Vec<Value> = sessions
        .iter()
        .map(|session| json!({"type": "inquiry-session", "id": session.public_id}))
        .collect();
    json!({
        "type": "inquiry",
        "id": inquiry.public_id,
        "attributes": {
            "status": inquiry.status,
            "reference-id": inquiry.reference_id,
            "note": inquiry.note,
            "tags": tags,
            "creator": "API",
            "redirect-uri": inquiry.redirect_uri,
            "fields": Fields::from_stored(&inquiry.fields).typed(),
            "created-at": iso(Some(inquiry.created_at)),
            "started-at": iso(inquiry.started_at),
            "expires-at": iso(inquiry.expires_at),
            "completed-at": iso(inquiry.completed_at),
            "failed-at": iso(inquiry.failed_at),
            "expired-at": iso(inquiry.expired_at),
            "decisioned-at": null,
            "redacted-at": null,
        },
        "relationships": {
            "account": reference("account", &inquiry.account_public_id),
            "template": {"data": null},
            "inquiry-template": reference("inquiry-template", &inquiry.template_public_id),
            "inquiry-template-version":
                reference("inquiry-template-version", &inquiry.version_public_id),
            "reports": {"data": []},
            "verifications": {"data": []},
            "sessions": {"data": session_refs},
        },
    })
}

pub fn session(session: &sessions::Model, inquiry_public_id: &str, now: i64) -> Value {
    json!({
        "type": "inquiry-session",
        "id": session.public_id,
        "attributes": {
            "status": session_status(session, now).as_str(),
            "created-at": iso(Some(session.created_at)),
            "expires-at": iso(Some(session.expires_at)),
            "expired-at": iso(session.expired_at),
        },
        "relationships": {
            "inquiry": reference("inquiry", inquiry_public_id),
        },
    })
}

pub fn template(template: &templates::Model, latest: Option<&versions::Model>) -> Value {
    json!({
        "type": "inquiry-template",
        "id": template.public_id,
        "attributes": {
            "name": template.name,
            "status": template.status,
            "created-at": iso(Some(template.created_at)),
            "updated-at": iso(Some(template.updated_at)),
        },
        "relationships": {
            "latest-published-version": match latest {
                Some(version) => reference("inquiry-template-version", &version.public_id),
                None => json!({"data": null}),
            },
        },
    })
}

pub fn version(version: &versions::Model, template_public_id: &str, is_latest: bool) -> Value {
    json!({
        "type": "inquiry-template-version",
        "id": version.public_id,
        "attributes": {
            "name": version.name,
            "status": "published",
            "is-latest-published": is_latest,
            "created-at": iso(Some(version.created_at)),
            "published-at": iso(Some(version.published_at)),
            "expiration-after-create-interval-seconds": version.expire_after_create_seconds,
            "expiration-after-start-interval-seconds": version.expire_after_start_seconds,
            "expiration-after-resume-interval-seconds": version.expire_after_resume_seconds,
        },
        "relationships": {
            "inquiry-template": reference("inquiry-template", template_public_id),
        },
    })
}
