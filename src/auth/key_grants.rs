//! What an API key may do: each API handler names the scope it needs in its signature,
//! `client: Authorized<requires::LinksWrite>`, and that is the only place the route's
//! scope is declared. The extractor authenticates the key (from the cache first), then
//! checks expiry, network and scope in memory: no database query per request.

use std::{marker::PhantomData, net::IpAddr, ops::Deref};

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::{
    domain::ApiScope,
    error::{ApiError, AppError},
    net::client_ip,
    state::AppState,
};

use super::api_keys::{authenticate, bearer, ApiClient, KeyUse};

/// A scope a route requires, as a type: one marker per [`ApiScope`].
pub trait RequiredScope {
    const SCOPE: ApiScope;
}

/// The markers for [`Authorized`]: `Authorized<requires::TokensWrite>`.
pub mod requires {
    use super::{ApiScope, RequiredScope};

    macro_rules! markers {
        ($($marker:ident),+) => {$(
            #[doc = concat!("Requires `ApiScope::", stringify!($marker), "`.")]
            pub struct $marker;
            impl RequiredScope for $marker {
                const SCOPE: ApiScope = ApiScope::$marker;
            }
        )+};
    }

    markers!(
        LinksRead,
        LinksWrite,
        InquiriesRead,
        TokensWrite,
        WebhooksManage
    );
}

/// The tenant backend calling the API with a key that may do `S` from where it calls.
pub struct Authorized<S: RequiredScope> {
    client: ApiClient,
    scope: PhantomData<S>,
}

impl<S: RequiredScope> Deref for Authorized<S> {
    type Target = ApiClient;

    fn deref(&self) -> &ApiClient {
        &self.client
    }
}

impl<S: RequiredScope> FromRequest for Authorized<S> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let presented = bearer(req);
        let request = KeyUse {
            scope: S::SCOPE,
            from: client_ip(req),
        };
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no state")))?;
            let client = authenticate(&state, presented, request).await?;
            Ok(Authorized {
                client,
                scope: PhantomData,
            })
        })
    }
}

/// An expired key is not a valid key (401); a valid key used for what it may not do, or
/// from where it may not be used, is forbidden (403), each with its own error type.
pub(super) fn check(client: &ApiClient, request: &KeyUse, now: i64) -> Result<(), AppError> {
    if client.key.expires_at.is_some_and(|at| at <= now) {
        return Err(AppError::ApiKeyExpired);
    }
    if !client.networks.allows(request.from) {
        return Err(AppError::NetworkNotAllowed(mask(request.from)));
    }
    if !client.scopes.contains(request.scope) {
        return Err(AppError::InsufficientScope(request.scope));
    }
    Ok(())
}

/// The address as the caller may be told it (it is their own address).
fn mask(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4).to_string(),
        IpAddr::V4(_) => ip.to_string(),
    }
}
