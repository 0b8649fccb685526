use super::*;

#[test]
fn private_loopback_link_local_and_shared_addresses_are_not_public() {
    for refused in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "::7f00:1",
        "2001:db8::1",
    ] {
        let ip: IpAddr = refused.parse().unwrap();
        assert!(!is_public(ip), "{refused} must not count as public");
    }
    for allowed in [
        "93.184.216.34",
        "8.8.8.8",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",
    ] {
        let ip: IpAddr = allowed.parse().unwrap();
        assert!(is_public(ip), "{allowed} is public");
    }
}

#[test]
fn only_https_urls_without_credentials_are_accepted() {
    assert!(parse_url("https://hooks.example.com/in", false).is_ok());
    assert!(parse_url("http://hooks.example.com/in", false).is_err());
    assert!(parse_url("http://127.0.0.1:9/in", true).is_ok());
    assert!(parse_url("https://user:pw@hooks.example.com/", false).is_err());
    assert!(parse_url("ftp://hooks.example.com/", true).is_err());
    assert!(parse_url("", false).is_err());
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_unless_private_is_allowed() {
    let url = Url::parse("https://localhost:9/hook").unwrap();
    assert!(resolve_checked(&url, false).await.is_err());
    let url = Url::parse("https://127.0.0.1:9/hook").unwrap();
    assert!(resolve_checked(&url, false).await.is_err());
    assert!(resolve_checked(&url, true).await.is_ok());
}
