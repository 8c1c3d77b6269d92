//! Shared helpers for the figure stages (quantities, dates): a word tokenizer over the body and
//! phrase lexicons matched on token sequences, so that pack data ("US-Dollar", "um die",
//! "km/h") is matched the same way whatever its spacing.

use std::collections::HashMap;

/// A hash set with rustc's Fx hash (eight bytes a step, where FNV takes one): the stages hash
/// words millions of times a second, and the keys come from our own data, not an attacker, so a
/// DoS-resistant hasher is not needed.
pub(crate) type FastSet<K> = rustc_hash::FxHashSet<K>;

/// A hash map with rustc's Fx hash (see [`FastSet`]).
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// ASCII digits.
    Digits,
    /// Letters (and other non-ASCII alphanumerics such as "²" or "½").
    Word,
    /// One other non-space character.
    Punct,
}

/// A token: a byte range of the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whitespace separates it from the previous token (or it is the first).
    pub space_before: bool,
    /// [`signature`] of the lower-cased text, for [`Sieve`] checks.
    pub sig: u32,
}

/// Kind of a non-ASCII character (ASCII bytes are looked up in [`ASCII_CLASS`]).
fn non_ascii_class(c: char) -> Option<Kind> {
    if c.is_alphanumeric() {
        Some(Kind::Word)
    } else if c.is_whitespace() {
        None
    } else {
        Some(Kind::Punct)
    }
}

/// A body split into word, digit and punctuation tokens, with a lower-cased copy of the same
/// byte length for lookups. Built once per document and shared by the quantity and date stages.
pub struct Tokens<'a> {
    pub(crate) body: &'a str,
    pub(crate) lower: String,
    pub(crate) toks: Vec<Tok>,
}

/// Kind of every ASCII byte: digits, letters, nothing for space and controls, else punctuation.
const ASCII_CLASS: [Option<Kind>; 128] = {
    let mut table = [None; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            Some(Kind::Digits)
        } else if c.is_ascii_alphabetic() {
            Some(Kind::Word)
        } else if c.is_ascii_whitespace() || c.is_ascii_control() {
            None
        } else {
            Some(Kind::Punct)
        };
        b += 1;
    }
    table
};

/// Notes a non-ASCII capital at byte `at` whose lower case keeps its byte length (so the
/// lowered copy keeps the body's offsets).
fn note_capital(capitals: &mut Vec<(usize, char)>, at: usize, c: char) {
    let mut l = c.to_lowercase();
    if let (Some(lc), None) = (l.next(), l.next()) {
        if lc != c && lc.len_utf8() == c.len_utf8() {
            capitals.push((at, lc));
        }
    }
}

/// End of the word run going on at byte `i`: ASCII letters and non-ASCII alphanumerics (whose
/// capitals are noted on the way).
fn word_end(body: &str, mut i: usize, capitals: &mut Vec<(usize, char)>) -> usize {
    let bytes = body.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphabetic() {
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match body[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => {
                    note_capital(capitals, i, c);
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
    }
    i
}

/// A cheap signature of a lower-cased token text (first two bytes, last byte, length), the
/// same for a token of the body and a key of a word set, so a [`Sieve`] can rule a token out
/// before any hashing.
fn signature(low: &[u8]) -> u32 {
    let (Some(&first), Some(&last)) = (low.first(), low.last()) else {
        return 0;
    };
    let second = low.get(1).copied().unwrap_or(0);
    let len = u32::try_from(low.len().min(255)).unwrap_or(255);
    u32::from_le_bytes([first, second, last, 0]) ^ (len << 24)
}

/// A bit set over token signatures: "no" means the token is surely not a key of the set it was
/// made from, so the per-token hash lookups of the stages are skipped for most words.
#[derive(Debug, Clone)]
pub(crate) struct Sieve {
    bits: Vec<u64>,
}

/// Bits in a [`Sieve`] (a power of two): a few hundred keys leave most bits clear.
const SIEVE_BITS: u32 = 1 << 14;

impl Default for Sieve {
    fn default() -> Self {
        Sieve {
            bits: vec![0; (SIEVE_BITS / 64) as usize],
        }
    }
}

impl Sieve {
    fn slot(sig: u32) -> (usize, u64) {
        let h = sig.wrapping_mul(0x9E37_79B1) >> (32 - SIEVE_BITS.trailing_zeros());
        ((h / 64) as usize, 1u64 << (h % 64))
    }

    /// Adds a lower-cased key.
    pub fn add(&mut self, low: &str) {
        let (w, b) = Self::slot(signature(low.as_bytes()));
        if let Some(word) = self.bits.get_mut(w) {
            *word |= b;
        }
    }

    /// A sieve holding the given lower-cased keys.
    pub fn of<'k>(keys: impl IntoIterator<Item = &'k String>) -> Self {
        let mut s = Sieve::default();
        for k in keys {
            s.add(k);
        }
        s
    }

    /// Token `i` may be one of the keys (false: it surely is not).
    #[inline]
    pub fn may_hold(&self, t: &Tokens<'_>, i: usize) -> bool {
        let (w, b) = Self::slot(t.toks[i].sig);
        self.bits.get(w).is_some_and(|word| word & b != 0)
    }
}

/// A set of lower-cased words with a [`Sieve`] in front, asked about tokens.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet {
    sieve: Sieve,
    words: FastSet<String>,
}

impl WordSet {
    /// Token `i`'s lower-cased text is in the set.
    #[inline]
    pub fn holds(&self, t: &Tokens<'_>, i: usize) -> bool {
        self.sieve.may_hold(t, i) && self.words.contains(t.low(i))
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let words: FastSet<String> = iter.into_iter().collect();
        WordSet {
            sieve: Sieve::of(&words),
            words,
        }
    }
}

impl<'a> Tokens<'a> {
    /// Tokenizes `body`.
    pub fn new(body: &'a str) -> Self {
        let bytes = body.as_bytes();
        // ASCII letters are lowered in one pass; a non-ASCII capital is lowered in place below
        // when its lower case has the same byte length (so offsets stay shared).
        let mut lower = body.to_ascii_lowercase();
        let mut capitals: Vec<(usize, char)> = Vec::new();
        let mut toks: Vec<Tok> = Vec::with_capacity(body.len() / 5);
        let mut space = true;
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            let b = bytes[i];
            let kind = if b.is_ascii() {
                i += 1;
                ASCII_CLASS[usize::from(b)]
            } else {
                let Some(c) = body[i..].chars().next() else {
                    break;
                };
                note_capital(&mut capitals, i, c);
                i += c.len_utf8();
                non_ascii_class(c)
            };
            let Some(kind) = kind else {
                space = true;
                continue;
            };
            match kind {
                Kind::Digits => {
                    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                }
                Kind::Word => i = word_end(body, i, &mut capitals),
                Kind::Punct => {}
            }
            toks.push(Tok {
                start,
                end: i,
                kind,
                space_before: space,
                sig: 0,
            });
            space = false;
        }
        let mut buf = [0u8; 4];
        for (at, lc) in capitals {
            let lc = lc.encode_utf8(&mut buf);
            lower.replace_range(at..at + lc.len(), lc);
        }
        let low = lower.as_bytes();
        for t in &mut toks {
            t.sig = signature(&low[t.start..t.end]);
        }
        Tokens { body, lower, toks }
    }

    /// Lower-cased bytes of token `i` (no character-boundary checks, for quick tests).
    #[inline]
    pub(crate) fn low_bytes(&self, i: usize) -> &[u8] {
        let t = self.toks[i];
        self.lower
            .as_bytes()
            .get(t.start..t.end)
            .unwrap_or_default()
    }

    /// Lower-cased text of token `i`.
    #[inline]
    pub(crate) fn low(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.lower[t.start..t.end]
    }

    /// Original text of token `i`.
    pub(crate) fn text(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.body[t.start..t.end]
    }

    /// Token `i` starts with an upper-case letter.
    pub(crate) fn capitalized(&self, i: usize) -> bool {
        self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The whitespace between tokens `i - 1` and `i` contains a line break.
    pub(crate) fn line_break_before(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        self.body[self.toks[i - 1].end..self.toks[i].start].contains('\n')
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }
}

/// Page chrome around an article: in a body of several lines, a short line (fewer than four
/// words) that is not a sentence ("71 Kommentare", "Bild 1 von 9", "19.6.2007 9:40 Uhr").
/// Figures on such lines are counters, tickers and time stamps, not the article's figures.
pub(crate) struct Chrome {
    multi_line: bool,
}

impl Chrome {
    /// Looks at the body once.
    pub fn new(body: &str) -> Self {
        let lines = body
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .count();
        Chrome {
            multi_line: lines >= 3,
        }
    }

    /// The line holding byte `at` is a short non-sentence line of a multi-line body.
    pub fn fragment(&self, body: &str, at: usize) -> bool {
        if !self.multi_line {
            return false;
        }
        let start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let line = body[start..end].trim();
        let sentence = line.ends_with(['.', '!', '?', ':', ';', '"', '“', '”', '»', '«', ')', '…']);
        // counting stops at the fourth word: a long paragraph is not scanned to its end
        !sentence
            && line
                .split_whitespace()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some())
                .nth(3)
                .is_none()
    }
}

/// Lower-case token texts of a lexicon form.
fn form_tokens(form: &str) -> Vec<FormTok> {
    let t = Tokens::new(form);
    (0..t.len())
        .map(|i| FormTok {
            low: t.low(i).to_string(),
            // Abbreviation dots and hyphens ("z.B." = "z. B.") leave spacing free.
            glued: i > 0
                && !t.toks[i].space_before
                && ![t.low(i), t.low(i - 1)]
                    .iter()
                    .any(|w| matches!(*w, "." | "-")),
        })
        .collect()
}

/// One token of a lexicon phrase: its lower-cased text, and whether the phrase writes it
/// glued to the token before ("A$", "m2"), which the text must then do too (dots and
/// hyphens excepted).
#[derive(Debug, Clone, PartialEq)]
struct FormTok {
    low: String,
    glued: bool,
}

/// Phrases (token sequences, case-insensitive, spacing free except where a form glues two
/// tokens) with a payload each.
#[derive(Debug)]
pub(crate) struct Lexicon<T> {
    by_first: FastMap<String, Vec<(Vec<FormTok>, T)>>,
    by_last: FastMap<String, Vec<(Vec<FormTok>, T)>>,
    /// Sieves over the keys of `by_first` and `by_last`: most tokens start and end no phrase.
    first_sieve: Sieve,
    last_sieve: Sieve,
}

impl<T> Default for Lexicon<T> {
    fn default() -> Self {
        Lexicon {
            by_first: FastMap::default(),
            by_last: FastMap::default(),
            first_sieve: Sieve::default(),
            last_sieve: Sieve::default(),
        }
    }
}

impl<T: Clone> Lexicon<T> {
    /// Adds a phrase.
    pub fn insert(&mut self, form: &str, value: T) {
        let toks = form_tokens(form);
        let (Some(first), Some(last)) = (
            toks.first().map(|f| f.low.clone()),
            toks.last().map(|l| l.low.clone()),
        ) else {
            return;
        };
        self.first_sieve.add(&first);
        self.last_sieve.add(&last);
        let e = self.by_first.entry(first).or_default();
        e.push((toks.clone(), value.clone()));
        e.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let e = self.by_last.entry(last).or_default();
        e.push((toks, value));
        e.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    }

    /// Builds a lexicon from (form, value) pairs.
    pub fn from_pairs<'s>(pairs: impl IntoIterator<Item = (&'s str, T)>) -> Self {
        let mut l = Lexicon::default();
        for (f, v) in pairs {
            l.insert(f, v);
        }
        l
    }

    /// Longest phrase starting at token `i`: (tokens used, value).
    pub fn at(&self, t: &Tokens<'_>, i: usize) -> Option<(usize, &T)> {
        if i >= t.len() || !self.first_sieve.may_hold(t, i) {
            return None;
        }
        let cands = self.by_first.get(t.low(i))?;
        cands.iter().find_map(|(ft, v)| {
            let n = ft.len();
            (i + n <= t.len() && (1..n).all(|k| same(t, i + k, &ft[k]))).then_some((n, v))
        })
    }

    /// Longest phrase ending just before token `end` (exclusive): (tokens used, value).
    pub fn ending_at(&self, t: &Tokens<'_>, end: usize) -> Option<(usize, &T)> {
        if end == 0 || end > t.len() || !self.last_sieve.may_hold(t, end - 1) {
            return None;
        }
        let cands = self.by_last.get(t.low(end - 1))?;
        cands.iter().find_map(|(ft, v)| {
            let n = ft.len();
            (n <= end && (0..n - 1).all(|k| same(t, end - n + k, &ft[k]))).then_some((n, v))
        })
    }

    /// The lexicon has no phrases.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The phrase is known (exact, single lookup).
    pub fn contains_form(&self, form: &str) -> bool {
        let toks = form_tokens(form);
        toks.first()
            .and_then(|f| self.by_first.get(&f.low))
            .is_some_and(|c| c.iter().any(|(ft, _)| *ft == toks))
    }
}

/// Token `i` equals a later token of a form; a token the form glues to the one before ("m2",
/// "A$") must be glued in the text too, so "a $5 fine" is not Australian dollars.
fn same(t: &Tokens<'_>, i: usize, form_tok: &FormTok) -> bool {
    t.low(i) == form_tok.low && !(form_tok.glued && t.toks[i].space_before)
}

/// A set of phrases.
pub(crate) type PhraseSet = Lexicon<()>;

/// A lexicon of a pack table's phrases and values.
pub(crate) fn lexicon_of<T: Clone>(table: &HashMap<String, T>) -> Lexicon<T> {
    Lexicon::from_pairs(table.iter().map(|(k, v)| (k.as_str(), v.clone())))
}

/// A pack table with its keys lowercased, for lookups by lowercased word.
pub(crate) fn lower_keys<V: Copy>(table: &HashMap<String, V>) -> FastMap<String, V> {
    table.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect()
}

/// A pack word list lowercased into a set.
pub(crate) fn lower_set(words: &[String]) -> FastSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// The first word of a phrase, lowercased: the key of the quick "can a phrase start here" check.
pub(crate) fn first_word_lower(phrase: &str) -> Option<String> {
    let t = Tokens::new(phrase);
    (t.len() > 0).then(|| t.low(0).to_string())
}

/// Builds a phrase set.
pub(crate) fn phrase_set<'s>(forms: impl IntoIterator<Item = &'s String>) -> PhraseSet {
    Lexicon::from_pairs(forms.into_iter().map(|f| (f.as_str(), ())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_words_digits_and_punctuation() {
        let t = Tokens::new("Rund 15.000 Soldaten, $2.5bn");
        let texts: Vec<_> = (0..t.len()).map(|i| t.text(i)).collect();
        assert_eq!(
            texts,
            ["Rund", "15", ".", "000", "Soldaten", ",", "$", "2", ".", "5", "bn"]
        );
        assert!(t.toks[1].space_before && !t.toks[2].space_before);
        assert_eq!(t.low(0), "rund");
    }

    #[test]
    fn word_runs_take_non_ascii_letters_and_stop_at_digits_and_marks() {
        let t = Tokens::new("ÄRGER m² 12km\u{a0}«Öl»—x");
        let texts: Vec<_> = (0..t.len()).map(|i| t.text(i)).collect();
        assert_eq!(texts, ["ÄRGER", "m²", "12", "km", "«", "Öl", "»", "—", "x"]);
        assert!(!t.toks[5].space_before && t.toks[4].space_before);
        assert_eq!(t.low(0), "ärger");
    }

    #[test]
    fn a_word_set_holds_its_words_and_no_others() {
        let set: WordSet = ["rund", "über", "q"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let t = Tokens::new("Rund ÜBER Q runde über, qq");
        let held: Vec<_> = (0..t.len()).filter(|&i| set.holds(&t, i)).collect();
        assert_eq!(held, [0, 1, 2, 4]);
    }

    #[test]
    fn lowers_non_ascii_capitals_in_place() {
        // "İ" lowers to two characters and stays as written; offsets stay those of the body.
        let t = Tokens::new("ÜBER Öl, Äpfel und İzmir für 5 €");
        let lows: Vec<_> = (0..t.len()).map(|i| t.low(i)).collect();
        assert_eq!(
            lows,
            ["über", "öl", ",", "äpfel", "und", "İzmir", "für", "5", "€"]
        );
        assert_eq!(t.lower.len(), t.body.len());
    }

    #[test]
    fn lexicon_matches_longest_phrase_forward_and_backward() {
        let lex = Lexicon::from_pairs([("US-Dollar", 1), ("Dollar", 2), ("um die", 3)]);
        let t = Tokens::new("um die 20 US - Dollar");
        assert_eq!(lex.at(&t, 3), Some((3, &1)));
        assert_eq!(lex.ending_at(&t, 2), Some((2, &3)));
        assert_eq!(lex.at(&t, 2), None);
    }

    #[test]
    fn a_glued_form_needs_glued_text() {
        let lex = Lexicon::from_pairs([("A$", 1), ("$", 2), ("z.B.", 3)]);
        assert_eq!(lex.at(&Tokens::new("A$ 5"), 0), Some((2, &1)));
        let t = Tokens::new("a $5 fine");
        assert_eq!(lex.at(&t, 0), None);
        assert_eq!(lex.at(&t, 1), Some((1, &2)));
        assert_eq!(lex.at(&Tokens::new("z. B. hier"), 0), Some((4, &3)));
    }
}
