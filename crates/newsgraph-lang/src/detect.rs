//! Language identification of article bodies.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::sync::LazyLock;

static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[
        Language::German,
        Language::English,
        Language::French,
        Language::Spanish,
        Language::Italian,
        Language::Dutch,
        Language::Polish,
        Language::Portuguese,
        Language::Russian,
        Language::Swedish,
        Language::Danish,
        Language::Czech,
        Language::Turkish,
    ])
    .with_low_accuracy_mode()
    .build()
});

/// Longest prefix of the text that detection looks at; more adds time, not accuracy.
const SAMPLE_BYTES: usize = 3000;

/// ISO 639-1 code of the language `text` is written in, or `None` when it cannot tell.
pub fn detect_language(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let lang = DETECTOR.detect_language_of(sample)?;
    Some(match lang {
        Language::German => "de",
        Language::English => "en",
        Language::French => "fr",
        Language::Spanish => "es",
        Language::Italian => "it",
        Language::Dutch => "nl",
        Language::Polish => "pl",
        Language::Portuguese => "pt",
        Language::Russian => "ru",
        Language::Swedish => "sv",
        Language::Danish => "da",
        Language::Czech => "cs",
        Language::Turkish => "tr",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_german_from_english() {
        assert_eq!(detect_language("Nordkorea wird für Russland im Ukraine-Konflikt unverzichtbar, sagte er am Montag."), Some("de"));
        assert_eq!(detect_language("North Korea has become indispensable to Russia in the war, officials said on Monday."), Some("en"));
        assert_eq!(detect_language("12 34"), None);
    }
}
