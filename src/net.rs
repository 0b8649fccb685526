//! The address a request comes from, for per-address throttles. Behind a load balancer
//! every request arrives from the balancer, so with `PORTAL_TRUSTED_PROXIES` naming it the
//! portal reads `X-Forwarded-For` instead; from anyone else the header is ignored, since
//! anyone can send it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use actix_web::{web, HttpRequest};
use ipnet::IpNet;

/// `PORTAL_TRUSTED_PROXIES`, registered as application data so that everything reading a
/// client's address (the portal's throttles, the sandbox's limits) reads the same list.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

/// The address of the client: the connected peer, or, when the peer is a trusted proxy, the
/// nearest address in `X-Forwarded-For` that is not one.
pub fn client_ip(req: &HttpRequest) -> IpAddr {
    let peer = req
        .peer_addr()
        .map(|addr| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let trusted = req
        .app_data::<web::Data<TrustedProxies>>()
        .map(|proxies| proxies.0.as_slice())
        .unwrap_or_default();
    if trusted.is_empty() {
        return peer;
    }
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .collect();
    resolve(peer, &forwarded.join(","), trusted)
}

/// The group a client address is counted in by per-address throttles: an IPv4 address on
/// its own; an IPv6 address by its /64, since one subscriber gets a whole /64 and can pick
/// any address in it; an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) as IPv4.
pub fn address_group(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let network = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{network}/64")
            }
        },
    }
}

/// Walks the chain from the peer back towards the client, through trusted proxies only:
/// each proxy appends the address it received from, so the first untrusted address met
/// from the right is the client (anything left of it may be forged). A malformed entry
/// stops the walk at the last address known to be real.
pub fn resolve(peer: IpAddr, forwarded_for: &str, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if !is_trusted(&client) {
        return client;
    }
    for entry in forwarded_for
        .rsplit(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match entry.parse::<IpAddr>() {
            Ok(ip) => client = ip,
            Err(_) => return client,
        }
        if !is_trusted(&client) {
            return client;
        }
    }
    client
}

/// Parses `PORTAL_TRUSTED_PROXIES`: comma-separated addresses or networks (`10.0.0.0/8`).
pub fn parse_trusted_proxies(value: &str) -> Result<Vec<IpNet>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("“{entry}” is neither an address nor a network"))
        })
        .collect()
}

#[cfg(test)]
#[path = "../tests/unit/net.rs"]
mod tests;
