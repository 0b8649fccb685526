//! Every language has every message, and each message uses the same variables in every
//! language, all of which the code passes (it passes what the English message uses).

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::{text_with, SOURCES};
use crate::domain::Language;

type Variables = BTreeSet<String>;

fn messages(source: &str) -> BTreeMap<String, Variables> {
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| {
        panic!("a message file does not parse: {errors:?}");
    });
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let pattern = message.value.as_ref().expect("every message has a value");
            let mut variables = Variables::new();
            pattern_variables(pattern, &mut variables);
            messages.insert(message.id.name.to_owned(), variables);
        }
    }
    messages
}

fn pattern_variables(pattern: &Pattern<&str>, out: &mut Variables) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut Variables) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut Variables) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        _ => {}
    }
}

fn english() -> BTreeMap<String, Variables> {
    messages(SOURCES[0].1)
}

#[test]
fn every_language_has_exactly_the_english_messages() {
    let english = english();
    assert!(english.len() > 50, "the English file looks truncated");
    for (language, source) in &SOURCES[1..] {
        let translated = messages(source);
        let missing: Vec<_> = english
            .keys()
            .filter(|k| !translated.contains_key(*k))
            .collect();
        let extra: Vec<_> = translated
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{language} has messages English lacks: {extra:?}"
        );
    }
}

#[test]
fn every_translation_uses_the_variables_of_the_english_message() {
    let english = english();
    for (language, source) in &SOURCES[1..] {
        for (key, variables) in messages(source) {
            let expected = &english[&key];
            assert_eq!(
                &variables, expected,
                "{key} in {language} uses other variables"
            );
        }
    }
}

#[test]
fn every_message_formats_without_errors_in_every_language() {
    for (key, variables) in english() {
        let args: Vec<(&str, &str)> = variables.iter().map(|name| (name.as_str(), "X")).collect();
        for language in Language::ALL {
            let bundle = super::bundle_of(language).expect("a bundle per language");
            let message = bundle.get_message(&key).expect("checked above");
            let mut fluent_args = fluent_bundle::FluentArgs::new();
            for (name, value) in &args {
                fluent_args.set(*name, *value);
            }
            let mut errors = Vec::new();
            bundle.format_pattern(
                message.value().expect("a value"),
                Some(&fluent_args),
                &mut errors,
            );
            assert!(errors.is_empty(), "{key} in {language}: {errors:?}");
            let text = text_with(language, &key, &args);
            assert!(!text.trim().is_empty(), "{key} in {language} is empty");
        }
    }
}

#[test]
fn the_same_message_reads_differently_in_each_language() {
    let titles: BTreeSet<String> = Language::ALL
        .into_iter()
        .map(|language| super::text(language, "continue-title").into_owned())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
}
