//! Newtypes that parse input at the edge; once built, a value is known to be valid.

mod email;
mod inquiry_id;
mod password;
mod public_id;
mod reference_id;
mod role;
mod string_newtype;
mod template_id;
mod template_version_id;
mod tenant_name;
mod tenant_slug;

pub use email::Email;
pub use inquiry_id::InquiryId;
pub use password::Password;
pub use public_id::{random_token, PublicId};
pub use reference_id::ReferenceId;
pub use role::Role;
pub use template_id::TemplateId;
pub use template_version_id::TemplateVersionId;
pub use tenant_name::TenantName;
pub use tenant_slug::TenantSlug;
