//! How the portal talks to identity providers: discovery, keys and the token endpoint go
//! through one reqwest client adapter that allows https to public addresses only (unless
//! `PORTAL_OIDC_ALLOW_PRIVATE=1`), checked after DNS resolution and sent to the very
//! address checked, follows no redirect, and bounds time and answer size.

use std::{future::Future, pin::Pin, time::Duration};

use openidconnect::{AsyncHttpClient, HttpRequest, HttpResponse};
use url::Url;

use crate::tenant_webhooks::address;

/// The whole exchange with the identity provider, per request.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Discovery documents and key sets are a few kilobytes; anything far larger is refused.
const MAX_BODY_BYTES: usize = 512 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The address is not one the portal may call (scheme, private address, DNS).
    #[error("{0}")]
    Refused(String),
    #[error("the identity provider could not be reached: {0}")]
    Unreachable(String),
    #[error("the identity provider's answer is larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
}

/// The checked client; `allow_private` is `PORTAL_OIDC_ALLOW_PRIVATE`.
#[derive(Clone, Copy, Debug)]
pub struct CheckedHttp {
    pub allow_private: bool,
}

impl CheckedHttp {
    /// Checks a URL's scheme: https, or http when private addresses are allowed.
    pub fn scheme_allowed(&self, url: &Url) -> bool {
        url.scheme() == "https" || (self.allow_private && url.scheme() == "http")
    }

    async fn send(self, request: HttpRequest) -> Result<HttpResponse, FetchError> {
        let url = Url::parse(&request.uri().to_string())
            .map_err(|_| FetchError::Refused("The address is not a URL.".into()))?;
        if !self.scheme_allowed(&url) {
            return Err(FetchError::Refused(
                "The address must start with https://.".into(),
            ));
        }
        let target = address::resolve_checked(&url, self.allow_private)
            .await
            .map_err(FetchError::Refused)?;
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .user_agent("inquiry-portal-sso/1");
        if let Some(url::Host::Domain(name)) = url.host() {
            builder = builder.resolve(name, target);
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Unreachable(e.to_string()))?;
        let (parts, body) = request.into_parts();
        let mut response = client
            .request(parts.method, url)
            .headers(parts.headers)
            .body(body)
            .send()
            .await
            .map_err(|e| FetchError::Unreachable(without_url(e)))?;
        let status = response.status();
        let headers = response.headers().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| FetchError::Unreachable(without_url(e)))?
        {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(FetchError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        let mut answer = HttpResponse::new(bytes);
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

/// reqwest's message without the URL, which may carry the authorization code.
fn without_url(error: reqwest::Error) -> String {
    error.without_url().to_string()
}

impl<'c> AsyncHttpClient<'c> for CheckedHttp {
    type Error = FetchError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, FetchError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin((*self).send(request))
    }
}
