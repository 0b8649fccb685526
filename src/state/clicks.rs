//! Click counting off the hot path: the click adds to an in-memory tally, and a job
//! writes the tallies in one batch every few seconds (and at shutdown).

use std::{collections::HashMap, sync::Mutex};

use crate::{db::Database, repo};

#[derive(Default)]
pub struct ClickCounter {
    pending: Mutex<HashMap<i32, (i64, i64)>>,
}

impl ClickCounter {
    pub fn record(&self, link_id: i32, at: i64) {
        if let Ok(mut pending) = self.pending.lock() {
            let entry = pending.entry(link_id).or_insert((0, at));
            entry.0 += 1;
            entry.1 = entry.1.max(at);
        }
    }

    /// How many links have clicks waiting to be written (a queue depth for metrics).
    pub fn pending_links(&self) -> usize {
        self.pending
            .lock()
            .map(|pending| pending.len())
            .unwrap_or(0)
    }

    fn take(&self) -> HashMap<i32, (i64, i64)> {
        self.pending
            .lock()
            .map(|mut pending| std::mem::take(&mut *pending))
            .unwrap_or_default()
    }

    /// Writes every pending tally; what cannot be written is put back for the next try.
    pub async fn flush(&self, db: &Database) -> usize {
        let batch = self.take();
        let mut written = 0;
        for (link_id, (clicks, last_at)) in batch {
            match repo::links::add_clicks(&db.connection, link_id, clicks, last_at).await {
                Ok(()) => written += 1,
                Err(error) => {
                    log::warn!("could not write click counts: {error}");
                    if let Ok(mut pending) = self.pending.lock() {
                        let entry = pending.entry(link_id).or_insert((0, last_at));
                        entry.0 += clicks;
                        entry.1 = entry.1.max(last_at);
                    }
                }
            }
        }
        written
    }
}

#[cfg(test)]
#[path = "../../tests/unit/links_clicks.rs"]
mod tests;
