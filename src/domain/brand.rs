//! A tenant's brand as the end-user pages and emails use it, and the values that make
//! it up, each parsed at the edge.

use std::fmt;

use super::Email;

/// An accent colour `#rrggbb` that white text can sit on: its contrast ratio against
/// white is at least 4.5:1 (WCAG AA for normal text), so buttons stay readable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccentColour([u8; 3]);

impl AccentColour {
    pub const MIN_CONTRAST: f64 = 4.5;

    pub fn parse(input: &str) -> Result<Self, String> {
        let hex = input.trim().trim_start_matches('#');
        let valid = hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit());
        let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2).unwrap_or("zz"), 16);
        let (Ok(r), Ok(g), Ok(b)) = (channel(0), channel(2), channel(4)) else {
            return Err("Enter a colour as six hex digits, like #1d4ed8.".into());
        };
        if !valid {
            return Err("Enter a colour as six hex digits, like #1d4ed8.".into());
        }
        let colour = Self([r, g, b]);
        let contrast = colour.contrast_with_white();
        if contrast < Self::MIN_CONTRAST {
            return Err(format!(
                "White text on this colour has a contrast of {contrast:.1}:1; choose a darker colour (at least 4.5:1)."
            ));
        }
        Ok(colour)
    }

    /// The WCAG 2 contrast ratio of white against this colour.
    pub fn contrast_with_white(&self) -> f64 {
        let linear = |channel: u8| {
            let value = f64::from(channel) / 255.0;
            if value <= 0.040_45 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
        1.05 / (luminance + 0.05)
    }
}

impl AccentColour {
    /// The stylesheet that sets `--brand-accent` to this colour (pages allow no inline style).
    pub fn stylesheet_path(&self) -> String {
        let [r, g, b] = self.0;
        format!("/brand/accent/{r:02x}{g:02x}{b:02x}.css")
    }
}

impl fmt::Display for AccentColour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// Where a person who is stuck can turn: an email address or an https page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SupportContact {
    Email(Email),
    Url(String),
}

impl SupportContact {
    pub const MAX_URL_LEN: usize = 500;

    pub fn parse(input: &str) -> Result<Self, String> {
        let input = input.trim();
        if input.starts_with("https://") {
            let url = url::Url::parse(input)
                .map_err(|_| "Enter a web address like https://example.com/help.".to_owned())?;
            if url.host_str().is_none_or(str::is_empty) || input.len() > Self::MAX_URL_LEN {
                return Err("Enter a web address like https://example.com/help.".into());
            }
            return Ok(Self::Url(url.to_string()));
        }
        if input.contains('@') {
            return Email::parse(input).map(Self::Email);
        }
        Err("Enter an email address or an https:// web address.".into())
    }

    /// The address a link to this contact points at.
    pub fn href(&self) -> String {
        match self {
            Self::Email(email) => format!("mailto:{email}"),
            Self::Url(url) => url.clone(),
        }
    }

    /// What the contact reads as on a page.
    pub fn label(&self) -> &str {
        match self {
            Self::Email(email) => email.as_str(),
            Self::Url(url) => url.as_str(),
        }
    }
}

/// What a tenant's end users see of it. Every field has a fallback, so a tenant that never
/// opened the branding page still gets calm pages under its own name.
#[derive(Clone, Debug, PartialEq)]
pub struct Brand {
    /// The name the end user knows: the display name, else the tenant's name.
    pub name: String,
    pub accent: Option<AccentColour>,
    pub support: Option<SupportContact>,
    /// The path of the tenant's logo (with its digest, so it can be cached for good).
    pub logo_path: Option<String>,
}

impl Brand {
    /// The brand of a tenant that has set nothing.
    pub fn plain(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            accent: None,
            support: None,
            logo_path: None,
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_brand.rs"]
mod tests;
