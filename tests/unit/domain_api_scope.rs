//! Unit tests of `src/domain/api_scope.rs`.

use super::{ApiScope, ApiScopes};
use crate::domain::AllowedNetworks;

#[test]
fn every_scope_round_trips_through_its_stored_string() {
    crate::domain::stored_enum::assert_round_trips!(ApiScope);
}

#[test]
fn a_key_without_stored_scopes_has_every_scope() {
    let scopes = ApiScopes::from_stored(None);
    assert!(scopes.is_all());
    for scope in ApiScope::ALL {
        assert!(scopes.contains(scope));
    }
}

#[test]
fn a_list_parses_with_commas_or_spaces_and_round_trips() {
    let scopes = ApiScopes::parse_list("links:read, tokens:write").unwrap();
    assert!(scopes.contains(ApiScope::LinksRead));
    assert!(scopes.contains(ApiScope::TokensWrite));
    assert!(!scopes.contains(ApiScope::LinksWrite));
    assert_eq!(ApiScopes::from_stored(Some(&scopes.to_stored())), scopes);
}

#[test]
fn an_unknown_or_empty_scope_list_is_refused() {
    assert!(ApiScopes::parse_list("links:delete")
        .unwrap_err()
        .contains("links:delete"));
    assert!(ApiScopes::parse_list(" , ").is_err());
}

#[test]
fn an_unknown_stored_scope_grants_nothing() {
    let scopes = ApiScopes::from_stored(Some("links:read admin:everything"));
    assert_eq!(scopes, ApiScopes::NONE.with(ApiScope::LinksRead));
}

#[test]
fn networks_allow_only_their_addresses_and_none_means_anywhere() {
    let private = AllowedNetworks::parse_list("10.0.0.0/8, 2001:db8::/32").unwrap();
    assert!(private.allows("10.1.2.3".parse().unwrap()));
    assert!(private.allows("::ffff:10.1.2.3".parse().unwrap()));
    assert!(private.allows("2001:db8::1".parse().unwrap()));
    assert!(!private.allows("127.0.0.1".parse().unwrap()));
    assert!(AllowedNetworks::parse_list("")
        .unwrap()
        .allows("127.0.0.1".parse().unwrap()));
    let single = AllowedNetworks::parse_list("192.0.2.7").unwrap();
    assert_eq!(single.to_list(","), "192.0.2.7/32");
    assert!(AllowedNetworks::parse_list("10.0.0.0/33").is_err());
    assert!(AllowedNetworks::parse_list("example.com").is_err());
}
