//! A deadline for a request's body. actix-web times out slow *headers*
//! (`client_request_timeout`) but then waits for a body as long as bytes keep trickling
//! in, so a client sending a byte now and then could hold a connection for ever. The body
//! must be complete within the deadline, counted from the end of the headers; if it is
//! not, the request is answered with 408 and the connection closed.

use std::{
    cell::Cell,
    future::Future,
    io,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll},
    time::Duration,
};

use actix_web::{
    body::{EitherBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    error::PayloadError,
    http::header,
    middleware::Next,
    web::Bytes,
    Error, HttpMessage, ResponseError,
};
use futures_util::Stream;
use tokio::time::Sleep;

use crate::error::{ApiError, AppError};

/// Runs the rest of the chain with `req`'s body bounded by `deadline`.
pub async fn enforce(
    deadline: Duration,
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if !has_body(&req) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let expired = Rc::new(Cell::new(false));
    let body = Bounded {
        inner: req.take_payload(),
        timer: Box::pin(tokio::time::sleep(deadline)),
        expired: expired.clone(),
    };
    req.set_payload(Payload::from(
        Box::pin(body) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
    ));
    let response = next.call(req).await?;
    if !expired.get() {
        return Ok(response.map_into_left_body());
    }
    let is_api = response.request().path().starts_with("/api/");
    let (request, _) = response.into_parts();
    let mut timeout = if is_api {
        ApiError(AppError::RequestTimeout).error_response()
    } else {
        AppError::RequestTimeout.error_response()
    };
    // The rest of the body may still arrive: the connection cannot be reused.
    timeout.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    timeout
        .head_mut()
        .set_connection_type(actix_web::http::ConnectionType::Close);
    Ok(ServiceResponse::new(request, timeout).map_into_right_body())
}

fn has_body(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    headers.contains_key(header::TRANSFER_ENCODING) || length.is_some_and(|v| v != "0")
}

/// The request's body stream, failing once the deadline passes.
struct Bounded {
    inner: Payload,
    timer: Pin<Box<Sleep>>,
    expired: Rc<Cell<bool>>,
}

impl Stream for Bounded {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.expired.get() {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        match this.timer.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.expired.set(true);
                Poll::Ready(Some(Err(PayloadError::Io(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the request body did not arrive in time",
                )))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
