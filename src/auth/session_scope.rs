//! The session middleware, only where a session is used. Health probes, metrics, end-user
//! links, the API, webhooks, the sandbox and static files never touch the session store, so
//! its failure cannot take them down (and a probe or an end user's click costs no session
//! load). Where a session is used, a failing store answers with the portal's 503 page,
//! which the outer middleware give their headers, not actix-session's empty 500.

use std::{
    cell::RefCell,
    rc::{Rc, Weak},
    task::{Context, Poll},
};

use actix_web::{
    body::{EitherBody, MessageBody},
    dev::{Service, ServiceRequest, ServiceResponse, Transform},
    Error, HttpMessage, HttpRequest, ResponseError,
};
use futures_util::future::LocalBoxFuture;

use crate::error::AppError;

/// Paths whose handlers never read a session: everything else is a signed-in page, the
/// login form, or a 404 page.
/// (`/webhooks/persona` is the provider's receiver; the rest of `/webhooks` is the tenant's
/// webhook pages, which are signed in.)
const SESSION_FREE_PATHS: &[&str] = &[
    "/healthz",
    "/readyz",
    "/metrics",
    "/done",
    "/webhooks/persona",
];
const SESSION_FREE_PREFIXES: &[&str] = &["/l/", "/a/", "/api/", "/static/", "/sandbox/", "/brand/"];

/// Under a session-free prefix but signed in: the sandbox's mailbox shows a signed-in
/// user their tenant's messages (an operator every tenant's).
const SESSION_PREFIXES: &[&str] = &["/sandbox/mailbox"];

pub fn uses_session(path: &str) -> bool {
    SESSION_PREFIXES
        .iter()
        .any(|prefix| path.starts_with(prefix))
        || !(SESSION_FREE_PATHS.contains(&path)
            || SESSION_FREE_PREFIXES
                .iter()
                .any(|prefix| path.starts_with(prefix)))
}

/// Wraps a session middleware `M` so that it runs only for [`uses_session`] paths, and
/// its failures become the portal's 503 page.
pub struct SessionsWhereUsed<M>(pub M);

/// The request, kept aside while the session middleware may fail, so that its failure can
/// be answered with a page (actix-session drops the request when its store fails). It is
/// held only *outside* the router: routing needs the request unshared, so the inner layer
/// releases it before routing and keeps it again from the response.
type Kept = Rc<RefCell<Option<HttpRequest>>>;

/// How the inner layer finds this request's [`Kept`]: weakly, so nothing leaks if the
/// request is dropped half-way.
#[derive(Clone)]
struct KeptHandle(Weak<RefCell<Option<HttpRequest>>>);

/// The inner service, shared by the path with sessions and the path without, under the
/// session middleware: it releases the kept request before routing.
pub struct Inner<S>(Rc<S>);

impl<S, B> Service<ServiceRequest> for Inner<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<ServiceResponse<B>, Error>>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let kept = req
            .extensions()
            .get::<KeptHandle>()
            .and_then(|handle| handle.0.upgrade());
        if let Some(kept) = &kept {
            kept.borrow_mut().take();
        }
        let answer = self.0.call(req);
        Box::pin(async move {
            let response = answer.await?;
            if let Some(kept) = kept {
                *kept.borrow_mut() = Some(response.request().clone());
            }
            Ok(response)
        })
    }
}

impl<S, B, M> Transform<S, ServiceRequest> for SessionsWhereUsed<M>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    M: Transform<
        Inner<S>,
        ServiceRequest,
        Response = ServiceResponse<B>,
        Error = Error,
        InitError = (),
    >,
    M::Transform: 'static,
    M::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = SessionsWhereUsedService<S, M::Transform>;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        let plain = Rc::new(service);
        let with_sessions = self.0.new_transform(Inner(plain.clone()));
        Box::pin(async move {
            Ok(SessionsWhereUsedService {
                plain,
                with_sessions: with_sessions.await?,
            })
        })
    }
}

pub struct SessionsWhereUsedService<S, W> {
    plain: Rc<S>,
    with_sessions: W,
}

impl<S, W, B> Service<ServiceRequest> for SessionsWhereUsedService<S, W>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    W: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    W::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Error>>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.plain.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> Self::Future {
        if !uses_session(req.path()) {
            let answer = self.plain.call(req);
            return Box::pin(async move { answer.await.map(ServiceResponse::map_into_left_body) });
        }
        let kept: Kept = Rc::new(RefCell::new(Some(req.request().clone())));
        req.extensions_mut()
            .insert(KeptHandle(Rc::downgrade(&kept)));
        let answer = self.with_sessions.call(req);
        Box::pin(async move {
            let result = answer.await;
            let request = kept.borrow_mut().take();
            match (result, request) {
                (Ok(response), _) => Ok(response.map_into_left_body()),
                // Only the session store fails here: handlers' errors are responses already.
                (Err(error), Some(request)) => {
                    log::error!("session store failed: {error}");
                    let page = AppError::ServiceUnavailable(
                        "Signed-in pages are unavailable for a moment. Please try again shortly."
                            .into(),
                    )
                    .error_response();
                    Ok(ServiceResponse::new(request, page).map_into_right_body())
                }
                (Err(error), None) => Err(error),
            }
        })
    }
}
