//! One lock per inquiry being resumed, in this process (the cluster lock covers the others).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex as StdMutex},
};

use tokio::sync::Mutex;

/// One lock per inquiry being resumed, so a burst of callers causes one resume.
#[derive(Default)]
pub struct ResumeLocks {
    locks: StdMutex<HashMap<i32, Arc<Mutex<()>>>>,
}

impl ResumeLocks {
    pub(crate) fn lock_for(&self, inquiry_id: i32) -> Arc<Mutex<()>> {
        match self.locks.lock() {
            Ok(mut locks) => {
                // Forget locks nobody holds, so the map stays small.
                locks.retain(|_, lock| Arc::strong_count(lock) > 1);
                locks.entry(inquiry_id).or_default().clone()
            }
            Err(_) => Arc::new(Mutex::new(())),
        }
    }
}
