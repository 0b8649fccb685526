//! Newtypes that parse input at the edge; once built, a value is known to be valid.

mod email;
mod password;
mod public_id;
mod role;
mod tenant_name;
mod tenant_slug;

pub use email::Email;
pub use password::Password;
pub use public_id::{random_token, PublicId};
pub use role::Role;
pub use tenant_name::TenantName;
pub use tenant_slug::TenantSlug;
