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
use std::sync::{LazyLock, OnceLock};

use newsgraph_core::EntityType;
use newsgraph_lang::LangPack;

use super::kb::{FastMap, FastSet, Fnv, Kb};
use super::lexicon::{Kind, Lexicon};
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

/// The weights of one language.
#[derive(Debug)]
pub struct Tagger {
    rows: KeyMap<u32>,
    weights: Vec<f32>,
    threshold: f32,
    /// The word table of the model's language, built on first use.
    words: OnceLock<WordTable>,
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
/// hash.
fn shape(w: &str) -> u64 {
    let mut h = Fnv::default();
    let mut last = 0u8;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else {
            b'c'
        };
        if k != last {
            h.write_u8(k);
            last = k;
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

/// Hashes of a capitalized word's spellings: as written, lower-cased suffixes of 2 to 5 and
/// prefixes of 3 and 4 characters.
struct Spelling {
    word: u64,
    suffixes: [u64; 4],
    prefixes: [u64; 2],
}

/// Per-token features of a body, as hashed keys; `suffixes` are the endings a name may carry.
fn features(table: &WordTable, suffixes: &[String], doc: &Doc<'_>, pass: &RulePass) -> Feats {
    const NONE: u64 = 0x5eed;
    let kb = Kb::get();
    let n = doc.toks.len();
    // what the rules say about each token: begin/inside, type, demonym
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
    // lower-case hashes and shapes of every token; spellings of the capitalized ones (most
    // words are in lower case already: only the others are lower-cased, into one buffer)
    let mut lower: Vec<u64> = Vec::with_capacity(n);
    let mut shapes: Vec<u64> = Vec::with_capacity(n);
    let mut spellings: Vec<Option<Spelling>> = Vec::with_capacity(n);
    let mut buf = String::new();
    for i in 0..n {
        let w = doc.word(i);
        shapes.push(shape(w));
        if !w.chars().any(char::is_uppercase) {
            lower.push(hs(w));
        } else {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            lower.push(hs(&buf));
        }
        spellings.push(w.chars().next().is_some_and(char::is_uppercase).then(|| {
            // a capitalized word: `buf` holds it in lower case
            let lw = buf.as_str();
            Spelling {
                word: hs(w),
                suffixes: [suffix(lw, 2), suffix(lw, 3), suffix(lw, 4), suffix(lw, 5)],
                prefixes: [prefix(lw, 3), prefix(lw, 4)],
            }
        }));
    }
    let at = |v: &[u64], i: isize, edge: u64| -> u64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| v.get(i).copied())
            .unwrap_or(edge)
    };
    let bits = |i: usize| table.get(doc.word(i)).copied().unwrap_or(0);
    let mut keys: Vec<u64> = Vec::with_capacity(n * 16);
    let mut ends = Vec::with_capacity(n);
    let mut d = 0;
    for i in 0..n {
        let l = lower[i];
        let sh = shapes[i];
        let ii = i as isize;
        let (l1, l2) = (at(&lower, ii - 1, NONE), at(&lower, ii - 2, NONE));
        let (r1, r2) = (at(&lower, ii + 1, !NONE), at(&lower, ii + 2, !NONE));
        let f = &mut keys;
        while d < dict.len() && dict[d].0 < i {
            d += 1;
        }
        // a word in lower case is rarely part of a name ("von der Leyen"): a few features
        // decide it, which keeps the tagger cheap on running text
        let Some(sp) = &spellings[i] else {
            f.extend([
                key(0, 0, 0),
                key(2, l, 0),
                key(16, l1, l),
                key(37, l, r1),
                key(24, rule[i], 0),
                key(25, at(&rule, ii - 1, NONE), 0),
                key(26, at(&rule, ii + 1, !NONE), 0),
            ]);
            ends.push(keys.len());
            continue;
        };
        let gap_before = if i == 0 { 0 } else { gap_class(doc.gap(i - 1)) };
        let gap_after = gap_class(doc.gap(i));
        let len = doc.word(i).chars().count().min(8) as u64;
        f.extend([
            key(0, 0, 0),
            key(1, sp.word, 0),
            key(2, l, 0),
            key(3, sp.suffixes[0], 0),
            key(4, sp.suffixes[1], 0),
            key(5, sp.suffixes[2], 0),
            key(6, sp.suffixes[3], 0),
            key(7, sp.prefixes[0], 0),
            key(8, sp.prefixes[1], 0),
            key(9, sh, 0),
            key(10, sh, len),
            key(11, u64::from(i == 0), sh),
            key(12, l1, 0),
            key(13, l2, 0),
            key(14, r1, 0),
            key(15, r2, 0),
            key(16, l1, l),
            key(17, l2, l1),
            key(18, r1, r2),
            key(19, l1, sh),
            key(20, r1, sh),
            key(21, at(&shapes, ii - 1, NONE), sh),
            key(22, sh, at(&shapes, ii + 1, !NONE)),
            key(23, mix(gap_before, gap_after), sh),
            key(24, rule[i], 0),
            key(25, at(&rule, ii - 1, NONE), 0),
            key(26, at(&rule, ii + 1, !NONE), 0),
            key(27, rule[i], sh),
        ]);
        let b = bits(i);
        let prev = if i > 0 { bits(i - 1) } else { 0 };
        if b & GIVEN != 0 {
            f.push(key(28, 0, 0));
        }
        if prev & GIVEN != 0 {
            f.push(key(29, sh, 0));
        }
        if b & FAMILY != 0 {
            f.push(key(30, 0, 0));
        }
        if prev & TITLE != 0 {
            f.push(key(31, sh, 0));
        }
        if b & NOT_NAME != 0 {
            f.push(key(32, 0, 0));
        }
        let names = b & NAME_BITS;
        if names != 0 {
            f.push(key(33, u64::from(names), 0));
            f.push(key(34, u64::from(names & 7), sh));
        }
        let mut e = d;
        while e < dict.len() && dict[e].0 == i {
            f.push(key(35, dict[e].1, 0));
            e += 1;
        }
        // the knowledge-base names, given and family names and titles on either side
        let next = bits(i + 1);
        let around = NAME_BITS | GIVEN | FAMILY | TITLE;
        f.push(key(40, u64::from(prev & around), 0));
        f.push(key(41, u64::from(next & around), 0));
        // a name with a genitive ending ("Bremerhavens", "Merkels")
        if let Some(stem) = suffixes
            .iter()
            .find_map(|s| doc.word(i).strip_suffix(s.as_str()))
        {
            let sb = table.get(stem).copied().unwrap_or(0);
            f.push(key(50, u64::from(sb & (NAME_BITS | GIVEN | FAMILY)), 0));
        }
        ends.push(keys.len());
    }
    Feats { keys, ends }
}

/// The feature keys of a body, token after token: token `i` has `keys[ends[i - 1]..ends[i]]`.
struct Feats {
    keys: Vec<u64>,
    ends: Vec<usize>,
}

impl Feats {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn token(&self, i: usize) -> &[u64] {
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
    fn get(&self, key: u64) -> Option<&[f32]>;
}

impl Weights for Learner {
    fn get(&self, key: u64) -> Option<&[f32]> {
        self.rows.get(&key).map(|&r| &self.w[r][..])
    }
}

impl Weights for Tagger {
    fn get(&self, key: u64) -> Option<&[f32]> {
        let r = *self.rows.get(&key)? as usize;
        self.weights.get(r * LABELS..(r + 1) * LABELS)
    }
}

/// Emission scores per token and label, with the weight rows `row` gives for a key.
fn emissions<'a>(
    feats: &Feats,
    mut row: impl FnMut(u64) -> Option<&'a [f32]>,
) -> Vec<[f32; LABELS]> {
    (0..feats.len())
        .map(|i| {
            let mut s = [0.0; LABELS];
            for &k in feats.token(i) {
                if let Some(row) = row(k) {
                    for (a, b) in s.iter_mut().zip(row) {
                        *a += b;
                    }
                }
            }
            s
        })
        .collect()
}

/// A decoded sentence: the best labels, and what is needed to score paths that differ.
struct Decoded {
    labels: Vec<usize>,
    /// Transition weights from each label (and START) to each label.
    trans: Vec<[f32; LABELS]>,
    /// Best score of a path over tokens `..=i` ending in each label.
    alpha: Vec<[f32; LABELS]>,
    /// Best score of the rest of a path after token `i` in each label.
    beta: Vec<[f32; LABELS]>,
}

/// Viterbi decoding, forward and backward.
fn decode(m: &impl Weights, emit: &[[f32; LABELS]]) -> Decoded {
    let n = emit.len();
    // disallowed transitions score minus infinity, so the loops need no test
    let trans: Vec<[f32; LABELS]> = (0..=LABELS)
        .map(|p| {
            let mut t = [0.0; LABELS];
            if let Some(row) = m.get(trans_key(p)) {
                t.copy_from_slice(row);
            }
            for (y, v) in t.iter_mut().enumerate() {
                if !allowed(p, y) {
                    *v = f32::NEG_INFINITY;
                }
            }
            t
        })
        .collect();
    let mut alpha = vec![[f32::NEG_INFINITY; LABELS]; n];
    let mut back = vec![[0usize; LABELS]; n];
    let mut beta = vec![[0.0f32; LABELS]; n];
    if n == 0 {
        return Decoded {
            labels: Vec::new(),
            trans,
            alpha,
            beta,
        };
    }
    for y in 0..LABELS {
        alpha[0][y] = emit[0][y] + trans[START][y];
    }
    // only the allowed transitions are scored: an I- label follows its own B- or I- label
    const ALL: [usize; LABELS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const OPEN: [usize; 5] = [0, 1, 3, 5, 7];
    let from = |y: usize| -> &'static [usize] {
        match y {
            2 => &ALL[1..3],
            4 => &ALL[3..5],
            6 => &ALL[5..7],
            8 => &ALL[7..9],
            _ => &ALL,
        }
    };
    for i in 1..n {
        let prev = alpha[i - 1];
        for y in 0..LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = O;
            for &p in from(y) {
                let s = prev[p] + trans[p][y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            alpha[i][y] = best + emit[i][y];
            back[i][y] = arg;
        }
    }
    for i in (0..n - 1).rev() {
        let mut next = [0.0f32; LABELS];
        for (z, v) in next.iter_mut().enumerate() {
            *v = emit[i + 1][z] + beta[i + 1][z];
        }
        for y in 0..LABELS {
            let open = OPEN
                .iter()
                .map(|&z| trans[y][z] + next[z])
                .fold(f32::NEG_INFINITY, f32::max);
            // the I- label of the name `y` is in
            let inside = if y == O {
                O
            } else {
                y + usize::from(is_begin(y))
            };
            beta[i][y] = if inside == O {
                open
            } else {
                open.max(trans[y][inside] + next[inside])
            };
        }
    }
    let mut best = (0..LABELS)
        .max_by(|&a, &b| alpha[n - 1][a].total_cmp(&alpha[n - 1][b]))
        .unwrap_or(O);
    let mut labels = vec![O; n];
    for i in (0..n).rev() {
        labels[i] = best;
        best = back[i][best];
    }
    Decoded {
        labels,
        trans,
        alpha,
        beta,
    }
}

impl Decoded {
    /// How much the best path scores above the best path that leaves tokens `r` outside any
    /// name: the model's confidence in a name there.
    fn margin(&self, emit: &[[f32; LABELS]], r: Range<usize>) -> f32 {
        let n = self.labels.len();
        let best = self
            .alpha
            .last()
            .map_or(0.0, |a| a.iter().copied().fold(f32::NEG_INFINITY, f32::max));
        let left = match r.start.checked_sub(1) {
            None => self.trans[START][O],
            Some(p) => (0..LABELS)
                .map(|y| self.alpha[p][y] + self.trans[y][O])
                .fold(f32::NEG_INFINITY, f32::max),
        };
        let middle: f32 = r.clone().map(|k| emit[k][O]).sum::<f32>()
            + self.trans[O][O] * (r.len().saturating_sub(1)) as f32;
        let right = if r.end >= n {
            0.0
        } else {
            (0..LABELS)
                .map(|z| self.trans[O][z] + emit[r.end][z] + self.beta[r.end][z])
                .fold(f32::NEG_INFINITY, f32::max)
        };
        best - (left + middle + right)
    }
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

/// Spans of person, location and organization labels, with their margins.
fn spans_of(doc: &Doc<'_>, dec: &Decoded, emit: &[[f32; LABELS]]) -> Vec<Span> {
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
        // a name stands between spaces or punctuation, never in part of a compound
        // ("RELA-Gen"), and does not run across punctuation ("Ukraine. Sofern")
        let whole = (i == 0 || !doc.gap(i - 1).ends_with('-'))
            && !doc.gap(j - 1).starts_with('-')
            && (i..j - 1).all(|k| joins(doc, k));
        if let (Some(entity_type), true) = (label_type(l), whole) {
            out.push(Span {
                toks: i..j,
                entity_type,
                margin: dec.margin(emit, i..j),
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
fn without_rare(data: Vec<(Feats, Vec<usize>)>, min_count: usize) -> Vec<(Feats, Vec<usize>)> {
    let mut count: KeyMap<usize> = KeyMap::default();
    for (f, _) in &data {
        for &k in &f.keys {
            *count.entry(k).or_insert(0) += 1;
        }
    }
    let frequent = |k: &&u64| count.get(*k).is_some_and(|&c| c >= min_count);
    data.into_iter()
        .map(|(f, gold)| {
            let mut keys = Vec::with_capacity(f.keys.len());
            let mut ends = Vec::with_capacity(f.len());
            for i in 0..f.len() {
                keys.extend(f.token(i).iter().filter(frequent));
                ends.push(keys.len());
            }
            (Feats { keys, ends }, gold)
        })
        .collect()
}

/// One averaged perceptron over `data`, in the shuffled orders of `bag` (bag 0: the orders the
/// first models were trained in).
fn train_one(data: &[(Feats, Vec<usize>)], opt: &TrainOptions, bag: usize) -> Learner {
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
            let pred = decode(&m, &emit).labels;
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
        let data: Vec<(Feats, Vec<usize>)> = sentences
            .iter()
            .map(|s| {
                let doc = Doc::new(&s.text);
                let pass = rule_pass(kb, lex, &doc);
                (
                    features(&table, &lex.rules.name_suffixes, &doc, &pass),
                    gold_labels(&doc, &s.chunks),
                )
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
        let mut rows = KeyMap::default();
        let mut weights = Vec::new();
        for (&key, row) in &sum {
            if row.iter().all(|x| x.abs() < 1e-3 * bags as f32) {
                continue;
            }
            rows.insert(key, (weights.len() / LABELS) as u32);
            weights.extend(row.iter().map(|x| x / bags as f32));
        }
        Tagger {
            rows,
            weights,
            threshold: opt.threshold,
            words: OnceLock::from(table),
        }
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
        let feats = features(table, &lex.rules.name_suffixes, doc, pass);
        let emit = emissions(&feats, |k| self.get(k));
        let dec = decode(self, &emit);
        let spans = spans_of(doc, &dec, &emit)
            .into_iter()
            .filter(|s| s.margin >= threshold)
            .collect();
        Tagged { spans }
    }

    /// The model without the feature rows whose weights all stay below `min` in magnitude: a
    /// smaller file and table, at little cost in accuracy.
    pub fn pruned(&self, min: f32) -> Tagger {
        let mut rows = KeyMap::default();
        let mut weights = Vec::new();
        for (&key, &r) in &self.rows {
            let row = &self.weights[r as usize * LABELS..(r as usize + 1) * LABELS];
            if row.iter().all(|w| w.abs() < min) {
                continue;
            }
            rows.insert(key, (weights.len() / LABELS) as u32);
            weights.extend_from_slice(row);
        }
        Tagger {
            rows,
            weights,
            threshold: self.threshold,
            words: OnceLock::new(),
        }
    }

    /// The margin this model was trained to be used with.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The model as bytes: magic, threshold, row count, keys, then weights as `f32`, all
    /// little-endian; rows in key order so that the file is the same for the same model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<(u64, u32)> = self.rows.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut out = Vec::with_capacity(16 + keys.len() * (8 + 4 * LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, _) in &keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for &(_, r) in &keys {
            let r = r as usize;
            for w in &self.weights[r * LABELS..(r + 1) * LABELS] {
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
        let mut rows = KeyMap::default();
        rows.reserve(n);
        for (r, k) in b[keys_at..weights_at].chunks_exact(8).enumerate() {
            let mut a = [0u8; 8];
            a.copy_from_slice(k);
            rows.insert(u64::from_le_bytes(a), r as u32);
        }
        let weights = b[weights_at..]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Tagger {
            rows,
            weights,
            threshold,
            words: OnceLock::new(),
        })
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
        assert_eq!(back.rows.len(), model.rows.len());
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
        assert!(Tagger::from_bytes(&a).unwrap().rows.len() < b.rows.len());
    }

    #[test]
    fn the_german_model_is_shipped_and_loads() {
        assert!(Tagger::for_pack(LangPack::get("de").unwrap()).is_some());
    }
}
