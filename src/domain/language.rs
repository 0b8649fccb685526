//! The language an end user reads the pages and emails in (DESIGN 13.6): the link's
//! `language` when the tenant set one, else the browser's `Accept-Language`, else English.

use super::stored_enum::stored_enum;

stored_enum! {
    /// A language the end-user pages, the emails and the sandbox's hosted flow speak.
    #[derive(Default)]
    pub enum Language {
        #[default]
        English = "en",
        German = "de",
        French = "fr",
        Spanish = "es",
    }
}

impl Language {
    /// A language tag like `de`, `de-CH` or `DE`: only its primary subtag counts.
    pub fn parse(input: &str) -> Result<Self, String> {
        Self::from_tag(input.trim()).ok_or_else(|| {
            "The language must be one of en, de, fr or es (a tag like de-CH counts as de).".into()
        })
    }

    fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|language| primary.eq_ignore_ascii_case(language.as_str()))
    }

    /// The best language of an `Accept-Language` header we speak, by its q-values (the
    /// earlier of two equal ones); English when it names none of ours. Allocates nothing:
    /// it runs on every click.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let mut best: Option<(Self, f32)> = None;
        for item in header.unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let Some(language) = parts.next().and_then(|tag| Self::from_tag(tag.trim())) else {
                continue;
            };
            let quality = parts
                .filter_map(|param| param.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality > 0.0 && best.is_none_or(|(_, best_q)| quality > best_q) {
                best = Some((language, quality));
            }
        }
        best.map(|(language, _)| language).unwrap_or_default()
    }

    /// The language's name in English, for the admin's pages.
    pub fn english_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::German => "German",
            Language::French => "French",
            Language::Spanish => "Spanish",
        }
    }

    /// "Deutsch (German)": the language's own name, with the English one when they differ.
    pub fn described(self) -> String {
        match self {
            Language::English => "English".into(),
            other => format!("{} ({})", other.native_name(), other.english_name()),
        }
    }

    /// The language's own name, for the link form's select.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::German => "Deutsch",
            Language::French => "Français",
            Language::Spanish => "Español",
        }
    }
}

#[cfg(test)]
#[path = "../../tests/unit/domain_language.rs"]
mod tests;
