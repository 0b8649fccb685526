//! Unit tests of `src/domain/template_id.rs` (a child module of it, so private items are in reach).

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
