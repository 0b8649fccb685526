//! Newtypes that parse input at the edge; once built, a value is known to be valid.

mod email;
mod inquiry_id;
mod lifetime;
mod link_kind;
mod link_token;
mod password;
mod prefill_field;
mod public_id;
mod reference_id;
mod resume_on_click;
mod role;
mod string_newtype;
mod template_id;
mod template_version_id;
mod tenant_name;
mod tenant_slug;

pub use email::Email;
pub use inquiry_id::InquiryId;
pub use lifetime::Lifetime;
pub use link_kind::LinkKind;
pub use link_token::LinkToken;
pub use password::Password;
pub use prefill_field::PrefillField;
pub use public_id::{random_token, PublicId};
pub use reference_id::ReferenceId;
pub use resume_on_click::ResumeOnClick;
pub use role::Role;
pub use template_id::TemplateId;
pub use template_version_id::TemplateVersionId;
pub use tenant_name::TenantName;
pub use tenant_slug::TenantSlug;

#[cfg(test)]
mod decoding_properties {
    //! Decoders of untrusted input never panic, and accept only what they promise.
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn link_tokens_accept_only_32_url_safe_characters(input in ".{0,64}") {
            if let Some(token) = LinkToken::parse(&input) {
                prop_assert_eq!(token.expose().len(), 32);
                prop_assert!(token.expose().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            }
        }

        #[test]
        fn public_ids_keep_their_prefix_and_safe_characters(input in ".{0,80}") {
            if let Some(id) = PublicId::parse("lnk", &input) {
                prop_assert!(id.as_str().starts_with("lnk_"));
                prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            }
        }

        #[test]
        fn emails_never_contain_whitespace_or_controls(input in "\\PC{0,300}") {
            if let Ok(email) = Email::parse(&input) {
                prop_assert!(email.as_str().len() <= Email::MAX_LEN);
                prop_assert!(!email.as_str().chars().any(|c| c.is_whitespace() || c.is_control()));
            }
        }

        #[test]
        fn prefill_values_are_bounded_and_single_line(value in "\\PC{0,300}") {
            for field in PrefillField::ALL {
                if let Ok(parsed) = field.parse_value(&value) {
                    prop_assert!(parsed.chars().count() <= 200);
                    prop_assert!(!parsed.chars().any(char::is_control));
                }
            }
        }

        #[test]
        fn lifetimes_are_positive_and_bounded(input in "-?[0-9]{0,20}") {
            if let Ok(lifetime) = Lifetime::parse(&input) {
                prop_assert!(lifetime.seconds() > 0);
                prop_assert!(lifetime.seconds() <= 10 * 365 * Lifetime::DAY);
            }
        }
    }
}
