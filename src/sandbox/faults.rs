//! Fault injection for tests: latency, 5xx, 429 and dropped webhooks, set through the
//! sandbox-only `_faults` endpoint and held in memory.

use std::{sync::Mutex, time::Duration};

use serde::{Deserialize, Serialize};

/// More latency than this would only make a test hang.
pub const MAX_LATENCY_MS: u64 = 60_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FaultState {
    pub latency_ms: u64,
    pub fail_next: u32,
    pub rate_limit_next: u32,
    pub drop_webhooks: bool,
}

/// A `POST _faults` body: the given settings replace the current ones, the others stay.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultUpdate {
    pub latency_ms: Option<u64>,
    pub fail_next: Option<u32>,
    pub rate_limit_next: Option<u32>,
    pub drop_webhooks: Option<bool>,
}

/// What one API call must suffer before it is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InjectedAnswer {
    ServerError,
    RateLimited,
}

#[derive(Default)]
pub struct Faults(Mutex<FaultState>);

impl Faults {
    fn state(&self) -> std::sync::MutexGuard<'_, FaultState> {
        // The state is plain data: a panic elsewhere cannot leave it half-written.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn current(&self) -> FaultState {
        *self.state()
    }

    pub fn apply(&self, update: FaultUpdate) -> FaultState {
        let mut state = self.state();
        if let Some(latency_ms) = update.latency_ms {
            state.latency_ms = latency_ms.min(MAX_LATENCY_MS);
        }
        if let Some(fail_next) = update.fail_next {
            state.fail_next = fail_next;
        }
        if let Some(rate_limit_next) = update.rate_limit_next {
            state.rate_limit_next = rate_limit_next;
        }
        if let Some(drop_webhooks) = update.drop_webhooks {
            state.drop_webhooks = drop_webhooks;
        }
        *state
    }

    pub fn reset(&self) -> FaultState {
        let mut state = self.state();
        *state = FaultState::default();
        *state
    }

    /// Consumes one injected answer, 429s first (a rate limit is checked before the work).
    pub fn take_for_call(&self) -> (Duration, Option<InjectedAnswer>) {
        let mut state = self.state();
        let latency = Duration::from_millis(state.latency_ms);
        let answer = if state.rate_limit_next > 0 {
            state.rate_limit_next -= 1;
            Some(InjectedAnswer::RateLimited)
        } else if state.fail_next > 0 {
            state.fail_next -= 1;
            Some(InjectedAnswer::ServerError)
        } else {
            None
        };
        (latency, answer)
    }

    pub fn drop_webhooks(&self) -> bool {
        self.state().drop_webhooks
    }
}

#[cfg(test)]
#[path = "../../tests/unit/sandbox_faults.rs"]
mod tests;
