use super::string_newtype::{parse_prefixed, string_newtype_impls};

/// The provider's id of one inquiry: `inq_` then 1 to 64 letters, digits, `-` or `_`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InquiryId(String);

impl InquiryId {
    pub fn parse(input: &str) -> Result<Self, String> {
        parse_prefixed(input, "inq_")
            .map(|id| Self(id.to_owned()))
            .ok_or_else(|| {
                "An inquiry id starts with `inq_` followed by up to 64 letters, digits, dashes \
                 or underscores, like `inq_zEx4jL84ShbUyuwX6AzPSqt6`."
                    .into()
            })
    }
}

string_newtype_impls!(InquiryId);

#[cfg(test)]
#[path = "../../tests/unit/domain_inquiry_id.rs"]
mod tests;
