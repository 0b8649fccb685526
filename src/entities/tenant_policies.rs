use sea_orm::entity::prelude::*;

use crate::domain::StaleAction;

/// A tenant's policy; `ceiling_link_seconds` is the operator's bound on the rest.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_policies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: i32,
    pub default_link_seconds: i64,
    pub max_link_seconds: i64,
    pub ceiling_link_seconds: i64,
    pub max_resume_age_seconds: i64,
    pub stale_version_action: StaleAction,
    pub min_token_remaining_seconds: i64,
    pub access_link_seconds: i64,
    pub resumes_per_inquiry_per_hour: i32,
    pub access_links_per_inquiry_per_hour: i32,
    pub api_requests_per_minute: i32,
    /// New inquiries a static link creates per client address (IPv6: per /64) per hour.
    pub static_inquiries_per_ip_per_hour: i32,
    /// Seconds before expiry at which an emailed link's reminders go out, comma-separated
    /// (`172800,14400`: 48 h and 4 h before); empty: none.
    pub reminder_offsets_seconds: String,
    /// How much "Email me a new link" on an expired link extends it (0: it does not).
    pub self_service_extension_seconds: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
