use sea_orm::entity::prelude::*;

/// The reconciler's schedule for one in-progress inquiry; no row means "check soon".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inquiry_checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub inquiry_id: i32,
    pub next_check_at: i64,
    /// The wait that led to `next_check_at`; doubled after each check that found no change.
    pub interval_seconds: i64,
    pub last_checked_at: Option<i64>,
    /// Provider errors in a row, for the logs and the operator.
    pub failures: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
