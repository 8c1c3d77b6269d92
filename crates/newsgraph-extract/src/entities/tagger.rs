//! A learned tagger for the names the rules miss: a first-order linear-chain model (averaged
//! structured perceptron, Viterbi decoding) over word, shape, affix and context features, with
//! the rules' own findings (dictionary hits, rule mentions, given names, titles) as features too.
//!
//! A name it finds is kept when its margin (best path against the best path that leaves its
//! words outside any name) reaches the model's threshold; `add_learned` in the parent module
//! decides how it meets the rule mentions. Weights are a data file per language
//! (`data/kb/tagger/<iso>.bin`), trained by `examples/train_tagger.rs`; see `data/kb/SOURCES.md`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use newsgraph_core::EntityType;
use newsgraph_lang::LangPack;

use super::kb::{FastMap, Fnv, Kb};
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

/// Every word of a knowledge-base name, with the types of the entries it names and where it
/// stands in them: bits 0-2 person/location/organization, 3 alone, 4 first, 5 last.
fn name_words(kb: &Kb) -> &'static FastMap<&'static str, u8> {
    static WORDS: LazyLock<FastMap<&'static str, u8>> = LazyLock::new(|| {
        let kb = Kb::get();
        let mut m: FastMap<&'static str, u8> = FastMap::default();
        for e in &kb.entities {
            let ty = match e.entity_type {
                EntityType::Person => 1,
                EntityType::Location => 2,
                EntityType::Organization => 4,
            };
            for a in &e.aliases {
                let words: Vec<&'static str> =
                    a.split([' ', '-']).filter(|w| !w.is_empty()).collect();
                let n = words.len();
                for (i, w) in words.into_iter().enumerate() {
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
        m
    });
    let _ = kb;
    &WORDS
}

/// Per-token features of a body, as hashed keys.
fn features(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>, pass: &RulePass) -> Feats {
    const NONE: u64 = 0x5eed;
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
    let mut dict: Vec<Vec<u64>> = vec![Vec::new(); n];
    for c in &pass.kb_hits {
        if let super::Ref::Kb(x) = c.target {
            let first = doc.toks.partition_point(|t| t.start < c.range.start);
            for (k, t) in doc.toks.iter().enumerate().skip(first) {
                if t.end > c.range.end {
                    break;
                }
                dict[k].push(hs(kb.entities[x].subtype));
            }
        }
    }
    let words: Vec<&str> = (0..n).map(|i| doc.word(i)).collect();
    // most words are in lower case already: only the others are copied
    let lower_words: Vec<Cow<'_, str>> = words
        .iter()
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(*w)
            }
        })
        .collect();
    let lower: Vec<u64> = lower_words.iter().map(|w| hs(w)).collect();
    let shapes: Vec<u64> = words.iter().map(|w| shape(w)).collect();
    let at = |v: &[u64], i: isize, edge: u64| -> u64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| v.get(i).copied())
            .unwrap_or(edge)
    };
    let names = name_words(kb);
    let mut keys: Vec<u64> = Vec::with_capacity(n * 20);
    let mut ends = Vec::with_capacity(n);
    for i in 0..n {
        {
            let w = words[i];
            let lw = lower_words[i].as_ref();
            let l = lower[i];
            let sh = shapes[i];
            let ii = i as isize;
            let gap_before = if i == 0 { 0 } else { gap_class(doc.gap(i - 1)) };
            let gap_after = gap_class(doc.gap(i));
            let len = w.chars().count().min(8) as u64;
            let (l1, l2) = (at(&lower, ii - 1, NONE), at(&lower, ii - 2, NONE));
            let (r1, r2) = (at(&lower, ii + 1, !NONE), at(&lower, ii + 2, !NONE));
            let f = &mut keys;
            // a word in lower case is rarely part of a name ("von der Leyen"): a few features
            // decide it, which keeps the tagger cheap on running text
            if !w.chars().next().is_some_and(char::is_uppercase) {
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
            }
            f.extend([
                key(0, 0, 0),
                key(1, hs(w), 0),
                key(2, l, 0),
                key(3, suffix(lw, 2), 0),
                key(4, suffix(lw, 3), 0),
                key(5, suffix(lw, 4), 0),
                key(6, suffix(lw, 5), 0),
                key(7, prefix(lw, 3), 0),
                key(8, prefix(lw, 4), 0),
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
            if kb.first_names.contains(w) {
                f.push(key(28, 0, 0));
            }
            if i > 0 && kb.first_names.contains(words[i - 1]) {
                f.push(key(29, sh, 0));
            }
            if kb.surnames.contains(w) {
                f.push(key(30, 0, 0));
            }
            if i > 0 && lex.titles.contains(words[i - 1]) {
                f.push(key(31, sh, 0));
            }
            if lex.not_name.contains(w) {
                f.push(key(32, 0, 0));
            }
            if let Some(&bits) = names.get(w) {
                f.push(key(33, u64::from(bits), 0));
                f.push(key(34, u64::from(bits & 7), sh));
            }
            for &d in &dict[i] {
                f.push(key(35, d, 0));
            }
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

/// Emission scores per token and label.
fn emissions(m: &impl Weights, feats: &Feats) -> Vec<[f32; LABELS]> {
    (0..feats.len())
        .map(|i| {
            let mut s = [0.0; LABELS];
            for &k in feats.token(i) {
                if let Some(row) = m.get(k) {
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
    for i in 1..n {
        let prev = alpha[i - 1];
        for y in 0..LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = O;
            for (p, a) in prev.iter().enumerate() {
                let s = a + trans[p][y];
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
            beta[i][y] = (0..LABELS)
                .map(|z| trans[y][z] + next[z])
                .fold(f32::NEG_INFINITY, f32::max);
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

    /// Trains a model on `sentences` with the rules of `pack` as features (`epochs` passes, in
    /// a fixed shuffled order); `threshold` is the margin a name needs to be kept.
    pub fn train(
        sentences: &[TrainSentence],
        pack: &LangPack,
        epochs: usize,
        threshold: f32,
    ) -> Tagger {
        let kb = Kb::get();
        let lex = Lexicon::for_pack(pack);
        let data: Vec<(Feats, Vec<usize>)> = sentences
            .iter()
            .map(|s| {
                let doc = Doc::new(&s.text);
                let pass = rule_pass(kb, lex, &doc);
                (features(kb, lex, &doc, &pass), gold_labels(&doc, &s.chunks))
            })
            .collect();
        let mut m = Learner {
            rows: KeyMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        };
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &s in &order {
                let (feats, gold) = &data[s];
                let emit = emissions(&m, feats);
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
        let mut rows = KeyMap::default();
        let mut weights = Vec::new();
        for (&key, &r) in &m.rows {
            let avg: Vec<f32> = (0..LABELS).map(|l| m.w[r][l] - m.u[r][l] / m.c).collect();
            if avg.iter().all(|x| x.abs() < 1e-3) {
                continue;
            }
            rows.insert(key, (weights.len() / LABELS) as u32);
            weights.extend(avg);
        }
        Tagger {
            rows,
            weights,
            threshold,
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
        kb: &Kb,
        lex: &Lexicon,
        doc: &Doc<'_>,
        pass: &RulePass,
        threshold: f32,
    ) -> Tagged {
        let feats = features(kb, lex, doc, pass);
        let emit = emissions(self, &feats);
        let dec = decode(self, &emit);
        let spans = spans_of(doc, &dec, &emit)
            .into_iter()
            .filter(|s| s.margin >= threshold)
            .collect();
        Tagged { spans }
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
        let model = Tagger::train(&[s], pack, 3, 1.5);
        let back = Tagger::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.threshold(), 1.5);
        assert_eq!(back.rows.len(), model.rows.len());
        assert_eq!(back.to_bytes(), model.to_bytes());
        assert!(Tagger::from_bytes(b"").is_err());
        assert!(Tagger::from_bytes(b"NGT1\0\0\0\0\x05\0\0\0").is_err());
    }

    #[test]
    fn the_german_model_is_shipped_and_loads() {
        assert!(Tagger::for_pack(LangPack::get("de").unwrap()).is_some());
    }
}
