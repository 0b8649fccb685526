//! Invitations: an owner adds a person by email; the person accepts from the link in the
//! message. The owner's answer, the message and the audit trail are the same whether the
//! address is new, has a login in another tenant or is a member already, so inviting
//! reveals nothing about other tenants. Tokens are 192 random bits, stored as SHA-256,
//! single use, valid for [`INVITATION_LIFETIME_SECONDS`].
//!
//! Accepting: a new address sets its password (the usual rules) and becomes a login; an
//! address with a login must be signed in as that login, then the invitation adds a
//! membership. A member already keeps their membership and role.

use crate::{
    accounts::team,
    db::now,
    domain::{Email, Language, LinkToken, MessageKind, Password, Role},
    entities::{invitations, tenants, users},
    error::AppError,
    notifications::{
        compose::{compose, Facts},
        mask_email,
        outbox::{enqueue, Outgoing},
    },
    repo::{self, audit::AuditEntry, invitations::NewInvitation, users::NewUser, TenantScope},
    state::AppState,
};

/// Seven days: long enough for a colleague back from a week away, short enough that a
/// forgotten message in a mailbox stops working.
pub const INVITATION_LIFETIME_SECONDS: i64 = 7 * 86_400;

#[derive(Debug, Default)]
pub struct InviteErrors {
    pub email: Option<String>,
    pub role: Option<String>,
}

/// Who invites, to which tenant.
pub struct Inviter<'a> {
    pub tenant: &'a tenants::Model,
    pub actor: &'a str,
}

/// Invites `email` as `role`: writes the invitation, its message (through the outbox) and
/// the audit entry in one transaction. Input errors come back for the form; otherwise the
/// outcome is the same for every address.
pub async fn invite(
    state: &AppState,
    inviter: Inviter<'_>,
    email: &str,
    role: &str,
) -> Result<Result<(), InviteErrors>, AppError> {
    let email = Email::parse(email);
    let role = Role::parse_tenant_role(role);
    let (Ok(email), Ok(role)) = (&email, &role) else {
        return Ok(Err(InviteErrors {
            email: email.err(),
            role: role.err(),
        }));
    };
    let scope = TenantScope::new(inviter.tenant.id);
    let token = LinkToken::generate();
    let expires_at = now() + INVITATION_LIFETIME_SECONDS;
    let write = state.db.begin_write().await?;
    let invitation = repo::invitations::insert(
        &*write,
        scope,
        NewInvitation {
            email,
            role: *role,
            token_hash: token.hash(),
            invited_by: inviter.actor,
            expires_at,
        },
    )
    .await?;
    let url = invitation_url(&state.settings.public_url, &token);
    let brand = super::branding::brand_in(state, &*write, scope.tenant_id()).await?;
    let logo_url = brand
        .logo_path
        .as_ref()
        .map(|path| format!("{}{path}", state.settings.public_url));
    let content = compose(&Facts {
        kind: MessageKind::Invitation,
        brand: &brand,
        logo_url: logo_url.as_deref(),
        // Admins' pages are in English; so is the invitation to them.
        language: Language::default(),
        first_name: None,
        url: &url,
        expires_at,
    });
    let outgoing = Outgoing {
        link_id: None,
        kind: MessageKind::Invitation,
        dedupe_key: None,
        to: email.clone(),
        content,
    };
    enqueue(state, &*write, scope, outgoing).await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: inviter.actor,
            action: "user.invited",
            subject: Some(&format!("invitation:{}", invitation.public_id)),
            details: Some(serde_json::json!({
                "role": role.as_str(),
                "to": mask_email(email.as_str()),
            })),
        },
    )
    .await?;
    write.commit().await?;
    Ok(Ok(()))
}

pub fn invitation_url(public_url: &str, token: &LinkToken) -> String {
    format!("{public_url}/invitations/{}", token.expose())
}

/// The tenant's recent invitations, for the owner's page.
pub async fn recent(
    state: &AppState,
    scope: TenantScope,
) -> Result<Vec<invitations::Model>, AppError> {
    Ok(repo::invitations::recent(&state.db.connection, scope, 50).await?)
}

/// An invitation found by its token, and what accepting it takes.
pub struct Opened {
    pub invitation: invitations::Model,
    pub tenant: tenants::Model,
    /// The login the address has, if any: it must sign in to accept.
    pub login: Option<users::Model>,
}

/// Where an invitation token leads.
pub enum Lookup {
    Open(Box<Opened>),
    Used,
    Expired,
}

/// The invitation behind `token`; `None` for a token that never existed.
pub async fn open(state: &AppState, token: &str) -> Result<Option<Lookup>, AppError> {
    let Some(token) = LinkToken::parse(token) else {
        return Ok(None);
    };
    let db = &state.db.connection;
    let Some(invitation) = repo::invitations::find_by_token_hash(db, &token.hash()).await? else {
        return Ok(None);
    };
    if invitation.accepted_at.is_some() {
        return Ok(Some(Lookup::Used));
    }
    if invitation.expires_at <= now() {
        return Ok(Some(Lookup::Expired));
    }
    let Some(tenant) = repo::tenants::find_by_id(db, invitation.tenant_id).await? else {
        return Ok(None);
    };
    let login = match Email::parse(&invitation.email) {
        Ok(email) => repo::users::find_by_email(db, &email).await?,
        Err(_) => None,
    };
    Ok(Some(Lookup::Open(Box::new(Opened {
        invitation,
        tenant,
        login,
    }))))
}

/// Why an accept did not go through.
#[derive(Debug)]
pub enum Refusal {
    /// The token is unknown, used or expired (or was used a moment ago).
    Gone,
    /// The signed-in login is not the one invited, or none is signed in.
    WrongLogin,
    /// The address has a login: it must sign in to accept (no new password).
    SignInFirst,
    /// The new password breaks the rules (or the two differ).
    Password(String),
}

/// Accepts as the signed-in login `current`, which must be the invited address's login:
/// adds the membership (a member already keeps theirs). Returns the tenant to work in.
pub async fn accept_signed_in(
    state: &AppState,
    token: &str,
    current: &users::Model,
) -> Result<Result<tenants::Model, Refusal>, AppError> {
    let opened = match open(state, token).await? {
        Some(Lookup::Open(opened)) => opened,
        _ => return Ok(Err(Refusal::Gone)),
    };
    let is_invited = opened.login.as_ref().is_some_and(|l| l.id == current.id);
    if !is_invited || current.role == Role::Operator {
        return Ok(Err(Refusal::WrongLogin));
    }
    let write = state.db.begin_write().await?;
    if !repo::invitations::mark_accepted(&*write, opened.invitation.id, current.id).await? {
        return Ok(Err(Refusal::Gone));
    }
    join(&*write, &opened, current).await?;
    write.commit().await?;
    Ok(Ok(opened.tenant))
}

/// Accepts for an address without a login: creates the login with `password` and its
/// membership. Returns the new login and its tenant.
pub async fn accept_with_password(
    state: &AppState,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<Result<(users::Model, tenants::Model), Refusal>, AppError> {
    let opened = match open(state, token).await? {
        Some(Lookup::Open(opened)) => opened,
        _ => return Ok(Err(Refusal::Gone)),
    };
    if opened.login.is_some() {
        return Ok(Err(Refusal::SignInFirst));
    }
    let password = match Password::parse(password) {
        Ok(_) if password != confirm => {
            return Ok(Err(Refusal::Password("The two passwords differ.".into())))
        }
        Ok(password) => password,
        Err(message) => return Ok(Err(Refusal::Password(message))),
    };
    let email = Email::parse(&opened.invitation.email).map_err(AppError::BadRequest)?;
    let password_hash = state.password_hasher.hash(&password).await?;
    let write = state.db.begin_write().await?;
    if repo::users::email_taken(&*write, &email).await? {
        return Ok(Err(Refusal::SignInFirst));
    }
    let user = repo::users::insert(
        &*write,
        NewUser {
            email: &email,
            password_hash,
            role: opened.invitation.role,
        },
    )
    .await?;
    if !repo::invitations::mark_accepted(&*write, opened.invitation.id, user.id).await? {
        return Ok(Err(Refusal::Gone));
    }
    join(&*write, &opened, &user).await?;
    write.commit().await?;
    Ok(Ok((user, opened.tenant)))
}

/// The membership and the audit entry of an accepted invitation.
async fn join(
    db: &impl sea_orm::ConnectionTrait,
    opened: &Opened,
    user: &users::Model,
) -> Result<(), AppError> {
    let scope = TenantScope::new(opened.tenant.id);
    let actor = format!("user:{}", user.public_id);
    team::add_member(db, scope, user, opened.invitation.role, &actor).await?;
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor: &actor,
            action: "user.invitation_accepted",
            subject: Some(&format!("invitation:{}", opened.invitation.public_id)),
            details: None,
        },
    )
    .await?;
    Ok(())
}
