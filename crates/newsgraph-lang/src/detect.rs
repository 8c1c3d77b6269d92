//! Language identification of article bodies (whatlang: trigram models for 69 languages,
//! pure Rust, microseconds per article).

use whatlang::Detector;

/// Longest prefix of the text that detection looks at; more adds time, not accuracy.
const SAMPLE_BYTES: usize = 1000;

/// whatlang's ISO 639-3 codes mapped to the ISO 639-1 codes of the output contract.
#[rustfmt::skip]
const ISO639_3_TO_1: &[(&str, &str)] = &[
    ("afr", "af"), ("aka", "ak"), ("amh", "am"), ("ara", "ar"), ("aze", "az"), ("bel", "be"),
    ("ben", "bn"), ("bul", "bg"), ("cat", "ca"), ("ces", "cs"), ("cmn", "zh"), ("cym", "cy"),
    ("dan", "da"), ("deu", "de"), ("ell", "el"), ("eng", "en"), ("epo", "eo"), ("est", "et"),
    ("fin", "fi"), ("fra", "fr"), ("guj", "gu"), ("heb", "he"), ("hin", "hi"), ("hrv", "hr"),
    ("hun", "hu"), ("hye", "hy"), ("ind", "id"), ("ita", "it"), ("jav", "jv"), ("jpn", "ja"),
    ("kan", "kn"), ("kat", "ka"), ("khm", "km"), ("kor", "ko"), ("lat", "la"), ("lav", "lv"),
    ("lit", "lt"), ("mal", "ml"), ("mar", "mr"), ("mkd", "mk"), ("mya", "my"), ("nep", "ne"),
    ("nld", "nl"), ("nob", "nb"), ("ori", "or"), ("pan", "pa"), ("pes", "fa"), ("pol", "pl"),
    ("por", "pt"), ("ron", "ro"), ("rus", "ru"), ("sin", "si"), ("slk", "sk"), ("slv", "sl"),
    ("sna", "sn"), ("spa", "es"), ("srp", "sr"), ("swe", "sv"), ("tam", "ta"), ("tel", "te"),
    ("tgl", "tl"), ("tha", "th"), ("tuk", "tk"), ("tur", "tr"), ("ukr", "uk"), ("urd", "ur"),
    ("uzb", "uz"), ("vie", "vi"), ("yid", "yi"), ("zul", "zu"),
];

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
    let lang = Detector::new().detect_lang(sample)?;
    let code = lang.code();
    ISO639_3_TO_1
        .iter()
        .find(|(three, _)| *three == code)
        .map(|&(_, one)| one)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_german_from_english() {
        assert_eq!(
            detect_language("Nordkorea wird für Russland im Ukraine-Konflikt unverzichtbar, sagte er am Montag."),
            Some("de")
        );
        assert_eq!(
            detect_language("North Korea has become indispensable to Russia in the war, officials said on Monday."),
            Some("en")
        );
        assert_eq!(detect_language("12 34"), None);
    }

    #[test]
    fn every_language_maps_to_a_two_letter_code() {
        for lang in whatlang::Lang::all() {
            assert!(
                ISO639_3_TO_1.iter().any(|(three, _)| *three == lang.code()),
                "{}",
                lang.code()
            );
        }
    }
}
