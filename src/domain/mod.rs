//! Newtypes that parse input at the edge; once built, a value is known to be valid. The
//! enums stored in text columns (states, kinds, roles, policy choices) live here too.

mod allowed_networks;
mod api_scope;
mod brand;
mod bulk_status;
mod delivery_status;
mod email;
mod email_domain;
mod field_errors;
mod inquiry_id;
mod inquiry_status;
mod invitation_status;
mod language;
mod lifetime;
mod link_kind;
mod link_state;
mod link_token;
mod message_kind;
mod message_state;
mod password;
mod prefill_field;
mod public_id;
mod reference_id;
mod resume_on_click;
mod role;
mod stale_action;
mod stored_enum;
mod string_newtype;
mod template_id;
mod template_version_id;
mod tenant_name;
mod tenant_slug;
mod webhook_event;
mod webhook_event_type;

pub use allowed_networks::AllowedNetworks;
pub use api_scope::{ApiScope, ApiScopes};
pub use brand::{AccentColour, Brand, SupportContact};
pub use bulk_status::{BulkCounts, BulkJobStatus, BulkRowStatus};
pub use delivery_status::DeliveryStatus;
pub use email::Email;
pub use email_domain::EmailDomain;
pub use field_errors::FieldErrors;
pub use inquiry_id::InquiryId;
pub use inquiry_status::InquiryStatus;
pub use invitation_status::InvitationStatus;
pub use language::Language;
pub use lifetime::{duration_in_words, Lifetime};
pub use link_kind::LinkKind;
pub use link_state::LinkState;
pub use link_token::LinkToken;
pub use message_kind::MessageKind;
pub use message_state::MessageState;
pub use password::Password;
pub use prefill_field::PrefillField;
pub use public_id::{random_token, PublicId};
pub use reference_id::ReferenceId;
pub use resume_on_click::ResumeOnClick;
pub use role::Role;
pub use stale_action::StaleAction;
pub use template_id::TemplateId;
pub use template_version_id::TemplateVersionId;
pub use tenant_name::TenantName;
pub use tenant_slug::TenantSlug;
pub use webhook_event::WebhookEvent;
pub use webhook_event_type::WebhookEventType;

#[cfg(test)]
#[path = "../../tests/unit/domain.rs"]
mod decoding_properties;
