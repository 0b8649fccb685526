//! Unit tests of `src/provider/error.rs` (a child module of it, so private items are in reach).

use actix_web::ResponseError;

use super::*;

#[test]
fn each_client_error_status_maps_to_its_variant_with_the_providers_details() {
    let conflict =
        br#"{"errors":[{"status":409,"title":"Conflict","details":"Inquiry already approved"}]}"#;
    assert_eq!(
        ProviderError::from_status(StatusCode::CONFLICT, conflict),
        ProviderError::Conflict {
            message: "Inquiry already approved".into()
        }
    );
    let not_found = br#"{"errors":[{"status":404,"title":"Record not found"}]}"#;
    assert_eq!(
        ProviderError::from_status(StatusCode::NOT_FOUND, not_found),
        ProviderError::NotFound
    );
    assert_eq!(
        ProviderError::from_status(StatusCode::UNAUTHORIZED, b""),
        ProviderError::Unauthorized
    );
    assert_eq!(
        ProviderError::from_status(
            StatusCode::FORBIDDEN,
            br#"{"errors":[{"title":"Quota exceeded"}]}"#
        ),
        ProviderError::Forbidden {
            message: "Quota exceeded".into()
        }
    );
    assert_eq!(
        ProviderError::from_status(StatusCode::UNPROCESSABLE_ENTITY, b"not json"),
        ProviderError::Unprocessable {
            message: "Unprocessable Entity".into()
        }
    );
    assert!(matches!(
        ProviderError::from_status(StatusCode::GONE, b"{}"),
        ProviderError::BadRequest { message } if message.starts_with("HTTP 410")
    ));
}

#[test]
fn several_errors_are_joined_and_control_characters_removed() {
    let body = br#"{"errors":[{"title":"A"},{"title":"B","details":"line\nbreak"}]}"#;
    assert_eq!(
        error_message(body, StatusCode::BAD_REQUEST),
        "A; line break"
    );
}

#[test]
fn decode_errors_do_not_quote_the_payload() {
    let error = serde_json::from_str::<u32>("\"Ana Secret\"").unwrap_err();
    let decoded = ProviderError::decode("inquiry", &error);
    assert!(!decoded.to_string().contains("Ana"));
    assert!(decoded.to_string().contains("inquiry"));
}

#[test]
fn provider_failures_become_fitting_portal_statuses() {
    let status = |e: ProviderError| AppError::from(e).status_code().as_u16();
    assert_eq!(
        status(ProviderError::Conflict {
            message: "x".into()
        }),
        409
    );
    assert_eq!(
        status(ProviderError::RateLimited {
            retry_after_seconds: 7
        }),
        429
    );
    assert_eq!(
        status(ProviderError::Unavailable { status: Some(503) }),
        503
    );
    assert_eq!(status(ProviderError::Unavailable { status: None }), 503);
    // The provider refusing what a well-formed request carried is a 422 (the API keeps 400
    // for a request that does not have the documented shape).
    assert_eq!(
        status(ProviderError::BadRequest {
            message: "x".into()
        }),
        422
    );
    assert_eq!(
        status(ProviderError::Unprocessable {
            message: "x".into()
        }),
        422
    );
    assert_eq!(status(ProviderError::Unauthorized), 500);
    assert_eq!(
        status(ProviderError::Forbidden {
            message: "x".into()
        }),
        500
    );
    assert_eq!(status(ProviderError::MissingToken), 500);
    assert_eq!(
        status(ProviderError::Decode {
            message: "x".into()
        }),
        500
    );
    assert_eq!(status(ProviderError::NotFound), 500);
}

#[test]
fn an_outage_tells_the_user_to_try_again_shortly() {
    let error = AppError::from(ProviderError::Unavailable { status: None });
    assert_eq!(
        error.public_message(),
        "The verification provider is unavailable; try again shortly."
    );
    let limited = AppError::from(ProviderError::RateLimited {
        retry_after_seconds: 7,
    });
    assert!(matches!(
        limited,
        AppError::ProviderBusy {
            retry_after_seconds: 7
        }
    ));
    assert_eq!(
        limited.public_message(),
        "The verification provider is busy; try again in 7 seconds."
    );
}
