//! Tenants, their users and their policy: creating tenants, operators and users (shared by
//! the CLI, the operator area, the owners' user management and the first-run seed), the
//! owners' team management, password changes and the tenant policy.

pub mod branding;
pub mod invitations;
pub mod logo;
pub mod password;
pub mod policy;
pub mod sso;
pub mod team;

use crate::{
    db::Database,
    domain::{Email, Password, Role, TenantName, TenantSlug},
    entities::{tenants, users},
    error::AppError,
    passwords::PasswordHasher,
    repo::{self, audit::AuditEntry, users::NewUser, TenantScope},
};

/// Raw input for a new tenant and its owner; each field may fail on its own.
pub struct NewTenantRequest<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub admin_email: &'a str,
    pub admin_password: &'a str,
}

#[derive(Debug, Default)]
pub struct NewTenantErrors {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
}

#[derive(Debug)]
pub enum CreateError<E> {
    Invalid(E),
    App(AppError),
}

impl<E> From<AppError> for CreateError<E> {
    fn from(error: AppError) -> Self {
        CreateError::App(error)
    }
}

impl<E> From<sea_orm::DbErr> for CreateError<E> {
    fn from(error: sea_orm::DbErr) -> Self {
        CreateError::App(error.into())
    }
}

pub async fn create_tenant_with_owner(
    db: &Database,
    hasher: &PasswordHasher,
    actor: &str,
    request: NewTenantRequest<'_>,
) -> Result<(tenants::Model, users::Model), CreateError<NewTenantErrors>> {
    let slug = TenantSlug::parse(request.slug);
    let name = TenantName::parse(request.name);
    let email = Email::parse(request.admin_email);
    let password = Password::parse(request.admin_password);
    let mut errors = NewTenantErrors {
        slug: slug.as_ref().err().cloned(),
        name: name.as_ref().err().cloned(),
        admin_email: email.as_ref().err().cloned(),
        admin_password: password.as_ref().err().cloned(),
    };
    let (Ok(slug), Ok(name), Ok(email), Ok(password)) = (slug, name, email, password) else {
        return Err(CreateError::Invalid(errors));
    };
    if repo::tenants::find_by_slug(&db.connection, slug.as_str())
        .await?
        .is_some()
    {
        errors.slug = Some("A tenant with this slug already exists.".into());
    }
    if repo::users::email_taken(&db.connection, &email).await? {
        errors.admin_email = Some("A user with this email already exists.".into());
    }
    if errors.slug.is_some() || errors.admin_email.is_some() {
        return Err(CreateError::Invalid(errors));
    }
    let password_hash = hasher.hash(&password).await?;
    let write = db.begin_write().await?;
    let tenant = repo::tenants::insert(&*write, &slug, &name).await?;
    let owner = repo::users::insert(
        &*write,
        NewUser {
            email: &email,
            password_hash,
            role: Role::Owner,
        },
    )
    .await?;
    team::add_member(
        &*write,
        TenantScope::new(tenant.id),
        &owner,
        Role::Owner,
        actor,
    )
    .await?;
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id: Some(tenant.id),
            actor,
            action: "tenant.created",
            subject: Some(&format!("user:{}", owner.public_id)),
            details: None,
        },
    )
    .await?;
    write.commit().await?;
    Ok((tenant, owner))
}

#[derive(Debug, Default)]
pub struct NewUserErrors {
    pub email: Option<String>,
    pub role: Option<String>,
    pub password: Option<String>,
}

/// Creates a login with a password and adds it to a tenant (`tenant_id`), or, with `None`
/// and `Role::Operator`, creates an operator: the operator's bootstrap (CLI, first-run
/// seed). Owners invite instead ([`invitations`]), which says nothing about other tenants.
pub async fn create_user(
    db: &Database,
    hasher: &PasswordHasher,
    actor: &str,
    tenant_id: Option<i32>,
    email: &str,
    role: Role,
    password: &str,
) -> Result<users::Model, CreateError<NewUserErrors>> {
    let email = Email::parse(email);
    let password = Password::parse(password);
    let mut errors = NewUserErrors {
        email: email.as_ref().err().cloned(),
        role: None,
        password: password.as_ref().err().cloned(),
    };
    let (Ok(email), Ok(password)) = (email, password) else {
        return Err(CreateError::Invalid(errors));
    };
    if repo::users::email_taken(&db.connection, &email).await? {
        errors.email = Some("A user with this email already exists.".into());
        return Err(CreateError::Invalid(errors));
    }
    let password_hash = hasher.hash(&password).await?;
    let write = db.begin_write().await?;
    let user = repo::users::insert(
        &*write,
        NewUser {
            email: &email,
            password_hash,
            role,
        },
    )
    .await?;
    if let Some(tenant_id) = tenant_id {
        team::add_member(&*write, TenantScope::new(tenant_id), &user, role, actor).await?;
    }
    repo::audit::record(
        &*write,
        AuditEntry {
            tenant_id,
            actor,
            action: "user.created",
            subject: Some(&format!("user:{}", user.public_id)),
            details: Some(serde_json::json!({ "role": role.as_str() })),
        },
    )
    .await?;
    write.commit().await?;
    Ok(user)
}

/// Every tenant with its number of users, for the operator's tenants page.
pub async fn tenant_summaries(
    db: &Database,
) -> Result<Vec<repo::tenants::TenantSummary>, AppError> {
    Ok(repo::tenants::list_with_user_counts(&db.connection).await?)
}
