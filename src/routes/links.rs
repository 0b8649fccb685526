//! The links area of the admin UI: list, issue, look at, revoke, extend, unlock.

use actix_session::Session;
use actix_web::{
    http::{header, StatusCode},
    web, HttpResponse,
};
use serde::Deserialize;

use crate::{
    auth::{ProtectedForm, TenantUser},
    db::now,
    domain::{LinkKind, LinkState, PublicId},
    error::AppError,
    idempotency::{secret_flash::Reader, Answer, Commit},
    links::{
        issue::{self, IssueError, IssuedLink},
        pages, FieldErrors, LinkFilter,
    },
    notifications::outbox,
    state::AppState,
    views::{
        self,
        link_detail::{LinkDetailView, LinkFormKeys, OneTimeSecrets},
        link_detail_rescue::Ending,
        link_list::LinksView,
        page_response, Flash, Nav,
    },
};

use super::{
    form_once::{self, ShownSecrets, Submission},
    link_form::read_form,
    new_link::{new_link_response, SentForm},
};

const PAGE_SIZE: usize = 25;

#[derive(Deserialize)]
pub struct LinksQuery {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub reference_id: Option<String>,
    pub q: Option<String>,
    pub after: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Reads the list filters; an unknown kind or status is a 400, not an empty page.
pub fn parse_filter(query: LinksQuery) -> Result<LinkFilter, AppError> {
    let kind = non_empty(query.kind)
        .map(|kind| LinkKind::parse(&kind).map_err(AppError::BadRequest))
        .transpose()?;
    let state = non_empty(query.status)
        .map(|status| LinkState::parse(&status).map_err(AppError::BadRequest))
        .transpose()?;
    let after = non_empty(query.after)
        .map(|after| {
            PublicId::parse("lnk", &after)
                .map(PublicId::into_string)
                .ok_or_else(|| AppError::BadRequest("after must be a link id.".into()))
        })
        .transpose()?;
    let reference_id = non_empty(query.reference_id).filter(|r| r.len() <= 255);
    let text = non_empty(query.q).map(|q| q.chars().take(100).collect());
    Ok(LinkFilter {
        kind,
        state,
        reference_id,
        text,
        after,
        limit: PAGE_SIZE as u64 + 1,
    })
}

pub async fn list_links(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    query: web::Query<LinksQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = parse_filter(query.into_inner())?;
    let listing = pages::links_listing(&state, member.scope(), &filter, PAGE_SIZE).await?;
    let content = views::link_list::links_page(LinksView {
        links: &listing.rows,
        now: now(),
        filter: &filter,
        next_cursor: listing.next_cursor.as_deref(),
        can_issue: member.role().can_issue(),
    });
    Ok(page_response(
        member.current.viewer(),
        "Links",
        Nav::Links,
        Flash::take(&session),
        StatusCode::OK,
        content,
    ))
}

/// Issues a link from the form. Its one-time key makes every submission of one rendered
/// form issue one link (the provider's key is derived from it, too); one-time secrets go
/// by Post/Redirect/Get to the link's page, which shows them once.
pub async fn create_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    ProtectedForm(pairs): ProtectedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    member.require_issuer()?;
    let pairs = crate::http::durations::fold(pairs);
    let (request, input) = read_form(&pairs);
    let kind = LinkKind::parse(&request.kind).map_err(AppError::BadRequest)?;
    let form_key = form_once::form_key_of(&pairs);
    let claim = match form_once::submit(&state, &session, &member, "/links", form_key).await? {
        Submission::Repeat(response) => return Ok(response),
        Submission::First(claim) => claim,
    };
    let reader = form_once::reader(&state, &member);
    let render = |issued: &IssuedLink| created_answer(&state, &reader, issued);
    let commit = Commit::new(member.scope(), Some(claim.clone()), &render);
    let actor = member.current.actor();
    match issue::issue(&state, member.scope(), &actor, &request, &commit).await {
        Ok(issued) => {
            Flash::success(&session, "The link is ready. Copy it and send it.");
            form_once::done(&state, &member, &claim, commit.answer(&issued)?).await
        }
        Err(error) => {
            form_once::failed(&state, &claim).await;
            let form = SentForm {
                kind,
                input: &input,
                form_key: &form_once::kept_form_key(&state, &member, form_key),
            };
            let retry_after = match &error {
                IssueError::App(error) => error.retry_after(),
                IssueError::Invalid(_) => None,
            };
            let response = issue_failed(&state, &member, form, error).await?;
            Ok(with_retry_after(response, retry_after))
        }
    }
}

/// The form's answer: the link's page, showing the one-time secrets once when there are any.
fn created_answer(
    state: &AppState,
    reader: &Reader,
    issued: &IssuedLink,
) -> Result<Answer, AppError> {
    let location = format!("/links/{}", issued.link.public_id);
    if issued.access_code.is_none() && issued.session_token.is_none() {
        return form_once::redirect_to(&location, None);
    }
    let secrets = OneTimeSecrets {
        access_code: issued.access_code.clone(),
        session_token: issued
            .session_token
            .as_ref()
            .zip(issued.inquiry.as_ref())
            .map(|((token, _), inquiry)| {
                let flow_url = crate::links::session_tokens::handed_out_flow_url(
                    state,
                    &inquiry.provider_inquiry_id,
                    token,
                    issued.link.language,
                );
                (token.clone(), flow_url)
            }),
        access_link: None,
    };
    form_once::secret_redirect(state, reader, &location, &secrets)
}

/// Sends the form back with what went wrong, in words that stay true: after the provider
/// call, an inquiry may exist at the provider although nothing was saved here; the same
/// form, sent again, finds it instead of creating a second.
async fn issue_failed(
    state: &AppState,
    member: &TenantUser,
    form: SentForm<'_>,
    error: IssueError,
) -> Result<HttpResponse, AppError> {
    let (errors, status) = match error {
        IssueError::Invalid(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        IssueError::App(error) => {
            let status = actix_web::ResponseError::status_code(&error);
            if status.is_server_error() {
                log::warn!("issuing a link failed: {error}");
            }
            let general = match &error {
                AppError::ServiceUnavailable(_) => PROVIDER_DID_NOT_ANSWER.to_owned(),
                AppError::Internal(_) => {
                    format!("{} {SENDING_AGAIN_IS_SAFE}", error.public_message())
                }
                other => other.public_message(),
            };
            let errors = FieldErrors {
                general: Some(general),
                ..FieldErrors::default()
            };
            (errors, status)
        }
    };
    let context = pages::new_link_context(state, member.scope()).await?;
    new_link_response(member, &context, form, (&errors, status))
}

const PROVIDER_DID_NOT_ANSWER: &str = "The verification provider did not answer in time \
     (or answered with an error). Nothing was saved here yet; submitting this form again \
     will not create a second inquiry.";
const SENDING_AGAIN_IS_SAFE: &str =
    "Submitting this form again is safe: it will not create a second link or inquiry.";

/// A provider past its deadline or rate limit: the same form works again soon, and the
/// answer says when.
fn with_retry_after(mut response: HttpResponse, retry_after: Option<u64>) -> HttpResponse {
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    }
    response
}

/// The link's page; `shown` is what it shows of one-time secrets.
pub async fn link_page(
    state: &AppState,
    member: &TenantUser,
    public_id: &str,
    shown: ShownSecrets<OneTimeSecrets>,
    flash: Option<Flash>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let data = pages::link_page_data(state, member.scope(), public_id).await?;
    let messages = outbox::for_link(state, member.scope(), data.link.id).await?;
    let timeline = maud::html! {
        (views::outbox::link_messages(&messages))
        (views::timeline::link_timeline(&data.events, &data.names))
    };
    let (session_token_key, access_link_key, access_code_key) = (
        form_once::new_form_key(state, member),
        form_once::new_form_key(state, member),
        form_once::new_form_key(state, member),
    );
    let ending = ending_of(&data);
    let content = views::link_detail::link_page(LinkDetailView {
        link: &data.link,
        template: data.template.as_ref(),
        url: &data.url,
        inquiries: &data.inquiries,
        csrf_token: &member.current.csrf_token,
        can_issue: member.role().can_issue(),
        secrets: &shown.secrets.unwrap_or_default(),
        not_shown: shown.not_shown,
        form_keys: LinkFormKeys {
            session_token: &session_token_key,
            access_link: &access_link_key,
            access_code: &access_code_key,
        },
        now: now(),
        timeline,
        rescue: data.rescue,
        ending,
    });
    Ok(page_response(
        member.current.viewer(),
        "Link",
        Nav::Links,
        flash,
        status,
        content,
    ))
}

#[derive(Deserialize)]
pub struct LinkPageQuery {
    /// The one-time secrets a form left for this page (their flash's handle).
    secret: Option<String>,
}

/// Who revoked or completed the link and when: its newest such event (the trail is newest
/// first); `None` for an open link, or when the event is older than the page's history.
fn ending_of(data: &pages::LinkPageData) -> Option<Ending> {
    let action = match data.link.state {
        LinkState::Revoked => "link.revoked",
        LinkState::Completed => "link.completed",
        _ => return None,
    };
    let event = data.events.iter().find(|event| event.action == action)?;
    Some(Ending {
        by: views::activity::actor_name(&data.names, &event.actor).to_owned(),
        at: event.created_at,
    })
}

pub async fn show_link(
    state: web::Data<AppState>,
    session: Session,
    member: TenantUser,
    path: web::Path<String>,
    query: web::Query<LinkPageQuery>,
) -> Result<HttpResponse, AppError> {
    let shown = form_once::take_secret(&state, &member, query.secret.as_deref()).await?;
    link_page(
        &state,
        &member,
        &path,
        shown,
        Flash::take(&session),
        StatusCode::OK,
    )
    .await
}
