//! The tenant policy's choice for an expired or outdated inquiry: the
//! `tenant_policies.stale_version_action` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// What happens, on a resume, to an inquiry that is too old or pinned to a template
    /// version that is no longer the published one.
    #[derive(Default)]
    pub enum StaleAction {
        /// Resume it anyway (the default).
        #[default]
        Resume = "resume",
        /// A new inquiry on the latest version, same prefill and reference id.
        Reissue = "reissue",
        /// Refuse: the person gets a clear page, the API a clear error.
        Refuse = "refuse",
    }
}

impl StaleAction {
    /// The choice as the policy form offers it.
    pub fn label(self) -> &'static str {
        match self {
            StaleAction::Resume => "Resume it anyway",
            StaleAction::Reissue => {
                "Reissue on the latest template version (same prefill and reference id)"
            }
            StaleAction::Refuse => "Refuse: the person gets a clear page, the API a clear error",
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_stale_action.rs"]
mod tests;
