//! The sandbox's vocabulary: inquiry statuses and the events they send, the states of
//! sessions, templates and webhook deliveries, expiration intervals, prefill fields. The
//! stored and wire spellings of every state are written here and nowhere else.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{entities::inquiries, error::SandboxError};

/// Persona's default for every expiration interval: 24 hours.
pub const DEFAULT_INTERVAL_SECONDS: i64 = 24 * 60 * 60;
/// Longer intervals are almost certainly a typo (and would overflow nothing, but help no one).
pub const MAX_INTERVAL_SECONDS: i64 = 366 * 24 * 60 * 60;
/// Persona's default limit of sessions per inquiry.
pub const MAX_SESSIONS_PER_INQUIRY: u64 = 25;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InquiryStatus {
    Created,
    Pending,
    Completed,
    Failed,
    Expired,
    Approved,
    Declined,
    NeedsReview,
}

impl InquiryStatus {
    pub const ALL: [InquiryStatus; 8] = [
        InquiryStatus::Created,
        InquiryStatus::Pending,
        InquiryStatus::Completed,
        InquiryStatus::Failed,
        InquiryStatus::Expired,
        InquiryStatus::Approved,
        InquiryStatus::Declined,
        InquiryStatus::NeedsReview,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InquiryStatus::Created => "created",
            InquiryStatus::Pending => "pending",
            InquiryStatus::Completed => "completed",
            InquiryStatus::Failed => "failed",
            InquiryStatus::Expired => "expired",
            InquiryStatus::Approved => "approved",
            InquiryStatus::Declined => "declined",
            InquiryStatus::NeedsReview => "needs_review",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == input)
    }

    /// Still waiting for the end user: the only statuses that can expire by time.
    pub fn is_open(self) -> bool {
        matches!(self, InquiryStatus::Created | InquiryStatus::Pending)
    }

    /// Finished by the end user or decided: nothing can resume these.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            InquiryStatus::Completed
                | InquiryStatus::Failed
                | InquiryStatus::Approved
                | InquiryStatus::Declined
                | InquiryStatus::NeedsReview
        )
    }

    /// The webhook event Persona sends when an inquiry reaches this status.
    pub fn event_name(self) -> &'static str {
        match self {
            InquiryStatus::Created => "inquiry.created",
            InquiryStatus::Pending => "inquiry.started",
            InquiryStatus::Completed => "inquiry.completed",
            InquiryStatus::Failed => "inquiry.failed",
            InquiryStatus::Expired => "inquiry.expired",
            InquiryStatus::Approved => "inquiry.approved",
            InquiryStatus::Declined => "inquiry.declined",
            InquiryStatus::NeedsReview => "inquiry.marked-for-review",
        }
    }
}

/// The stored status of an inquiry; a row with an unknown one is an internal error.
pub fn status_of(inquiry: &inquiries::Model) -> Result<InquiryStatus, SandboxError> {
    InquiryStatus::parse(&inquiry.status).ok_or_else(|| {
        SandboxError::internal(anyhow::anyhow!(
            "sandbox inquiry {} has an unknown status",
            inquiry.public_id
        ))
    })
}

/// An inquiry session as the API shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStatus {
    Active,
    Expired,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Active => "active",
            SessionStatus::Expired => "expired",
        }
    }
}

/// An inquiry template's status; the sandbox's templates are all active.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateStatus {
    Active,
}

impl TemplateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateStatus::Active => "active",
        }
    }
}

/// Where a webhook event stands in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for its first attempt or a retry.
    Pending,
    Delivered,
    /// Discarded by fault injection.
    Dropped,
    /// Given up after its attempts were used up.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Dropped => "dropped",
            DeliveryState::Failed => "failed",
        }
    }
}

/// The three expiration intervals of a template version, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intervals {
    pub after_create_seconds: i64,
    pub after_start_seconds: i64,
    pub after_resume_seconds: i64,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            after_create_seconds: DEFAULT_INTERVAL_SECONDS,
            after_start_seconds: DEFAULT_INTERVAL_SECONDS,
            after_resume_seconds: DEFAULT_INTERVAL_SECONDS,
        }
    }
}

/// Why one interval was refused, ready to show next to its field.
pub fn check_interval(seconds: i64) -> Result<i64, String> {
    if seconds < 1 {
        Err("Use at least 1 second.".into())
    } else if seconds > MAX_INTERVAL_SECONDS {
        Err(format!(
            "Use at most {MAX_INTERVAL_SECONDS} seconds (366 days)."
        ))
    } else {
        Ok(seconds)
    }
}

/// Parses a form's text into an interval.
pub fn parse_interval(input: &str) -> Result<i64, String> {
    input
        .trim()
        .parse::<i64>()
        .map_err(|_| "Use a whole number with its unit, like 2 hours.".to_owned())
        .and_then(check_interval)
}

/// The personal-data fields the hosted flow asks for, in order, with their labels.
pub const STANDARD_FIELDS: [(&str, &str); 10] = [
    ("name-first", "First name"),
    ("name-last", "Last name"),
    ("birthdate", "Date of birth"),
    ("email-address", "Email address"),
    ("phone-number", "Phone number"),
    ("address-street-1", "Street address"),
    ("address-city", "City"),
    ("address-subdivision", "State or region"),
    ("address-postal-code", "Postal code"),
    ("address-country-code", "Country code"),
];

const MAX_FIELDS: usize = 50;
const MAX_FIELD_NAME: usize = 64;
const MAX_FIELD_VALUE: usize = 1000;

/// Prefill fields as plain values, the way Persona's create request takes them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields(pub BTreeMap<String, Value>);

impl Fields {
    /// Accepts plain values and Persona's typed `{"type", "value"}` form alike.
    pub fn from_request(input: &Map<String, Value>) -> Result<Self, SandboxError> {
        if input.len() > MAX_FIELDS {
            return Err(SandboxError::unprocessable(format!(
                "At most {MAX_FIELDS} fields may be prefilled."
            )));
        }
        let mut fields = BTreeMap::new();
        for (name, value) in input {
            check_field_name(name).map_err(SandboxError::unprocessable)?;
            let plain = match value {
                Value::Object(typed) => typed.get("value").cloned().unwrap_or(Value::Null),
                other => other.clone(),
            };
            match &plain {
                Value::Null | Value::Bool(_) | Value::Number(_) => {}
                Value::String(text) if text.chars().count() <= MAX_FIELD_VALUE => {}
                Value::String(_) => {
                    return Err(SandboxError::unprocessable(format!(
                        "Field “{name}” is longer than {MAX_FIELD_VALUE} characters."
                    )))
                }
                Value::Array(_) | Value::Object(_) => {
                    return Err(SandboxError::unprocessable(format!(
                        "Field “{name}” must be a string, number, boolean or null."
                    )))
                }
            }
            fields.insert(name.clone(), plain);
        }
        Ok(Self(fields))
    }

    /// Reads the stored JSON; a damaged row reads as no fields rather than failing the request.
    pub fn from_stored(stored: &str) -> Self {
        serde_json::from_str::<BTreeMap<String, Value>>(stored)
            .map(Self)
            .unwrap_or_default()
    }

    pub fn to_stored(&self) -> String {
        Value::Object(self.0.clone().into_iter().collect()).to_string()
    }

    pub fn text(&self, name: &str) -> String {
        match self.0.get(name) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    /// Persona's typed form: `{"name-first": {"type": "string", "value": "Ana"}}`.
    pub fn typed(&self) -> Value {
        let typed: Map<String, Value> = self
            .0
            .iter()
            .map(|(name, value)| {
                let kind = match value {
                    _ if name == "birthdate" => "date",
                    Value::Bool(_) => "boolean",
                    Value::Number(_) => "number",
                    _ => "string",
                };
                (name.clone(), json!({"type": kind, "value": value}))
            })
            .collect();
        Value::Object(typed)
    }
}

pub fn check_field_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= MAX_FIELD_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "Field names are lower-case letters, digits, “-” and “_”, at most {MAX_FIELD_NAME} long."
        ))
    }
}

/// Unix seconds as Persona writes timestamps: ISO-8601 UTC with milliseconds, or null.
pub fn iso(seconds: Option<i64>) -> Value {
    seconds
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map(|at| Value::String(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()))
        .unwrap_or(Value::Null)
}

#[cfg(test)]
#[path = "../../tests/unit/sandbox_model.rs"]
mod tests;
