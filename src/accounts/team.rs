//! Owners manage their team: list, change roles, disable and enable, end sessions, each
//! acting on the member's membership in this tenant only (the login may work in other
//! tenants). The last active owner is protected, and nobody changes their own access.
//! [`add_member`] is the one way a login joins a tenant.

use sea_orm::ConnectionTrait;

use crate::{
    domain::Role,
    entities::{memberships, users},
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

pub use crate::repo::memberships::Member;

/// Adds `user` to the scope's tenant with `role`, in the caller's transaction, and
/// audits it (`member.added`). A login that is a member already keeps its membership and
/// role unchanged. Every way of joining a tenant goes through here: an accepted
/// invitation, a tenant's creation, the CLI, single sign-on's just-in-time accounts.
pub async fn add_member(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    user: &users::Model,
    role: Role,
    actor: &str,
) -> Result<memberships::Model, AppError> {
    let (membership, created) =
        repo::memberships::insert_if_absent(db, scope, user.id, role).await?;
    if created {
        repo::audit::record(
            db,
            AuditEntry {
                tenant_id: Some(scope.tenant_id()),
                actor,
                action: "member.added",
                subject: Some(&format!("user:{}", user.public_id)),
                details: Some(serde_json::json!({ "role": role.as_str() })),
            },
        )
        .await?;
    }
    Ok(membership)
}

pub async fn members(state: &AppState, scope: TenantScope) -> Result<Vec<Member>, AppError> {
    Ok(repo::memberships::list_in_tenant(&state.db.connection, scope).await?)
}

/// A member of the tenant by their login's public id; anyone else is simply not found.
pub async fn member(
    state: &AppState,
    scope: TenantScope,
    public_id: &str,
) -> Result<Member, AppError> {
    repo::memberships::find_by_public_id(&state.db.connection, scope, public_id)
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
    member: &Member,
    new_role: Role,
    disabled: bool,
) -> Result<Result<(), Refused>, AppError> {
    if member.user.id == changer.user_id {
        return Ok(Err(Refused(
            "You cannot change your own access; ask another owner.".into(),
        )));
    }
    let current = &member.membership;
    let removes_owner =
        current.role == Role::Owner && !current.disabled && (new_role != Role::Owner || disabled);
    if removes_owner {
        let owners = repo::memberships::count_owners(&state.db.connection, changer.scope).await?;
        if owners <= 1 {
            return Ok(Err(Refused(
                "A tenant needs at least one active owner.".into(),
            )));
        }
    }
    Ok(Ok(()))
}

/// Sets a member's role here (or keeps it, with `None`) and whether they are disabled
/// here, and writes `action` to the audit trail. Their sessions in this tenant end, so it
/// applies at once; their other tenants are untouched.
pub async fn change_access(
    state: &AppState,
    changer: &Changer,
    member: &Member,
    new_role: Option<Role>,
    disabled: bool,
    action: &str,
) -> Result<Result<(), Refused>, AppError> {
    let role = new_role.unwrap_or(member.membership.role);
    if let Err(refused) = guard_change(state, changer, member, role, disabled).await? {
        return Ok(Err(refused));
    }
    let db = &state.db.connection;
    repo::memberships::update_access(db, changer.scope, member.membership.id, role, disabled)
        .await?;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(changer.scope.tenant_id()),
            actor: &changer.actor,
            action,
            subject: Some(&format!("user:{}", member.user.public_id)),
            details: Some(serde_json::json!({ "role": role.as_str(), "disabled": disabled })),
        },
    )
    .await?;
    Ok(Ok(()))
}

/// Ends every session of a member in this tenant, on every instance.
pub async fn end_sessions(
    state: &AppState,
    changer: &Changer,
    member: &Member,
) -> Result<(), AppError> {
    let db = &state.db.connection;
    repo::memberships::end_sessions(db, changer.scope, member.membership.id).await?;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(changer.scope.tenant_id()),
            actor: &changer.actor,
            action: "user.sessions_ended",
            subject: Some(&format!("user:{}", member.user.public_id)),
            details: None,
        },
    )
    .await?;
    Ok(())
}
