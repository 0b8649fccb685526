//! Reminders before an emailed link expires (DESIGN 13.3): at the tenant policy's
//! `reminder_offsets_seconds` before expiry (default 48 h and 4 h), to the address the link
//! was emailed to. None after the link completed, was revoked or expired, none while the
//! person was in the flow within the last hour, none for a moment before the link existed,
//! and each offset at most once (a unique key on the outbox row), however many instances
//! run the job.

use std::collections::HashMap;

use crate::{
    db::now,
    domain::MessageKind,
    entities::{links, tenant_policies},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
};

use super::mail::{self, LinkMessage};

/// No reminder while the person was in the flow this recently.
pub const ACTIVE_WINDOW_SECONDS: i64 = 3600;
/// The longest offset considered (longer ones in a policy are ignored).
const MAX_OFFSET_SECONDS: i64 = 30 * 86_400;

/// The policy's offsets, in seconds, positive and at most 30 days.
pub fn offsets(policy: &tenant_policies::Model) -> Vec<i64> {
    policy
        .reminder_offsets_seconds
        .split(',')
        .filter_map(|raw| raw.trim().parse::<i64>().ok())
        .filter(|offset| (1..=MAX_OFFSET_SECONDS).contains(offset))
        .collect()
}

/// The offset whose reminder is due for `link` now, if any: of those whose moment has
/// come (and came after the link was issued), the one closest to expiry, so a job that was
/// down sends one reminder, not a burst.
pub fn due_offset(link: &links::Model, offsets: &[i64], at: i64) -> Option<i64> {
    if link
        .last_clicked_at
        .is_some_and(|clicked| clicked > at - ACTIVE_WINDOW_SECONDS)
    {
        return None;
    }
    offsets
        .iter()
        .copied()
        .filter(|offset| {
            let moment = link.expires_at - offset;
            moment <= at && moment > link.created_at
        })
        .min()
}

/// One pass of the reminder job (tests call it): queues the reminders due now; returns
/// how many it queued.
pub async fn queue_due(state: &AppState) -> Result<usize, AppError> {
    let db = &state.db.connection;
    let at = now();
    let candidates = repo::outbox::emailed_links_expiring(db, at, at + MAX_OFFSET_SECONDS).await?;
    let mut policies: HashMap<i32, Vec<i64>> = HashMap::new();
    let mut queued = 0;
    for link in candidates {
        let scope = TenantScope::new(link.tenant_id);
        if let std::collections::hash_map::Entry::Vacant(entry) = policies.entry(link.tenant_id) {
            entry.insert(offsets(&repo::policies::get(db, scope).await?));
        }
        let offsets = policies.get(&link.tenant_id).map_or(&[][..], Vec::as_slice);
        let Some(offset) = due_offset(&link, offsets, at) else {
            continue;
        };
        if remind(state, scope, &link, offset).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues the reminder for `offset`; false when it was queued before.
async fn remind(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    offset: i64,
) -> Result<bool, AppError> {
    let Some(to) = super::recovery::address_on_file(state, scope, link).await? else {
        return Ok(false);
    };
    let url = super::link_url_of(state, link)?;
    let prefill = mail::prefill_of(state, link)?;
    let write = state.db.begin_write().await?;
    let message = LinkMessage {
        link,
        kind: MessageKind::Reminder,
        to: &to,
        url: &url,
        expires_at: link.expires_at,
        first_name: mail::first_name(&prefill),
        dedupe_key: Some(format!("reminder:{}:{offset}", link.id)),
    };
    let queued = mail::queue(state, &*write, scope, "system:reminders", message).await?;
    write.commit().await?;
    Ok(queued.is_some())
}
