//! One-shot messages shown after a redirect (Post/Redirect/Get).

use actix_session::Session;
use serde::{Deserialize, Serialize};

const KEY: &str = "flash";

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Success,
    Error,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Flash {
    pub level: Level,
    pub message: String,
}

impl Flash {
    pub fn success(session: &Session, message: impl Into<String>) {
        Self::set(session, Level::Success, message.into());
    }

    pub fn error(session: &Session, message: impl Into<String>) {
        Self::set(session, Level::Error, message.into());
    }

    fn set(session: &Session, level: Level, message: String) {
        // A flash that cannot be stored is only a lost notice, not a failed request.
        if let Err(error) = session.insert(KEY, Flash { level, message }) {
            log::warn!("could not store a flash message: {error}");
        }
    }

    pub fn take(session: &Session) -> Option<Flash> {
        session.remove_as::<Flash>(KEY).and_then(Result::ok)
    }
}
