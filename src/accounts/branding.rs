//! A tenant's brand: what its end users see instead of the portal (name, logo, accent
//! colour, support contact). Owners set it; every end-user page and email reads it from
//! the brand cache.

use std::sync::Arc;

use sea_orm::ConnectionTrait;

use crate::{
    domain::{AccentColour, Brand, FieldErrors, SupportContact, TenantName},
    entities::tenant_brands,
    error::AppError,
    repo::{self, audit::AuditEntry, brands::BrandFields, TenantScope},
    state::AppState,
};

use super::logo;

/// The longest display name: it must fit beside the logo on a phone.
const MAX_DISPLAY_NAME_CHARS: usize = 80;

/// What the branding form sends, unparsed.
pub struct BrandInput<'a> {
    pub display_name: &'a str,
    pub accent_colour: &'a str,
    pub support_contact: &'a str,
}

/// The branding page's view of a tenant's brand.
pub struct BrandSettings {
    pub tenant_name: String,
    pub display_name: String,
    pub accent_colour: String,
    pub support_contact: String,
    pub logo_path: Option<String>,
}

/// The brand of `tenant_id` for an end-user page or an email, from memory when it can.
pub async fn brand_for(state: &AppState, tenant_id: i32) -> Result<Arc<Brand>, AppError> {
    brand_in(state, &state.db.connection, tenant_id).await
}

/// [`brand_for`], read through `db` on a miss: an email composed inside a transaction
/// reads what that transaction sees.
pub async fn brand_in(
    state: &AppState,
    db: &impl ConnectionTrait,
    tenant_id: i32,
) -> Result<Arc<Brand>, AppError> {
    if let Some(brand) = state.brands.get(tenant_id) {
        return Ok(brand);
    }
    let tenant = repo::tenants::find_by_id(db, tenant_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = repo::brands::find_without_logo(db, TenantScope::new(tenant_id)).await?;
    let brand = Arc::new(brand_of(&tenant.name, &tenant.slug, row.as_ref()));
    state.brands.insert(tenant_id, brand.clone());
    Ok(brand)
}

/// Stored values were checked when saved; one that no longer parses is left out.
fn brand_of(tenant_name: &str, slug: &str, row: Option<&tenant_brands::Model>) -> Brand {
    let Some(row) = row else {
        return Brand::plain(tenant_name);
    };
    let support = row
        .support_email
        .as_deref()
        .or(row.support_url.as_deref())
        .and_then(|contact| SupportContact::parse(contact).ok());
    Brand {
        name: row
            .display_name
            .clone()
            .unwrap_or_else(|| tenant_name.to_owned()),
        accent: row
            .accent_colour
            .as_deref()
            .and_then(|colour| AccentColour::parse(colour).ok()),
        support,
        logo_path: row
            .logo_digest
            .as_deref()
            .map(|digest| logo_path(slug, digest)),
    }
}

/// Where a logo is served; the digest changes with the logo, so it may be cached for good.
pub fn logo_path(slug: &str, digest: &str) -> String {
    format!("/brand/{slug}/logo/{digest}.png")
}

pub async fn settings(state: &AppState, scope: TenantScope) -> Result<BrandSettings, AppError> {
    let db = &state.db.connection;
    let tenant = repo::tenants::find_by_id(db, scope.tenant_id())
        .await?
        .ok_or(AppError::NotFound)?;
    let row = repo::brands::find_without_logo(db, scope).await?;
    let row = row.as_ref();
    let text = |value: Option<&Option<String>>| value.and_then(Clone::clone).unwrap_or_default();
    Ok(BrandSettings {
        display_name: text(row.map(|r| &r.display_name)),
        accent_colour: text(row.map(|r| &r.accent_colour)),
        support_contact: row
            .and_then(|r| r.support_email.clone().or_else(|| r.support_url.clone()))
            .unwrap_or_default(),
        logo_path: row
            .and_then(|r| r.logo_digest.as_deref())
            .map(|digest| logo_path(&tenant.slug, digest)),
        tenant_name: tenant.name,
    })
}

/// Checks every field of the form; blank fields mean "use the default".
fn parse(input: &BrandInput<'_>) -> Result<ParsedBrand, FieldErrors> {
    let mut errors = FieldErrors::default();
    let display_name = match input.display_name.trim() {
        "" => None,
        name => match TenantName::parse(name) {
            Ok(name) if name.as_str().chars().count() <= MAX_DISPLAY_NAME_CHARS => Some(name),
            Ok(_) => {
                errors.add(
                    "display_name",
                    format!("A display name has at most {MAX_DISPLAY_NAME_CHARS} characters."),
                );
                None
            }
            Err(message) => {
                errors.add("display_name", message);
                None
            }
        },
    };
    let accent = match input.accent_colour.trim() {
        "" => None,
        colour => AccentColour::parse(colour)
            .map_err(|message| errors.add("accent_colour", message))
            .ok(),
    };
    let support = match input.support_contact.trim() {
        "" => None,
        contact => SupportContact::parse(contact)
            .map_err(|message| errors.add("support_contact", message))
            .ok(),
    };
    if errors.is_empty() {
        Ok(ParsedBrand {
            display_name: display_name.map(|name| name.as_str().to_owned()),
            accent: accent.map(|colour| colour.to_string()),
            support,
        })
    } else {
        Err(errors)
    }
}

struct ParsedBrand {
    display_name: Option<String>,
    accent: Option<String>,
    support: Option<SupportContact>,
}

/// Saves the brand's name, colour and contact; `Ok(Err(errors))` when the form has mistakes
/// (nothing is saved then).
pub async fn save(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    input: BrandInput<'_>,
) -> Result<Result<(), FieldErrors>, AppError> {
    let parsed = match parse(&input) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err(errors)),
    };
    let (support_email, support_url) = match &parsed.support {
        Some(SupportContact::Email(email)) => (Some(email.as_str()), None),
        Some(SupportContact::Url(url)) => (None, Some(url.as_str())),
        None => (None, None),
    };
    let fields = BrandFields {
        display_name: parsed.display_name.as_deref(),
        accent_colour: parsed.accent.as_deref(),
        support_email,
        support_url,
    };
    repo::brands::save_fields(&state.db.connection, scope, fields).await?;
    state.forget_brand(scope.tenant_id()).await;
    record(state, scope, actor, "branding.changed").await?;
    Ok(Ok(()))
}

/// Replaces the logo with the re-encoded upload; `Ok(Err(message))` for a file that is not
/// a usable PNG or JPEG up to 200 KB (nothing changes then).
pub async fn replace_logo(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    upload: &[u8],
) -> Result<Result<(), String>, AppError> {
    let bytes = upload.to_vec();
    // Decoding is CPU work; it runs off the request threads.
    let encoded = tokio::task::spawn_blocking(move || logo::reencode(&bytes))
        .await
        .map_err(|error| {
            AppError::Internal(anyhow::Error::new(error).context("logo re-encoding"))
        })?;
    let logo = match encoded {
        Ok(logo) => logo,
        Err(message) => return Ok(Err(message)),
    };
    repo::brands::save_logo(&state.db.connection, scope, Some((logo.png, logo.digest))).await?;
    state.forget_brand(scope.tenant_id()).await;
    record(state, scope, actor, "branding.logo_changed").await?;
    Ok(Ok(()))
}

pub async fn remove_logo(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
) -> Result<(), AppError> {
    repo::brands::save_logo(&state.db.connection, scope, None).await?;
    state.forget_brand(scope.tenant_id()).await;
    record(state, scope, actor, "branding.logo_removed").await
}

/// The logo of the tenant `slug` named by `digest`, for end users' browsers.
pub async fn logo_png(
    state: &AppState,
    slug: &str,
    digest: &str,
) -> Result<Option<Vec<u8>>, AppError> {
    let db = &state.db.connection;
    let Some(tenant) = repo::tenants::find_by_slug(db, slug).await? else {
        return Ok(None);
    };
    Ok(repo::brands::logo(db, TenantScope::new(tenant.id), digest).await?)
}

async fn record(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    action: &str,
) -> Result<(), AppError> {
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action,
            subject: None,
            details: None,
        },
    )
    .await?;
    Ok(())
}
