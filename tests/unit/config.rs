//! Unit tests of `src/config.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn a_short_key_is_refused_with_its_name_in_the_message() {
    let error = decode_key("PORTAL_DATA_KEY", &STANDARD.encode([7u8; 16]), 32).unwrap_err();
    assert!(error.to_string().contains("PORTAL_DATA_KEY"));
    assert!(error.to_string().contains("at least 32"));
}

#[test]
fn an_all_zero_key_is_refused() {
    assert!(decode_key("K", &STANDARD.encode([0u8; 32]), 32).is_err());
}

#[test]
fn a_generated_key_is_kept_private_and_reused() {
    let dir = std::env::temp_dir().join(format!("portal-key-{}", rand::random::<u64>()));
    let first = load_key("PORTAL_DATA_KEY", None, 32, &dir).unwrap();
    let second = load_key("PORTAL_DATA_KEY", None, 32, &dir).unwrap();
    assert_eq!(first, second);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("portal_data_key.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn redirect_hosts_are_bare_host_names_normalised_and_anything_else_is_refused() {
    let hosts = redirect_hosts(Some(" Portal.Example , app.example.com,,127.0.0.1".into()));
    assert_eq!(
        hosts.unwrap(),
        ["portal.example", "app.example.com", "127.0.0.1"]
    );
    assert!(redirect_hosts(None).unwrap().is_empty());
    for bad in [
        "https://portal.example",
        "portal.example:443",
        "portal.example/done",
    ] {
        let error = redirect_hosts(Some(bad.into())).unwrap_err().to_string();
        assert!(error.contains("PORTAL_SANDBOX_REDIRECT_HOSTS") && error.contains(bad));
    }
}

#[test]
fn embed_origins_are_http_origins_spelled_as_browsers_do_and_anything_else_is_refused() {
    let origins = embed_origins(Some(
        " https://App.Example.com/ ,http://127.0.0.1:3000,,https://shop.example:443".into(),
    ));
    assert_eq!(
        origins.unwrap(),
        [
            "https://app.example.com",
            "http://127.0.0.1:3000",
            "https://shop.example"
        ]
    );
    assert!(embed_origins(None).unwrap().is_empty());
    for bad in [
        "app.example.com",
        "https://app.example.com/embed",
        "https://app.example.com/?x=1",
        "https://user@app.example.com",
        "https://*.example.com",
        "javascript:alert(1)",
        "'self'",
    ] {
        let error = embed_origins(Some(bad.into())).unwrap_err().to_string();
        assert!(
            error.contains("PORTAL_SANDBOX_EMBED_ORIGINS") && error.contains(bad),
            "{bad}: {error}"
        );
    }
}
