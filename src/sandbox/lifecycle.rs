//! Everything that changes an inquiry: creation, start, completion, expiry, with the
//! webhook each change causes. Functions take an open write transaction and record what
//! they did in `Effects`, which the caller applies after committing.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::{
    entities::{inquiries, sessions, template_versions as versions, templates as templates_entity},
    error::SandboxError,
    expiry::{apply_expiry_if_due, mark_expired},
    model::{status_of, Fields, InquiryStatus},
    sessions::{mint_one_time_link, open_session},
    store, templates, webhooks, Effects,
};

/// Per-inquiry expiration overrides (create-time `meta`); they win over the template's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub after_create_seconds: Option<i64>,
    pub after_start_seconds: Option<i64>,
    pub after_resume_seconds: Option<i64>,
}

/// A validated create request (from the API or the hosted flow's creation URL).
#[derive(Clone, Debug, Default)]
pub struct NewInquiry {
    pub template_id: Option<String>,
    pub version_id: Option<String>,
    pub reference_id: Option<String>,
    /// `meta.auto-create-account-reference-id`: the account's reference when it differs.
    pub account_reference_id: Option<String>,
    pub account_id: Option<String>,
    pub fields: Fields,
    pub redirect_uri: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub overrides: Overrides,
    pub create_session: bool,
    pub create_one_time_link: bool,
}

pub struct Created {
    pub inquiry: inquiries::Model,
    pub session_token: Option<String>,
    pub one_time_link_code: Option<String>,
}

/// The template and the version a create request names: the version itself, or the
/// template's latest published one.
async fn resolve_version(
    conn: &impl ConnectionTrait,
    request: &NewInquiry,
) -> Result<(templates_entity::Model, versions::Model), SandboxError> {
    match (&request.version_id, &request.template_id) {
        (Some(version_id), template_id) => {
            let version = templates::find_version(conn, version_id)
                .await?
                .ok_or_else(|| {
                    SandboxError::not_found("No inquiry template version with this id.")
                })?;
            let template = templates::find_template_by_id(conn, version.template_id)
                .await?
                .ok_or_else(|| SandboxError::not_found("No inquiry template with this id."))?;
            if template_id
                .as_ref()
                .is_some_and(|id| *id != template.public_id)
            {
                return Err(SandboxError::unprocessable(
                    "inquiry-template-version-id belongs to a different inquiry template.",
                ));
            }
            Ok((template, version))
        }
        (None, Some(template_id)) => {
            let template = templates::find_template(conn, template_id)
                .await?
                .ok_or_else(|| SandboxError::not_found("No inquiry template with this id."))?;
            let version = templates::latest_version(conn, template.id)
                .await?
                .ok_or_else(|| {
                    SandboxError::not_found("The inquiry template has no published version.")
                })?;
            Ok((template, version))
        }
        (None, None) => Err(SandboxError::bad_request(
            "Give data.attributes.inquiry-template-id or inquiry-template-version-id.",
        )),
    }
}

/// The account the inquiry belongs to: the one named, or the one of its reference id.
async fn resolve_account(
    conn: &impl ConnectionTrait,
    request: &NewInquiry,
    now: i64,
) -> Result<String, SandboxError> {
    match &request.account_id {
        Some(account_id) => {
            if !store::account_exists(conn, account_id).await? {
                return Err(SandboxError::not_found("No account with this id."));
            }
            Ok(account_id.clone())
        }
        None => {
            let account_reference = request
                .account_reference_id
                .as_deref()
                .or(request.reference_id.as_deref());
            Ok(store::account_for_reference(conn, account_reference, now).await?)
        }
    }
}

pub async fn create_inquiry(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    request: NewInquiry,
    now: i64,
) -> Result<Created, SandboxError> {
    let (template, version) = resolve_version(conn, &request).await?;
    let account_public_id = resolve_account(conn, &request, now).await?;
    let after_create = request
        .overrides
        .after_create_seconds
        .unwrap_or(version.expire_after_create_seconds);
    let inquiry = inquiries::ActiveModel {
        public_id: Set(crate::domain::PublicId::generate("inq").into_string()),
        template_public_id: Set(template.public_id),
        version_public_id: Set(version.public_id),
        account_public_id: Set(account_public_id),
        reference_id: Set(request.reference_id),
        status: Set(InquiryStatus::Created.as_str().into()),
        fields: Set(request.fields.to_stored()),
        redirect_uri: Set(request.redirect_uri),
        note: Set(request.note),
        tags: Set(serde_json::to_string(&request.tags)?),
        expire_after_create_seconds: Set(request.overrides.after_create_seconds),
        expire_after_start_seconds: Set(request.overrides.after_start_seconds),
        expire_after_resume_seconds: Set(request.overrides.after_resume_seconds),
        created_at: Set(now),
        started_at: Set(None),
        completed_at: Set(None),
        failed_at: Set(None),
        expired_at: Set(None),
        expires_at: Set(Some(now.saturating_add(after_create))),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    effects.inquiries_created += 1;
    let session_token = if request.create_session {
        Some(open_session(conn, effects, &inquiry, now).await?.1)
    } else {
        None
    };
    let one_time_link_code = if request.create_one_time_link {
        Some(mint_one_time_link(conn, effects, &inquiry, None, now).await?)
    } else {
        None
    };
    webhooks::record_event(conn, effects, &inquiry, now).await?;
    Ok(Created {
        inquiry,
        session_token,
        one_time_link_code,
    })
}

/// Finds an inquiry for a change, with expiry by time applied first; 404 when unknown.
pub async fn load_for_update(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    public_id: &str,
    now: i64,
) -> Result<inquiries::Model, SandboxError> {
    let inquiry = store::find_inquiry(conn, public_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry with this id."))?;
    apply_expiry_if_due(conn, effects, inquiry, now).await
}

/// `POST /inquiries/{id}/expire`: expires an open inquiry now; it can be resumed later.
pub async fn expire(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: inquiries::Model,
    now: i64,
) -> Result<inquiries::Model, SandboxError> {
    match status_of(&inquiry)? {
        InquiryStatus::Expired => Ok(inquiry),
        status if status.is_finished() => Err(SandboxError::conflict(
            "Inquiry cannot be expired",
            format!("The inquiry is {}.", status.as_str()),
        )),
        _ => mark_expired(conn, effects, inquiry, now, now).await,
    }
}

/// The end user starts the flow: `created` becomes `pending`, timed from now by the
/// after-start interval, with the confirmed fields. An inquiry that expired before anyone
/// started it and was then resumed is `pending` but not started: it starts here too, keeping
/// the expiry its resume gave it. Returns the session the browser keeps and, when one had to
/// be opened, its new token.
pub async fn start(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: inquiries::Model,
    fields: Fields,
    browser_session: Option<sessions::Model>,
    now: i64,
) -> Result<(inquiries::Model, Option<String>), SandboxError> {
    let status = status_of(&inquiry)?;
    if !is_unstarted(&inquiry, status) {
        return Err(SandboxError::conflict(
            "Inquiry already started",
            format!("The inquiry is {}.", inquiry.status),
        ));
    }
    let intervals = templates::intervals_for(conn, &inquiry).await?;
    let mut active: inquiries::ActiveModel = inquiry.into();
    active.status = Set(InquiryStatus::Pending.as_str().into());
    active.started_at = Set(Some(now));
    if status == InquiryStatus::Created {
        active.expires_at = Set(Some(now.saturating_add(intervals.after_start_seconds)));
    }
    active.fields = Set(fields.to_stored());
    active.updated_at = Set(now);
    let inquiry = active.update(conn).await?;
    let new_token = match browser_session {
        Some(_) => None,
        None => Some(open_session(conn, effects, &inquiry, now).await?.1),
    };
    webhooks::record_event(conn, effects, &inquiry, now).await?;
    Ok((inquiry, new_token))
}

/// Nobody has confirmed the details yet: `created`, or resumed from `expired` unstarted.
pub fn is_unstarted(inquiry: &inquiries::Model, status: InquiryStatus) -> bool {
    status == InquiryStatus::Created
        || (status == InquiryStatus::Pending && inquiry.started_at.is_none())
}

/// The simulated document step's outcome: `completed` or `failed`.
pub async fn finish(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: inquiries::Model,
    passed: bool,
    now: i64,
) -> Result<inquiries::Model, SandboxError> {
    if status_of(&inquiry)? != InquiryStatus::Pending {
        return Err(SandboxError::conflict(
            "Inquiry is not in progress",
            format!("The inquiry is {}.", inquiry.status),
        ));
    }
    let mut active: inquiries::ActiveModel = inquiry.into();
    if passed {
        active.status = Set(InquiryStatus::Completed.as_str().into());
        active.completed_at = Set(Some(now));
    } else {
        active.status = Set(InquiryStatus::Failed.as_str().into());
        active.failed_at = Set(Some(now));
    }
    active.updated_at = Set(now);
    let inquiry = active.update(conn).await?;
    webhooks::record_event(conn, effects, &inquiry, now).await?;
    Ok(inquiry)
}
