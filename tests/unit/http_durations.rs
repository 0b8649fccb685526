use super::fold;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn an_amount_and_a_unit_become_seconds_and_other_fields_stay() {
    let folded = fold(pairs(&[
        ("csrf_token", "t"),
        ("max_link_seconds_amount", "30"),
        ("max_link_seconds_unit", "days"),
    ]));
    assert_eq!(
        folded,
        pairs(&[("csrf_token", "t"), ("max_link_seconds", "2592000")])
    );
}

#[test]
fn a_field_sent_in_seconds_wins_and_nonsense_is_kept_for_the_reader_to_refuse() {
    let folded = fold(pairs(&[
        ("a_seconds", "60"),
        ("a_seconds_amount", "3"),
        ("a_seconds_unit", "days"),
        ("b_seconds_amount", "three"),
        ("b_seconds_unit", "days"),
        ("c_seconds_amount", "9223372036854775807"),
        ("c_seconds_unit", "days"),
    ]));
    assert_eq!(
        folded,
        pairs(&[
            ("a_seconds", "60"),
            ("b_seconds", "three days"),
            ("c_seconds", "9223372036854775807 days"),
        ])
    );
}
