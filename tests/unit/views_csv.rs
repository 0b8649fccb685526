//! Unit tests of `src/views/csv.rs` (a child module of it, so private items are in reach).

use super::*;

#[test]
fn formula_cells_are_neutralised_and_quotes_doubled() {
    assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(cell("+1"), "\"'+1\"");
    assert_eq!(cell("-1"), "\"'-1\"");
    assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
    assert_eq!(cell("plain, text"), "\"plain, text\"");
    assert_eq!(cell(""), "\"\"");
    assert_eq!(row(&["a", "b"]), "\"a\",\"b\"\r\n");
}
