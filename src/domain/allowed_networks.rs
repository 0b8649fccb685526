//! The networks an API key may be used from (CIDR blocks); none means anywhere.

use std::net::IpAddr;

use ipnet::IpNet;

const MAX_NETWORKS: usize = 20;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowedNetworks {
    networks: Vec<IpNet>,
    /// Set for a stored list that could not be read: then no address is allowed.
    nowhere: bool,
}

impl AllowedNetworks {
    /// Allows no address at all (for a stored list this version cannot read).
    pub fn nowhere() -> Self {
        AllowedNetworks {
            networks: Vec::new(),
            nowhere: true,
        }
    }

    /// Parses a list typed by a person or a command line: CIDR blocks or single
    /// addresses, separated by commas, spaces or line breaks. Empty means anywhere.
    pub fn parse_list(input: &str) -> Result<Self, String> {
        let mut networks = Vec::new();
        for word in input
            .split([',', ' ', '\n', '\r', '\t'])
            .filter(|w| !w.is_empty())
        {
            let network = word
                .parse::<IpNet>()
                .or_else(|_| word.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("“{word}” is not a network; write it like 10.0.0.0/8 or 2001:db8::/32.")
                })?;
            if !networks.contains(&network.trunc()) {
                networks.push(network.trunc());
            }
        }
        if networks.len() > MAX_NETWORKS {
            return Err(format!("List at most {MAX_NETWORKS} networks."));
        }
        Ok(AllowedNetworks {
            networks,
            nowhere: false,
        })
    }

    /// The networks of a stored column (NULL: anywhere).
    pub fn from_stored(stored: Option<&str>) -> Result<Self, String> {
        match stored {
            None => Ok(Self::default()),
            Some(list) => Self::parse_list(list),
        }
    }

    /// The column's value: NULL when any network may use the key.
    pub fn to_stored(&self) -> Option<String> {
        (!self.networks.is_empty()).then(|| self.to_list(" "))
    }

    pub fn to_list(&self, separator: &str) -> String {
        self.networks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(separator)
    }

    pub fn is_anywhere(&self) -> bool {
        self.networks.is_empty() && !self.nowhere
    }

    /// Whether a client at `ip` may use the key; an IPv4 address written as IPv6
    /// (`::ffff:a.b.c.d`) counts as the IPv4 address.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.is_anywhere() || self.networks.iter().any(|network| network.contains(&ip))
    }
}
