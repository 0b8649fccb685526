//! Tenants' brands, kept in memory: every end-user page shows one, and first contact (a
//! mail scanner's too) must not cost a database query. Changes invalidate explicitly.

use std::{sync::Arc, time::Duration};

use moka::sync::Cache;

use crate::domain::Brand;

#[derive(Clone)]
pub struct BrandCache {
    entries: Cache<i32, Arc<Brand>>,
}

impl BrandCache {
    pub fn new(capacity: u64) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                // A safety net: every change also invalidates explicitly.
                .time_to_live(Duration::from_secs(300))
                .build(),
        }
    }

    pub fn get(&self, tenant_id: i32) -> Option<Arc<Brand>> {
        self.entries.get(&tenant_id)
    }

    pub fn insert(&self, tenant_id: i32, brand: Arc<Brand>) {
        self.entries.insert(tenant_id, brand);
    }

    pub fn invalidate(&self, tenant_id: i32) {
        self.entries.invalidate(&tenant_id);
    }

    pub fn invalidate_all(&self) {
        self.entries.invalidate_all();
    }
}
