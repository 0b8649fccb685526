use super::*;

#[test]
fn lines_are_numbered_as_the_spreadsheet_shows_them_even_after_a_cell_with_a_line_break() {
    let sheet =
        read(b"reference_id,address-street-1\nc-1,\"1 Main St\nFlat 2\"\n\nc-2,2 Side St\n")
            .expect("a sheet");
    let numbers: Vec<i32> = sheet.lines.iter().map(|line| line.number).collect();
    let plain = read(b"reference_id,address-street-1\nc-1,\"1 Main St\nFlat 2\"\nc-2,2 Side St\n")
        .expect("a sheet");
    let plain_numbers: Vec<i32> = plain.lines.iter().map(|line| line.number).collect();
    assert_eq!(plain_numbers, [2, 4], "without the blank line");
    // The blank line 4 is skipped; c-2 starts on line 5.
    assert_eq!(numbers, [2, 5]);
    assert_eq!(
        sheet.value(
            &sheet.lines[0],
            Column::Prefill(PrefillField::AddressStreet1)
        ),
        Some("1 Main St\nFlat 2")
    );
}

#[test]
fn a_line_with_more_or_fewer_cells_than_the_header_is_a_problem_of_that_line() {
    let sheet = read(b"reference_id,name-first\nc-1\nc-2,Ana,extra\nc-3,Ben\n").expect("a sheet");
    let problems: Vec<Option<&str>> = sheet
        .lines
        .iter()
        .map(|line| line.problem.as_deref())
        .collect();
    assert_eq!(
        problems,
        [
            Some("This line has 1 cell; the header row has 2 cells."),
            Some("This line has 3 cells; the header row has 2 cells."),
            None
        ]
    );
    assert_eq!(sheet.lines[0].cells, ["c-1", ""]);
}

#[test]
fn header_names_are_read_whatever_their_case_and_spacing() {
    let sheet = read(b" Reference_ID ;NAME-FIRST\nc-1;Ana\n").expect("a sheet");
    assert_eq!(
        sheet.columns,
        [
            Column::ReferenceId,
            Column::Prefill(PrefillField::NameFirst)
        ]
    );
}

#[test]
fn a_repeated_column_is_refused() {
    let error = read(b"reference_id,email,email\nc-1,a@b.test,c@d.test\n").expect_err("refused");
    assert!(error.contains("“email” appears twice"), "{error}");
}
