use std::fmt;

/// What a user may do. Operators run the portal; the other three are tenant roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Operator,
    Owner,
    Issuer,
    Viewer,
}

impl Role {
    pub const TENANT_ROLES: [Role; 3] = [Role::Owner, Role::Issuer, Role::Viewer];

    pub fn parse(input: &str) -> Result<Self, String> {
        match input.trim() {
            "operator" => Ok(Role::Operator),
            "owner" => Ok(Role::Owner),
            "issuer" => Ok(Role::Issuer),
            "viewer" => Ok(Role::Viewer),
            _ => Err("Choose a role: owner, issuer or viewer.".into()),
        }
    }

    /// Parses a role that a tenant owner may hand out (never `operator`).
    pub fn parse_tenant_role(input: &str) -> Result<Self, String> {
        match Self::parse(input)? {
            Role::Operator => Err("Choose a role: owner, issuer or viewer.".into()),
            role => Ok(role),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Owner => "owner",
            Role::Issuer => "issuer",
            Role::Viewer => "viewer",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Role::Operator => "Runs the portal: tenants, templates, ceilings",
            Role::Owner => "Everything, including users, API keys and policy",
            Role::Issuer => "Issues, resumes and revokes links",
            Role::Viewer => "Read only",
        }
    }

    /// May issue, resume and revoke links.
    pub fn can_issue(self) -> bool {
        matches!(self, Role::Owner | Role::Issuer)
    }

    pub fn is_owner(self) -> bool {
        self == Role::Owner
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_role.rs"]
mod tests;
