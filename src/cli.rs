//! The command line: `serve` (the default), `migrate`, and account set-up commands.
//! Passwords come from `PORTAL_PASSWORD` or standard input, never from argv.

use std::io::BufRead;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use crate::{
    accounts::{self, CreateError, NewTenantRequest},
    auth::{api_keys, PasswordHasher},
    config::Settings,
    db::Database,
    domain::{AllowedNetworks, ApiScopes, Role},
    provider::{ProviderClient, ProviderConfig},
    repo::{self, TenantScope},
    seed,
    startup::Application,
    templates::{self, ConnectRequest},
};

#[derive(Parser)]
#[command(
    name = "inquiry-portal",
    version,
    about = "Hands identity-verification inquiries to end users through links that never lose access."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the portal (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create an operator account (password from PORTAL_PASSWORD or stdin).
    CreateOperator {
        #[arg(long)]
        email: String,
    },
    /// Create a tenant and its owner (password from PORTAL_PASSWORD or stdin).
    CreateTenant {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin_email: String,
    },
    /// Connect a provider template to a tenant (the provider must be reachable: in sandbox
    /// mode, the portal must be running).
    ConnectTemplate {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        template_id: String,
        #[arg(long)]
        name: String,
        /// Default lifetime of links issued on it, in seconds (7 days when omitted).
        #[arg(long, default_value_t = 604_800)]
        default_expires_in_seconds: i64,
        /// Comma-separated prefill fields issuers may send (name-first,birthdate,…).
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "name-first,name-last,birthdate,email-address,phone-number"
        )]
        allowed_fields: Vec<String>,
    },
    /// Create a tenant API key and print it once.
    CreateApiKey {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        name: String,
        /// Comma-separated scopes (links:read,links:write,inquiries:read,tokens:write,
        /// webhooks:manage); every scope when omitted.
        #[arg(long)]
        scopes: Option<String>,
        /// Days until the key stops working; never when omitted.
        #[arg(long)]
        expires_in_days: Option<String>,
        /// Comma-separated CIDR blocks the key may be used from; anywhere when omitted.
        #[arg(long)]
        allowed_networks: Option<String>,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => {
            connect(&settings).await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::CreateOperator { email } => create_operator(&settings, &email).await,
        Command::ConnectTemplate {
            tenant,
            template_id,
            name,
            default_expires_in_seconds,
            allowed_fields,
        } => {
            let request = ConnectRequest {
                tenant_slug: &tenant,
                template_id: &template_id,
                name: &name,
                default_expires_in_seconds: &default_expires_in_seconds.to_string(),
                allowed_fields: &allowed_fields,
            };
            connect_template(&settings, request).await
        }
        Command::CreateApiKey {
            tenant,
            name,
            scopes,
            expires_in_days,
            allowed_networks,
        } => {
            let spec = key_spec(
                &name,
                scopes.as_deref(),
                expires_in_days.as_deref(),
                allowed_networks.as_deref(),
            )?;
            create_api_key(&settings, &tenant, &spec).await
        }
        Command::CreateTenant {
            slug,
            name,
            admin_email,
        } => {
            let request = NewTenantRequest {
                slug: &slug,
                name: &name,
                admin_email: &admin_email,
                admin_password: "",
            };
            create_tenant(&settings, request).await
        }
    }
}

async fn create_operator(settings: &Settings, email: &str) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    let password = read_password()?;
    let hasher = PasswordHasher::new()?;
    let user = accounts::create_user(
        &db,
        &hasher,
        "system:cli",
        None,
        email,
        Role::Operator,
        &password,
    )
    .await
    .map_err(|e| describe(e, |e| format!("{e:?}")))?;
    println!("Operator {} created ({}).", user.email, user.public_id);
    Ok(())
}

async fn connect_template(settings: &Settings, request: ConnectRequest<'_>) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    let provider = ProviderClient::new(ProviderConfig::from_settings(settings)?)?;
    let tenant = request.tenant_slug.to_owned();
    let connection = templates::connect(&db, &provider, "system:cli", request)
        .await
        .map_err(|e| describe(e, |e| format!("{e:?}")))?;
    println!(
        "Template {} connected to {tenant} as {} ({}).",
        connection.provider_template_id, connection.name, connection.public_id
    );
    Ok(())
}

/// The owner's password comes from `PORTAL_PASSWORD` or standard input, never argv.
async fn create_tenant(settings: &Settings, request: NewTenantRequest<'_>) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    let password = read_password()?;
    let hasher = PasswordHasher::new()?;
    let request = NewTenantRequest {
        admin_password: &password,
        ..request
    };
    let (tenant, owner) = accounts::create_tenant_with_owner(&db, &hasher, "system:cli", request)
        .await
        .map_err(|e| describe(e, |e| format!("{e:?}")))?;
    println!(
        "Tenant {} ({}) created with owner {}.",
        tenant.name, tenant.slug, owner.email
    );
    Ok(())
}

/// The key's flags, checked before anything is written (each error names its flag).
fn key_spec(
    name: &str,
    scopes: Option<&str>,
    expires_in_days: Option<&str>,
    allowed_networks: Option<&str>,
) -> anyhow::Result<api_keys::KeySpec> {
    fn flag(flag: &'static str) -> impl Fn(String) -> anyhow::Error {
        move |message| anyhow::anyhow!("--{flag}: {message}")
    }
    let name = api_keys::parse_key_name(name).map_err(flag("name"))?;
    let scopes = scopes
        .map(ApiScopes::parse_list)
        .transpose()
        .map_err(flag("scopes"))?;
    let expires_in_days = match expires_in_days {
        Some(days) => api_keys::parse_expiry_days(days)
            .and_then(|days| days.ok_or_else(|| "give a number of days".to_owned()))
            .map(Some)
            .map_err(flag("expires-in-days"))?,
        None => None,
    };
    let networks = AllowedNetworks::parse_list(allowed_networks.unwrap_or_default())
        .map_err(flag("allowed-networks"))?;
    Ok(api_keys::KeySpec {
        name,
        scopes,
        expires_in_days,
        networks,
    })
}

async fn create_api_key(
    settings: &Settings,
    tenant: &str,
    spec: &api_keys::KeySpec,
) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    let tenant = repo::tenants::find_by_slug(&db.connection, tenant)
        .await?
        .with_context(|| format!("no tenant with slug {tenant}"))?;
    let (key, secret) =
        api_keys::issue_scoped_key(&db, TenantScope::new(tenant.id), spec, "system:cli").await?;
    eprintln!(
        "API key {} ({}) created for {}. It is shown only this once:",
        key.name, key.public_id, tenant.slug
    );
    println!("{secret}");
    Ok(())
}

async fn connect(settings: &Settings) -> anyhow::Result<Database> {
    let db = Database::connect(&settings.database_url, settings.database_max_connections).await?;
    db.migrate().await?;
    Ok(db)
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let application = Application::build(settings.clone()).await?;
    let db = Database::connect(&settings.database_url, 2).await?;
    let hasher = PasswordHasher::new()?;
    let base = settings.public_url.clone();
    // Asked for only when the demo tenant is created, which happens in sandbox mode only.
    let demo_template = || async {
        let demo = crate::sandbox::ensure_demo_template(&db)
            .await
            .map_err(|error| anyhow::anyhow!("cannot seed the sandbox demo template: {error}"))?;
        Ok(seed::DemoTemplate {
            template_id: demo.template_id,
            version_id: demo.version_id,
        })
    };
    if let Some(first) = seed::first_run(&settings, &db, &hasher, demo_template).await? {
        println!();
        println!("  First run: accounts created. These passwords are shown only once.");
        println!();
        println!("  Operator      {base}/login");
        println!("                email:    {}", seed::OPERATOR_EMAIL);
        match &first.operator_password {
            Some(password) => println!("                password: {password}"),
            None => println!("                password: the one in PORTAL_PASSWORD"),
        }
        if let Some(password) = first.demo_owner_password {
            println!();
            println!("  Demo tenant   {base}/login");
            println!("                email:    {}", seed::DEMO_OWNER_EMAIL);
            println!("                password: {password}");
        }
        println!();
    }
    println!(
        "Inquiry Link Portal listening on {base} (bound to {})",
        settings.bind
    );
    application.run_until_stopped().await?;
    Ok(())
}

/// Reads a password from `PORTAL_PASSWORD`, else the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("PORTAL_PASSWORD") {
        if !password.is_empty() {
            return Ok(password);
        }
    }
    eprintln!("Password (from standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password given: set PORTAL_PASSWORD or pipe it on standard input");
    }
    Ok(password)
}

fn describe<E>(error: CreateError<E>, show: impl Fn(&E) -> String) -> anyhow::Error {
    match error {
        CreateError::Invalid(errors) => anyhow::anyhow!("invalid input: {}", show(&errors)),
        CreateError::App(error) => anyhow::anyhow!("{error}"),
    }
}
