//! Shared helpers for the figure stages (quantities, dates): a word tokenizer over the body and
//! phrase lexicons matched on token sequences, so that pack data ("US-Dollar", "um die",
//! "km/h") is matched the same way whatever its spacing.

use std::collections::HashMap;

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
}

fn class(c: char) -> Option<Kind> {
    if c.is_ascii_digit() {
        Some(Kind::Digits)
    } else if c.is_alphanumeric() {
        Some(Kind::Word)
    } else if c.is_whitespace() {
        None
    } else {
        Some(Kind::Punct)
    }
}

/// A body split into tokens, with a lower-cased copy of the same byte length for lookups.
pub(crate) struct Tokens<'a> {
    pub body: &'a str,
    pub lower: String,
    pub toks: Vec<Tok>,
}

impl<'a> Tokens<'a> {
    /// Tokenizes `body`.
    pub fn new(body: &'a str) -> Self {
        let mut lower = String::with_capacity(body.len());
        for c in body.chars() {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lower.push(lc),
                _ => lower.push(c),
            }
        }
        let mut toks: Vec<Tok> = Vec::with_capacity(body.len() / 4);
        let mut space = true;
        for (i, c) in body.char_indices() {
            let Some(k) = class(c) else {
                space = true;
                continue;
            };
            let end = i + c.len_utf8();
            match toks.last_mut() {
                Some(t) if !space && t.end == i && t.kind == k && k != Kind::Punct => t.end = end,
                _ => toks.push(Tok {
                    start: i,
                    end,
                    kind: k,
                    space_before: space,
                }),
            }
            space = false;
        }
        Tokens { body, lower, toks }
    }

    /// Lower-cased text of token `i`.
    pub fn low(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.lower[t.start..t.end]
    }

    /// Original text of token `i`.
    pub fn text(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.body[t.start..t.end]
    }

    /// Token `i` starts with an upper-case letter.
    pub fn capitalized(&self, i: usize) -> bool {
        self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The whitespace between tokens `i - 1` and `i` contains a line break.
    pub fn line_break_before(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        self.body[self.toks[i - 1].end..self.toks[i].start].contains('\n')
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }
}

/// Lower-case token texts of a lexicon form.
fn form_tokens(form: &str) -> Vec<String> {
    let t = Tokens::new(form);
    (0..t.len()).map(|i| t.low(i).to_string()).collect()
}

/// Phrases (token sequences, case-insensitive, spacing ignored) with a payload each.
#[derive(Debug)]
pub(crate) struct Lexicon<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
    by_last: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for Lexicon<T> {
    fn default() -> Self {
        Lexicon {
            by_first: HashMap::new(),
            by_last: HashMap::new(),
        }
    }
}

impl<T: Clone> Lexicon<T> {
    /// Adds a phrase.
    pub fn insert(&mut self, form: &str, value: T) {
        let toks = form_tokens(form);
        let (Some(first), Some(last)) = (toks.first().cloned(), toks.last().cloned()) else {
            return;
        };
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
        if i >= t.len() {
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
        if end == 0 || end > t.len() {
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
            .and_then(|f| self.by_first.get(f))
            .is_some_and(|c| c.iter().any(|(ft, _)| *ft == toks))
    }
}

/// Token `i` equals a later token of a form; digits in a form ("m2") must be glued to it.
fn same(t: &Tokens<'_>, i: usize, form_tok: &str) -> bool {
    t.low(i) == form_tok
        && !(t.toks[i].space_before && form_tok.starts_with(|c: char| c.is_ascii_digit()))
}

/// A set of phrases.
pub(crate) type PhraseSet = Lexicon<()>;

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
    fn lexicon_matches_longest_phrase_forward_and_backward() {
        let lex = Lexicon::from_pairs([("US-Dollar", 1), ("Dollar", 2), ("um die", 3)]);
        let t = Tokens::new("um die 20 US - Dollar");
        assert_eq!(lex.at(&t, 3), Some((3, &1)));
        assert_eq!(lex.ending_at(&t, 2), Some((2, &3)));
        assert_eq!(lex.at(&t, 2), None);
    }
}
