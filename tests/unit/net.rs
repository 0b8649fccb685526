//! Unit tests of `src/net.rs` (a child module of it, so private items are in reach).

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[test]
fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
    assert_eq!(resolve(ip("10.0.0.5"), "203.0.113.9", &[]), ip("10.0.0.5"));
}

#[test]
fn a_trusted_proxy_s_forwarded_address_is_the_client() {
    let trusted = parse_trusted_proxies("10.0.0.0/8").unwrap();
    assert_eq!(
        resolve(ip("10.0.0.5"), "203.0.113.9", &trusted),
        ip("203.0.113.9")
    );
}

#[test]
fn addresses_a_client_forged_left_of_the_real_one_are_ignored() {
    let trusted = parse_trusted_proxies("10.0.0.5, 10.1.0.0/16").unwrap();
    // The client sent "1.2.3.4"; the outer proxy appended the client's real address, and
    // the inner one appended the outer proxy's.
    assert_eq!(
        resolve(ip("10.0.0.5"), "1.2.3.4, 198.51.100.7, 10.1.2.3", &trusted),
        ip("198.51.100.7")
    );
}

#[test]
fn an_untrusted_peer_s_header_is_ignored() {
    let trusted = parse_trusted_proxies("10.0.0.5").unwrap();
    assert_eq!(
        resolve(ip("192.0.2.1"), "203.0.113.9", &trusted),
        ip("192.0.2.1")
    );
}

#[test]
fn a_malformed_entry_stops_at_the_last_real_address() {
    let trusted = parse_trusted_proxies("10.0.0.5").unwrap();
    assert_eq!(
        resolve(ip("10.0.0.5"), "203.0.113.9, junk", &trusted),
        ip("10.0.0.5")
    );
    assert_eq!(resolve(ip("10.0.0.5"), "", &trusted), ip("10.0.0.5"));
}

#[test]
fn the_setting_takes_addresses_and_networks_and_refuses_anything_else() {
    let parsed = parse_trusted_proxies(" 10.0.0.5 , 172.16.0.0/12, ::1 ,").unwrap();
    assert_eq!(parsed.len(), 3);
    assert!(parsed[0].contains(&ip("10.0.0.5")));
    assert!(parsed[1].contains(&ip("172.20.1.1")));
    assert!(parse_trusted_proxies("10.0.0.0/33").is_err());
    assert!(parse_trusted_proxies("proxy.internal").is_err());
}

#[test]
fn ipv6_addresses_in_one_slash_64_count_as_one_address() {
    let first = address_group(ip("2001:db8:1:2::1"));
    let same_network = address_group(ip("2001:db8:1:2:ffff:eeee:dddd:cccc"));
    let next_network = address_group(ip("2001:db8:1:3::1"));
    assert_eq!(first, "2001:db8:1:2::/64");
    assert_eq!(first, same_network);
    assert_ne!(first, next_network);
}

#[test]
fn ipv4_addresses_count_one_by_one_even_when_written_as_ipv6() {
    assert_eq!(address_group(ip("203.0.113.9")), "203.0.113.9");
    assert_ne!(
        address_group(ip("203.0.113.9")),
        address_group(ip("203.0.113.10"))
    );
    assert_eq!(address_group(ip("::ffff:203.0.113.9")), "203.0.113.9");
}
