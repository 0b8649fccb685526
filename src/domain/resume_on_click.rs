//! The `links.resume_on_click` column.

use super::stored_enum::stored_enum;

stored_enum! {
    /// Who may continue a pending inquiry by clicking its dedicated link (DESIGN section 2).
    #[derive(Default)]
    pub enum ResumeOnClick {
        /// The browser that first opened the link; others need the access code.
        #[default]
        SameBrowser = "same_browser",
        /// Whoever holds the link: equal to putting a session token in it.
        Anyone = "anyone",
        /// Nobody: the inquiry must be finished in one sitting.
        Never = "never",
    }
}

impl ResumeOnClick {
    pub fn parse(input: &str) -> Result<Self, String> {
        Self::from_stored(input.trim())
            .ok_or_else(|| "resume_on_click must be “same_browser”, “anyone” or “never”.".into())
    }

    /// A short label for tables and details.
    pub fn label(self) -> &'static str {
        match self {
            ResumeOnClick::SameBrowser => "Same browser (others need the access code)",
            ResumeOnClick::Anyone => "Anyone with the link",
            ResumeOnClick::Never => "Nobody: one sitting only",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ResumeOnClick::SameBrowser => {
                "Same browser: the browser that first opened the link continues; others need the access code"
            }
            ResumeOnClick::Anyone => {
                "Anyone with the link continues (like putting a session token in the link)"
            }
            ResumeOnClick::Never => "Never: the inquiry must be finished in one sitting",
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_resume_on_click.rs"]
mod tests;
