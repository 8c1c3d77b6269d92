//! Calendar dates written in page text or meta tags, normalized to `YYYY-MM-DD`.
//!
//! Month names and publication cues come from `data/lang/<iso>/clean_dates.toml` of every
//! language pack, because the page language is not known yet when a page is cleaned.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use newsgraph_lang::LangPack;
use regex::Regex;

/// Contents of one `clean_dates.toml`.
#[derive(Debug, Default, serde::Deserialize)]
struct DateData {
    #[serde(default)]
    published_cues: Vec<String>,
    #[serde(default)]
    months: Vec<Vec<String>>,
}

/// Compiled date patterns and the vocabulary of all language packs.
struct Patterns {
    iso: Regex,
    dotted: Regex,
    slashed: Regex,
    day_month: Option<Regex>,
    month_day: Option<Regex>,
    months: Vec<(String, u32)>,
    /// Finds every occurrence of every publication cue in one pass, regardless of ASCII case;
    /// a cue with letters beyond ASCII is a second pattern in capitals ("VERÖFFENTLICHT").
    cue_finder: Option<AhoCorasick>,
    /// The cue (its rank in precedence, longest first) of each pattern of `cue_finder`.
    cue_rank: Vec<usize>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let mut months = Vec::new();
        let mut cues = Vec::new();
        for iso in LangPack::available() {
            let Some(pack) = LangPack::get(iso) else {
                continue;
            };
            let data: DateData = pack.toml("clean_dates.toml").unwrap_or_default();
            for (i, names) in data.months.iter().enumerate() {
                for name in names {
                    months.push((name.to_lowercase(), i as u32 + 1));
                }
            }
            cues.extend(data.published_cues.iter().map(|c| c.to_lowercase()));
        }
        // Longest names first so that "juni" wins over "jun" in the alternation.
        months.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
        cues.sort_by_key(|c| std::cmp::Reverse(c.chars().count()));
        let mut cue_patterns: Vec<(String, usize)> = Vec::new();
        for (rank, cue) in cues.iter().enumerate() {
            cue_patterns.push((cue.clone(), rank));
            if !cue.is_ascii() {
                cue_patterns.push((cue.to_uppercase(), rank));
            }
        }
        let alt = months
            .iter()
            .map(|(n, _)| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let (day_month, month_day) = if alt.is_empty() {
            (None, None)
        } else {
            (
                Regex::new(&format!(r"(?i)\b(\d{{1,2}})\.?\s+({alt})\.?\s+(\d{{4}})\b")).ok(),
                Regex::new(&format!(
                    r"(?i)\b({alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
                ))
                .ok(),
            )
        };
        Patterns {
            iso: re(r"\b(\d{4})-(\d{2})-(\d{2})"),
            dotted: re(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"),
            slashed: re(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
            day_month,
            month_day,
            months,
            cue_finder: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(cue_patterns.iter().map(|(c, _)| c))
                .ok(),
            cue_rank: cue_patterns.iter().map(|&(_, rank)| rank).collect(),
        }
    })
}

/// Compiles a pattern written in this file (a constant, exercised by the tests below).
pub(super) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant pattern compiles")
}

/// `YYYY-MM-DD` when the parts form a plausible publication date.
fn ymd(y: &str, m: u32, d: &str) -> Option<String> {
    let y: u32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    patterns()
        .months
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| *m)
}

/// The first date written in `text` (ISO, `19.6.2007`, `12/20/2010`, `7. Juni 2019`,
/// `December 20, 2010`), as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let p = patterns();
    let mut best: Option<(usize, String)> = None;
    let mut consider = |start: usize, date: Option<String>| {
        if let Some(date) = date {
            if best.as_ref().is_none_or(|(s, _)| start < *s) {
                best = Some((start, date));
            }
        }
    };
    if let Some(c) = p.iso.captures(text) {
        let m = c[2].parse().ok();
        consider(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| ymd(&c[1], m, &c[3])),
        );
    }
    if let Some(c) = p.dotted.captures(text) {
        let m = c[2].parse().ok();
        consider(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| ymd(&c[3], m, &c[1])),
        );
    }
    if let Some(c) = p.slashed.captures(text) {
        let m = c[1].parse().ok();
        consider(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| ymd(&c[3], m, &c[2])),
        );
    }
    if let Some(c) = p.day_month.as_ref().and_then(|r| r.captures(text)) {
        let m = month_number(&c[2]);
        consider(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| ymd(&c[3], m, &c[1])),
        );
    }
    if let Some(c) = p.month_day.as_ref().and_then(|r| r.captures(text)) {
        let m = month_number(&c[1]);
        consider(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| ymd(&c[3], m, &c[2])),
        );
    }
    best.map(|(_, d)| d)
}

/// A date that directly follows a publication cue ("Veröffentlicht am 07.06.2019",
/// "Published on May 3, 2021") anywhere in `text`.
pub fn find_cued_date(text: &str) -> Option<String> {
    let p = patterns();
    let finder = p.cue_finder.as_ref()?;
    // Cue by cue in order of precedence, each occurrence in text order; a cue's next
    // occurrence starts after the end of the one tried before. Cues are matched without
    // regard to ASCII case, so only the short window after a cue is lower-cased.
    let mut hits: Vec<(usize, usize, usize)> = finder
        .find_overlapping_iter(text)
        .map(|m| (p.cue_rank[m.pattern().as_usize()], m.start(), m.end()))
        .collect();
    hits.sort_unstable();
    let mut tried: Option<(usize, usize)> = None;
    for (cue, start, end) in hits {
        if tried.is_some_and(|(c, e)| c == cue && start < e) {
            continue;
        }
        tried = Some((cue, end));
        let window = text[end..next_boundary(text, end + 40)].to_lowercase();
        if let Some(d) = find_date(&window) {
            return Some(d);
        }
    }
    None
}

/// The nearest char boundary at or after `i` (clamped to the text's length).
fn next_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(
            find_date("2019-06-07T10:00:00+02:00").as_deref(),
            Some("2019-06-07")
        );
        assert_eq!(
            find_date("19.6.2007 9:40 Uhr").as_deref(),
            Some("2007-06-19")
        );
        assert_eq!(
            find_date("Montag, 7. Juni 2019").as_deref(),
            Some("2019-06-07")
        );
        assert_eq!(
            find_date("CNBC.com | December 20, 2010 | 02:22 PM EST").as_deref(),
            Some("2010-12-20")
        );
        assert_eq!(find_date("Aug 18, 2010").as_deref(), Some("2010-08-18"));
        assert_eq!(
            find_date("11/20/2019 01:14 PM").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(find_date("Tel. 0341 12.34.5678"), None);
        assert_eq!(find_date("32.13.2019"), None);
    }

    #[test]
    fn cued() {
        assert_eq!(
            find_cued_date("Montag, 09.12.2019 … VERÖFFENTLICHT AM 07.06.2019").as_deref(),
            Some("2019-06-07")
        );
        assert_eq!(
            find_cued_date("Zuletzt: Veröffentlicht am 07.06.2019").as_deref(),
            Some("2019-06-07")
        );
        assert_eq!(
            find_cued_date("Home | PUBLISHED ON May 3, 2021 | News").as_deref(),
            Some("2021-05-03")
        );
        assert_eq!(find_cued_date("Montag, 09.12.2019"), None);
    }
}
