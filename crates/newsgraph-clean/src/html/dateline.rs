//! The place line that opens a news story: "WASHINGTON (Reuters) -", "Berlin –", "Tokio.".

use std::sync::OnceLock;

use regex::Regex;

use super::dates::re;

struct Patterns {
    agency: Regex,
    /// The agency in brackets, checked apart (see [`agency_place`]).
    agency_name: Regex,
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
            r"^({PLACE})(?:,[^()\n]{{1,25}})?\s*\(([^)]*)\)\s*[-–—:]\s"
        )),
        agency_name: re(r"^[\p{L}\p{N}/ .&\-]+$"),
        // "WASHINGTON —", "LONDON:" (upper-case place).
        caps: re(r"^(\p{Lu}[\p{Lu}'’.\-]+(?:[ /]\p{Lu}[\p{Lu}'’.\-]+){0,2})(?:,[^\n]{1,25}?)?\s*[-–—:]\s"),
        // "Berlin – Die Regierung…".
        dash: re(&format!(r"^({PLACE})\s+[–—-]\s+\S")),
        // "Tokio. Die Regierung…": a single capitalized word as its own sentence.
        period: re(r"^(\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?)\.\s+\p{Lu}"),
    })
}

/// Agency names in brackets have this many characters.
const AGENCY_CHARS: std::ops::RangeInclusive<usize> = 2..=30;

/// The place of an agency dateline: the `agency` pattern's place when the bracket holds 2 to 30
/// letters, digits, spaces or `/ . & -`. The bracket is matched loosely and checked here, as
/// one class repeated thirty times made the pattern's compilation most of the run's start-up;
/// nothing before the bracket can hold `(`, so every match reads the same bracket and the
/// check accepts exactly what the strict pattern matched.
fn agency_place<'h>(p: &Patterns, paragraph: &'h str) -> Option<regex::Captures<'h>> {
    let c = p.agency.captures(paragraph)?;
    let name = c.get(2)?.as_str();
    (AGENCY_CHARS.contains(&name.chars().count()) && p.agency_name.is_match(name)).then_some(c)
}

/// The dateline place at the start of `paragraph`, if it opens with one.
pub fn find(paragraph: &str) -> Option<String> {
    let p = patterns();
    agency_place(p, paragraph)
        .or_else(|| {
            [&p.caps, &p.dash, &p.period]
                .iter()
                .find_map(|r| r.captures(paragraph))
        })
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
    fn agency_brackets_hold_two_to_thirty_name_characters() {
        let f = |s: &str| find(s);
        assert_eq!(f("LONDON (AP) - Prices rose").as_deref(), Some("LONDON"));
        // One character in the bracket, or 31: not an agency; the upper-case place still is.
        assert_eq!(f("LONDON (A) - Prices rose").as_deref(), None);
        let long = format!("Berlin ({}) - Die Regierung", "a".repeat(31));
        assert_eq!(f(&long), None);
        let thirty = format!("Berlin ({}) - Die Regierung", "a".repeat(30));
        assert_eq!(f(&thirty).as_deref(), Some("Berlin"));
        // A bracket holding other signs (a line break, a comma, a nested bracket) is no agency.
        assert_eq!(f("Berlin (dpa\nAFP) - Die Regierung"), None);
        assert_eq!(f("Berlin (dpa, AFP) - Die Regierung"), None);
        assert_eq!(f("Berlin (dpa (AFP)) - Die Regierung"), None);
        assert_eq!(
            f("Berlin (dpa/AFP) - Die Regierung").as_deref(),
            Some("Berlin")
        );
    }

    proptest::proptest! {
        #[test]
        fn agency_check_matches_the_strict_pattern(
            s in "(BERLIN|Berlin|Frankfurt am Main|A|ä|, 5. März|\\(|\\)|dpa|AFP| |/|&|\n|-|–|x|1|:|\\?){0,14}"
        ) {
            const PLACE: &str = r"\p{Lu}[\p{L}'’.\-]+(?:[ /](?:\p{Lu}[\p{L}'’.\-]+|am|an|der|de|del|la|le))?(?:[ /]\p{Lu}[\p{L}'’.\-]+)?";
            static STRICT: OnceLock<Regex> = OnceLock::new();
            let strict = STRICT.get_or_init(|| re(&format!(
                r"^({PLACE})(?:,[^()\n]{{1,25}})?\s*\([\p{{L}}\p{{N}}/ .&\-]{{2,30}}\)\s*[-–—:]\s"
            )));
            let by_check = agency_place(patterns(), &s).and_then(|c| c.get(1)).map(|m| m.range());
            let by_strict = strict.captures(&s).and_then(|c| c.get(1)).map(|m| m.range());
            proptest::prop_assert_eq!(by_check, by_strict);
        }
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
