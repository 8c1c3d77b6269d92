//! Title, dateline and date-line helpers for copied page text.

use std::sync::LazyLock;

use regex::Regex;

use super::phrases::PHRASES;

/// Numeric and month-name date patterns; month names come from every pack.
struct DateRes {
    dmy: Regex,
    iso: Regex,
    slash: Regex,
    d_month_y: Regex,
    month_d_y: Regex,
    clock: Regex,
}

static DATES: LazyLock<Option<DateRes>> = LazyLock::new(|| {
    let mut names: Vec<&String> = PHRASES.months.keys().collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alt = names
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|");
    let alt = if alt.is_empty() {
        "\\A\\z".to_string()
    } else {
        alt
    };
    Some(DateRes {
        dmy: Regex::new(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b").ok()?,
        iso: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").ok()?,
        slash: Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").ok()?,
        d_month_y: Regex::new(&format!(
            r"(?i)\b(\d{{1,2}})\.?\s+({alt})\.?,?\s+(\d{{4}})\b"
        ))
        .ok()?,
        month_d_y: Regex::new(&format!(
            r"(?i)\b({alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
        ))
        .ok()?,
        clock: Regex::new(r"\b\d{1,2}[:.]\d{2}(?:\s?(?:uhr|h|am|pm|a\.m\.|p\.m\.))?").ok()?,
    })
});

fn ymd(y: &str, m: u32, d: &str) -> Option<String> {
    let y: u32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn month(name: &str) -> Option<u32> {
    PHRASES.months.get(&name.to_lowercase()).copied()
}

/// The first date a text states, as `YYYY-MM-DD`, with its byte range.
pub(crate) fn find_date(s: &str) -> Option<(String, std::ops::Range<usize>)> {
    // every pattern has a four-digit year (and a non-ASCII digit never parses): most lines
    // have no run of four ASCII digits and need no regex
    let year = s
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    if !year {
        return None;
    }
    let res = DATES.as_ref()?;
    let mut best: Option<(String, std::ops::Range<usize>)> = None;
    let mut consider = |date: Option<String>, range: std::ops::Range<usize>| {
        if let Some(date) = date {
            if best.as_ref().is_none_or(|(_, r)| range.start < r.start) {
                best = Some((date, range));
            }
        }
    };
    if let Some(c) = res.dmy.captures(s) {
        let m = c[2].parse().ok();
        consider(
            m.and_then(|m| ymd(&c[3], m, &c[1])),
            c.get(0).map_or(0..0, |g| g.range()),
        );
    }
    if let Some(c) = res.iso.captures(s) {
        let m = c[2].parse().ok();
        consider(
            m.and_then(|m| ymd(&c[1], m, &c[3])),
            c.get(0).map_or(0..0, |g| g.range()),
        );
    }
    if let Some(c) = res.slash.captures(s) {
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        // Day first unless the second number cannot be a month.
        let date = if b > 12 {
            ymd(&c[3], a, &c[2])
        } else {
            ymd(&c[3], b, &c[1])
        };
        consider(date, c.get(0).map_or(0..0, |g| g.range()));
    }
    if let Some(c) = res.d_month_y.captures(s) {
        consider(
            month(&c[2]).and_then(|m| ymd(&c[3], m, &c[1])),
            c.get(0).map_or(0..0, |g| g.range()),
        );
    }
    if let Some(c) = res.month_d_y.captures(s) {
        consider(
            month(&c[1]).and_then(|m| ymd(&c[3], m, &c[2])),
            c.get(0).map_or(0..0, |g| g.range()),
        );
    }
    best
}

/// The date of a short line that is mostly a date ("12.07.2025, 14:30 Uhr",
/// "Letzte Aktualisierung: 18.01.2018", "17:08 10/04/2011").
pub(crate) fn date_line(line: &str) -> Option<String> {
    if line.chars().count() > 80 {
        return None;
    }
    let (date, range) = find_date(line)?;
    let rest = format!("{} {}", &line[..range.start], &line[range.end..]);
    let rest = DATES.as_ref().map_or(rest.clone(), |r| {
        r.clock.replace_all(&rest, " ").into_owned()
    });
    let words = rest
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (words <= 4).then_some(date)
}

/// The date in parentheses that opens a line ("(18.01.2018) Deutschlands …") or closes it as
/// an agency credit ("… (APA, 5.11.2015)").
pub(crate) fn bracketed_date(line: &str) -> Option<String> {
    let t = line.trim();
    if let Some(rest) = t.strip_prefix('(') {
        let close = rest.find(')')?;
        if close <= 40 {
            if let Some((d, _)) = find_date(&rest[..close]) {
                return Some(d);
            }
        }
    }
    if t.ends_with(')') {
        let open = t.rfind('(')?;
        let inner = &t[open + 1..t.len() - 1];
        if inner.len() <= 40 {
            return find_date(inner).map(|(d, _)| d);
        }
    }
    None
}

static DOT_DATELINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’\-]+(?:[ \-]\p{Lu}[\p{L}'’\-]+){0,2})\.\s+\p{Lu}").ok()
});
static DASH_DATELINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Lu}[\p{L}'’.\-]*(?:[ /]\p{Lu}[\p{L}'’.\-]*){0,2})(?:,[^–—()\n]{1,30}?)?(?:\s*\([^)]{1,40}\))?\s+[–—-]{1,2}\s+\S",
    )
    .ok()
});
/// "PLACE, date (agency)". The lengths the form allows (a place of at most 31 characters,
/// at most 30 after the comma's spaces, at most 40 in the brackets) are checked by
/// [`dateline_line`]: as bounded repeats of these classes they made an automaton whose
/// compilation cost as much as cleaning 40 documents.
static CAPS_DATELINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\p{Lu}[\p{Lu} .'\-]+),(\s+[^()]+)\(([^)]+)\)\s*$").ok());

/// "MOSCOW" → "Moscow"; mixed-case places stay as written.
fn place_name(p: &str) -> String {
    let p = p.trim();
    if p.chars().any(char::is_lowercase) {
        return p.to_string();
    }
    p.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map_or(String::new(), |f| {
                f.to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A dateline that opens `line`: the place and the byte length of the dateline prefix;
/// `dot` tells the "Tokio. …" form.
pub(crate) struct Dateline {
    pub(crate) place: String,
    pub(crate) len: usize,
    pub(crate) dot: bool,
}

/// Finds a dateline at the start of `line` ("Tokio. ", "WASHINGTON (Reuters) - ", "Berlin – ").
pub(crate) fn dateline_at(line: &str) -> Option<Dateline> {
    if let Some(c) = DASH_DATELINE.as_ref().and_then(|r| r.captures(line)) {
        let place = c.get(1)?;
        let all = c.get(0)?;
        // The match ends on the first character of the story; keep it in the body.
        let len = line[..all.end()]
            .char_indices()
            .last()
            .map_or(all.end(), |(i, _)| i);
        if place.as_str().chars().count() <= 30 {
            return Some(Dateline {
                place: place_name(place.as_str()),
                len,
                dot: false,
            });
        }
    }
    let c = DOT_DATELINE.as_ref().and_then(|r| r.captures(line))?;
    let place = c.get(1)?;
    if place.as_str().chars().count() > 25 {
        return None;
    }
    Some(Dateline {
        place: place_name(place.as_str()),
        len: place.end() + 1,
        dot: true,
    })
}

/// The place of a closing dateline line ("MOSCOW, April 10 (RIA Novosti)").
pub(crate) fn dateline_line(line: &str) -> Option<String> {
    let line = line.trim();
    if line.len() > 100 || !line.ends_with(')') {
        return None;
    }
    let c = CAPS_DATELINE.as_ref()?.captures(line)?;
    let place = c.get(1)?.as_str();
    let date = c.get(2)?.as_str().trim_start();
    let agency = c.get(3)?.as_str();
    if place.chars().count() > 31 || date.chars().count() > 30 || agency.chars().count() > 40 {
        return None;
    }
    Some(place_name(place))
}

/// A dash dateline after the first sentence of an opening line ("Untertitel. Damaskus – …").
pub(crate) fn dateline_after_first_sentence(line: &str) -> Option<String> {
    let end = line.find(". ")?;
    if end > 300 {
        return None;
    }
    let d = dateline_at(line[end + 2..].trim_start())?;
    (!d.dot).then_some(d.place)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closing-dateline pattern with its lengths in the automaton, as it was written first
    /// (compiled once: it is the slow one).
    static BOUNDED: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^(\p{Lu}[\p{Lu} .'\-]{1,30}),\s+[^()]{1,30}\(([^)]{1,40})\)\s*$").ok()
    });

    fn bounded(line: &str) -> Option<String> {
        let line = line.trim();
        if line.len() > 100 || !line.ends_with(')') {
            return None;
        }
        Some(place_name(
            BOUNDED.as_ref()?.captures(line)?.get(1)?.as_str(),
        ))
    }

    #[test]
    fn closing_dateline_names_its_place() {
        assert_eq!(
            dateline_line("MOSCOW, April 10 (RIA Novosti)").as_deref(),
            Some("Moscow")
        );
        assert_eq!(dateline_line("MOSCOW, April 10 (RIA Novosti) more"), None);
        // 31 characters of place at most, 30 after the comma, 40 in the brackets.
        let place = format!("M{}", "O".repeat(31));
        assert_eq!(dateline_line(&format!("{place}, April 10 (RIA)")), None);
        assert_eq!(
            dateline_line(&format!("MOSCOW, {} (RIA)", "x".repeat(31))),
            None
        );
        assert_eq!(
            dateline_line(&format!("MOSCOW, x ({})", "R".repeat(41))),
            None
        );
        // 29 letters and the space before the bracket make 30.
        assert!(dateline_line(&format!(
            "MOSCOW,   {} ({})",
            "x".repeat(29),
            "R".repeat(40)
        ))
        .is_some());
    }

    proptest::proptest! {
        #[test]
        fn closing_dateline_lengths_checked_in_code_match_the_bounded_pattern(
            line in "[A-ZÄ .'\\-]{0,34}(, ?| ,)[ \u{a0}]{0,3}[a-z0-9 \u{e4}]{0,33}\\([A-Za-z (]{0,43}\\)[ ]{0,2}x?"
        ) {
            proptest::prop_assert_eq!(dateline_line(&line), bounded(&line));
        }
    }
}
