//! Every end-user page renders in every language with no message missing, in the
//! tenant's brand when it is known and in the portal's look when it is not.

use std::sync::Arc;

use super::*;
use crate::domain::{AccentColour, Brand, InquiryStatus, Language, SupportContact};

fn every_view() -> Vec<(&'static str, View)> {
    let recover = Some("/l/token/recover");
    vec![
        ("recovery_sent", recovery_sent("a•••@example.com")),
        ("recovery_without_address", recovery_without_address()),
        ("recovery_expired", recovery_expired()),
        ("too_many_recoveries", too_many_recoveries()),
        ("unknown_link", unknown_link()),
        ("expired_link", expired_link(recover)),
        ("revoked_link", revoked_link()),
        ("completed", completed()),
        ("not_yet_open", not_yet_open()),
        ("paused", paused()),
        ("capped", capped()),
        ("too_many_new_visits", too_many_new_visits()),
        ("provider_unavailable", provider_unavailable()),
        ("fresh_link_needed", fresh_link_needed(recover)),
        ("finish_in_one_sitting", finish_in_one_sitting()),
        ("locked", locked()),
        ("refused_old_version", refused_old_version(recover)),
        ("access_link_used", access_link_used()),
        ("continue_from_elsewhere", continue_from_elsewhere()),
        (
            "continue",
            continue_page("/l/token", AfterContinue::Resumable),
        ),
        (
            "continue_once",
            continue_page("/a/code", AfterContinue::OneTimeLink),
        ),
        (
            "continue_sitting",
            continue_page("/l/token", AfterContinue::OneSitting),
        ),
        (
            "continue_new",
            continue_page("/l/token", AfterContinue::NewEachVisit),
        ),
        ("code", access_code_form("/l/t/code", recover, None)),
        (
            "code_empty",
            access_code_form("/l/t/code", None, Some(AccessCodeError::Empty)),
        ),
        (
            "code_wrong",
            access_code_form(
                "/l/t/code",
                None,
                Some(AccessCodeError::Wrong { attempts_left: 1 }),
            ),
        ),
        ("done", outcome(Some(InquiryStatus::Completed))),
        ("failed", outcome(Some(InquiryStatus::Failed))),
        ("review", outcome(Some(InquiryStatus::NeedsReview))),
        ("finished", outcome(None)),
    ]
}

fn brand(support: Option<SupportContact>) -> Arc<Brand> {
    Arc::new(Brand {
        name: "Acme Bank".into(),
        accent: AccentColour::parse("#1d4ed8").ok(),
        support,
        logo_path: Some("/brand/acme/logo/abc.png".into()),
    })
}

#[test]
fn every_page_renders_in_every_language_without_a_missing_message() {
    let brands = [
        None,
        Some(brand(None)),
        Some(brand(SupportContact::parse("help@acme.example").ok())),
    ];
    for language in Language::ALL {
        for brand in &brands {
            let context = EndUserContext {
                brand: brand.clone(),
                language,
            };
            for (name, view) in every_view() {
                let before = crate::i18n::misses();
                let html = view(&context).into_string();
                assert_eq!(crate::i18n::misses(), before, "{name} in {language}");
                assert!(
                    html.contains(&format!(r#"<html lang="{language}">"#)),
                    "{name}"
                );
                assert!(
                    !html.contains("-title") && !html.contains("-lead"),
                    "{name}: {html}"
                );
                if brand.is_some() {
                    assert!(html.contains("Acme Bank"), "{name} in {language}: {html}");
                    assert!(html.contains("/brand/acme/logo/abc.png"), "{name}");
                    assert!(html.contains("Inquiry Link Portal"), "small print: {name}");
                }
            }
        }
    }
}

#[test]
fn the_german_continue_page_names_the_company_and_the_wrong_code_counts_in_german() {
    let context = EndUserContext {
        brand: Some(brand(None)),
        language: Language::German,
    };
    let page = continue_page("/l/token", AfterContinue::Resumable)(&context).into_string();
    assert!(
        page.contains("Acme Bank bittet Sie, Ihre Identität zu bestätigen."),
        "{page}"
    );
    let one = access_code_form(
        "/l/t/code",
        None,
        Some(AccessCodeError::Wrong { attempts_left: 1 }),
    );
    let page = one(&context).into_string();
    assert!(page.contains("Noch 1 Versuch,"), "{page}");
}
