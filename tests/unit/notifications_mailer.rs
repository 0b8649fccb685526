//! Unit tests of `src/notifications/mailer.rs`: which URLs make a transport.

use super::{percent_decode, transport};

#[test]
fn plain_starttls_and_implicit_tls_urls_make_a_transport() {
    assert!(transport("smtp://127.0.0.1:2525").is_ok());
    assert!(transport("smtp://mail.example.com:587?tls=starttls").is_ok());
    assert!(transport("smtps://user:p%40ss@mail.example.com").is_ok());
}

#[test]
fn other_schemes_and_hostless_urls_are_refused() {
    assert!(transport("http://mail.example.com").is_err());
    assert!(transport("smtp:relay").is_err());
    assert!(transport("not a url").is_err());
}

#[test]
fn credentials_in_the_url_are_percent_decoded() {
    assert_eq!(percent_decode("p%40ss"), "p@ss");
    assert_eq!(percent_decode("a+b"), "a+b");
}
