//! Persona's embedded flow, `GET /sandbox/widget`: what the official JavaScript SDK (the
//! `persona` npm package) loads in its iframe when an app gives it `host` pointing at the
//! sandbox (`<portal host>/sandbox`). The SDK's query parameters: `inquiry-id` and
//! `session-token` load an inquiry; `inquiry-template-id` (or
//! `inquiry-template-version-id`), `reference-id` and `fields[…]` create one;
//! `iframe-origin` and `container-id` address the messages (see `embedding`). `language`
//! chooses the pages' language like the hosted flow's (English, German, French, Spanish;
//! otherwise the browser's `Accept-Language`) and is carried through the forms.
//! `environment-id`, `client-version`, `flow-type` and the SDK's styling parameters are
//! accepted and ignored.
//!
//! The rules are the hosted flow's: a created inquiry opens with its id, a pending one only
//! with a valid session token, and the flow keeps going with that token's own session (one
//! token, one session: starting the inquiry opens no second one). What differs is where the
//! token lives. The hosted flow keeps it in a cookie; a framed page on another site often
//! gets no cookies at all, so the widget carries the token in its forms, like Persona's flow
//! keeps it in the page, and answers each form post with the next step itself rather than a
//! redirect, which would put the token back into an address.
//!
//! Errors reach the app as an `error` message (`onError`), never as silence: an expired or
//! missing token is `unauthenticated`, unknown ids are `invalid_config`.

pub mod embedding;
pub mod refusal;
pub mod steps;
pub mod views;

use actix_web::{
    http::{header, StatusCode},
    web, HttpRequest, HttpResponse,
};
use serde_json::{json, Value};

use crate::{db::now, domain::PublicId, error::AppError};

use super::{
    api::inquiries::check_reference_id,
    entities::inquiries,
    expiry,
    hosted::{self, views::DetailInput},
    lifecycle::{self, NewInquiry},
    model::{check_field_name, status_of, Fields, InquiryStatus},
    store, Effects, SandboxState,
};
use embedding::{EmbedPolicy, Embedding, EmbeddingRefused};
pub use refusal::Refusal;
use views::Talk;

/// Where the flow stands for this visitor: the page to show.
pub enum Shown {
    Details {
        inquiry_id: String,
        token: Option<String>,
        inputs: Vec<DetailInput>,
    },
    Document {
        inquiry_id: String,
        token: String,
    },
    /// The inquiry (for `complete`) and its status, read once.
    Finished(Box<inquiries::Model>, InquiryStatus),
}

/// The page for `shown` (or `refused`), with the widget's framing policy and the messages
/// this step posts: `announce` first, then an `error` when the flow cannot go on.
pub fn respond(
    policy: &EmbedPolicy,
    embedding: &Embedding,
    announce: Vec<Value>,
    outcome: Result<(StatusCode, Shown), Refusal>,
) -> HttpResponse {
    let mut messages = announce;
    let (status, markup) = match outcome {
        Ok((status, shown)) => {
            let (inquiry_id, token) = match &shown {
                Shown::Details {
                    inquiry_id, token, ..
                } => (Some(inquiry_id.as_str()), token.as_deref()),
                Shown::Document { inquiry_id, token } => {
                    (Some(inquiry_id.as_str()), Some(token.as_str()))
                }
                Shown::Finished(inquiry, _) => (Some(inquiry.public_id.as_str()), None),
            };
            let talk = Talk {
                embedding,
                messages,
                exit: exit_message(embedding, inquiry_id, token),
            };
            (status, render(&talk, &shown))
        }
        Err(refusal) => {
            messages.push(embedding.error(&refusal.error));
            let talk = Talk {
                embedding,
                messages,
                exit: exit_message(embedding, refusal.inquiry_id.as_deref(), None),
            };
            let markup =
                views::refused_page(&talk, refusal.http.as_u16(), refusal.title, &refusal.text);
            (refusal.http, markup)
        }
    };
    let mut response = hosted::page(status, markup);
    if let Some(policy) = policy.content_security_policy() {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

fn render(talk: &Talk<'_>, shown: &Shown) -> maud::Markup {
    match shown {
        Shown::Details {
            inquiry_id,
            token,
            inputs,
        } => views::details_page(talk, inquiry_id, token.as_deref(), inputs),
        Shown::Document { inquiry_id, token } => views::document_page(talk, inquiry_id, token),
        Shown::Finished(_, status) => views::finished_page(talk, *status),
    }
}

/// `exit` (the SDK's `onCancel`): the inquiry and the token to resume it with, when known.
fn exit_message(embedding: &Embedding, inquiry_id: Option<&str>, token: Option<&str>) -> Value {
    let mut metadata = json!({});
    if let Some(inquiry_id) = inquiry_id {
        metadata["inquiryId"] = json!(inquiry_id);
    }
    if let Some(token) = token {
        metadata["sessionToken"] = json!(token);
    }
    embedding.message("exit", metadata)
}

/// `complete` (the SDK's `onComplete`): the finished inquiry's id, status and fields.
pub fn complete_message(embedding: &Embedding, inquiry: &inquiries::Model) -> Value {
    embedding.message(
        "complete",
        json!({
            "inquiryId": inquiry.public_id,
            "status": inquiry.status,
            "fields": Fields::from_stored(&inquiry.fields).typed(),
        }),
    )
}

/// The answer when nobody may be talked to: no allowed `iframe-origin`, or parameters that
/// cannot be echoed. A plain 400 page under the portal's own policy, which frames nothing.
pub fn not_embedded(refused: EmbeddingRefused) -> HttpResponse {
    let message = match refused {
        EmbeddingRefused::Origin => {
            "This page is shown only inside an app that embeds the verification flow. The \
             portal's own origin and the origins listed in PORTAL_SANDBOX_EMBED_ORIGINS may."
                .to_owned()
        }
        EmbeddingRefused::Malformed(name) => format!("The parameter {name} is not a plain id."),
    };
    hosted::page(
        StatusCode::BAD_REQUEST,
        hosted::views::link_problem_page(400, "This flow cannot be embedded here", &message),
    )
}

/// The step an inquiry is at, for a visitor holding `token` (already checked to be live).
pub fn shown_for(inquiry: &inquiries::Model, token: Option<String>) -> Result<Shown, Refusal> {
    let inquiry_id = inquiry.public_id.clone();
    match status_of(inquiry)? {
        InquiryStatus::Created => {
            let fields = Fields::from_stored(&inquiry.fields);
            Ok(Shown::Details {
                inquiry_id,
                token,
                inputs: DetailInput::all(|name| fields.text(name)),
            })
        }
        InquiryStatus::Pending => match token {
            Some(token) => Ok(Shown::Document { inquiry_id, token }),
            None => Err(Refusal::session_expired(&inquiry_id)),
        },
        InquiryStatus::Expired => Err(Refusal::inquiry_expired(&inquiry_id)),
        finished => Ok(Shown::Finished(Box::new(inquiry.clone()), finished)),
    }
}

/// The frame's browser's language, when the app named none the sandbox speaks. Not the
/// hosted flow's language cookie: the widget holds no cookie.
pub fn browser_language(req: &HttpRequest) -> crate::domain::Language {
    let accepted = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    crate::domain::Language::from_accept_language(accepted)
}

/// `GET /sandbox/widget`: what the SDK's iframe loads first.
pub async fn open_widget(
    state: web::Data<SandboxState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let pairs = hosted::query_pairs(&req)?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .filter(|value| !value.is_empty())
    };
    let policy = &state.sandbox.embedding;
    let mut embedding = match Embedding::read(policy, get) {
        Ok(embedding) => embedding,
        Err(refused) => return Ok(not_embedded(refused)),
    };
    embedding
        .language
        .get_or_insert_with(|| browser_language(&req));
    let shown = if let Some(inquiry_id) = get("inquiry-id") {
        load(&state, &inquiry_id, get("session-token")).await
    } else if get("inquiry-template-id").is_some() || get("inquiry-template-version-id").is_some() {
        create(&state, &pairs).await
    } else {
        Err(Refusal::config(
            "Open the flow with an inquiry id, or with an inquiry template id to create one.",
        ))
    };
    let mut announce = vec![embedding.message("load", json!({}))];
    if shown.is_ok() {
        announce.push(embedding.message("ready", json!({})));
    }
    let outcome = shown.map(|shown| (StatusCode::OK, shown));
    Ok(respond(policy, &embedding, announce, outcome))
}

async fn load(
    state: &SandboxState,
    raw_inquiry_id: &str,
    token: Option<String>,
) -> Result<Shown, Refusal> {
    let inquiry_id = PublicId::parse("inq", raw_inquiry_id)
        .map(PublicId::into_string)
        .ok_or_else(Refusal::unknown_inquiry)?;
    let inquiry = expiry::read_inquiry(&state.db, &state.sandbox, &inquiry_id)
        .await?
        .ok_or_else(Refusal::unknown_inquiry)?;
    let token = match token {
        Some(token) => store::find_live_session(&state.db.connection, inquiry.id, &token, now())
            .await?
            .map(|_| token),
        None => None,
    };
    shown_for(&inquiry, token)
}

/// The SDK's `fields`: `fields[name]=value`, or the typed form's `fields[name][value]`.
fn prefill(pairs: &[(String, String)]) -> Result<serde_json::Map<String, Value>, Refusal> {
    let mut fields = serde_json::Map::new();
    for (key, value) in pairs {
        let Some(rest) = key.strip_prefix("fields[") else {
            continue;
        };
        let (name, part) = match rest.split_once(']') {
            Some((name, part)) => (name, part),
            None => return Err(Refusal::config(format!("“{key}” is not a field."))),
        };
        match part {
            "" | "[value]" => {}
            "[type]" => continue,
            _ => return Err(Refusal::config(format!("“{key}” is not a field."))),
        }
        check_field_name(name).map_err(Refusal::config)?;
        fields.insert(name.to_owned(), Value::String(value.clone()));
    }
    Ok(fields)
}

/// Opening the SDK with a template creates an inquiry, as Persona's does, each time.
async fn create(state: &SandboxState, pairs: &[(String, String)]) -> Result<Shown, Refusal> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .filter(|value| !value.is_empty())
    };
    let request = NewInquiry {
        template_id: get("inquiry-template-id"),
        version_id: get("inquiry-template-version-id"),
        reference_id: check_reference_id("reference-id", get("reference-id"))?,
        fields: Fields::from_request(&prefill(pairs)?)?,
        ..NewInquiry::default()
    };
    let write = state.db.begin_write().await?;
    let mut effects = Effects::default();
    let created = lifecycle::create_inquiry(&*write, &mut effects, request, now()).await?;
    write.commit().await?;
    state.sandbox.after_commit(effects);
    shown_for(&created.inquiry, None)
}
