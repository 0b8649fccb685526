//! OpenID Connect single sign-on per tenant (DESIGN 13.5): owners name their identity
//! provider and email domains (`settings`); people from those domains sign in there
//! (`flow`: authorization code with PKCE, state and nonce, the ID token's signature,
//! issuer, audience and expiry verified by the `openidconnect` crate). Accounts made on a
//! first sign-in come from `accounts::sso`.
//!
//! A sign-in through the identity provider counts as the first factor, like a password:
//! a user with a second factor still enters it, and a tenant that requires one still
//! sends people to set it up. The portal cannot see whether the identity provider asked
//! for a second factor of its own (the `amr` claim is optional and unverified), so it
//! does not trust that it did.

pub mod fetch;
pub mod flow;
pub mod refusal;
pub mod settings;

use openidconnect::{
    core::{CoreClient, CoreProviderMetadata},
    ClientId, ClientSecret, DiscoveryError, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, RedirectUrl,
};

use crate::{crypto::DataCipher, entities::tenant_sso, error::AppError, state::AppState};

use fetch::{CheckedHttp, FetchError};

/// Where identity providers send people back to; owners register it with their provider.
pub const CALLBACK_PATH: &str = "/login/sso/callback";

/// A client as discovery makes it: authorization endpoint known, token endpoint maybe.
pub type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

pub fn http(state: &AppState) -> CheckedHttp {
    CheckedHttp {
        allow_private: state.settings.oidc_allow_private,
    }
}

pub fn callback_url(state: &AppState) -> String {
    format!(
        "{}{CALLBACK_PATH}",
        state.settings.public_url.trim_end_matches('/')
    )
}

/// Fetches the provider's discovery document (and its keys); the message says what went
/// wrong in words an owner can act on.
pub async fn discover(http: &CheckedHttp, issuer: &str) -> Result<CoreProviderMetadata, String> {
    let issuer_url = IssuerUrl::new(issuer.to_owned()).map_err(|_| {
        "Enter the issuer as a full URL, like https://login.example.com.".to_owned()
    })?;
    CoreProviderMetadata::discover_async(issuer_url, http)
        .await
        .map_err(|error| describe_discovery_error(issuer, error))
}

fn describe_discovery_error(issuer: &str, error: DiscoveryError<FetchError>) -> String {
    let document = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    match error {
        DiscoveryError::Request(FetchError::Refused(message)) => message,
        DiscoveryError::Request(other) => format!("{document} could not be fetched: {other}."),
        DiscoveryError::Response(status, _, _) => format!(
            "{document} answered {status}: check the issuer URL (it is the provider's, without the /.well-known part)."
        ),
        DiscoveryError::Parse(_) => format!("{document} is not an OpenID Connect discovery document."),
        DiscoveryError::Validation(message) => format!(
            "The provider's discovery document does not match this issuer URL: {message}"
        ),
        DiscoveryError::UrlParse(_) => "The issuer URL cannot be read.".into(),
        DiscoveryError::Other(message) => format!("{document}: {message}"),
        _ => format!("{document} could not be used."),
    }
}

/// The stored client secret, decrypted (bound to its tenant).
pub fn client_secret(cipher: &DataCipher, row: &tenant_sso::Model) -> Result<String, AppError> {
    cipher
        .decrypt(&row.client_secret, &secret_context(row.tenant_id))
        .map_err(|e| AppError::internal(anyhow::anyhow!("sso client secret: {e}")))
}

pub fn secret_context(tenant_id: i32) -> String {
    format!("sso-client-secret:{tenant_id}")
}

/// The tenant's client at its provider, from a fresh discovery.
pub async fn client_for(
    state: &AppState,
    row: &tenant_sso::Model,
) -> Result<Result<DiscoveredClient, String>, AppError> {
    let metadata = match discover(&http(state), &row.issuer_url).await {
        Ok(metadata) => metadata,
        Err(message) => return Ok(Err(message)),
    };
    let secret = client_secret(&state.cipher, row)?;
    let redirect = RedirectUrl::new(callback_url(state))
        .map_err(|e| AppError::internal(anyhow::anyhow!("callback url: {e}")))?;
    Ok(Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(row.client_id.clone()),
        Some(ClientSecret::new(secret)),
    )
    .set_redirect_uri(redirect)))
}
