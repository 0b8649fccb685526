//! Accounts made just in time by single sign-on: the first time someone from an allowed
//! domain signs in through their tenant's identity provider, they get an account with the
//! tenant's default role. Every such account is made here, and only here.

use sea_orm::ConnectionTrait;

use crate::{
    db::Database,
    domain::{random_token, Email, Password, Role},
    entities::{memberships, users},
    error::AppError,
    passwords::PasswordHasher,
    repo::{self, audit::AuditEntry, users::NewUser, TenantScope},
};

/// Makes the account of `email` in `tenant_id` with `role`, or returns the one that a
/// sign-in running at the same moment just made in that tenant.
///
/// The account gets a random password that nobody knows, so it can only sign in through
/// the identity provider until someone sets one through password recovery (which the
/// tenant may have switched off for everyone but owners).
pub async fn create_jit_user(
    db: &Database,
    hasher: &PasswordHasher,
    tenant_id: i32,
    person: (&Email, &str),
    role: Role,
) -> Result<users::Model, AppError> {
    let unknown =
        Password::parse(&random_token(32)).map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
    let password_hash = hasher.hash(&unknown).await?;
    let made = find_or_make(db, tenant_id, person, role, &password_hash).await;
    match made {
        // Two first sign-ins at the same moment (PostgreSQL runs them side by side): the
        // other made the account, so the unique email refused this one; it joins that one.
        Err(_)
            if repo::users::find_by_email(&db.connection, person.0)
                .await?
                .is_some() =>
        {
            find_or_make(db, tenant_id, person, role, &password_hash).await
        }
        other => other,
    }
}

async fn find_or_make(
    db: &Database,
    tenant_id: i32,
    (email, subject): (&Email, &str),
    role: Role,
    password_hash: &str,
) -> Result<users::Model, AppError> {
    let write = db.begin_write().await?;
    let scope = TenantScope::new(tenant_id);
    if let Some(existing) = repo::users::find_by_email(&*write, email).await? {
        let member = repo::memberships::find(&*write, scope, existing.id).await?;
        let same_person = match &member {
            Some(member) => bind_subject(&*write, scope, member, subject).await?,
            None => false,
        };
        write.commit().await?;
        return match (member, same_person) {
            (Some(_), true) => Ok(existing),
            _ => Err(AppError::Conflict(
                "This email belongs to another account on the portal.".into(),
            )),
        };
    }
    let user = repo::users::insert(
        &*write,
        NewUser {
            email,
            password_hash: password_hash.to_owned(),
            role,
        },
    )
    .await?;
    let member = super::team::add_member(&*write, scope, &user, role, "system:sso").await?;
    repo::memberships::bind_sso_subject(&*write, scope, member.id, subject).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(tenant_id),
            actor: "system:sso",
            action: "user.created",
            subject: Some(&format!("user:{}", user.public_id)),
            details: Some(serde_json::json!({ "role": role.as_str(), "via": "sso" })),
        },
    )
    .await?;
    write.commit().await?;
    Ok(user)
}

/// Whether `member` is the person `subject` at the identity provider: bound to it already,
/// or bound to it now by this first single sign-on.
pub async fn bind_subject(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    member: &memberships::Model,
    subject: &str,
) -> Result<bool, AppError> {
    if let Some(bound) = &member.sso_subject {
        return Ok(bound == subject);
    }
    if repo::memberships::bind_sso_subject(db, scope, member.id, subject).await? {
        return Ok(true);
    }
    // Another sign-in bound it a moment ago: it decides.
    let now_bound = repo::memberships::find(db, scope, member.user_id).await?;
    Ok(now_bound.and_then(|m| m.sso_subject).as_deref() == Some(subject))
}
