//! Who may frame the embedded flow, and what it says to the page that frames it.
//!
//! Persona's JavaScript SDK loads the flow in an iframe and listens for `postMessage`s
//! from it: `{name, containerId, templateId?, templateVersionId?, metadata?, error?}`.
//! The flow posts only to the `iframe-origin` the SDK names, and only when that origin may
//! frame it at all: the portal's own origin or one the operator lists in
//! `PORTAL_SANDBOX_EMBED_ORIGINS`. Every other page keeps `frame-ancestors 'none'`.

use actix_web::http::header::HeaderValue;

use crate::domain::Language;
use serde_json::{json, Map, Value};
use url::Url;

/// The origins that may frame the widget: the portal's own, then the configured ones.
#[derive(Clone, Debug)]
pub struct EmbedPolicy {
    origins: Vec<String>,
}

/// `scheme://host[:port]` as browsers serialise an origin, or `None` for anything more
/// (or less) than an http(s) origin.
fn origin_of(text: &str) -> Option<String> {
    let url = Url::parse(text).ok()?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    plain.then(|| url.origin().ascii_serialization())
}

impl EmbedPolicy {
    /// `configured` comes normalised from `config::embed_origins`.
    pub fn new(public_url: &str, configured: &[String]) -> Self {
        let own = Url::parse(public_url)
            .ok()
            .map(|url| url.origin())
            .filter(url::Origin::is_tuple)
            .map(|origin| origin.ascii_serialization());
        let mut origins: Vec<String> = own.into_iter().collect();
        for origin in configured {
            if !origins.contains(origin) {
                origins.push(origin.clone());
            }
        }
        Self { origins }
    }

    /// The origin `claimed` names, when that origin may frame the widget.
    pub fn allowed(&self, claimed: &str) -> Option<String> {
        origin_of(claimed).filter(|origin| self.origins.contains(origin))
    }

    /// The widget's own policy: the portal's, except that the allowed origins may frame it.
    pub fn content_security_policy(&self) -> Option<HeaderValue> {
        let ancestors = if self.origins.is_empty() {
            "'none'".to_owned()
        } else {
            self.origins.join(" ")
        };
        let policy = format!(
            "default-src 'self'; object-src 'none'; base-uri 'none'; \
             frame-ancestors {ancestors}; form-action 'self'"
        );
        HeaderValue::from_str(&policy).ok()
    }
}

/// Ids the SDK sends and the widget echoes back (container and template ids): short and
/// plain, since they travel into pages and messages.
pub fn is_plain_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The page that frames this widget and how it wants to be addressed: read from the SDK's
/// query parameters on the first load, and carried through the flow's forms after that.
#[derive(Clone, Debug)]
pub struct Embedding {
    /// An allowed origin: the only target of every message.
    pub iframe_origin: String,
    pub container_id: Option<String>,
    /// Echoed as `templateId` / `templateVersionId`: the SDK drops messages whose template
    /// differs from the one it was given.
    pub template_id: Option<String>,
    pub template_version_id: Option<String>,
    /// The SDK's `language` when the sandbox speaks it; carried through the forms, so every
    /// step speaks the first one's language. `None`: the caller falls back to the browser's.
    pub language: Option<Language>,
}

/// Why the SDK's parameters cannot be served.
#[derive(Debug, PartialEq, Eq)]
pub enum EmbeddingRefused {
    /// No `iframe-origin`, or one that may not frame the widget: nobody to talk to.
    Origin,
    /// A container or template id that is not a plain id.
    Malformed(&'static str),
}

impl Embedding {
    /// Reads `iframe-origin`, `container-id`, `inquiry-template-id` (or `template-id`),
    /// `inquiry-template-version-id` and `language` from query or form pairs. A language the
    /// sandbox does not speak is no reason to refuse the flow: it is left to the browser.
    pub fn read(
        policy: &EmbedPolicy,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, EmbeddingRefused> {
        let iframe_origin = get("iframe-origin")
            .and_then(|claimed| policy.allowed(&claimed))
            .ok_or(EmbeddingRefused::Origin)?;
        let id = |name: &'static str| match get(name) {
            Some(value) if is_plain_id(&value) => Ok(Some(value)),
            Some(_) => Err(EmbeddingRefused::Malformed(name)),
            None => Ok(None),
        };
        let container_id = id("container-id")?;
        let template_id = match id("inquiry-template-id")? {
            Some(template) => Some(template),
            None => id("template-id")?,
        };
        Ok(Self {
            iframe_origin,
            container_id,
            template_id,
            template_version_id: id("inquiry-template-version-id")?,
            language: get("language").and_then(|raw| Language::parse(&raw).ok()),
        })
    }

    /// The form fields that carry this embedding to the flow's next page.
    pub fn form_pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![("iframe-origin", self.iframe_origin.as_str())];
        let optional = [
            ("container-id", &self.container_id),
            ("inquiry-template-id", &self.template_id),
            ("inquiry-template-version-id", &self.template_version_id),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                pairs.push((name, value.as_str()));
            }
        }
        if let Some(language) = self.language {
            pairs.push(("language", language.as_str()));
        }
        pairs
    }

    /// The language the pages speak.
    pub fn language(&self) -> Language {
        self.language.unwrap_or_default()
    }

    fn envelope(&self, name: &str) -> Map<String, Value> {
        let mut message = Map::new();
        message.insert("name".into(), json!(name));
        let optional = [
            ("containerId", &self.container_id),
            ("templateId", &self.template_id),
            ("templateVersionId", &self.template_version_id),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                message.insert(key.into(), json!(value));
            }
        }
        message
    }

    /// A message with `metadata` (the SDK reads `metadata.inquiryId` and the like).
    pub fn message(&self, name: &str, metadata: Value) -> Value {
        let mut message = self.envelope(name);
        message.insert("metadata".into(), metadata);
        Value::Object(message)
    }

    /// An `error` message: the SDK hands `error` to `onError` as it is.
    pub fn error(&self, error: &WidgetError) -> Value {
        let mut message = self.envelope("error");
        message.insert(
            "error".into(),
            json!({"status": error.status, "code": error.code, "message": error.message}),
        );
        Value::Object(message)
    }
}

/// What `onError` receives, in the SDK's terms: `code` is one of its error codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl WidgetError {
    /// The app's parameters are wrong: unknown ids, no inquiry or template given.
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self {
            status: 400,
            code: "invalid_config",
            message: message.into(),
        }
    }

    /// The session token is missing, expired or not this inquiry's: the app asks its
    /// backend for a new one.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self {
            status: 409,
            code: "unauthenticated",
            message: message.into(),
        }
    }

    pub fn unknown(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            code: "unknown",
            message: message.into(),
        }
    }
}

#[cfg(test)]
#[path = "../../../tests/unit/sandbox_widget_embedding.rs"]
mod tests;
