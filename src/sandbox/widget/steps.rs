//! The embedded flow's form posts: confirming the details (which starts the inquiry, on the
//! session of the token the app gave) and the simulated document step (which finishes it).
//! Each answers with the next step's page and the message that step sends the app.

use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::{db::now, error::AppError};

use super::{
    super::{
        hosted::{
            self,
            steps::{form_pairs, form_value, read_details},
        },
        lifecycle,
        model::{status_of, Fields, InquiryStatus},
        store, Effects, SandboxState,
    },
    complete_message,
    embedding::Embedding,
    not_embedded, respond, shown_for, Refusal, Shown,
};

/// What a step post carries: the inquiry, the embedding and the session token, if any.
struct Posted {
    inquiry_id: String,
    embedding: Embedding,
    token: Option<String>,
    pairs: Vec<(String, String)>,
}

/// The widget holds no cookie, so a forged post could only act with what it sends itself;
/// a cross-site post is refused all the same, as nothing legitimate sends one.
fn read_post(
    state: &SandboxState,
    req: &HttpRequest,
    path: &str,
    body: &[u8],
) -> Result<Result<Posted, HttpResponse>, AppError> {
    let cross_site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("cross-site"));
    if cross_site {
        return Err(AppError::CsrfRejected);
    }
    let inquiry_id = hosted::parse_inquiry_id(path)?;
    let pairs = form_pairs(body)?;
    let get = |name: &str| {
        form_value(&pairs, name)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    let mut embedding = match Embedding::read(&state.sandbox.embedding, get) {
        Ok(embedding) => embedding,
        Err(refused) => return Ok(Err(not_embedded(refused))),
    };
    embedding
        .language
        .get_or_insert_with(|| super::browser_language(req));
    let token = get("session-token");
    Ok(Ok(Posted {
        inquiry_id,
        embedding,
        token,
        pairs,
    }))
}

/// `POST /sandbox/widget/{inquiry_id}/details`: confirms the details and starts the
/// inquiry (`created` → `pending`) on the given token's session, or on a new one when the
/// app gave none; the app hears `start`.
pub async fn confirm_details(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let posted = match read_post(&state, &req, &path, &body)? {
        Ok(posted) => posted,
        Err(response) => return Ok(response),
    };
    let policy = &state.sandbox.embedding;
    let details = match read_details(&posted.pairs) {
        Ok(details) => details,
        Err(inputs) => {
            let shown = Shown::Details {
                inquiry_id: posted.inquiry_id,
                token: posted.token,
                inputs,
            };
            let outcome = Ok((StatusCode::UNPROCESSABLE_ENTITY, shown));
            return Ok(respond(policy, &posted.embedding, Vec::new(), outcome));
        }
    };
    let (announce, outcome) = match start(&state, &posted, details).await {
        Ok((started, shown)) => {
            let announce = started
                .then(|| {
                    let metadata = json!({"inquiryId": posted.inquiry_id});
                    posted.embedding.message("start", metadata)
                })
                .into_iter()
                .collect();
            (announce, Ok((StatusCode::OK, shown)))
        }
        Err(refusal) => (Vec::new(), Err(refusal)),
    };
    Ok(respond(policy, &posted.embedding, announce, outcome))
}

/// Starts the inquiry if it is still created; whether it did, and the page to show next.
async fn start(
    state: &SandboxState,
    posted: &Posted,
    details: Vec<(&'static str, String)>,
) -> Result<(bool, Shown), Refusal> {
    let now = now();
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let inquiry =
        lifecycle::load_for_update(&*write, &mut effects, &posted.inquiry_id, now).await?;
    let session = match &posted.token {
        Some(token) => store::find_live_session(&*write, inquiry.id, token, now).await?,
        None => None,
    };
    let live_token = session.as_ref().and(posted.token.clone());
    let outcome = match status_of(&inquiry)? {
        InquiryStatus::Created => {
            let mut fields = Fields::from_stored(&inquiry.fields);
            for (name, value) in details {
                if value.is_empty() {
                    fields.0.remove(name);
                } else {
                    fields.0.insert(name.to_owned(), Value::String(value));
                }
            }
            let (started, new_token) =
                lifecycle::start(&*write, &mut effects, inquiry, fields, session, now).await?;
            match new_token.or(live_token) {
                Some(token) => Ok((
                    true,
                    Shown::Document {
                        inquiry_id: started.public_id,
                        token,
                    },
                )),
                // `start` opens a session whenever the visitor had none.
                None => Err(Refusal::session_expired(&posted.inquiry_id)),
            }
        }
        // A second submit (reload, back button) from the visitor who started it: carry on.
        _ => shown_for(&inquiry, live_token).map(|shown| (false, shown)),
    };
    write.commit().await?;
    state.sandbox.after_commit(effects);
    outcome
}

/// `POST /sandbox/widget/{inquiry_id}/document`: the simulated document check, `outcome`
/// `pass` or `fail`, finishes the inquiry; the app hears `complete` with its status.
pub async fn submit_document(
    state: web::Data<SandboxState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let posted = match read_post(&state, &req, &path, &body)? {
        Ok(posted) => posted,
        Err(response) => return Ok(response),
    };
    let passed = match form_value(&posted.pairs, "outcome") {
        Some("pass") => true,
        Some("fail") => false,
        _ => {
            return Err(AppError::BadRequest(
                "Choose “Simulate pass” or “Simulate fail”.".into(),
            ))
        }
    };
    let (announce, outcome) = match finish(&state, &posted, passed).await {
        Ok((true, Shown::Finished(inquiry, status))) => (
            vec![complete_message(&posted.embedding, &inquiry)],
            Ok((StatusCode::OK, Shown::Finished(inquiry, status))),
        ),
        Ok((_, shown)) => (Vec::new(), Ok((StatusCode::OK, shown))),
        Err(refusal) => (Vec::new(), Err(refusal)),
    };
    Ok(respond(
        &state.sandbox.embedding,
        &posted.embedding,
        announce,
        outcome,
    ))
}

/// Finishes a pending inquiry for the visitor holding its session; whether this post
/// finished it, and the page to show next.
async fn finish(
    state: &SandboxState,
    posted: &Posted,
    passed: bool,
) -> Result<(bool, Shown), Refusal> {
    let now = now();
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let inquiry =
        lifecycle::load_for_update(&*write, &mut effects, &posted.inquiry_id, now).await?;
    let session = match &posted.token {
        Some(token) => store::find_live_session(&*write, inquiry.id, token, now).await?,
        None => None,
    };
    let live_token = session.and(posted.token.clone());
    let outcome = match (status_of(&inquiry)?, live_token) {
        (InquiryStatus::Pending, Some(_)) => {
            let finished = lifecycle::finish(&*write, &mut effects, inquiry, passed, now).await?;
            let status = status_of(&finished)?;
            Ok((true, Shown::Finished(Box::new(finished), status)))
        }
        (_, live_token) => shown_for(&inquiry, live_token).map(|shown| (false, shown)),
    };
    write.commit().await?;
    state.sandbox.after_commit(effects);
    outcome
}
