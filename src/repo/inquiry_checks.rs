//! The reconciler's per-inquiry schedule. Rows belong to inquiries (deleted with them) and
//! carry no tenant data of their own.

use sea_orm::{sea_query::OnConflict, ConnectionTrait, DbErr, EntityTrait, Set};

use crate::entities::inquiry_checks;

pub async fn find(
    db: &impl ConnectionTrait,
    inquiry_id: i32,
) -> Result<Option<inquiry_checks::Model>, DbErr> {
    inquiry_checks::Entity::find_by_id(inquiry_id).one(db).await
}

/// Records a check made at `checked_at` and when to make the next one.
pub async fn schedule(
    db: &impl ConnectionTrait,
    check: inquiry_checks::Model,
) -> Result<(), DbErr> {
    inquiry_checks::Entity::insert(inquiry_checks::ActiveModel {
        inquiry_id: Set(check.inquiry_id),
        next_check_at: Set(check.next_check_at),
        interval_seconds: Set(check.interval_seconds),
        last_checked_at: Set(check.last_checked_at),
        failures: Set(check.failures),
    })
    .on_conflict(
        OnConflict::column(inquiry_checks::Column::InquiryId)
            .update_columns([
                inquiry_checks::Column::NextCheckAt,
                inquiry_checks::Column::IntervalSeconds,
                inquiry_checks::Column::LastCheckedAt,
                inquiry_checks::Column::Failures,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
