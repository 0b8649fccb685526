//! Sandbox inquiry templates and their published versions.
//!
//! Every inquiry is pinned to the version that was published when it was created, so
//! publishing a new version is how the portal's "stale version" handling is exercised.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::{
    db::{now, Database},
    domain::PublicId,
};

use super::{
    entities::{inquiries, template_versions as versions, templates},
    error::SandboxError,
    model::{check_interval, Intervals, TemplateStatus},
};

pub const MAX_TEMPLATE_NAME: usize = 200;

/// A template with its versions, newest first.
#[derive(Clone, Debug)]
pub struct TemplateWithVersions {
    pub template: templates::Model,
    pub versions: Vec<versions::Model>,
}

impl TemplateWithVersions {
    /// The latest published version: the one new inquiries are pinned to.
    pub fn latest(&self) -> Option<&versions::Model> {
        self.versions.first()
    }
}

pub fn intervals_of(version: &versions::Model) -> Intervals {
    Intervals {
        after_create_seconds: version.expire_after_create_seconds,
        after_start_seconds: version.expire_after_start_seconds,
        after_resume_seconds: version.expire_after_resume_seconds,
    }
}

/// The intervals that time an inquiry: its pinned version's, overridden by its own.
pub async fn intervals_for(
    conn: &impl ConnectionTrait,
    inquiry: &inquiries::Model,
) -> Result<Intervals, DbErr> {
    let base = find_version(conn, &inquiry.version_public_id)
        .await?
        .map(|version| intervals_of(&version))
        .unwrap_or_default();
    Ok(Intervals {
        after_create_seconds: inquiry
            .expire_after_create_seconds
            .unwrap_or(base.after_create_seconds),
        after_start_seconds: inquiry
            .expire_after_start_seconds
            .unwrap_or(base.after_start_seconds),
        after_resume_seconds: inquiry
            .expire_after_resume_seconds
            .unwrap_or(base.after_resume_seconds),
    })
}

fn check_intervals(intervals: Intervals) -> Result<(), SandboxError> {
    for (name, seconds) in [
        ("after-create", intervals.after_create_seconds),
        ("after-start", intervals.after_start_seconds),
        ("after-resume", intervals.after_resume_seconds),
    ] {
        check_interval(seconds).map_err(|message| {
            SandboxError::unprocessable(format!("Expiration {name}: {message}"))
        })?;
    }
    Ok(())
}

pub fn check_template_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        Err("Give the template a name.".into())
    } else if name.chars().count() > MAX_TEMPLATE_NAME {
        Err(format!("Use at most {MAX_TEMPLATE_NAME} characters."))
    } else if name.chars().any(char::is_control) {
        Err("Use a name without control characters.".into())
    } else {
        Ok(name.to_owned())
    }
}

/// Creates a template with its first published version.
pub async fn create_template(
    db: &Database,
    name: &str,
    intervals: Intervals,
) -> Result<TemplateWithVersions, SandboxError> {
    let name = check_template_name(name).map_err(SandboxError::unprocessable)?;
    check_intervals(intervals)?;
    let write = db.begin_write().await?;
    let created = insert_template(&*write, &name, None, intervals).await?;
    write.commit().await?;
    Ok(created)
}

pub(crate) async fn insert_template(
    conn: &impl ConnectionTrait,
    name: &str,
    seed_key: Option<&str>,
    intervals: Intervals,
) -> Result<TemplateWithVersions, DbErr> {
    let at = now();
    let template = templates::ActiveModel {
        public_id: Set(PublicId::generate("itmpl").into_string()),
        name: Set(name.to_owned()),
        status: Set(TemplateStatus::Active.as_str().into()),
        seed_key: Set(seed_key.map(str::to_owned)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let version = insert_version(conn, template.id, "v1", intervals, at).await?;
    Ok(TemplateWithVersions {
        template,
        versions: vec![version],
    })
}

async fn insert_version(
    conn: &impl ConnectionTrait,
    template_id: i32,
    name: &str,
    intervals: Intervals,
    at: i64,
) -> Result<versions::Model, DbErr> {
    versions::ActiveModel {
        public_id: Set(PublicId::generate("itmplv").into_string()),
        template_id: Set(template_id),
        name: Set(name.to_owned()),
        expire_after_create_seconds: Set(intervals.after_create_seconds),
        expire_after_start_seconds: Set(intervals.after_start_seconds),
        expire_after_resume_seconds: Set(intervals.after_resume_seconds),
        published_at: Set(at),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Publishes a new version of the template with the latest version's intervals; inquiries
/// created before it stay pinned to their old version.
pub async fn publish_new_version(
    db: &Database,
    template_id: &str,
) -> Result<versions::Model, SandboxError> {
    let write = db.begin_write().await?;
    let template = find_template(&*write, template_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry template with this id."))?;
    let intervals = latest_version(&*write, template.id)
        .await?
        .map(|version| intervals_of(&version))
        .unwrap_or_default();
    let count = versions::Entity::find()
        .filter(versions::Column::TemplateId.eq(template.id))
        .count(&*write)
        .await?;
    let at = now();
    let version = insert_version(
        &*write,
        template.id,
        &format!("v{}", count + 1),
        intervals,
        at,
    )
    .await?;
    touch_template(&*write, template, at).await?;
    write.commit().await?;
    Ok(version)
}

/// Changes the intervals of the latest published version in place. This deliberately
/// publishes nothing, so re-timing a template does not make its inquiries stale.
pub async fn set_intervals(
    db: &Database,
    template_id: &str,
    intervals: Intervals,
) -> Result<versions::Model, SandboxError> {
    check_intervals(intervals)?;
    let write = db.begin_write().await?;
    let template = find_template(&*write, template_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("No inquiry template with this id."))?;
    let version = latest_version(&*write, template.id)
        .await?
        .ok_or_else(|| SandboxError::not_found("The template has no published version."))?;
    let mut active: versions::ActiveModel = version.into();
    active.expire_after_create_seconds = Set(intervals.after_create_seconds);
    active.expire_after_start_seconds = Set(intervals.after_start_seconds);
    active.expire_after_resume_seconds = Set(intervals.after_resume_seconds);
    let version = active.update(&*write).await?;
    touch_template(&*write, template, now()).await?;
    write.commit().await?;
    Ok(version)
}

async fn touch_template(
    conn: &impl ConnectionTrait,
    template: templates::Model,
    at: i64,
) -> Result<(), DbErr> {
    let mut active: templates::ActiveModel = template.into();
    active.updated_at = Set(at);
    active.update(conn).await?;
    Ok(())
}

pub async fn find_template(
    conn: &impl ConnectionTrait,
    public_id: &str,
) -> Result<Option<templates::Model>, DbErr> {
    templates::Entity::find()
        .filter(templates::Column::PublicId.eq(public_id))
        .one(conn)
        .await
}

pub async fn find_template_by_id(
    conn: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<templates::Model>, DbErr> {
    templates::Entity::find_by_id(id).one(conn).await
}

pub async fn find_version(
    conn: &impl ConnectionTrait,
    public_id: &str,
) -> Result<Option<versions::Model>, DbErr> {
    versions::Entity::find()
        .filter(versions::Column::PublicId.eq(public_id))
        .one(conn)
        .await
}

pub async fn latest_version(
    conn: &impl ConnectionTrait,
    template_id: i32,
) -> Result<Option<versions::Model>, DbErr> {
    versions::Entity::find()
        .filter(versions::Column::TemplateId.eq(template_id))
        .order_by_desc(versions::Column::Id)
        .one(conn)
        .await
}

/// Versions newest first, of one template or of all.
pub async fn list_versions(
    conn: &impl ConnectionTrait,
    template_id: Option<i32>,
) -> Result<Vec<versions::Model>, DbErr> {
    let mut query = versions::Entity::find();
    if let Some(template_id) = template_id {
        query = query.filter(versions::Column::TemplateId.eq(template_id));
    }
    query.order_by_desc(versions::Column::Id).all(conn).await
}

/// Every template with its versions, oldest template first.
pub async fn list_templates(
    conn: &impl ConnectionTrait,
) -> Result<Vec<TemplateWithVersions>, DbErr> {
    let templates = templates::Entity::find()
        .order_by_asc(templates::Column::Id)
        .all(conn)
        .await?;
    let mut versions = list_versions(conn, None).await?;
    Ok(templates
        .into_iter()
        .map(|template| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut versions)
                .into_iter()
                .partition(|version| version.template_id == template.id);
            versions = rest;
            TemplateWithVersions {
                template,
                versions: mine,
            }
        })
        .collect())
}
