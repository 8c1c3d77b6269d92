//! Quantities: numbers, amounts, percentages, counts and rates, normalized.
//!
//! A scan over word tokens: a number (digits in the language's conventions, number words,
//! "anderthalb", "Hunderte") is widened with a currency before it, an approximation or bound word,
//! a range or pair, scale words ("Mrd.", "bn"), a unit, a counted noun and a rate ("pro Woche").
//! Numbers that are years, dates, clock times, ages, ordinals, list markers, references ("Nr. 5"),
//! parts of names or codes ("A380", "COVID-19") and phone numbers, URLs and file names are skipped.
//! All language knowledge comes from the pack (see [`config`]).

mod config;
mod number;

use std::sync::LazyLock;

use newsgraph_core::{Bound, Quantity, Text};
use newsgraph_lang::LangPack;
use regex::Regex;

use crate::lexicon::{Chrome, Kind, Tokens};
use config::{config, Config, Unit};
pub use number::parse_digits;
use number::NumberParser;

/// Byte ranges that hold no quantities: URLs, e-mail addresses, file names, phone numbers.
/// One ASCII-only pattern, so the whole body is scanned once by a DFA.
static MASK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let parts = [
        r"(?i:https?://|www\.)[^\s]+",
        r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}",
        r"[A-Za-z0-9_\-]+\.(?i:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|mp[34]|mov|zip|html?|php|aspx?|csv|txt)(?-u:\b)",
        r"(?:\+|(?-u:\b)00)[0-9]{1,3}[\s\-/()]{0,3}(?:[0-9][\s\-/()]{0,2}){6,}[0-9]",
        r"\(0[0-9]{2,5}\)\s?[0-9]{3,}(?:[\s-][0-9]+)*",
        r"(?-u:\b)0[0-9]{2,5}\s?[/-]\s?[0-9]{3,}(?:[\s-][0-9]+)*",
        r"\([0-9]{3}\)\s?[0-9]{3}-[0-9]{4}(?-u:\b)",
        r"(?-u:\b)[0-9]{3}-[0-9]{3}-[0-9]{4}(?-u:\b)",
    ];
    Regex::new(&parts.join("|")).ok()
});

/// Finds the quantities of `text`, with ids "q1", "q2", ... in order; a figure repeated with
/// the same value, unit and counted noun is listed once.
pub fn extract(text: &Text<'_>, pack: &LangPack) -> Vec<Quantity> {
    extract_with(text, pack, &Tokens::new(text.body))
}

/// [`extract`] over tokens of `text.body` made once for this stage and the date stage.
pub fn extract_with(text: &Text<'_>, pack: &LangPack, toks: &Tokens<'_>) -> Vec<Quantity> {
    let cfg = config(pack);
    let masks: Vec<(usize, usize)> = MASK
        .iter()
        .flat_map(|re| re.find_iter(text.body).map(|m| (m.start(), m.end())))
        .collect();
    let scan = Scan {
        cfg,
        t: toks,
        text,
        masks,
    };
    let chrome = Chrome::new(text.body);
    let mut out: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks.toks[i].kind == Kind::Word && !cfg.may_start(toks, i) {
            i += 1;
            continue;
        }
        match scan.figure(i) {
            Some((next, figs)) => {
                let at = toks.toks[i].start;
                let figs = if figs.is_empty() || chrome.fragment(text.body, at) {
                    Vec::new()
                } else {
                    figs
                };
                let before = out.len();
                for q in figs {
                    // A repeat is the same figure only when it says what it measures.
                    let referent = q.unit != "count" || q.of.is_some();
                    let dup = referent
                        && out[..before].iter().any(|o| {
                            o.value == q.value
                                && o.value_max == q.value_max
                                && o.unit == q.unit
                                && o.of == q.of
                                && o.per == q.per
                        });
                    if !dup {
                        out.push(q);
                    }
                }
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    for (n, q) in out.iter_mut().enumerate() {
        q.id = format!("q{}", n + 1);
    }
    out
}

struct Scan<'a> {
    cfg: &'static Config,
    t: &'a Tokens<'a>,
    text: &'a Text<'a>,
    masks: Vec<(usize, usize)>,
}

/// Sentence-opening punctuation: a capitalised number word after it is not a name.
const OPENERS: &[&str] = &[
    ".", "!", "?", ":", "„", "“", "\"", "(", "«", "»", "‚", "'", "–", "-",
];

impl Scan<'_> {
    fn masked(&self, i: usize) -> bool {
        let tk = self.t.toks[i];
        // Matches come sorted and do not overlap.
        let k = self.masks.partition_point(|&(_, e)| e <= tk.start);
        k < self.masks.len() && self.masks[k].0 < tk.end
    }

    fn glued(&self, i: usize) -> bool {
        i < self.t.len() && !self.t.toks[i].space_before
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        (i < self.t.len()).then(|| self.t.toks[i].kind)
    }

    fn sentence_initial(&self, i: usize) -> bool {
        i == 0 || self.t.line_break_before(i) || OPENERS.contains(&self.t.text(i - 1))
    }

    /// The "." token `dot` ends its sentence.
    fn ends_sentence(&self, dot: usize) -> bool {
        let tk = self.t.toks[dot];
        if dot + 1 >= self.t.len() || self.t.line_break_before(dot + 1) {
            return true;
        }
        match self.text.sentence_of(tk.start) {
            Some(s) => self.text.body[tk.end..self.text.sentences[s].end.max(tk.end)]
                .trim()
                .is_empty(),
            None => true,
        }
    }

    /// Tries to read a figure starting at token `i`: the token to continue at and the
    /// quantities found (none when the number is not a quantity).
    fn figure(&self, i: usize) -> Option<(usize, Vec<Quantity>)> {
        let cfg = self.cfg;
        let t = self.t;
        if self.masked(i) {
            return None;
        }
        // Currency written before the number.
        let mut currency: Option<String> = None;
        let mut num_at = i;
        if let Some((n, code)) = cfg.currency_prefix.at(t, i) {
            let k = i + n;
            if k < t.len() && self.starts_number(k) && !self.glued_word_before(i) {
                currency = Some(code.clone());
                num_at = k;
            }
        }
        let parser = NumberParser { cfg, t };
        let first = parser.parse(num_at)?;
        // "Claudia Tausend": a capitalised number word inside a sentence is a name.
        if cfg.capitalized_nouns
            && !first.digits
            && !first.vague
            && t.capitalized(num_at)
            && !self.sentence_initial(num_at)
            && cfg.approximate.ending_at(t, num_at).is_none()
        {
            return None;
        }
        let mut end = first.end;
        let mut skip_to = end;
        // A code, date, time or version: digits glued to more digits by punctuation.
        if first.digits && self.glued_code(first.start, end) {
            return Some((self.skip_code(end), Vec::new()));
        }
        if currency.is_none() && first.digits && self.glued_word_before(first.start) {
            return Some((self.skip_code(end), Vec::new()));
        }
        // A ratio ("one over three") or scales after the number.
        let (mut value, mut scaled) = (first.value, first.scaled);
        let mut ratio = first.ratio;
        if let Some((e, v)) = self
            .ratio(end, &first, &parser)
            .filter(|_| currency.is_none())
        {
            value = v;
            ratio = true;
            end = e;
        } else if let Some((e, f)) = self.scale(end, currency.is_some()) {
            value *= f;
            scaled = true;
            end = e;
        }
        // A range or pair ("sieben bis zehn", "10-12 Mio.", "240 x 320").
        let mut value_max = None;
        let mut pair = None;
        if let Some((e, v2, is_pair)) = self.second(end, i, &parser) {
            let mut v2 = v2;
            let mut e = e;
            let mut v1 = value;
            if let Some((e2, f)) = self.scale(e, currency.is_some()) {
                v2 *= f;
                e = e2;
                if !scaled {
                    v1 *= f;
                }
            } else if let Some(m) = self.last_multiplier(e).filter(|_| !scaled && !is_pair) {
                // "10-12 million", "zwei bis drei Hundert": the multiplier of the second end.
                if v1 * m < v2 {
                    v1 *= m;
                }
            }
            if is_pair {
                pair = Some(v2);
                value = v1;
                end = e;
            } else if v2 > v1 {
                value = v1;
                value_max = Some(v2);
                end = e;
            }
        }
        // Words that make it no quantity.
        if self.clock(end) || (first.digits && self.ordinal(first.start, first.end)) {
            return Some((skip_to, Vec::new()));
        }
        if first.digits && self.list_marker(first.start, first.end) {
            return Some((skip_to, Vec::new()));
        }
        if self.calendar_next_to(first.start, end) {
            return Some((skip_to, Vec::new()));
        }
        let before = i;
        if currency.is_none() && self.reference(before, first.start, first.digits) {
            return Some((skip_to, Vec::new()));
        }
        let number_end = end;
        // Unit, counted noun, rate.
        let mut unit: Option<Unit> = None;
        let mut of: Option<String> = None;
        let mut per: Option<String> = None;
        if let Some(d) = &first.duration {
            unit = Some(Unit {
                code: d.clone(),
                factor: 1.0,
                duration: true,
                unscaled: None,
            });
        }
        if unit.is_none() && currency.is_none() {
            let mut j = end;
            if first.vague || scaled {
                if let Some((n, _)) = cfg.of_connectors.at(t, j) {
                    if let Some(f) = self.vague_scale(j + n) {
                        value *= f.1;
                        j = f.0;
                    }
                }
            }
            if let Some((e, mut u)) = self.unit_at(j) {
                end = e;
                if let Some(code) = u.unscaled.take().filter(|_| !scaled && !first.vague) {
                    u.code = code;
                }
                if !u.duration && value_max.is_none() && pair.is_none() {
                    // "5 ft 2 in", "1 m x 1 m"
                    if let Some((e, add)) = self.smaller_unit(end, &u, &parser) {
                        value += add;
                        end = e;
                    } else if let Some((e, v2)) = self.unit_pair(end, &u, &parser) {
                        pair = Some(v2);
                        end = e;
                    }
                }
                unit = Some(u);
            } else if let Some((n, _)) =
                cfg.of_connectors.at(t, j).filter(|_| first.vague || scaled)
            {
                if let Some((e, u)) = self.unit_at(j + n) {
                    unit = Some(u);
                    end = e;
                } else if let Some((e, noun)) = self.noun_at(j + n) {
                    of = noun;
                    end = e;
                }
            } else if !first.times {
                if let Some((e, noun)) = self.noun_at(j) {
                    of = noun;
                    end = e;
                }
            }
        } else if currency.is_some() {
            // "$5 million dollars": a repeated currency word is part of the figure.
            if let Some((e, u)) = self.unit_at(end) {
                if currency.as_deref() == Some(u.code.as_str()) {
                    end = e;
                }
            }
        }
        let money = currency.is_some() || unit.as_ref().is_some_and(|u| is_currency(&u.code));
        if money {
            // "75 USD million"
            if let Some((e, f)) = self.scale_word(end) {
                value *= f;
                end = e;
            }
            // "2 Euro und 50 Cent", "15 dollars 50."
            if value_max.is_none() && pair.is_none() {
                if let Some((e, cents)) = self.cents(end, &parser) {
                    value += cents;
                    end = e;
                }
            }
        }
        if let Some((e, p)) = self.rate(end) {
            per = Some(p);
            end = e;
        }
        skip_to = skip_to.max(end);
        // Ages are not quantities.
        let (approximate, bound, start_tok) = self.qualifiers(before);
        let yearish = unit.as_ref().is_none_or(|u| u.duration && u.code == "year");
        let age = self.age(before, end) || self.age(start_tok, end);
        if yearish && currency.is_none() && of.is_none() && age {
            return Some((skip_to, Vec::new()));
        }
        // "vor zwei Wochen", "two days ago": a relative date.
        if unit.as_ref().is_some_and(|u| u.duration)
            && (cfg.relative_before.ending_at(t, start_tok).is_some()
                || cfg.relative_after.at(t, end).is_some())
        {
            return Some((skip_to, Vec::new()));
        }
        if self.age_suffix(first.end) {
            return Some((skip_to, Vec::new()));
        }
        // "zweimal": only as a rate.
        if first.times && per.is_none() {
            return Some((skip_to, Vec::new()));
        }
        // Weak words ("ein", "a") and bare fractions count only in context.
        let has_unit = unit.is_some() || currency.is_some();
        // "two thirds" is a number on its own; "two thirds of the vote" is a share.
        if ratio && !scaled && !has_unit && !self.alone(number_end) {
            return Some((skip_to, Vec::new()));
        }
        if first.weak && !ratio && !self.focus_before(before) {
            return Some((skip_to, Vec::new()));
        }
        if first.fraction_word && !has_unit && of.is_none() && !scaled {
            return Some((skip_to, Vec::new()));
        }
        // Long runs of plain digits are IDs; news writes large figures grouped or with scales.
        if first.digits
            && !scaled
            && t.toks[first.start].end - t.toks[first.start].start > 6
            && first.end == first.start + 1
        {
            return Some((skip_to, Vec::new()));
        }
        // Years: four plain digits without a unit or a known counted noun.
        let known_noun = of.is_some() && cfg.nouns.at(t, end - 1).is_some();
        if first.plain_year && !ratio && !has_unit && !known_noun && !scaled && per.is_none() {
            return Some((skip_to, Vec::new()));
        }
        let start_tok = if first.vague {
            start_tok.min(i)
        } else {
            start_tok
        };
        if !has_unit && of.is_none() && self.code_context(start_tok, end) {
            return Some((skip_to, Vec::new()));
        }
        let (code, factor) = match (&currency, &unit) {
            (Some(c), _) => (c.clone(), 1.0),
            (None, Some(u)) => (u.code.clone(), u.factor),
            (None, None) => ("count".to_string(), 1.0),
        };
        let sb = t.toks[start_tok].start;
        let eb = t.toks[end - 1].end;
        let span = self.text.span(sb..eb);
        let mk = |v: f64, vmax: Option<f64>| Quantity {
            id: String::new(),
            text: t.body[sb..eb].to_string(),
            value: round(v * factor),
            value_max: vmax.map(|m| round(m * factor)),
            unit: code.clone(),
            approximate: approximate || first.vague,
            bound,
            vague: first.vague,
            of: of.clone(),
            per: per.clone(),
            start: span.start,
            end: span.end,
        };
        let mut out = vec![mk(value, value_max)];
        if let Some(p) = pair {
            out.push(mk(p, None));
        }
        Some((skip_to, out))
    }

    /// Script or data text left in the body: `= 1;`, `[304, 500]`, `"width":126,`.
    fn code_context(&self, start: usize, end: usize) -> bool {
        let body = self.t.body;
        let before = body[..self.t.toks[start].start]
            .trim_end()
            .chars()
            .next_back();
        let after = body[self.t.toks[end - 1].end..].trim_start().chars().next();
        matches!(before, Some('=' | '[' | '{' | '!'))
            || (matches!(before, Some(':' | '(' | ','))
                && matches!(after, Some(',' | ';' | ']' | '}' | ')')))
    }

    fn starts_number(&self, k: usize) -> bool {
        NumberParser {
            cfg: self.cfg,
            t: self.t,
        }
        .parse(k)
        .is_some()
    }

    /// Token `i` is glued to a word before it ("A380", "COVID-19").
    fn glued_word_before(&self, i: usize) -> bool {
        if i == 0 || !self.glued(i) {
            return false;
        }
        match self.kind(i - 1) {
            Some(Kind::Word) => true,
            Some(Kind::Punct) => {
                let p = self.t.text(i - 1);
                (p == "-" || p == "/" || p == "_" || p == "#")
                    && i >= 2
                    && self.glued(i - 1)
                    && matches!(self.kind(i - 2), Some(Kind::Word | Kind::Digits))
            }
            _ => false,
        }
    }

    /// Digits glued to more digits by punctuation after the number ("27.12.2017", "14:30", "2023/24").
    fn glued_code(&self, start: usize, end: usize) -> bool {
        let t = self.t;
        let after = end < t.len()
            && self.glued(end)
            && t.toks[end].kind == Kind::Punct
            && [".", ",", ":", "/", "-", "_"].contains(&t.text(end))
            && end + 1 < t.len()
            && self.glued(end + 1)
            && t.toks[end + 1].kind == Kind::Digits;
        let before = start >= 2
            && self.glued(start)
            && t.toks[start - 1].kind == Kind::Punct
            && [".", ":", "/"].contains(&t.text(start - 1))
            && self.glued(start - 1)
            && t.toks[start - 2].kind == Kind::Digits;
        let word_after = end < t.len()
            && self.glued(end)
            && t.toks[end].kind == Kind::Word
            && self.cfg.units.at(t, end).is_none()
            && self.cfg.attached_scales.at(t, end).is_none()
            && self.cfg.scales.at(t, end).is_none()
            && self.cfg.currency_prefix.at(t, end).is_none()
            && !self.cfg.ordinal_suffixes.contains(t.low(end));
        after && !self.range_dash(end) || before || word_after
    }

    /// "10-12": a dash between two numbers is a range, not a code.
    fn range_dash(&self, i: usize) -> bool {
        let t = self.t;
        t.text(i) == "-" && {
            let after_is_code = i + 2 < t.len()
                && self.glued(i + 2)
                && t.toks[i + 2].kind == Kind::Punct
                && i + 3 < t.len()
                && t.toks[i + 3].kind == Kind::Digits
                && self.glued(i + 3);
            !after_is_code && t.text(i + 1).len() <= 4
        }
    }

    /// Skips a run of glued tokens.
    fn skip_code(&self, mut end: usize) -> usize {
        while end < self.t.len() && self.glued(end) {
            end += 1;
        }
        end
    }

    fn scale(&self, end: usize, money: bool) -> Option<(usize, f64)> {
        let t = self.t;
        if end >= t.len() {
            return None;
        }
        if self.glued(end) || money {
            let attached = self.cfg.attached_scales.at(t, end);
            // "1.8M dollars": a money scale before a currency word.
            let money_after = |(n, _): &(usize, &f64)| {
                money
                    || self
                        .cfg
                        .units
                        .at(t, end + n)
                        .is_some_and(|(_, u)| is_currency(&u.code))
            };
            let money_scale = self.cfg.money_scales.at(t, end).filter(money_after);
            if let Some((n, f)) = attached.or(money_scale) {
                let stop = end + n;
                let clean =
                    stop >= t.len() || !self.glued(stop) || t.toks[stop].kind == Kind::Punct;
                if clean && (money || self.glued(end)) {
                    return Some((stop, *f));
                }
            }
        }
        if let Some(f) = self.cfg.exact_scales.get(t.text(end)) {
            let stop = end + 1;
            if stop >= t.len()
                || !self.glued(stop)
                || [".", ",", ";", ":", ")"].contains(&t.text(stop))
            {
                return Some((stop, *f));
            }
        }
        let (n, f) = self.cfg.scales.at(t, end)?;
        Some((end + n, *f))
    }

    /// A multiplier or scale word at `j` ("million", "Mio.").
    fn scale_word(&self, j: usize) -> Option<(usize, f64)> {
        let t = self.t;
        if j >= t.len() {
            return None;
        }
        if let Some(config::Morph::Mult(m)) = self.cfg.words.get(t.low(j)) {
            if *m >= 1000.0 {
                return Some((j + 1, *m));
            }
        }
        let (n, f) = self.cfg.scales.at(t, j)?;
        Some((j + n, *f))
    }

    /// Cents after an amount: "[und] 50 [Cent]" (a bare number only at the end of a clause).
    fn cents(&self, end: usize, p: &NumberParser<'_>) -> Option<(usize, f64)> {
        let t = self.t;
        let mut k = end;
        if k < t.len() && self.cfg.joiners_contain(t.low(k)) {
            k += 1;
        }
        let n = p.parse(k)?;
        if n.weak
            || n.scaled
            || n.vague
            || !(1.0..100.0).contains(&n.value)
            || n.value.fract() != 0.0
        {
            return None;
        }
        if let Some((m, u)) = self.cfg.units.at(t, n.end) {
            return (u.factor < 1.0).then_some((n.end + m, n.value / 100.0));
        }
        let clause_end = n.end >= t.len()
            || (t.toks[n.end].kind == Kind::Punct
                && [".", ",", ";", "!", "?", ")"].contains(&t.text(n.end)));
        clause_end.then_some((n.end, n.value / 100.0))
    }

    /// "of millions": a plural scale after a vague number.
    fn vague_scale(&self, j: usize) -> Option<(usize, f64)> {
        let (n, f) = self.cfg.vague.at(self.t, j)?;
        Some((j + n, *f))
    }

    /// The second number of a range or pair after `end`: (end, value, is_pair).
    fn second(&self, end: usize, start: usize, p: &NumberParser<'_>) -> Option<(usize, f64, bool)> {
        let cfg = self.cfg;
        let t = self.t;
        let (n, is_pair) = if let Some((n, _)) = cfg.range.at(t, end) {
            (n, false)
        } else if let Some((n, _)) = cfg.pair.at(t, end) {
            (n, true)
        } else if let Some((n, _)) = cfg.range_after_open.at(t, end) {
            let before = start;
            cfg.range_open.ending_at(t, before)?;
            (n, false)
        } else {
            return None;
        };
        let k = end + n;
        let second = p.parse(k)?;
        if second.weak || second.plain_year != p.parse(start).is_some_and(|f| f.plain_year) {
            return None;
        }
        // "three-nought-four": a chain of hyphenated numbers is a sequence, not a range.
        let hyphen_glued =
            |h: usize| h < t.len() && t.text(h) == "-" && self.glued(h) && self.glued(h + 1);
        let chain = (start > 0 && hyphen_glued(start - 1)) || hyphen_glued(second.end);
        if chain && hyphen_glued(end) {
            return None;
        }
        if self.ordinal(second.start, second.end) || self.calendar_next_to(second.start, second.end)
        {
            return None;
        }
        Some((second.end, second.value, is_pair))
    }

    /// The multiplier word ("million", "Milliarden") that ends a number ending before `end`.
    fn last_multiplier(&self, end: usize) -> Option<f64> {
        let k = end.checked_sub(1)?;
        if self.kind(k) != Some(Kind::Word) {
            return None;
        }
        match self.cfg.words.get(self.t.low(k)) {
            Some(&config::Morph::Mult(m)) if m >= 100.0 => Some(m),
            _ => None,
        }
    }

    /// "one over three", "one out of three" standing alone: (end, quotient).
    fn ratio(
        &self,
        end: usize,
        first: &number::ParsedNumber,
        p: &NumberParser<'_>,
    ) -> Option<(usize, f64)> {
        let cfg = self.cfg;
        if first.vague || first.times || first.ratio || first.scaled {
            return None;
        }
        let (n, proportion) = match cfg.ratio.at(self.t, end) {
            Some((n, _)) => (n, false),
            None => (cfg.proportion.at(self.t, end)?.0, true),
        };
        let second = p.parse(end + n)?;
        let bad = second.vague
            || second.times
            || second.ratio
            || second.value == 0.0
            || (proportion && first.value > second.value)
            || !self.alone(second.end);
        (!bad).then_some((second.end, first.value / second.value))
    }

    /// Nothing that a number could measure follows token `k`: the end of the text or a
    /// clause, or "of" with nothing after it.
    fn alone(&self, k: usize) -> bool {
        let t = self.t;
        let clause_end = |k: usize| {
            k >= t.len()
                || t.line_break_before(k)
                || (t.toks[k].kind == Kind::Punct && !["-", "–", "/"].contains(&t.text(k)))
        };
        clause_end(k)
            || self
                .cfg
                .of_connectors
                .at(t, k)
                .is_some_and(|(n, _)| clause_end(k + n))
    }

    /// A smaller unit after a measure ("5 ft 2 in", "5 feet and 2 inches"): (end, value to add).
    fn smaller_unit(&self, end: usize, u: &Unit, p: &NumberParser<'_>) -> Option<(usize, f64)> {
        let t = self.t;
        let mut k = end;
        if k < t.len() && self.cfg.joiners_contain(t.low(k)) {
            k += 1;
        }
        let n = p.parse(k)?;
        if n.vague || n.times || n.ratio || n.weak || n.value < 0.0 {
            return None;
        }
        let (m, (code, per)) = self.cfg.compound_units.at(t, n.end)?;
        let stop = n.end + m;
        let boundary = stop >= t.len() || !self.glued(stop) || t.toks[stop].kind == Kind::Punct;
        (code == &u.code && boundary).then_some((stop, n.value / per))
    }

    /// "1 m x 1 m": a pair whose second number repeats the unit: (end, second value).
    fn unit_pair(&self, end: usize, u: &Unit, p: &NumberParser<'_>) -> Option<(usize, f64)> {
        let (n, _) = self.cfg.pair.at(self.t, end)?;
        let second = p.parse(end + n)?;
        if second.vague || second.times || second.weak {
            return None;
        }
        let (e, u2) = self.unit_at(second.end)?;
        (u2.code == u.code).then_some((e, second.value))
    }

    fn unit_at(&self, j: usize) -> Option<(usize, Unit)> {
        let t = self.t;
        let mut k = j;
        // "16-inch", "12 - Pfund"
        if k < t.len() && t.text(k) == "-" {
            k += 1;
        }
        if k > j && k < t.len() && self.glued(k) {
            if let Some(code) = self.cfg.duration_suffix(t.low(k)) {
                let u = Unit {
                    code: code.to_string(),
                    factor: 1.0,
                    duration: true,
                    unscaled: None,
                };
                return Some((k + 1, u));
            }
        }
        // "20 [kg]", "20 <kg>"
        if k >= t.len() {
            return None;
        }
        let close = match t.text(k) {
            "[" => Some("]"),
            "<" => Some(">"),
            _ => None,
        };
        if close.is_some() {
            k += 1;
        }
        let (n, u) = self.cfg.units.at(t, k)?;
        let mut stop = k + n;
        if let Some(c) = close {
            if stop >= t.len() || t.text(stop) != c {
                return None;
            }
            stop += 1;
        }
        // "L-202": a code, not litres.
        if stop + 1 < t.len()
            && self.glued(stop)
            && t.text(stop) == "-"
            && self.glued(stop + 1)
            && t.toks[stop + 1].kind == Kind::Digits
        {
            return None;
        }
        // A unit word must end at a word boundary ("m" in "mehr" is not metres); a measure mark
        // may be followed by the next measure ("6′2″"), a currency sign not ("1 $10").
        let mark = t.toks[stop - 1].kind == Kind::Punct && !is_currency(&u.code);
        if !mark && stop < t.len() && self.glued(stop) && t.toks[stop].kind != Kind::Punct {
            return None;
        }
        // Single-letter units written as words only when glued or lower-case ("5 m", not "5 M").
        Some((stop, u.clone()))
    }

    /// A counted noun after the figure: (end, English singular if known).
    fn noun_at(&self, j: usize) -> Option<(usize, Option<String>)> {
        let cfg = self.cfg;
        let t = self.t;
        let mut k = j;
        if k < t.len() && t.text(k) == "-" && self.glued(k) {
            k += 1;
        }
        // Adjectives between figure and noun ("drei großen deutschen Netzbetreiber").
        let mut adj = 0;
        while !cfg.adjective_endings.is_empty()
            && adj < 3
            && k < t.len()
            && t.toks[k].kind == Kind::Word
            && !t.capitalized(k)
            && cfg
                .adjective_endings
                .iter()
                .any(|e| t.low(k).ends_with(e.as_str()))
            && cfg.word_number(t.low(k)).is_none()
        {
            k += 1;
            adj += 1;
        }
        if k >= t.len() || t.toks[k].kind != Kind::Word {
            return None;
        }
        if let Some((n, s)) = cfg.nouns.at(t, k) {
            return Some((k + n, Some(s.clone())));
        }
        if cfg.capitalized_nouns {
            if t.capitalized(k) && !cfg.calendar.contains_form(t.low(k)) {
                let mut e = k + 1;
                // A hyphenated compound ("DNA-Bausteine").
                while e + 1 < t.len() && t.text(e) == "-" && self.glued(e) && self.glued(e + 1) {
                    e += 2;
                }
                return Some((e, None));
            }
            return None;
        }
        if adj == 0 && !t.capitalized(k) {
            if let Some(s) = cfg.singular(t.low(k)) {
                return Some((k + 1, Some(s)));
            }
        }
        None
    }

    /// A rate after the figure: "pro Woche", "a year", "jährlich".
    fn rate(&self, end: usize) -> Option<(usize, String)> {
        let cfg = self.cfg;
        let t = self.t;
        if let Some((n, p)) = cfg.per_adverbs.at(t, end) {
            return Some((end + n, p.clone()));
        }
        let (n, _) = cfg.per_connectors.at(t, end)?;
        let (m, p) = cfg.per_nouns.at(t, end + n)?;
        Some((end + n + m, p.clone()))
    }

    fn clock(&self, end: usize) -> bool {
        let t = self.t;
        self.cfg.clock_after.at(t, end).is_some()
            || (end + 1 < t.len()
                && t.text(end) == ":"
                && self.glued(end)
                && t.toks[end + 1].kind == Kind::Digits)
    }

    /// "27." inside a sentence, "1st", "3rd".
    fn ordinal(&self, start: usize, end: usize) -> bool {
        let t = self.t;
        if end < t.len() && self.glued(end) && self.cfg.ordinal_suffixes.contains(t.low(end)) {
            return true;
        }
        self.cfg.ordinal_dot
            && end == start + 1
            && end < t.len()
            && t.text(end) == "."
            && self.glued(end)
            && !self.ends_sentence(end)
    }

    /// "1." or "2)" opening a line.
    fn list_marker(&self, start: usize, end: usize) -> bool {
        let t = self.t;
        self.t.line_break_before(start)
            && end + 1 < t.len()
            && (t.text(end) == "." || t.text(end) == ")")
            && self.glued(end)
            && !self.t.line_break_before(end + 1)
    }

    /// A month or weekday right before or after: a date ("27. Juli", "March 11", "Juli 2021").
    fn calendar_next_to(&self, start: usize, end: usize) -> bool {
        let t = self.t;
        let cal = &self.cfg.calendar;
        let mut a = end;
        if a < t.len() && (t.text(a) == "." || t.text(a) == ",") {
            a += 1;
        }
        let after = cal.at(t, a).is_some() && t.capitalized(a);
        let mut b = start;
        if b > 0 && t.text(b - 1) == "," {
            b -= 1;
        }
        let before = cal
            .ending_at(t, b)
            .is_some_and(|(n, _)| t.capitalized(b - n));
        after || before
    }

    /// "Nr. 5", "Artikel 3", "Apollo 11": the number is a reference or a name.
    fn reference(&self, before: usize, start: usize, digits: bool) -> bool {
        let cfg = self.cfg;
        let t = self.t;
        if cfg.name_before.ending_at(t, before).is_some() {
            return true;
        }
        if digits && cfg.capitalized_name_before && before > 0 && start == before {
            let p = before - 1;
            return t.toks[p].kind == Kind::Word
                && t.capitalized(p)
                && !self.sentence_initial(p)
                && cfg.approximate.ending_at(t, before).is_none()
                && cfg.lower.ending_at(t, before).is_none()
                && cfg.upper.ending_at(t, before).is_none()
                && cfg.calendar.ending_at(t, before).is_none()
                && t.text(p).chars().any(char::is_lowercase);
        }
        false
    }

    fn age(&self, before: usize, end: usize) -> bool {
        self.cfg.age_before.ending_at(self.t, before).is_some()
            || self.cfg.age_after.at(self.t, end).is_some()
    }

    /// "37-jährige": an age adjective glued to the number.
    fn age_suffix(&self, end: usize) -> bool {
        end < self.t.len() && self.glued(end) && self.cfg.age_after.at(self.t, end).is_some()
    }

    fn focus_before(&self, before: usize) -> bool {
        self.cfg.focus.ending_at(self.t, before).is_some()
    }

    /// Approximation and bound words before the figure: (approximate, bound, first token).
    fn qualifiers(&self, before: usize) -> (bool, Option<Bound>, usize) {
        let cfg = self.cfg;
        let t = self.t;
        if let Some((n, _)) = cfg.approximate.ending_at(t, before) {
            return (true, None, before - n);
        }
        if let Some((n, _)) = cfg.lower.ending_at(t, before) {
            return (false, Some(Bound::Lower), before - n);
        }
        if let Some((n, _)) = cfg.upper.ending_at(t, before) {
            return (false, Some(Bound::Upper), before - n);
        }
        (false, None, before)
    }
}

/// An ISO 4217 code: three capital letters.
fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// Rounds away binary noise (1.5 * 1e6) to 9 significant decimals.
fn round(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor() as i32;
    let digits = (12 - mag).clamp(0, 15);
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

#[cfg(test)]
mod tests;
