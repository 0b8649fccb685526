//! The audit trail. Callers pass ids and labels only: never a token, code, key or PII.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::{
    db::now,
    entities::{audit_events, memberships},
};

use super::TenantScope;

pub struct AuditEntry<'a> {
    pub tenant_id: Option<i32>,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub details: Option<serde_json::Value>,
}

/// Appends an event to the trail of the tenant the entry names (none for the operator's
/// own actions); writes only, so it takes no scope.
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

/// A login's own event (sign-in, password, second factor): one row in the trail of each
/// tenant the login works in, or one without a tenant for an operator.
pub async fn record_for_login(
    db: &impl ConnectionTrait,
    user_id: i32,
    entry: AuditEntry<'_>,
) -> Result<(), DbErr> {
    let tenant_ids: Vec<i32> = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.tenant_id)
        .collect();
    if tenant_ids.is_empty() {
        return record(db, entry).await;
    }
    for tenant_id in tenant_ids {
        record(
            db,
            AuditEntry {
                tenant_id: Some(tenant_id),
                details: entry.details.clone(),
                ..entry
            },
        )
        .await?;
    }
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

/// When `action` happened to `subject` since `since`, oldest first (limits per inquiry).
pub async fn times_since(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    action: &str,
    subject: &str,
    since: i64,
) -> Result<Vec<i64>, DbErr> {
    scope
        .audit_events()
        .select_only()
        .column(audit_events::Column::CreatedAt)
        .filter(audit_events::Column::Action.eq(action))
        .filter(audit_events::Column::Subject.eq(subject))
        .filter(audit_events::Column::CreatedAt.gte(since))
        .order_by_asc(audit_events::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await
}

/// The names to show for the tenant's own `user:usr_…` actors and subjects: their emails.
pub async fn team_names(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<std::collections::HashMap<String, String>, DbErr> {
    Ok(super::memberships::list_in_tenant(db, scope)
        .await?
        .into_iter()
        .map(|member| {
            let user = member.user;
            (format!("user:{}", user.public_id), user.email)
        })
        .collect())
}

/// The audit subject of a link: how its events are found for its timeline and filters.
pub fn link_subject(public_id: &str) -> String {
    format!("link:{public_id}")
}

/// The audit subject of an inquiry (`inq_…`): its resumes and refusals, counted per inquiry.
pub fn inquiry_subject(provider_inquiry_id: &str) -> String {
    format!("inquiry:{provider_inquiry_id}")
}

/// The latest `limit` events about one subject (`link:lnk_…`), newest first.
pub async fn for_subject(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    subject: &str,
    limit: u64,
) -> Result<Vec<audit_events::Model>, DbErr> {
    for_subjects(db, scope, &[subject.to_owned()], limit).await
}

/// The latest `limit` events about any of `subjects` (a link and its inquiries), newest first.
pub async fn for_subjects(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    subjects: &[String],
    limit: u64,
) -> Result<Vec<audit_events::Model>, DbErr> {
    scope
        .audit_events()
        .filter(audit_events::Column::Subject.is_in(subjects.iter().map(String::as_str)))
        .order_by_desc(audit_events::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// What the audit page and its CSV export may narrow the trail to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub subject: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
}

/// Newest first, `limit` events of the tenant matching `filter`, older than the event
/// `before` (keyset pagination: stable while new events arrive).
pub async fn search(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<audit_events::Model>, DbErr> {
    let mut query = scope.audit_events();
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_events::Column::Actor.eq(actor.as_str()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::Column::Action.eq(action.as_str()));
    }
    if let Some(subject) = &filter.subject {
        query = query.filter(audit_events::Column::Subject.eq(subject.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::Column::CreatedAt.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_events::Column::CreatedAt.lt(until));
    }
    if let Some(before) = before {
        query = query.filter(audit_events::Column::Id.lt(before));
    }
    query
        .order_by_desc(audit_events::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The distinct actions in the tenant's trail, for the filter's choices.
pub async fn actions(db: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<String>, DbErr> {
    scope
        .audit_events()
        .select_only()
        .column(audit_events::Column::Action)
        .distinct()
        .order_by_asc(audit_events::Column::Action)
        .into_tuple()
        .all(db)
        .await
}

/// Names people read for the subjects of `events`: a link's reference id (`link:lnk_…`)
/// and a template's name (`template:itmpl_…`), where the tenant has them.
pub async fn subject_names(
    db: &impl ConnectionTrait,
    scope: TenantScope,
    events: &[audit_events::Model],
) -> Result<std::collections::HashMap<String, String>, DbErr> {
    use crate::entities::links;
    let link_ids: Vec<&str> = events
        .iter()
        .filter_map(|event| event.subject.as_deref()?.strip_prefix("link:"))
        .collect();
    let mut names = std::collections::HashMap::new();
    if !link_ids.is_empty() {
        let referenced = scope
            .links()
            .filter(links::Column::PublicId.is_in(link_ids))
            .filter(links::Column::ReferenceId.is_not_null())
            .all(db)
            .await?;
        for link in referenced {
            if let Some(reference) = link.reference_id {
                names.insert(link_subject(&link.public_id), reference);
            }
        }
    }
    let mentions_templates = events.iter().any(|event| {
        event
            .subject
            .as_deref()
            .is_some_and(|subject| subject.starts_with("template:"))
    });
    if mentions_templates {
        for template in scope.template_connections().all(db).await? {
            names.insert(
                format!("template:{}", template.provider_template_id),
                template.name,
            );
        }
    }
    Ok(names)
}
