use super::*;

#[test]
fn a_domain_is_lower_cased_and_loses_a_leading_at_sign() {
    assert_eq!(
        EmailDomain::parse(" @Staff.Example ").unwrap().as_str(),
        "staff.example"
    );
}

#[test]
fn single_labels_spaces_and_odd_characters_are_not_domains() {
    for bad in [
        "",
        "localhost",
        "exa mple.com",
        "-a.example",
        "a..example",
        "a.example.",
        "ex_ample.com",
        "a@b.example",
    ] {
        assert!(EmailDomain::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_list_is_split_on_commas_and_spaces_sorted_and_without_repeats() {
    let list = EmailDomain::parse_list("b.example, a.example\nB.example  ").unwrap();
    let names: Vec<&str> = list.iter().map(EmailDomain::as_str).collect();
    assert_eq!(names, ["a.example", "b.example"]);
    let wrong = EmailDomain::parse_list("a.example, nope, also bad").unwrap_err();
    assert!(wrong.contains("nope, also, bad"), "{wrong}");
}

#[test]
fn the_domain_of_an_email_is_its_part_after_the_last_at_sign() {
    let email = Email::parse("Alice@Staff.Example").unwrap();
    assert_eq!(EmailDomain::of(&email).unwrap().as_str(), "staff.example");
}
