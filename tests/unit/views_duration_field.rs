use super::split;
use crate::domain::duration_in_words as in_words;

#[test]
fn seconds_are_shown_in_the_largest_unit_that_divides_them() {
    assert_eq!(split("604800"), ("7".to_owned(), "days"));
    assert_eq!(split("5400"), ("90".to_owned(), "minutes"));
    assert_eq!(split("7200"), ("2".to_owned(), "hours"));
    assert_eq!(split("45"), ("45".to_owned(), "seconds"));
    assert_eq!(split("abc"), ("abc".to_owned(), "seconds"));
}

#[test]
fn a_duration_in_words_uses_the_largest_unit_and_the_singular_for_one() {
    assert_eq!(in_words(7200), "2 hours");
    assert_eq!(in_words(86_400), "1 day");
    assert_eq!(in_words(90), "90 seconds");
    assert_eq!(in_words(60), "1 minute");
}
