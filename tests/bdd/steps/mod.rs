//! Step definitions, one file per concept.

mod accounts;
mod browser;
mod http;
mod status;
