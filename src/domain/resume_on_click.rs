/// Who may continue a pending inquiry by clicking its dedicated link (DESIGN section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ResumeOnClick {
    /// The browser that first opened the link; others need the access code.
    #[default]
    SameBrowser,
    /// Whoever holds the link: equal to putting a session token in it.
    Anyone,
    /// Nobody: the inquiry must be finished in one sitting.
    Never,
}

impl ResumeOnClick {
    pub const ALL: [ResumeOnClick; 3] = [
        ResumeOnClick::SameBrowser,
        ResumeOnClick::Anyone,
        ResumeOnClick::Never,
    ];

    pub fn parse(input: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|value| value.as_str() == input.trim())
            .ok_or_else(|| "resume_on_click must be `same_browser`, `anyone` or `never`.".into())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ResumeOnClick::SameBrowser => "same_browser",
            ResumeOnClick::Anyone => "anyone",
            ResumeOnClick::Never => "never",
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
