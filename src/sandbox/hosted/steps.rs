//! The hosted flow's form posts: confirming the personal details (which starts the
//! inquiry) and the simulated document step (which finishes it).

use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde_json::Value;

use crate::{
    db::now,
    error::AppError,
    sandbox::{
        lifecycle,
        model::{status_of, Fields, InquiryStatus},
        Effects, SandboxState,
    },
};

use super::{
    browser_session, clean_url,
    cookie::{verify_csrf, FlowCookie, CSRF_FIELD},
    language_of, page, parse_inquiry_id, redirect_refused, redirect_with_cookie, session_expired,
    views::{self, DetailInput},
};

const MAX_DETAIL_LENGTH: usize = 200;

pub(in crate::sandbox) fn form_pairs(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_bytes(body)
        .map_err(|_| AppError::BadRequest("The form could not be read.".into()))
}

pub(in crate::sandbox) fn form_value<'a>(
    pairs: &'a [(String, String)],
    name: &str,
) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Checks the submitted details; on failure, the inputs with their errors to show again.
pub(in crate::sandbox) fn read_details(
    pairs: &[(String, String)],
) -> Result<Vec<(&'static str, String)>, Vec<DetailInput>> {
    let mut inputs = DetailInput::all(|name| {
        form_value(pairs, name)
            .unwrap_or_default()
            .trim()
            .to_owned()
    });
    for input in &mut inputs {
        input.error = if input.value.chars().count() > MAX_DETAIL_LENGTH {
            Some(format!("Use at most {MAX_DETAIL_LENGTH} characters."))
        } else if input.value.chars().any(char::is_control) {
            Some("Remove the control characters.".into())
        } else if input.name == "birthdate"
            && !input.value.is_empty()
            && chrono::NaiveDate::parse_from_str(&input.value, "%Y-%m-%d").is_err()
        {
            Some("Use the form YYYY-MM-DD, like 1990-01-31.".into())
        } else if input.name == "email-address"
            && !input.value.is_empty()
            && !input.value.contains('@')
        {
            Some("Enter an email address like name@example.com.".into())
        } else {
            None
        };
    }
    if inputs.iter().any(|input| input.error.is_some()) {
        return Err(inputs);
    }
    Ok(inputs
        .into_iter()
        .map(|input| (input.name, input.value))
        .collect())
}

/// `POST /sandbox/verify/{inquiry_id}/details`: confirms the details and starts the
/// inquiry (`created` → `pending`), giving this browser its session token.
pub async fn confirm_details(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let inquiry_id = parse_inquiry_id(&path)?;
    let pairs = form_pairs(&body)?;
    let flow = FlowCookie::read(&req, &inquiry_id);
    let language = language_of(&req);
    verify_csrf(&req, flow.as_ref(), form_value(&pairs, CSRF_FIELD))?;
    let flow = flow.ok_or(AppError::CsrfRejected)?;
    let details = match read_details(&pairs) {
        Ok(details) => details,
        Err(inputs) => {
            return Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::details_page(language, &inquiry_id, &flow.csrf, &inputs),
            ))
        }
    };
    let now = now();
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let inquiry = lifecycle::load_for_update(&*write, &mut effects, &inquiry_id, now).await?;
    let session = browser_session(&*write, &inquiry, Some(&flow), now).await?;
    let status = status_of(&inquiry)?;
    let resumed_unstarted = status == InquiryStatus::Pending
        && lifecycle::is_unstarted(&inquiry, status)
        && session.is_some();
    let outcome = match status {
        _ if status == InquiryStatus::Created || resumed_unstarted => {
            let mut fields = Fields::from_stored(&inquiry.fields);
            for (name, value) in details {
                if value.is_empty() {
                    fields.0.remove(name);
                } else {
                    fields.0.insert(name.to_owned(), Value::String(value));
                }
            }
            let (_, new_token) =
                lifecycle::start(&*write, &mut effects, inquiry, fields, session, now).await?;
            Ok(new_token)
        }
        // A second submit from the browser that started it (back button): carry on.
        InquiryStatus::Pending if session.is_some() => Ok(None),
        InquiryStatus::Pending => Err(session_expired(language, false)),
        InquiryStatus::Expired => Err(session_expired(language, true)),
        finished => Err(page(
            StatusCode::OK,
            views::finished_page(language, finished),
        )),
    };
    write.commit().await?;
    state.sandbox.after_commit(effects);
    match outcome {
        Ok(new_token) => {
            let cookie = new_token.map(|token| {
                flow.with_session_token(token)
                    .to_cookie(&inquiry_id, state.sandbox.secure_cookies())
            });
            Ok(redirect_with_cookie(&clean_url(&inquiry_id), cookie))
        }
        Err(response) => Ok(response),
    }
}

/// Where the browser goes when the inquiry is done: `redirect-uri` with Persona's
/// `inquiry-id`, `status` and `reference-id` added, or the flow's own finished page.
fn destination(inquiry: &crate::sandbox::entities::inquiries::Model) -> String {
    let Some(mut target) = inquiry
        .redirect_uri
        .as_deref()
        .and_then(|uri| url::Url::parse(uri).ok())
    else {
        return clean_url(&inquiry.public_id);
    };
    {
        let mut query = target.query_pairs_mut();
        query.append_pair("inquiry-id", &inquiry.public_id);
        query.append_pair("status", &inquiry.status);
        if let Some(reference_id) = &inquiry.reference_id {
            query.append_pair("reference-id", reference_id);
        }
    }
    target.into()
}

/// `POST /sandbox/verify/{inquiry_id}/document`: the simulated document check, `outcome`
/// `pass` or `fail`, finishes the inquiry.
pub async fn submit_document(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let inquiry_id = parse_inquiry_id(&path)?;
    let pairs = form_pairs(&body)?;
    let flow = FlowCookie::read(&req, &inquiry_id);
    let language = language_of(&req);
    verify_csrf(&req, flow.as_ref(), form_value(&pairs, CSRF_FIELD))?;
    let passed = match form_value(&pairs, "outcome") {
        Some("pass") => true,
        Some("fail") => false,
        _ => {
            return Err(AppError::BadRequest(
                "Choose “Simulate pass” or “Simulate fail”.".into(),
            ))
        }
    };
    let now = now();
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let inquiry = lifecycle::load_for_update(&*write, &mut effects, &inquiry_id, now).await?;
    let session = browser_session(&*write, &inquiry, flow.as_ref(), now).await?;
    let outcome = match status_of(&inquiry)? {
        // Checked again here, where the browser is sent on: the allowed hosts may have
        // changed since the flow began.
        InquiryStatus::Pending
            if session.is_some()
                && state
                    .sandbox
                    .redirects
                    .refuses(inquiry.redirect_uri.as_deref()) =>
        {
            Err(redirect_refused())
        }
        InquiryStatus::Pending if session.is_some() => {
            let finished = lifecycle::finish(&*write, &mut effects, inquiry, passed, now).await?;
            Ok(destination(&finished))
        }
        InquiryStatus::Pending => Err(session_expired(language, false)),
        InquiryStatus::Expired => Err(session_expired(language, true)),
        InquiryStatus::Created => Ok(clean_url(&inquiry_id)),
        finished => Err(page(
            StatusCode::OK,
            views::finished_page(language, finished),
        )),
    };
    write.commit().await?;
    state.sandbox.after_commit(effects);
    match outcome {
        Ok(location) => Ok(redirect_with_cookie(&location, None)),
        Err(response) => Ok(response),
    }
}
