//! Language identification of article bodies: the function words of the language packs first
//! (a few microseconds; most news text is decided there), whatlang's trigram models for 69
//! languages when they do not decide.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use whatlang::Detector;

use crate::LangPack;

/// Longest prefix of the text that detection looks at; more adds time, not accuracy.
const SAMPLE_BYTES: usize = 1000;

/// Fewest words a sample needs before its function words decide.
const MIN_WORDS: usize = 20;

/// Share of a sample's words that must be function words of one pack to decide for it. News
/// prose in a pack's language scores 0.3 to 0.5 with its list; other languages stay below 0.15
/// (measured on the 1,171 pages of the two extraction benchmarks, 18 languages).
const MIN_SHARE: f32 = 0.25;

/// How many times the best pack's count must exceed the runner-up's.
const MARGIN: usize = 3;

/// Each pack's `function_words.txt` (packs without one are left out).
static FUNCTION_WORDS: LazyLock<Vec<(&'static str, FxHashSet<&'static str>)>> =
    LazyLock::new(|| {
        LangPack::available()
            .into_iter()
            .filter_map(|iso| {
                let pack = LangPack::get(iso)?;
                let words: FxHashSet<&'static str> = pack.lines("function_words.txt").collect();
                (!words.is_empty()).then_some((iso, words))
            })
            .collect()
    });

/// How often each pack's function words occur in a sample.
struct Tally {
    /// The pack with the most hits (first on ties).
    best: &'static str,
    /// Its hits.
    top: usize,
    /// The most hits of any other pack.
    runner_up: usize,
    /// Words in the sample.
    words: usize,
}

impl Tally {
    /// Counts the function words of every pack in `sample`.
    fn of(sample: &str) -> Option<Tally> {
        let packs = &*FUNCTION_WORDS;
        let mut hits = vec![0usize; packs.len()];
        let mut words = 0usize;
        let mut lower = String::new();
        for w in sample
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            lower.clear();
            if w.is_ascii() {
                lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            for (k, (_, set)) in packs.iter().enumerate() {
                hits[k] += usize::from(set.contains(lower.as_str()));
            }
        }
        let (best, &top) = hits.iter().enumerate().max_by_key(|&(_, h)| *h)?;
        let runner_up = hits
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != best)
            .map(|(_, &h)| h)
            .max()
            .unwrap_or(0);
        Some(Tally {
            best: packs[best].0,
            top,
            runner_up,
            words,
        })
    }

    /// The best pack when the sample is long enough and its function words clearly make it up.
    fn decides(&self) -> Option<&'static str> {
        (self.words >= MIN_WORDS
            && self.top as f32 >= MIN_SHARE * self.words as f32
            && self.top >= MARGIN * self.runner_up.max(1))
        .then_some(self.best)
    }

    /// The best pack when a short sample holds any of its function words and clearly fewer of
    /// the others': the evidence for headlines and one-line texts, where trigrams guess.
    fn leans(&self) -> Option<&'static str> {
        (self.top >= 1 && self.top >= MARGIN * self.runner_up).then_some(self.best)
    }
}

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
    // At least three letters, or there is nothing to tell.
    sample.chars().filter(|c| c.is_alphabetic()).nth(2)?;
    let tally = Tally::of(sample);
    if let Some(iso) = tally.as_ref().and_then(Tally::decides) {
        return Some(iso);
    }
    let info = Detector::new().detect(sample);
    if !info.as_ref().is_some_and(|i| i.is_reliable()) {
        // Trigrams guess on a few words ("Merkel trifft Macron in Paris." reads as Latin to
        // them): a short text is told by its function words, or not at all.
        if let Some(t) = tally.as_ref().filter(|t| t.words < MIN_WORDS) {
            return t.leans();
        }
    }
    let code = info?.lang().code();
    ISO639_3_TO_1
        .iter()
        .find(|(three, _)| *three == code)
        .map(|&(_, one)| one)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_function_words(sample: &str) -> Option<&'static str> {
        Tally::of(sample)?.decides()
    }

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
    fn short_texts_go_by_their_function_words() {
        assert_eq!(
            detect_language("Das sagte Kanzler Olaf Scholz."),
            Some("de")
        );
        assert_eq!(
            detect_language("The minister said the talks had failed."),
            Some("en")
        );
        assert_eq!(detect_language("Der Bundestag stimmt zu."), Some("de"));
        // Only names and a word both packs share: no language rather than a guess.
        assert_eq!(detect_language("Merkel trifft Macron in Paris."), None);
    }

    #[test]
    fn function_words_decide_german_and_english_prose() {
        let de = "Die Regierung hat am Montag angekündigt, dass sie die Steuern für kleine \
                  Unternehmen senken will. Der Finanzminister sagte, die Entlastung sei seit \
                  langem geplant und werde noch in diesem Jahr beschlossen.";
        let en = "The government said on Monday that it would cut taxes for small businesses. \
                  The finance minister told reporters that the relief had been planned for a \
                  long time and would be passed before the end of the year.";
        assert_eq!(by_function_words(de), Some("de"));
        assert_eq!(by_function_words(en), Some("en"));
        assert_eq!(by_function_words("Die Regierung hat am Montag"), None);
    }

    #[test]
    fn function_words_leave_other_languages_to_the_trigrams() {
        let others = [
            // Dutch
            "De regering heeft maandag aangekondigd dat zij de belastingen voor kleine \
             bedrijven wil verlagen. De minister van Financiën zei dat de verlichting al lang \
             gepland was en nog dit jaar zou worden aangenomen.",
            // Danish
            "Regeringen meddelte mandag, at den vil sænke skatten for små virksomheder. \
             Finansministeren sagde, at lettelsen har været planlagt i lang tid og vil blive \
             vedtaget i år, men der er stadig uenighed om den endelige form.",
            // Afrikaans
            "Die regering het Maandag aangekondig dat hy die belasting vir klein besighede \
             wil verlaag. Die minister van finansies het gesê die verligting is lank reeds \
             beplan en sal nog hierdie jaar aanvaar word.",
            // French
            "Le gouvernement a annoncé lundi qu'il allait baisser les impôts des petites \
             entreprises. Le ministre des Finances a déclaré que cet allègement était prévu \
             depuis longtemps et serait adopté avant la fin de l'année.",
            // Spanish
            "El gobierno anunció el lunes que bajará los impuestos a las pequeñas empresas. \
             El ministro de Hacienda dijo que la medida estaba prevista desde hace tiempo y \
             que se aprobará antes de que termine el año.",
        ];
        for text in others {
            assert_eq!(by_function_words(text), None, "{text}");
        }
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
