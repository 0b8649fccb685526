//! Inquiry sessions and what hands them out: resume, one-time links and their redemption.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::{
    entities::{inquiries, sessions},
    error::SandboxError,
    expiry::apply_expiry_if_due,
    model::{status_of, InquiryStatus, MAX_INTERVAL_SECONDS, MAX_SESSIONS_PER_INQUIRY},
    store,
    templates::intervals_for,
    Effects,
};

/// Opens a new session whose expiry is the inquiry's current expiry (never extended later).
/// The 26th session of an inquiry is refused with 409: Persona's documented limit of 25.
pub async fn open_session(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: &inquiries::Model,
    now: i64,
) -> Result<(sessions::Model, String), SandboxError> {
    if store::count_sessions(conn, inquiry.id).await? >= MAX_SESSIONS_PER_INQUIRY {
        return Err(SandboxError::conflict(
            "Session limit reached",
            format!(
                "The inquiry already has {MAX_SESSIONS_PER_INQUIRY} sessions, the most an inquiry may have."
            ),
        ));
    }
    let expires_at = inquiry.expires_at.unwrap_or(now);
    let opened = store::insert_session(conn, inquiry.id, expires_at, now).await?;
    effects.sessions_created += 1;
    Ok(opened)
}

fn refuse_finished(
    inquiry: &inquiries::Model,
    action: &str,
) -> Result<InquiryStatus, SandboxError> {
    let status = status_of(inquiry)?;
    if status.is_finished() {
        return Err(SandboxError::conflict(
            "Inquiry is already finished",
            format!(
                "The inquiry is {}; a finished inquiry cannot be {action}.",
                status.as_str()
            ),
        ));
    }
    Ok(status)
}

/// `POST /inquiries/{id}/resume`: a new session token; an expired inquiry becomes pending,
/// timed from now by its after-resume interval. A created inquiry stays created.
pub async fn resume(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: inquiries::Model,
    now: i64,
) -> Result<(inquiries::Model, String), SandboxError> {
    let status = refuse_finished(&inquiry, "resumed")?;
    let inquiry = if status == InquiryStatus::Expired {
        let intervals = intervals_for(conn, &inquiry).await?;
        let mut active: inquiries::ActiveModel = inquiry.into();
        active.status = Set(InquiryStatus::Pending.as_str().into());
        active.expires_at = Set(Some(now.saturating_add(intervals.after_resume_seconds)));
        active.expired_at = Set(None);
        active.updated_at = Set(now);
        active.update(conn).await?
    } else {
        inquiry
    };
    let (_, token) = open_session(conn, effects, &inquiry, now).await?;
    effects.resumes += 1;
    Ok((inquiry, token))
}

/// Opens a session reserved for a one-time link and returns the link's code.
pub async fn mint_one_time_link(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: &inquiries::Model,
    expires_in_seconds: Option<i64>,
    now: i64,
) -> Result<String, SandboxError> {
    let (session, _) = open_session(conn, effects, inquiry, now).await?;
    let expires_at = match expires_in_seconds {
        Some(seconds) => session.expires_at.min(now.saturating_add(seconds)),
        None => session.expires_at,
    };
    Ok(store::insert_one_time_link(conn, inquiry.id, session.id, expires_at, now).await?)
}

/// `POST /inquiries/{id}/generate-one-time-link`: refused on expired inquiries (resume
/// first, as Persona says) and on finished ones.
pub async fn generate_one_time_link(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    inquiry: &inquiries::Model,
    expires_in_seconds: Option<i64>,
    now: i64,
) -> Result<String, SandboxError> {
    if refuse_finished(inquiry, "given a one-time link")? == InquiryStatus::Expired {
        return Err(SandboxError::conflict(
            "Inquiry is expired",
            "Resume the inquiry before generating a one-time link.",
        ));
    }
    if let Some(seconds) = expires_in_seconds {
        if !(0..=MAX_INTERVAL_SECONDS).contains(&seconds) {
            return Err(SandboxError::unprocessable(format!(
                "meta.expires-in-seconds must be between 0 and {MAX_INTERVAL_SECONDS}."
            )));
        }
    }
    mint_one_time_link(conn, effects, inquiry, expires_in_seconds, now).await
}

/// What a browser gets for a one-time link's code.
pub enum Redemption {
    /// The link was good: the browser keeps this session token from now on.
    Opened {
        /// The inquiry's public id.
        inquiry_id: String,
        token: String,
    },
    Unknown,
    AlreadyUsed,
    Expired,
    /// The inquiry is already finished, with this status.
    Finished(InquiryStatus),
}

pub async fn redeem_one_time_link(
    conn: &impl ConnectionTrait,
    effects: &mut Effects,
    code: &str,
    now: i64,
) -> Result<Redemption, SandboxError> {
    let Some(link) = store::find_one_time_link(conn, code).await? else {
        return Ok(Redemption::Unknown);
    };
    if link.used_at.is_some() {
        return Ok(Redemption::AlreadyUsed);
    }
    let Some(inquiry) = store::find_inquiry_by_id(conn, link.inquiry_id).await? else {
        return Ok(Redemption::Unknown);
    };
    let inquiry = apply_expiry_if_due(conn, effects, inquiry, now).await?;
    let status = status_of(&inquiry)?;
    if status.is_finished() {
        return Ok(Redemption::Finished(status));
    }
    let session = sessions::Entity::find_by_id(link.session_id)
        .one(conn)
        .await?;
    let session_alive = session
        .as_ref()
        .is_some_and(|session| session.expired_at.is_none() && session.expires_at >= now);
    if status == InquiryStatus::Expired || link.expires_at < now || !session_alive {
        return Ok(Redemption::Expired);
    }
    if !store::claim_one_time_link(conn, link.id, now).await? {
        return Ok(Redemption::AlreadyUsed);
    }
    // The session was opened when the link was minted, and its token was never handed
    // out; the redeeming browser gets a fresh one.
    let token = store::rotate_session_token(conn, link.session_id).await?;
    Ok(Redemption::Opened {
        inquiry_id: inquiry.public_id,
        token,
    })
}
