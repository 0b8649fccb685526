//! The hosted flow under `/sandbox/verify`, with Persona's query parameters:
//! `?inquiry-id=…[&session-token=…]` loads an inquiry, `?code=…` redeems a one-time link,
//! `?inquiry-template-id=…&reference-id=…&fields[name-first]=…` creates an inquiry.
//!
//! A created inquiry opens for anyone with its id; a pending one only for a browser that
//! holds a valid session token in its flow cookie. Tokens never stay in the address bar:
//! the flow moves them into the cookie and redirects to a clean URL.

pub mod cookie;
pub mod redirects;
pub mod steps;
pub mod views;

use actix_web::{
    http::{header, StatusCode},
    web, HttpRequest, HttpResponse,
};
use maud::Markup;
use sea_orm::ConnectionTrait;

use crate::{
    db::now,
    domain::{Language, PublicId},
    error::AppError,
};

use super::{
    api::inquiries::{check_redirect_uri, check_reference_id},
    entities::{inquiries, sessions},
    expiry,
    lifecycle::{self, NewInquiry},
    model::{check_field_name, status_of, Fields, InquiryStatus},
    sessions::{redeem_one_time_link, Redemption},
    store, Effects, SandboxState,
};
use cookie::FlowCookie;
use views::DetailInput;

pub(super) fn page(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// The flow's address for an inquiry, without any token in it.
pub(super) fn clean_url(inquiry_id: &str) -> String {
    format!("{}?inquiry-id={inquiry_id}", cookie::PATH)
}

/// Only well-formed ids go further: they end up in cookie names and URLs.
pub(super) fn parse_inquiry_id(raw: &str) -> Result<String, AppError> {
    PublicId::parse("inq", raw)
        .map(PublicId::into_string)
        .ok_or(AppError::NotFound)
}

pub(super) fn redirect_with_cookie(
    location: &str,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    let mut response = HttpResponse::SeeOther();
    response.insert_header((header::LOCATION, location));
    if let Some(cookie) = cookie {
        response.cookie(cookie);
    }
    response.finish()
}

/// The session this browser's cookie opens for the inquiry, if it is still valid.
pub(super) async fn browser_session(
    conn: &impl ConnectionTrait,
    inquiry: &inquiries::Model,
    flow: Option<&FlowCookie>,
    now: i64,
) -> Result<Option<sessions::Model>, AppError> {
    match flow.and_then(|flow| flow.session_token.as_deref()) {
        Some(token) => Ok(store::find_live_session(conn, inquiry.id, token, now).await?),
        None => Ok(None),
    }
}

/// What a browser gets instead of being sent to a `redirect-uri` the sandbox may not
/// follow: a 400 page, and no redirect.
pub(super) fn redirect_refused() -> HttpResponse {
    page(
        StatusCode::BAD_REQUEST,
        views::link_problem_page(
            400,
            "This return address is not allowed",
            "This verification would send you on to an address the sandbox does not trust, \
             so it stops here. The portal's own address and the hosts listed in \
             PORTAL_SANDBOX_REDIRECT_HOSTS are allowed.",
        ),
    )
}

pub(super) fn session_expired(language: Language, inquiry_expired: bool) -> HttpResponse {
    page(
        StatusCode::FORBIDDEN,
        views::session_expired_page(language, inquiry_expired),
    )
}

/// The cookie that keeps the language the portal asked for (`language=…` on the flow's
/// first URL) across the flow's steps, as the tab would keep it in the real flow.
const LANGUAGE_COOKIE: &str = "sandbox_language";

/// The language of the flow's pages: the URL's `language`, else the one kept from the
/// flow's first URL, else the browser's `Accept-Language`.
pub(super) fn language_of(req: &HttpRequest) -> Language {
    let asked = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(key, _)| key == "language")
                .and_then(|(_, value)| Language::parse(&value).ok())
        });
    asked
        .or_else(|| {
            req.cookie(LANGUAGE_COOKIE)
                .and_then(|cookie| Language::from_stored(cookie.value()))
        })
        .unwrap_or_else(|| {
            let accepted = req
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok());
            Language::from_accept_language(accepted)
        })
}

/// Keeps `language` for the flow's next steps (a browser-session cookie).
fn keep_language(response: &mut HttpResponse, language: Language, secure: bool) {
    let cookie = actix_web::cookie::Cookie::build(LANGUAGE_COOKIE, language.as_str())
        .path(cookie::PATH)
        .http_only(true)
        .secure(secure)
        .same_site(actix_web::cookie::SameSite::Lax)
        .finish();
    let _ = response.add_cookie(&cookie);
}

/// Renders the step the inquiry is at, for this browser.
async fn show_current_step(
    state: &SandboxState,
    req: &HttpRequest,
    inquiry: &inquiries::Model,
) -> Result<HttpResponse, AppError> {
    let flow = FlowCookie::read(req, &inquiry.public_id);
    let secure = state.sandbox.secure_cookies();
    let language = language_of(req);
    let status = status_of(inquiry)?;
    if status.is_open()
        && state
            .sandbox
            .redirects
            .refuses(inquiry.redirect_uri.as_deref())
    {
        return Ok(redirect_refused());
    }
    let (flow, is_new) = match flow {
        Some(flow) => (flow, false),
        None => (FlowCookie::fresh(), true),
    };
    let unstarted = lifecycle::is_unstarted(inquiry, status);
    if unstarted
        && status == InquiryStatus::Pending
        && browser_session(&state.db.connection, inquiry, Some(&flow), now())
            .await?
            .is_none()
    {
        return Ok(session_expired(language, false));
    }
    let mut response = match status {
        // Resumed before anyone started it: it goes on where it stopped, at the details.
        _ if unstarted => {
            let fields = Fields::from_stored(&inquiry.fields);
            let inputs = DetailInput::all(|name| fields.text(name));
            page(
                StatusCode::OK,
                views::details_page(language, &inquiry.public_id, &flow.csrf, &inputs),
            )
        }
        InquiryStatus::Pending => {
            if browser_session(&state.db.connection, inquiry, Some(&flow), now())
                .await?
                .is_none()
            {
                return Ok(session_expired(language, false));
            }
            let mut response = page(
                StatusCode::OK,
                views::document_page(language, &inquiry.public_id, &flow.csrf),
            );
            if let Some(policy) = document_page_policy(inquiry.redirect_uri.as_deref()) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            response
        }
        InquiryStatus::Expired => return Ok(session_expired(language, true)),
        finished => {
            return Ok(page(
                StatusCode::OK,
                views::finished_page(language, finished),
            ))
        }
    };
    if is_new {
        // Setting a cookie on a built response cannot fail for a well-formed cookie; if it
        // did, the page would still render and its form would be refused, not misused.
        let _ = response.add_cookie(&flow.to_cookie(&inquiry.public_id, secure));
    }
    Ok(response)
}

/// The document step's form leads, through a 303, to the inquiry's `redirect-uri`;
/// browsers apply `form-action` to that redirect, so its origin must be allowed.
fn document_page_policy(redirect_uri: Option<&str>) -> Option<header::HeaderValue> {
    let origin = url::Url::parse(redirect_uri?).ok()?.origin();
    if !origin.is_tuple() {
        return None;
    }
    let policy = format!(
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
         form-action 'self' {}",
        origin.ascii_serialization()
    );
    header::HeaderValue::from_str(&policy).ok()
}

pub(super) fn query_pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_str(req.query_string())
        .map_err(|_| AppError::BadRequest("The address could not be read.".into()))
}

/// `GET /sandbox/verify`: dispatches on Persona's query parameters.
pub async fn verify(
    state: web::Data<SandboxState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let pairs = query_pairs(&req)?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };
    let mut response = if let Some(code) = get("code") {
        redeem(&state, &req, code).await?
    } else if let Some(inquiry_id) = get("inquiry-id") {
        load(&state, &req, inquiry_id, get("session-token")).await?
    } else if get("inquiry-template-id").is_some() || get("inquiry-template-version-id").is_some() {
        create_from_link(&state, &pairs).await?
    } else {
        return Err(AppError::BadRequest(
            "Open this page with an inquiry-id, a one-time link, or an inquiry-template-id.".into(),
        ));
    };
    if let Some(language) = get("language").and_then(|raw| Language::parse(raw).ok()) {
        keep_language(&mut response, language, state.sandbox.secure_cookies());
    }
    Ok(response)
}

async fn load(
    state: &SandboxState,
    req: &HttpRequest,
    raw_inquiry_id: &str,
    session_token: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let inquiry_id = parse_inquiry_id(raw_inquiry_id)?;
    let inquiry = expiry::read_inquiry(&state.db, &state.sandbox, &inquiry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(token) = session_token else {
        return show_current_step(state, req, &inquiry).await;
    };
    let live = store::find_live_session(&state.db.connection, inquiry.id, token, now()).await?;
    match live {
        Some(_) => {
            let flow = FlowCookie::read(req, &inquiry_id)
                .unwrap_or_else(FlowCookie::fresh)
                .with_session_token(token.to_owned());
            let cookie = flow.to_cookie(&inquiry_id, state.sandbox.secure_cookies());
            Ok(redirect_with_cookie(&clean_url(&inquiry_id), Some(cookie)))
        }
        // A created inquiry opens without a token, so a stale one in the link costs nothing.
        None if status_of(&inquiry)? == InquiryStatus::Created => {
            Ok(redirect_with_cookie(&clean_url(&inquiry_id), None))
        }
        None if status_of(&inquiry)?.is_finished() => show_current_step(state, req, &inquiry).await,
        None => Ok(session_expired(
            language_of(req),
            status_of(&inquiry)? == InquiryStatus::Expired,
        )),
    }
}

async fn redeem(
    state: &SandboxState,
    req: &HttpRequest,
    code: &str,
) -> Result<HttpResponse, AppError> {
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let redemption = redeem_one_time_link(&*write, &mut effects, code, now()).await?;
    write.commit().await?;
    state.sandbox.after_commit(effects);
    let gone = |title: &str, message: &str| {
        page(
            StatusCode::GONE,
            views::link_problem_page(410, title, message),
        )
    };
    Ok(match redemption {
        Redemption::Opened { inquiry_id, token } => {
            let flow = FlowCookie::read(req, &inquiry_id)
                .unwrap_or_else(FlowCookie::fresh)
                .with_session_token(token);
            let cookie = flow.to_cookie(&inquiry_id, state.sandbox.secure_cookies());
            redirect_with_cookie(&clean_url(&inquiry_id), Some(cookie))
        }
        Redemption::AlreadyUsed => gone(
            "This link was already used",
            "A one-time link works once. Ask for a new link to continue.",
        ),
        Redemption::Expired => gone(
            "This link has expired",
            "Ask for a new link to continue your verification.",
        ),
        Redemption::Finished(status) => page(
            StatusCode::OK,
            views::finished_page(language_of(req), status),
        ),
        Redemption::Unknown => return Err(AppError::NotFound),
    })
}

/// Persona's hosted creation link: every visit creates a new inquiry.
async fn create_from_link(
    state: &SandboxState,
    pairs: &[(String, String)],
) -> Result<HttpResponse, AppError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .filter(|value| !value.is_empty())
    };
    let mut fields = serde_json::Map::new();
    for (key, value) in pairs {
        if let Some(name) = key
            .strip_prefix("fields[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            check_field_name(name).map_err(AppError::BadRequest)?;
            fields.insert(name.to_owned(), serde_json::Value::String(value.clone()));
        }
    }
    let request = NewInquiry {
        template_id: get("inquiry-template-id"),
        version_id: get("inquiry-template-version-id"),
        reference_id: check_reference_id("reference-id", get("reference-id"))?,
        fields: Fields::from_request(&fields)?,
        redirect_uri: check_redirect_uri(get("redirect-uri"))?,
        ..NewInquiry::default()
    };
    if state
        .sandbox
        .redirects
        .refuses(request.redirect_uri.as_deref())
    {
        return Ok(redirect_refused());
    }
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let created = lifecycle::create_inquiry(&*write, &mut effects, request, now()).await?;
    write.commit().await?;
    state.sandbox.after_commit(effects);
    Ok(redirect_with_cookie(
        &clean_url(&created.inquiry.public_id),
        None,
    ))
}
