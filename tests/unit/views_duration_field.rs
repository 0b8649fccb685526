use super::split;

#[test]
fn seconds_are_shown_in_the_largest_unit_that_divides_them() {
    assert_eq!(split("604800"), ("7".to_owned(), "days"));
    assert_eq!(split("5400"), ("90".to_owned(), "minutes"));
    assert_eq!(split("7200"), ("2".to_owned(), "hours"));
    assert_eq!(split("45"), ("45".to_owned(), "seconds"));
    assert_eq!(split("abc"), ("abc".to_owned(), "seconds"));
}
