//! Dates: temporal expressions normalized TIMEX3-style against the publication date.
//!
//! A scan over word tokens for numeric dates ("27.12.2017", "2017-12-27"), day–month–year
//! forms in both orders ("am 27. Juli", "March 11, 2011"), months and seasons with a year or
//! an opening word ("im Februar 2022", "im Sommer"), years ("seit 2010", "2023/24"),
//! modifiers ("Ende Juni" → END), quarters, relative days, weekdays and periods ("gestern",
//! "am Freitag", "last week", "vor zwei Wochen") and clock times on a known day ("um 23 Uhr").
//! Relative expressions need `published`; a missing year is the publication year, else `XXXX`.
//! All words come from the pack's `dates.toml`.

mod calendar;

use std::collections::HashMap;
use std::sync::LazyLock;

use newsgraph_core::{DateExpr, DateMod, Text};
use newsgraph_lang::LangPack;
use serde::Deserialize;

use crate::lexicon::{
    lexicon_of, lower_keys, lower_set, phrase_set, Chrome, FastMap, FastSet, Kind, Lexicon,
    PhraseSet, Tokens, WordSet,
};
use calendar::{civil, days, iso_week, month_len, parse_iso, weekday};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AgoFile {
    before: Vec<String>,
    after: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApproxFile {
    words: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DatesFile {
    numeric_order: String,
    numeric_separators: Vec<String>,
    day_suffixes: Vec<String>,
    prepositions: Vec<String>,
    year_nouns: Vec<String>,
    conjunctions: Vec<String>,
    clock_before: Vec<String>,
    clock_after: Vec<String>,
    quarter_words: Vec<String>,
    not_after: Vec<String>,
    decade_suffixes: Vec<String>,
    day_month_end: String,
    lower_case_names: bool,
    case_ambiguous: Vec<String>,
    day_connectors: Vec<String>,
    year_connectors: Vec<String>,
    day_ordinals: HashMap<String, u32>,
    months: HashMap<String, u32>,
    weekdays: HashMap<String, u32>,
    seasons: HashMap<String, String>,
    ordinals: HashMap<String, u32>,
    relative_days: HashMap<String, i64>,
    relative_units: HashMap<String, String>,
    relative_offsets: HashMap<String, i64>,
    ago: AgoFile,
    modifiers: HashMap<String, String>,
    approx: ApproxFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NumbersNames {
    cardinals: HashMap<String, f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UnitNames {
    currency: HashMap<String, String>,
    percent: HashMap<String, String>,
    units: HashMap<String, String>,
    durations: HashMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CountedNames {
    nouns: HashMap<String, Vec<String>>,
}

#[derive(Debug, Default)]
struct Config {
    dmy: bool,
    numeric_separators: Vec<String>,
    day_suffixes: FastSet<String>,
    prepositions: PhraseSet,
    year_nouns: FastSet<String>,
    conjunctions: PhraseSet,
    clock_before: PhraseSet,
    clock_after: PhraseSet,
    quarter_words: PhraseSet,
    not_after: PhraseSet,
    decade_suffixes: FastSet<String>,
    /// The mark ending a day and month without a year ("22.04."); empty where none is written.
    day_month_end: String,
    /// Month and weekday names count in lower case too ("14 nov"), except the ambiguous ones.
    lower_case_names: bool,
    /// Names that are other words in lower case ("may", "march").
    case_ambiguous: FastSet<String>,
    /// Words between a day and its month ("fourth of July").
    day_connectors: PhraseSet,
    /// Words between a month and its year ("July 4th of 1995").
    year_connectors: PhraseSet,
    /// Days written as ordinal words ("zweiten", "fourth").
    day_ordinals: Lexicon<u32>,
    months: Lexicon<u32>,
    weekdays: Lexicon<u32>,
    seasons: Lexicon<String>,
    ordinals: FastMap<String, u32>,
    relative_days: Lexicon<i64>,
    relative_units: Lexicon<String>,
    relative_offsets: Lexicon<i64>,
    ago_before: PhraseSet,
    ago_after: PhraseSet,
    modifiers: Lexicon<DateMod>,
    approx: PhraseSet,
    cardinals: FastMap<String, f64>,
    /// Units and counted nouns: a four-digit number before them is a count, not a year.
    measure_words: PhraseSet,
    /// Lower-case words that can open a date expression (a quick filter).
    starters: WordSet,
}

impl Config {
    fn load(pack: &LangPack) -> Config {
        let d: DatesFile = pack.toml("dates.toml").unwrap_or_default();
        let n: NumbersNames = pack.toml("numbers.toml").unwrap_or_default();
        let u: UnitNames = pack.toml("units.toml").unwrap_or_default();
        let c: CountedNames = pack.toml("counted.toml").unwrap_or_default();
        let modifiers = Lexicon::from_pairs(d.modifiers.iter().filter_map(|(k, v)| {
            let m = match v.as_str() {
                "START" => DateMod::Start,
                "MID" => DateMod::Mid,
                "END" => DateMod::End,
                "APPROX" => DateMod::Approx,
                _ => return None,
            };
            Some((k.as_str(), m))
        }));
        let measure: Vec<String> = u
            .currency
            .keys()
            .chain(u.percent.keys())
            .chain(u.units.keys())
            .chain(u.durations.keys())
            .chain(c.nouns.values().flatten())
            .cloned()
            .collect();
        let starters: WordSet = d
            .months
            .keys()
            .chain(d.weekdays.keys())
            .chain(d.seasons.keys())
            .chain(d.ordinals.keys())
            .chain(d.day_ordinals.keys())
            .chain(d.relative_days.keys())
            .chain(d.relative_offsets.keys())
            .chain(d.modifiers.keys())
            .chain(d.ago.before.iter())
            .chain(d.approx.words.iter())
            .chain(n.cardinals.keys())
            .filter_map(|f| crate::lexicon::first_word_lower(f))
            .collect();
        Config {
            starters,
            dmy: d.numeric_order != "mdy",
            numeric_separators: d.numeric_separators,
            day_suffixes: d.day_suffixes.iter().map(|s| s.to_lowercase()).collect(),
            prepositions: phrase_set(&d.prepositions),
            year_nouns: lower_set(&d.year_nouns),
            conjunctions: phrase_set(&d.conjunctions),
            clock_before: phrase_set(&d.clock_before),
            clock_after: phrase_set(&d.clock_after),
            quarter_words: phrase_set(&d.quarter_words),
            not_after: phrase_set(&d.not_after),
            decade_suffixes: lower_set(&d.decade_suffixes),
            day_month_end: d.day_month_end,
            lower_case_names: d.lower_case_names,
            case_ambiguous: lower_set(&d.case_ambiguous),
            day_connectors: phrase_set(&d.day_connectors),
            year_connectors: phrase_set(&d.year_connectors),
            day_ordinals: lexicon_of(&d.day_ordinals),
            months: lexicon_of(&d.months),
            weekdays: lexicon_of(&d.weekdays),
            seasons: lexicon_of(&d.seasons),
            ordinals: lower_keys(&d.ordinals),
            relative_days: lexicon_of(&d.relative_days),
            relative_units: lexicon_of(&d.relative_units),
            relative_offsets: lexicon_of(&d.relative_offsets),
            ago_before: phrase_set(&d.ago.before),
            ago_after: phrase_set(&d.ago.after),
            modifiers,
            approx: phrase_set(&d.approx.words),
            cardinals: n
                .cardinals
                .iter()
                .map(|(k, v)| (k.to_lowercase(), *v))
                .collect(),
            measure_words: phrase_set(&measure),
        }
    }
}

static CONFIGS: LazyLock<HashMap<&'static str, Config>> = LazyLock::new(|| {
    LangPack::available()
        .into_iter()
        .filter_map(|iso| LangPack::get(iso).map(|p| (iso, Config::load(p))))
        .collect()
});

static EMPTY: LazyLock<Config> = LazyLock::new(Config::default);

/// A date found: token range, value, modifier; `day` when it names one calendar day.
struct Found {
    start: usize,
    end: usize,
    value: String,
    modifier: Option<DateMod>,
    day: Option<i64>,
}

/// Finds the dates of `text`, each distinct value (with its modifier) once.
pub fn extract(text: &Text<'_>, pack: &LangPack) -> Vec<DateExpr> {
    extract_with(text, pack, &Tokens::new(text.body))
}

/// [`extract`] over tokens of `text.body` made once for this stage and the quantity stage.
pub fn extract_with(text: &Text<'_>, pack: &LangPack, t: &Tokens<'_>) -> Vec<DateExpr> {
    let cfg = CONFIGS.get(pack.iso()).unwrap_or(&EMPTY);
    let pubday = text.published.and_then(parse_iso);
    let s = Scan { cfg, t, pubday };
    let mut found: Vec<Found> = Vec::new();
    let mut last_day: Option<(i64, usize)> = None;
    let mut i = 0;
    while i < t.len() {
        let tk = t.toks[i];
        let candidate = match tk.kind {
            Kind::Digits => true,
            Kind::Word => cfg.starters.holds(t, i) || t.low_bytes(i).starts_with(b"q"),
            Kind::Punct => false,
        };
        if !candidate {
            i += 1;
            continue;
        }
        let got = s.at(i, last_day.map(|x| x.0));
        if got.is_empty() {
            i += 1;
            continue;
        }
        let mut next = i + 1;
        for f in got {
            next = next.max(f.end);
            if let Some(d) = f.day {
                last_day = Some((d, f.end));
            }
            found.push(f);
        }
        i = next;
    }
    let chrome = Chrome::new(text.body);
    let mut out: Vec<DateExpr> = Vec::new();
    for f in found {
        if chrome.fragment(text.body, t.toks[f.start].start) {
            continue;
        }
        let start = s.opening(f.start);
        let (sb, eb) = (t.toks[start].start, t.toks[f.end - 1].end);
        if out
            .iter()
            .any(|o| o.value == f.value && o.modifier == f.modifier)
        {
            continue;
        }
        let span = text.span(sb..eb);
        out.push(DateExpr {
            text: text.body[sb..eb].to_string(),
            value: f.value,
            modifier: f.modifier,
            start: span.start,
            end: span.end,
        });
    }
    out
}

struct Scan<'a> {
    cfg: &'a Config,
    t: &'a Tokens<'a>,
    pubday: Option<i64>,
}

fn ymd(z: i64) -> String {
    let (y, m, d) = civil(z);
    format!("{y:04}-{m:02}-{d:02}")
}

impl Scan<'_> {
    fn glued(&self, i: usize) -> bool {
        i < self.t.len() && !self.t.toks[i].space_before
    }

    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        if i < self.t.len() && self.t.toks[i].kind == Kind::Digits {
            let s = self.t.text(i);
            Some((s.parse().ok()?, s.len()))
        } else {
            None
        }
    }

    fn year_text(&self, y: Option<i64>) -> String {
        match y.or_else(|| self.pubday.map(|p| civil(p).0)) {
            Some(y) => format!("{y:04}"),
            None => "XXXX".to_string(),
        }
    }

    /// A capitalised month name at `i`: (tokens, month).
    fn month(&self, i: usize) -> Option<(usize, u32)> {
        let (n, m) = self.cfg.months.at(self.t, i)?;
        self.name_case(i).then_some((n, *m))
    }

    /// Token `i` is written like a name: capitalised but not all capitals ("Juli", not "SONNTAG"),
    /// or in lower case where the pack allows it and the word is no other word.
    fn name_case(&self, i: usize) -> bool {
        let w = self.t.text(i);
        let lower = self.cfg.lower_case_names
            && !w.chars().any(char::is_uppercase)
            && !self.cfg.case_ambiguous.contains(self.t.low(i));
        lower
            || self.t.capitalized(i)
                && (w.chars().count() <= 3 || w.chars().skip(1).any(char::is_lowercase))
    }

    /// Extends `start` backwards over opening words ("im", "am", "seit") for the span.
    fn opening(&self, start: usize) -> usize {
        match self.cfg.prepositions.ending_at(self.t, start) {
            Some((n, _)) => start - n,
            None => start,
        }
    }

    /// A day number at `i` with its optional suffix ("27.", "11th"): (day, end).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let (d, len) = self.digits(i)?;
        if len > 2 || !(1..=31).contains(&d) {
            return None;
        }
        let mut e = i + 1;
        if e < self.t.len() && self.glued(e) && self.cfg.day_suffixes.contains(self.t.low(e)) {
            e += 1;
        }
        Some((d, e))
    }

    /// A day number or ordinal word at `i` ("27.", "11th", "zweiten"): (day, end).
    fn day_or_ordinal(&self, i: usize) -> Option<(u32, usize)> {
        if let Some(d) = self.day(i) {
            return Some(d);
        }
        let (n, d) = self.cfg.day_ordinals.at(self.t, i)?;
        Some((*d, i + n))
    }

    /// A month at `i`, or after a connector there ("of July"): (month, end).
    fn month_after_day(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((n, m)) = self.month(i) {
            return Some((m, i + n));
        }
        let (c, _) = self.cfg.day_connectors.at(self.t, i)?;
        let (n, m) = self.month(i + c)?;
        Some((m, i + c + n))
    }

    /// A year at `i`, or after a connector there (", 1995", "of 1995"): (year, end).
    fn year_after_month(&self, i: usize) -> Option<(i64, usize)> {
        if let Some(y) = self.year(i) {
            return Some((y, i + 1));
        }
        let (c, _) = self.cfg.year_connectors.at(self.t, i)?;
        Some((self.year(i + c)?, i + c + 1))
    }

    /// A four-digit year at `i` (1000-2100), not glued to letters.
    fn year(&self, i: usize) -> Option<i64> {
        let (y, len) = self.digits(i)?;
        let glued_after =
            i + 1 < self.t.len() && self.glued(i + 1) && self.t.toks[i + 1].kind != Kind::Punct;
        (len == 4 && (1000..=2100).contains(&y) && !glued_after).then_some(i64::from(y))
    }

    fn date_value(&self, y: Option<i64>, m: u32, d: u32) -> Option<(String, Option<i64>)> {
        let yy = y.or_else(|| self.pubday.map(|p| civil(p).0));
        if !(1..=12).contains(&m) || d == 0 {
            return None;
        }
        match yy {
            Some(yy) => {
                if d > month_len(yy, m) {
                    return None;
                }
                let z = days(yy, m, d);
                Some((ymd(z), Some(z)))
            }
            None => (d <= 31).then(|| (format!("XXXX-{m:02}-{d:02}"), None)),
        }
    }

    /// Dates starting at token `i`.
    fn at(&self, i: usize, anchor: Option<i64>) -> Vec<Found> {
        let one = |start, end, value: String, modifier, day| {
            vec![Found {
                start,
                end,
                value,
                modifier,
                day,
            }]
        };
        let cfg = self.cfg;
        let t = self.t;
        // Numeric dates.
        if let Some(f) = self.numeric(i) {
            return vec![f];
        }
        // Day (conj day) month [year].
        if let Some((d1, e1)) = self.day_or_ordinal(i) {
            let mut days_list = vec![d1];
            let mut e = e1;
            if let Some((n, _)) = cfg.conjunctions.at(t, e) {
                // "zwischen dem 3. und dem 12. September"
                let k = e + n + cfg.prepositions.at(t, e + n).map_or(0, |x| x.0);
                if let Some((d2, e2)) = self.day_or_ordinal(k) {
                    if self.month_after_day(e2).is_some() {
                        days_list.push(d2);
                        e = e2;
                    }
                }
            }
            if let Some((m, month_end)) = self.month_after_day(e) {
                let mut end = month_end;
                let mut y = None;
                if let Some((yy, ye)) = self.year_after_month(end) {
                    y = Some(yy);
                    end = ye;
                }
                let mut out: Vec<Found> = Vec::new();
                for d in days_list {
                    if let Some((v, z)) = self.date_value(y, m, d) {
                        // Of "14. und 15. Juli", a later clock time belongs to the first day.
                        let day = if out.is_empty() { z } else { None };
                        out.push(Found {
                            start: i,
                            end,
                            value: v,
                            modifier: None,
                            day,
                        });
                    }
                }
                return out;
            }
            // Clock time on a known day.
            if let Some(f) = self.clock(i, anchor) {
                return vec![f];
            }
        }
        // Modifier + month/season/year, or a relative period.
        let modifier = cfg.modifiers.at(t, i);
        let (base, modv) = match modifier {
            Some((n, m)) => (i + n, Some(*m)),
            None => (i, None),
        };
        if let Some((n, m)) = self.month(base) {
            let mut end = base + n;
            // "March 11", "Sept. 1, 2010"
            if modv.is_none() {
                if let Some((d, e)) = self.day(end) {
                    let next_is_month_or_unit = e < t.len() && self.month(e).is_some();
                    if !next_is_month_or_unit && self.year(end).is_none() {
                        let mut e = e;
                        let mut days_list = vec![d];
                        // "November 19-20", "May 3 and 4"
                        if let Some((n, _)) = cfg.conjunctions.at(t, e) {
                            if let Some((d2, e2)) = self.day(e + n) {
                                let unit_after = self.month(e2).is_some();
                                if d2 > d && !unit_after && self.year(e + n).is_none() {
                                    days_list.push(d2);
                                    e = e2;
                                }
                            }
                        }
                        let mut y = None;
                        if let Some((yy, ye)) = self.year_after_month(e) {
                            y = Some(yy);
                            e = ye;
                        }
                        let mut out: Vec<Found> = Vec::new();
                        for d in days_list {
                            if let Some((v, z)) = self.date_value(y, m, d) {
                                let day = if out.is_empty() { z } else { None };
                                out.push(Found {
                                    start: base,
                                    end: e,
                                    value: v,
                                    modifier: None,
                                    day,
                                });
                            }
                        }
                        if !out.is_empty() {
                            return out;
                        }
                    }
                }
            }
            let mut y = None;
            let mut k = end;
            if k < t.len() && t.text(k) == "," && self.year(k + 1).is_some() {
                k += 1;
            }
            if let Some(yy) = self.year(k) {
                y = Some(yy);
                end = k + 1;
            }
            let opened =
                modv.is_some() || y.is_some() || cfg.prepositions.ending_at(t, base).is_some();
            if opened {
                let v = format!("{}-{m:02}", self.year_text(y));
                return one(i, end, v, modv, None);
            }
            return Vec::new();
        }
        if let Some((n, season)) = cfg.seasons.at(t, base) {
            let mut end = base + n;
            let mut y = None;
            if let Some(yy) = self.year(end) {
                y = Some(yy);
                end += 1;
            }
            let opened =
                modv.is_some() || y.is_some() || cfg.prepositions.ending_at(t, base).is_some();
            if opened {
                let v = format!("{}-{season}", self.year_text(y));
                return one(i, end, v, modv, None);
            }
            return Vec::new();
        }
        if let Some(y) = self.year(base) {
            return self.years(i, base, y, modv);
        }
        if let Some(f) = self.relative(i, base, modv) {
            return vec![f];
        }
        if modv.is_none() {
            if let Some(f) = self.quarter(i) {
                return vec![f];
            }
            if let Some(f) = self.ago(i) {
                return vec![f];
            }
        }
        Vec::new()
    }

    fn numeric(&self, i: usize) -> Option<Found> {
        let t = self.t;
        let (a, la) = self.digits(i)?;
        let sep_ok = |k: usize, iso: bool| {
            k + 1 < t.len()
                && self.glued(k)
                && self.glued(k + 1)
                && if iso {
                    t.text(k) == "-"
                } else {
                    self.cfg.numeric_separators.iter().any(|s| s == t.text(k))
                }
        };
        // ISO 2017-12-27.
        if la == 4 && sep_ok(i + 1, true) && sep_ok(i + 3, true) {
            let (m, lm) = self.digits(i + 2)?;
            let (d, ld) = self.digits(i + 4)?;
            if lm <= 2 && ld <= 2 {
                let (v, z) = self.date_value(Some(i64::from(a)), m, d)?;
                return Some(Found {
                    start: i,
                    end: i + 5,
                    value: v,
                    modifier: None,
                    day: z,
                });
            }
        }
        if la > 2 || !sep_ok(i + 1, false) {
            return None;
        }
        if !sep_ok(i + 3, false) {
            return self.day_month(i);
        }
        let (b, lb) = self.digits(i + 2)?;
        let (c, lc) = self.digits(i + 4)?;
        if lb > 2 || !(lc == 4 || lc == 2) {
            return None;
        }
        if i + 5 < t.len() && self.glued(i + 5) && t.toks[i + 5].kind == Kind::Digits {
            return None;
        }
        let y = if lc == 2 {
            2000 + i64::from(c)
        } else {
            i64::from(c)
        };
        let (d, m) = if self.cfg.dmy { (a, b) } else { (b, a) };
        let (v, z) = self.date_value(Some(y), m, d)?;
        Some(Found {
            start: i,
            end: i + 5,
            value: v,
            modifier: None,
            day: z,
        })
    }

    /// A day and month without a year, closed by the pack's mark ("am 22.04."): after an
    /// opening word, or with a two-digit month.
    fn day_month(&self, i: usize) -> Option<Found> {
        let t = self.t;
        let end_mark = &self.cfg.day_month_end;
        if end_mark.is_empty() || i + 4 > t.len() || t.text(i + 3) != end_mark || !self.glued(i + 3)
        {
            return None;
        }
        let (d, ld) = self.digits(i)?;
        let (m, lm) = self.digits(i + 2)?;
        let after = i + 4;
        let more = after < t.len() && self.glued(after) && t.toks[after].kind != Kind::Punct;
        let opened = self.cfg.prepositions.ending_at(t, i).is_some() || lm == 2;
        if ld > 2 || lm > 2 || more || !opened {
            return None;
        }
        let (v, z) = self.date_value(None, m, d)?;
        Some(Found {
            start: i,
            end: after,
            value: v,
            modifier: None,
            day: z,
        })
    }

    /// Token `i` opens a sentence or line.
    fn sentence_initial(&self, i: usize) -> bool {
        i == 0
            || self.t.line_break_before(i)
            || [".", "!", "?", ":", "\"", "„", "“", "«", "»", "(", "–", "-"]
                .contains(&self.t.text(i - 1))
    }

    /// A year at `base` (with opening at `i`), or two ("2023/24", "2007 bis 2016" gives each).
    fn years(&self, i: usize, base: usize, y: i64, modv: Option<DateMod>) -> Vec<Found> {
        let t = self.t;
        let cfg = self.cfg;
        // Decades ("1990s", "90er") are left out.
        if base + 1 < t.len()
            && self.glued(base + 1)
            && cfg.decade_suffixes.contains(t.low(base + 1))
        {
            return Vec::new();
        }
        // Glued to more digits: a code or a number, not a year.
        if base + 2 < t.len()
            && self.glued(base + 1)
            && [".", ",", ":"].contains(&t.text(base + 1))
            && self.glued(base + 2)
            && t.toks[base + 2].kind == Kind::Digits
        {
            return Vec::new();
        }
        if base > 0 && self.glued(base) {
            let p = t.text(base - 1);
            if t.toks[base - 1].kind != Kind::Punct || p == "." || p == "," || p == "-" || p == "/"
            {
                return Vec::new();
            }
        }
        // "© 1999–2019": a copyright line.
        if cfg.not_after.ending_at(t, base).is_some()
            || (base >= 2
                && t.text(base - 1) == "–"
                && cfg.not_after.ending_at(t, base - 2).is_some())
            || (base >= 2
                && t.text(base - 1) == "-"
                && cfg.not_after.ending_at(t, base - 2).is_some())
        {
            return Vec::new();
        }
        // "2000 Soldaten": a count.
        if cfg.measure_words.at(t, base + 1).is_some() {
            return Vec::new();
        }
        // A capitalised word before it that is not a date word: part of a name ("Euro 2004").
        if modv.is_none()
            && base > 0
            && t.toks[base - 1].kind == Kind::Word
            && t.capitalized(base - 1)
        {
            let p = t.low(base - 1);
            let sentence_start = base < 2 || [".", "!", "?", "\n"].contains(&t.text(base - 2));
            let known = cfg.year_nouns.contains(p)
                || cfg.prepositions.ending_at(t, base).is_some()
                || cfg.months.ending_at(t, base).is_some();
            if !(known || sentence_start && cfg.prepositions.ending_at(t, base).is_some()) {
                return Vec::new();
            }
        }
        // "2019-Q1", "2017 q1": the quarter of that year.
        let q_at = if base + 2 < t.len() && t.text(base + 1) == "-" && self.glued(base + 1) {
            base + 2
        } else {
            base + 1
        };
        if let Some((q, q_end)) = self.quarter_code(q_at) {
            return vec![Found {
                start: i,
                end: q_end,
                value: format!("{y:04}-Q{q}"),
                modifier: modv,
                day: None,
            }];
        }
        let mut out = vec![Found {
            start: i,
            end: base + 1,
            value: format!("{y:04}"),
            modifier: modv,
            day: None,
        }];
        // "2023/24", "2023-24"
        if base + 2 < t.len()
            && self.glued(base + 1)
            && (t.text(base + 1) == "/" || t.text(base + 1) == "-")
            && self.glued(base + 2)
        {
            if let Some((y2, l2)) = self.digits(base + 2) {
                let y2 = if l2 == 2 {
                    y / 100 * 100 + i64::from(y2)
                } else {
                    i64::from(y2)
                };
                if (l2 == 2 || l2 == 4) && y2 == y + 1 {
                    out[0].end = base + 3;
                    out.push(Found {
                        start: i,
                        end: base + 3,
                        value: format!("{y2:04}"),
                        modifier: None,
                        day: None,
                    });
                }
            }
        }
        out
    }

    /// "gestern", "am Freitag", "vergangene Woche", "last year", "early this week".
    fn relative(&self, i: usize, base: usize, modv: Option<DateMod>) -> Option<Found> {
        let cfg = self.cfg;
        let t = self.t;
        let p = self.pubday?;
        if let Some((n, off)) = cfg.relative_days.at(t, base) {
            // "am Morgen", "USA Today": capitalised inside a sentence, a noun or a name.
            if t.capitalized(base) && !self.sentence_initial(base) {
                return None;
            }
            let z = p + off;
            return Some(Found {
                start: i,
                end: base + n,
                value: ymd(z),
                modifier: modv,
                day: Some(z),
            });
        }
        if let Some((n, wd)) = cfg.weekdays.at(t, base) {
            if !self.name_case(base) {
                return None;
            }
            let mut k = base + n;
            if k < t.len() && t.text(k) == "," {
                k += 1;
            }
            // "Montag, 5. Juni": the date follows.
            if self.day(k).is_some() || self.month(k).is_some() {
                return None;
            }
            let back = (i64::from(weekday(p)) - i64::from(*wd)).rem_euclid(7);
            let z = p - back;
            return Some(Found {
                start: i,
                end: base + n,
                value: ymd(z),
                modifier: modv,
                day: Some(z),
            });
        }
        let (n, off) = cfg.relative_offsets.at(t, base)?;
        if let Some((m, wd)) = cfg.weekdays.at(t, base + n) {
            // "next Friday", "am vergangenen Montag": the nearest one on that side of
            // publication; "this Friday" is the one of the same week.
            let (wp, wd) = (i64::from(weekday(p)), i64::from(*wd));
            let z = match off.signum() {
                1 => p + (wd - wp - 1).rem_euclid(7) + 1,
                -1 => p - (wp - wd - 1).rem_euclid(7) - 1,
                _ => p + wd - wp,
            };
            return self.name_case(base + n).then_some(Found {
                start: i,
                end: base + n + m,
                value: ymd(z),
                modifier: modv,
                day: Some(z),
            });
        }
        let (m, unit) = cfg.relative_units.at(t, base + n)?;
        let end = base + n + m;
        // "im letzten Quartal 2023" is the fourth quarter of that year.
        if unit == "quarter" && self.year(end).is_some() {
            return None;
        }
        let value = shift(p, unit, *off)?;
        Some(Found {
            start: i,
            end,
            value,
            modifier: modv,
            day: None,
        })
    }

    /// "vor zwei Wochen", "two days ago".
    fn ago(&self, i: usize) -> Option<Found> {
        let cfg = self.cfg;
        let t = self.t;
        let p = self.pubday?;
        let mut k = i;
        let before = cfg.ago_before.at(t, k);
        if let Some((n, _)) = before {
            k += n;
        } else if cfg.ago_after.is_empty() {
            return None;
        }
        let mut modv = None;
        if let Some((n, _)) = cfg.approx.at(t, k) {
            modv = Some(DateMod::Approx);
            k += n;
        }
        let count = match self.digits(k) {
            Some((v, l)) if l <= 3 => f64::from(v),
            _ => *cfg.cardinals.get(t.low(k).trim())?,
        };
        let (m, unit) = cfg.relative_units.at(t, k + 1)?;
        let mut end = k + 1 + m;
        if before.is_none() {
            let (n, _) = cfg.ago_after.at(t, end)?;
            end += n;
        }
        if count.fract() != 0.0 || count <= 0.0 {
            return None;
        }
        let value = shift(p, unit, -(count as i64))?;
        Some(Found {
            start: i,
            end,
            value,
            modifier: modv,
            day: None,
        })
    }

    /// A quarter written as a code at `i` ("Q3", "q3"): its number and the token after it.
    fn quarter_code(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t;
        if i + 1 >= t.len() || t.toks[i].kind != Kind::Word || t.low(i) != "q" {
            return None;
        }
        let (q, len) = self.digits(i + 1)?;
        let more = i + 2 < t.len() && self.glued(i + 2) && t.toks[i + 2].kind != Kind::Punct;
        (self.glued(i + 1) && len == 1 && (1..=4).contains(&q) && !more).then_some((q, i + 2))
    }

    /// "im dritten Quartal 2024", "Q3 2024".
    fn quarter(&self, i: usize) -> Option<Found> {
        let cfg = self.cfg;
        let t = self.t;
        let (q, k) = if let Some(q) = cfg.ordinals.get(t.low(i)) {
            let (n, _) = cfg.quarter_words.at(t, i + 1)?;
            (*q, i + 1 + n)
        } else {
            self.quarter_code(i)?
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        // "Q1 2019", "q1-2019"
        let dash = k + 1 < t.len() && t.text(k) == "-" && self.glued(k) && self.glued(k + 1);
        let (y, end) = match (self.year(k), dash.then(|| self.year(k + 1)).flatten()) {
            (Some(y), _) => (Some(y), k + 1),
            (None, Some(y)) => (Some(y), k + 2),
            _ => (None, k),
        };
        if y.is_none() && self.pubday.is_none() {
            return None;
        }
        Some(Found {
            start: i,
            end,
            value: format!("{}-Q{q}", self.year_text(y)),
            modifier: None,
            day: None,
        })
    }

    /// "um 23 Uhr", "at 6 pm": a clock time on the last day named.
    fn clock(&self, i: usize, anchor: Option<i64>) -> Option<Found> {
        let cfg = self.cfg;
        let t = self.t;
        let z = anchor?;
        cfg.clock_before.ending_at(t, i)?;
        let (h, lh) = self.digits(i)?;
        if lh > 2 || h > 24 {
            return None;
        }
        let mut k = i + 1;
        let mut min = 0;
        if k + 1 < t.len() && (t.text(k) == ":" || t.text(k) == ".") && self.glued(k) {
            let (mm, lm) = self.digits(k + 1)?;
            if lm != 2 || mm > 59 {
                return None;
            }
            min = mm;
            k += 2;
        }
        let (n, _) = cfg.clock_after.at(t, k)?;
        Some(Found {
            start: i,
            end: k + n,
            value: format!("{}T{h:02}:{min:02}", ymd(z)),
            modifier: None,
            day: None,
        })
    }
}

/// The period `off` units away from day `p`, at the unit's granularity.
fn shift(p: i64, unit: &str, off: i64) -> Option<String> {
    let (y, m, _) = civil(p);
    Some(match unit {
        "day" => ymd(p + off),
        "week" => {
            let (wy, w) = iso_week(p + 7 * off);
            format!("{wy:04}-W{w:02}")
        }
        "month" => {
            let idx = y * 12 + i64::from(m) - 1 + off;
            format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1)
        }
        "quarter" => {
            let idx = y * 4 + (i64::from(m) - 1) / 3 + off;
            format!("{:04}-Q{}", idx.div_euclid(4), idx.rem_euclid(4) + 1)
        }
        "year" => format!("{:04}", y + off),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
