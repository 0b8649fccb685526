//! The `users.role` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// What a user may do. Operators run the portal; the other three are tenant roles.
    pub enum Role {
        Operator = "operator",
        Owner = "owner",
        Issuer = "issuer",
        Viewer = "viewer",
    }
}

impl Role {
    pub const TENANT_ROLES: [Role; 3] = [Role::Owner, Role::Issuer, Role::Viewer];

    pub fn parse(input: &str) -> Result<Self, String> {
        Self::from_stored(input.trim())
            .ok_or_else(|| "Choose a role: owner, issuer or viewer.".into())
    }

    /// Parses a role that a tenant owner may hand out (never `operator`).
    pub fn parse_tenant_role(input: &str) -> Result<Self, String> {
        match Self::parse(input)? {
            Role::Operator => Err("Choose a role: owner, issuer or viewer.".into()),
            role => Ok(role),
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

#[cfg(test)]
#[path = "../../tests/unit/domain_role.rs"]
mod tests;
