//! The place line that opens a news story: "WASHINGTON (Reuters) -", "Berlin –", "Tokio.".

use std::sync::OnceLock;

use regex::Regex;

use super::dates::re;

struct Patterns {
    agency: Regex,
    caps: Regex,
    dash: Regex,
    period: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    // A place: one to three capitalized words ("Frankfurt am Main", "New York", "SAN JOSE").
    const PLACE: &str = r"\p{Lu}[\p{L}'’.\-]+(?:[ /](?:\p{Lu}[\p{L}'’.\-]+|am|an|der|de|del|la|le))?(?:[ /]\p{Lu}[\p{L}'’.\-]+)?";
    P.get_or_init(|| Patterns {
        // "WASHINGTON (Reuters) -", "Berlin (dpa) –", "BERLIN, 5. März (Reuters) -".
        agency: re(&format!(
            r"^({PLACE})(?:,[^()\n]{{1,25}})?\s*\([\p{{L}}\p{{N}}/ .&\-]{{2,30}}\)\s*[-–—:]\s"
        )),
        // "WASHINGTON —", "LONDON:" (upper-case place).
        caps: re(r"^(\p{Lu}[\p{Lu}'’.\-]+(?:[ /]\p{Lu}[\p{Lu}'’.\-]+){0,2})(?:,[^\n]{1,25}?)?\s*[-–—:]\s"),
        // "Berlin – Die Regierung…".
        dash: re(&format!(r"^({PLACE})\s+[–—-]\s+\S")),
        // "Tokio. Die Regierung…": a single capitalized word as its own sentence.
        period: re(r"^(\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?)\.\s+\p{Lu}"),
    })
}

/// The dateline place at the start of `paragraph`, if it opens with one.
pub fn find(paragraph: &str) -> Option<String> {
    let p = patterns();
    [&p.agency, &p.caps, &p.dash, &p.period]
        .iter()
        .find_map(|r| r.captures(paragraph))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim_end_matches([',', '.']).to_string())
        .filter(|s| s.chars().count() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let f = |s: &str| find(s);
        assert_eq!(
            f("WASHINGTON (Reuters) - The U.S. Senate voted").as_deref(),
            Some("WASHINGTON")
        );
        assert_eq!(
            f("Berlin – Die Bundesregierung will").as_deref(),
            Some("Berlin")
        );
        assert_eq!(f("Tokio. Japans Regierung hat").as_deref(), Some("Tokio"));
        assert_eq!(
            f("Frankfurt am Main (dpa) - Die Börse").as_deref(),
            Some("Frankfurt am Main")
        );
        assert_eq!(f("NEW YORK — Stocks fell").as_deref(), Some("NEW YORK"));
        assert_eq!(
            f("BERLIN, 5. März (Reuters) - Die Regierung").as_deref(),
            Some("BERLIN")
        );
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        assert_eq!(
            find("Die Bundesregierung will am Montag entscheiden."),
            None
        );
        assert_eq!(find("A prominent expert on Chinese works of art has"), None);
        assert_eq!(
            find("Vor knapp zwei Wochen stellten Microsoft und HTC"),
            None
        );
        assert_eq!(find("US stocks rose on Monday."), None);
    }
}
