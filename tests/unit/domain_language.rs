use super::Language;

#[test]
fn a_tag_counts_by_its_primary_subtag() {
    assert_eq!(Language::parse("de-CH"), Ok(Language::German));
    assert_eq!(Language::parse("FR"), Ok(Language::French));
    assert_eq!(Language::parse(" es_MX "), Ok(Language::Spanish));
    assert!(Language::parse("it").is_err());
    assert!(Language::parse("").is_err());
}

#[test]
fn accept_language_picks_the_highest_quality_language_we_speak() {
    let pick = |header| Language::from_accept_language(Some(header));
    assert_eq!(pick("de"), Language::German);
    assert_eq!(pick("it-IT, fr;q=0.8, de;q=0.9"), Language::German);
    assert_eq!(pick("es;q=0.4,fr;q=0.5"), Language::French);
    assert_eq!(pick("de;q=0, es"), Language::Spanish);
    assert_eq!(pick("fr-CA,en;q=0.9"), Language::French);
}

#[test]
fn accept_language_falls_back_to_english() {
    assert_eq!(Language::from_accept_language(None), Language::English);
    assert_eq!(Language::from_accept_language(Some("")), Language::English);
    assert_eq!(
        Language::from_accept_language(Some("it, ja;q=0.5")),
        Language::English
    );
    assert_eq!(
        Language::from_accept_language(Some("de;q=0")),
        Language::English
    );
    assert_eq!(
        Language::from_accept_language(Some(";;,,q=")),
        Language::English
    );
}
