//! The signed-in user, loaded fresh on every request so that a role change, a disabled
//! account or a password change applies to every session at its next request.

use actix_session::{Session, SessionExt};
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::{
    db::now,
    domain::Role,
    entities::{memberships, tenants, users},
    error::AppError,
    repo::{self, TenantScope},
    state::AppState,
    views::TenantChoice,
};

pub const USER_ID: &str = "user_id";
pub const AUTH_VERSION: &str = "auth_version";
pub const AUTHENTICATED_AT: &str = "authenticated_at";
pub const CSRF: &str = "csrf";
/// The tenant the session works in (none for operators), and the version of the login's
/// membership there when it was chosen: a role change, disable or "end sessions" in that
/// tenant bumps the membership's version and ends this session.
pub const TENANT_ID: &str = "tenant_id";
pub const MEMBERSHIP_VERSION: &str = "membership_version";
/// Set at sign-in when a second factor is required and the user has none: every page but
/// enrolment sends them to enrol first.
pub const ENROL_REQUIRED: &str = "enrol_second_factor";

#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: users::Model,
    pub role: Role,
    pub tenant: Option<tenants::Model>,
    /// The tenants the login may switch to: its enabled memberships (none for operators).
    pub tenant_choices: Vec<TenantChoice>,
    pub csrf_token: String,
}

impl CurrentUser {
    /// The scope of the user's tenant; `None` for operators.
    pub fn tenant_scope(&self) -> Option<TenantScope> {
        match &self.tenant {
            Some(tenant) if !self.is_operator() => Some(TenantScope::new(tenant.id)),
            _ => None,
        }
    }

    /// What the signed-in shell shows of this user.
    pub fn viewer(&self) -> crate::views::Viewer<'_> {
        crate::views::Viewer {
            email: &self.user.email,
            role: self.role,
            tenant_name: self.tenant.as_ref().map(|tenant| tenant.name.as_str()),
            tenants: &self.tenant_choices,
            csrf_token: &self.csrf_token,
        }
    }

    pub fn public_id(&self) -> &str {
        &self.user.public_id
    }

    pub fn is_operator(&self) -> bool {
        self.role == Role::Operator
    }

    /// The audit trail's name for this user: their public id, never their email.
    pub fn actor(&self) -> String {
        format!("user:{}", self.user.public_id)
    }

    async fn load(state: &AppState, session: &Session, enrolling: bool) -> Result<Self, AppError> {
        let user_id = session.get::<i32>(USER_ID).ok().flatten();
        let version = session.get::<i32>(AUTH_VERSION).ok().flatten();
        let authenticated_at = session.get::<i64>(AUTHENTICATED_AT).ok().flatten();
        let csrf_token = session.get::<String>(CSRF).ok().flatten();
        let (Some(user_id), Some(version), Some(authenticated_at), Some(csrf_token)) =
            (user_id, version, authenticated_at, csrf_token)
        else {
            return Err(AppError::Unauthenticated);
        };
        if !enrolling && session.get::<bool>(ENROL_REQUIRED).ok().flatten() == Some(true) {
            return Err(AppError::SecondFactorEnrolmentRequired);
        }
        let absolute = state.settings.session_absolute_timeout.as_secs() as i64;
        if now() - authenticated_at > absolute {
            session.purge();
            return Err(AppError::Unauthenticated);
        }
        let db = &state.db.connection;
        let user = match repo::users::find_by_id(db, user_id).await? {
            Some(user) if !user.disabled && user.auth_version == version => user,
            _ => {
                session.purge();
                return Err(AppError::Unauthenticated);
            }
        };
        if user.role == Role::Operator {
            return Ok(Self {
                user,
                role: Role::Operator,
                tenant: None,
                tenant_choices: Vec::new(),
                csrf_token,
            });
        }
        let Some((membership, tenant, tenant_choices)) =
            active_membership(db, session, &user).await?
        else {
            session.purge();
            return Err(AppError::Unauthenticated);
        };
        Ok(Self {
            user,
            role: membership.role,
            tenant: Some(tenant),
            tenant_choices,
            csrf_token,
        })
    }
}

/// The session's tenant, while the login's membership there is enabled and unchanged
/// since the session chose it, with the tenants the login may switch to.
async fn active_membership(
    db: &sea_orm::DatabaseConnection,
    session: &Session,
    user: &users::Model,
) -> Result<Option<(memberships::Model, tenants::Model, Vec<TenantChoice>)>, AppError> {
    let tenant_id = session.get::<i32>(TENANT_ID).ok().flatten();
    let version = session.get::<i32>(MEMBERSHIP_VERSION).ok().flatten();
    let (Some(tenant_id), Some(version)) = (tenant_id, version) else {
        return Ok(None);
    };
    let enabled: Vec<_> = repo::memberships::of_login(db, user.id)
        .await?
        .into_iter()
        .filter(|(membership, _)| !membership.disabled)
        .collect();
    let choices = enabled
        .iter()
        .map(|(_, tenant)| TenantChoice {
            slug: tenant.slug.clone(),
            name: tenant.name.clone(),
            current: tenant.id == tenant_id,
        })
        .collect();
    Ok(enabled
        .into_iter()
        .find(|(membership, _)| {
            membership.tenant_id == tenant_id && membership.auth_version == version
        })
        .map(|(membership, tenant)| (membership, tenant, choices)))
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = req.get_session();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no state")))?;
            CurrentUser::load(&state, &session, false).await
        })
    }
}

/// A signed-in user on the pages that set up a second factor, which a user who must
/// enrol may reach (everything else sends them there).
#[derive(Clone, Debug)]
pub struct EnrollingUser(pub CurrentUser);

impl FromRequest for EnrollingUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = req.get_session();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no state")))?;
            Ok(EnrollingUser(
                CurrentUser::load(&state, &session, true).await?,
            ))
        })
    }
}

/// A member of a tenant (owner, issuer or viewer). Operators get 403.
#[derive(Clone, Debug)]
pub struct TenantUser {
    pub current: CurrentUser,
    pub tenant: tenants::Model,
}

impl TenantUser {
    pub fn scope(&self) -> TenantScope {
        TenantScope::new(self.tenant.id)
    }

    pub fn role(&self) -> Role {
        self.current.role
    }

    pub fn require_owner(&self) -> Result<(), AppError> {
        if self.role().is_owner() {
            Ok(())
        } else {
            log::warn!(
                "authorization denied: user {} (role {}) needs owner",
                self.current.public_id(),
                self.role()
            );
            Err(AppError::Forbidden)
        }
    }

    pub fn require_issuer(&self) -> Result<(), AppError> {
        if self.role().can_issue() {
            Ok(())
        } else {
            log::warn!(
                "authorization denied: user {} (role {}) needs issuer",
                self.current.public_id(),
                self.role()
            );
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequest for TenantUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let current = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let current = current.await?;
            match current.tenant.clone() {
                Some(tenant) if !current.is_operator() => Ok(TenantUser { current, tenant }),
                _ => Err(AppError::Forbidden),
            }
        })
    }
}

/// An operator. Tenant users get 403.
#[derive(Clone, Debug)]
pub struct OperatorUser(pub CurrentUser);

impl FromRequest for OperatorUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let current = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let current = current.await?;
            if current.is_operator() {
                Ok(OperatorUser(current))
            } else {
                log::warn!(
                    "authorization denied: user {} is not an operator",
                    current.public_id()
                );
                Err(AppError::Forbidden)
            }
        })
    }
}
