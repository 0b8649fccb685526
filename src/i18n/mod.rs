//! The words end users read (DESIGN 13.6): one Fluent file per language under `locales/`,
//! embedded in the binary, parsed once into bundles that every request shares, so a page
//! or an email costs lookups, never a parse.

use std::{
    borrow::Cow,
    sync::{
        atomic::{AtomicUsize, Ordering},
        OnceLock,
    },
};

use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource, FluentValue};

use crate::domain::Language;

/// The message file of each language, in [`Language::ALL`]'s order.
pub const SOURCES: [(Language, &str); 4] = [
    (
        Language::English,
        include_str!("../../locales/en/end_user.ftl"),
    ),
    (
        Language::German,
        include_str!("../../locales/de/end_user.ftl"),
    ),
    (
        Language::French,
        include_str!("../../locales/fr/end_user.ftl"),
    ),
    (
        Language::Spanish,
        include_str!("../../locales/es/end_user.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: OnceLock<Vec<(Language, Bundle)>> = OnceLock::new();

/// Lookups of a key no file has: counted, so a test that renders every page in every
/// language fails on a key the code asks for and the files lack.
static MISSES: AtomicUsize = AtomicUsize::new(0);

/// How many lookups missed since the process started.
pub fn misses() -> usize {
    MISSES.load(Ordering::Relaxed)
}

fn bundles() -> &'static [(Language, Bundle)] {
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, source)| (*lang, bundle(*lang, source)))
            .collect()
    })
}

fn bundle(language: Language, source: &'static str) -> Bundle {
    // A broken file is a build defect the key-parity test catches; what parsed is kept.
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
            log::error!("locales/{language}/end_user.ftl: {errors:?}");
            partial
        });
    let tag = language.as_str().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // The text goes into HTML and plain-text mail, where Unicode isolation marks only show
    // up as stray characters.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        log::error!("locales/{language}/end_user.ftl: {errors:?}");
    }
    bundle
}

fn bundle_of(language: Language) -> Option<&'static Bundle> {
    bundles()
        .iter()
        .find(|(lang, _)| *lang == language)
        .map(|(_, bundle)| bundle)
}

/// The message `key` in `language`, with no variables.
pub fn text(language: Language, key: &str) -> Cow<'static, str> {
    format(language, key, None)
}

/// The message `key` in `language` with its variables (`name`, value).
pub fn text_with(language: Language, key: &str, args: &[(&str, &str)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(*value));
    }
    format(language, key, Some(&fluent_args)).into_owned()
}

/// The message `key` with a number (plural forms choose by it).
pub fn text_with_count(language: Language, key: &str, name: &str, count: i64) -> String {
    let mut fluent_args = FluentArgs::with_capacity(1);
    fluent_args.set(name, FluentValue::from(count));
    format(language, key, Some(&fluent_args)).into_owned()
}

fn format(language: Language, key: &str, args: Option<&FluentArgs<'_>>) -> Cow<'static, str> {
    let found = bundle_of(language).and_then(|bundle| {
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            log::warn!("message {key} in {language}: {errors:?}");
        }
        Some(text)
    });
    found.unwrap_or_else(|| {
        MISSES.fetch_add(1, Ordering::Relaxed);
        log::warn!("message {key} is missing in {language}");
        Cow::Owned(key.to_owned())
    })
}

#[cfg(test)]
#[path = "../../tests/unit/i18n_messages.rs"]
mod tests;
