//! Where a webhook may go: https to public addresses only (unless the operator allows
//! private ones), checked at registration and again at every delivery on the addresses the
//! name resolves to then, and the request is sent to the very address that was checked.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::Url;

/// The longest endpoint URL accepted.
pub const MAX_URL_LEN: usize = 2000;

/// Parses an endpoint URL as typed or sent: absolute, https (http too when private
/// addresses are allowed, for tests and self-hosted setups), a host, no credentials.
pub fn parse_url(input: &str, allow_private: bool) -> Result<Url, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("Enter the URL your backend receives webhooks at.".into());
    }
    if input.len() > MAX_URL_LEN {
        return Err(format!("The URL is longer than {MAX_URL_LEN} characters."));
    }
    let url = Url::parse(input)
        .map_err(|_| "Enter a full URL, like https://example.com/hooks.".to_owned())?;
    let scheme_ok = url.scheme() == "https" || (allow_private && url.scheme() == "http");
    if !scheme_ok {
        return Err("The URL must start with https://.".into());
    }
    if url.host().is_none() {
        return Err("The URL must name a host.".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("The URL must not carry a user name or password.".into());
    }
    if url.fragment().is_some() {
        return Err("The URL must not have a #fragment.".into());
    }
    Ok(url)
}

/// Resolves the URL's host and checks every address it names; returns the address to
/// connect to. A name with any non-public address is refused (a rebinding answer mixes them).
pub async fn resolve_checked(url: &Url, allow_private: bool) -> Result<SocketAddr, String> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(name)) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| format!("The host {name} cannot be resolved."))?
            .collect(),
        None => return Err("The URL must name a host.".into()),
    };
    let first = *addresses
        .first()
        .ok_or_else(|| "The host has no address.".to_owned())?;
    if !allow_private {
        if let Some(refused) = addresses.iter().find(|address| !is_public(address.ip())) {
            return Err(format!(
                "The host resolves to {}, which is not a public address.",
                refused.ip()
            ));
        }
    }
    Ok(first)
}

/// Whether an address is on the public internet: not loopback, private, link-local,
/// unique-local, carrier-grade NAT, multicast, unspecified, documentation or reserved
/// (IPv4-mapped and NAT64 IPv6 addresses are judged by their IPv4 address).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let refused = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240;
    !refused
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., hi, lo] = segments;
        return is_public_v4(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    }
    let refused = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00
        || (segments[0] & 0xffc0) == 0xfe80
        || (segments[0] & 0xffc0) == 0xfec0
        || (segments[0] == 0x2001 && segments[1] == 0x0db8)
        // IPv4-compatible (deprecated) addresses, ::a.b.c.d.
        || segments[..6] == [0, 0, 0, 0, 0, 0];
    !refused
}

#[cfg(test)]
#[path = "../../tests/unit/tenant_webhooks_address.rs"]
mod tests;
