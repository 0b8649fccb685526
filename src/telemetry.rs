//! Logging setup and the access-log format, which never carries tokens or query strings.

use actix_web::{
    dev::ServiceRequest,
    middleware::{Condition, Logger},
};

pub fn init_logging() {
    let env = env_logger::Env::default().default_filter_or("info,sqlx=warn,sea_orm=warn");
    let logger = env_logger::Builder::from_env(env)
        .format_timestamp_millis()
        .build();
    let max_level = logger.filter();
    // A second init (tests spawn many apps in one process) is harmless.
    if log::set_boxed_logger(Box::new(Guarded(logger))).is_ok() {
        log::set_max_level(max_level);
    }
}

/// Crates whose debug and trace output may carry secrets, whatever `RUST_LOG` asks for:
/// sea-orm's spans print the connection options, the database URL (and its password)
/// among them, and statements may carry bound values.
const QUIET_TARGETS: [&str; 3] = ["sqlx", "sea_orm", "sea_query"];

fn allowed(target: &str, level: log::Level) -> bool {
    level <= log::Level::Warn
        || !QUIET_TARGETS.iter().any(|quiet| {
            target
                .strip_prefix(quiet)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        })
}

/// env_logger with [`QUIET_TARGETS`] held at warnings, even under `RUST_LOG=trace` or a
/// directive naming one of their modules.
struct Guarded(env_logger::Logger);

impl log::Log for Guarded {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        allowed(metadata.target(), metadata.level()) && self.0.enabled(metadata)
    }

    fn log(&self, record: &log::Record<'_>) {
        if allowed(record.target(), record.level()) {
            self.0.log(record);
        }
    }

    fn flush(&self) {
        self.0.flush();
    }
}

/// The path as it may be logged: link tokens, access codes and invitation tokens masked,
/// no query string.
pub fn loggable_path(path: &str) -> String {
    for prefix in ["/l/", "/a/", "/sandbox/verify/", "/invitations/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
            return format!("{prefix}***{tail}");
        }
    }
    path.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The access log, or nothing when its lines would be filtered out anyway: actix's logger
/// formats every request before the log filter sees the line.
pub fn access_log() -> Condition<Logger> {
    let enabled = log::log_enabled!(target: "actix_web::middleware::logger", log::Level::Info);
    Condition::new(
        enabled,
        Logger::new("%{request}xi %s %b %Dms")
            .custom_request_replace("request", |req: &ServiceRequest| {
                format!("{} {}", req.method(), loggable_path(req.path()))
            }),
    )
}

#[cfg(test)]
#[path = "../tests/unit/telemetry.rs"]
mod tests;
