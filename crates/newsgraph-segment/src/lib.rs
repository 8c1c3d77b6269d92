//! Sentence segmentation.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when
//! whitespace and a sentence-opening character follow, and at every paragraph break. The
//! language pack's `abbreviations.txt` ("z.", "Dr.", "Mr.", "U.S.") and `segment.toml`
//! (`ordinal_dot`: "27. Juli" is one sentence) say where a period does not end one; initials
//! ("J. R.") and numbers ("15.000", "3.5") never do.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use newsgraph_lang::LangPack;
use serde::Deserialize;

/// Per-language segmentation settings (`segment.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SegmentRules {
    /// A 1–2 digit number followed by a period is an ordinal ("3. Oktober"), not a sentence end.
    ordinal_dot: bool,
    /// Words that cannot follow an ordinal but open sentences (articles, pronouns,
    /// conjunctions): after a number inside a paragraph they make its period a sentence end
    /// ("… des Modells 3. Ein Sprecher …").
    opens_after_number: Vec<String>,
}

/// A pack's abbreviations and rules, read once per language.
struct PackRules {
    abbrevs: HashSet<&'static str>,
    rules: SegmentRules,
}

/// The rules of `pack`, built on first use and kept for the process (one per language).
fn pack_rules(pack: &LangPack) -> &'static PackRules {
    static CACHE: LazyLock<Mutex<HashMap<&'static str, &'static PackRules>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = match CACHE.lock() {
        Ok(c) => c,
        Err(poisoned) => poisoned.into_inner(),
    };
    cache.entry(pack.iso()).or_insert_with(|| {
        Box::leak(Box::new(PackRules {
            abbrevs: pack.lines("abbreviations.txt").collect(),
            rules: pack.toml("segment.toml").unwrap_or_default(),
        }))
    })
}

/// '…' in UTF-8.
const ELLIPSIS: &[u8] = "…".as_bytes();

/// The sentences of `body` as byte ranges, trimmed of surrounding whitespace, in order.
pub fn sentences(body: &str, pack: &LangPack) -> Vec<Range<usize>> {
    let PackRules { abbrevs, rules } = pack_rules(pack);
    let mut out = Vec::new();
    for (para_start, para) in paragraphs(body) {
        let mut start = para_start;
        let bytes = para.as_bytes();
        let mut i = 0usize;
        // Where '…' is next, looked up again only once passed.
        let mut ellipsis = memchr::memmem::find(bytes, ELLIPSIS);
        while i < para.len() {
            // Straight to the next terminator: . ! ? (one vectorized scan) or '…'.
            if ellipsis.is_some_and(|e| e < i) {
                ellipsis = memchr::memmem::find(&bytes[i..], ELLIPSIS).map(|e| e + i);
            }
            let punct = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map(|p| p + i);
            i = match (punct, ellipsis) {
                (Some(p), Some(e)) => p.min(e),
                (Some(p), None) => p,
                (None, Some(e)) => e,
                (None, None) => break,
            };
            let c = bytes[i];
            // extend over repeated terminators and closing quotes/brackets
            let mut j = i + if c == b'.' || c == b'!' || c == b'?' {
                1
            } else {
                '…'.len_utf8()
            };
            while j < para.len() {
                let ch = para[j..].chars().next().unwrap_or(' ');
                if matches!(
                    ch,
                    '.' | '!'
                        | '?'
                        | '…'
                        | '"'
                        | '“'
                        | '”'
                        | '«'
                        | '»'
                        | '‘'
                        | '’'
                        | '\''
                        | ')'
                        | ']'
                ) {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            let rest = &para[j..];
            let ws = rest.len() - rest.trim_start().len();
            if ws == 0 {
                if j == i + 1 && c == b'.' && glued(&para[..i], rest, abbrevs, rules) {
                    push_trimmed(&mut out, body, start, para_start + j);
                    start = para_start + j;
                }
                i = j;
                continue;
            }
            let after = rest.trim_start();
            let next = after.chars().next().unwrap_or(' ');
            if c == b'.' && !ends_sentence(&para[..i], after, abbrevs, rules) {
                i = j;
                continue;
            }
            if !opens_sentence(next) {
                i = j;
                continue;
            }
            push_trimmed(&mut out, body, start, para_start + j);
            start = para_start + j + ws;
            i = j + ws;
        }
        push_trimmed(&mut out, body, start, para_start + para.len());
    }
    out
}

/// Paragraphs (separated by line breaks) with their byte offsets.
fn paragraphs(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    body.split('\n').map(move |line| {
        let at = offset;
        offset += line.len() + 1;
        (at, line)
    })
}

fn push_trimmed(out: &mut Vec<Range<usize>>, body: &str, start: usize, end: usize) {
    let s = &body[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push(start + lead..end - trail);
    }
}

/// Whether a period with no space after it still ends a sentence: two sentences glued together
/// when markup lost the space between them ("bestätigt wurde.Das Ministerium"). Only a word of
/// lower-case letters before it and a capitalized word of letters after it count, so names and
/// addresses ("Xamarin.Android", "DoSchu.Com", "mod.Bar()") stay whole.
fn glued(before: &str, after: &str, abbrevs: &HashSet<&'static str>, rules: &SegmentRules) -> bool {
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let whole_word = before[..before.len() - word.len()]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    let lower_word = word.chars().count() >= 3 && word.chars().all(char::is_lowercase);
    let mut chars = after.char_indices();
    let Some((_, first)) = chars.next() else {
        return false;
    };
    let (mut end, mut letters, mut lower) = (first.len_utf8(), 0usize, true);
    for (k, c) in chars {
        if !c.is_alphabetic() {
            break;
        }
        lower &= c.is_lowercase();
        letters += 1;
        end = k + c.len_utf8();
    }
    let plain_word = first.is_uppercase()
        && letters >= 2
        && lower
        && !matches!(
            after[end..].chars().next(),
            Some('.' | '(' | '/' | '@' | '_' | '-')
        );
    whole_word && lower_word && plain_word && ends_sentence(before, after, abbrevs, rules)
}

/// Whether a character can open a sentence.
fn opens_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '"' | '„' | '“' | '‚' | '»' | '«' | '\'' | '(' | '[' | '-' | '–' | '—' | '¿' | '¡'
        )
}

/// Whether the period after `before` ends a sentence, given the text after the spaces that
/// follow it.
fn ends_sentence(
    before: &str,
    after: &str,
    abbrevs: &HashSet<&'static str>,
    rules: &SegmentRules,
) -> bool {
    let next = after.chars().next().unwrap_or(' ');
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '„' | '“' | '[' | '/'))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let with_dot = format!("{word}.");
    if abbrevs.contains(with_dot.as_str()) {
        return false;
    }
    // the last dot-separated piece, for "U.S." style tokens
    let last = word.rsplit('.').next().unwrap_or(word);
    let mut chars = last.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        if first.is_alphabetic() && first.is_uppercase()
            || word.contains('.') && first.is_alphabetic()
        {
            return false; // initial ("J.") or dotted abbreviation ("U.S.", "z.B.")
        }
        if first.is_alphabetic()
            && first.is_lowercase()
            && abbrevs.contains(format!("{first}.").as_str())
        {
            return false;
        }
    }
    if rules.ordinal_dot
        && word.len() <= 2
        && word.bytes().all(|b| b.is_ascii_digit())
        && next.is_alphabetic()
    {
        // A list number opening the paragraph ("1. Die Regierung …") stays with its item.
        let inside = before[..word_start].chars().any(char::is_alphanumeric);
        let next_word = after
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        return inside && rules.opens_after_number.iter().any(|w| w == next_word);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split<'a>(text: &'a str, iso: &str) -> Vec<&'a str> {
        sentences(text, LangPack::get_or_neutral(iso))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn german_abbreviations_ordinals_and_numbers() {
        let t = "Am 27. Juli kamen z. B. Dr. Müller und u. a. 15.000 Soldaten. Der Anteil lag bei 1,5 Prozent. Der 3. Oktober 1990 ist ein Feiertag.";
        assert_eq!(
            split(t, "de"),
            vec![
                "Am 27. Juli kamen z. B. Dr. Müller und u. a. 15.000 Soldaten.",
                "Der Anteil lag bei 1,5 Prozent.",
                "Der 3. Oktober 1990 ist ein Feiertag."
            ]
        );
    }

    #[test]
    fn a_number_before_an_article_ends_a_sentence() {
        let t = "Tesla stellte die Produktion des Modells 3. Ein Sprecher bestätigte das. \
                 Sie spielt in der 2. Liga.";
        assert_eq!(
            split(t, "de"),
            vec![
                "Tesla stellte die Produktion des Modells 3.",
                "Ein Sprecher bestätigte das.",
                "Sie spielt in der 2. Liga."
            ]
        );
        assert_eq!(
            split("1. Die Regierung muss handeln.", "de"),
            vec!["1. Die Regierung muss handeln."]
        );
    }

    #[test]
    fn sentences_glued_without_a_space_are_split_and_names_are_not() {
        let t = "Die Zahl stieg, wie am Montag bestätigt wurde.Das Ministerium schwieg.";
        assert_eq!(
            split(t, "de"),
            vec![
                "Die Zahl stieg, wie am Montag bestätigt wurde.",
                "Das Ministerium schwieg."
            ]
        );
        for whole in [
            "Er nutzt Xamarin.Android seit Jahren.",
            "Mehr im Blog DoSchu.Com heute.",
            "Aufruf mit mod.Bar() im Code.",
            "Die Seite www.beispiel.Info ist neu.",
            "Die Ausstellung Struktur.Wandel beginnt.",
            "Er kam u.a.Mitte Mai.",
        ] {
            assert_eq!(split(whole, "de"), vec![whole], "{whole}");
        }
    }

    #[test]
    fn english_abbreviations_initials_and_quotes() {
        let t = "Mr. Smith met U.S. officials in Washington. \"It went well.\" He said J. R. Doe paid 3.5 million. Really?";
        assert_eq!(
            split(t, "en"),
            vec![
                "Mr. Smith met U.S. officials in Washington.",
                "\"It went well.\"",
                "He said J. R. Doe paid 3.5 million.",
                "Really?"
            ]
        );
    }

    #[test]
    fn quotes_and_paragraphs() {
        let t =
            "„Wir sind bereit.“ Das sagte er.\n\nNeuer Absatz ohne Punkt\n\n„Was?“, fragte sie.";
        assert_eq!(
            split(t, "de"),
            vec![
                "„Wir sind bereit.“",
                "Das sagte er.",
                "Neuer Absatz ohne Punkt",
                "„Was?“, fragte sie."
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn ranges_are_ordered_trimmed_and_on_boundaries(text in "[a-zA-Z0-9 .!?„“\n]{0,200}") {
            let mut last = 0;
            for r in sentences(&text, LangPack::get_or_neutral("de")) {
                assert!(r.start >= last && r.start < r.end);
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
                last = r.end;
            }
        }
    }
}
