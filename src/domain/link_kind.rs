/// Dedicated: one inquiry per end user, created up front. Static: a new inquiry per visitor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Dedicated,
    Static,
}

impl LinkKind {
    pub fn parse(input: &str) -> Result<Self, String> {
        match input.trim() {
            "dedicated" => Ok(LinkKind::Dedicated),
            "static" => Ok(LinkKind::Static),
            _ => Err("The kind must be `dedicated` or `static`.".into()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Dedicated => "dedicated",
            LinkKind::Static => "static",
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_link_kind.rs"]
mod tests;
