//! Unit tests of `src/sandbox/hosted/cookie.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn the_cookie_is_a_browser_session_cookie_scoped_to_the_flow() {
    let cookie = FlowCookie::fresh()
        .with_session_token("token".into())
        .to_cookie("inq_abc", false);
    assert_eq!(cookie.path(), Some(PATH));
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(cookie.same_site(), Some(SameSite::Lax));
    assert!(cookie.max_age().is_none());
    assert!(cookie.expires().is_none());
    assert!(cookie.value().ends_with(".token"));
}
