use super::string_newtype::{parse_prefixed, string_newtype_impls};

/// The provider's id of one published version of a template: `itmplv_` then 1 to 64 letters,
/// digits, `-` or `_`. An inquiry is pinned to the version current when it was created.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TemplateVersionId(String);

impl TemplateVersionId {
    pub fn parse(input: &str) -> Result<Self, String> {
        parse_prefixed(input, "itmplv_")
            .map(|id| Self(id.to_owned()))
            .ok_or_else(|| {
                "A template version id starts with `itmplv_` followed by up to 64 letters, \
                 digits, dashes or underscores, like `itmplv_1ivdvZUKPLAtWgsQdEvmi6wj`."
                    .into()
            })
    }
}

string_newtype_impls!(TemplateVersionId);

#[cfg(test)]
#[path = "../../tests/unit/domain_template_version_id.rs"]
mod tests;
