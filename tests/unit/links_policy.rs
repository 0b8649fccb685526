//! Unit tests of `src/links/policy.rs` (a child module of it, so private items are in reach).

use super::*;
use crate::repo::policies::defaults;

fn form<'a>(overrides: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
    move |name| {
        if let Some((_, v)) = overrides.iter().find(|(n, _)| *n == name) {
            return (*v).to_owned();
        }
        let policy = defaults(1);
        match name {
            "default_link_seconds" => policy.default_link_seconds.to_string(),
            "max_link_seconds" => policy.max_link_seconds.to_string(),
            "max_resume_age_seconds" => policy.max_resume_age_seconds.to_string(),
            "min_token_remaining_seconds" => policy.min_token_remaining_seconds.to_string(),
            "access_link_seconds" => policy.access_link_seconds.to_string(),
            "resumes_per_inquiry_per_hour" => "20".into(),
            "access_links_per_inquiry_per_hour" => "20".into(),
            "api_requests_per_minute" => "600".into(),
            "static_inquiries_per_ip_per_hour" => "10".into(),
            "stale_version_action" => "resume".into(),
            _ => String::new(),
        }
    }
}

#[test]
fn the_defaults_are_a_valid_policy() {
    assert!(parse_policy(&defaults(1), form(&[])).is_ok());
}

#[test]
fn a_maximum_above_the_operators_ceiling_is_refused() {
    let errors = parse_policy(&defaults(1), form(&[("max_link_seconds", "99999999")])).unwrap_err();
    assert!(errors.get("max_link_seconds").is_some());
}

#[test]
fn the_default_cannot_exceed_the_maximum() {
    let errors = parse_policy(
        &defaults(1),
        form(&[
            ("default_link_seconds", "7200"),
            ("max_link_seconds", "3600"),
        ]),
    )
    .unwrap_err();
    assert!(errors.get("default_link_seconds").is_some());
}

#[test]
fn unknown_actions_and_bad_numbers_are_refused() {
    let errors = parse_policy(
        &defaults(1),
        form(&[
            ("stale_version_action", "ignore"),
            ("api_requests_per_minute", "0"),
        ]),
    )
    .unwrap_err();
    assert!(errors.get("stale_version_action").is_some());
    assert!(errors.get("api_requests_per_minute").is_some());
}

#[test]
fn the_static_link_throttle_is_a_whole_number_of_at_least_one() {
    for bad in ["0", "-3", "ten", ""] {
        let errors = parse_policy(
            &defaults(1),
            form(&[("static_inquiries_per_ip_per_hour", bad)]),
        )
        .unwrap_err();
        assert!(
            errors.get("static_inquiries_per_ip_per_hour").is_some(),
            "{bad:?} was accepted"
        );
    }
    let policy = parse_policy(
        &defaults(1),
        form(&[("static_inquiries_per_ip_per_hour", "25")]),
    )
    .unwrap();
    assert_eq!(policy.static_inquiries_per_ip_per_hour, 25);
    assert_eq!(defaults(1).static_inquiries_per_ip_per_hour, 10);
}

#[test]
fn reminder_offsets_and_the_self_service_extension_are_read_and_bounded() {
    let policy = parse_policy(
        &defaults(1),
        form(&[
            ("reminder_offsets_seconds", " 14400, 172800 ,14400"),
            ("self_service_extension_seconds", "86400"),
        ]),
    )
    .unwrap();
    assert_eq!(policy.reminder_offsets_seconds, "172800,14400");
    assert_eq!(policy.self_service_extension_seconds, 86_400);
    let none = parse_policy(&defaults(1), form(&[])).unwrap();
    assert_eq!(none.reminder_offsets_seconds, "");
    assert_eq!(none.self_service_extension_seconds, 0);
    for (field, bad) in [
        ("reminder_offsets_seconds", "soon"),
        ("reminder_offsets_seconds", "10"),
        ("reminder_offsets_seconds", "60,120,180,240,300,360"),
        ("self_service_extension_seconds", "-1"),
        ("self_service_extension_seconds", "99999999"),
    ] {
        let errors = parse_policy(&defaults(1), form(&[(field, bad)])).unwrap_err();
        assert!(errors.get(field).is_some(), "{field}={bad}");
    }
}
