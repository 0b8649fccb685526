use super::string_newtype::{parse_prefixed, string_newtype_impls};

/// The provider's id of an inquiry template: `itmpl_` then 1 to 64 letters, digits, `-` or `_`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TemplateId(String);

impl TemplateId {
    pub fn parse(input: &str) -> Result<Self, String> {
        parse_prefixed(input, "itmpl_")
            .map(|id| Self(id.to_owned()))
            .ok_or_else(|| {
                "A template id starts with `itmpl_` followed by up to 64 letters, digits, dashes \
                 or underscores, like `itmpl_mNKRtWCMWB9Lbccc85DjgJnK`."
                    .into()
            })
    }
}

string_newtype_impls!(TemplateId);

#[cfg(test)]
#[path = "../../tests/unit/domain_template_id.rs"]
mod tests;
