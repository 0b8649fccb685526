//! The audit trail. Callers pass ids and labels only: never a token, code, key or PII.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, QueryOrder, QuerySelect, Set};

use crate::{db::now, entities::audit_events};

use super::TenantScope;

pub struct AuditEntry<'a> {
    pub tenant_id: Option<i32>,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub details: Option<serde_json::Value>,
}

pub async fn record(db: &impl ConnectionTrait, entry: AuditEntry<'_>) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        tenant_id: Set(entry.tenant_id),
        actor: Set(truncate(entry.actor, 120)),
        action: Set(truncate(entry.action, 60)),
        subject: Set(entry.subject.map(|s| truncate(s, 120))),
        details: Set(entry.details.map(|d| d.to_string())),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn recent(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    limit: u64,
) -> Result<Vec<audit_events::Model>, DbErr> {
    scope
        .audit_events()
        .order_by_desc(audit_events::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

fn truncate(value: &str, max_chars: usize) -> String {
    value.chars().take(max_chars).collect()
}

/// How often `action` happened to `subject` since `since` (limits per inquiry).
pub async fn count_since(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    action: &str,
    subject: &str,
    since: i64,
) -> Result<u64, DbErr> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    scope
        .audit_events()
        .filter(audit_events::Column::Action.eq(action))
        .filter(audit_events::Column::Subject.eq(subject))
        .filter(audit_events::Column::CreatedAt.gte(since))
        .count(db)
        .await
}
