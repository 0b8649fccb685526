//! Provider webhook event ids already processed: the dedupe of repeated deliveries.

use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::{db::now, entities::processed_webhook_events};

/// Claims `event_id`: true the first time, false for a delivery already processed. Run in
/// the transaction that applies the event, so a failure leaves the event unclaimed and the
/// provider's retry is processed.
pub async fn claim(
    db: &impl ConnectionTrait,
    event_id: &str,
    event_name: &str,
    inquiry_id: Option<i32>,
) -> Result<bool, DbErr> {
    let inserted =
        processed_webhook_events::Entity::insert(processed_webhook_events::ActiveModel {
            event_id: Set(event_id.to_owned()),
            event_name: Set(event_name.chars().take(80).collect()),
            inquiry_id: Set(inquiry_id),
            received_at: Set(now()),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(processed_webhook_events::Column::EventId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Forgets event ids received before `cutoff`: the provider stops redelivering long before.
pub async fn prune_before(db: &impl ConnectionTrait, cutoff: i64) -> Result<u64, DbErr> {
    Ok(processed_webhook_events::Entity::delete_many()
        .filter(processed_webhook_events::Column::ReceivedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
