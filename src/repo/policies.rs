//! Tenant policy: a row per tenant once changed; defaults until then.

use sea_orm::{sea_query::OnConflict, ConnectionTrait, DbErr, EntityTrait, Set};

use crate::{
    db::now,
    domain::{Lifetime, StaleAction},
    entities::tenant_policies,
};

use super::TenantScope;

/// The policy every tenant starts with.
pub fn defaults(tenant_id: i32) -> tenant_policies::Model {
    tenant_policies::Model {
        tenant_id,
        default_link_seconds: 7 * Lifetime::DAY,
        max_link_seconds: 30 * Lifetime::DAY,
        ceiling_link_seconds: 30 * Lifetime::DAY,
        max_resume_age_seconds: 30 * Lifetime::DAY,
        stale_version_action: StaleAction::default(),
        min_token_remaining_seconds: 15 * 60,
        access_link_seconds: Lifetime::DAY,
        resumes_per_inquiry_per_hour: 20,
        access_links_per_inquiry_per_hour: 20,
        api_requests_per_minute: 600,
        static_inquiries_per_ip_per_hour: 10,
        reminder_offsets_seconds: "172800,14400".into(),
        self_service_extension_seconds: 0,
        updated_at: 0,
    }
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<tenant_policies::Model, DbErr> {
    Ok(tenant_policies::Entity::find_by_id(scope.tenant_id())
        .one(db)
        .await?
        .unwrap_or_else(|| defaults(scope.tenant_id())))
}

pub async fn save(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    policy: &tenant_policies::Model,
) -> Result<(), DbErr> {
    let row = tenant_policies::ActiveModel {
        tenant_id: Set(scope.tenant_id()),
        default_link_seconds: Set(policy.default_link_seconds),
        max_link_seconds: Set(policy.max_link_seconds),
        ceiling_link_seconds: Set(policy.ceiling_link_seconds),
        max_resume_age_seconds: Set(policy.max_resume_age_seconds),
        stale_version_action: Set(policy.stale_version_action),
        min_token_remaining_seconds: Set(policy.min_token_remaining_seconds),
        access_link_seconds: Set(policy.access_link_seconds),
        resumes_per_inquiry_per_hour: Set(policy.resumes_per_inquiry_per_hour),
        access_links_per_inquiry_per_hour: Set(policy.access_links_per_inquiry_per_hour),
        api_requests_per_minute: Set(policy.api_requests_per_minute),
        static_inquiries_per_ip_per_hour: Set(policy.static_inquiries_per_ip_per_hour),
        reminder_offsets_seconds: Set(policy.reminder_offsets_seconds.clone()),
        self_service_extension_seconds: Set(policy.self_service_extension_seconds),
        updated_at: Set(now()),
    };
    tenant_policies::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tenant_policies::Column::TenantId)
                .update_columns([
                    tenant_policies::Column::DefaultLinkSeconds,
                    tenant_policies::Column::MaxLinkSeconds,
                    tenant_policies::Column::CeilingLinkSeconds,
                    tenant_policies::Column::MaxResumeAgeSeconds,
                    tenant_policies::Column::StaleVersionAction,
                    tenant_policies::Column::MinTokenRemainingSeconds,
                    tenant_policies::Column::AccessLinkSeconds,
                    tenant_policies::Column::ResumesPerInquiryPerHour,
                    tenant_policies::Column::AccessLinksPerInquiryPerHour,
                    tenant_policies::Column::ApiRequestsPerMinute,
                    tenant_policies::Column::StaticInquiriesPerIpPerHour,
                    tenant_policies::Column::ReminderOffsetsSeconds,
                    tenant_policies::Column::SelfServiceExtensionSeconds,
                    tenant_policies::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
