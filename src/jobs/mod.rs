//! Background tasks. Each runs on an interval and keeps its state in the database, so a
//! restart loses nothing.

use std::time::Duration;

use crate::db::Database;

/// Deletes expired sessions every few minutes.
pub fn spawn_session_cleanup(db: Database) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(300));
        loop {
            interval.tick().await;
            match crate::repo::sessions::delete_expired(&db.connection).await {
                Ok(0) => {}
                Ok(count) => log::debug!("removed {count} expired sessions"),
                Err(error) => log::warn!("session cleanup failed: {error}"),
            }
        }
    })
}

pub mod reconciler;
