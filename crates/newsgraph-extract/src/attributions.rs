//! Attributions: claims the article presents as someone's, with their hedging.
//!
//! Cues come from the language pack's `attributions.toml`: attribution phrases ("laut",
//! "according to", "zufolge"), evidential adverbs ("offenbar", "reportedly"), estimate and
//! denial verbs, conditional frames ("sofern … korrekt"). Each cue says which hedge it gives,
//! where its source is named and how far its claim reaches. Speech verbs are left to the quotes
//! stage: indirect speech is a quote, not also an attribution.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, RwLock};

use newsgraph_core::{Attribution, Entity, EntityType, Hedge, Quantity, Quote, QuoteKind, Text};
use newsgraph_lang::LangPack;
use serde::Deserialize;

use crate::speech::{
    capitalized, in_marks, last_mentioned, lower, quote_mark, tok_at, Lexicon, Marked, Phrases,
    SpeechTokens, WordMap, VERB,
};

/// Where a cue's source is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum SourceAt {
    /// Unnamed.
    #[default]
    None,
    /// The phrase after the cue ("laut X").
    After,
    /// The phrase before the cue ("X zufolge").
    Before,
    /// The subject of the cue verb.
    Subject,
    /// "von X" / "by X" after the cue, else the subject.
    Agent,
    /// The cue's label ("reports").
    Label,
    /// The source of the sentence before ("demnach" = according to that): the person or
    /// organization named last there.
    Previous,
    /// A phrase right after the cue that a preposition of origin opens ("heißt es in einer
    /// Mitteilung der Polizei", "hieß es aus Regierungskreisen"), else one opening the clause
    /// before the cue ("Aus Paris hieß es"), else unnamed.
    From,
}

/// How far a cue's claim reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum Scope {
    /// From the cue's clause to the sentence end (the whole sentence for its first clause).
    #[default]
    Clause,
    /// The whole sentence.
    Sentence,
    /// The sentence up to the cue.
    Before,
    /// What follows the cue's clause.
    After,
    /// The complement clause after the complementizer.
    Complement,
}

/// One cue entry of `attributions.toml`.
#[derive(Debug, Clone, Deserialize)]
struct CueEntry {
    words: String,
    hedge: Hedge,
    #[serde(default)]
    source: SourceAt,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    perfect: bool,
    #[serde(default)]
    anaphor: bool,
    #[serde(default)]
    speech: bool,
    #[serde(default)]
    noun: bool,
    #[serde(default)]
    ambiguous: bool,
}

/// `attributions.toml` of one language.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CueFile {
    complementizers: Vec<String>,
    source_nouns: Vec<(String, Hedge)>,
    source_endings: Vec<String>,
    origin_preps: Vec<String>,
    recap_openers: Vec<String>,
    genitives: Vec<String>,
    other_sense_objects: Vec<String>,
    recap_verbs: Vec<String>,
    source_labels: Vec<(String, String)>,
    connectors: Vec<String>,
    agent: Vec<String>,
    anaphors: Vec<String>,
    report_nouns: Vec<(String, String)>,
    cue: Vec<CueEntry>,
}

/// A cue with its words split at gaps.
#[derive(Debug)]
struct Cue {
    /// Word groups; each group is contiguous, groups may have gaps between them.
    groups: Vec<Vec<String>>,
    entry: CueEntry,
}

/// The first bytes of a word list: most words of a body are rejected by one table lookup
/// before any hashing or comparing.
#[derive(Debug)]
struct FirstBytes([bool; 256]);

impl FirstBytes {
    fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut t = [false; 256];
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                t[usize::from(b)] = true;
            }
        }
        FirstBytes(t)
    }

    /// Whether `w` may be in the list (it starts with a byte some word of the list starts with).
    fn may(&self, w: &str) -> bool {
        w.as_bytes()
            .first()
            .is_some_and(|&b| self.0[usize::from(b)])
    }
}

impl Default for FirstBytes {
    fn default() -> Self {
        FirstBytes([false; 256])
    }
}

/// The attribution cues of one language, ready for matching.
#[derive(Debug, Default)]
struct Cues {
    cues: Vec<Cue>,
    by_first: WordMap<Vec<usize>>,
    /// First bytes of the keys of `by_first`.
    cue_first: FirstBytes,
    /// First bytes of the report nouns.
    report_first: FirstBytes,
    file: CueFile,
}

static CUES: LazyLock<RwLock<HashMap<&'static str, Arc<Cues>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

impl Cues {
    fn for_pack(pack: &LangPack) -> Arc<Cues> {
        let iso = pack.iso();
        if let Some(c) = CUES.read().ok().and_then(|m| m.get(iso).cloned()) {
            return c;
        }
        let mut file: CueFile = pack.toml("attributions.toml").unwrap_or_default();
        let mut cues = Vec::new();
        let mut by_first: WordMap<Vec<usize>> = WordMap::default();
        for entry in std::mem::take(&mut file.cue) {
            let groups: Vec<Vec<String>> = entry
                .words
                .to_lowercase()
                .split('…')
                .map(|g| g.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .filter(|g| !g.is_empty())
                .collect();
            let Some(first) = groups.first().and_then(|g| g.first()).cloned() else {
                continue;
            };
            by_first.entry(first).or_default().push(cues.len());
            cues.push(Cue { groups, entry });
        }
        let c = Arc::new(Cues {
            cues,
            cue_first: FirstBytes::of(by_first.keys().map(String::as_str)),
            by_first,
            report_first: FirstBytes::of(file.report_nouns.iter().map(|(n, _)| n.as_str())),
            file,
        });
        if let Ok(mut m) = CUES.write() {
            m.insert(iso, Arc::clone(&c));
        }
        c
    }

    fn has(list: &[String], w: &str) -> bool {
        list.iter().any(|x| x == w)
    }
}

/// A cue matched in a sentence.
struct Hit<'c> {
    cue: &'c Cue,
    /// First and last token of the cue.
    first: usize,
    last: usize,
}

/// Finds attributed claims, linking sources among `entities` and figures among `quantities`.
pub fn extract(
    text: &Text<'_>,
    pack: &LangPack,
    entities: &[Entity],
    quantities: &[Quantity],
) -> Vec<Attribution> {
    extract_with(
        text,
        pack,
        entities,
        quantities,
        &SpeechTokens::new(text.body, pack),
    )
}

/// [`extract`] on a body already read by [`SpeechTokens::new`] (shared with quotes).
pub fn extract_with(
    text: &Text<'_>,
    pack: &LangPack,
    entities: &[Entity],
    quantities: &[Quantity],
    speech: &SpeechTokens<'_>,
) -> Vec<Attribution> {
    let cues = Cues::for_pack(pack);
    if cues.cues.is_empty() {
        return Vec::new();
    }
    let empty = Lexicon::default();
    let lex: &Lexicon = speech.lexicon().map_or(&empty, |l| l);
    let toks = speech.toks();
    // only long quotations hide cues: a short marked span is a name or a scare quote
    let marked: Vec<Marked> = speech
        .marked()
        .iter()
        .filter(|m| text.body[m.inner.clone()].split_whitespace().count() >= 4)
        .cloned()
        .collect();
    let ph = speech.phrases(text, lex, entities);
    let mut out: Vec<Attribution> = Vec::new();
    for (si, s) in text.sentences.iter().enumerate() {
        let (a, b) = (tok_at(toks, s.start), tok_at(toks, s.end));
        let before = out.len();
        for (k, &t) in toks.iter().enumerate().take(b).skip(a) {
            if !t.word {
                continue;
            }
            let l = ph.low(k);
            if !cues.cue_first.may(l.as_ref()) {
                continue;
            }
            let Some(ids) = cues.by_first.get(l.as_ref()) else {
                continue;
            };
            if in_marks(&marked, &t) {
                continue;
            }
            for &ci in ids {
                let cue = &cues.cues[ci];
                let Some(hit) = match_cue(&ph, &cues, cue, k, b) else {
                    continue;
                };
                if let Some(at) = build(&ph, &cues, &hit, a, b, &out) {
                    out.push(at);
                }
                break;
            }
        }
        if out.len() == before && si > 0 {
            let at = recap(&ph, &cues, si, a, b)
                .or_else(|| report_continuation(&ph, speech.marked(), &cues, si, a, b));
            if let Some(at) = at {
                out.push(at);
            }
        }
    }
    dedupe(&mut out);
    for at in &mut out {
        link(at, entities, quantities);
    }
    out
}

/// The claims of `attributions` whose cue presents them as their source's words ("laut X",
/// "X zufolge": cues marked `speech` in the pack), as indirect quotes of that source: what the
/// inclusive quote scope counts as reported speech.
pub fn reported_speech(pack: &LangPack, attributions: &[Attribution]) -> Vec<Quote> {
    let cues = Cues::for_pack(pack);
    let is_speech = |cue: &str| {
        let words: Vec<String> = cue.split_whitespace().map(str::to_lowercase).collect();
        let recap = words
            .first()
            .is_some_and(|w| Cues::has(&cues.file.recap_openers, w));
        recap
            || cues.cues.iter().any(|c| match c.groups.as_slice() {
                // a noun cue reaches to its source noun ("nach ersten Polizeiangaben")
                [g] if c.entry.speech => {
                    words == *g || (c.entry.noun && words.len() > g.len() && words.starts_with(g))
                }
                _ => false,
            })
    };
    attributions
        .iter()
        .filter(|at| at.cue.as_deref().is_some_and(is_speech))
        .map(|at| Quote {
            text: at.claim.clone(),
            kind: QuoteKind::Indirect,
            speaker: at.source.clone(),
            speaker_id: at.source_id.clone(),
            cue: at.cue.clone(),
            speaker_mention: None,
            start: at.start,
            end: at.end,
        })
        .collect()
}

/// The person or organization mentioned last in the sentence before the one starting at token
/// `a`, as a source (name, entity id).
fn previous_source(ph: &Phrases<'_>, a: usize) -> Option<(String, Option<String>)> {
    let text = ph.text;
    let b = ph.toks.get(a)?.start;
    let si = text.sentence_index(b);
    let prev = text.sentences.get(si.checked_sub(1)?)?;
    let (lo, hi) = (text.char_at(prev.start), text.char_at(prev.end));
    last_mentioned(ph.entities, lo, hi, |t| t != EntityType::Location)
        .map(|e| (e.name.clone(), Some(e.id.clone())))
}

/// Matches `cue` with its first word at token `k`, within the sentence ending before `b`.
fn match_cue<'c>(
    ph: &Phrases<'_>,
    cues: &Cues,
    cue: &'c Cue,
    k: usize,
    b: usize,
) -> Option<Hit<'c>> {
    let body = ph.text.body;
    let word = |i: usize| ph.low(i);
    let mut pos = k;
    let mut last = k;
    for (gi, group) in cue.groups.iter().enumerate() {
        let start = if gi == 0 {
            k
        } else {
            (pos..b.min(pos + 30)).find(|&i| ph.toks[i].word && word(i) == group[0].as_str())?
        };
        for (j, w) in group.iter().enumerate() {
            let i = start + j;
            if i >= b || !ph.toks[i].word || word(i) != w.as_str() {
                return None;
            }
            last = i;
        }
        pos = last + 1;
    }
    if cue.entry.noun {
        last = source_noun(ph, cues, last + 1, b)?;
    }
    if cue.entry.perfect {
        let g = cue.groups.last()?;
        let aux = last + 1 - g.len();
        let prev = aux.checked_sub(1).filter(|&p| p > k)?;
        let w = ph.toks[prev].text(body);
        let participle =
            !capitalized(w) && (w.starts_with("ge") || w.ends_with('t') || w.ends_with("en"));
        if !participle {
            return None;
        }
    }
    if !cue.entry.requires.is_empty()
        && !(last + 1..b).any(|i| cue.entry.requires.iter().any(|r| word(i) == r.as_str()))
    {
        return None;
    }
    if cue.entry.ambiguous && other_sense(ph, cues, k, last, b) {
        return None;
    }
    Some(Hit {
        cue,
        first: k,
        last,
    })
}

/// Whether a word of the cue's clause (the words around the cue up to punctuation) ends in one
/// of the pack's `other_sense_objects`: the verb then acts on a thing in another sense than
/// denying ("bestritt das Finale", "was denied bail").
fn other_sense(ph: &Phrases<'_>, cues: &Cues, k: usize, last: usize, b: usize) -> bool {
    let ends = &cues.file.other_sense_objects;
    let before = (k.saturating_sub(8)..k)
        .rev()
        .take_while(|&i| ph.toks[i].word);
    let after = (last + 1..b).take_while(|&i| ph.toks[i].word);
    before.chain(after).any(|i| {
        let l = ph.low(i);
        ends.iter().any(|e| l.ends_with(e.as_str()))
    })
}

/// The source noun at token `i` or after up to three determiners and adjectives before `b`
/// ("nach ersten Polizeiangaben", "nach einem Bericht"): a capitalized word ending in one of the
/// pack's `source_endings`.
fn source_noun(ph: &Phrases<'_>, cues: &Cues, i: usize, b: usize) -> Option<usize> {
    let body = ph.text.body;
    (i..b.min(i + 4))
        .take_while(|&j| ph.toks[j].word)
        .find(|&j| capitalized(ph.toks[j].text(body)))
        .filter(|&j| {
            let l = ph.low(j);
            cues.file
                .source_endings
                .iter()
                .any(|e| l.ends_with(e.as_str()))
        })
}

/// Comma-delimited clause bounds (token indices) around token `k` within `a..b`.
fn clause(ph: &Phrases<'_>, k: usize, a: usize, b: usize) -> (usize, usize) {
    let body = ph.text.body;
    let toks = ph.toks;
    let digit_at = |i: usize, first: bool| {
        toks.get(i)
            .and_then(|t| {
                let w = t.text(body);
                if first {
                    w.chars().next()
                } else {
                    w.chars().last()
                }
            })
            .is_some_and(|c| c.is_ascii_digit())
    };
    // A comma inside a number ("4,000") separates no clauses.
    let in_number = |i: usize| {
        i > 0
            && toks.get(i + 1).is_some_and(|n| n.start == toks[i].end)
            && toks[i - 1].end == toks[i].start
            && digit_at(i - 1, false)
            && digit_at(i + 1, true)
    };
    let brk =
        |i: usize| matches!(toks[i].text(body), "," | ":" | ";" | "–" | "(" | ")") && !in_number(i);
    let start = (a..k).rev().find(|&i| brk(i)).map_or(a, |i| i + 1);
    let end = (k..b).find(|&i| brk(i)).unwrap_or(b);
    (start, end)
}

/// Byte range of tokens `a..b`, trimmed of closing punctuation.
fn claim_bytes(ph: &Phrases<'_>, a: usize, b: usize) -> Option<Range<usize>> {
    let toks = ph.toks;
    let body = ph.text.body;
    let mut e = b;
    while e > a
        && !toks[e - 1].word
        && !matches!(toks[e - 1].text(body), "“" | "”" | "\"" | "«" | "»" | ")")
    {
        e -= 1;
    }
    let mut s = a;
    while s < e && !toks[s].word && !(quote_mark(toks[s].text(body)) || toks[s].text(body) == "(") {
        s += 1;
    }
    (s < e).then(|| toks[s].start..toks[e - 1].end)
}

/// The source phrase after token `k` ("laut Angaben des Ministeriums"), with the hedge a source
/// noun gives and the label of a bare source noun.
fn phrase_after(
    ph: &Phrases<'_>,
    cues: &Cues,
    k: usize,
    b: usize,
) -> Option<(Range<usize>, Option<Hedge>, Option<String>)> {
    let body = ph.text.body;
    let toks = ph.toks;
    let mut i = k;
    let mut hedge = None;
    let mut label = None;
    if i < b && toks[i].word {
        let l = ph.low(i);
        if let Some((_, h)) = cues.file.source_nouns.iter().find(|(n, _)| n == l.as_ref()) {
            hedge = Some(*h);
            label = cues
                .file
                .source_labels
                .iter()
                .find(|(n, _)| n == l.as_ref())
                .map(|(_, s)| s.clone());
            i += 1;
            while i < b && toks[i].word && Cues::has(&cues.file.connectors, ph.low(i).as_ref()) {
                i += 1;
            }
        }
    }
    while i < b && toks[i].word && Cues::has(&cues.file.connectors, ph.low(i).as_ref()) {
        i += 1;
    }
    let start = i;
    let mut j = i;
    let mut noun = false;
    let mut named = false;
    while j < b && j - start < 7 && toks[j].word {
        let w = toks[j].text(body);
        let l = lower(w);
        let det =
            ph.lex.determiners.contains(l.as_ref()) || Cues::has(&cues.file.connectors, l.as_ref());
        // after a noun only a genitive goes on ("Angaben der Polizei"); another determiner opens
        // the next phrase ("laut Angaben der Fluggesellschaft die Genehmigung")
        if noun && det && !Cues::has(&cues.file.genitives, l.as_ref()) {
            break;
        }
        // a date after a named source is no part of it ("nach Angaben der Polizei vom
        // Dienstag")
        if named && capitalized(w) && ph.lex.time_words.contains(l.as_ref()) {
            break;
        }
        named |= capitalized(w) && !det;
        // a lowercase word with an adjective's ending modifies the noun after it, but not
        // right after a noun: there it is the clause's verb ("nach Angaben der Hacker wurden
        // Zugangsdaten …")
        let adj = !noun
            && !capitalized(w)
            && (w.ends_with("en") || w.ends_with("er") || w.ends_with("e") || w.ends_with("es"));
        noun = capitalized(w) && !det;
        // a preposition inside a name ("Institut für Wirtschaftsforschung")
        let inner = ph.lex.np_inner.contains(l.as_ref());
        let ok = capitalized(w)
            || det
            || ((adj || inner)
                && j + 1 < b
                && toks[j + 1].word
                && capitalized(toks[j + 1].text(body)));
        if !ok || ph.lex.stop.contains(l.as_ref()) && !det {
            break;
        }
        j += 1;
    }
    while j > start && {
        let l = ph.low(j - 1);
        ph.lex.determiners.contains(l.as_ref()) || Cues::has(&cues.file.connectors, l.as_ref())
    } {
        j -= 1;
    }
    if j > start {
        Some((start..j, hedge, None))
    } else if hedge.is_some() {
        Some((start..start, hedge, label))
    } else {
        None
    }
}

/// Builds the attribution of a matched cue in the sentence of tokens `a..b`.
fn build(
    ph: &Phrases<'_>,
    cues: &Cues,
    hit: &Hit<'_>,
    a: usize,
    b: usize,
    prev: &[Attribution],
) -> Option<Attribution> {
    let text = ph.text;
    let body = text.body;
    let toks = ph.toks;
    let entry = &hit.cue.entry;
    let mut hedge = entry.hedge;
    // the sentence after a leading "Zur Einordnung:" label
    let a = (a..hit.first)
        .rev()
        .find(|&i| toks[i].text(body) == ":")
        .map_or(a, |i| i + 1);
    let is_compl = |i: usize| Cues::has(&cues.file.complementizers, ph.low(i).as_ref());

    // source
    let mut source: Option<(String, Option<String>)> = None;
    let np_who = |r: Range<usize>| ph.resolve(r, None).map(|w| (w.name, w.id));
    match entry.source {
        SourceAt::None => {}
        SourceAt::Previous => source = previous_source(ph, a),
        SourceAt::Label => source = entry.label.clone().map(|l| (l, None)),
        SourceAt::From => {
            let from = hit.last + 1;
            let origin =
                |k: usize| toks[k].word && Cues::has(&cues.file.origin_preps, ph.low(k).as_ref());
            // after the cue ("heißt es in einer Mitteilung"), else opening the clause before it
            // ("In einer Mitteilung des Gerichts heißt es", "Aus Paris hieß es")
            let opener = (a..hit.first)
                .find(|&k| toks[k].word)
                .filter(|&k| origin(k));
            let (p, hi) = match opener {
                _ if from < b && origin(from) => (from, b),
                Some(k) => (k, hit.first),
                None => (b, b),
            };
            if p < hi {
                source = phrase_after(ph, cues, p + 1, hi)
                    .filter(|(r, _, _)| !r.is_empty())
                    .and_then(|(r, _, _)| np_who(r));
            }
        }
        SourceAt::After => {
            let from = if hedge == Hedge::Conditional {
                // "sofern die Schätzungen des Geheimdienstes korrekt sind"
                (hit.first + 1..hit.last).find(|&i| {
                    let l = ph.low(i);
                    cues.file.source_nouns.iter().any(|(n, _)| n == l.as_ref())
                })?
            } else {
                hit.last + 1
            };
            // "nach Polizeiangaben", "nach ersten Informationen": without a source joined to it
            // ("der Polizei"), the source noun alone names the source
            let joined = from < b && Cues::has(&cues.file.connectors, ph.low(from).as_ref());
            let (r, h, label) = if entry.noun && !joined {
                (hit.last..hit.last + 1, None, None)
            } else {
                phrase_after(ph, cues, from, b)
                    .or_else(|| ph.np_forward(from, b).map(|r| (r, None, None)))?
            };
            if let Some(h) = h {
                if hedge != Hedge::Conditional {
                    hedge = h;
                }
            }
            source = if r.is_empty() {
                label.map(|l| (l, None))
            } else {
                np_who(r)
            };
        }
        SourceAt::Before => {
            let mut j = hit.first;
            while j > a
                && toks[j - 1].word
                && hit.first - j < 6
                && !ph.lex.stop.contains(ph.low(j - 1).as_ref())
            {
                j -= 1;
            }
            if j < hit.first {
                let l = ph.low(j);
                if let Some((_, h)) = cues.file.source_nouns.iter().find(|(n, _)| n == l.as_ref()) {
                    hedge = *h;
                    let label = cues
                        .file
                        .source_labels
                        .iter()
                        .find(|(n, _)| n == l.as_ref())
                        .map(|(_, s)| s.clone());
                    source = if j + 1 < hit.first {
                        let mut s = j + 1;
                        while s < hit.first && Cues::has(&cues.file.connectors, ph.low(s).as_ref())
                        {
                            s += 1;
                        }
                        np_who(s..hit.first).or(label.map(|l| (l, None)))
                    } else {
                        label.map(|l| (l, None))
                    };
                } else {
                    source = np_who(j..hit.first);
                }
            }
        }
        SourceAt::Subject | SourceAt::Agent => {
            if entry.source == SourceAt::Agent {
                if let Some(p) = (hit.first.saturating_sub(6).max(a)..b.min(hit.last + 6))
                    .find(|&i| toks[i].word && Cues::has(&cues.file.agent, ph.low(i).as_ref()))
                {
                    source = phrase_after(ph, cues, p + 1, b)
                        .filter(|(r, _, _)| !r.is_empty())
                        .and_then(|(r, _, _)| np_who(r));
                }
            }
            if source.is_none() {
                let fwd = ph.np_forward(hit.first + 1, b);
                let r = match fwd {
                    Some(r)
                        if hit.first > a
                            && ph
                                .np_backward(hit.first, a)
                                .is_none_or(|bk| bk.len() == 1 && bk.start == a) =>
                    {
                        Some(r)
                    }
                    _ => ph.np_backward(hit.first, a),
                };
                source = r.and_then(np_who);
            }
        }
    }

    // claim
    let (ca, cb) = match entry.scope {
        Scope::Sentence => (a, b),
        Scope::Clause => {
            let (s, _) = clause(ph, hit.first, a, b);
            (s, b)
        }
        Scope::Before => {
            // a cue in the front field reports what follows its clause ("Im Bericht heißt es,
            // die Wahl sei …")
            let fronted = !(a..hit.first).any(|i| toks[i].text(body) == ",");
            let (_, e) = clause(ph, hit.last, a, b);
            if fronted && e + 1 < b && toks[e].text(body) == "," {
                (e + 1, b)
            } else {
                (a, hit.first.saturating_sub(1).max(a))
            }
        }
        Scope::After => {
            let (_, e) = clause(ph, hit.last, a, b);
            (e + 1, b)
        }
        Scope::Complement => match (hit.last + 1..b).find(|&i| is_compl(i)) {
            Some(c) => (c + 1, b),
            None => (a, b),
        },
    };
    let mut bytes = claim_bytes(ph, ca, cb.min(b))?;
    if entry.anaphor && !(a..b).any(is_compl) {
        let refers =
            (a..b).any(|i| toks[i].word && Cues::has(&cues.file.anaphors, ph.low(i).as_ref()));
        if let Some(p) = prev.last().filter(|_| refers) {
            let sa = text.sentence_index(toks[a].start);
            let pstart = byte_of_char(body, p.start);
            if text.sentence_of(pstart).is_some_and(|ps| ps + 1 >= sa) {
                bytes = pstart..byte_of_char(body, p.end);
            }
        }
    }
    let span = text.span(bytes.clone());
    let cue_text = body
        .get(toks[hit.first].start..toks[hit.last].end)
        .map(str::to_string);
    let (source, source_id) = match source {
        Some((n, id)) => (Some(n), id),
        None => (None, None),
    };
    Some(Attribution {
        claim: body[bytes].to_string(),
        source,
        source_id,
        hedge,
        cue: cue_text,
        start: span.start,
        end: span.end,
        quantity_ids: Vec::new(),
        entity_ids: Vec::new(),
    })
}

/// Byte offset of code point `c` in `body`.
fn byte_of_char(body: &str, c: usize) -> usize {
    body.char_indices().nth(c).map_or(body.len(), |(b, _)| b)
}

/// A sentence that only reports the one before ("… . Das teilte die Stadt am Freitag mit.",
/// "Dies berichtete die Zeitung."): a demonstrative of `recap_openers` and right after it one of
/// the `recap_verbs` (a speech verb of quotes.toml) with its particle; the sentence before is the
/// claim of the phrase after the verb. A quotation before it has its speaker from the quotes
/// stage.
fn recap(ph: &Phrases<'_>, cues: &Cues, si: usize, a: usize, b: usize) -> Option<Attribution> {
    let text = ph.text;
    let body = text.body;
    let toks = ph.toks;
    let v = a + 1;
    let recap = v < b
        && toks[a].word
        && Cues::has(&cues.file.recap_openers, ph.low(a).as_ref())
        && toks[v].word
        && ph.flags.get(v).copied().unwrap_or(0) & VERB != 0
        && Cues::has(&cues.file.recap_verbs, ph.low(v).as_ref());
    if !recap {
        return None;
    }
    ph.lex
        .verb_frame(ph.low(v).as_ref(), toks, body, v + 1, b)?;
    let who = ph.np_forward(v + 1, b).and_then(|r| ph.resolve(r, None))?;
    let prev = text.sentences.get(si - 1)?;
    let (pa, pb) = (tok_at(toks, prev.start), tok_at(toks, prev.end));
    let quoted = pa < pb && quote_mark(toks[pa].text(body));
    if quoted {
        return None;
    }
    let bytes = claim_bytes(ph, pa, pb)?;
    let span = text.span(bytes.clone());
    Some(Attribution {
        claim: body[bytes].to_string(),
        source: Some(who.name),
        source_id: who.id,
        hedge: Hedge::Asserted,
        cue: body.get(toks[a].start..toks[v].end).map(str::to_string),
        start: span.start,
        end: span.end,
        quantity_ids: Vec::new(),
        entity_ids: Vec::new(),
    })
}

/// A subjunctive sentence right after one that names a report ("Schwere Vorwürfe wurden laut.
/// Der Landrat habe …") is that report's claim, unless someone speaks in that sentence ("X wies
/// die Vorwürfe zurück. Es seien …": a quote of X, see quotes).
fn report_continuation(
    ph: &Phrases<'_>,
    marked: &[Marked],
    cues: &Cues,
    si: usize,
    a: usize,
    b: usize,
) -> Option<Attribution> {
    let text = ph.text;
    let body = text.body;
    let prev = text.sentences.get(si - 1)?;
    let (pa, pb) = (tok_at(ph.toks, prev.start), tok_at(ph.toks, prev.end));
    let label = (pa..pb).find_map(|i| {
        let l = ph.low(i);
        if !cues.report_first.may(l.as_ref()) {
            return None;
        }
        cues.file
            .report_nouns
            .iter()
            .find(|(n, _)| n == l.as_ref())
            .map(|(_, s)| s.clone())
    })?;
    if ph.speaks_in(marked, pa, pb) {
        return None;
    }
    let subj =
        (a..b).any(|i| ph.toks[i].word && ph.lex.subjunctive.contains(ph.toks[i].text(body)));
    if !subj {
        return None;
    }
    let bytes = claim_bytes(ph, a, b)?;
    let span = text.span(bytes.clone());
    Some(Attribution {
        claim: body[bytes].to_string(),
        source: Some(label),
        source_id: None,
        hedge: Hedge::Reported,
        cue: None,
        start: span.start,
        end: span.end,
        quantity_ids: Vec::new(),
        entity_ids: Vec::new(),
    })
}

/// Keeps one attribution per claim span (the strongest hedge), denials beside the claim they deny.
fn dedupe(out: &mut Vec<Attribution>) {
    let rank = |h: Hedge| match h {
        Hedge::Conditional => 0,
        Hedge::Estimate => 1,
        Hedge::Asserted => 2,
        Hedge::Reported => 3,
        Hedge::Speculative => 4,
        Hedge::Denied => 5,
    };
    let mut keep = vec![true; out.len()];
    for i in 0..out.len() {
        for j in 0..out.len() {
            if i == j || !keep[j] || out[i].hedge == Hedge::Denied || out[j].hedge == Hedge::Denied
            {
                continue;
            }
            let same = out[i].end == out[j].end
                && (out[i].start == out[j].start
                    || out[j].start <= out[i].start
                        && out[i].hedge == Hedge::Reported
                        && out[j].hedge == Hedge::Conditional);
            if same && (rank(out[j].hedge), j) < (rank(out[i].hedge), i) {
                keep[i] = false;
            }
        }
    }
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
}

/// Fills the ids of the quantities and entities inside the claim.
fn link(at: &mut Attribution, entities: &[Entity], quantities: &[Quantity]) {
    at.quantity_ids = quantities
        .iter()
        .filter(|q| q.start >= at.start && q.end <= at.end)
        .map(|q| q.id.clone())
        .collect();
    at.entity_ids = entities
        .iter()
        .filter(|e| {
            e.mentions
                .iter()
                .any(|m| m.start >= at.start && m.end <= at.end)
        })
        .map(|e| e.id.clone())
        .collect();
}

#[cfg(test)]
mod tests;
