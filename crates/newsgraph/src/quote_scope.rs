//! What counts as a quote: conventions differ on claims after attribution phrases ("laut X")
//! and on words in marks inside indirect speech, so a run picks one.

use std::fmt;
use std::str::FromStr;

use newsgraph_core::{Attribution, Quote};
use newsgraph_extract::SpeechTokens;
use newsgraph_lang::LangPack;

/// Which statements count as quotes: annotation conventions differ on two points, so a user
/// picks the one their use follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteScope {
    /// Speech reproduced in marks or reported with a speech verb; a claim introduced by an
    /// attribution phrase ("laut X") is an attribution only, and a fragment in marks inside
    /// indirect speech is part of that quote (the gold corpus convention).
    #[default]
    Strict,
    /// Also each claim an attribution phrase introduces as an indirect quote of its source, and
    /// each fragment in marks inside indirect speech as a direct quote of its own (the
    /// convention of the German WikiNews quotation corpus).
    Inclusive,
}

/// A quote scope name that is none.
#[derive(Debug, thiserror::Error)]
#[error("unknown quote scope {0:?}: expected strict or inclusive")]
pub struct UnknownQuoteScope(String);

impl FromStr for QuoteScope {
    type Err = UnknownQuoteScope;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "strict" => Ok(QuoteScope::Strict),
            "inclusive" => Ok(QuoteScope::Inclusive),
            other => Err(UnknownQuoteScope(other.to_string())),
        }
    }
}

impl fmt::Display for QuoteScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuoteScope::Strict => "strict",
            QuoteScope::Inclusive => "inclusive",
        })
    }
}

/// Widens the strict `quotes` of one document to the inclusive scope: adds the claims that
/// attribution phrases present as their source's words (except where a quote already covers most
/// of the claim), then the fragments in marks inside every indirect quote.
pub(crate) fn widen(
    quotes: &mut Vec<Quote>,
    text: &newsgraph_core::Text<'_>,
    pack: &LangPack,
    entities: &[newsgraph_core::Entity],
    attributions: &[Attribution],
    speech: &SpeechTokens<'_>,
) {
    let claims = newsgraph_extract::attributions::reported_speech(pack, attributions);
    let before = quotes.len();
    for c in claims {
        let covered = quotes[..before]
            .iter()
            .any(|q| 2 * (q.end.min(c.end).saturating_sub(q.start.max(c.start))) > c.end - c.start);
        if !covered {
            quotes.push(c);
        }
    }
    if quotes.len() > before {
        quotes.sort_by_key(|q| (q.start, q.end));
    }
    newsgraph_extract::quotes::add_fragments(text, entities, speech, quotes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_a_typo_is_an_error() {
        for scope in [QuoteScope::Strict, QuoteScope::Inclusive] {
            assert_eq!(scope.to_string().parse::<QuoteScope>().unwrap(), scope);
        }
        let err = "wikinews".parse::<QuoteScope>().unwrap_err();
        assert!(err.to_string().contains("strict or inclusive"), "{err}");
    }
}
