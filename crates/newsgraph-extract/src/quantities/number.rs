//! Reading one number at a token: digits in the language's conventions, number words and
//! their combination ("eine Million dreihundert…", "twenty-one", "20 Milliarden").

use newsgraph_lang::LangPack;

use super::config::{config, Config, Morph};
use crate::lexicon::{Kind, Tokens};

/// A number read at a token.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParsedNumber {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written in digits (first piece).
    pub digits: bool,
    /// A multiplier word was applied ("20 Milliarden").
    pub scaled: bool,
    /// "Hunderte", "dozens".
    pub vague: bool,
    /// An article that also means one ("ein", "a"), not followed by a multiplier.
    pub weak: bool,
    /// "zweimal", "twice", "drei Mal".
    pub times: bool,
    /// "anderthalb", "half": only a quantity with a unit.
    pub fraction_word: bool,
    /// Four plain digits that may be a year.
    pub plain_year: bool,
    /// A written fraction or ratio ("two thirds", "one over three"): a number only on its own.
    pub ratio: bool,
    /// "vierwöchigen": the duration unit of an adjective.
    pub duration: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Num(f64),
    Mult(f64),
    Join,
    Frac(f64),
    /// "and a half": a fraction of the last unit or multiplier, added.
    Plus(f64),
    /// "point five": decimals added to the number so far.
    Dec(f64),
}

fn item(m: Morph) -> Item {
    match m {
        Morph::Num(v) => Item::Num(v),
        Morph::Mult(v) => Item::Mult(v),
        Morph::Join => Item::Join,
    }
}

/// Reads numbers from tokens with one language's configuration.
pub(crate) struct NumberParser<'a> {
    pub cfg: &'a Config,
    pub t: &'a Tokens<'a>,
}

impl NumberParser<'_> {
    fn glued(&self, i: usize) -> bool {
        i < self.t.len() && !self.t.toks[i].space_before
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        (i < self.t.len()).then(|| self.t.toks[i].kind)
    }

    /// Reads the number starting at token `i`, if one starts there.
    pub fn parse(&self, i: usize) -> Option<ParsedNumber> {
        let t = self.t;
        match self.kind(i)? {
            Kind::Digits => self.parse_digit_number(i, false),
            Kind::Punct => {
                let s = t.text(i);
                let sign = s == "-" || s == "−" || s == "+";
                let starts = i == 0 || t.toks[i].space_before;
                if sign && starts && self.kind(i + 1) == Some(Kind::Digits) && self.glued(i + 1) {
                    let mut n = self.parse_digit_number(i + 1, s != "+")?;
                    n.start = i;
                    n.plain_year = false;
                    Some(n)
                } else if starts
                    && self.cfg.decimal.iter().any(|d| d == s)
                    && self.kind(i + 1) == Some(Kind::Digits)
                    && self.glued(i + 1)
                    && !(self.glued(i + 2) && self.kind(i + 2) == Some(Kind::Punct))
                {
                    // ".25": a decimal without its leading zero.
                    let value: f64 = format!("0.{}", t.text(i + 1)).parse().ok()?;
                    let mut n = ParsedNumber {
                        start: i,
                        end: i + 2,
                        value,
                        digits: true,
                        ..Default::default()
                    };
                    self.continue_words(&mut n, vec![(Item::Num(value), i + 2)]);
                    Some(n)
                } else {
                    None
                }
            }
            Kind::Word if self.cfg.negative.contains(t.low(i)) => {
                let mut n = self.parse(i + 1)?;
                if n.vague || n.times || n.value < 0.0 {
                    return None;
                }
                n.start = i;
                n.value = -n.value;
                n.weak = false;
                n.plain_year = false;
                Some(n)
            }
            Kind::Word => self.parse_word_number(i),
        }
    }

    fn parse_digit_number(&self, i: usize, negative: bool) -> Option<ParsedNumber> {
        let cfg = self.cfg;
        let t = self.t;
        let mut int = t.text(i).to_string();
        let mut j = i + 1;
        let mut grouped = false;
        loop {
            let punct_group = j + 1 < t.len()
                && self.glued(j)
                && cfg.group_punct.iter().any(|g| g == t.text(j))
                && self.kind(j + 1) == Some(Kind::Digits)
                && self.glued(j + 1)
                && t.text(j + 1).len() == 3;
            let space_group = j < t.len()
                && self.kind(j) == Some(Kind::Digits)
                && t.toks[j].space_before
                && t.text(j).len() == 3
                && {
                    let gap = &t.body[t.toks[j - 1].end..t.toks[j].start];
                    let mut cs = gap.chars();
                    matches!((cs.next(), cs.next()), (Some(c), None) if cfg.group_space.contains(&c))
                }
                && !(j + 1 < t.len()
                    && self.glued(j + 1)
                    && self.kind(j + 1) == Some(Kind::Digits));
            let first_ok = grouped || (int.len() <= 3 && !int.starts_with('0'));
            if punct_group && first_ok {
                int.push_str(t.text(j + 1));
                j += 2;
                grouped = true;
            } else if space_group && first_ok && self.kind(j - 1) == Some(Kind::Digits) {
                int.push_str(t.text(j));
                j += 1;
                grouped = true;
            } else {
                break;
            }
        }
        let mut frac = String::new();
        if j + 1 < t.len() && self.glued(j) && cfg.decimal.iter().any(|d| d == t.text(j)) {
            if self.kind(j + 1) == Some(Kind::Digits) && self.glued(j + 1) {
                frac = t.text(j + 1).to_string();
                j += 2;
            } else if self.glued(j + 1) && cfg.no_decimals.iter().any(|d| d == t.text(j + 1)) {
                j += 2;
            }
        }
        // "1,3" where "," groups thousands: one or two digits after it make it a decimal comma.
        if frac.is_empty() && !grouped && int.len() <= 3 && j == i + 1 {
            if let Some(f) = self.loose_decimal(i, j) {
                frac = f;
                j += 2;
            }
        }
        let mut value: f64 = if frac.is_empty() {
            int.parse().ok()?
        } else {
            format!("{int}.{frac}").parse().ok()?
        };
        if let Some((v, e)) = self.exponent(j, value) {
            value = v;
            j = e;
        }
        let plain_year = !grouped
            && frac.is_empty()
            && int.len() == 4
            && (1000.0..=2100.0).contains(&value)
            && j == i + 1;
        // Fractions "1/2", mixed "10 1/2".
        if !grouped && frac.is_empty() {
            if let Some((v, e)) = self.fraction_digits(j, i) {
                value = v;
                j = e;
            } else if let Some((v, e)) = self.fraction_digits(j + 1, j) {
                if j < t.len() && t.toks[j].space_before && self.kind(j) == Some(Kind::Digits) {
                    value += v;
                    j = e;
                }
            }
        }
        if negative {
            value = -value;
        }
        let mut n = ParsedNumber {
            start: i,
            end: j,
            value,
            digits: true,
            plain_year,
            ..Default::default()
        };
        self.continue_words(&mut n, vec![(Item::Num(value), j)]);
        Some(n)
    }

    /// The one or two digits after a loose decimal mark at `j` that follows the digits at `i`,
    /// unless the digits are one of a list ("22,24,26").
    fn loose_decimal(&self, i: usize, j: usize) -> Option<String> {
        let t = self.t;
        let sep = |k: usize| {
            k + 1 < t.len()
                && self.glued(k)
                && t.toks[k].kind == Kind::Punct
                && self.glued(k + 1)
                && self.kind(k + 1) == Some(Kind::Digits)
        };
        if !sep(j) || !self.cfg.loose_decimal.iter().any(|d| d == t.text(j)) {
            return None;
        }
        let listed = sep(j + 2) || (i >= 2 && sep(i - 1) && self.kind(i - 2) == Some(Kind::Digits));
        let digits = t.text(j + 1);
        (!listed && digits.len() <= 2).then(|| digits.to_string())
    }

    /// Scientific notation glued after a number at `j`: "^23", "^-1", "e+14", "x10^-4".
    /// Returns the new value and the token after it.
    fn exponent(&self, j: usize, value: f64) -> Option<(f64, usize)> {
        let t = self.t;
        if !self.glued(j) || j >= t.len() {
            return None;
        }
        // (power of the value itself, first token after the marker)
        let (power, mut k) = match t.low(j) {
            "^" => (true, j + 1),
            "e" => (false, j + 1),
            "x" | "×"
                if j + 2 < t.len()
                    && t.text(j + 1) == "10"
                    && self.glued(j + 1)
                    && t.text(j + 2) == "^"
                    && self.glued(j + 2) =>
            {
                (false, j + 3)
            }
            _ => return None,
        };
        // Signs: "-1.1^--23" has two, which cancel.
        let mut negative = false;
        while k < t.len() && self.glued(k) && matches!(t.text(k), "-" | "+" | "−") {
            negative ^= t.text(k) != "+";
            k += 1;
        }
        if !self.glued(k)
            || self.kind(k) != Some(Kind::Digits)
            || (self.glued(k + 1) && self.kind(k + 1) != Some(Kind::Punct))
            || t.text(k).len() > 3
        {
            return None;
        }
        let mut exp: f64 = t.text(k).parse().ok()?;
        if negative {
            exp = -exp;
        }
        let v = if power {
            value.powf(exp)
        } else {
            value * 10f64.powf(exp)
        };
        v.is_finite().then_some((v, k + 1))
    }

    /// "a/b" with a < b <= 16 where token `num` is a and `slash` follows it.
    fn fraction_digits(&self, slash: usize, num: usize) -> Option<(f64, usize)> {
        let t = self.t;
        if slash + 1 >= t.len()
            || t.text(slash) != "/"
            || !self.glued(slash)
            || !self.glued(slash + 1)
            || self.kind(num) != Some(Kind::Digits)
            || self.kind(slash + 1) != Some(Kind::Digits)
        {
            return None;
        }
        let a: f64 = t.text(num).parse().ok()?;
        let b: f64 = t.text(slash + 1).parse().ok()?;
        (a < b && b <= 16.0 && a > 0.0).then_some((a / b, slash + 2))
    }

    fn parse_word_number(&self, i: usize) -> Option<ParsedNumber> {
        let cfg = self.cfg;
        let t = self.t;
        let low = t.low(i);
        if let Some((n, v)) = cfg.vague.at(t, i) {
            return Some(ParsedNumber {
                start: i,
                end: i + n,
                value: *v,
                vague: true,
                ..Default::default()
            });
        }
        if let Some((v, e)) = self.fraction_phrase(i) {
            let mut n = ParsedNumber {
                start: i,
                end: e,
                value: v,
                ratio: true,
                ..Default::default()
            };
            self.continue_words(&mut n, vec![(Item::Num(v), e)]);
            return Some(n);
        }
        if let Some(v) = cfg.fractions.get(low) {
            let mut n = ParsedNumber {
                start: i,
                end: i + 1,
                value: *v,
                fraction_word: low.chars().any(char::is_alphabetic),
                ..Default::default()
            };
            // "half a million", "half a dozen": the fraction of a multiplier after an article.
            let article = i + 1 < t.len() && cfg.articles.contains(t.low(i + 1));
            if let Some(m) = self.multiplier(i + 2).filter(|_| article) {
                n.end = i + 3;
                n.value = v * m;
                n.scaled = true;
                n.fraction_word = false;
                return Some(n);
            }
            self.continue_words(&mut n, vec![(Item::Num(*v), i + 1)]);
            return Some(n);
        }
        if let Some(v) = cfg.multiplicatives.get(low) {
            return Some(ParsedNumber {
                start: i,
                end: i + 1,
                value: *v,
                times: true,
                ..Default::default()
            });
        }
        let w = cfg.word_number(low)?;
        if w.morphs.len() == 1 && w.morphs[0] == Morph::Join {
            return None;
        }
        let items: Vec<(Item, usize)> = w.morphs.iter().map(|m| (item(*m), i + 1)).collect();
        let mut n = ParsedNumber {
            start: i,
            end: i + 1,
            times: w.times,
            duration: w.duration.clone(),
            ..Default::default()
        };
        let simple = w.plus == 0.0 && !w.times && w.duration.is_none();
        if simple {
            self.continue_words(&mut n, items);
            n.weak = cfg.weak.contains(low) && !n.scaled && n.end == i + 1;
        } else {
            let pieces: Vec<Item> = items.iter().map(|x| x.0).collect();
            let (v, used) = combine(&pieces);
            if used != items.len() {
                return None;
            }
            n.value = v + w.plus;
            // "zweieinhalb Millionen"
            let plain = w.plus != 0.0 && !w.times && w.duration.is_none();
            if let Some(m) = self.multiplier(i + 1).filter(|m| plain && *m >= 1000.0) {
                n.value *= m;
                n.end = i + 2;
                n.scaled = true;
            }
        }
        if n.value == 0.0 && !matches!(w.morphs.first(), Some(Morph::Num(_))) {
            return None;
        }
        Some(n)
    }

    /// A written fraction at token `i`: number words, then an ordinal under them ("two thirds",
    /// "a hundred thousand trillionths", "one - fourth", "zwei Drittel"): (value, end).
    pub fn fraction_phrase(&self, i: usize) -> Option<(f64, usize)> {
        let cfg = self.cfg;
        if cfg.denominators.is_empty() {
            return None;
        }
        let mut items = Vec::new();
        let mut k = i;
        while items.len() < 16 {
            if self.kind(k) != Some(Kind::Word) {
                return None;
            }
            if !items.is_empty() {
                if let Some((d, e)) = self.denominator(k) {
                    if let Some(v) = self.compound_ordinal(&items, d, e) {
                        return Some((v, e));
                    }
                    let (num, used) = combine(&items);
                    return (used == items.len() && num > 0.0).then_some((num / d, e));
                }
            }
            let w = cfg.word_number(self.t.low(k))?;
            if w.plus != 0.0 || w.times || w.duration.is_some() || w.morphs == [Morph::Join] {
                return None;
            }
            items.extend(w.morphs.iter().map(|m| item(*m)));
            k = self.next_piece(k + 1);
        }
        None
    }

    /// A fraction whose ordinal takes "one" and a multiplier before it ("one hundred fifth" =
    /// 1/105, "one hundred one thousand fifths" = 100/1005); a plural ordinal right after
    /// "one hundred" is divided by itself alone ("one hundred fifths" = 20).
    fn compound_ordinal(&self, items: &[Item], d: f64, end: usize) -> Option<f64> {
        let n = items.len();
        if n < 2 || d >= 100.0 {
            return None;
        }
        let (Item::Num(one), Item::Mult(m)) = (items[n - 2], items[n - 1]) else {
            return None;
        };
        if one != 1.0 || m < 100.0 {
            return None;
        }
        let numerator = if n == 2 {
            let plural = &self.cfg.denominator_plural;
            let singular = !plural.is_empty() && !self.t.low(end - 1).ends_with(plural.as_str());
            if !singular {
                return None;
            }
            1.0
        } else {
            let (v, used) = combine(&items[..n - 2]);
            if used != n - 2 || v <= 0.0 {
                return None;
            }
            v
        };
        Some(numerator / (m + d))
    }

    /// The ordinal under a fraction at token `d` ("thirds", "twenty-firsts", "thirty fifths"):
    /// (divisor, end). Ordinals below three ("first", "second") only inside a compound.
    fn denominator(&self, d: usize) -> Option<(f64, usize)> {
        let cfg = self.cfg;
        let t = self.t;
        if self.kind(d) != Some(Kind::Word) {
            return None;
        }
        if let Some(&v) = cfg.denominators.get(t.low(d)) {
            return (v >= 3.0).then_some((v, d + 1));
        }
        let Some(&Morph::Num(tens)) = cfg.words.get(t.low(d)) else {
            return None;
        };
        if !(20.0..100.0).contains(&tens) || tens % 10.0 != 0.0 {
            return None;
        }
        let mut k = d + 1;
        if k + 1 < t.len() && t.text(k) == "-" && self.glued(k) && self.glued(k + 1) {
            k += 1;
        }
        if self.kind(k) != Some(Kind::Word) {
            return None;
        }
        let unit = *cfg.denominators.get(t.low(k))?;
        (unit < 10.0).then_some((tens + unit, k + 1))
    }

    /// The token of the next number word after `k`: `k` itself, or the word after a hyphen,
    /// glued ("twenty-one") or between spaces ("ninety - five").
    fn next_piece(&self, k: usize) -> usize {
        let t = self.t;
        let hyphen = k + 1 < t.len()
            && t.text(k) == "-"
            && self.glued(k) == self.glued(k + 1)
            && self.kind(k + 1) == Some(Kind::Word);
        if hyphen {
            k + 1
        } else {
            k
        }
    }

    /// A plain integer below 1000 in digits at `k`, standing on its own ("3" in "3 hundred").
    fn small_digits(&self, k: usize) -> Option<f64> {
        let t = self.t;
        if self.kind(k) != Some(Kind::Digits) || !t.toks[k].space_before || self.glued(k + 1) {
            return None;
        }
        let v: f64 = t.text(k).parse().ok()?;
        (v < 1000.0 && !t.text(k).starts_with('0')).then_some(v)
    }

    /// A multiplier word at `k` ("million", "dozen").
    fn multiplier(&self, k: usize) -> Option<f64> {
        match self.word_morph(k) {
            Some(Morph::Mult(m)) => Some(m),
            _ => None,
        }
    }

    /// The number word at `k` when it is one piece ("three", "million", "and").
    fn word_morph(&self, k: usize) -> Option<Morph> {
        if self.kind(k) != Some(Kind::Word) {
            return None;
        }
        self.cfg.words.get(self.t.low(k)).copied()
    }

    /// The digits after a decimal word, each a number word ("nought four", "seventy-one"):
    /// (the decimals as a value below one, end).
    fn decimal_digits(&self, k: usize) -> Option<(f64, usize)> {
        let cfg = self.cfg;
        let t = self.t;
        let mut digits = String::new();
        let mut k = k;
        while self.kind(k) == Some(Kind::Word) && digits.len() < 12 {
            let low = t.low(k);
            if cfg.articles.contains(low) {
                break;
            }
            let Some(w) = cfg.word_number(low) else {
                break;
            };
            let pieces: Vec<Item> = w.morphs.iter().map(|m| item(*m)).collect();
            let (mut v, used) = combine(&pieces);
            if used != pieces.len() || w.plus != 0.0 || w.times || v >= 100.0 || v.fract() != 0.0 {
                break;
            }
            k += 1;
            // "seventy-one"
            if v >= 20.0 && v % 10.0 == 0.0 && self.next_piece(k) == k + 1 && self.glued(k) {
                if let Some(&Morph::Num(u)) = cfg.words.get(t.low(k + 1)) {
                    if u > 0.0 && u < 10.0 {
                        v += u;
                        k += 2;
                    }
                }
            }
            digits.push_str(&format!("{v:.0}"));
        }
        if digits.is_empty() {
            return None;
        }
        let f: f64 = format!("0.{digits}").parse().ok()?;
        Some((f, k))
    }

    /// Adds a part of a number ending before token `e` and a multiplier right after it
    /// ("and a half million", "point five billion"): the token after both.
    fn push_part(&self, items: &mut Vec<(Item, usize)>, part: Item, e: usize) -> usize {
        items.push((part, e));
        match self.multiplier(e) {
            Some(m) => {
                items.push((Item::Mult(m), e + 1));
                e + 1
            }
            None => e,
        }
    }

    /// Extends a number with following number words, then combines the pieces.
    fn continue_words(&self, n: &mut ParsedNumber, mut items: Vec<(Item, usize)>) {
        let cfg = self.cfg;
        let t = self.t;
        let mut j = items.last().map_or(n.end, |x| x.1);
        loop {
            let last = items.last().map(|x| x.0);
            // "twenty-one": a hyphen between number words.
            let mut k = j;
            let hyphen = self.next_piece(k) == k + 1 && !n.digits;
            if hyphen {
                k += 1;
            }
            if n.digits && !hyphen && matches!(last, Some(Item::Mult(m)) if m >= 1000.0) {
                // "4 thousand 3 hundred": digits with a smaller multiplier after a multiplier.
                if let (Some(v), Some(Morph::Mult(m))) = (
                    self.small_digits(k),
                    (k + 1 < t.len())
                        .then(|| cfg.words.get(t.low(k + 1)))
                        .flatten(),
                ) {
                    if matches!(last, Some(Item::Mult(l)) if *m < l) {
                        items.push((Item::Num(v), k + 1));
                        items.push((Item::Mult(*m), k + 2));
                        j = k + 2;
                        continue;
                    }
                }
            }
            if k >= t.len() || t.toks[k].kind != Kind::Word {
                break;
            }
            let low = t.low(k);
            if cfg.joiners.contains(low) {
                let next_num = k + 1 < t.len()
                    && t.toks[k + 1].kind == Kind::Word
                    && cfg
                        .word_number(t.low(k + 1))
                        .is_some_and(|w| w.plus == 0.0 && !w.times && w.duration.is_none())
                    && !cfg.articles.contains(t.low(k + 1));
                // "3 hundred and 21"
                let next_small_digits = self.small_digits(k + 1).is_some_and(|v| v < 100.0);
                let after_hundreds = matches!(last, Some(Item::Mult(m)) if m >= 100.0);
                // "twenty and three", not "twenty and three hundred" or "... three fifths".
                let after_tens = !n.digits
                    && matches!(last, Some(Item::Num(v)) if (20.0..100.0).contains(&v) && v % 10.0 == 0.0)
                    && matches!(self.word_morph(k + 1), Some(Morph::Num(u)) if u > 0.0 && u < 10.0)
                    && self.multiplier(k + 2).is_none();
                if (after_hundreds || after_tens)
                    && next_num
                    && self.fraction_phrase(k + 1).is_none()
                {
                    items.push((Item::Join, k + 1));
                    j = k + 1;
                    continue;
                }
                if after_hundreds && next_small_digits {
                    let v = self.small_digits(k + 1).unwrap_or(0.0);
                    items.push((Item::Join, k + 1));
                    items.push((Item::Num(v), k + 2));
                    j = k + 2;
                    break;
                }
                if !matches!(last, Some(Item::Num(_) | Item::Mult(_))) {
                    break;
                }
                // "two and a half", "three and two thirds", "3 million and a half"
                let half = k + 2 < t.len()
                    && cfg.weak.contains(t.low(k + 1))
                    && cfg.fractions.get(t.low(k + 2)).is_some_and(|f| *f < 1.0);
                let plus = if half {
                    cfg.fractions.get(t.low(k + 2)).map(|f| (*f, k + 3))
                } else {
                    self.fraction_phrase(k + 1)
                };
                if let Some((f, e)) = plus.filter(|&(_, e)| cfg.of_connectors.at(t, e).is_none()) {
                    j = self.push_part(&mut items, Item::Plus(f), e);
                }
                break;
            }
            if cfg.decimal_words.contains(low) && !n.digits {
                // "two hundred point seventy-one"; not "at one point two ..."
                let weak_int = items.len() == 1 && cfg.weak.contains(t.low(n.start));
                if matches!(last, Some(Item::Num(_) | Item::Mult(_))) && !weak_int {
                    if let Some((f, e)) = self.decimal_digits(k + 1) {
                        j = self.push_part(&mut items, Item::Dec(f), e);
                    }
                }
                break;
            }
            if let Some(f) = cfg.fractions.get(low) {
                // "ein halbes", "drei halbe", "a half"
                if matches!(last, Some(Item::Num(_))) && items.len() == 1 && *f < 1.0 {
                    items.push((Item::Frac(*f), k + 1));
                    j = k + 1;
                    continue;
                }
                break;
            }
            if cfg.vague.at(t, k).is_some() && !cfg.words.contains_key(low) {
                break;
            }
            let Some(w) = cfg.word_number(low) else {
                if cfg.times_words.contains(low) && !hyphen {
                    n.times = true;
                    j = k + 1;
                }
                break;
            };
            let after_join = last == Some(Item::Join);
            // "twenty one": a weak word that is no article completes the tens.
            let after_tens = !n.digits
                && !cfg.articles.contains(low)
                && matches!(last, Some(Item::Num(v)) if (20.0..100.0).contains(&v) && v % 10.0 == 0.0);
            if w.plus != 0.0
                || w.times
                || w.duration.is_some()
                || (cfg.weak.contains(low) && !hyphen && !after_join && !after_tens)
            {
                break;
            }
            let all_mult = w.morphs.iter().all(|m| matches!(m, Morph::Mult(_)));
            let after_big = matches!(last, Some(Item::Mult(m)) if m >= 1000.0);
            if !(all_mult || after_big || (!cfg.compound && !n.digits) || hyphen || after_join) {
                break;
            }
            if n.digits && !all_mult && !after_join {
                break;
            }
            for m in &w.morphs {
                items.push((item(*m), k + 1));
            }
            j = k + 1;
        }
        let (value, used) = combine(&items.iter().map(|x| x.0).collect::<Vec<_>>());
        let used = used.max(1);
        n.value = value;
        if n.times {
            // "drei Mal" consumed its word already.
            n.end = n.end.max(j);
        }
        n.end = n.end.max(items[used - 1].1);
        n.scaled = items[..used]
            .iter()
            .any(|x| matches!(x.0, Item::Mult(m) if m >= 1000.0) || matches!(x.0, Item::Frac(_)));
        if n.scaled {
            n.plain_year = false;
            n.fraction_word = false;
        }
        if used > 1 || !n.digits {
            n.plain_year = n.plain_year && used == 1;
        }
        if n.times && n.end < j {
            n.end = j;
        }
    }
}

/// Combines number pieces into a value: (value, pieces used). Stops where the pieces no
/// longer form one number ("zwei drei" is two numbers).
fn combine(items: &[Item]) -> (f64, usize) {
    let mut total = 0.0f64;
    let mut cur = 0.0f64;
    let mut last_big = f64::INFINITY;
    let mut used = 0;
    let mut prev: Option<Item> = None;
    for (k, it) in items.iter().enumerate() {
        let it = *it;
        match it {
            Item::Num(v) => {
                let lo = cur % 100.0;
                let ok = if k == 0 {
                    true
                } else if prev == Some(Item::Join) {
                    ((20.0..100.0).contains(&v) && v % 10.0 == 0.0 && lo > 0.0 && lo < 10.0)
                        || (v < 100.0 && lo == 0.0)
                        || (v > 0.0 && v < 10.0 && lo >= 20.0 && lo % 10.0 == 0.0)
                } else {
                    (v < 10.0 && lo >= 20.0 && lo % 10.0 == 0.0)
                        || (v < 100.0 && lo == 0.0 && cur >= 100.0)
                        || (v < 100.0 && cur == 0.0 && total > 0.0)
                };
                if !ok {
                    break;
                }
                cur += v;
            }
            Item::Mult(100.0) => {
                if cur >= 100.0 {
                    break;
                }
                cur = if cur == 0.0 { 1.0 } else { cur } * 100.0;
            }
            Item::Mult(m) if m < 100.0 => {
                cur = if cur == 0.0 { 1.0 } else { cur } * m;
            }
            Item::Mult(m) if m >= last_big => {
                // "three lakh crore", "a thousand million": a multiplier of the whole.
                if !matches!(prev, Some(Item::Mult(_))) {
                    break;
                }
                total = (total + cur) * m;
                cur = 0.0;
                last_big = m;
            }
            Item::Mult(m) => {
                total += if cur == 0.0 { 1.0 } else { cur } * m;
                cur = 0.0;
                last_big = m;
            }
            Item::Join => {
                let ok = match prev {
                    Some(Item::Num(v)) => {
                        v < 10.0 || ((20.0..100.0).contains(&v) && v % 10.0 == 0.0)
                    }
                    Some(Item::Mult(m)) => m >= 100.0,
                    _ => false,
                };
                if !ok {
                    break;
                }
            }
            Item::Frac(f) => {
                cur = if cur == 0.0 { 1.0 } else { cur } * f;
            }
            // "and a half million": the multiplier after it applies.
            Item::Plus(f) if matches!(items.get(k + 1), Some(Item::Mult(_))) => cur += f,
            Item::Plus(f) => match prev {
                Some(Item::Mult(m)) if cur == 0.0 => total += f * m,
                _ => cur += f,
            },
            Item::Dec(f) => cur += f,
        }
        prev = Some(it);
        if it != Item::Join {
            used = k + 1;
        }
    }
    (total + cur, used)
}

/// Reads a whole string as one number in the conventions of `pack` ("1.234,5" in German,
/// "1,234.5" in English, "zweiundvierzig"); `None` when it is not exactly one number.
pub fn parse_digits(s: &str, pack: &LangPack) -> Option<f64> {
    let cfg = config(pack);
    let t = Tokens::new(s);
    if t.len() == 0 {
        return None;
    }
    let n = NumberParser { cfg, t: &t }.parse(0)?;
    (n.end == t.len() && !n.weak).then_some(n.value)
}
