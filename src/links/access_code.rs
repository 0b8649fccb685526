//! Access codes: a browser the link is not bound to may join by entering the code sent
//! through a second channel. Five wrong codes lock the link until an issuer unlocks it.

use actix_web::http::StatusCode;
use subtle::ConstantTimeEq;

use crate::{
    db::now,
    domain::{LinkKind, LinkToken},
    entities::links,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
    views::end_user::{self, AccessCodeError},
};

use super::{
    click, continuation,
    issue::access_code_hash,
    outcome::{self, Outcome},
};

pub const MAX_ATTEMPTS: i32 = 5;

pub async fn enter(
    state: &AppState,
    token: &LinkToken,
    browser_hash: &str,
    code: &str,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let Some(link) = repo::links::find_by_token_hash(db, &token.hash()).await? else {
        return Ok(outcome::unknown_link());
    };
    enter_link(state, token, &link, browser_hash, code)
        .await
        .map(|outcome| outcome.of_link(&link))
}

/// [`enter`] once the link is found: every answer is about it.
async fn enter_link(
    state: &AppState,
    token: &LinkToken,
    link: &links::Model,
    browser_hash: &str,
    code: &str,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let recover = click::recover_action(token);
    if let Some(page) = outcome::link_state_page(link, now(), Some(&recover)) {
        return Ok(page);
    }
    let Some(expected) = link.access_code_hash.as_deref() else {
        return Ok(Outcome::page(
            StatusCode::FORBIDDEN,
            end_user::fresh_link_needed(Some(&recover)),
        ));
    };
    if code.trim().is_empty() || code.len() > 64 {
        // An empty form costs no attempt.
        return Ok(Outcome::page(
            StatusCode::UNPROCESSABLE_ENTITY,
            end_user::access_code_form(
                &click::code_action(token),
                Some(&recover),
                Some(AccessCodeError::Empty),
            ),
        ));
    }
    if link.locked_at.is_some()
        || !repo::access_codes::take_attempt(db, link.id, MAX_ATTEMPTS).await?
    {
        return Ok(Outcome::page(StatusCode::LOCKED, end_user::locked()));
    }
    let given = access_code_hash(&state.settings.data_key, code);
    let matches: bool = expected.as_bytes().ct_eq(given.as_bytes()).into();
    if !matches {
        return wrong_code(state, token, link).await;
    }
    accept(state, link, browser_hash).await
}

/// Counts a wrong code against the link, locking it at the last attempt.
async fn wrong_code(
    state: &AppState,
    token: &LinkToken,
    link: &links::Model,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let attempts = repo::access_codes::lock_if_used_up(db, link.id, MAX_ATTEMPTS).await?;
    let locked = attempts >= MAX_ATTEMPTS;
    if locked {
        // The click path caches the link: it must show the lock at once.
        state.link_cache.invalidate(&link.token_hash).await;
    }
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(link.tenant_id),
            actor: "end_user",
            action: if locked {
                "access_code.locked"
            } else {
                "access_code.failed"
            },
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({ "attempts": attempts })),
        },
    )
    .await?;
    if locked {
        return Ok(Outcome::page(StatusCode::LOCKED, end_user::locked()));
    }
    Ok(Outcome::page(
        StatusCode::UNPROCESSABLE_ENTITY,
        end_user::access_code_form(
            &click::code_action(token),
            Some(&click::recover_action(token)),
            Some(AccessCodeError::Wrong {
                attempts_left: MAX_ATTEMPTS - attempts,
            }),
        ),
    ))
}

/// Binds this browser to the link and continues its inquiry.
async fn accept(
    state: &AppState,
    link: &links::Model,
    browser_hash: &str,
) -> Result<Outcome, AppError> {
    let db = &state.db.connection;
    let scope = TenantScope::new(link.tenant_id);
    repo::access_codes::give_back_attempt(db, link.id).await?;
    repo::links::bind_browser(db, link.id, browser_hash, link.current_inquiry_id).await?;
    state.forget_link(link).await;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: "end_user",
            action: "access_code.accepted",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: None,
        },
    )
    .await?;
    let Some(inquiry_id) = link.current_inquiry_id else {
        return Ok(outcome::unknown_link());
    };
    let inquiry = repo::inquiries::find_by_id(db, scope, inquiry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(page) = continuation::finished_page(&inquiry) {
        return Ok(page);
    }
    continuation::continue_inquiry(state, scope, link, &inquiry).await
}

/// Gives an open dedicated link a new access code (one issued without a code, or whose
/// code was lost): the old code stops working, wrong attempts start again and a lock lifts.
/// The code is returned to be shown once; only its keyed hash is kept.
pub async fn issue_new(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    link: &links::Model,
) -> Result<String, AppError> {
    if link.kind != LinkKind::Dedicated || !link.state.is_open() {
        return Err(AppError::Conflict(format!(
            "Only an active or paused dedicated link can get an access code; this one is {} and {}.",
            link.kind, link.state
        )));
    }
    let code = super::issue::new_access_code();
    let hash = access_code_hash(&state.settings.data_key, &code);
    let db = &state.db.connection;
    if !repo::access_codes::replace_code(db, scope, link.id, &hash).await? {
        return Err(AppError::Conflict(
            "The link was ended meanwhile; it cannot get an access code.".into(),
        ));
    }
    let replaced = link.access_code_hash.is_some();
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "access_code.issued",
            subject: Some(&repo::audit::link_subject(&link.public_id)),
            details: Some(serde_json::json!({ "replaced": replaced })),
        },
    )
    .await?;
    Ok(code)
}
