//! Quotes: direct and indirect speech with speakers.
//!
//! Rules read the language pack's `quotes.toml` (quotation marks, speech verbs and their frames,
//! subjunctive forms, pronouns). Direct quotes are spans between quotation marks that a speech
//! frame introduces or that read as speech (long, or a lowercase fragment closing a sentence);
//! short marked spans without a frame are scare quotes, titles or names. Indirect quotes are
//! clauses after a speech verb (with a complementizer, a subjunctive or, where the language
//! allows, a bare clause), clauses before a final reporting clause ("…, sagte er."), and
//! subjunctive sentences that continue a quoted speaker's report.

use std::ops::Range;

use newsgraph_core::{Entity, EntityType, Quote, QuoteKind, Text};
use newsgraph_lang::LangPack;

use crate::speech::{
    capitalized, entity_in, frame_in, in_marks, lower, quote_mark, tok_at, Marked, Phrases,
    SpeechTokens, Tok, Who, ACT, NOT_QUOTE, PASSIVE_ACT, REPORT_NOUN, SUBJ, SUBJ_FRAMED, VERB,
};

/// The most tokens a reporting frame spans around its quote (bounds every scan, so long
/// unpunctuated stretches of boilerplate stay linear).
const MAX_FRAME: usize = 40;

/// The most tokens between a speech verb and the comma that opens its report when a
/// subjunctive marks that report.
const FAR_FRAME: usize = 25;

/// The most tokens after the opening comma in which a subjunctive marks a clause as the report.
const REPORT_REACH: usize = 16;

/// The most tokens between a finite auxiliary and the final verb of its clause.
const AUX_REACH: usize = 12;

/// A quote found before speakers are assigned.
#[derive(Debug, Clone)]
struct Cand {
    /// Bytes of the quote text.
    bytes: Range<usize>,
    kind: QuoteKind,
    /// Token index of the reporting verb.
    cue: Option<usize>,
    /// Token range of the speaker phrase in the frame.
    speaker: Option<Range<usize>>,
}

/// Finds the quotes of `text`, resolving speakers among `entities` (by mention overlap) and
/// falling back to the speaker phrase as written.
pub fn extract(text: &Text<'_>, pack: &LangPack, entities: &[Entity]) -> Vec<Quote> {
    extract_with(text, entities, &SpeechTokens::new(text.body, pack))
}

/// [`extract`] on a body already read by [`SpeechTokens::new`] (shared with attributions).
pub fn extract_with(text: &Text<'_>, entities: &[Entity], speech: &SpeechTokens<'_>) -> Vec<Quote> {
    let Some(lex) = speech.lexicon() else {
        return Vec::new();
    };
    let marked = speech.marked();
    let ph = speech.phrases(text, lex, entities);
    let attrib = attribution_sentences(&ph);
    let mut cands = Vec::new();
    let mut direct = Vec::new();
    for (i, m) in marked.iter().enumerate() {
        let prev_after = i.checked_sub(1).map_or(0, |p| marked[p].after);
        if let Some(c) = direct_quote(&ph, m, prev_after) {
            direct.push(c);
        }
    }
    for si in 0..text.sentences.len() {
        indirect_quotes(&ph, marked, &attrib, si, &direct, &mut cands);
    }
    // direct quotes inside an indirect one belong to it
    direct.retain(|d| {
        !cands
            .iter()
            .any(|c: &Cand| c.bytes.start <= d.bytes.start && d.bytes.end <= c.bytes.end)
    });
    cands.extend(direct);
    cands.sort_by_key(|c| (c.bytes.start, c.bytes.end));
    cands.dedup_by(|b, a| b.bytes.start < a.bytes.end);
    mixed_quotes(&ph, &attrib, &mut cands);
    speech_acts(&ph, marked, &attrib, &mut cands);
    free_indirect(&ph, marked, &attrib, &mut cands);
    assign(&ph, cands)
}

/// Adds to `quotes` the spans in marks inside its indirect quotes as direct quotes of the same
/// speaker: "Er nannte den Plan „einen Fehler“" holds the indirect report and the words it
/// reproduces (what the inclusive quote scope counts). A span that is most of its quote adds
/// nothing, and a name in marks (one to three capitalized words, mostly an entity's mention, or
/// after a naming noun: "der Sender „Silverbird“") is no quote.
pub fn add_fragments(
    text: &Text<'_>,
    entities: &[Entity],
    speech: &SpeechTokens<'_>,
    quotes: &mut Vec<Quote>,
) {
    let marked = speech.marked();
    let Some(lex) = speech.lexicon().filter(|_| !marked.is_empty()) else {
        return;
    };
    let ph = speech.phrases(text, lex, entities);
    let body = text.body;
    let mut out = Vec::new();
    for q in quotes.iter().filter(|q| q.kind != QuoteKind::Direct) {
        let first = marked.partition_point(|m| text.char_at(m.open) < q.start);
        for m in marked[first..]
            .iter()
            .take_while(|m| text.char_at(m.open) < q.end)
            .filter(|m| m.closed && text.char_at(m.after) <= q.end)
        {
            let inner = trim_quote(body, m.inner.clone());
            let words: Vec<&str> = body[inner.clone()].split_whitespace().collect();
            let letters = words.iter().any(|w| w.chars().any(char::is_alphabetic));
            // one to three capitalized words in marks name something ("„Freedom Tower“")
            let name = words.len() <= 3 && words.iter().all(|w| capitalized(w));
            let span = text.span(inner.clone());
            if !letters || name || (span.end - span.start) * 5 > (q.end - q.start) * 4 {
                continue;
            }
            if quotes
                .iter()
                .any(|x| x.start == span.start && x.end == span.end)
                || names_in_marks(&ph, m, span.start, span.end)
            {
                continue;
            }
            out.push(Quote {
                text: body[inner].to_string(),
                kind: QuoteKind::Direct,
                start: span.start,
                end: span.end,
                ..q.clone()
            });
        }
    }
    if !out.is_empty() {
        quotes.extend(out);
        quotes.sort_by_key(|q| (q.start, q.end));
    }
}
/// Byte range of sentence `si`, or the whole body when there are no sentences.
fn sent(text: &Text<'_>, si: usize) -> Range<usize> {
    text.sentences
        .get(si)
        .cloned()
        .unwrap_or(0..text.body.len())
}

/// Whether the speech verb at token `v` has its particle (if any) before token `hi`.
fn verb_at(ph: &Phrases<'_>, v: usize, hi: usize, frame_start: bool) -> bool {
    if ph.flags.get(v).copied().unwrap_or(0) & VERB == 0 {
        return false;
    }
    let l = ph.low(v);
    if ph.lex.frame_only.contains(l.as_ref()) && !frame_start {
        return false;
    }
    if ph
        .lex
        .verb_frame(l.as_ref(), ph.toks, ph.text.body, v + 1, hi)
        .is_some()
    {
        return true;
    }
    // verb-final subordinate clause: the particle stands right before ("bekannt gab")
    v > 0
        && ph.lex.verb(l.as_ref()).is_some_and(|entries| {
            let before = ph.low(v - 1);
            entries.iter().flatten().any(|p| *p == before)
        })
}

/// Trims whitespace and closing punctuation from a quote's byte range.
fn trim_quote(body: &str, r: Range<usize>) -> Range<usize> {
    let s = &body[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim_start().trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?' | ';' | ':' | '…')
    });
    r.start + lead..r.start + lead + t.len()
}

/// A marked span as a direct quote, with its reporting frame, or `None` for scare quotes,
/// titles and names.
fn direct_quote(ph: &Phrases<'_>, m: &Marked, prev_after: usize) -> Option<Cand> {
    let text = ph.text;
    let body = text.body;
    let toks = ph.toks;
    let mut m = m.clone();
    // an unclosed quote interrupted by its reporting clause ("…, said X who …. \"")
    if !m.closed {
        let (a, b) = (tok_at(toks, m.inner.start), tok_at(toks, m.inner.end));
        if let Some(c) =
            (a..b).find(|&k| toks[k].text(body) == "," && k + 1 < b && verb_at(ph, k + 1, b, true))
        {
            m.inner.end = toks[c].start;
            m.after = toks[c].start;
        }
    }
    let inner = trim_quote(body, m.inner.clone());
    if inner.is_empty() {
        return None;
    }
    let (ia, ib) = (tok_at(toks, inner.start), tok_at(toks, inner.end));
    let words = (ia..ib).filter(|&k| toks[k].word).count();
    let punct = (ia..ib).any(|k| matches!(toks[k].text(body), "." | "!" | "?"));
    let inner_text = &body[inner.clone()];
    let code = inner_text.contains("://")
        || inner_text.contains(['\\', '{', '}', '<', '>', '=', '|'])
        || inner_text.split_whitespace().count() * 2 < words;
    if code {
        return None;
    }
    let caps = (ia..ib)
        .filter(|&k| toks[k].word && capitalized(toks[k].text(body)))
        .count();

    // post frame: ", sagte er." / ", Lally said." / ", so X."
    let mut end_si = text.sentence_index(m.after.saturating_sub(1));
    // a sentence split after an initial ("James Lally of J.J. Lally & Co. told …") goes on
    for _ in 0..3 {
        let e = tok_at(toks, sent(text, end_si).end);
        if e >= 2 && e < toks.len() && inner_dot(toks, body, e - 1) {
            end_si += 1;
        } else {
            break;
        }
    }
    let end_s = sent(text, end_si);
    let (pa, pb) = (tok_at(toks, m.after), tok_at(toks, end_s.end.max(m.after)));
    let mut post = None;
    if pa < pb {
        let comma = toks[pa].text(body) == ",";
        let k = pa + usize::from(comma);
        let inner_end = body[m.inner.clone()].trim_end().chars().next_back();
        let verb_next = verb_at(ph, pa, pb, true);
        if comma
            || matches!(inner_end, Some(',' | '!' | '?'))
            || (verb_next && inner_end == Some('.'))
        {
            let mut words_seen = 0;
            for (v, tv) in toks.iter().enumerate().take(pb).skip(k) {
                if !tv.word {
                    let t = tv.text(body);
                    if (matches!(t, "." | ";") || quote_mark(t)) && !inner_dot(toks, body, v) {
                        break;
                    }
                    continue;
                }
                if verb_at(ph, v, pb, v == k) {
                    // "…“, so urteilte X": a frame-only word before a speech verb opens its clause
                    let (v, k) = if v == k
                        && ph.lex.frame_only.contains(ph.low(v).as_ref())
                        && v + 1 < pb
                        && verb_at(ph, v + 1, pb, false)
                    {
                        (v + 1, k + 1)
                    } else {
                        (v, k)
                    };
                    let np = if v == k {
                        ph.np_forward(v + 1, pb)
                    } else {
                        // a named person anywhere in the short frame before the verb speaks
                        let person = entity_in(text, ph.entities, toks[k].start..toks[v].start)
                            .is_some_and(|e| e.entity_type == EntityType::Person);
                        if person {
                            Some(k..v)
                        } else {
                            ph.np_backward(v, k)
                                .or_else(|| ph.np_forward(k, v))
                                .or_else(|| ph.np_forward(v + 1, pb))
                        }
                    };
                    post = Some((v, np));
                    break;
                }
                words_seen += 1;
                if words_seen > 14 {
                    break;
                }
            }
        }
    }
    // "Das Kühlsystem war wegen „…“ ausgefallen, so ein Sprecher.": a reporting clause closing
    // the sentence frames the marked words before it, unless they are a name
    if post.is_none() && caps < words {
        post = tail_frame(ph, pa, pb);
    }
    // pre frame: "X sagte: „…“" / "bezeichnete … als „…“"
    let start_s = sent(text, text.sentence_index(m.open));
    let open_t0 = tok_at(toks, m.open);
    let lo = tok_at(toks, start_s.start.max(prev_after)).max(open_t0.saturating_sub(MAX_FRAME));
    let open_t = tok_at(toks, m.open);
    let mut pre = None;
    if post.is_none() && lo < open_t {
        let last = toks[open_t - 1].text(body);
        for v in (lo..open_t).rev() {
            if !verb_at(ph, v, open_t, false) {
                continue;
            }
            let particle = ph.lex.verb_frame(&ph.low(v), toks, body, v + 1, open_t);
            let adjacent = particle.flatten().is_some_and(|k| k + 1 == open_t);
            let clause_clear =
                !(v + 1..open_t).any(|k| matches!(toks[k].text(body), "," | "." | ";"));
            if last == ":" || adjacent || clause_clear || (last == "," && words >= 4) {
                let fwd = ph.np_forward(v + 1, open_t);
                let inverted = fwd
                    .as_ref()
                    .is_some_and(|r| r.end < open_t && matches!(toks[r.end].text(body), ":" | ","));
                let bk = ph.np_backward(v, lo);
                // "Als Antwort sagte ein Sprecher: „…“": a phrase before the verb that does not
                // open the clause is no subject
                let fwd_first = inverted
                    && (fwd.as_ref().is_some_and(|r| {
                        r.len() == 1 && ph.lex.pronouns.contains(ph.low(r.start).as_ref())
                    }) || bk.as_ref().is_none_or(|r| {
                        (r.len() == 1 && r.start == lo) || !clause_start(ph, lo, r.start)
                    }));
                let bk = bk.filter(|r| !lone_opener(ph, r, lo) || fwd.is_none());
                let quoted = quoted_one(ph, v, lo, open_t);
                let np = match (fwd, bk) {
                    _ if quoted.is_some() => quoted,
                    (Some(f), _) if after_subordinate(ph, lo, v) => Some(f),
                    (Some(f), Some(r)) if inverted_subject(ph, v, &f, &r) => Some(f),
                    (fwd, _) if fwd_first => fwd,
                    // "Die CCE bestätigte … nicht und nannte sie „…“": the subject of the
                    // first verb of two speaks, not the object after the second
                    (fwd, bk) => bk
                        .or_else(|| appositive_subject(ph, lo, v))
                        .or_else(|| coordinated_subject(ph, lo, v))
                        .or(fwd),
                };
                pre = Some((v, np, adjacent || clause_clear || last == ":"));
            }
            break;
        }
    }

    // "Bundesinnenminister Schäuble: „…“": a colon after a clause without speech verb
    let colon_np =
        if post.is_none() && pre.is_none() && lo + 1 < open_t && toks[open_t - 1].text(body) == ":"
        {
            ph.np_forward(lo, open_t - 1)
        } else {
            None
        };
    let framed = post.is_some() || pre.is_some() || colon_np.is_some();
    // marks right after a naming noun hold a title or name ("unter dem Motto „…“")
    let titled = open_t > 0
        && toks[open_t - 1].word
        && ph.lex.title_nouns.contains(ph.low(open_t - 1).as_ref());
    if titled && post.is_none() && pre.is_none() && !punct {
        return None;
    }
    // a short run of capitalized words is a name or title ("die „Neue Rechte“", "der „Krone
    // Montezumas“") unless a frame after it or a colon before it makes it speech
    let after_colon = open_t > 0 && toks[open_t - 1].text(body) == ":";
    let title = (2..4).contains(&words) && caps == words && !punct && !after_colon;
    let is_quote = if words >= 4 {
        framed || punct || caps * 4 < words * 3
    } else if post.is_some() || colon_np.is_some() {
        true
    } else if title {
        false
    } else if pre.as_ref().is_some_and(|p| p.2) {
        true
    } else {
        let closes = body[m.after..].trim_start().starts_with(['.', '!', '?'])
            || body[m.inner.clone()].trim_end().ends_with('.');
        words >= 2 && !capitalized(&body[inner.clone()]) && closes && m.closed
    };
    if !is_quote {
        return None;
    }
    let (cue, speaker) = match (post, pre) {
        (Some((v, np)), _) => (Some(v), np),
        (None, Some((v, np, _))) => (Some(v), np),
        _ => (None, colon_np),
    };
    Some(Cand {
        bytes: inner,
        kind: QuoteKind::Direct,
        cue,
        speaker,
    })
}

/// Whether the marked span `m` (code points `start..end` without marks) holds a name: an
/// entity's mention covers most of it, or a naming noun stands right before the marks.
fn names_in_marks(ph: &Phrases<'_>, m: &Marked, start: usize, end: usize) -> bool {
    let mention = ph
        .entities
        .iter()
        .flat_map(|e| &e.mentions)
        .any(|x| 2 * (x.end.min(end).saturating_sub(x.start.max(start))) > end - start);
    let open_t = tok_at(ph.toks, m.open);
    mention
        || (open_t > 0
            && ph.toks[open_t - 1].word
            && ph.lex.title_nouns.contains(ph.low(open_t - 1).as_ref()))
}

/// A reporting clause that opens after the last comma of tokens `pa..pb` (the rest of a
/// sentence) with its verb and a phrase right after it ("…, so ein Sprecher des CERN."): the
/// verb's token and that phrase.
fn tail_frame(ph: &Phrases<'_>, pa: usize, pb: usize) -> Option<(usize, Option<Range<usize>>)> {
    let body = ph.text.body;
    let c = (pa..pb).rev().find(|&k| ph.toks[k].text(body) == ",")?;
    let v = c + 1;
    if v >= pb || !ph.toks[v].word || !verb_at(ph, v, pb, true) {
        return None;
    }
    // no sentence end or mark between the quote and the frame
    if (pa..c).any(|k| {
        let t = ph.toks[k].text(body);
        matches!(t, "." | "!" | "?") || quote_mark(t)
    }) {
        return None;
    }
    let np = ph.np_forward(v + 1, pb).filter(|r| r.start == v + 1)?;
    Some((v, Some(np)))
}

/// Whether token `k` is a dot inside a sentence: after an initial ("J.J. Lally") or an
/// abbreviation followed by a lowercase word ("Lally & Co. told").
fn inner_dot(toks: &[Tok], body: &str, k: usize) -> bool {
    if k == 0 || toks[k].text(body) != "." {
        return false;
    }
    let initial = toks[k - 1].end == toks[k].start
        && toks[k - 1]
            .text(body)
            .rsplit('.')
            .next()
            .is_some_and(|l| l.chars().map(char::is_uppercase).eq([true]));
    let lower_next = toks
        .get(k + 1)
        .is_some_and(|t| t.word && t.text(body).chars().next().is_some_and(char::is_lowercase));
    initial || lower_next
}

/// Which sentences hold a phrase that makes them an attribution ("heißt es", "laut").
fn attribution_sentences(ph: &Phrases<'_>) -> Vec<bool> {
    let text = ph.text;
    let mut flags = vec![false; text.sentences.len()];
    for (k, t) in ph.toks.iter().enumerate() {
        if ph.flags.get(k).copied().unwrap_or(0) & NOT_QUOTE == 0 {
            continue;
        }
        let l = ph.low(k);
        for phrase in &ph.lex.not_quote {
            let hit = phrase.first().is_some_and(|f| *f == l)
                && phrase.iter().enumerate().skip(1).all(|(j, w)| {
                    ph.toks
                        .get(k + j)
                        .is_some_and(|u| u.word && ph.low(k + j) == w.as_str())
                });
            if hit {
                if let Some(f) = text.sentence_of(t.start).and_then(|si| flags.get_mut(si)) {
                    *f = true;
                }
            }
        }
    }
    flags
}

/// Whether tokens `a..b` hold a subjunctive form (framed forms count when `framed`).
fn has_subjunctive(ph: &Phrases<'_>, marked: &[Marked], a: usize, b: usize, framed: bool) -> bool {
    (a..b).any(|k| {
        let f = ph.flags.get(k).copied().unwrap_or(0);
        let hit = f & SUBJ != 0 || (framed && (f & SUBJ_FRAMED != 0 || ph.subjunctive_form(k)));
        hit && !in_marks(marked, &ph.toks[k])
    })
}

/// Indirect quotes of sentence `si` introduced by a speech verb before or after the content.
fn indirect_quotes(
    ph: &Phrases<'_>,
    marked: &[Marked],
    attrib: &[bool],
    si: usize,
    direct: &[Cand],
    out: &mut Vec<Cand>,
) {
    let text = ph.text;
    let body = text.body;
    let toks = ph.toks;
    let s = sent(text, si);
    if attrib.get(si).copied().unwrap_or(false) {
        return;
    }
    let (a, b) = (tok_at(toks, s.start), tok_at(toks, s.end));
    let overlaps_direct = |r: &Range<usize>| {
        direct.iter().any(|d| {
            let ov = d
                .bytes
                .end
                .min(r.end)
                .saturating_sub(d.bytes.start.max(r.start));
            ov * 10 > r.len() * 9
        })
    };
    let is = |k: usize, p: &str| toks[k].text(body) == p;
    // where the content of a report starting at token `from` ends: the sentence end, a
    // continuation (", adding …": its index) or another reporting clause (", X said …")
    let content_end = |from: usize| -> (Range<usize>, Option<usize>, Option<usize>) {
        for k in from..b {
            if !is(k, ",") || k + 1 >= b || in_marks(marked, &toks[k]) {
                continue;
            }
            let l = ph.low(k + 1);
            if ph.lex.continuations.contains(l.as_ref()) {
                return (toks[from].start..toks[k].start, Some(k + 1), None);
            }
            let verb_follows = (k + 1..b.min(k + 8))
                .take_while(|&j| toks[j].word)
                .any(|j| verb_at(ph, j, b, false));
            if verb_follows {
                return (toks[from].start..toks[k].start, None, Some(k));
            }
            // a past-tense verb after the comma goes on with the speaker's own clause ("er sei
            // unschuldig, erkannte das Gericht nicht an")
            if toks[k + 1].word && ph.lex.past_form(toks[k + 1].text(body), l.as_ref()) {
                return (toks[from].start..toks[k].start, None, None);
            }
        }
        (toks[from].start..s.end, None, None)
    };
    let mut found = false;
    // fronted reporting clause: "Wie die Polizei mitteilte, …"
    if a + 3 < b && ph.lex.as_clause.contains(ph.low(a).as_ref()) {
        let verb = (a + 1..b.min(a + 20)).find(|&k| verb_at(ph, k, b, false));
        let comma = verb.and_then(|v| (v + 1..b.min(v + 6)).find(|&k| is(k, ",")));
        if let (Some(v), Some(c)) = (verb, comma) {
            {
                let bytes = trim_quote(body, toks[(c + 1).min(b - 1)].start..s.end);
                if c + 3 < b && !overlaps_direct(&bytes) {
                    out.push(Cand {
                        bytes,
                        kind: QuoteKind::Indirect,
                        cue: Some(v),
                        speaker: ph
                            .np_forward(a + 1, v)
                            .or_else(|| origin_phrase(ph, a + 1, v))
                            .or_else(|| ph.np_forward(v + 1, c))
                            .or_else(|| bare_source(ph, a + 1, v)),
                    });
                    return;
                }
            }
        }
    }
    // verb before the content
    let mut v = a;
    while v < b {
        if ph.flags.get(v).copied().unwrap_or(0) & VERB == 0
            || in_marks(marked, &toks[v])
            || !verb_at(ph, v, b, false)
        {
            v += 1;
            continue;
        }
        let mut start = None;
        // whether the report is a zu-infinitive after the first comma ("beschloss, … zu …")
        let mut by_infinitive = false;
        // "…erklärte dieser Tage, sein Land sei …" / "said, that …"
        // the first comma may close an apposition of the speaker ("meldete der Sender, Radio
        // Vatikan, dass …"): then the clause starts after the next
        // a colon opens the report too ("kritisierte den Kurs: Es sei bedauerlich, …")
        // a subjunctive marks the report after a longer frame too ("berichtete im Fachmagazin
        // „…“ („…“), es sei …", "erklärte der Direktor der IAEO, Mohammed el-Baradei, …")
        let stop = (v + 1..b.min(v + FAR_FRAME)).find(|&k| is(k, ".") && !inner_dot(toks, body, k));
        let commas =
            (v + 1..stop.unwrap_or(b).min(v + FAR_FRAME)).filter(|&k| is(k, ",") || is(k, ":"));
        for (n, c) in commas.take(3).enumerate() {
            if start.is_some() {
                break;
            }
            let compl = c + 1 < b && ph.lex.complementizers.contains(ph.low(c + 1).as_ref());
            let near = n == 0 && c < v + 9;
            if (n >= 1 && compl)
                || (!near
                    && c + 1 < b
                    && has_subjunctive(ph, marked, c + 1, b.min(c + REPORT_REACH), true))
            {
                start = Some(c + 1);
            } else if near && c + 1 < b {
                let infinitive = ((c + 1..b.saturating_sub(1))
                    .any(|k| toks[k].text(body) == "zu" && !capitalized(toks[k + 1].text(body)))
                    && ph.lex.complementizers.contains("dass"))
                    || (ph.lex.infinitive_verbs.contains(ph.low(v).as_ref())
                        && (c + 1..b).any(|k| ph.lex.infix_infinitive(&ph.low(k))));
                // a clause opened by a subject pronoun is the report even in the indicative
                // ("warnte er, es gibt …"): a relative clause opens otherwise
                let pronoun_clause = c + 2 < b
                    && toks[c + 1].word
                    && ph.lex.subjects.contains(ph.low(c + 1).as_ref())
                    && toks[c + 2].word
                    && !capitalized(toks[c + 2].text(body));
                // a main clause opened by a subject phrase in the indicative ("sagte, die USA
                // hielten sich an …"): article, noun, then a verb that the clause goes on after
                // (a relative clause "das Experten kritisieren" ends with its verb)
                let low_at = |k: usize| ph.low(k);
                let article_clause = c + 4 < b
                    && (c + 1..c + 5).all(|k| toks[k].word)
                    && ph.lex.determiners.contains(low_at(c + 1).as_ref())
                    && !ph.lex.oblique_determiners.contains(low_at(c + 1).as_ref())
                    && capitalized(toks[c + 2].text(body))
                    && !capitalized(toks[c + 3].text(body))
                    && ![&ph.lex.stop, &ph.lex.determiners, &ph.lex.prepositions]
                        .iter()
                        .any(|set| set.contains(low_at(c + 3).as_ref()));
                by_infinitive = infinitive;
                if compl
                    || infinitive
                    || pronoun_clause
                    || article_clause
                    || has_subjunctive(ph, marked, c + 1, b.min(c + REPORT_REACH), true)
                {
                    start = Some(c + 1);
                }
            }
        }
        // "said (on Sunday) that …" / "says it's likely …"
        if start.is_none() {
            if let Some(t) = (v + 1..b.min(v + 7))
                .take_while(|&k| toks[k].word && !ph.lex.subjects.contains(ph.low(k).as_ref()))
                .find(|&k| ph.lex.complementizers.contains(ph.low(k).as_ref()))
            {
                start = Some(t);
            } else if ph.lex.bare_complement && v + 1 < b && toks[v + 1].word {
                let l = ph.low(v + 1);
                if !ph.lex.stop.contains(l.as_ref()) && !ph.lex.skip.contains(l.as_ref()) {
                    start = Some(v + 1);
                }
            } else if ph.lex.bare_complement
                && v + 1 < b
                && marked
                    .iter()
                    .any(|m| m.open == toks[v + 1].start && m.after < s.end)
            {
                // 'said "substantial progress" had been made'
                start = Some(v + 1);
            }
        }
        // a decision reports only what was decided to do ("beschloss, … zu entsenden")
        let decision = ph.lex.decision_verbs.contains(ph.low(v).as_ref());
        let Some(mut cs) = start.filter(|_| by_infinitive || !decision) else {
            v += 1;
            continue;
        };
        if ph.lex.complementizers.contains(ph.low(cs).as_ref()) && cs + 1 < b {
            cs += 1;
        }
        // the subject opening the clause speaks ("Der Minister begründete die Entscheidung
        // damit, dass …"); else the phrase after the verb ("Am Montag sagte der Minister, …")
        let bk = ph.np_backward(v, a);
        let quoted = quoted_one(ph, v, a, cs);
        let np = match (ph.np_forward(v + 1, b), bk) {
            _ if quoted.is_some() => quoted,
            (Some(f), _) if after_subordinate(ph, a, v) && f.start == v + 1 => Some(f),
            (Some(f), Some(r)) if inverted_subject(ph, v, &f, &r) => Some(f),
            (_, Some(r)) if clause_start(ph, a, r.start) && !lone_opener(ph, &r, a) => Some(r),
            (fwd, None) => appositive_subject(ph, a, v)
                .or_else(|| aux_subject(ph, a, v))
                .or_else(|| coordinated_subject(ph, a, v))
                .or_else(|| fwd.filter(|r| r.end <= cs && r.end > v + 1)),
            (Some(r), _) if r.end <= cs && r.end > v + 1 => Some(r),
            (_, bk) => aux_subject(ph, a, v).or(bk),
        };
        let mut from = cs;
        let mut cue = v;
        let mut resume = None;
        loop {
            let (bytes, next, cut) = content_end(from);
            resume = resume.or(cut);
            let bytes = trim_quote(body, bytes);
            let words = tok_at(toks, bytes.end) - from;
            if words >= 3 && !overlaps_direct(&bytes) {
                out.push(Cand {
                    bytes,
                    kind: QuoteKind::Indirect,
                    cue: Some(cue),
                    speaker: np.clone(),
                });
                found = true;
            }
            match next {
                Some(n) => {
                    cue = n;
                    from = n + 1;
                    if from < b && ph.lex.complementizers.contains(ph.low(from).as_ref()) {
                        from += 1;
                    }
                    if from >= b {
                        break;
                    }
                }
                None => break,
            }
        }
        match resume {
            Some(r) => v = r + 1,
            None => break,
        }
    }
    if found {
        return;
    }
    // content before a final reporting clause: "…, sagt X." / "…, the agency said."
    // marks around words that are not all capitalized or figures hold a quote ("ein „Bürger
    // erster Klasse zu werden“"): then the marked words are the quote and a final frame belongs
    // to them; a name in marks ("den Stern „HD 13189“", "so der „Ermittlungsausschuss“") does not
    let quote_marks = || {
        let first = marked.partition_point(|m| m.after <= s.start);
        marked[first..]
            .iter()
            .take_while(|m| m.open < s.end)
            .any(|m| {
                !body[m.inner.clone()].split_whitespace().all(|w| {
                    w.trim_start_matches(|ch: char| !ch.is_alphanumeric())
                        .chars()
                        .next()
                        .is_none_or(|ch| ch.is_uppercase() || ch.is_numeric())
                })
            })
    };
    for c in a + 1..b {
        if !is(c, ",") || in_marks(marked, &toks[c]) {
            continue;
        }
        // "…, wie die Polizei am Montag mitteilte.": the verb closes a reporting clause
        let as_opened =
            c + 2 < b && toks[c + 1].word && ph.lex.as_clause.contains(ph.low(c + 1).as_ref());
        // a reporting clause whose verb closes the sentence may be long ("…, wie er in einem
        // Schreiben an das Parlament nach der Abstimmung bekundete.")
        let closing_verb = (c + 2..b)
            .rev()
            .find(|&k| toks[k].word)
            .is_some_and(|k| verb_at(ph, k, b, false));
        let reach = match (as_opened, closing_verb) {
            (true, true) => 20,
            (true, false) => 12,
            _ => 4,
        };
        let mut words_seen = 0;
        let mut verb = None;
        for (k, tk) in toks.iter().enumerate().take(b).skip(c + 1) {
            if !tk.word {
                break;
            }
            if verb_at(ph, k, b, k == c + 1) {
                verb = Some(k);
                break;
            }
            words_seen += 1;
            if words_seen > reach {
                break;
            }
        }
        let Some(mut v) = verb else { continue };
        // "…, so bestätigt das Gericht.": a frame-only word before a speech verb opens its clause
        let first = v == c + 1;
        if first
            && ph.lex.frame_only.contains(ph.low(v).as_ref())
            && v + 1 < b
            && verb_at(ph, v + 1, b, false)
        {
            v += 1;
        }
        // the frame may be a parenthesis inside the report: "…, so der Bericht, seien …"
        let mut frame_end = (v..b.min(v + MAX_FRAME)).find(|&k| is(k, ",")).unwrap_or(b);
        // an apposition or relative clause closes a frame that opens with its verb ("…, sagte
        // X, ein früherer Minister."); a parenthesis goes on with the report's verb
        // "…, teilte später der Direktor der Behörde, X, mit.": the verb's particle closing the
        // sentence closes the frame
        let particle_last = first
            && ph
                .lex
                .verb_frame(ph.low(v).as_ref(), toks, body, v + 1, b)
                .flatten()
                .is_some_and(|p| (p + 1..b).all(|k| !toks[k].word));
        if particle_last {
            frame_end = b;
        }
        if first
            && frame_end + 1 < b
            && (ph.lex.determiners.contains(ph.low(frame_end + 1).as_ref())
                || capitalized(toks[frame_end + 1].text(body)))
            && !(frame_end + 1..b).any(|k| is(k, ","))
        {
            frame_end = b;
        }
        let tail_words = (frame_end..b).filter(|&k| toks[k].word).take(3).count();
        let parenthetical = frame_end < b && tail_words >= 3 && frame_end - v <= 10;
        let rest_words = (v..b).filter(|&k| toks[k].word).take(21).count();
        if rest_words > 20 && !parenthetical {
            continue;
        }
        let bytes = if parenthetical {
            trim_quote(body, s.clone())
        } else {
            trim_quote(body, s.start..toks[c].start)
        };
        let words = (a..c).filter(|&k| toks[k].word).count();
        if words < 2 || (!parenthetical && words < 3) || overlaps_direct(&bytes) {
            continue;
        }
        // names and noun phrases alone before the comma are the subject with its apposition
        // ("Der Vorsitzende des Betriebsrats, Stefan Sporn, zeigte sich …"), no report
        let names_only = (a..c).filter(|&k| toks[k].word).all(|k| {
            let l = ph.low(k);
            capitalized(toks[k].text(body))
                || ph.lex.determiners.contains(l.as_ref())
                || ph.lex.np_inner.contains(l.as_ref())
        });
        // a subject with its apposition or relative clause ("Ulla Jelpke, die … hatte,
        // kritisierte …"), or a fronted subordinate clause ("Während …, fordert …"): no report
        let commas: Vec<usize> = (a..c).filter(|&k| is(k, ",")).collect();
        // a phrase that fills tokens `from..to`, a parenthesis after it included
        let whole_phrase = |from: usize, to: usize| {
            ph.np_forward(from, to).is_some_and(|r| {
                r.start == from && (r.end == to || (is(r.end, "(") && is(to - 1, ")")))
            })
        };
        let apposition = first
            && matches!(commas.len(), 1 | 2)
            && ((commas.len() == 1 && whole_phrase(a, commas[0]))
                || commas.last().is_some_and(|&l| whole_phrase(l + 1, c)));
        let subordinate = first
            && !ph.lex.frame_only.contains(ph.low(v).as_ref())
            && commas.is_empty()
            && ph.lex.subordinators.contains(ph.low(a).as_ref());
        if (names_only && !parenthetical) || apposition || subordinate {
            continue;
        }
        // a reporting clause that opens with its verb and closes the sentence frames any clause
        // ("…, teilten die Vereinten Nationen mit."), in a sentence without quotation marks
        let frame_only = ph.lex.frame_only.contains(ph.low(v).as_ref());
        let verb_first_tail =
            (first || as_opened) && frame_end == b && !frame_only && !quote_marks();
        // "…, so die Polizei.": a frame-only word with a bare phrase closing the sentence (in a
        // sentence with marks the marked words are the quote, as above)
        let so_tail = frame_only
            && first
            && frame_end == b
            && !quote_marks()
            && ph.np_forward(v + 1, b).is_some_and(|r| r.start == v + 1)
            && !(v + 1..b).any(|k| ph.flags.get(k).copied().unwrap_or(0) & VERB != 0);
        let framed_subj = has_subjunctive(ph, marked, a, b, true);
        if !framed_subj && !ph.lex.bare_complement && !verb_first_tail && !so_tail {
            continue;
        }
        // a frame-only word without its phrase is no frame ("…, so gebe es …", "so dass")
        if frame_only && !so_tail && ph.np_forward(v + 1, b).is_none_or(|r| r.start != v + 1) {
            continue;
        }
        let np = if as_opened {
            ph.np_forward(c + 2, v)
        } else if first {
            ph.np_forward(v + 1, b)
                .or_else(|| rest_of_clause(ph, v + 1, b))
        } else {
            ph.np_backward(v, c + 1).or_else(|| ph.np_forward(c + 1, v))
        };
        out.push(Cand {
            bytes,
            kind: QuoteKind::Indirect,
            cue: Some(v),
            speaker: np,
        });
        return;
    }
}

/// The few tokens `a..v` between "wie" and the verb of a fronted reporting clause as its
/// subject when no phrase reads as one there: a name written in lowercase ("Wie t-online.de
/// berichtet"), not an adverb or a phrase a stop word opens ("Wie bereits berichtet").
fn bare_source(ph: &Phrases<'_>, a: usize, v: usize) -> Option<Range<usize>> {
    let first = ph.low(a);
    let plain = a < v
        && v - a <= 5
        && ph.toks[a].word
        && (a..v).all(|k| !matches!(ph.toks[k].text(ph.text.body), "," | ";" | ":"))
        && ![
            &ph.lex.stop,
            &ph.lex.skip,
            &ph.lex.adverbs,
            &ph.lex.prepositions,
        ]
        .iter()
        .any(|set| set.contains(first.as_ref()));
    plain.then_some(a..v)
}

/// The phrase after a preposition of origin at token `p`, up to token `hi`, with its owner
/// after one of `document_owners` ("Wie aus Kreisen der Regierung verlautete", "Wie im Bericht
/// steht"): the source a fronted reporting clause names in place of a subject.
fn origin_phrase(ph: &Phrases<'_>, p: usize, hi: usize) -> Option<Range<usize>> {
    if p >= hi || !ph.toks[p].word || !ph.lex.document_preps.contains(ph.low(p).as_ref()) {
        return None;
    }
    let r = ph.np_forward(p + 1, hi).filter(|r| r.start == p + 1)?;
    let owner = (r.end < hi && ph.lex.document_owners.contains(ph.low(r.end).as_ref()))
        .then(|| ph.np_forward(r.end + 1, hi))
        .flatten()
        .filter(|o| o.start == r.end + 1);
    Some(r.start..owner.map_or(r.end, |o| o.end))
}

/// The one quoted by the verb of quoting at token `v` in the clause `a..hi`: the subject of a
/// passive ("Musk wird wie folgt zitiert", "Auf der Seite wird Musk zitiert"), else the object
/// right after the verb ("Ein Sender zitierte Papandreou mit den Worten"); `None` for other
/// verbs and where no such phrase stands (a relative clause "den die Zeitung zitiert").
fn quoted_one(ph: &Phrases<'_>, v: usize, a: usize, hi: usize) -> Option<Range<usize>> {
    if !ph.lex.quoting.contains(ph.low(v).as_ref()) {
        return None;
    }
    let aux = (a..v)
        .rev()
        .find(|&k| ph.lex.passive.contains(ph.low(k).as_ref()));
    match aux {
        Some(p) => ph
            .np_forward(a, p)
            .filter(|r| r.start == a)
            .or_else(|| ph.np_forward(p + 1, v)),
        None => ph.np_forward(v + 1, hi),
    }
}

/// Whether phrase `fwd` right after the verb `v` is its subject in an inverted clause whose
/// front field `bk` holds an adverbial or object ("Eine Verschiebung des Wahltermins bezeichnete
/// Conze als fatal", "Während seiner Amtszeit warnte Kluncker"): `fwd` names a person or
/// organization, `bk` names neither and opens with no word that marks a subject (a nominative
/// determiner, a pronoun, a group noun), or `fwd` is a pronoun that is only ever a subject
/// ("Die Tat bezeichnete er als sinnlos").
fn inverted_subject(ph: &Phrases<'_>, v: usize, fwd: &Range<usize>, bk: &Range<usize>) -> bool {
    let speaker = |r: &Range<usize>| {
        entity_in(ph.text, ph.entities, ph.bytes(r))
            .is_some_and(|e| matches!(e.entity_type, EntityType::Person | EntityType::Organization))
    };
    let first = ph.low(bk.start);
    let person_after = entity_in(ph.text, ph.entities, ph.bytes(fwd))
        .is_some_and(|e| e.entity_type == EntityType::Person);
    // a determiner that may open an object: an oblique or genitive one, or one of the
    // nominative and accusative alike before a named person after the verb
    let object_determiner = ph.lex.oblique_determiners.contains(first.as_ref())
        || ph.lex.genitive_determiners.contains(first.as_ref())
        || (person_after && ph.lex.ambiguous_determiners.contains(first.as_ref()));
    let subject_opener = (ph.lex.determiners.contains(first.as_ref()) && !object_determiner)
        || ph.lex.pronouns.contains(first.as_ref())
        || ph.lex.subjects.contains(first.as_ref())
        || (bk.len() == 1 && ph.lex.group_noun(first.as_ref()));
    let between = |r: Range<usize>| {
        r.into_iter().all(|k| {
            let l = ph.low(k);
            ph.toks[k].word
                && (ph.lex.skip.contains(l.as_ref()) || ph.lex.reflexives.contains(l.as_ref()))
        })
    };
    // a pronoun that is only ever a subject makes the front field an object or adverbial
    let nominative = fwd.len() == 1
        && ph
            .lex
            .nominative_pronouns
            .contains(ph.low(fwd.start).as_ref())
        && !ph.lex.pronouns.contains(first.as_ref())
        && !ph.lex.subjects.contains(first.as_ref());
    // (a nominative pronoun is the subject even after a front field that a prepositional
    // phrase extends: "Deren Haltung gegenüber der PKK bezeichnete er als …")
    bk.end <= v
        && fwd.start > v
        && between(v + 1..fwd.start)
        && (nominative || (between(bk.end..v) && !subject_opener && speaker(fwd) && !speaker(bk)))
}

/// The subject of the clause `a..v` when a finite auxiliary splits it from its final speech
/// verb `v` ("Staatspräsident Mattarella hatte Conte gebeten, …"): the phrase opening the
/// clause before the auxiliary, else, when an adverbial opens the clause ("Am Montag hat der
/// Minister … angekündigt"), the phrase right after the auxiliary; `None` without one.
fn aux_subject(ph: &Phrases<'_>, a: usize, v: usize) -> Option<Range<usize>> {
    let body = ph.text.body;
    let p = (a + 1..v)
        .rev()
        .find(|&k| ph.toks[k].word && ph.lex.auxiliaries.contains(ph.low(k).as_ref()))?;
    // far from the verb or with punctuation in between, the auxiliary is another clause's
    if v - p > AUX_REACH
        || (p + 1..v).any(|k| matches!(ph.toks[k].text(body), "," | ";" | ":" | "(" | ")"))
    {
        return None;
    }
    let front = ph.np_backward(p, a);
    match front {
        Some(r) if clause_start(ph, a, r.start) && !lone_opener(ph, &r, a) => Some(r),
        Some(r) if !lone_opener(ph, &r, a) => None,
        _ => ph
            .np_forward(p + 1, v)
            .filter(|r| clause_start(ph, p + 1, r.start) && subject_after_verb(ph, r)),
    }
}

/// The subject of the first of two verb phrases joined by a conjunction right before the speech
/// verb `v` ("China protestierte gegen die Zölle und erklärte, …"): the phrase opening the
/// clause `a..v` when a verb follows it, else a subject pronoun, a named person or a determiner
/// phrase right after the first verb ("Im Januar legte er sein Amt nieder und verkündete, …",
/// "Kurz vor der Wahl war Mierscheid optimistisch und sagte: …", "Zudem bemerkte der Pilot
/// Probleme und kündigte an, …"); `None` when a comma splits the clause.
fn coordinated_subject(ph: &Phrases<'_>, a: usize, v: usize) -> Option<Range<usize>> {
    let body = ph.text.body;
    let c = v.checked_sub(1).filter(|&c| {
        c > a && ph.toks[c].word && ph.lex.coordinators.contains(ph.low(c).as_ref())
    })?;
    if (a..c).any(|k| matches!(ph.toks[k].text(body), "," | ";" | ":")) {
        return None;
    }
    let verb_after = |k: usize| {
        k < c
            && ph.toks[k].word
            && !capitalized(ph.toks[k].text(body))
            && !ph.lex.stop.contains(ph.low(k).as_ref())
    };
    if let Some(r) = ph
        .np_forward(a, c)
        .filter(|r| clause_start(ph, a, r.start) && !lone_opener(ph, r, a))
    {
        return verb_after(r.end).then_some(r);
    }
    // the word before is a verb: lowercase, and no determiner or preposition
    let verb_before = |k: usize| {
        let l = ph.low(k - 1);
        verb_after(k - 1)
            && !ph.lex.determiners.contains(l.as_ref())
            && !ph.lex.prepositions.contains(l.as_ref())
    };
    (a + 1..c).find_map(|k| {
        let l = ph.low(k);
        if !ph.toks[k].word || !verb_after(k - 1) {
            return None;
        }
        if ph.lex.nominative_pronouns.contains(l.as_ref()) || ph.lex.pronouns.contains(l.as_ref()) {
            return Some(k..k + 1);
        }
        // a person, or a determiner phrase (no genitive) of the subject after the verb
        ph.np_forward(k, c)
            .filter(|r| r.start == k && verb_before(k))
            .filter(|r| {
                named_person(ph, r)
                    || (ph.lex.determiners.contains(l.as_ref())
                        && !ph.lex.genitive_determiners.contains(l.as_ref())
                        && subject_after_verb(ph, r))
            })
    })
}

/// Whether phrase `r` names a person: a person entity's mention, or one word that is the last
/// word of a person entity's name (the surname alone, "Mierscheid" for "Jakob M. Mierscheid").
fn named_person(ph: &Phrases<'_>, r: &Range<usize>) -> bool {
    let person = |e: &Entity| e.entity_type == EntityType::Person;
    let w = ph.toks[r.start].text(ph.text.body);
    entity_in(ph.text, ph.entities, ph.bytes(r)).is_some_and(person)
        || (r.len() == 1
            && ph
                .entities
                .iter()
                .any(|e| person(e) && e.name.rsplit(' ').next() == Some(w)))
}

/// Whether the verb `v` opens a main clause right after a fronted subordinate clause that opens
/// at token `a` ("Nachdem …, entgegnete Suttner: „…“"): then its subject follows it.
fn after_subordinate(ph: &Phrases<'_>, a: usize, v: usize) -> bool {
    let body = ph.text.body;
    let Some(c) = v.checked_sub(1).filter(|&c| c > a) else {
        return false;
    };
    let opener = (a..c).find(|&k| ph.toks[k].word);
    ph.toks[c].text(body) == ","
        && opener.is_some_and(|k| ph.lex.subordinators.contains(ph.low(k).as_ref()))
}

/// Whether token `k` opens the clause that starts at token `a` (only skip words before it).
fn clause_start(ph: &Phrases<'_>, a: usize, k: usize) -> bool {
    (a..k).all(|j| ph.toks[j].word && ph.lex.skip.contains(ph.low(j).as_ref()))
}

/// Whether phrase `r` is one capitalized word opening the clause at token `a` that names no
/// entity and is no pronoun: there capitalization does not mark a noun ("So", "Derzeit").
fn lone_opener(ph: &Phrases<'_>, r: &Range<usize>, a: usize) -> bool {
    r.len() == 1
        && clause_start(ph, a, r.start)
        && !ph.lex.pronouns.contains(ph.low(r.start).as_ref())
        && !ph.lex.group_noun(ph.low(r.start).as_ref())
        && entity_in(ph.text, ph.entities, ph.bytes(r)).is_none()
        && !capitalized_inside(ph, r.start)
}

/// Whether the word of token `k` stands capitalized after another word elsewhere in the body:
/// there capitalization marks a noun or name ("Li nannte …" after "… sagte Li"), where a
/// sentence adverb ("Derzeit") would be lowercase.
fn capitalized_inside(ph: &Phrases<'_>, k: usize) -> bool {
    let body = ph.text.body;
    let w = ph.toks[k].text(body);
    capitalized(w)
        && (1..ph.toks.len()).any(|j| j != k && ph.toks[j - 1].word && ph.toks[j].text(body) == w)
}

/// The rest of a reporting clause after its verb as the speaker phrase, without a leading
/// time phrase ("verlautete am Donnerstag aus Kreisen der OPCW").
fn rest_of_clause(ph: &Phrases<'_>, mut i: usize, b: usize) -> Option<Range<usize>> {
    let body = ph.text.body;
    let toks = ph.toks;
    let end = (i..b)
        .find(|&k| matches!(toks[k].text(body), "," | "." | ";" | ":"))
        .unwrap_or(b);
    if i + 2 < end
        && ph.lex.stop.contains(ph.low(i).as_ref())
        && capitalized(toks[i + 1].text(body))
        && ph.lex.stop.contains(ph.low(i + 2).as_ref())
    {
        i += 2;
    }
    let end = if end > i && !toks[end - 1].word && toks[end - 1].text(body) == ")" {
        end
    } else {
        (i..end).rev().find(|&k| toks[k].word).map_or(i, |k| k + 1)
    };
    (end > i).then_some(i..end)
}

/// An unframed lowercase fragment in marks inside a sentence that continues a quoted speaker's
/// report makes the whole sentence an indirect quote mixing both ("Partners would „need to be
/// creative“"); not in an attribution sentence, whose source is quoted only in the marks.
fn mixed_quotes(ph: &Phrases<'_>, attrib: &[bool], cands: &mut [Cand]) {
    let text = ph.text;
    let body = text.body;
    for i in 1..cands.len() {
        let c = &cands[i];
        if c.kind != QuoteKind::Direct || c.cue.is_some() || capitalized(&body[c.bytes.clone()]) {
            continue;
        }
        let si = text.sentence_index(c.bytes.start);
        if attrib.get(si).copied().unwrap_or(false) {
            continue;
        }
        let s = sent(text, si);
        let prev_end = text.sentence_index(cands[i - 1].bytes.end.saturating_sub(1));
        let alone = cands[i - 1].bytes.end <= s.start
            && cands.get(i + 1).is_none_or(|n| n.bytes.start >= s.end);
        let lead_words = body[s.start..c.bytes.start].split_whitespace().count();
        if alone && prev_end + 2 >= si && lead_words >= 3 {
            cands[i].bytes = trim_quote(body, s);
            cands[i].kind = QuoteKind::Indirect;
        }
    }
}

/// Sentences that report a speech act as a whole ("Die Gewerkschaft forderte den Rücktritt des
/// Ministers.", "Der Sprecher sprach von einem Unfall."): a speech-act verb with its subject and
/// no quote of its own makes the sentence an indirect quote of that subject.
fn speech_acts(ph: &Phrases<'_>, marked: &[Marked], attrib: &[bool], cands: &mut Vec<Cand>) {
    let text = ph.text;
    let body = text.body;
    let toks = ph.toks;
    if ph.lex.acts.is_empty() {
        return;
    }
    let mut added = Vec::new();
    let mut ci = 0;
    for (si, s) in text.sentences.iter().enumerate() {
        while ci < cands.len() && cands[ci].bytes.end <= s.start {
            ci += 1;
        }
        let quoted = cands.get(ci).is_some_and(|c| c.bytes.start < s.end);
        if quoted || attrib.get(si).copied().unwrap_or(false) {
            continue;
        }
        let (a, b) = (tok_at(toks, s.start), tok_at(toks, s.end));
        if (a..b).filter(|&k| toks[k].word).take(5).count() < 5 {
            continue;
        }
        // a participle before a noun is an adjective ("den ersten bestätigten Einsatz")
        let attributive = |v: usize| {
            let Some(p) = v.checked_sub(1).filter(|&p| p >= a && toks[p].word) else {
                return false;
            };
            let pl = ph.low(p);
            let lex = ph.lex;
            let oblique =
                lex.determiners.contains(pl.as_ref()) || lex.prepositions.contains(pl.as_ref());
            let modifier = !capitalized(toks[p].text(body))
                && ![&lex.skip, &lex.subjects, &lex.pronouns, &lex.passive]
                    .iter()
                    .any(|set| set.contains(pl.as_ref()))
                && ph
                    .toks
                    .get(v + 1)
                    .is_some_and(|t| t.word && capitalized(t.text(body)));
            oblique || modifier
        };
        let act = (a..b).find(|&v| {
            let f = ph.flags.get(v).copied().unwrap_or(0);
            let active = f & ACT != 0
                && frame_in(&ph.lex.acts, ph.low(v).as_ref(), toks, body, v + 1, b).is_some();
            (active || f & PASSIVE_ACT != 0)
                && !in_marks(marked, &toks[v])
                && !attributive(v)
                && !closes_relative_clause(ph, a, v)
        });
        let Some(v) = act else { continue };
        if recap_at(ph, a, b) {
            continue;
        }
        // a negation or passive auxiliary counts in the verb's own clause only (a relative
        // clause "…, die festgenommen wurde" leaves the act as it is)
        let clause = |k: usize| matches!(toks[k].text(body), "," | ";" | ":");
        let ca = (a..v).rev().find(|&k| clause(k)).map_or(a, |k| k + 1);
        let cb = (v..b).find(|&k| clause(k)).unwrap_or(b);
        let has = |set: &crate::speech::WordSet, r: Range<usize>| {
            r.into_iter().any(|k| set.contains(ph.low(k).as_ref()))
        };
        if has(&ph.lex.negations, ca..cb) || has(&ph.lex.act_not, a..b) {
            continue;
        }
        // a passive speech act ("Als Grund wurde … genannt") is spoken by its agent ("von X"),
        // or by no one the sentence names
        if has(&ph.lex.passive, ca..cb) {
            // a pluperfect passive ("war … kritisiert worden") is background, a naming passive
            // ("als „Sonnenwind“ bezeichnet") names a term
            if ph.flags.get(v).copied().unwrap_or(0) & PASSIVE_ACT != 0
                && !has(&ph.lex.pluperfect, ca..cb)
                && !names_term(ph, marked, v, ca, cb)
            {
                added.push(Cand {
                    bytes: trim_quote(body, s.clone()),
                    kind: QuoteKind::Indirect,
                    cue: Some(v),
                    speaker: passive_agent(ph, ca, cb).or_else(|| passive_agent(ph, cb, b)),
                });
            }
            continue;
        }
        if ph.flags.get(v).copied().unwrap_or(0) & ACT == 0 {
            continue;
        }
        // the subject opens the clause, or follows the verb in an inverted clause ("Als Grund
        // gab die Behörde … an")
        // the subject opens the clause before an auxiliary when the verb closes it ("X hat
        // heute … den Abzug angekündigt")
        let fwd = ph.np_forward(v + 1, b);
        let inverted =
            |r: &Range<usize>| fwd.as_ref().is_some_and(|f| inverted_subject(ph, v, f, r));
        let np = ph
            .np_backward(v, a)
            .filter(|r| clause_start(ph, a, r.start) && !lone_opener(ph, r, a) && !inverted(r))
            .or_else(|| appositive_subject(ph, a, v))
            .or_else(|| {
                ph.np_forward(v + 1, b)
                    .filter(|r| r.start == v + 1 && subject_after_verb(ph, r))
            })
            .or_else(|| sentence_subject(ph, si, v));
        let Some(np) = np else { continue };
        added.push(Cand {
            bytes: trim_quote(body, s.clone()),
            kind: QuoteKind::Indirect,
            cue: Some(v),
            speaker: Some(np),
        });
    }
    if !added.is_empty() {
        cands.extend(added);
        cands.sort_by_key(|c| (c.bytes.start, c.bytes.end));
    }
}

/// Whether the speech-act verb `v` closes a relative clause that opens after a comma at or
/// after sentence token `a` ("…, das für sein Vorgehen kritisiert wird", "…, mit dem der Prozess
/// bezeichnet wird"): a relative opener right after the comma or after a preposition there, and
/// after the verb only auxiliaries up to the next punctuation.
fn closes_relative_clause(ph: &Phrases<'_>, a: usize, v: usize) -> bool {
    let toks = ph.toks;
    let body = ph.text.body;
    let Some(c) = (a..v)
        .rev()
        .find(|&k| matches!(toks[k].text(body), "," | ";"))
    else {
        return false;
    };
    let mut o = c + 1;
    if o + 1 < v && ph.lex.prepositions.contains(ph.low(o).as_ref()) {
        o += 1;
    }
    if o >= v || !ph.lex.relative_openers.contains(ph.low(o).as_ref()) {
        return false;
    }
    let lex = ph.lex;
    toks[v + 1..]
        .iter()
        .enumerate()
        .take_while(|(_, t)| t.word)
        .all(|(i, _)| {
            let l = ph.low(v + 1 + i);
            [&lex.passive, &lex.auxiliaries, &lex.pluperfect]
                .iter()
                .any(|set| set.contains(l.as_ref()))
        })
}

/// Whether the passive naming participle `v` (of `naming_acts`) in clause tokens `ca..cb` names a
/// term rather than reporting speech: the clause holds marked words that open with a capital
/// ("als „Sonnenwind“ bezeichnet") or a naming opener starts it or a part set off by a dash
/// ("so werden sie genannt", "wie er genannt wird").
fn names_term(ph: &Phrases<'_>, marked: &[Marked], v: usize, ca: usize, cb: usize) -> bool {
    let toks = ph.toks;
    let body = ph.text.body;
    // a term in marks opens with a noun; an evaluation in marks ("als „extrem“ bezeichnet") is
    // words the article quotes
    let term = || {
        (ca..cb)
            .find(|&k| toks[k].word && in_marks(marked, &toks[k]))
            .is_some_and(|k| capitalized(toks[k].text(body)))
    };
    ph.lex.naming_acts.contains(ph.low(v).as_ref())
        && (term()
            || (ca..v).any(|k| {
                ph.lex.naming_openers.contains(ph.low(k).as_ref())
                    && (k == ca || matches!(toks[k - 1].text(body), "–" | "-" | "("))
            }))
}

/// The agent phrase of a passive clause `a..b` ("von Unionspolitikern", "vom Gericht"): an
/// agent preposition that follows no noun, then a phrase naming someone.
fn passive_agent(ph: &Phrases<'_>, a: usize, b: usize) -> Option<Range<usize>> {
    let body = ph.text.body;
    let k = (a..b).find(|&k| {
        ph.toks[k].word
            && ph.lex.agent.contains(ph.low(k).as_ref())
            && (k == a || !capitalized(ph.toks[k - 1].text(body)))
    })?;
    let mut from = if k + 1 < b && ph.lex.determiners.contains(ph.low(k + 1).as_ref()) {
        k + 2
    } else {
        k + 1
    };
    let mut start = k + 1;
    // "von Seiten der Delegation": the agent is the source noun's complement
    if from + 2 < b
        && ph.lex.source_nouns.contains(ph.low(from).as_ref())
        && ph.lex.determiners.contains(ph.low(from + 1).as_ref())
    {
        start = from + 1;
        from += 2;
    }
    // the phrase ends before the auxiliary or verb that follows it ("von X wurden …")
    let verbal = |j: usize| {
        ph.lex.passive.contains(ph.low(j).as_ref())
            || ph.flags.get(j).copied().unwrap_or(0) & (VERB | PASSIVE_ACT) != 0
    };
    let end = match ph.np_forward(from, b).filter(|r| r.start == from) {
        Some(r) => (from..r.end).find(|&j| verbal(j)).unwrap_or(r.end),
        // a phrase opened by a quantifier ("von vielen Beobachtern", "von vielen"): its words
        // up to the verb, a stop word or punctuation
        None => (from..b.min(from + 6))
            .find(|&j| !ph.toks[j].word || verbal(j) || ph.lex.stop.contains(ph.low(j).as_ref()))
            .unwrap_or(b.min(from + 6)),
    };
    (end > from).then_some(start..end)
}

/// The agent of a passive reporting clause whose verb is token `k` in sentence `si` ("Die Miliz
/// wurde von der Regierung beschuldigt, …"): in the verb's own clause, outside the quote bytes
/// `q`, with a passive auxiliary in that clause and no complementizer or conjunction between
/// the agent and the verb; none for a verb of quoting, whose passive subject is the one quoted.
fn frame_agent(ph: &Phrases<'_>, q: &Range<usize>, si: usize, k: usize) -> Option<Range<usize>> {
    let toks = ph.toks;
    let body = ph.text.body;
    if ph.lex.quoting.contains(ph.low(k).as_ref()) {
        return None;
    }
    let a = tok_at(toks, sent(ph.text, si).start);
    let quote_end = tok_at(toks, q.end);
    let ca = (a..k)
        .rev()
        .find(|&j| !toks[j].word && !matches!(toks[j].text(body), "(" | ")" | "-"))
        .map_or(a, |j| j + 1)
        .max(if quote_end <= k { quote_end } else { a });
    let hi = (k + 2).min(toks.len());
    if !(ca..hi).any(|j| ph.lex.passive.contains(ph.low(j).as_ref())) {
        return None;
    }
    let r = passive_agent(ph, ca, k + 1)?;
    let joined = (r.start..k).any(|j| {
        let l = ph.low(j);
        ph.lex.complementizers.contains(l.as_ref()) || ph.lex.coordinators.contains(l.as_ref())
    });
    (!joined).then_some(r)
}

/// Whether sentence tokens `a..b` open with a demonstrative and a speech verb ("Das teilte die
/// Polizei mit."): a reporting clause about the sentence before, with no content of its own.
fn recap_at(ph: &Phrases<'_>, a: usize, b: usize) -> bool {
    a + 1 < b
        && ph.toks[a].word
        && ph.lex.recap_openers.contains(ph.low(a).as_ref())
        && verb_at(ph, a + 1, b, false)
}

/// Whether phrase `r` right after a verb reads as its subject rather than its object: it opens
/// with a determiner or pronoun, or names a person or organization ("kündigten Untersuchungen
/// an" has an object there).
fn subject_after_verb(ph: &Phrases<'_>, r: &Range<usize>) -> bool {
    let first = ph.low(r.start);
    ph.lex.determiners.contains(first.as_ref())
        || ph.lex.pronouns.contains(first.as_ref())
        || entity_in(ph.text, ph.entities, ph.bytes(r))
            .is_some_and(|e| matches!(e.entity_type, EntityType::Person | EntityType::Organization))
}

/// Subjunctive sentences right after a quote continue its speaker's report.
fn free_indirect(ph: &Phrases<'_>, marked: &[Marked], attrib: &[bool], cands: &mut Vec<Cand>) {
    let text = ph.text;
    let toks = ph.toks;
    if ph.lex.subjunctive.is_empty() {
        return;
    }
    let mut added: Vec<Cand> = Vec::new();
    let mut ci = 0;
    // whether the sentence before holds a quote: then a regular Konjunktiv I shape continues
    // that report
    let mut prev_quoted = false;
    for si in 0..text.sentences.len() {
        let s = sent(text, si);
        while ci < cands.len() && cands[ci].bytes.end <= s.start {
            ci += 1;
        }
        if cands.get(ci).is_some_and(|c| c.bytes.start < s.end) {
            prev_quoted = true;
            continue;
        }
        let continues = std::mem::take(&mut prev_quoted);
        // Konjunktiv I marks reported speech on its own, unless the sentence before names a
        // report (then the sentence is that report's claim, an attribution) and no one speaks
        // there ("X wies die Vorwürfe zurück. Es seien …" goes on with X's answer)
        let after_report = si.checked_sub(1).map(|p| sent(text, p)).is_some_and(|p| {
            let (pa, pb) = (tok_at(toks, p.start), tok_at(toks, p.end));
            (pa..pb).any(|k| ph.flags.get(k).copied().unwrap_or(0) & REPORT_NOUN != 0)
                && !ph.speaks_in(marked, pa, pb)
        });
        if after_report || attrib.get(si).copied().unwrap_or(false) {
            continue;
        }
        let (a, b) = (tok_at(toks, s.start), tok_at(toks, s.end));
        // after a quote, a regular Konjunktiv I shape or a Konjunktiv II form goes on with the
        // report, unless a conditional conjunction makes the Konjunktiv II a condition
        let conditional = || (a..b).any(|k| ph.lex.conditionals.contains(ph.low(k).as_ref()));
        let konjunktiv = has_subjunctive(ph, marked, a, b, false)
            || (continues
                && ((a..b).any(|k| ph.subjunctive_form(k) && !in_marks(marked, &toks[k]))
                    || ((a..b).any(|k| {
                        ph.lex.subjunctive_continued.contains(ph.low(k).as_ref())
                            && !in_marks(marked, &toks[k])
                    }) && !conditional())));
        if !konjunktiv {
            continue;
        }
        prev_quoted = true;
        let bytes = trim_quote(text.body, s.clone());
        // a run of such sentences in one paragraph is one report
        if let Some(last) = added.last_mut().filter(|l| {
            text.body.get(l.bytes.end..bytes.start).is_some_and(|gap| {
                gap.chars()
                    .all(|c| matches!(c, ' ' | '\t' | '.' | '!' | '?' | ';' | ':'))
            })
        }) {
            last.bytes.end = bytes.end;
            continue;
        }
        added.push(Cand {
            bytes,
            kind: QuoteKind::Indirect,
            cue: None,
            speaker: None,
        });
    }
    if !added.is_empty() {
        cands.extend(added);
        cands.sort_by_key(|c| (c.bytes.start, c.bytes.end));
    }
}

/// Assigns speakers in text order: the frame's phrase, else the previous quote's speaker when
/// it is near, else the subject of the previous sentence when it names someone.
fn assign(ph: &Phrases<'_>, cands: Vec<Cand>) -> Vec<Quote> {
    let text = ph.text;
    let body = text.body;
    let mut out = Vec::with_capacity(cands.len());
    let mut last: Option<Who> = None;
    let mut last_quote: Option<(usize, Option<Who>)> = None;
    for c in cands {
        let si = text.sentence_index(c.bytes.start);
        let who = match &c.speaker {
            Some(r) => ph.resolve(r.clone(), last.as_ref()),
            None => match c.cue {
                Some(k) => sentence_subject(ph, text.sentence_index(ph.toks[k].start), k)
                    .and_then(|r| ph.resolve(r, last.as_ref())),
                None => {
                    let near = last_quote.as_ref().filter(|(qs, _)| qs + 2 >= si);
                    // a speech act reported in the sentence before, without a quote of its own,
                    // introduces the speaker ("X nannte die Forderung unrealistisch. Fahrzeuge
                    // seien …")
                    let act = si
                        .checked_sub(1)
                        .filter(|p| near.is_none_or(|(qs, _)| qs < p))
                        .and_then(|p| speech_act_subject(ph, p))
                        .and_then(|r| ph.resolve(r, last.as_ref()));
                    // so does the source of an attribution in this sentence, first ("Gleiches
                    // gelte nach Meinung Russlands …"), or there ("Nach Angaben des Ombudsmans
                    // … . In vielen Fällen käme es …")
                    let source_before = || {
                        si.checked_sub(1)
                            .filter(|p| near.is_none_or(|(qs, _)| qs < p))
                            .and_then(|p| attribution_source(ph, p))
                            .and_then(|r| ph.resolve(r, last.as_ref()))
                    };
                    let act = attribution_source(ph, si)
                        .and_then(|r| ph.resolve(r, last.as_ref()))
                        .or(act)
                        .or_else(source_before);
                    match near {
                        _ if act.is_some() => act,
                        Some((_, w)) => w.clone(),
                        None => previous_subject(ph, si)
                            .and_then(|r| ph.resolve(r, last.as_ref()))
                            .or_else(|| last.clone()),
                    }
                }
            },
        };
        // a passive frame speaks about its subject ("X wurde vorgeworfen, …"): no one speaks
        let passive = c.cue.is_some_and(|k| {
            let a = tok_at(ph.toks, sent(text, si).start);
            (a..(k + 2).min(ph.toks.len())).any(|j| ph.lex.passive.contains(ph.low(j).as_ref()))
        });
        // … unless it names its agent ("Die Miliz wurde von der Regierung beschuldigt, …")
        let agent = c
            .cue
            .filter(|_| passive)
            .and_then(|k| frame_agent(ph, &c.bytes, si, k))
            .and_then(|r| ph.resolve(r, last.as_ref()));
        let who = agent
            .or(who)
            .or_else(|| sole_person(ph, si, &c.bytes).filter(|_| !passive))
            .or_else(|| document_source(ph, si, &c.bytes));
        if let Some(w) = who.as_ref().filter(|w| !w.pronoun) {
            last = Some(w.clone());
        }
        last_quote = Some((
            text.sentence_index(c.bytes.end.saturating_sub(1)),
            who.clone(),
        ));
        let span = text.span(c.bytes.clone());
        let cue = c.cue.and_then(|k| {
            let t = ph.toks[k];
            let l = lower(t.text(body));
            let hi = text
                .sentences
                .get(text.sentence_index(t.start))
                .map_or(ph.toks.len(), |s| tok_at(ph.toks, s.end));
            let end = ph
                .lex
                .verb_frame(l.as_ref(), ph.toks, body, k + 1, hi)
                .flatten()
                .map_or(t.end, |p| ph.toks[p].end);
            body.get(t.start..end).map(str::to_string)
        });
        let speaker_mention = who.as_ref().and_then(|w| w.named_by.clone());
        out.push(Quote {
            text: body[c.bytes.clone()].to_string(),
            kind: c.kind,
            speaker: who.as_ref().map(|w| w.name.clone()),
            speaker_id: who.and_then(|w| w.id),
            cue,
            speaker_mention,
            start: span.start,
            end: span.end,
        });
    }
    out
}

/// Adds every quote's speaker words that are a pronoun or a description ("er", "der Minister")
/// to the mentions of the entity they resolved to: coreference the quotes stage found, so an
/// entity lists each place the article refers to it, marked by how it refers.
pub fn link_speaker_mentions(entities: &mut [Entity], quotes: &[Quote]) {
    for q in quotes {
        let (Some(id), Some(m)) = (&q.speaker_id, &q.speaker_mention) else {
            continue;
        };
        if m.refers.is_none() {
            continue;
        }
        let Some(e) = entities.iter_mut().find(|e| &e.id == id) else {
            continue;
        };
        if e.mentions
            .iter()
            .any(|x| x.start < m.end && m.start < x.end)
        {
            continue;
        }
        let at = e.mentions.partition_point(|x| x.start < m.start);
        e.mentions.insert(at, m.clone());
    }
}

/// The source of a document that sentence `si` names outside the quote bytes `q` ("In einer
/// Mitteilung des Gerichts heißt es, …", "Im Bericht wurde festgestellt, …"): a document noun
/// (or a compound ending in one, "Pressemitteilung") right after one of `document_preps` and a
/// determiner speaks for its owner (after one of `document_owners`), else for itself.
fn document_source(ph: &Phrases<'_>, si: usize, q: &Range<usize>) -> Option<Who> {
    let s = ph.text.sentences.get(si)?;
    let (a, b) = (tok_at(ph.toks, s.start), tok_at(ph.toks, s.end));
    let outside = |k: usize| ph.toks[k].end <= q.start || ph.toks[k].start >= q.end;
    let prep = (a..b).find(|&k| {
        ph.toks[k].word && outside(k) && ph.lex.document_preps.contains(ph.low(k).as_ref())
    })?;
    let noun = (prep + 1..b.min(prep + 4))
        .take_while(|&k| ph.toks[k].word && outside(k))
        .find(|&k| capitalized(ph.toks[k].text(ph.text.body)))
        .filter(|&k| {
            let l = ph.low(k);
            l.char_indices()
                .any(|(i, _)| ph.lex.documents.contains(&l[i..]))
        })?;
    let owner = (noun + 1 < b
        && outside(noun + 1)
        && ph.lex.document_owners.contains(ph.low(noun + 1).as_ref()))
    .then(|| ph.np_forward(noun + 2, b))
    .flatten()
    .filter(|r| r.end <= b && (r.start..r.end).all(outside));
    ph.resolve(owner.unwrap_or(prep + 1..noun + 1), None)
}

/// The one person that sentence `si` names outside the quote bytes `q`: a report with no
/// speaker found otherwise speaks for the only person its sentence names ("Pflugbeil hatte
/// Positives zu vermelden: …").
fn sole_person(ph: &Phrases<'_>, si: usize, q: &Range<usize>) -> Option<Who> {
    let text = ph.text;
    let s = text.sentences.get(si)?;
    let (lo, hi) = (text.char_at(s.start), text.char_at(s.end));
    let (qa, qb) = (text.char_at(q.start), text.char_at(q.end));
    let mut named = ph
        .entities
        .iter()
        .filter(|e| e.entity_type == EntityType::Person)
        .filter_map(|e| {
            e.mentions
                .iter()
                .find(|m| m.start >= lo && m.end <= hi && (m.end <= qa || m.start >= qb))
                .map(|m| (e, m))
        });
    let (e, m) = named.next()?;
    named.next().is_none().then(|| Who::of(e, Some(m.clone())))
}

/// The subject of the first speech verb of sentence `si`: the phrase opening the clause, else
/// the phrase after the verb.
fn speech_act_subject(ph: &Phrases<'_>, si: usize) -> Option<Range<usize>> {
    let s = ph.text.sentences.get(si)?;
    let (a, b) = (tok_at(ph.toks, s.start), tok_at(ph.toks, s.end));
    let v = (a..b).find(|&k| verb_at(ph, k, b, false))?;
    let fwd = ph.np_forward(v + 1, b);
    ph.np_backward(v, a)
        .filter(|r| {
            clause_start(ph, a, r.start)
                && !lone_opener(ph, r, a)
                && fwd.as_ref().is_none_or(|f| !inverted_subject(ph, v, f, r))
        })
        .or_else(|| appositive_subject(ph, a, v))
        .or_else(|| aux_subject(ph, a, v))
        .or(fwd)
}

/// The front field `a..v` of a verb when it is a subject with an apposition closed by a comma
/// right before the verb ("Die Haushaltspolitikerin der Grünen, Anja Hajduk, kritisierte …"):
/// it names a person, and then the phrase after the verb is the object, not the speaker.
fn appositive_subject(ph: &Phrases<'_>, a: usize, v: usize) -> Option<Range<usize>> {
    let c = v
        .checked_sub(1)
        .filter(|&c| c > a && ph.toks[c].text(ph.text.body) == ",")?;
    let opens = (a..c)
        .filter(|&k| ph.toks[k].text(ph.text.body) == ",")
        .count()
        == 1;
    (opens
        && entity_in(ph.text, ph.entities, ph.bytes(&(a..c)))
            .is_some_and(|e| e.entity_type == EntityType::Person))
    .then_some(a..c)
}

/// The subject phrase opening the sentence before `si`, if it names someone (a name of two
/// capitalized words where nouns are lowercase, or a person or organization entity).
fn previous_subject(ph: &Phrases<'_>, si: usize) -> Option<Range<usize>> {
    let prev = ph.text.sentences.get(si.checked_sub(1)?)?;
    let (a, b) = (tok_at(ph.toks, prev.start), tok_at(ph.toks, prev.end));
    let r = ph.np_forward(a, b)?;
    let body = ph.text.body;
    // where nouns are capitalized, capitals do not mark a name ("Die Mitbestimmung der
    // Gewerkschaften"): only an entity does
    let names = r
        .clone()
        .filter(|&k| capitalized(ph.toks[k].text(body)))
        .count();
    let named = entity_in(ph.text, ph.entities, ph.bytes(&r))
        .is_some_and(|e| matches!(e.entity_type, EntityType::Person | EntityType::Organization));
    ((names >= 2 && ph.lex.lowercase_nouns) || named).then_some(r)
}

/// The source named after a source opener of sentence `si` ("laut der Polizei", "nach Angaben
/// des Ombudsmans"), when the sentence has one.
fn attribution_source(ph: &Phrases<'_>, si: usize) -> Option<Range<usize>> {
    let s = ph.text.sentences.get(si)?;
    let (a, b) = (tok_at(ph.toks, s.start), tok_at(ph.toks, s.end));
    // "Angaben der Polizei zufolge": the source stands before the closer
    let before = (a + 1..b).find_map(|k| {
        ph.lex
            .source_closers
            .contains(ph.low(k).as_ref())
            .then(|| ph.np_backward(k, a))
            .flatten()
    });
    before.or_else(|| {
        (a..b).find_map(|k| {
            if !ph.toks[k].word {
                return None;
            }
            // the token's lowercase form once, against each phrase's first word
            let first = ph.low(k);
            ph.lex.source_openers.iter().find_map(|phrase| {
                let hit = phrase.first().is_some_and(|w| *w == first)
                    && phrase.iter().enumerate().skip(1).all(|(j, w)| {
                        k + j < b && ph.toks[k + j].word && ph.low(k + j) == w.as_str()
                    });
                if !hit {
                    return None;
                }
                // "laut einem Bericht des Senders": the source is the noun's complement
                let mut i = k + phrase.len();
                let det = i < b && ph.lex.determiners.contains(ph.low(i).as_ref());
                let n = i + usize::from(det);
                if n + 1 < b
                    && ph.lex.source_nouns.contains(ph.low(n).as_ref())
                    && (ph.lex.determiners.contains(ph.low(n + 1).as_ref())
                        || ph.lex.agent.contains(ph.low(n + 1).as_ref()))
                {
                    i = n + 1 + usize::from(ph.lex.agent.contains(ph.low(n + 1).as_ref()));
                }
                // "nach Ansicht von Senator Dodd": the agent preposition opens the source
                if i + 1 < b && ph.lex.agent.contains(ph.low(i).as_ref()) {
                    i += 1;
                }
                // the finite verb after the source ends it ("laut Aussage des Ministeriums lebte
                // X", "nach Angaben der Verteidigung habe X …", "… der Hacker wurden …")
                let r = ph.np_forward(i, b)?;
                let noun = r
                    .clone()
                    .find(|&j| capitalized(ph.toks[j].text(ph.text.body)))?;
                let end = (noun + 1..r.end)
                    .find(|&j| {
                        let l = ph.low(j);
                        ph.lex.past_form(ph.toks[j].text(ph.text.body), &l)
                            || ph.lex.auxiliaries.contains(l.as_ref())
                            || ph.lex.passive.contains(l.as_ref())
                    })
                    .unwrap_or(r.end);
                Some(r.start..end)
            })
        })
    })
}

/// The phrase opening sentence `si` when it names a person or organization, or when an active
/// auxiliary or the speech verb `v` follows it (the subject before the finite verb): the subject
/// of a speech verb whose own subject is out of reach ("X hatte …, aber betont, …", "Die
/// Universität hatte am Montag erklärt, …"); none in a passive clause.
fn sentence_subject(ph: &Phrases<'_>, si: usize, v: usize) -> Option<Range<usize>> {
    let s = ph.text.sentences.get(si)?;
    let (a, b) = (tok_at(ph.toks, s.start), tok_at(ph.toks, s.end));
    let r = ph.np_forward(a, b)?;
    // in a passive clause the subject is spoken about ("Klien wurde vorgeworfen, …")
    if (r.end..(v + 2).min(b)).any(|k| ph.lex.passive.contains(ph.low(k).as_ref())) {
        return None;
    }
    let named = entity_in(ph.text, ph.entities, ph.bytes(&r))
        .is_some_and(|e| e.entity_type != EntityType::Location);
    let before_verb = r.end == v
        || (r.end < v
            && ph.toks[r.end].word
            && ph.lex.skip.contains(ph.low(r.end).as_ref())
            && !ph.lex.passive.contains(ph.low(r.end).as_ref())
            && !ph.lex.pronouns.contains(ph.low(r.start).as_ref()));
    (named || (before_verb && !lone_opener(ph, &r, a))).then_some(r)
}

#[cfg(test)]
mod tests;
