//! Links: issuing, the end user's click, policies, session tokens and access links.

pub mod browser;
pub mod clicks;
