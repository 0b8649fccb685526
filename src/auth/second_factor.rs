//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, one step either side
//! accepted), each code good once, and ten one-time recovery codes stored hashed.

use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::{
    crypto::sha256_hex,
    db::now,
    domain::random_token,
    entities::users,
    error::AppError,
    repo::{self, audit::AuditEntry, TenantScope},
    state::AppState,
};

const STEP_SECONDS: u64 = 30;
const ISSUER: &str = "Inquiry Portal";
pub const RECOVERY_CODE_COUNT: usize = 10;

/// How the second step was passed (for the audit trail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    Totp,
    RecoveryCode,
}

impl Factor {
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Totp => "totp",
            Factor::RecoveryCode => "recovery_code",
        }
    }
}

/// A new random secret, base32 (160 bits).
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret: &str, account: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret)
        .map_err(|e| AppError::internal(anyhow::anyhow!("totp secret: {e:?}")))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|e| AppError::internal(anyhow::anyhow!("totp: {e:?}")))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn provisioning_uri(secret: &str, account: &str) -> Result<String, AppError> {
    totp(secret, account)?
        .to_url()
        .map_err(|e| AppError::internal(anyhow::anyhow!("totp url: {e:?}")))
}

/// The QR code of `uri`, as SVG.
pub fn qr_svg(uri: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(AppError::internal)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build())
}

/// The time step (of now, the one before or the one after) whose code is `code`.
pub fn matching_step(secret: &str, code: &str, at: u64) -> Result<Option<i64>, AppError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let totp = totp(secret, "check")?;
    let current = at / STEP_SECONDS;
    let mut found = None;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = totp.generate(step * STEP_SECONDS).to_string();
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            found = i64::try_from(step).ok();
        }
    }
    Ok(found)
}

fn unix_now() -> u64 {
    u64::try_from(now()).unwrap_or_default()
}

/// Ten new recovery codes (`xxxxx-xxxxx`) and their stored form.
fn recovery_codes() -> (Vec<String>, String) {
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let raw = random_token(10).to_lowercase();
            let raw: String = raw.chars().filter(char::is_ascii_alphanumeric).collect();
            let padded = format!("{raw:0<10}");
            format!("{}-{}", &padded[..5], &padded[5..10])
        })
        .collect();
    let hashes = codes
        .iter()
        .map(|code| sha256_hex(normalise_recovery(code)))
        .collect::<Vec<_>>()
        .join(" ");
    (codes, hashes)
}

fn normalise_recovery(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn cipher_context(user: &users::Model) -> String {
    format!("totp:{}", user.public_id)
}

async fn audit(
    state: &AppState,
    user: &users::Model,
    action: &str,
    details: Option<serde_json::Value>,
) -> Result<(), AppError> {
    repo::audit::record_for_login(
        &state.db.connection,
        user.id,
        AuditEntry {
            tenant_id: None,
            actor: &format!("user:{}", user.public_id),
            action,
            subject: Some(&format!("user:{}", user.public_id)),
            details,
        },
    )
    .await?;
    Ok(())
}

/// Confirms enrolment with a code of the new `secret`: stores it and returns the
/// recovery codes (to show once); `Err(message)` when the code does not match.
pub async fn enrol(
    state: &AppState,
    user: &users::Model,
    secret: &str,
    code: &str,
) -> Result<Result<Vec<String>, String>, AppError> {
    let Some(step) = matching_step(secret, code, unix_now())? else {
        return Ok(Err(
            "That code does not match. Enter the 6 digits your app shows now.".into(),
        ));
    };
    let encrypted = state
        .cipher
        .encrypt(secret, &cipher_context(user))
        .map_err(AppError::internal)?;
    let (codes, hashes) = recovery_codes();
    repo::second_factor::enable_totp(&state.db.connection, user.id, encrypted, step, hashes)
        .await?;
    audit(
        state,
        user,
        "second_factor.enrolled",
        Some(serde_json::json!({"factor": "totp"})),
    )
    .await?;
    Ok(Ok(codes))
}

/// Removes the user's second factor after checking a current code (or a recovery code).
pub async fn remove(state: &AppState, user: &users::Model, code: &str) -> Result<bool, AppError> {
    if verify(state, user, code).await?.is_none() {
        return Ok(false);
    }
    repo::second_factor::disable_totp(&state.db.connection, user.id).await?;
    audit(
        state,
        user,
        "second_factor.removed",
        Some(serde_json::json!({"factor": "totp"})),
    )
    .await?;
    Ok(true)
}

/// Checks a code for the enrolled user: a TOTP code of a step later than the last one
/// used, or an unused recovery code (which is then used up). `None`: refused.
pub async fn verify(
    state: &AppState,
    user: &users::Model,
    code: &str,
) -> Result<Option<Factor>, AppError> {
    let Some(encrypted) = &user.totp_secret else {
        return Ok(None);
    };
    let secret = state
        .cipher
        .decrypt(encrypted, &cipher_context(user))
        .map_err(AppError::internal)?;
    if let Some(step) = matching_step(&secret, code, unix_now())? {
        let fresh = repo::second_factor::advance_step(&state.db.connection, user.id, step).await?;
        return Ok(fresh.then_some(Factor::Totp));
    }
    use_recovery_code(state, user, code).await
}

async fn use_recovery_code(
    state: &AppState,
    user: &users::Model,
    code: &str,
) -> Result<Option<Factor>, AppError> {
    let Some(current) = &user.recovery_codes else {
        return Ok(None);
    };
    let presented = sha256_hex(normalise_recovery(code));
    let hashes: Vec<&str> = current.split_whitespace().collect();
    let matched = hashes
        .iter()
        .any(|hash| bool::from(hash.as_bytes().ct_eq(presented.as_bytes())));
    if !matched {
        return Ok(None);
    }
    let remaining: Vec<&str> = hashes.into_iter().filter(|h| *h != presented).collect();
    let db = &state.db.connection;
    if !repo::second_factor::replace_recovery_codes(db, user.id, current, &remaining.join(" "))
        .await?
    {
        return Ok(None);
    }
    let left = remaining.len();
    audit(
        state,
        user,
        "recovery_code.used",
        Some(serde_json::json!({"remaining": left})),
    )
    .await?;
    Ok(Some(Factor::RecoveryCode))
}

/// Whether `user` must have a second factor: the tenant requires it, or the portal
/// requires it of operators.
pub fn required_for(state: &AppState, user: &users::Model, tenant_requires: bool) -> bool {
    if user.role == crate::domain::Role::Operator {
        state.settings.operator_require_mfa
    } else {
        tenant_requires
    }
}

/// An owner requires (or stops requiring) a second factor of everyone in the tenant.
pub async fn set_tenant_requirement(
    state: &AppState,
    scope: TenantScope,
    actor: &str,
    required: bool,
) -> Result<(), AppError> {
    repo::second_factor::set_tenant_requirement(&state.db.connection, scope, required).await?;
    repo::audit::record(
        &state.db.connection,
        AuditEntry {
            tenant_id: Some(scope.tenant_id()),
            actor,
            action: "policy.second_factor_required",
            subject: None,
            details: Some(serde_json::json!({"required": required})),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
#[path = "../../tests/unit/auth_second_factor.rs"]
mod tests;
