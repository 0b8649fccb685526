//! First run: an operator, and in sandbox mode a demo tenant with its owner, so a
//! newcomer can sign in straight after `cargo run --release`.

use std::future::Future;

use crate::{
    accounts::{self, CreateError, NewTenantRequest},
    auth::PasswordHasher,
    config::Settings,
    db::Database,
    domain::{random_token, PrefillField, Role},
    entities::tenants,
    repo::{self, template_connections::NewConnection},
    templates,
};

pub const OPERATOR_EMAIL: &str = "admin@localhost";
pub const DEMO_OWNER_EMAIL: &str = "owner@demo.localhost";

/// The provider template the demo tenant starts with: in sandbox mode, the sandbox's own
/// demo template, which the caller asks the sandbox for (this module knows no provider).
#[derive(Clone, Debug)]
pub struct DemoTemplate {
    pub template_id: String,
    pub version_id: String,
}

/// What was created, with the passwords to print once.
pub struct FirstRun {
    /// A generated password; `None` when it came from `PORTAL_PASSWORD`: the operator
    /// chose it, and echoing it would only put it in the logs.
    pub operator_password: Option<String>,
    pub demo_owner_password: Option<String>,
}

/// Creates the first accounts when the database has no operator; `None` otherwise.
/// `demo_template` is called only when the demo tenant is created.
pub async fn first_run<F, Fut>(
    settings: &Settings,
    db: &Database,
    hasher: &PasswordHasher,
    demo_template: F,
) -> anyhow::Result<Option<FirstRun>>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = anyhow::Result<DemoTemplate>>,
{
    if repo::users::operator_exists(&db.connection).await? {
        return Ok(None);
    }
    let chosen = std::env::var("PORTAL_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    let (operator_password, generated) = match chosen {
        Some(password) => (password, None),
        None => {
            let password = random_token(15);
            (password.clone(), Some(password))
        }
    };
    accounts::create_user(
        db,
        hasher,
        "system:first-run",
        None,
        OPERATOR_EMAIL,
        Role::Operator,
        &operator_password,
    )
    .await
    .map_err(describe)?;
    let mut demo_owner_password = None;
    if settings.is_sandbox()
        && repo::tenants::find_by_slug(&db.connection, "demo")
            .await?
            .is_none()
    {
        let password = random_token(15);
        let (tenant, _) = accounts::create_tenant_with_owner(
            db,
            hasher,
            "system:first-run",
            NewTenantRequest {
                slug: "demo",
                name: "Demo Company",
                admin_email: DEMO_OWNER_EMAIL,
                admin_password: &password,
            },
        )
        .await
        .map_err(describe)?;
        connect_demo_template(db, &tenant, demo_template().await?).await?;
        demo_owner_password = Some(password);
    }
    Ok(Some(FirstRun {
        operator_password: generated,
        demo_owner_password,
    }))
}

/// The demo template, connected to the demo tenant, so a link can be issued at once.
async fn connect_demo_template(
    db: &Database,
    tenant: &tenants::Model,
    demo: DemoTemplate,
) -> anyhow::Result<()> {
    let fields: Vec<String> = PrefillField::DEFAULT_ALLOWED
        .iter()
        .map(|field| field.as_str().to_owned())
        .collect();
    templates::insert_connection(
        db,
        tenant,
        "system:first-run",
        NewConnection {
            provider_template_id: &demo.template_id,
            name: "Demo KYC",
            current_version_id: Some(&demo.version_id),
            default_expires_in_seconds: 7 * 24 * 60 * 60,
            allowed_fields: &fields,
        },
    )
    .await
    .map_err(|error| anyhow::anyhow!("cannot connect the demo template: {error}"))?;
    Ok(())
}

fn describe<E: std::fmt::Debug>(error: CreateError<E>) -> anyhow::Error {
    match error {
        CreateError::Invalid(errors) => anyhow::anyhow!("first-run account is invalid: {errors:?}"),
        CreateError::App(error) => anyhow::anyhow!("first-run setup failed: {error}"),
    }
}
