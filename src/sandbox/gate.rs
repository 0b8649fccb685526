//! What every `/sandbox/api/v1` request passes before its handler: the per-key rate
//! limit, Bearer authentication and fault injection; and what every response gets
//! afterwards: the `RateLimit-*` headers.

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderName, HeaderValue},
    middleware::Next,
    web, HttpRequest, HttpResponse, ResponseError,
};

use super::{error::SandboxError, faults::InjectedAnswer, rate_limit::RateDecision, SandboxState};

/// The key as sent in `Authorization: Bearer <key>`.
fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
}

/// The sandbox's own test controls are exempt from faults and from the rate limit, so a
/// test can always reset what it injected.
fn is_control_path(path: &str) -> bool {
    path.ends_with("/_faults") || path.ends_with("/_stats")
}

/// Persona limits inquiry creation separately (150 a minute) within the overall limit.
fn is_creation(req: &ServiceRequest) -> bool {
    req.method() == actix_web::http::Method::POST && req.path().ends_with("/api/v1/inquiries")
}

fn with_rate_headers(mut response: HttpResponse, decision: RateDecision) -> HttpResponse {
    let headers = response.headers_mut();
    for (name, value) in [
        ("ratelimit-limit", u64::from(decision.limit)),
        ("ratelimit-remaining", u64::from(decision.remaining)),
        ("ratelimit-reset", decision.reset_seconds),
    ] {
        headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
    response
}

fn rate_limited(decision: RateDecision, details: &str) -> HttpResponse {
    let mut response = with_rate_headers(
        SandboxError::rate_limited(details).error_response(),
        decision,
    );
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(decision.reset_seconds.max(1)),
    );
    response
}

pub async fn api_gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<SandboxState>>().cloned() else {
        let error = SandboxError::internal(anyhow::anyhow!("sandbox state is not registered"));
        return Ok(req.into_response(error.error_response()));
    };
    let sandbox = &state.sandbox;
    let authorized = bearer(req.request()).is_some_and(|key| sandbox.api_key_matches(key));
    let control = is_control_path(req.path());
    // Callers without a valid key are counted per address, which also slows key guessing.
    let bucket = if authorized {
        "api-key".to_owned()
    } else {
        format!("address:{}", crate::net::client_ip(req.request()))
    };
    let decision = sandbox.rate_limiter.check(&bucket, !control);
    let exempt = control && authorized;
    if !decision.allowed && !exempt {
        let response = rate_limited(
            decision,
            "Too many requests for this API key; wait for the window in RateLimit-Reset.",
        );
        return Ok(req.into_response(response));
    }
    if !authorized {
        let response = with_rate_headers(SandboxError::unauthorized().error_response(), decision);
        return Ok(req.into_response(response));
    }
    if !control {
        if is_creation(&req) {
            let creations = sandbox.creation_limiter.check(&bucket, true);
            if !creations.allowed {
                let response = rate_limited(
                    creations,
                    "Too many inquiries created with this API key; wait for the window in RateLimit-Reset.",
                );
                return Ok(req.into_response(response));
            }
        }
        let (latency, injected) = sandbox.faults.take_for_call();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        match injected {
            Some(InjectedAnswer::RateLimited) => {
                let injected_decision = RateDecision {
                    allowed: false,
                    remaining: 0,
                    reset_seconds: 1,
                    ..decision
                };
                let response = rate_limited(
                    injected_decision,
                    "Injected by the sandbox's fault settings.",
                );
                return Ok(req.into_response(response));
            }
            Some(InjectedAnswer::ServerError) => {
                let response =
                    with_rate_headers(SandboxError::injected_failure().error_response(), decision);
                return Ok(req.into_response(response));
            }
            None => {}
        }
    }
    let response = next.call(req).await?.map_into_boxed_body();
    let (request, response) = response.into_parts();
    Ok(ServiceResponse::new(
        request,
        with_rate_headers(response, decision),
    ))
}
