//! The tenant policy form: parsing and bounds (owner-set values under the operator's ceiling).

use crate::{
    domain::{Lifetime, StaleAction},
    entities::tenant_policies,
};

use super::FieldErrors;

/// Raw form values by name.
pub fn parse_policy(
    current: &tenant_policies::Model,
    value: impl Fn(&str) -> String,
) -> Result<tenant_policies::Model, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut seconds = |name: &str, max: i64| -> i64 {
        match Lifetime::parse(&value(name)) {
            Ok(lifetime) if lifetime.seconds() <= max => lifetime.seconds(),
            Ok(_) => {
                errors.add(
                    name,
                    format!(
                        "At most {}.",
                        Lifetime::from_seconds(max)
                            .map(|l| l.to_string())
                            .unwrap_or_default()
                    ),
                );
                0
            }
            Err(message) => {
                errors.add(name, message);
                0
            }
        }
    };
    let ceiling = current.ceiling_link_seconds;
    let default_link_seconds = seconds("default_link_seconds", ceiling);
    let max_link_seconds = seconds("max_link_seconds", ceiling);
    let max_resume_age_seconds = seconds("max_resume_age_seconds", 365 * Lifetime::DAY);
    let min_token_remaining_seconds = seconds("min_token_remaining_seconds", Lifetime::DAY);
    let access_link_seconds = seconds("access_link_seconds", 7 * Lifetime::DAY);
    let mut count = |name: &str, max: i32| -> i32 {
        match value(name).trim().parse::<i32>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                errors.add(name, format!("A whole number from 1 to {max}."));
                0
            }
        }
    };
    let resumes_per_inquiry_per_hour = count("resumes_per_inquiry_per_hour", 1000);
    let access_links_per_inquiry_per_hour = count("access_links_per_inquiry_per_hour", 1000);
    let api_requests_per_minute = count("api_requests_per_minute", 100_000);
    let static_inquiries_per_ip_per_hour = count("static_inquiries_per_ip_per_hour", 100_000);
    let (reminder_offsets_seconds, self_service_extension_seconds) =
        notification_policy(&value, max_link_seconds, &mut errors);
    let stale_version_action = StaleAction::from_stored(&value("stale_version_action"));
    if stale_version_action.is_none() {
        errors.add("stale_version_action", "Choose resume, reissue or refuse.");
    }
    if errors.is_empty() && default_link_seconds > max_link_seconds {
        errors.add(
            "default_link_seconds",
            "The default lifetime cannot be longer than the maximum.",
        );
    }
    let Some(stale_version_action) = stale_version_action.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(tenant_policies::Model {
        tenant_id: current.tenant_id,
        default_link_seconds,
        max_link_seconds,
        ceiling_link_seconds: ceiling,
        max_resume_age_seconds,
        stale_version_action,
        min_token_remaining_seconds,
        access_link_seconds,
        resumes_per_inquiry_per_hour,
        access_links_per_inquiry_per_hour,
        api_requests_per_minute,
        static_inquiries_per_ip_per_hour,
        reminder_offsets_seconds,
        self_service_extension_seconds,
        updated_at: current.updated_at,
    })
}

/// The notification settings: reminder offsets and the self-service extension (0 when
/// empty: off; at most the maximum link lifetime).
fn notification_policy(
    value: &impl Fn(&str) -> String,
    max_link_seconds: i64,
    errors: &mut FieldErrors,
) -> (String, i64) {
    let offsets = reminder_offsets(&value("reminder_offsets_seconds"))
        .map_err(|message| errors.add("reminder_offsets_seconds", message))
        .unwrap_or_default();
    let raw = value("self_service_extension_seconds");
    let extension = match raw.trim().parse::<i64>() {
        Ok(n) if (0..=max_link_seconds.max(0)).contains(&n) => n,
        _ if raw.trim().is_empty() => 0,
        _ => {
            errors.add(
                "self_service_extension_seconds",
                "A whole number of seconds from 0 (off) up to the maximum link lifetime.",
            );
            0
        }
    };
    (offsets, extension)
}

/// Reminder offsets as typed: up to five whole numbers of seconds, each from 60 seconds to
/// 30 days, comma-separated; empty means no reminders. Stored largest first.
fn reminder_offsets(raw: &str) -> Result<String, String> {
    let message = "Up to five numbers of seconds (60 to 2592000), separated by commas.";
    let mut offsets = Vec::new();
    for part in raw
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        match part.parse::<i64>() {
            Ok(n) if (60..=30 * Lifetime::DAY).contains(&n) => offsets.push(n),
            _ => return Err(message.into()),
        }
    }
    if offsets.len() > 5 {
        return Err(message.into());
    }
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    offsets.dedup();
    Ok(offsets
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(","))
}

#[cfg(test)]
#[path = "../../tests/unit/links_policy.rs"]
mod tests;
