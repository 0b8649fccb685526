//! Unit tests of `src/sandbox/hosted/redirects.rs`.

use super::*;

fn policy() -> RedirectPolicy {
    RedirectPolicy::new(
        "https://portal.example:8443",
        &["app.example.com".to_owned()],
    )
}

#[test]
fn the_portals_own_origin_is_followed_and_only_with_its_scheme_and_port() {
    assert!(policy().allows("https://portal.example:8443/done?x=1"));
    assert!(!policy().allows("https://portal.example/done"));
    assert!(!policy().allows("http://portal.example:8443/done"));
}

#[test]
fn an_allowed_host_is_followed_on_any_port_over_http_or_https() {
    assert!(policy().allows("https://app.example.com/back"));
    assert!(policy().allows("http://APP.example.com:3000/back"));
    assert!(!policy().allows("https://sub.app.example.com/back"));
}

#[test]
fn other_hosts_and_disguised_ones_are_refused() {
    for uri in [
        "https://evil.example/",
        "https://app.example.com@evil.example/",
        "https://app.example.com.evil.example/",
        "javascript:alert(1)",
        "not a url",
    ] {
        assert!(!policy().allows(uri), "{uri}");
    }
    assert!(policy().refuses(Some("https://evil.example/")));
    assert!(!policy().refuses(None));
}
