//! Owners manage their team: list, change roles, disable and enable, end sessions. The last
//! active owner is protected, and nobody changes their own access.

use crate::{
    domain::Role,
    entities::users,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

pub async fn members(state: &AppState, scope: TenantScope) -> Result<Vec<users::Model>, AppError> {
    Ok(repo::users::list_in_tenant(&state.db.connection, scope).await?)
}

/// A user of the tenant; another tenant's id is simply not found.
pub async fn member(
    state: &AppState,
    scope: TenantScope,
    public_id: &str,
) -> Result<users::Model, AppError> {
    repo::users::find_in_tenant(&state.db.connection, scope, public_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Who asks for a change to someone's access.
pub struct Changer {
    pub scope: TenantScope,
    pub user_id: i32,
    pub actor: String,
}

/// A change the tenant's rules refuse, in words for the owner.
pub struct Refused(pub String);

/// Refuses changes that would leave the tenant without an active owner, or lock out oneself.
async fn guard_change(
    state: &AppState,
    changer: &Changer,
    member: &users::Model,
    new_role: Role,
    disabled: bool,
) -> Result<Result<(), Refused>, AppError> {
    if member.id == changer.user_id {
        return Ok(Err(Refused(
            "You cannot change your own access; ask another owner.".into(),
        )));
    }
    let removes_owner =
        member.role == Role::Owner && !member.disabled && (new_role != Role::Owner || disabled);
    if removes_owner {
        let owners = repo::users::count_owners(&state.db.connection, changer.scope).await?;
        if owners <= 1 {
            return Ok(Err(Refused(
                "A tenant needs at least one active owner.".into(),
            )));
        }
    }
    Ok(Ok(()))
}

/// Sets a member's role (or keeps it, with `None`) and whether they are disabled, and
/// writes `action` to the audit trail. Every session of theirs ends, so it applies at once.
pub async fn change_access(
    state: &AppState,
    changer: &Changer,
    member: &users::Model,
    new_role: Option<Role>,
    disabled: bool,
    action: &str,
) -> Result<Result<(), Refused>, AppError> {
    let role = new_role.unwrap_or(member.role);
    if let Err(refused) = guard_change(state, changer, member, role, disabled).await? {
        return Ok(Err(refused));
    }
    let db = &state.db.connection;
    repo::users::update_access(db, changer.scope, member.id, role, disabled).await?;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(changer.scope.tenant_id()),
            actor: &changer.actor,
            action,
            subject: Some(&format!("user:{}", member.public_id)),
            details: Some(serde_json::json!({ "role": role.as_str(), "disabled": disabled })),
        },
    )
    .await?;
    Ok(Ok(()))
}

/// Ends every session of a member, on every instance.
pub async fn end_sessions(
    state: &AppState,
    changer: &Changer,
    member: &users::Model,
) -> Result<(), AppError> {
    let db = &state.db.connection;
    repo::users::end_all_sessions(db, changer.scope, member.id).await?;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(changer.scope.tenant_id()),
            actor: &changer.actor,
            action: "user.sessions_ended",
            subject: Some(&format!("user:{}", member.public_id)),
            details: None,
        },
    )
    .await?;
    Ok(())
}
