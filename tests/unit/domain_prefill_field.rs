//! Unit tests of `src/domain/prefill_field.rs` (a child module of it, so private items are in reach).

use super::PrefillField;

#[test]
fn every_field_round_trips_through_its_name() {
    for field in PrefillField::ALL {
        assert_eq!(PrefillField::parse(field.as_str()), Ok(field));
    }
    assert!(PrefillField::parse("ssn").is_err());
}

#[test]
fn birthdates_must_be_real_past_dates() {
    let birthdate = PrefillField::Birthdate;
    assert_eq!(birthdate.parse_value("1990-02-28").unwrap(), "1990-02-28");
    for bad in [
        "1990-02-30",
        "02/28/1990",
        "2999-01-01",
        "1800-01-01",
        "yesterday",
    ] {
        assert!(birthdate.parse_value(bad).is_err(), "{bad}");
    }
}

#[test]
fn phones_are_normalised_and_checked() {
    let phone = PrefillField::PhoneNumber;
    assert_eq!(
        phone.parse_value("+1 (415) 555-0100").unwrap(),
        "+14155550100"
    );
    assert!(phone.parse_value("call me").is_err());
    assert!(phone.parse_value("12").is_err());
}

#[test]
fn emails_and_country_codes_are_normalised() {
    assert_eq!(
        PrefillField::EmailAddress
            .parse_value(" Ana@Example.com")
            .unwrap(),
        "ana@example.com"
    );
    assert_eq!(
        PrefillField::AddressCountryCode.parse_value("de").unwrap(),
        "DE"
    );
    assert!(PrefillField::AddressCountryCode.parse_value("DEU").is_err());
}

#[test]
fn empty_and_multiline_values_are_refused() {
    assert!(PrefillField::NameFirst.parse_value("  ").is_err());
    assert!(PrefillField::NameFirst.parse_value("Ana\nBob").is_err());
}
