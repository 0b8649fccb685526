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
mod tests {
    use super::TemplateId;

    #[test]
    fn a_template_id_parses_after_trimming() {
        let id = TemplateId::parse("  itmpl_mNKRtWCMWB9Lbccc85DjgJnK\n").unwrap();
        assert_eq!(id.as_str(), "itmpl_mNKRtWCMWB9Lbccc85DjgJnK");
    }

    #[test]
    fn a_version_id_or_a_legacy_template_id_is_not_a_template_id() {
        for bad in [
            "itmplv_abc",
            "tmpl_DyLDeD3ftjxuMstYTvgwPX5f",
            "itmpl_",
            "itmpl_<b>",
        ] {
            assert!(
                TemplateId::parse(bad).unwrap_err().contains("itmpl_"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<TemplateId>("\"itmpl_ok\"").is_ok());
        assert!(serde_json::from_str::<TemplateId>("\"itmplv_ok\"").is_err());
    }
}
