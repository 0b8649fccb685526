//! Logging setup and the access-log format, which never carries tokens or query strings.

use actix_web::{dev::ServiceRequest, middleware::Logger};

pub fn init_logging() {
    let env = env_logger::Env::default().default_filter_or("info,sqlx=warn,sea_orm=warn");
    // A second init (tests spawn many apps in one process) is harmless.
    let _ = env_logger::Builder::from_env(env)
        .format_timestamp_millis()
        .try_init();
}

/// The path as it may be logged: link tokens and access codes masked, no query string.
pub fn loggable_path(path: &str) -> String {
    for prefix in ["/l/", "/a/", "/sandbox/verify/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
            return format!("{prefix}***{tail}");
        }
    }
    path.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

pub fn access_log() -> Logger {
    Logger::new("%{request}xi %s %b %Dms")
        .custom_request_replace("request", |req: &ServiceRequest| {
            format!("{} {}", req.method(), loggable_path(req.path()))
        })
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn link_tokens_and_access_codes_are_masked() {
        assert_eq!(loggable_path("/l/abcdef"), "/l/***");
        assert_eq!(loggable_path("/l/abcdef/code"), "/l/***/code");
        assert_eq!(loggable_path("/a/xyz"), "/a/***");
    }

    #[test]
    fn other_paths_are_kept_without_control_characters() {
        assert_eq!(loggable_path("/links/lnk_1"), "/links/lnk_1");
        assert_eq!(loggable_path("/x\r\nforged"), "/x??forged");
    }
}
