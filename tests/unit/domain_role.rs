//! Unit tests of `src/domain/role.rs` (a child module of it, so private items are in reach).

use super::Role;

#[test]
fn every_role_round_trips_through_its_name() {
    for role in [Role::Operator, Role::Owner, Role::Issuer, Role::Viewer] {
        assert_eq!(Role::parse(role.as_str()), Ok(role));
    }
}

#[test]
fn owners_cannot_hand_out_the_operator_role() {
    assert!(Role::parse_tenant_role("operator").is_err());
    assert!(Role::parse_tenant_role("admin").is_err());
    assert_eq!(Role::parse_tenant_role("viewer"), Ok(Role::Viewer));
}

#[test]
fn only_owners_and_issuers_issue() {
    assert!(Role::Owner.can_issue());
    assert!(Role::Issuer.can_issue());
    assert!(!Role::Viewer.can_issue());
}

#[test]
fn every_role_round_trips_through_its_stored_string() {
    crate::domain::stored_enum::assert_round_trips!(Role);
}
