//! Unit tests of `src/provider/config.rs` (a child module of it, so private items are in reach).

use std::path::PathBuf;

use super::*;
use crate::config::LoginThrottleSettings;

fn settings(provider: ProviderKind) -> Settings {
    Settings {
        database_url: String::new(),
        bind: "127.0.0.1:0".into(),
        public_url: "http://127.0.0.1:8080/".into(),
        data_dir: PathBuf::from("."),
        session_key: vec![1; 64],
        data_key: vec![2; 32],
        provider,
        persona_api_base: "https://api.withpersona.com/api/v1".into(),
        persona_api_key: None,
        persona_webhook_secret: None,
        persona_hosted_flow_url: String::new(),
        persona_environment_id: None,
        sandbox_api_key: "sbx_key".into(),
        sandbox_webhook_url: None,
        sandbox_redirect_hosts: Vec::new(),
        sandbox_embed_origins: Vec::new(),
        redis_url: None,
        trusted_proxies: Vec::new(),
        redis_namespace: "test".into(),
        session_idle_timeout: Duration::from_secs(60),
        session_absolute_timeout: Duration::from_secs(60),
        login: LoginThrottleSettings::default(),
        operator_require_mfa: false,
        database_max_connections: 1,
        reconcile_interval: Duration::from_secs(60),
        provider_deadline: Duration::from_secs(15),
        request_read_timeout: Duration::from_secs(10),
        metrics_token: None,
        mail: crate::config::MailSettings::outbox_only("http://127.0.0.1"),
        tenant_webhooks: Default::default(),
        oidc_allow_private: false,
    }
}

#[test]
fn sandbox_mode_talks_to_the_portals_own_sandbox_api_with_the_sandbox_key() {
    let config = ProviderConfig::from_settings(&settings(ProviderKind::Sandbox)).unwrap();
    assert_eq!(
        config.api_base.as_str(),
        "http://127.0.0.1:8080/sandbox/api/v1"
    );
    assert_eq!(config.api_key, "sbx_key");
    assert_eq!(config.persona_version, "2023-01-05");
    assert_eq!(config.timeout, Duration::from_secs(10));
    assert_eq!(config.max_retries, 3);
    assert_eq!(config.backoff_base, Duration::from_millis(200));
}

#[test]
fn persona_mode_needs_an_api_key() {
    let error = ProviderConfig::from_settings(&settings(ProviderKind::Persona)).unwrap_err();
    assert!(error.to_string().contains("PERSONA_API_KEY"));

    let mut with_key = settings(ProviderKind::Persona);
    with_key.persona_api_key = Some("persona_production_key".into());
    let config = ProviderConfig::from_settings(&with_key).unwrap();
    assert_eq!(
        config.api_base.as_str(),
        "https://api.withpersona.com/api/v1"
    );
    assert_eq!(config.api_key, "persona_production_key");
}

#[test]
fn debug_output_hides_the_api_key() {
    let mut with_key = settings(ProviderKind::Persona);
    with_key.persona_api_key = Some("persona_production_key".into());
    let config = ProviderConfig::from_settings(&with_key).unwrap();
    assert!(!format!("{config:?}").contains("persona_production_key"));
}
