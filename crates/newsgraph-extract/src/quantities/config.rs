//! The quantities stage's view of a language pack: `numbers.toml`, `units.toml`, `counted.toml`,
//! `approx.toml` (and the month/weekday names of `dates.toml`), compiled once per pack.

use std::collections::HashMap;
use std::sync::LazyLock;

use newsgraph_lang::LangPack;
use serde::Deserialize;

use crate::lexicon::{
    lexicon_of, lower_keys, lower_set, phrase_set, FastMap, FastSet, Lexicon, PhraseSet, Sieve,
    Tokens, WordSet,
};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NumbersFile {
    decimal: Vec<String>,
    group: Vec<String>,
    no_decimals: Vec<String>,
    joiners: Vec<String>,
    compound: bool,
    ordinal_dot: bool,
    ordinal_suffixes: Vec<String>,
    weak: Vec<String>,
    focus: Vec<String>,
    times_suffixes: Vec<String>,
    times_words: Vec<String>,
    name_before: Vec<String>,
    capitalized_name_before: bool,
    cardinals: HashMap<String, f64>,
    multipliers: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    attached_scales: HashMap<String, f64>,
    money_scales: HashMap<String, f64>,
    fractions: HashMap<String, f64>,
    fraction_suffixes: HashMap<String, f64>,
    vague: HashMap<String, f64>,
    multiplicatives: HashMap<String, f64>,
    articles: Vec<String>,
    exact_scales: HashMap<String, f64>,
    negative: Vec<String>,
    decimal_words: Vec<String>,
    denominators: HashMap<String, f64>,
    denominator_plural: String,
    loose_decimal: Vec<String>,
    ratio: Vec<String>,
    proportion: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApproxFile {
    approximate: Vec<String>,
    lower: Vec<String>,
    upper: Vec<String>,
    range: Vec<String>,
    range_open: Vec<String>,
    range_after_open: Vec<String>,
    pair: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PerFile {
    connectors: Vec<String>,
}

/// A measure that a smaller unit may follow ("5 ft 2 in" = 5.17 ft).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CompoundFile {
    unit: String,
    sub: Vec<String>,
    per: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AgeFile {
    before: Vec<String>,
    after: Vec<String>,
    relative_before: Vec<String>,
    relative_after: Vec<String>,
    clock_after: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UnitsFile {
    currency: HashMap<String, String>,
    currency_prefix: HashMap<String, String>,
    currency_cents: HashMap<String, String>,
    percent: HashMap<String, String>,
    units: HashMap<String, String>,
    durations: HashMap<String, String>,
    duration_suffixes: HashMap<String, String>,
    per: PerFile,
    per_nouns: HashMap<String, String>,
    per_adverbs: HashMap<String, String>,
    unscaled: HashMap<String, String>,
    age: AgeFile,
    compound: Vec<CompoundFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CountedFile {
    of_connectors: Vec<String>,
    capitalized_nouns: bool,
    adjective_endings: Vec<String>,
    singular_rules: Vec<(String, String)>,
    function_words: Vec<String>,
    nouns: HashMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DatesNames {
    months: HashMap<String, u32>,
    weekdays: HashMap<String, u32>,
}

/// What a unit word does to a figure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unit {
    /// The `unit` value: ISO 4217 code, SI symbol, percent, year, ...
    pub code: String,
    /// Factor applied to the value (0.01 for cents).
    pub factor: f64,
    /// A duration (year, day, ...): relevant for ages.
    pub duration: bool,
    /// The unit when the figure has no scale word ("200 pounds" is a weight,
    /// "51.6 million pounds" money).
    pub unscaled: Option<String>,
}

/// One piece of a number word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Morph {
    /// A cardinal below 100 ("drei", "twenty").
    Num(f64),
    /// A multiplier ("hundert", "million").
    Mult(f64),
    /// A joining word ("und").
    Join,
}

/// The compiled configuration of one language.
#[derive(Debug, Default)]
pub(crate) struct Config {
    pub decimal: Vec<String>,
    pub group_punct: Vec<String>,
    pub group_space: Vec<char>,
    pub no_decimals: Vec<String>,
    pub joiners: FastSet<String>,
    pub compound: bool,
    pub ordinal_dot: bool,
    pub ordinal_suffixes: FastSet<String>,
    pub weak: FastSet<String>,
    pub focus: PhraseSet,
    pub times_suffixes: Vec<String>,
    pub times_words: FastSet<String>,
    pub name_before: PhraseSet,
    pub capitalized_name_before: bool,
    pub words: FastMap<String, Morph>,
    /// Number-word pieces by their first byte, longest first.
    morphemes: Vec<Vec<(String, Morph)>>,
    /// The first two bytes a word opening with a number-word piece can have (index
    /// `first * 256 + second`): most words are ruled out before trying the pieces.
    openings: Vec<bool>,
    pub scales: Lexicon<f64>,
    pub attached_scales: Lexicon<f64>,
    pub money_scales: Lexicon<f64>,
    pub fractions: FastMap<String, f64>,
    fraction_suffixes: Vec<(String, f64)>,
    pub vague: Lexicon<f64>,
    pub multiplicatives: FastMap<String, f64>,
    /// Articles that also mean one ("a", "ein"): never the second part of "hundred and one".
    pub articles: FastSet<String>,
    /// Scale symbols matched with their case ("M": million, where "m" is a metre).
    pub exact_scales: FastMap<String, f64>,
    /// Words that make the next number negative ("minus").
    pub negative: FastSet<String>,
    /// Words for the decimal point ("point", "Komma").
    pub decimal_words: FastSet<String>,
    /// Ordinal words under a fraction's numerator ("thirds", "Drittel"): the divisor.
    pub denominators: FastMap<String, f64>,
    /// The plural ending of those ordinals ("s": "fifths"); empty where the forms are one.
    pub denominator_plural: String,
    /// Group marks that are decimal marks before one or two digits ("1,3" in English).
    pub loose_decimal: Vec<String>,
    /// Words dividing two numbers ("one over three").
    pub ratio: PhraseSet,
    /// Words making a proportion of two numbers, the first not larger ("one out of three").
    pub proportion: PhraseSet,
    /// Smaller units that may follow a measure, by form: (the measure's unit, how many make one).
    pub compound_units: Lexicon<(String, f64)>,
    pub approximate: PhraseSet,
    pub lower: PhraseSet,
    pub upper: PhraseSet,
    pub range: PhraseSet,
    pub range_open: PhraseSet,
    pub range_after_open: PhraseSet,
    pub pair: PhraseSet,
    pub units: Lexicon<Unit>,
    pub currency_prefix: Lexicon<String>,
    duration_suffixes: Vec<(String, String)>,
    pub per_connectors: PhraseSet,
    pub per_nouns: Lexicon<String>,
    pub per_adverbs: Lexicon<String>,
    pub age_before: PhraseSet,
    pub age_after: PhraseSet,
    pub clock_after: PhraseSet,
    pub relative_before: PhraseSet,
    pub relative_after: PhraseSet,
    pub of_connectors: PhraseSet,
    pub capitalized_nouns: bool,
    pub adjective_endings: Vec<String>,
    pub singular_rules: Vec<(String, String)>,
    pub function_words: FastSet<String>,
    pub nouns: Lexicon<String>,
    pub calendar: PhraseSet,
    /// Lower-case words that can open a figure (a quick filter before the full parse).
    starters: WordSet,
    /// A sieve over the keys of `words`, so most tokens skip that lookup.
    word_sieve: Sieve,
}

/// A number word split into pieces, with what its ending adds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WordNumber {
    pub morphs: Vec<Morph>,
    /// "zweieinhalb": added fraction.
    pub plus: f64,
    /// "zweimal": a multiplicative.
    pub times: bool,
    /// "vierwöchig": a duration adjective with this unit.
    pub duration: Option<String>,
}

impl Config {
    fn load(pack: &LangPack) -> Config {
        let n: NumbersFile = pack.toml("numbers.toml").unwrap_or_default();
        let a: ApproxFile = pack.toml("approx.toml").unwrap_or_default();
        let u: UnitsFile = pack.toml("units.toml").unwrap_or_default();
        let c: CountedFile = pack.toml("counted.toml").unwrap_or_default();
        let d: DatesNames = pack.toml("dates.toml").unwrap_or_default();

        let mut words = FastMap::default();
        for (k, v) in &n.cardinals {
            words.insert(k.to_lowercase(), Morph::Num(*v));
        }
        for (k, v) in &n.multipliers {
            words.insert(k.to_lowercase(), Morph::Mult(*v));
        }
        for k in &n.joiners {
            words.insert(k.to_lowercase(), Morph::Join);
        }
        let mut morphemes: Vec<(String, Morph)> =
            words.iter().map(|(k, v)| (k.clone(), *v)).collect();
        morphemes.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then(x.0.cmp(&y.0)));
        let mut by_byte: Vec<Vec<(String, Morph)>> = vec![Vec::new(); 256];
        let mut openings = vec![false; 256 * 256];
        for (m, _) in &morphemes {
            match *m.as_bytes() {
                [a] => openings[usize::from(a) * 256..][..256].fill(true),
                [a, b, ..] => openings[usize::from(a) * 256 + usize::from(b)] = true,
                [] => {}
            }
        }
        for (m, v) in morphemes {
            if let Some(&b) = m.as_bytes().first() {
                by_byte[usize::from(b)].push((m, v));
            }
        }

        let mut units = Lexicon::default();
        let unit = |code: &str, factor: f64, duration: bool| Unit {
            code: code.to_string(),
            factor,
            duration,
            unscaled: None,
        };
        for (f, code) in &u.currency {
            let mut money = unit(code, 1.0, false);
            money.unscaled = u.unscaled.get(f).cloned();
            units.insert(f, money);
        }
        for (f, code) in &u.currency_cents {
            units.insert(f, unit(code, 0.01, false));
        }
        for (f, code) in &u.percent {
            units.insert(f, unit(code, 1.0, false));
        }
        for (f, code) in &u.units {
            units.insert(f, unit(code, 1.0, false));
        }
        for (f, code) in &u.durations {
            units.insert(f, unit(code, 1.0, true));
        }
        let mut nouns = Lexicon::default();
        for (singular, forms) in &c.nouns {
            for f in forms {
                nouns.insert(f, singular.clone());
            }
        }
        let lower_map = |m: &HashMap<String, f64>| -> Vec<(String, f64)> {
            let mut v: Vec<_> = m.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect();
            v.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then(x.0.cmp(&y.0)));
            v
        };
        let str_pairs = |m: &HashMap<String, String>| -> Lexicon<String> {
            Lexicon::from_pairs(m.iter().map(|(k, v)| (k.as_str(), v.clone())))
        };
        let mut duration_suffixes: Vec<(String, String)> = u
            .duration_suffixes
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.clone()))
            .collect();
        duration_suffixes.sort_by_key(|x| std::cmp::Reverse(x.0.len()));

        let mut compound_units = Lexicon::default();
        for c in u.compound.iter().filter(|c| c.per > 0.0) {
            for f in &c.sub {
                compound_units.insert(f, (c.unit.clone(), c.per));
            }
        }
        let starters: WordSet = n
            .cardinals
            .keys()
            .chain(n.multipliers.keys())
            .chain(n.fractions.keys())
            .chain(n.vague.keys())
            .chain(n.multiplicatives.keys())
            .chain(n.negative.iter())
            .chain(u.currency_prefix.keys())
            .filter_map(|f| crate::lexicon::first_word_lower(f))
            .collect();
        Config {
            starters,
            word_sieve: Sieve::of(words.keys()),
            group_punct: n
                .group
                .iter()
                .filter(|g| !g.chars().all(char::is_whitespace))
                .cloned()
                .collect(),
            group_space: n
                .group
                .iter()
                .filter_map(|g| g.chars().next().filter(|c| c.is_whitespace()))
                .collect(),
            decimal: n.decimal,
            no_decimals: n.no_decimals,
            joiners: lower_set(&n.joiners),
            compound: n.compound,
            ordinal_dot: n.ordinal_dot,
            ordinal_suffixes: lower_set(&n.ordinal_suffixes),
            weak: lower_set(&n.weak),
            focus: phrase_set(&n.focus),
            times_suffixes: n.times_suffixes.iter().map(|s| s.to_lowercase()).collect(),
            times_words: lower_set(&n.times_words),
            name_before: phrase_set(&n.name_before),
            capitalized_name_before: n.capitalized_name_before,
            words,
            morphemes: by_byte,
            openings,
            scales: lexicon_of(&n.scales),
            attached_scales: lexicon_of(&n.attached_scales),
            money_scales: lexicon_of(&n.money_scales),
            fractions: lower_keys(&n.fractions),
            fraction_suffixes: lower_map(&n.fraction_suffixes),
            vague: lexicon_of(&n.vague),
            multiplicatives: lower_keys(&n.multiplicatives),
            articles: lower_set(&n.articles),
            exact_scales: n.exact_scales.into_iter().collect(),
            negative: lower_set(&n.negative),
            decimal_words: lower_set(&n.decimal_words),
            denominators: lower_keys(&n.denominators),
            denominator_plural: n.denominator_plural.to_lowercase(),
            loose_decimal: n.loose_decimal,
            ratio: phrase_set(&n.ratio),
            proportion: phrase_set(&n.proportion),
            compound_units,
            approximate: phrase_set(&a.approximate),
            lower: phrase_set(&a.lower),
            upper: phrase_set(&a.upper),
            range: phrase_set(&a.range),
            range_open: phrase_set(&a.range_open),
            range_after_open: phrase_set(&a.range_after_open),
            pair: phrase_set(&a.pair),
            units,
            currency_prefix: str_pairs(&u.currency_prefix),
            duration_suffixes,
            per_connectors: phrase_set(&u.per.connectors),
            per_nouns: str_pairs(&u.per_nouns),
            per_adverbs: str_pairs(&u.per_adverbs),
            age_before: phrase_set(&u.age.before),
            age_after: phrase_set(&u.age.after),
            clock_after: phrase_set(&u.age.clock_after),
            relative_before: phrase_set(&u.age.relative_before),
            relative_after: phrase_set(&u.age.relative_after),
            of_connectors: phrase_set(&c.of_connectors),
            capitalized_nouns: c.capitalized_nouns,
            adjective_endings: c.adjective_endings,
            singular_rules: c.singular_rules,
            function_words: lower_set(&c.function_words),
            nouns,
            calendar: phrase_set(d.months.keys().chain(d.weekdays.keys())),
        }
    }

    /// A word token may open a figure: a known number or currency word, or a compound number.
    pub fn may_start(&self, t: &Tokens<'_>, i: usize) -> bool {
        self.starters.holds(t, i)
            || (self.compound
                && ((self.word_sieve.may_hold(t, i) && self.words.contains_key(t.low(i)))
                    || (self.may_open(t.low_bytes(i)) && self.compound_number(t.low(i)).is_some())))
    }

    /// Splits a lower-case word into number pieces ("dreihunderteinunddreißig"), if it is one.
    pub fn word_number(&self, word: &str) -> Option<WordNumber> {
        if let Some(m) = self.words.get(word) {
            return Some(WordNumber {
                morphs: vec![*m],
                plus: 0.0,
                times: false,
                duration: None,
            });
        }
        self.compound_number(word)
    }

    /// [`Config::word_number`] for a word that is not itself in `words`: pieces of a compound.
    fn compound_number(&self, word: &str) -> Option<WordNumber> {
        if !self.compound || !self.may_open(word.as_bytes()) {
            return None;
        }
        let mut morphs = Vec::new();
        self.segment(word, &mut morphs)
    }

    /// A lower-case word this short, opening with these two bytes, may be a compound number.
    fn may_open(&self, word: &[u8]) -> bool {
        if word.len() > 80 {
            return false;
        }
        match *word {
            [a, b, ..] => self
                .openings
                .get(usize::from(a) * 256 + usize::from(b))
                .copied()
                .unwrap_or(true),
            _ => true,
        }
    }

    fn segment(&self, rest: &str, acc: &mut Vec<Morph>) -> Option<WordNumber> {
        if !acc.is_empty() && !matches!(acc.last(), Some(Morph::Join)) {
            if let Some(w) = self.ending(rest, acc) {
                return Some(w);
            }
        }
        let &b = rest.as_bytes().first()?;
        for (m, v) in self.morphemes.get(usize::from(b)).into_iter().flatten() {
            if let Some(r) = rest.strip_prefix(m.as_str()) {
                acc.push(*v);
                if let Some(w) = self.segment(r, acc) {
                    return Some(w);
                }
                acc.pop();
            }
        }
        None
    }

    /// The end of a compound number word: nothing, a fraction, "mal", or a duration ending.
    fn ending(&self, rest: &str, acc: &[Morph]) -> Option<WordNumber> {
        let done = |plus: f64, times: bool, duration: Option<String>| WordNumber {
            morphs: acc.to_vec(),
            plus,
            times,
            duration,
        };
        if rest.is_empty() {
            return (acc.len() > 1).then(|| done(0.0, false, None));
        }
        for (s, v) in &self.fraction_suffixes {
            if rest == s {
                return Some(done(*v, false, None));
            }
        }
        for s in &self.times_suffixes {
            if rest == s {
                return Some(done(0.0, true, None));
            }
        }
        if let Some(unit) = self.duration_suffix(rest) {
            return Some(done(0.0, false, Some(unit.to_string())));
        }
        None
    }

    /// The word joins parts of a number ("und", "and").
    pub fn joiners_contain(&self, w: &str) -> bool {
        self.joiners.contains(w)
    }

    /// A duration adjective glued to digits after a hyphen ("14-tägige"): its unit.
    pub fn duration_suffix(&self, word: &str) -> Option<&str> {
        self.duration_suffixes.iter().find_map(|(s, unit)| {
            let end = word.strip_prefix(s.as_str())?;
            (end.is_empty() || self.adjective_endings.iter().any(|e| e == end))
                .then_some(unit.as_str())
        })
    }

    /// The English singular of a counted noun by rule (regular plurals only).
    pub fn singular(&self, word: &str) -> Option<String> {
        if self.function_words.contains(word) || word.len() < 3 {
            return None;
        }
        self.singular_rules.iter().find_map(|(end, rep)| {
            word.strip_suffix(end.as_str())
                .filter(|stem| stem.len() >= 2 && !stem.ends_with('s') || end.len() > 1)
                .map(|stem| format!("{stem}{rep}"))
        })
    }
}

static CONFIGS: LazyLock<HashMap<&'static str, Config>> = LazyLock::new(|| {
    LangPack::available()
        .into_iter()
        .filter_map(|iso| LangPack::get(iso).map(|p| (iso, Config::load(p))))
        .collect()
});

static EMPTY: LazyLock<Config> = LazyLock::new(Config::default);

/// The compiled configuration for a pack (empty for the neutral pack).
pub(crate) fn config(pack: &LangPack) -> &'static Config {
    CONFIGS.get(pack.iso()).unwrap_or(&EMPTY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_files_deserialize() {
        for iso in LangPack::available() {
            let Some(p) = LangPack::get(iso) else {
                continue;
            };
            p.toml::<NumbersFile>("numbers.toml").unwrap();
            p.toml::<ApproxFile>("approx.toml").unwrap();
            p.toml::<UnitsFile>("units.toml").unwrap();
            p.toml::<CountedFile>("counted.toml").unwrap();
            p.toml::<DatesNames>("dates.toml").unwrap();
        }
    }
}
