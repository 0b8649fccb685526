//! The owner's single sign-on settings (`/settings/sso`): every field checked, the
//! provider's discovery document fetched before anything is saved, the client secret
//! encrypted at rest and never shown back.

use url::Url;

use crate::{
    domain::{EmailDomain, FieldErrors, Role},
    error::AppError,
    repo::{self, audit::AuditEntry, sso::SsoFields, TenantScope},
    state::AppState,
};

const MAX_ISSUER_LEN: usize = 500;
const MAX_CLIENT_ID_LEN: usize = 255;
const MAX_SECRET_LEN: usize = 1000;
const MAX_DOMAINS: usize = 50;

/// What the form sends, unparsed. A blank secret keeps the stored one.
pub struct SsoInput<'a> {
    pub issuer_url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub allowed_domains: &'a str,
    pub default_role: &'a str,
    pub password_sign_in: bool,
}

/// What the page shows of the saved settings (never the secret).
pub struct SsoSettings {
    pub configured: bool,
    pub issuer_url: String,
    pub client_id: String,
    pub allowed_domains: String,
    pub default_role: Role,
    pub password_sign_in: bool,
    /// Where the provider sends people back: the owner registers it there.
    pub callback_url: String,
    /// Whether http issuers on private addresses are allowed here.
    pub allow_private: bool,
}

pub async fn settings(state: &AppState, scope: TenantScope) -> Result<SsoSettings, AppError> {
    let db = &state.db.connection;
    let row = repo::sso::find(db, scope).await?;
    let domains = repo::sso::domains(db, scope).await?;
    Ok(SsoSettings {
        configured: row.is_some(),
        issuer_url: row
            .as_ref()
            .map(|r| r.issuer_url.clone())
            .unwrap_or_default(),
        client_id: row
            .as_ref()
            .map(|r| r.client_id.clone())
            .unwrap_or_default(),
        allowed_domains: domains.join(", "),
        default_role: row.as_ref().map_or(Role::Viewer, |r| r.default_role),
        password_sign_in: row.as_ref().is_none_or(|r| r.password_sign_in),
        callback_url: super::callback_url(state),
        allow_private: state.settings.oidc_allow_private,
    })
}

struct Parsed {
    issuer_url: String,
    client_id: String,
    new_secret: Option<String>,
    domains: Vec<String>,
    default_role: Role,
}

fn parse_issuer(input: &str, allow_private: bool) -> Result<String, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("Enter your identity provider's issuer URL.".into());
    }
    if input.len() > MAX_ISSUER_LEN {
        return Err(format!(
            "The issuer URL is longer than {MAX_ISSUER_LEN} characters."
        ));
    }
    let url = Url::parse(input)
        .map_err(|_| "Enter a full URL, like https://login.example.com.".to_owned())?;
    let http_ok = allow_private && url.scheme() == "http";
    if url.scheme() != "https" && !http_ok {
        return Err("The issuer URL must start with https://.".into());
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err("The issuer URL must name a host, without a user name or password.".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("The issuer URL has no ?query or #fragment.".into());
    }
    Ok(input.to_owned())
}

fn parse(
    input: &SsoInput<'_>,
    has_secret: bool,
    allow_private: bool,
) -> Result<Parsed, FieldErrors> {
    let mut errors = FieldErrors::default();
    let issuer_url = parse_issuer(input.issuer_url, allow_private)
        .map_err(|m| errors.add("issuer_url", m))
        .ok();
    let client_id = input.client_id.trim();
    if client_id.is_empty()
        || client_id.len() > MAX_CLIENT_ID_LEN
        || client_id.chars().any(char::is_control)
    {
        errors.add(
            "client_id",
            "Enter the client ID your identity provider gave the portal.",
        );
    }
    let secret = input.client_secret.trim();
    if secret.is_empty() && !has_secret {
        errors.add(
            "client_secret",
            "Enter the client secret your identity provider gave the portal.",
        );
    } else if secret.len() > MAX_SECRET_LEN || secret.chars().any(char::is_control) {
        errors.add(
            "client_secret",
            "That is not a client secret the portal can use.",
        );
    }
    let domains = match EmailDomain::parse_list(input.allowed_domains) {
        Ok(list) if list.is_empty() => {
            errors.add(
                "allowed_domains",
                "Enter at least one email domain, like example.com.",
            );
            None
        }
        Ok(list) if list.len() > MAX_DOMAINS => {
            errors.add("allowed_domains", format!("At most {MAX_DOMAINS} domains."));
            None
        }
        Ok(list) => Some(list),
        Err(message) => {
            errors.add("allowed_domains", message);
            None
        }
    };
    let default_role = Role::parse_tenant_role(input.default_role)
        .map_err(|m| errors.add("default_role", m))
        .ok();
    match (issuer_url, domains, default_role) {
        (Some(issuer_url), Some(domains), Some(default_role)) if errors.is_empty() => Ok(Parsed {
            issuer_url,
            client_id: client_id.to_owned(),
            new_secret: (!secret.is_empty()).then(|| secret.to_owned()),
            domains: domains.iter().map(|d| d.as_str().to_owned()).collect(),
            default_role,
        }),
        _ => Err(errors),
    }
}

/// Checks the form, the domains (each leads to one tenant only) and the provider's
/// discovery document, then saves; `Err` holds what to show next to each field.
pub async fn save(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    input: SsoInput<'_>,
) -> Result<Result<(), FieldErrors>, AppError> {
    let db = &state.db.connection;
    let existing = repo::sso::find(db, scope).await?;
    let allow_private = state.settings.oidc_allow_private;
    let parsed = match parse(&input, existing.is_some(), allow_private) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err(errors)),
    };
    let taken = repo::sso::domains_of_others(db, scope, &parsed.domains).await?;
    if !taken.is_empty() {
        let mut errors = FieldErrors::default();
        let message = format!(
            "Another organisation on this portal already signs in with {}.",
            taken.join(", ")
        );
        errors.add("allowed_domains", message);
        return Ok(Err(errors));
    }
    if let Err(message) = super::discover(&super::http(state), &parsed.issuer_url).await {
        let mut errors = FieldErrors::default();
        errors.add("issuer_url", message);
        return Ok(Err(errors));
    }
    let existing_issuer = existing.as_ref().map(|row| row.issuer_url.clone());
    let stored_secret = match (&parsed.new_secret, existing) {
        (Some(secret), _) => state
            .cipher
            .encrypt(secret, &super::secret_context(scope.tenant_id()))
            .map_err(|e| AppError::internal(anyhow::anyhow!("encrypt sso secret: {e}")))?,
        (None, Some(row)) => row.client_secret,
        (None, None) => return Err(AppError::internal(anyhow::anyhow!("no sso secret"))),
    };
    let fields = SsoFields {
        issuer_url: &parsed.issuer_url,
        client_id: &parsed.client_id,
        client_secret: &stored_secret,
        default_role: parsed.default_role,
        password_sign_in: input.password_sign_in,
    };
    let new_provider = existing_issuer.as_deref() != Some(parsed.issuer_url.as_str());
    let write = state.db.begin_write().await?;
    repo::sso::save(&*write, scope, fields, &parsed.domains).await?;
    if new_provider {
        // Another provider names its people with other subjects: bind them afresh.
        repo::memberships::forget_sso_subjects(&*write, scope).await?;
    }
    let details = serde_json::json!({
        "issuer": parsed.issuer_url,
        "domains": parsed.domains,
        "default_role": parsed.default_role.as_str(),
        "password_sign_in": input.password_sign_in,
        "secret_changed": parsed.new_secret.is_some(),
    });
    audit(&*write, scope, actor, "sso.configured", Some(details)).await?;
    write.commit().await?;
    Ok(Ok(()))
}

/// Turns single sign-on off; accounts it made stay, with the password nobody knows.
pub async fn remove(state: &AppState, scope: TenantScope, actor: &str) -> Result<(), AppError> {
    let write = state.db.begin_write().await?;
    repo::sso::remove(&*write, scope).await?;
    audit(&*write, scope, actor, "sso.removed", None).await?;
    write.commit().await?;
    Ok(())
}

async fn audit(
    db: &impl sea_orm::ConnectionTrait,
    scope: TenantScope,
    actor: &str,
    action: &str,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    repo::audit::record(
        db,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: None,
            details,
        },
    )
    .await?;
    Ok(())
}
