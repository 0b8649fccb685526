//! Unit tests of `src/domain/lifetime.rs` (a child module of it, so private items are in reach).

use super::Lifetime;

#[test]
fn positive_seconds_are_accepted_and_others_refused() {
    assert_eq!(Lifetime::parse("5").unwrap().seconds(), 5);
    for bad in ["0", "-1", "soon", "1.5", ""] {
        assert!(Lifetime::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_lifetime_above_the_ceiling_is_refused() {
    let week = Lifetime::from_seconds(7 * Lifetime::DAY).unwrap();
    assert!(week.within(30 * Lifetime::DAY, "policy").is_ok());
    let error = week.within(Lifetime::DAY, "tenant policy").unwrap_err();
    assert!(error.contains("1 day"), "{error}");
}

#[test]
fn lifetimes_read_naturally() {
    assert_eq!(Lifetime::from_seconds(3600).unwrap().to_string(), "1 hour");
    assert_eq!(
        Lifetime::from_seconds(15 * 86400).unwrap().to_string(),
        "15 days"
    );
    assert_eq!(
        Lifetime::from_seconds(90).unwrap().to_string(),
        "90 seconds"
    );
}
