use super::*;

#[test]
fn a_dark_blue_accent_has_enough_contrast_and_prints_in_lower_case() {
    let colour = AccentColour::parse("#1D4ED8").unwrap();
    assert_eq!(colour.to_string(), "#1d4ed8");
    assert!(colour.contrast_with_white() >= 4.5);
}

#[test]
fn black_has_the_greatest_contrast_with_white() {
    let black = AccentColour::parse("000000").unwrap();
    assert!((black.contrast_with_white() - 21.0).abs() < 0.01);
}

#[test]
fn a_pale_accent_is_refused_with_its_contrast_named() {
    let error = AccentColour::parse("#ffd700").unwrap_err();
    assert!(error.contains(":1"), "{error}");
    assert!(error.contains("4.5:1"), "{error}");
}

#[test]
fn the_wcag_threshold_colour_767676_passes_and_777777_does_not() {
    // #767676 is the lightest grey that reaches 4.5:1 on white (4.54:1).
    assert!(AccentColour::parse("#767676").is_ok());
    assert!(AccentColour::parse("#777777").is_err());
}

#[test]
fn colours_that_are_not_six_hex_digits_are_refused() {
    for input in ["", "#12345", "#1234567", "#12345g", "blue", "#ééé"] {
        assert!(AccentColour::parse(input).is_err(), "{input}");
    }
}

#[test]
fn a_support_contact_is_an_email_or_an_https_address() {
    assert_eq!(
        SupportContact::parse(" help@acme.example ").unwrap().href(),
        "mailto:help@acme.example"
    );
    assert_eq!(
        SupportContact::parse("https://acme.example/help")
            .unwrap()
            .href(),
        "https://acme.example/help"
    );
    for input in [
        "http://acme.example/help",
        "javascript:alert(1)",
        "acme",
        "https://",
    ] {
        assert!(SupportContact::parse(input).is_err(), "{input}");
    }
}
