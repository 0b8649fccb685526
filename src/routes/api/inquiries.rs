//! `/api/v1/inquiries/{id}`: read an inquiry, and the tenant's own resume API.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::{
    auth::{api_keys::ApiClient, requires, Authorized},
    error::{ApiError, AppError},
    idempotency::{Answer, Commit},
    links::{
        access_links::{self, MintedAccessLink},
        inquiry_cache, pages, session_tokens,
    },
    state::AppState,
};

use super::{
    api_id, idempotency,
    types::{iso_time, AccessLinkBody, ErrorBody, InquiryBody, SessionTokenBody},
};

#[utoipa::path(
    get, path = "/api/v1/inquiries/{id}", tag = "inquiries",
    params(("id" = String, Path, description = "The inquiry id (inq_…)")),
    responses((status = 200, body = InquiryBody), (status = 404, body = ErrorBody)),
    security(("api_key" = []))
)]
pub async fn get_inquiry(
    state: web::Data<AppState>,
    client: Authorized<requires::InquiriesRead>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let (inquiry, link_public_id) = pages::inquiry_with_link(&state, client.scope(), &path).await?;
    Ok(HttpResponse::Ok().json(InquiryBody::new(&inquiry, link_public_id)))
}

#[utoipa::path(
    post, path = "/api/v1/inquiries/{id}/session-token", tag = "inquiries",
    params(("id" = String, Path, description = "The inquiry id (inq_…)")),
    responses(
        (status = 200, body = SessionTokenBody, description = "A token valid for at least the policy's minimum lifetime"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Completed, failed or decided; or the provider refuses")
    ),
    security(("api_key" = []))
)]
pub async fn create_session_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::TokensWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    idempotency::run_once(&req, &state, client.scope(), &body, |_| {
        session_token_answer(&state, &client, &path)
    })
    .await
}

/// A retry after a lost answer needs no record of its own: it gets the stored token again
/// while that stays valid long enough, so it makes no second resume.
async fn session_token_answer(
    state: &AppState,
    client: &ApiClient,
    inquiry_id: &str,
) -> Result<Answer, AppError> {
    // Backends call this on every app load: the inquiry comes from memory when it can.
    let cached = inquiry_cache::find(state, client.scope(), inquiry_id).await?;
    let inquiry = &cached.inquiry;
    let granted = session_tokens::session_token_for(
        state,
        client.scope(),
        inquiry,
        client.policy.min_token_remaining_seconds,
        &client.actor(),
    )
    .await?;
    if granted.resumed {
        if let Some(link_id) = inquiry.link_id {
            state.forget_link_id(link_id).await;
        }
    }
    Answer::json(
        200,
        &SessionTokenBody {
            hosted_flow_url: session_tokens::handed_out_flow_url(
                state,
                &granted.inquiry_id,
                &granted.token,
                cached.language,
            ),
            inquiry_id: granted.inquiry_id,
            session_token: granted.token,
            expires_at: iso_time(granted.expires_at),
        },
    )
}

#[utoipa::path(
    post, path = "/api/v1/inquiries/{id}/access-link", tag = "inquiries",
    request_body(content = Option<super::send::SendAccessLinkBody>, description = "Optional: email the access link"),
    params(("id" = String, Path, description = "The inquiry id (inq_…)")),
    responses(
        (status = 201, body = AccessLinkBody, description = "A one-time access link"),
        (status = 422, body = ErrorBody, description = "send_to.email is not an email address; nothing was created"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)
    ),
    security(("api_key" = []))
)]
pub async fn create_access_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: Authorized<requires::TokensWrite>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let path = api_id(path.into_inner())?;
    let scope = client.scope();
    idempotency::run_once(&req, &state, scope, &body, |claim| async {
        let send_to = super::send::access_link_send_to(&req, &body)?;
        let (inquiry, _) = pages::inquiry_with_link(&state, scope, &path).await?;
        let render = |minted: &MintedAccessLink| {
            let body = AccessLinkBody {
                url: minted.url.clone(),
                expires_at: iso_time(minted.expires_at),
            };
            Answer::json(201, &body)
        };
        // The access link and the stored answer commit together: a retry after a lost
        // answer gets this access link, never a second one.
        let commit = Commit::new(scope, claim, &render);
        let target = (&inquiry, send_to.as_ref());
        let minted =
            access_links::mint_and_send(&state, scope, target, &client.actor(), Some(&commit))
                .await?;
        commit.answer(&minted)
    })
    .await
}
