//! The demo template every sandbox starts with, so a first run can issue a link at once.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::db::Database;

use super::{
    entities::templates, error::SandboxError, model::Intervals, templates as template_store,
};

pub const DEMO_TEMPLATE_NAME: &str = "Demo KYC";
const DEMO_SEED_KEY: &str = "demo-kyc";

/// The ids the portal needs to connect the demo template to a tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoTemplate {
    pub template_id: String,
    pub version_id: String,
}

/// Creates "Demo KYC" with one published version (24 h for every interval) unless it
/// exists; either way returns its id and its latest published version's id.
pub async fn ensure_demo_template(db: &Database) -> Result<DemoTemplate, SandboxError> {
    let write = db.begin_write().await?;
    let existing = templates::Entity::find()
        .filter(templates::Column::SeedKey.eq(DEMO_SEED_KEY))
        .one(&*write)
        .await?;
    let demo = match existing {
        Some(template) => {
            let version = template_store::latest_version(&*write, template.id)
                .await?
                .ok_or_else(|| {
                    SandboxError::internal(anyhow::anyhow!("demo template has no version"))
                })?;
            DemoTemplate {
                template_id: template.public_id,
                version_id: version.public_id,
            }
        }
        None => {
            let created = template_store::insert_template(
                &*write,
                DEMO_TEMPLATE_NAME,
                Some(DEMO_SEED_KEY),
                Intervals::default(),
            )
            .await?;
            let version_id = created
                .latest()
                .map(|version| version.public_id.clone())
                .unwrap_or_default();
            DemoTemplate {
                template_id: created.template.public_id,
                version_id,
            }
        }
    };
    write.commit().await?;
    Ok(demo)
}
