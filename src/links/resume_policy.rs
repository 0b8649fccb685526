//! Before a resume: is this inquiry too old, or pinned to a template version that is no
//! longer the published one? The tenant policy decides: resume, reissue or refuse.

use crate::{
    db::now,
    domain::{StaleAction, TemplateId},
    entities::{inquiries, links, tenant_policies},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    templates,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Resume,
    Reissue,
    Refuse,
}

/// The provider's latest published version of a connected template, remembered on the
/// connection when it changed (the dashboard's stale-version panel reads it from there).
pub async fn latest_version(
    state: &AppState,
    scope: TenantScope,
    template_connection_id: i32,
) -> Result<Option<String>, AppError> {
    let db = &state.db.connection;
    let Some(connection) =
        repo::template_connections::find_by_id(db, scope, template_connection_id).await?
    else {
        return Ok(None);
    };
    let Ok(template_id) = TemplateId::parse(&connection.provider_template_id) else {
        return Ok(connection.current_version_id);
    };
    match templates::latest_version(&state.provider, &template_id).await {
        Ok(Some(version)) => {
            if connection.current_version_id.as_deref() != Some(version.as_str()) {
                repo::template_connections::set_current_version(
                    db,
                    connection.id,
                    version.as_str(),
                )
                .await?;
            }
            Ok(Some(version.as_str().to_owned()))
        }
        // Without an answer, judge by what we knew; the resume itself will tell if the
        // provider is down.
        Ok(None) | Err(_) => Ok(connection.current_version_id),
    }
}

/// Asks the provider for the template's latest version (falling back to the stored one),
/// then [`judge`]s. Used before a resume, and when an expired inquiry's link is extended.
pub async fn decide(
    state: &AppState,
    scope: TenantScope,
    link: Option<&links::Model>,
    inquiry: &inquiries::Model,
) -> Result<Decision, AppError> {
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    // Only a pinned inquiry can be on an outdated version: ask the provider for no other.
    let latest = match (link, &inquiry.template_version_id) {
        (Some(link), Some(_)) => latest_version(state, scope, link.template_connection_id).await?,
        _ => None,
    };
    Ok(judge(
        &policy,
        link.is_some(),
        inquiry,
        latest.as_deref(),
        now(),
    ))
}

/// What [`decide`] would say, from what the portal already knows (the template version
/// stored on the connection), without asking the provider: for showing on a page.
pub async fn preview(
    state: &AppState,
    scope: TenantScope,
    link: &links::Model,
    inquiry: &inquiries::Model,
) -> Result<Decision, AppError> {
    let db = &state.db.connection;
    let policy = repo::policies::get(db, scope).await?;
    let latest = repo::template_connections::find_by_id(db, scope, link.template_connection_id)
        .await?
        .and_then(|connection| connection.current_version_id);
    Ok(judge(&policy, true, inquiry, latest.as_deref(), now()))
}

/// The policy's answer for `inquiry` at `at`, given the template's latest version: resume
/// while it is young enough and on that version, else the policy's stale action (reissue
/// only for an inquiry with a link to move).
pub fn judge(
    policy: &tenant_policies::Model,
    has_link: bool,
    inquiry: &inquiries::Model,
    latest_version: Option<&str>,
    at: i64,
) -> Decision {
    let too_old = at - inquiry.created_at > policy.max_resume_age_seconds;
    let outdated = match (latest_version, inquiry.template_version_id.as_deref()) {
        (Some(latest), Some(pinned)) => latest != pinned,
        _ => false,
    };
    if !too_old && !outdated {
        return Decision::Resume;
    }
    match policy.stale_version_action {
        StaleAction::Reissue if has_link => Decision::Reissue,
        StaleAction::Refuse => Decision::Refuse,
        StaleAction::Reissue | StaleAction::Resume => Decision::Resume,
    }
}
