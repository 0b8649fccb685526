//! Unit tests of `src/domain/template_version_id.rs` (a child module of it, so private items are in reach).

use super::TemplateVersionId;

#[test]
fn a_template_version_id_parses() {
    let id = TemplateVersionId::parse("itmplv_1ivdvZUKPLAtWgsQdEvmi6wj").unwrap();
    assert_eq!(id.to_string(), "itmplv_1ivdvZUKPLAtWgsQdEvmi6wj");
}

#[test]
fn a_template_id_is_not_a_version_id() {
    let error = TemplateVersionId::parse("itmpl_mNKRtWCMWB9Lbccc85DjgJnK").unwrap_err();
    assert!(error.contains("itmplv_"));
    assert!(serde_json::from_str::<TemplateVersionId>("\"itmpl_x\"").is_err());
}
