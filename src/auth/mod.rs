//! Who is asking, and may they: passwords, sessions, CSRF, login throttling, roles.

pub mod api_keys;
pub mod csrf;
pub mod current_user;
pub mod key_admin;
pub mod key_grants;
pub mod login;
pub mod metrics_access;
pub mod passkey_sign_in;
pub mod passkeys;
pub mod second_factor;
pub mod session_scope;
pub mod session_store;
pub mod tenant_switch;
pub mod upload;

pub use crate::passwords::PasswordHasher;
pub use csrf::{CsrfToken, LoginCsrfForm, ProtectedForm};
pub use current_user::{CurrentUser, EnrollingUser, OperatorUser, TenantUser};
pub use key_grants::{requires, Authorized};
pub use upload::{ProtectedUpload, CSV_MAX_BYTES};
