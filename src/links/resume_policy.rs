//! Before a resume: is this inquiry too old, or pinned to a template version that is no
//! longer the published one? The tenant policy decides: resume, reissue or refuse.

use crate::{
    db::now,
    domain::{StaleAction, TemplateId},
    entities::{inquiries, links},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    templates,
};

#[derive(Debug, PartialEq, Eq)]
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

pub async fn decide(
    state: &AppState,
    scope: TenantScope,
    link: Option<&links::Model>,
    inquiry: &inquiries::Model,
) -> Result<Decision, AppError> {
    let policy = repo::policies::get(&state.db.connection, scope).await?;
    let too_old = now() - inquiry.created_at > policy.max_resume_age_seconds;
    let outdated = match (link, inquiry.template_version_id.as_deref()) {
        (Some(link), Some(pinned)) => latest_version(state, scope, link.template_connection_id)
            .await?
            .is_some_and(|latest| latest != pinned),
        _ => false,
    };
    if !too_old && !outdated {
        return Ok(Decision::Resume);
    }
    Ok(match policy.stale_version_action {
        StaleAction::Reissue if link.is_some() => Decision::Reissue,
        StaleAction::Refuse => Decision::Refuse,
        StaleAction::Reissue | StaleAction::Resume => Decision::Resume,
    })
}
