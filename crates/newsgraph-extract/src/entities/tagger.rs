//! A learned tagger for the names the rules miss: a first-order linear-chain model (averaged
//! structured perceptron, Viterbi decoding) over word, shape, affix and context features, with
//! the rules' own findings (dictionary hits, rule mentions, given names, titles) as features too.
//!
//! A name it finds is kept when its margin (best path against the best path that leaves its
//! words outside any name) reaches the model's threshold; `add_learned` in the parent module
//! decides how it meets the rule mentions. Weights are a data file per language
//! (`data/kb/tagger/<iso>.bin`), trained by `examples/train_tagger.rs`; see `data/kb/SOURCES.md`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{LazyLock, Mutex, OnceLock};

use newsgraph_core::EntityType;
use newsgraph_lang::LangPack;

use super::kb::{FastMap, FastSet, Fnv, Kb};
use super::lexicon::{flag, Kind, Lexicon};
use super::{rule_pass, Doc, RulePass};

/// Trained weights per language (ISO 639-1 code, model file).
const MODELS: &[(&str, &[u8])] = &[("de", include_bytes!("../../../../data/kb/tagger/de.bin"))];

/// Labels: O, then B and I for person, location, organization and other names.
const LABELS: usize = 9;
const O: usize = 0;
/// The start-of-sentence state for transition features.
const START: usize = LABELS;
const MAGIC: &[u8; 4] = b"NGT1";

/// A model file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// The file does not start with the format's magic bytes or is cut short.
    #[error("tagger model: {0}")]
    Format(&'static str),
}

/// A training sentence: its text and its names as byte ranges with a label ("PER", "LOC",
/// "ORG"; any other label marks a name of another kind).
#[derive(Debug, Clone)]
pub struct TrainSentence {
    /// The sentence.
    pub text: String,
    /// Names: byte range and label.
    pub chunks: Vec<(Range<usize>, String)>,
}

/// How a model is trained.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the sentences, each in a fixed shuffled order.
    pub epochs: usize,
    /// The margin a name needs to be kept (stored with the model).
    pub threshold: f32,
    /// Models trained in different orders and averaged: 1 is one model; more are steadier
    /// (the figures of one order vary by about 0.015 F1 with the shuffle alone).
    pub bags: usize,
    /// A feature seen fewer times than this in the sentences gets no weights.
    pub min_count: usize,
    /// Cost-augmented training: while training decodes, a wrong label on a word of a name
    /// scores this much more, which pushes names clear of the other labels (0: plain).
    pub name_cost: f32,
}

impl Default for TrainOptions {
    /// The options the shipped model was trained with, but for epochs and threshold.
    fn default() -> Self {
        TrainOptions {
            epochs: 24,
            threshold: 2.0,
            bags: 1,
            min_count: 1,
            name_cost: 0.0,
        }
    }
}

/// Feature keys are hashes already: the table uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A table keyed by feature hashes.
type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// A feature the model has no weights for ([`Tagger::index`]).
const NO_ROW: u32 = u32::MAX;

/// Feature keys to weight row numbers: open addressing with linear probing in a table at most
/// half full, so that the probe for a key the model lacks (most keys of a body) mostly ends at
/// the first slot it reads, without a key comparison.
#[derive(Debug)]
struct Index {
    /// Row numbers by slot (a key's slot is its low bits, or the next free one), [`NO_ROW`]
    /// where empty; the length is a power of two.
    slots: Vec<u32>,
    /// The key of each row.
    keys: Vec<u64>,
}

impl Index {
    /// The index of rows with these keys (distinct), row `r` having `keys[r]`.
    fn new(keys: Vec<u64>) -> Index {
        let size = (keys.len() * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut slots = vec![NO_ROW; size];
        for (r, &k) in keys.iter().enumerate() {
            let mut i = k as usize & mask;
            while slots[i] != NO_ROW {
                i = (i + 1) & mask;
            }
            slots[i] = r as u32;
        }
        Index { slots, keys }
    }

    /// The row number of `key`, or [`NO_ROW`].
    fn get(&self, key: u64) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let r = self.slots[i];
            if r == NO_ROW || self.keys.get(r as usize) == Some(&key) {
                return r;
            }
            i = (i + 1) & mask;
        }
    }
}

/// How many words [`Tagger::cache`] keeps before it starts afresh.
const CACHE_WORDS: usize = 1 << 15;

/// The weights of one language.
#[derive(Debug)]
pub struct Tagger {
    /// The row of each feature key in `weights`: a small table whose probes stay in cache, and
    /// row numbers that the word cache can keep.
    index: Index,
    /// The weight rows, in key order.
    weights: Vec<[f32; LABELS]>,
    threshold: f32,
    /// The word table of the model's language, built on first use.
    words: OnceLock<WordTable>,
    /// The features of the words of earlier bodies ([`WordFeats`], as row numbers of this
    /// model), so that a frequent word's hashes, affixes, probes and weight sums are worked out
    /// once, not once per body; cleared when full.
    cache: Mutex<Words<u32>>,
}

/// The features of the words seen ([`word_feats`]), each worked out once and kept where it
/// stands: `ids` gives a word's number in `feats`. The tagger keeps one across bodies
/// ([`Tagger::cache`]), training one across its sentences.
#[derive(Debug)]
struct Words<R> {
    ids: FastMap<Box<str>, usize>,
    feats: Vec<WordFeats<R>>,
}

impl<R> Default for Words<R> {
    fn default() -> Self {
        Words {
            ids: FastMap::default(),
            feats: Vec::new(),
        }
    }
}

/// A name the tagger found: token range, entity type, margin.
pub(super) struct Span {
    pub toks: Range<usize>,
    pub entity_type: EntityType,
    pub margin: f32,
}

fn label_type(l: usize) -> Option<EntityType> {
    match l.div_ceil(2) {
        1 => Some(EntityType::Person),
        2 => Some(EntityType::Location),
        3 => Some(EntityType::Organization),
        _ => None,
    }
}

fn is_begin(l: usize) -> bool {
    l % 2 == 1
}

/// Whether label `y` may follow `prev` (an I- label continues its own kind only).
fn allowed(prev: usize, y: usize) -> bool {
    y == O || is_begin(y) || (prev != START && prev != O && prev.div_ceil(2) == y.div_ceil(2))
}

/// Mixes two hashes (splitmix64 finaliser): feature keys are built from per-token hashes
/// without allocating strings.
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a of a string.
fn hs(s: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(s.as_bytes());
    h.finish()
}

/// A feature key: template number and up to two component hashes.
fn key(template: u64, a: u64, b: u64) -> u64 {
    mix(mix(template, a), b)
}

/// "Berlin" -> "Xx", "CDU" -> "X", "G8" -> "Xd": character classes with runs collapsed, as a
/// hash. ASCII words (most) are classified byte by byte, with the same classes.
fn shape(w: &str) -> u64 {
    let mut h = Fnv::default();
    let mut last = 0u8;
    let mut put = |k: u8| {
        if k != last {
            h.write_u8(k);
            last = k;
        }
    };
    if w.is_ascii() {
        for b in w.bytes() {
            put(match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b'c',
            });
        }
    } else {
        for c in w.chars() {
            put(if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                b'x'
            } else if c.is_numeric() {
                b'd'
            } else {
                b'c'
            });
        }
    }
    h.finish()
}

fn gap_class(g: &str) -> u64 {
    match g {
        " " => 1,
        "" => 2,
        "-" => 3,
        _ => g.trim().chars().next().map_or(4, |c| 16 + u64::from(c)),
    }
}

/// Hash of the last `n` characters of `l` (fewer if `l` is shorter).
fn suffix(l: &str, n: usize) -> u64 {
    let k = l.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    hs(&l[k..])
}

/// Hash of the first `n` characters of `l` (fewer if `l` is shorter).
fn prefix(l: &str, n: usize) -> u64 {
    let k = l.char_indices().nth(n).map_or(l.len(), |(i, _)| i);
    hs(&l[..k])
}

/// Word table bits: the knowledge-base name bits (0-2 person/location/organization, 3 alone,
/// 4 first, 5 last word of a name), then given name, family name, title, not a name.
const NAME_BITS: u16 = 0x3f;
const GIVEN: u16 = 1 << 6;
const FAMILY: u16 = 1 << 7;
const TITLE: u16 = 1 << 8;
const NOT_NAME: u16 = 1 << 9;

/// What the knowledge base and the language's lexicon say about a word, in one table so that a
/// token costs one lookup: every word of a knowledge-base name with the types of the entries it
/// names and where it stands in them, given and family names, titles and non-name words.
type WordTable = FastMap<&'static str, u16>;

fn word_table(kb: &'static Kb, lex: &'static Lexicon) -> WordTable {
    let mut m = WordTable::default();
    for e in &kb.entities {
        let ty = match e.entity_type {
            EntityType::Person => 1,
            EntityType::Location => 2,
            EntityType::Organization => 4,
        };
        for a in &e.aliases {
            let n = a.split([' ', '-']).filter(|w| !w.is_empty()).count();
            for (i, w) in a.split([' ', '-']).filter(|w| !w.is_empty()).enumerate() {
                let pos = if n == 1 {
                    8
                } else if i == 0 {
                    16
                } else if i + 1 == n {
                    32
                } else {
                    0
                };
                *m.entry(w).or_insert(0) |= ty | pos;
            }
        }
    }
    let sets: [(&FastSet<&'static str>, u16); 2] =
        [(&kb.first_names, GIVEN), (&kb.surnames, FAMILY)];
    for (set, bit) in sets {
        for &w in set {
            *m.entry(w).or_insert(0) |= bit;
        }
    }
    for (set, bit) in [(&lex.titles, TITLE), (&lex.not_name, NOT_NAME)] {
        for w in set {
            *m.entry(w.as_str()).or_insert(0) |= bit;
        }
    }
    m
}

/// The templates of the pair features whose first part is a word's own value (its lower case,
/// or its shape for 21 and 22), in the order of [`WordFeats::pairs`].
const PAIRS: [u64; 8] = [16, 17, 18, 19, 20, 21, 22, 37];

/// The first halves of the pair feature keys of a word of lower case `lower` and shape `shape`
/// ([`WordFeats::pairs`]).
fn pairs(lower: u64, shape: u64) -> [u64; PAIRS.len()] {
    PAIRS.map(|t| mix(t, if t == 21 || t == 22 { shape } else { lower }))
}

/// How many features a word has on its own wherever it stands (see [`WordFeats::own`]).
const OWN: usize = 11;

/// What one word contributes to the features of every token of it, worked out once per
/// distinct word of a body: its hashes, its word table bits and its own features, resolved by
/// the caller (to the key itself when training, to a weight row number when tagging).
#[derive(Debug, Clone)]
struct WordFeats<R> {
    lower: u64,
    shape: u64,
    bits: u16,
    /// The word's features that open a token's list, `own[..own_len]`: for a capitalized word
    /// the bias, the word as written and in lower case, its lower-cased suffixes of 2 to 5 and
    /// prefixes of 3 and 4 characters, its shape, and its shape with its length; for any other
    /// word the bias and the word in lower case.
    own: [R; OWN],
    own_len: usize,
    /// The sum of the weights of `own` ([`Sink::own_sum`]): the same for every token of the
    /// word, so worked out once and kept in the word cache with the rest.
    own_sum: [f32; LABELS],
    /// The word as the context of a capitalized token: the features of templates 12 to 15
    /// (the word one and two before, one and two after), resolved once per word, not per token.
    ctx: [R; 4],
    /// The first half of the pair features' keys that this word opens, by [`PAIRS`]:
    /// `key(t, a, b)` is `mix(mix(t, a), b)`, and `mix(t, a)` is the same for every token.
    pairs: [u64; PAIRS.len()],
    /// The further features of a capitalized word; `None` for other words.
    cap: Option<CapFeats<R>>,
}

/// Features of a capitalized word that depend on the word alone but stand after context
/// features in a token's list, by template: whether present, or the feature when the context
/// asks for it.
#[derive(Debug, Clone)]
struct CapFeats<R> {
    /// 11: the word is not the first token.
    later: R,
    /// 27: no rule mention covers the word.
    unruled: R,
    /// 28: a given name.
    given: Option<R>,
    /// 29: the shape after a given name.
    after_given: R,
    /// 30: a family name.
    family: Option<R>,
    /// 31: the shape after a title.
    after_title: R,
    /// 32: a word that is no name.
    not_name: Option<R>,
    /// 33 and 34: the knowledge-base name bits, and its types with the shape.
    names: Option<[R; 2]>,
    /// 50: the word table bits of the word without a genitive ending.
    stem: Option<R>,
}

/// The features of word `w` on its own (see [`WordFeats`]); `buf` is scratch space for the
/// word in lower case, `suffixes` the endings a name may carry.
fn word_feats<R: Copy>(
    table: &WordTable,
    suffixes: &[String],
    w: &str,
    buf: &mut String,
    resolve: &mut impl FnMut(u64) -> R,
) -> WordFeats<R> {
    let sh = shape(w);
    let ascii = w.is_ascii();
    // most words are in lower case already: only the others are lower-cased, into `buf`
    let upper = if ascii {
        w.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        w.chars().any(char::is_uppercase)
    };
    let lower = if !upper {
        hs(w)
    } else {
        buf.clear();
        if ascii {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(w.chars().flat_map(char::to_lowercase));
        }
        hs(buf)
    };
    let bits = table.get(w).copied().unwrap_or(0);
    let ctx = [12, 13, 14, 15].map(|t| resolve(key(t, lower, 0)));
    let pairs = pairs(lower, sh);
    let mut own = [resolve(key(0, 0, 0)); OWN];
    if !w.chars().next().is_some_and(char::is_uppercase) {
        own[1] = resolve(key(2, lower, 0));
        return WordFeats {
            lower,
            shape: sh,
            bits,
            own,
            own_len: 2,
            own_sum: [0.0; LABELS],
            ctx,
            pairs,
            cap: None,
        };
    }
    // a capitalized word: `buf` holds it in lower case
    let lw = buf.as_str();
    let len = if ascii { w.len() } else { w.chars().count() }.min(8) as u64;
    let keys = [
        key(1, hs(w), 0),
        key(2, lower, 0),
        key(3, suffix(lw, 2), 0),
        key(4, suffix(lw, 3), 0),
        key(5, suffix(lw, 4), 0),
        key(6, suffix(lw, 5), 0),
        key(7, prefix(lw, 3), 0),
        key(8, prefix(lw, 4), 0),
        key(9, sh, 0),
        key(10, sh, len),
    ];
    for (o, k) in own[1..].iter_mut().zip(keys) {
        *o = resolve(k);
    }
    let mut flag =
        |bit: u16, template: u64| (bits & bit != 0).then(|| resolve(key(template, 0, 0)));
    let (given, family, not_name) = (flag(GIVEN, 28), flag(FAMILY, 30), flag(NOT_NAME, 32));
    let names = bits & NAME_BITS;
    let names = (names != 0).then(|| {
        [
            resolve(key(33, u64::from(names), 0)),
            resolve(key(34, u64::from(names & 7), sh)),
        ]
    });
    // a name with a genitive ending ("Bremerhavens", "Merkels")
    let stem = suffixes
        .iter()
        .find_map(|s| w.strip_suffix(s.as_str()))
        .map(|stem| {
            let sb = table.get(stem).copied().unwrap_or(0);
            resolve(key(50, u64::from(sb & (NAME_BITS | GIVEN | FAMILY)), 0))
        });
    WordFeats {
        lower,
        shape: sh,
        bits,
        own,
        own_len: OWN,
        own_sum: [0.0; LABELS],
        ctx,
        pairs,
        cap: Some(CapFeats {
            later: resolve(key(11, 0, sh)),
            unruled: resolve(key(27, 0, sh)),
            given,
            after_given: resolve(key(29, sh, 0)),
            family,
            after_title: resolve(key(31, sh, 0)),
            not_name,
            names,
            stem,
        }),
    }
}

/// Rule values ([`features`]) are below this: their features are resolved once per body.
const RULE_VALUES: usize = 16;

/// The word table bits read by the features of the words around a token (templates 40 and 41)
/// are below this: their features are resolved once per body.
const AROUND_VALUES: usize = 1 << 9;

/// The feature of template `template` for a small value (a rule value, word table bits),
/// resolved once per body for the values below `N`.
#[inline]
fn memo_feat<R: Copy, const N: usize>(
    memo: &mut [Option<R>; N],
    template: u64,
    value: u64,
    resolve: &mut impl FnMut(u64) -> R,
) -> R {
    match usize::try_from(value).ok().and_then(|v| memo.get_mut(v)) {
        Some(slot) => *slot.get_or_insert_with(|| resolve(key(template, value, 0))),
        None => resolve(key(template, value, 0)),
    }
}

/// What the rules say about the tokens of a body: per token begin/inside, type and demonym of
/// the rule mention over it (0: none), and the knowledge-base subtypes of the dictionary hits
/// over each token, as (token, hash) in token order.
struct Marks {
    rule: Vec<u64>,
    dict: Vec<(usize, u64)>,
}

fn marks(doc: &Doc<'_>, pass: &RulePass) -> Marks {
    let kb = Kb::get();
    let n = doc.toks.len();
    let mut rule: Vec<u64> = vec![0; n];
    for c in &pass.chosen {
        let ty = match pass.type_of(kb, c) {
            EntityType::Person => 1,
            EntityType::Location => 2,
            EntityType::Organization => 3,
        };
        let dem = if c.kind == Kind::Demonym { 8 } else { 0 };
        let first = doc.toks.partition_point(|t| t.start < c.range.start);
        for (k, t) in doc.toks.iter().enumerate().skip(first) {
            if t.end > c.range.end {
                break;
            }
            rule[k] = ty + dem + if k == first { 0 } else { 4 };
        }
    }
    // knowledge-base subtypes of the dictionary hits over each token, as (token, hash) in order
    let mut dict: Vec<(usize, u64)> = Vec::new();
    for c in &pass.kb_hits {
        if let super::Ref::Kb(x) = c.target {
            let first = doc.toks.partition_point(|t| t.start < c.range.start);
            for (k, t) in doc.toks.iter().enumerate().skip(first) {
                if t.end > c.range.end {
                    break;
                }
                dict.push((k, hs(kb.entities[x].subtype)));
            }
        }
    }
    dict.sort_by_key(|&(k, _)| k);
    Marks { rule, dict }
}

/// A token whose word the features of the tokens at hand do not read.
const NO_WORD: usize = usize::MAX;

/// What [`features`] does with the features of each token: keeps them as lists ([`Feats`], to
/// train on) or adds up their weights as it goes ([`Emit`], to tag), which keeps no lists.
trait Sink<R> {
    /// The sum of the weights of a word's own features, kept with the word ([`WordFeats::own_sum`]).
    fn own_sum(&self, own: &[R]) -> [f32; LABELS];
    /// Opens the next token, of the word of `feats`: its own features come first.
    fn open(&mut self, feats: &WordFeats<R>);
    /// A further feature of the open token, in order.
    fn push(&mut self, r: R);
    /// Closes the open token (a token never opened has no features).
    fn close(&mut self);
}

impl Sink<u64> for Feats<u64> {
    fn own_sum(&self, _: &[u64]) -> [f32; LABELS] {
        [0.0; LABELS]
    }

    fn open(&mut self, feats: &WordFeats<u64>) {
        self.keys.extend_from_slice(&feats.own[..feats.own_len]);
    }

    fn push(&mut self, r: u64) {
        self.keys.push(r);
    }

    fn close(&mut self) {
        self.ends.push(self.keys.len());
    }
}

/// Adds weight row `row` to the scores `acc`: both read whole before the sums are written, so
/// that the sums are done a vector at a time (the row might otherwise overlap the scores, for
/// all the compiler knows, which keeps it to one number at a time through memory).
#[inline]
fn add_row(acc: &mut [f32; LABELS], row: &[f32; LABELS]) {
    let (mut a, b) = (*acc, *row);
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
    *acc = a;
}

/// Emission scores summed as [`features`] finds the features: each token's score opens with
/// its word's [`WordFeats::own_sum`] and adds the weight rows of its other features in order,
/// the same sums in the same order as [`emissions`] over the lists.
struct Emit<'a> {
    weights: &'a [[f32; LABELS]],
    scores: Vec<[f32; LABELS]>,
    open: [f32; LABELS],
}

impl<'a> Emit<'a> {
    fn new(weights: &'a [[f32; LABELS]], tokens: usize) -> Self {
        Emit {
            weights,
            scores: Vec::with_capacity(tokens),
            open: [0.0; LABELS],
        }
    }
}

impl Sink<u32> for Emit<'_> {
    fn own_sum(&self, own: &[u32]) -> [f32; LABELS] {
        let mut s = [0.0; LABELS];
        for &r in own {
            if let Some(row) = self.weights.get(r as usize) {
                add_row(&mut s, row);
            }
        }
        s
    }

    fn open(&mut self, feats: &WordFeats<u32>) {
        self.open = feats.own_sum;
    }

    fn push(&mut self, r: u32) {
        if let Some(row) = self.weights.get(r as usize) {
            add_row(&mut self.open, row);
        }
    }

    fn close(&mut self) {
        self.scores
            .push(std::mem::replace(&mut self.open, [0.0; LABELS]));
    }
}

/// The features of tokens `active` (ascending) of a body, each resolved by `resolve` (the key
/// itself when training, the weight row number when tagging) and handed to `sink` token after
/// token; `suffixes` are the endings a name may carry. A token's features read the words up to
/// two tokens on either side, wherever the active tokens end. The features of a word on its own
/// ([`word_feats`]) are taken from `words` (the words seen before), or worked out once and kept
/// there; `words` starts afresh when it holds [`CACHE_WORDS`] words.
#[allow(clippy::too_many_arguments)]
fn features<R: Copy>(
    table: &WordTable,
    suffixes: &[String],
    doc: &Doc<'_>,
    marks: &Marks,
    active: &[usize],
    words: &mut Words<R>,
    mut resolve: impl FnMut(u64) -> R,
    sink: &mut impl Sink<R>,
) {
    const NONE: u64 = 0x5eed;
    let n = doc.toks.len();
    let (rule, dict) = (&marks.rule, &marks.dict);
    if words.feats.len() >= CACHE_WORDS {
        *words = Words::default();
    }
    // each token's word, for the tokens read
    let mut buf = String::new();
    let mut wid: Vec<usize> = vec![NO_WORD; n];
    for &a in active {
        let near = a.saturating_sub(2)..(a + 3).min(n);
        for (i, id) in wid[near.clone()].iter_mut().enumerate() {
            if *id != NO_WORD {
                continue;
            }
            let w = doc.word(near.start + i);
            *id = match words.ids.get(w) {
                Some(&id) => id,
                None => {
                    let mut f = word_feats(table, suffixes, w, &mut buf, &mut resolve);
                    f.own_sum = sink.own_sum(&f.own[..f.own_len]);
                    words.feats.push(f);
                    words.ids.insert(w.into(), words.feats.len() - 1);
                    words.feats.len() - 1
                }
            };
        }
    }
    let words = &words.feats;
    let word = |i: isize| {
        usize::try_from(i)
            .ok()
            .and_then(|i| wid.get(i))
            .and_then(|&w| words.get(w))
    };
    let rule_at = |i: isize, edge: u64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| rule.get(i).copied())
            .unwrap_or(edge)
    };
    // the word table bits of the word after the last ("")
    let end_bits = table.get("").copied().unwrap_or(0);
    let mut memo = [[None; RULE_VALUES]; 3];
    let mut memo_around = [[None; AROUND_VALUES]; 2];
    // templates 12 to 15 where the context runs past the body's edge
    let edge =
        [(12, NONE), (13, NONE), (14, !NONE), (15, !NONE)].map(|(t, e)| resolve(key(t, e, 0)));
    let (pairs_before, pairs_after) = (pairs(NONE, NONE), pairs(!NONE, !NONE));
    let mut d = 0;
    for &i in active {
        let Some(me) = words.get(wid[i]) else {
            sink.close();
            continue;
        };
        sink.open(me);
        let (l, sh) = (me.lower, me.shape);
        let ii = i as isize;
        // the words two and one before, one and two after, looked up once
        let [w2, w1, n1, n2] = [-2, -1, 1, 2].map(|at| word(ii + at));
        let lower = |w: Option<&WordFeats<R>>, edge: u64| w.map_or(edge, |w| w.lower);
        let l1 = lower(w1, NONE);
        let (r1, r2) = (lower(n1, !NONE), lower(n2, !NONE));
        let ctx = |w: Option<&WordFeats<R>>, k: usize| w.map_or(edge[k], |w| w.ctx[k]);
        // the first halves of the pair keys the words before and after open
        let [b1, b2] = [w1, w2].map(|w| w.map_or(&pairs_before, |w| &w.pairs));
        let a1 = n1.map_or(&pairs_after, |w| &w.pairs);
        while d < dict.len() && dict[d].0 < i {
            d += 1;
        }
        let rules = |memo: &mut [[Option<R>; RULE_VALUES]; 3], resolve: &mut _| {
            [
                memo_feat(&mut memo[0], 24, rule[i], resolve),
                memo_feat(&mut memo[1], 25, rule_at(ii - 1, NONE), resolve),
                memo_feat(&mut memo[2], 26, rule_at(ii + 1, !NONE), resolve),
            ]
        };
        // a word in lower case is rarely part of a name ("von der Leyen"): a few features
        // decide it, which keeps the tagger cheap on running text
        let Some(cap) = &me.cap else {
            sink.push(resolve(mix(b1[0], l)));
            sink.push(resolve(mix(me.pairs[7], r1)));
            for r in rules(&mut memo, &mut resolve) {
                sink.push(r);
            }
            sink.close();
            continue;
        };
        let gap_before = if i == 0 { 0 } else { gap_class(doc.gap(i - 1)) };
        let gap_after = gap_class(doc.gap(i));
        sink.push(if i == 0 {
            resolve(key(11, 1, sh))
        } else {
            cap.later
        });
        for r in [ctx(w1, 0), ctx(w2, 1), ctx(n1, 2), ctx(n2, 3)] {
            sink.push(r);
        }
        for k in [
            mix(b1[0], l),
            mix(b2[1], l1),
            mix(a1[2], r2),
            mix(b1[3], sh),
            mix(a1[4], sh),
            mix(b1[5], sh),
            mix(me.pairs[6], n1.map_or(!NONE, |w| w.shape)),
            key(23, mix(gap_before, gap_after), sh),
        ] {
            sink.push(resolve(k));
        }
        for r in rules(&mut memo, &mut resolve) {
            sink.push(r);
        }
        sink.push(if rule[i] == 0 {
            cap.unruled
        } else {
            resolve(key(27, rule[i], sh))
        });
        let prev = w1.map_or(0, |w| w.bits);
        if let Some(r) = cap.given {
            sink.push(r);
        }
        if prev & GIVEN != 0 {
            sink.push(cap.after_given);
        }
        if let Some(r) = cap.family {
            sink.push(r);
        }
        if prev & TITLE != 0 {
            sink.push(cap.after_title);
        }
        if let Some(r) = cap.not_name {
            sink.push(r);
        }
        if let Some([a, b]) = cap.names {
            sink.push(a);
            sink.push(b);
        }
        let mut e = d;
        while e < dict.len() && dict[e].0 == i {
            sink.push(resolve(key(35, dict[e].1, 0)));
            e += 1;
        }
        // the knowledge-base names, given and family names and titles on either side
        let next = n1.map_or(end_bits, |w| w.bits);
        let around = NAME_BITS | GIVEN | FAMILY | TITLE;
        let [m40, m41] = &mut memo_around;
        sink.push(memo_feat(m40, 40, u64::from(prev & around), &mut resolve));
        sink.push(memo_feat(m41, 41, u64::from(next & around), &mut resolve));
        if let Some(r) = cap.stem {
            sink.push(r);
        }
        sink.close();
    }
}

/// The features of a body, token after token: each token's list opens with the own features
/// of its word ([`WordFeats::own`]) and goes on with its other features.
#[derive(Default)]
struct Feats<R> {
    /// The features, token after token: token `i` has `keys[ends[i - 1]..ends[i]]`.
    keys: Vec<R>,
    ends: Vec<usize>,
}

/// The lists of `ends` (each ending where its end says) over `keys`, without the keys that
/// `keep` refuses.
fn kept(keys: &[u64], ends: &[usize], keep: impl Fn(&u64) -> bool) -> (Vec<u64>, Vec<usize>) {
    let mut out = Vec::with_capacity(keys.len());
    let mut out_ends = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        out.extend(keys[start..end].iter().filter(|k| keep(k)));
        out_ends.push(out.len());
        start = end;
    }
    (out, out_ends)
}

impl<R> Feats<R> {
    /// The number of tokens.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The features of token `i`, in order.
    fn token(&self, i: usize) -> &[R] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.keys[start..self.ends[i]]
    }
}

/// Transition feature of the previous label.
fn trans_key(prev: usize) -> u64 {
    key(36, prev as u64, 0)
}

/// Training weights: current and summed-for-averaging.
struct Learner {
    rows: KeyMap<usize>,
    w: Vec<[f32; LABELS]>,
    u: Vec<[f32; LABELS]>,
    c: f32,
}

impl Learner {
    fn row(&mut self, key: u64) -> usize {
        let next = self.w.len();
        let r = *self.rows.entry(key).or_insert(next);
        if r == next {
            self.w.push([0.0; LABELS]);
            self.u.push([0.0; LABELS]);
        }
        r
    }

    fn update(&mut self, key: u64, label: usize, d: f32) {
        let r = self.row(key);
        self.w[r][label] += d;
        self.u[r][label] += self.c * d;
    }
}

/// Something that gives weight rows by feature key.
trait Weights {
    fn get(&self, key: u64) -> Option<&[f32; LABELS]>;
}

impl Weights for Learner {
    fn get(&self, key: u64) -> Option<&[f32; LABELS]> {
        self.rows.get(&key).map(|&r| &self.w[r])
    }
}

impl Weights for Tagger {
    fn get(&self, key: u64) -> Option<&[f32; LABELS]> {
        self.row(self.index.get(key))
    }
}

/// Emission scores per token and label, with the weight rows `row` gives for a key (training;
/// tagging sums them as it finds the features, [`Emit`]).
fn emissions<'a, R: Copy>(
    feats: &Feats<R>,
    mut row: impl FnMut(R) -> Option<&'a [f32; LABELS]>,
) -> Vec<[f32; LABELS]> {
    (0..feats.len())
        .map(|i| {
            let mut s = [0.0; LABELS];
            for &k in feats.token(i) {
                if let Some(row) = row(k) {
                    add_row(&mut s, row);
                }
            }
            s
        })
        .collect()
}

/// The transition weights of a model: from each label (and START) to each label, the ones not
/// allowed at minus infinity so that the loops need no test.
fn transitions(m: &impl Weights) -> Vec<[f32; LABELS]> {
    (0..=LABELS)
        .map(|p| {
            let mut t = m.get(trans_key(p)).copied().unwrap_or([0.0; LABELS]);
            for (y, v) in t.iter_mut().enumerate() {
                if !allowed(p, y) {
                    *v = f32::NEG_INFINITY;
                }
            }
            t
        })
        .collect()
}

/// A chain of tokens to decode: the tokens of a body the tagger looks at, where the tokens
/// between two of them that do not follow each other are outside any name (label O).
struct Chain {
    /// Transition weights ([`transitions`]).
    trans: Vec<[f32; LABELS]>,
    /// From each label to each label across tokens left out: to O, then from O.
    bridge: [[f32; LABELS]; LABELS],
    /// `trans` (without START) in rows of [`LANES`] scores, from each label into each label:
    /// the forward pass reads it a whole row at a time.
    trans_p: [Lanes; LABELS],
    /// The same transposed, into each label from each label, for the backward pass.
    trans_t: [Lanes; LABELS],
    /// Whether each token directly follows the one before it in the body.
    joined: Vec<bool>,
    /// The score of each label of the first token: from START, or across tokens left out.
    init: [f32; LABELS],
    /// The score after each label of the last token: nothing at the body's end, the step to O
    /// before tokens left out.
    end: [f32; LABELS],
}

impl Chain {
    /// The chain of tokens `toks` (ascending) of a body of `n` tokens.
    fn new(trans: Vec<[f32; LABELS]>, toks: &[usize], n: usize) -> Chain {
        let mut bridge = [[0.0; LABELS]; LABELS];
        for (p, row) in bridge.iter_mut().enumerate() {
            for (y, v) in row.iter_mut().enumerate() {
                *v = trans[p][O] + trans[O][y];
            }
        }
        let mut init = trans[START];
        if toks.first().is_some_and(|&t| t > 0) {
            for (y, v) in init.iter_mut().enumerate() {
                *v = trans[START][O] + trans[O][y];
            }
        }
        let mut end = [0.0; LABELS];
        if toks.last().is_some_and(|&t| t + 1 < n) {
            for (p, v) in end.iter_mut().enumerate() {
                *v = trans[p][O];
            }
        }
        let joined = toks
            .iter()
            .enumerate()
            .map(|(k, &t)| k == 0 || toks[k - 1] + 1 == t)
            .collect();
        Chain {
            trans_p: padded(&trans),
            trans_t: padded(&transposed(&trans)),
            trans,
            bridge,
            joined,
            init,
            end,
        }
    }

    /// The chain of all `n` tokens of a sentence.
    fn whole(trans: Vec<[f32; LABELS]>, n: usize) -> Chain {
        let init = trans[START];
        Chain {
            trans_p: padded(&trans),
            trans_t: padded(&transposed(&trans)),
            trans,
            bridge: [[0.0; LABELS]; LABELS],
            joined: vec![true; n],
            init,
            end: [0.0; LABELS],
        }
    }

    /// The transition weights into token `i` from the one before it in the chain.
    fn into(&self, i: usize) -> &[[f32; LABELS]] {
        if self.joined.get(i).copied().unwrap_or(true) {
            &self.trans[..LABELS]
        } else {
            &self.bridge
        }
    }
}

/// Scores of the labels in a row of a whole number of vectors (the scores past [`LABELS`] are
/// never read): the Viterbi passes add and compare whole rows.
const LANES: usize = 12;
type Lanes = [f32; LANES];

/// The first [`LABELS`] rows of `m` in rows of [`LANES`].
fn padded(m: &[[f32; LABELS]]) -> [Lanes; LABELS] {
    let mut t = [[0.0; LANES]; LABELS];
    for (row, m) in t.iter_mut().zip(m) {
        row[..LABELS].copy_from_slice(m);
    }
    t
}

/// The first [`LABELS`] rows of `m` transposed.
fn transposed(m: &[[f32; LABELS]]) -> [[f32; LABELS]; LABELS] {
    let mut t = [[0.0; LABELS]; LABELS];
    for (p, row) in m.iter().take(LABELS).enumerate() {
        for (y, &v) in row.iter().enumerate() {
            t[y][p] = v;
        }
    }
    t
}

/// A decoded chain: the best labels, and what is needed to score paths that differ.
struct Decoded {
    labels: Vec<usize>,
    /// Best score of a path over tokens `..=i` ending in each label.
    alpha: Vec<Lanes>,
    /// Best score of the rest of a path after token `i` in each label.
    beta: Vec<Lanes>,
}

/// The best score into label `y` from the scores `prev` of the token before, and the label it
/// comes from (the lowest of equal ones).
fn best_into(prev: &Lanes, trans: &[[f32; LABELS]], y: usize) -> (f32, usize) {
    let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
    for (p, t) in trans[..LABELS].iter().enumerate() {
        let s = prev[p] + t[y];
        if s > best {
            (best, arg) = (s, p);
        }
    }
    (best, arg)
}

/// Viterbi decoding of a chain, forward and backward. Across tokens left out the path goes
/// through O, so a step there is one best label into O (the same for every label after it), and
/// the backward pass stops at the first token of a name: the margins read no score before it.
fn decode(chain: &Chain, emit: &[[f32; LABELS]]) -> Decoded {
    let n = emit.len();
    let mut alpha = vec![[f32::NEG_INFINITY; LANES]; n];
    let mut beta = vec![[0.0f32; LANES]; n];
    if n == 0 {
        return Decoded {
            labels: Vec::new(),
            alpha,
            beta,
        };
    }
    let trans = &chain.trans;
    for y in 0..LABELS {
        alpha[0][y] = emit[0][y] + chain.init[y];
    }
    // the best label before each step across tokens left out (the same for every label after)
    let mut bridged = vec![0u8; n];
    for i in 1..n {
        let prev = alpha[i - 1];
        if !chain.joined[i] {
            let (best, arg) = best_into(&prev, trans, O);
            bridged[i] = arg as u8;
            for y in 0..LABELS {
                alpha[i][y] = best + trans[O][y] + emit[i][y];
            }
            continue;
        }
        // every label from every previous one, all labels at once: the transitions not allowed
        // are minus infinity and never the best
        let mut best = [f32::NEG_INFINITY; LANES];
        for (&a, t) in prev.iter().zip(&chain.trans_p) {
            for (b, &w) in best.iter_mut().zip(t) {
                let s = a + w;
                *b = if s > *b { s } else { *b };
            }
        }
        for (b, e) in best.iter_mut().zip(&emit[i]) {
            *b += e;
        }
        alpha[i] = best;
    }
    let last = |y: usize| alpha[n - 1][y] + chain.end[y];
    let mut best = (0..LABELS)
        .max_by(|&a, &b| last(a).total_cmp(&last(b)))
        .unwrap_or(O);
    // back along the best path: each label's best previous one, found again where the path
    // passes (a tie goes to the lowest previous label)
    let mut labels = vec![O; n];
    for i in (0..n).rev() {
        labels[i] = best;
        if i > 0 {
            best = if chain.joined[i] {
                best_into(&alpha[i - 1], trans, best).1
            } else {
                usize::from(bridged[i])
            };
        }
    }
    let first = labels.iter().position(|&l| l != O).unwrap_or(n);
    beta[n - 1][..LABELS].copy_from_slice(&chain.end);
    // backward the same way: the best rest after each label, all labels at once
    for i in (first..n - 1).rev() {
        let mut next = [0.0f32; LABELS];
        for (z, v) in next.iter_mut().enumerate() {
            *v = emit[i + 1][z] + beta[i + 1][z];
        }
        if !chain.joined[i + 1] {
            let rest = (0..LABELS)
                .map(|z| trans[O][z] + next[z])
                .fold(f32::NEG_INFINITY, f32::max);
            for (v, t) in beta[i].iter_mut().zip(&trans[..LABELS]) {
                *v = t[O] + rest;
            }
            continue;
        }
        let mut best = [f32::NEG_INFINITY; LANES];
        for (&x, t) in next.iter().zip(&chain.trans_t) {
            for (b, &w) in best.iter_mut().zip(t) {
                let s = w + x;
                *b = if s > *b { s } else { *b };
            }
        }
        beta[i] = best;
    }
    Decoded {
        labels,
        alpha,
        beta,
    }
}

impl Decoded {
    /// How much the best path scores above the best path that leaves tokens `r` (of the chain,
    /// following each other) outside any name: the model's confidence in a name there.
    fn margin(&self, chain: &Chain, emit: &[[f32; LABELS]], r: Range<usize>) -> f32 {
        let n = self.labels.len();
        let best = self.alpha.last().map_or(0.0, |a| {
            (0..LABELS)
                .map(|y| a[y] + chain.end[y])
                .fold(f32::NEG_INFINITY, f32::max)
        });
        let left = match r.start.checked_sub(1) {
            None => chain.init[O],
            Some(p) => {
                let t = chain.into(r.start);
                (0..LABELS)
                    .map(|y| self.alpha[p][y] + t[y][O])
                    .fold(f32::NEG_INFINITY, f32::max)
            }
        };
        let middle: f32 = r.clone().map(|k| emit[k][O]).sum::<f32>()
            + chain.trans[O][O] * (r.len().saturating_sub(1)) as f32;
        let right = if r.end >= n {
            chain.end[O]
        } else {
            let t = chain.into(r.end);
            (0..LABELS)
                .map(|z| t[O][z] + emit[r.end][z] + self.beta[r.end][z])
                .fold(f32::NEG_INFINITY, f32::max)
        };
        best - (left + middle + right)
    }
}

/// Whether a word may be part of a name on its own account: it has a capital letter or a digit.
fn name_like(w: &str) -> bool {
    for b in w.bytes() {
        if !b.is_ascii() {
            return w.chars().any(|c| c.is_uppercase() || c.is_numeric());
        }
        if b.is_ascii_uppercase() || b.is_ascii_digit() {
            return true;
        }
    }
    false
}

/// How many connectors ([`flag::CONNECTOR`]) in a row may stand inside a name.
const MAX_CONNECTORS: usize = 3;

/// The tokens of a body the tagger looks at, ascending: the others are outside any name. Those
/// are words with a capital letter or a digit, words the rules or the dictionary found a name
/// in, words attached to one of these without a space ("Jong-un"), and runs of up to
/// [`MAX_CONNECTORS`] connectors between two of them ("von der" in "Ursula von der Leyen").
fn looked_at(lex: &Lexicon, doc: &Doc<'_>, marks: &Marks) -> Vec<usize> {
    let n = doc.toks.len();
    let body = doc.body;
    // a capitalized word (the lexicon's flag) is name-like without a look at its letters
    let mut on: Vec<bool> = doc
        .toks
        .iter()
        .zip(&marks.rule)
        .zip(doc.all_flags(lex))
        .map(|((t, &r), &f)| {
            r != 0 || f & flag::UPPER != 0 || body.get(t.start..t.end).is_some_and(name_like)
        })
        .collect();
    for &(k, _) in &marks.dict {
        on[k] = true;
    }
    // token `k` and the next are joined by a hyphen or an apostrophe alone
    let attached = |k: usize| match (doc.toks.get(k), doc.toks.get(k + 1)) {
        (Some(a), Some(b)) => matches!(body.get(a.end..b.start), Some("-" | "'" | "’")),
        _ => false,
    };
    for i in 0..n {
        if !on[i]
            && ((i > 0 && on[i - 1] && attached(i - 1))
                || (on.get(i + 1) == Some(&true) && attached(i)))
        {
            on[i] = true;
        }
    }
    let mut i = 0;
    while i < n {
        if on[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && !on[j] && j - i < MAX_CONNECTORS && doc.has(lex, j, flag::CONNECTOR) {
            j += 1;
        }
        if i > 0 && j > i && j < n && on[j] {
            on[i..j].fill(true);
        }
        i = j.max(i + 1);
    }
    (0..n).filter(|&i| on[i]).collect()
}

/// What may stand between the words of a name.
const NAME_GAPS: &[&str] = &[" ", "-", "'", "’", " & ", "&"];

/// Whether a name may go on after word `k`: across a space, hyphen or ampersand, or across a
/// period after an initial or a short abbreviation ("H. Dietz", "St. Pauli").
fn joins(doc: &Doc<'_>, k: usize) -> bool {
    let gap = doc.gap(k);
    NAME_GAPS.contains(&gap)
        || (matches!(gap, ". " | " . " | ".") && doc.word(k).chars().count() <= 3)
}

/// Spans of person, location and organization labels, with their margins, as token ranges of
/// the body; the chain's tokens are tokens `toks` of the body.
fn spans_of(
    doc: &Doc<'_>,
    toks: &[usize],
    chain: &Chain,
    dec: &Decoded,
    emit: &[[f32; LABELS]],
) -> Vec<Span> {
    let labels = &dec.labels;
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        if l == O {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < labels.len() && labels[j] == l + usize::from(is_begin(l)) && !is_begin(labels[j])
        {
            j += 1;
        }
        // the chain's tokens of a name follow each other in the body
        let (a, b) = (toks[i], toks[j - 1] + 1);
        // a name stands between spaces or punctuation, never in part of a compound
        // ("RELA-Gen"), and does not run across punctuation ("Ukraine. Sofern")
        let whole = (a == 0 || !doc.gap(a - 1).ends_with('-'))
            && !doc.gap(b - 1).starts_with('-')
            && (a..b - 1).all(|k| joins(doc, k));
        if let (Some(entity_type), true) = (label_type(l), whole) {
            out.push(Span {
                toks: a..b,
                entity_type,
                margin: dec.margin(chain, emit, i..j),
            });
        }
        i = j;
    }
    out
}

/// The names the tagger finds in a body.
pub(super) struct Tagged {
    pub spans: Vec<Span>,
}

/// Gold labels of the tokens of `doc` from byte-range chunks.
fn gold_labels(doc: &Doc<'_>, chunks: &[(Range<usize>, String)]) -> Vec<usize> {
    let mut out = vec![O; doc.toks.len()];
    for (r, label) in chunks {
        let base = match label.as_str() {
            "PER" => 1,
            "LOC" => 3,
            "ORG" => 5,
            _ => 7,
        };
        let mut first = true;
        for (k, t) in doc.toks.iter().enumerate() {
            if t.start >= r.start && t.end <= r.end {
                out[k] = if first { base } else { base + 1 };
                first = false;
            }
        }
    }
    out
}

/// The training data without the features seen fewer than `min_count` times.
fn without_rare(
    data: Vec<(Feats<u64>, Vec<usize>)>,
    min_count: usize,
) -> Vec<(Feats<u64>, Vec<usize>)> {
    let mut count: KeyMap<usize> = KeyMap::default();
    for (f, _) in &data {
        for i in 0..f.len() {
            for &k in f.token(i) {
                *count.entry(k).or_insert(0) += 1;
            }
        }
    }
    let frequent = |k: &u64| count.get(k).is_some_and(|&c| c >= min_count);
    data.into_iter()
        .map(|(f, gold)| {
            let (keys, ends) = kept(&f.keys, &f.ends, frequent);
            (Feats { keys, ends }, gold)
        })
        .collect()
}

/// One averaged perceptron over `data`, in the shuffled orders of `bag` (bag 0: the orders the
/// first models were trained in).
fn train_one(data: &[(Feats<u64>, Vec<usize>)], opt: &TrainOptions, bag: usize) -> Learner {
    let mut m = Learner {
        rows: KeyMap::default(),
        w: Vec::new(),
        u: Vec::new(),
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..data.len()).collect();
    // an odd seed, never 0 (xorshift stays at 0)
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d ^ (bag as u64).wrapping_mul(0x9e37_79b9_7f4a_7c16);
    for _ in 0..opt.epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &s in &order {
            let (feats, gold) = &data[s];
            let mut emit = emissions(feats, |k| m.get(k));
            if opt.name_cost != 0.0 {
                for (e, &g) in emit.iter_mut().zip(gold) {
                    if g != O {
                        for (y, v) in e.iter_mut().enumerate() {
                            if y != g {
                                *v += opt.name_cost;
                            }
                        }
                    }
                }
            }
            let chain = Chain::whole(transitions(&m), emit.len());
            let pred = decode(&chain, &emit).labels;
            if pred != *gold {
                for i in 0..gold.len() {
                    let (gp, pp) = if i == 0 {
                        (START, START)
                    } else {
                        (gold[i - 1], pred[i - 1])
                    };
                    if gold[i] == pred[i] && gp == pp {
                        continue;
                    }
                    m.update(trans_key(gp), gold[i], 1.0);
                    m.update(trans_key(pp), pred[i], -1.0);
                    if gold[i] != pred[i] {
                        for &k in feats.token(i) {
                            m.update(k, gold[i], 1.0);
                            m.update(k, pred[i], -1.0);
                        }
                    }
                }
            }
            m.c += 1.0;
        }
    }
    m
}

impl Tagger {
    /// The model of `pack`'s language, loaded on first use; `None` where there is none.
    pub fn for_pack(pack: &LangPack) -> Option<&'static Tagger> {
        static LOADED: LazyLock<Vec<(&'static str, Tagger)>> = LazyLock::new(|| {
            MODELS
                .iter()
                .filter_map(|&(iso, bytes)| Tagger::from_bytes(bytes).ok().map(|t| (iso, t)))
                .collect()
        });
        LOADED
            .iter()
            .find(|(iso, _)| *iso == pack.iso())
            .map(|(_, t)| t)
    }

    /// Trains a model on `sentences` with the rules of `pack` as features (see
    /// [`TrainOptions`]); the same sentences and options give the same model.
    pub fn train(sentences: &[TrainSentence], pack: &LangPack, opt: &TrainOptions) -> Tagger {
        let kb = Kb::get();
        let lex = Lexicon::for_pack(pack);
        let table = word_table(kb, lex);
        let mut words = Words::default();
        let data: Vec<(Feats<u64>, Vec<usize>)> = sentences
            .iter()
            .map(|s| {
                let doc = Doc::new(&s.text);
                let pass = rule_pass(kb, lex, &doc);
                let all: Vec<usize> = (0..doc.toks.len()).collect();
                let marks = marks(&doc, &pass);
                let mut feats = Feats::default();
                features(
                    &table,
                    &lex.rules.name_suffixes,
                    &doc,
                    &marks,
                    &all,
                    &mut words,
                    |k| k,
                    &mut feats,
                );
                (feats, gold_labels(&doc, &s.chunks))
            })
            .collect();
        let data = if opt.min_count > 1 {
            without_rare(data, opt.min_count)
        } else {
            data
        };
        let bags = opt.bags.max(1);
        let mut sum: KeyMap<[f32; LABELS]> = KeyMap::default();
        for bag in 0..bags {
            let m = train_one(&data, opt, bag);
            for (&key, &r) in &m.rows {
                let mut avg = [0.0; LABELS];
                for (a, (w, u)) in avg.iter_mut().zip(m.w[r].iter().zip(&m.u[r])) {
                    *a = w - u / m.c;
                }
                match sum.entry(key) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(avg);
                    }
                    std::collections::hash_map::Entry::Occupied(mut e) => {
                        for (a, b) in e.get_mut().iter_mut().zip(avg) {
                            *a += b;
                        }
                    }
                }
            }
        }
        let rows = sum
            .iter()
            .filter(|(_, row)| row.iter().any(|x| x.abs() >= 1e-3 * bags as f32))
            .map(|(&key, row)| (key, row.map(|x| x / bags as f32)))
            .collect();
        Tagger::with_rows(rows, opt.threshold, OnceLock::from(table))
    }

    /// A model of these rows (feature key and weights), kept in key order.
    fn with_rows(
        mut rows: Vec<(u64, [f32; LABELS])>,
        threshold: f32,
        words: OnceLock<WordTable>,
    ) -> Tagger {
        rows.sort_unstable_by_key(|&(k, _)| k);
        rows.dedup_by_key(|&mut (k, _)| k);
        let (keys, weights) = rows.into_iter().unzip();
        Tagger {
            index: Index::new(keys),
            weights,
            threshold,
            words,
            cache: Mutex::default(),
        }
    }

    /// The weight row of row number `r`; `None` for [`NO_ROW`].
    fn row(&self, r: u32) -> Option<&[f32; LABELS]> {
        self.weights.get(r as usize)
    }

    /// The rows in key order, with their keys.
    fn rows(&self) -> Vec<(u64, &[f32; LABELS])> {
        self.index.keys.iter().copied().zip(&self.weights).collect()
    }

    /// The names of `text` as the entity stage finds them with this model and a margin
    /// `threshold`: byte range and type (for evaluating a model).
    pub fn predict(
        &self,
        text: &str,
        pack: &LangPack,
        threshold: f32,
    ) -> Vec<(Range<usize>, EntityType)> {
        let kb = Kb::get();
        let lex = Lexicon::for_pack(pack);
        let doc = Doc::new(text);
        let mut pass = rule_pass(kb, lex, &doc);
        let tagged = self.tag(kb, lex, &doc, &pass, threshold);
        super::add_learned(kb, lex, &doc, tagged, &mut pass);
        pass.chosen
            .iter()
            .map(|c| (c.range.clone(), pass.type_of(kb, c)))
            .collect()
    }

    /// The model's labels for the tokens of `doc`, and its names whose margin reaches
    /// `threshold`.
    pub(super) fn tag(
        &self,
        kb: &'static Kb,
        lex: &'static Lexicon,
        doc: &Doc<'_>,
        pass: &RulePass,
        threshold: f32,
    ) -> Tagged {
        let table = self.words.get_or_init(|| word_table(kb, lex));
        let marks = marks(doc, pass);
        let toks = looked_at(lex, doc, &marks);
        // a body that finds the cache in use (another thread's) goes without it
        let mut cache = self.cache.try_lock().ok();
        let mut own = Words::default();
        let words = cache.as_deref_mut().unwrap_or(&mut own);
        let mut sink = Emit::new(&self.weights, toks.len());
        features(
            table,
            &lex.rules.name_suffixes,
            doc,
            &marks,
            &toks,
            words,
            |k| self.index.get(k),
            &mut sink,
        );
        drop(cache);
        let emit = sink.scores;
        let chain = Chain::new(transitions(self), &toks, doc.toks.len());
        let dec = decode(&chain, &emit);
        let spans = spans_of(doc, &toks, &chain, &dec, &emit)
            .into_iter()
            .filter(|s| s.margin >= threshold)
            .collect();
        Tagged { spans }
    }

    /// The model without the feature rows whose weights all stay below `min` in magnitude: a
    /// smaller file and table, at little cost in accuracy.
    pub fn pruned(&self, min: f32) -> Tagger {
        let rows = self
            .rows()
            .into_iter()
            .filter(|(_, row)| row.iter().any(|w| w.abs() >= min))
            .map(|(key, &row)| (key, row))
            .collect();
        Tagger::with_rows(rows, self.threshold, OnceLock::new())
    }

    /// The margin this model was trained to be used with.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The model as bytes: magic, threshold, row count, keys, then weights as `f32`, all
    /// little-endian; rows in key order so that the file is the same for the same model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let keys = self.rows();
        let mut out = Vec::with_capacity(16 + keys.len() * (8 + 4 * LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, _) in &keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, row) in &keys {
            for w in row.iter() {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Tagger, TaggerError> {
        if b.get(..4) != Some(MAGIC) {
            return Err(TaggerError::Format("not a tagger model"));
        }
        let word = |at: usize| -> Result<[u8; 4], TaggerError> {
            b.get(at..at + 4)
                .and_then(|s| s.try_into().ok())
                .ok_or(TaggerError::Format("cut short"))
        };
        let threshold = f32::from_le_bytes(word(4)?);
        let n = u32::from_le_bytes(word(8)?) as usize;
        let keys_at = 12;
        let weights_at = keys_at + n * 8;
        if b.len() != weights_at + n * LABELS * 4 {
            return Err(TaggerError::Format("wrong length"));
        }
        let keys = b[keys_at..weights_at].chunks_exact(8);
        let weights = b[weights_at..].chunks_exact(4 * LABELS);
        let rows = keys
            .zip(weights)
            .map(|(k, w)| {
                let mut a = [0u8; 8];
                a.copy_from_slice(k);
                let mut row = [0.0; LABELS];
                for (x, c) in row.iter_mut().zip(w.chunks_exact(4)) {
                    *x = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                }
                (u64::from_le_bytes(a), row)
            })
            .collect();
        Ok(Tagger::with_rows(rows, threshold, OnceLock::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_file_round_trips_and_bad_bytes_are_errors() {
        let pack = LangPack::get("de").unwrap();
        let text = "Trainer Hans Meier lebt in Oberdorf .";
        let s = TrainSentence {
            text: text.to_string(),
            chunks: vec![(8..18, "PER".to_string()), (27..35, "LOC".to_string())],
        };
        let opt = TrainOptions {
            epochs: 3,
            threshold: 1.5,
            bags: 2,
            ..TrainOptions::default()
        };
        let model = Tagger::train(&[s], pack, &opt);
        let back = Tagger::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.threshold(), 1.5);
        assert_eq!(back.weights.len(), model.weights.len());
        assert_eq!(back.to_bytes(), model.to_bytes());
        assert!(Tagger::from_bytes(b"").is_err());
        assert!(Tagger::from_bytes(b"NGT1\0\0\0\0\x05\0\0\0").is_err());
    }

    #[test]
    fn training_options_are_deterministic_and_change_the_model() {
        let pack = LangPack::get("de").unwrap();
        let sentences: Vec<TrainSentence> = [
            (
                "Trainer Hans Meier lebt in Oberdorf .",
                vec![(8..18, "PER"), (27..35, "LOC")],
            ),
            (
                "Anna Berg fährt nach Unterdorf .",
                vec![(0..9, "PER"), (21..30, "LOC")],
            ),
            (
                "Die Firma Holzbau AG baut in Oberdorf .",
                vec![(10..20, "ORG"), (29..37, "LOC")],
            ),
        ]
        .into_iter()
        .map(|(text, chunks)| TrainSentence {
            text: text.to_string(),
            chunks: chunks
                .into_iter()
                .map(|(r, l)| (r, l.to_string()))
                .collect(),
        })
        .collect();
        let plain = TrainOptions {
            epochs: 4,
            ..TrainOptions::default()
        };
        let tuned = TrainOptions {
            bags: 3,
            min_count: 2,
            name_cost: 2.0,
            ..plain
        };
        let a = Tagger::train(&sentences, pack, &tuned).to_bytes();
        assert_eq!(a, Tagger::train(&sentences, pack, &tuned).to_bytes());
        let b = Tagger::train(&sentences, pack, &plain);
        assert_ne!(a, b.to_bytes());
        // features seen once (the words of one sentence) get no rows with min_count 2
        assert!(Tagger::from_bytes(&a).unwrap().weights.len() < b.weights.len());
    }

    #[test]
    fn shapes_are_the_same_for_ascii_and_other_words() {
        let cases = [
            ("Berlin", "Xx"),
            ("CDU", "X"),
            ("G8", "Xd"),
            ("Ärzte", "Xx"),
            ("m²", "xd"),
            ("São-Paulo", "XxcXx"),
            ("", ""),
        ];
        for (w, classes) in cases {
            assert_eq!(shape(w), hs(classes), "{w}");
        }
    }

    #[test]
    fn the_word_cache_changes_nothing() {
        let pack = LangPack::get("de").unwrap();
        let model = Tagger::from_bytes(MODELS[0].1).unwrap();
        let text =
            "Der Trainer Hans Meier aus Oberdorf lobte die Spieler von Eintracht Frankfurt .";
        let first = model.predict(text, pack, model.threshold());
        assert!(!first.is_empty());
        assert!(model.cache.lock().unwrap().ids.contains_key("Meier"));
        assert_eq!(model.predict(text, pack, model.threshold()), first);
    }

    /// Emission scores from a fixed pseudo-random sequence, in -4..4.
    fn emissions_of(n: usize, mut seed: u64) -> Vec<[f32; LABELS]> {
        (0..n)
            .map(|_| {
                let mut row = [0.0; LABELS];
                for v in &mut row {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    *v = (seed % 800) as f32 / 100.0 - 4.0;
                }
                row
            })
            .collect()
    }

    #[test]
    fn a_chain_decodes_as_the_sentence_with_the_left_out_tokens_outside_names() {
        let model = Tagger::from_bytes(MODELS[0].1).unwrap();
        let n = 12;
        let mut emit = emissions_of(n, 0x9e37_79b9_7f4a_7c15);
        let toks = [1, 2, 3, 6, 7, 10];
        // the chain of all tokens is the sentence
        let all: Vec<usize> = (0..n).collect();
        let chain = Chain::new(transitions(&model), &all, n);
        let whole = Chain::whole(transitions(&model), n);
        let (a, b) = (decode(&chain, &emit), decode(&whole, &emit));
        assert_eq!(a.labels, b.labels);
        // left-out tokens that surely are O: the whole decodes as the chain, margins too
        for (k, row) in emit.iter_mut().enumerate() {
            if !toks.contains(&k) {
                row[O] += 1000.0;
            }
        }
        let sub: Vec<[f32; LABELS]> = toks.iter().map(|&k| emit[k]).collect();
        let chain = Chain::new(transitions(&model), &toks, n);
        let (c, w) = (decode(&chain, &sub), decode(&whole, &emit));
        let kept: Vec<usize> = toks.iter().map(|&k| w.labels[k]).collect();
        assert_eq!(c.labels, kept);
        assert!(c.labels.iter().any(|&l| l != O));
        let (m1, m2) = (c.margin(&chain, &sub, 1..3), w.margin(&whole, &emit, 2..4));
        assert!((m1 - m2).abs() < 1e-2, "{m1} {m2}");
    }

    #[test]
    fn the_tagger_looks_at_names_and_the_connectors_inside_them() {
        let pack = LangPack::get("de").unwrap();
        let kb = Kb::get();
        let lex = Lexicon::for_pack(pack);
        let text = "Gestern traf Ursula von der Leyen in Brüssel den Chef von Kim Jong-un und sprach lange .";
        let doc = Doc::new(text);
        let pass = rule_pass(kb, lex, &doc);
        let words: Vec<&str> = looked_at(lex, &doc, &marks(&doc, &pass))
            .into_iter()
            .map(|i| doc.word(i))
            .collect();
        assert_eq!(
            words,
            [
                "Gestern", "Ursula", "von", "der", "Leyen", "in", "Brüssel", "den", "Chef", "von",
                "Kim", "Jong", "un"
            ]
        );
    }

    #[test]
    fn the_german_model_is_shipped_and_loads() {
        assert!(Tagger::for_pack(LangPack::get("de").unwrap()).is_some());
    }
}
