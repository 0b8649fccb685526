//! Unit tests of `src/telemetry.rs` (a child module of it, so private items are in reach).

use super::loggable_path;

#[test]
fn link_tokens_and_access_codes_are_masked() {
    assert_eq!(loggable_path("/l/abcdef"), "/l/***");
    assert_eq!(loggable_path("/l/abcdef/code"), "/l/***/code");
    assert_eq!(loggable_path("/a/xyz"), "/a/***");
}

#[test]
fn database_crates_log_only_warnings_and_errors() {
    use log::Level;
    assert!(!super::allowed(
        "sea_orm::driver::sqlx_postgres",
        Level::Trace
    ));
    assert!(!super::allowed("sqlx::query", Level::Debug));
    assert!(!super::allowed("sea_orm", Level::Info));
    assert!(super::allowed("sqlx::pool", Level::Warn));
    assert!(super::allowed("sea_orm_migration::migrator", Level::Info));
    assert!(super::allowed("inquiry_portal::links", Level::Trace));
}

#[test]
fn other_paths_are_kept_without_control_characters() {
    assert_eq!(loggable_path("/links/lnk_1"), "/links/lnk_1");
    assert_eq!(loggable_path("/x\r\nforged"), "/x??forged");
}
