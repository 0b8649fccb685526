//! Static links' per-address throttle: every new visitor costs an inquiry at the provider,
//! so one address (IPv6: one /64) may start at most the tenant policy's
//! `static_inquiries_per_ip_per_hour` new inquiries per hour, across the tenant's static
//! links. Counted before the inquiry is created (atomically, in Redis when configured), so
//! concurrent visitors cannot slip past the limit; given back when nothing new was created.

use std::{net::IpAddr, time::Duration};

use crate::{error::AppError, net::address_group, repo::TenantScope, state::AppState};

const WINDOW: Duration = Duration::from_secs(3600);

/// One new inquiry counted against an address, to give back if none is created.
pub struct Counted {
    key: String,
}

/// Counts a new inquiry for `address`; over the limit, the seconds until the window ends.
pub async fn count_new_inquiry(
    state: &AppState,
    scope: TenantScope,
    address: IpAddr,
) -> Result<Result<Counted, u64>, AppError> {
    let policy = crate::repo::policies::get(&state.db.connection, scope).await?;
    let limit = u32::try_from(policy.static_inquiries_per_ip_per_hour).unwrap_or(0);
    let key = format!(
        "static-inquiries:{}:{}",
        scope.tenant_id(),
        address_group(address)
    );
    match state.static_visit_limiter.check(&key, limit, WINDOW).await {
        Ok(()) => Ok(Ok(Counted { key })),
        Err(AppError::TooManyRequests {
            retry_after_seconds,
        }) => Ok(Err(retry_after_seconds)),
        Err(other) => Err(other),
    }
}

/// Takes the count back: the provider failed, or a repeat found the inquiry already made.
pub async fn give_back(state: &AppState, counted: Counted) {
    state.static_visit_limiter.give_back(&counted.key).await;
}
