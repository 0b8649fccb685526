//! Where the hosted flow may send a browser when it is done. Anyone can craft a creation
//! link with any `redirect-uri`, so following it blindly would make the portal's own
//! address an open redirect (a trusted link that lands on a phishing page). Only the
//! portal's own origin and the hosts the operator lists in `PORTAL_SANDBOX_REDIRECT_HOSTS`
//! are followed.

use url::{Origin, Url};

#[derive(Clone, Debug)]
pub struct RedirectPolicy {
    portal: Origin,
    /// Normalised host names (see `config::redirect_hosts`), any port and either scheme.
    hosts: Vec<String>,
}

impl RedirectPolicy {
    pub fn new(public_url: &str, hosts: &[String]) -> Self {
        let portal = Url::parse(public_url)
            .map(|url| url.origin())
            // An unreadable public URL matches nothing but itself.
            .unwrap_or_else(|_| Origin::new_opaque());
        Self {
            portal,
            hosts: hosts.to_vec(),
        }
    }

    pub fn allows(&self, redirect_uri: &str) -> bool {
        let Ok(url) = Url::parse(redirect_uri) else {
            return false;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return false;
        }
        url.origin() == self.portal
            || url
                .host_str()
                .is_some_and(|host| self.hosts.iter().any(|allowed| allowed == host))
    }

    /// True when the inquiry has a `redirect-uri` and it may not be followed.
    pub fn refuses(&self, redirect_uri: Option<&str>) -> bool {
        redirect_uri.is_some_and(|uri| !self.allows(uri))
    }
}

#[cfg(test)]
#[path = "../../../tests/unit/sandbox_redirects.rs"]
mod tests;
