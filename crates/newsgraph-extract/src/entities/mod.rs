//! Entities: persons, organizations and locations, resolved to canonical names.
//!
//! Three layers: (1) every knowledge-base alias and inflected demonym is found with one
//! Aho-Corasick pass, kept only on word boundaries (a genitive suffix or a hyphenated compound
//! may follow: "Russlands", "UN-Sanktionen"); (2) rules from the language pack add what the KB
//! cannot list: persons after titles or given names, organizations by head noun, regions by
//! prefix, government bodies from a country adjective plus a noun; (3) overlaps go to the longer
//! span, surnames of the persons found link their later short mentions, and mentions of one
//! entity are merged. Anything without evidence is left out.

mod evidence;
mod kb;
mod lexicon;
mod tagger;

use std::cell::OnceCell;
use std::ops::Range;

use newsgraph_core::{Entity, EntityType, Mention, Text};
use newsgraph_lang::LangPack;

use kb::FastMap;
pub use kb::{Kb, KbEntity};
use lexicon::{flag, Kind, Lexicon};
pub use tagger::{Tagger, TaggerError, TrainOptions, TrainSentence};

/// Finds the entities of `text`, in order of first mention, with ids "e1", "e2", ...
pub fn extract(text: &Text<'_>, pack: &LangPack) -> Vec<Entity> {
    let kb = Kb::get();
    let lex = Lexicon::for_pack(pack);
    let doc = Doc::new(text.body);
    let mut pass = rule_pass(kb, lex, &doc);
    if let Some(model) = Tagger::for_pack(pack) {
        let tagged = model.tag(kb, lex, &doc, &pass, model.threshold());
        add_learned(kb, lex, &doc, tagged, &mut pass);
        // the tagger's people are named again later too ("Oumar Nafisatu" … "Nafisatu sagt")
        coreference(kb, lex, &doc, &mut pass.chosen, &pass.found);
    }
    assemble(kb, text, &pass.chosen, &pass.found)
}

/// Adds the tagger's names. A name replaces the rule mentions it overlaps, except where one of
/// them has its exact span, is a country (or its adjective) or a known organization, or is an
/// organization the rules built that the name only extends ("Universität Mainz" in
/// "Universität Mainz Musikwissenschaft"). A name must be consistent in the document
/// ([`consistent`]), and a lone word after a noun that is no title ("das Label Carus") is no
/// person. A name the knowledge base knows under that type is linked to its entry; any other
/// becomes a new entity named as written (a lone surname without its genitive ending).
fn add_learned(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>, tagged: tagger::Tagged, pass: &mut RulePass) {
    for s in &tagged.spans {
        let (Some(a), Some(b)) = (doc.toks.get(s.toks.start), doc.toks.get(s.toks.end - 1)) else {
            continue;
        };
        let range = a.start..b.end;
        let overlaps = |c: &Cand| c.range.start < range.end && range.start < c.range.end;
        let kept = |c: &Cand| match c.target {
            Ref::Kb(x) => {
                let e = &kb.entities[x];
                e.subtype == "country"
                    || c.kind == Kind::Demonym
                    || e.entity_type == EntityType::Organization
            }
            Ref::New(_) => {
                s.entity_type == EntityType::Organization
                    && pass.type_of(kb, c) == EntityType::Organization
                    && range.start <= c.range.start
                    && c.range.end <= range.end
            }
        };
        if pass
            .chosen
            .iter()
            .any(|c| overlaps(c) && (c.range == range || kept(c)))
        {
            continue;
        }
        if quoted(doc, &range)
            || (s.entity_type == EntityType::Person
                && s.toks.len() == 1
                && apposed(kb, lex, doc, s.toks.start))
            || !consistent(doc, &tagged.spans, &range, s.entity_type)
        {
            continue;
        }
        pass.chosen.retain(|c| !overlaps(c));
        let surface = &doc.body[range.clone()];
        let known = std::iter::once(surface)
            .chain(
                lex.rules
                    .name_suffixes
                    .iter()
                    .filter_map(|suf| surface.strip_suffix(suf.as_str())),
            )
            .filter_map(|f| lex.forms.get(f))
            .flatten()
            .find(|t| t.kind == Kind::Name && kb.entities[t.entity].entity_type == s.entity_type);
        let target = match known {
            Some(t) => Ref::Kb(t.entity),
            None => {
                let words = doc.words(s.toks.start, s.toks.end);
                let after_article = s
                    .toks
                    .start
                    .checked_sub(1)
                    .is_some_and(|k| doc.gap(k) == " " && lex.genitive_article(doc.word(k)));
                let name = if s.entity_type == EntityType::Person {
                    strip_genitive(lex, &words, s.toks.len())
                } else if after_article {
                    // "des Dresdner Kreuzchors": the name without its genitive ending
                    strip_genitive(lex, &words, 1)
                } else {
                    words
                };
                pass.found.add(NewEntity {
                    name,
                    entity_type: s.entity_type,
                    subtype: None,
                    country: None,
                    kb_id: None,
                })
            }
        };
        pass.chosen.push(Cand {
            range,
            target,
            kind: Kind::Name,
        });
    }
    pass.chosen.sort_by_key(|c| c.range.start);
}

/// Quotation marks that open and close a title.
const QUOTES: &[char] = &['"', '„', '“', '”', '«', '»', '‚', '‘', '’', '\''];

/// Whether `range` is all that stands between quotation marks: a title of a work or a product
/// ("T-Mobile („MDA Touch“)"), which the tagger's knowledge of names does not cover.
fn quoted(doc: &Doc<'_>, range: &Range<usize>) -> bool {
    // tokenized text sets the marks apart: "„ MDA Touch “"
    let before = doc.body[..range.start]
        .strip_suffix(' ')
        .unwrap_or(&doc.body[..range.start]);
    let after = doc.body[range.end..]
        .strip_prefix(' ')
        .unwrap_or(&doc.body[range.end..]);
    before.ends_with(QUOTES) && after.starts_with(QUOTES)
}

/// Whether the lone word `k` stands where a person's name does not: before a role noun that it
/// qualifies ("Trierer Forscher"), or after a noun that is no title or given name, itself after
/// a function word ("das CD-Label Carus" names a label).
fn apposed(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>, k: usize) -> bool {
    if doc.gap(k) == " " && lex.titles.contains(doc.word(k + 1)) {
        return true;
    }
    let Some(mut b) = k.checked_sub(1) else {
        return false;
    };
    let prev = doc.word(b);
    while b > 0 && doc.gap(b - 1) == "-" {
        b -= 1;
    }
    let before = b.checked_sub(1).map_or("", |i| doc.word(i));
    is_upper_initial(prev)
        && !lex.titles.contains(prev)
        && !kb.first_names.contains(prev)
        && !is_upper_initial(before)
        && lex.not_name.contains(&capitalize(before))
}

/// Whether the tagger names the words of `range` (or a part of them) as `entity_type` at most of
/// the places they stand in the body (alone or in a compound): one sense per document, so that a
/// word the model takes for a name once and passes over elsewhere ("RELA" beside "RELA-Gen") is
/// left out. A person's name of several words needs only half of its places, with the type the
/// model gives it first: it has no other sense, and a place the model passes over or types
/// otherwise is its miss ("Am Montag hatte Saddam Hussein …").
fn consistent(
    doc: &Doc<'_>,
    spans: &[tagger::Span],
    range: &Range<usize>,
    entity_type: EntityType,
) -> bool {
    let surface = &doc.body[range.clone()];
    let mut seen = 0;
    let mut named = 0;
    let mut first_type = None;
    for at in doc.whole_word_matches(surface) {
        let end = at + surface.len();
        seen += 1;
        // the whole name, or a part of it ("Hussein" where "Saddam Hussein" opens a sentence)
        let mut inside = spans.iter().filter(|s| {
            doc.toks.get(s.toks.start).is_some_and(|t| t.start >= at)
                && doc.toks.get(s.toks.end - 1).is_some_and(|t| t.end <= end)
        });
        if let Some(s) = inside.next() {
            first_type.get_or_insert(s.entity_type);
            if s.entity_type == entity_type || inside.any(|s| s.entity_type == entity_type) {
                named += 1;
            }
        }
    }
    2 * named > seen
        || (entity_type == EntityType::Person
            && surface.contains(' ')
            && 2 * named == seen
            && first_type == Some(entity_type))
}

/// What the rules found in a body: the raw dictionary hits, the chosen mentions, and the
/// entities the rules made.
struct RulePass {
    kb_hits: Vec<Cand>,
    chosen: Vec<Cand>,
    found: Found,
}

/// Dictionary, rules, overlap resolution, coreference and government bodies.
fn rule_pass(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>) -> RulePass {
    let mut found = Found::default();
    let kb_hits = kb_matches(kb, lex, doc);
    let mut primary: Vec<Cand> = kb_hits.clone();
    primary.extend(region_rule(kb, lex, doc, &kb_hits, &mut found));
    primary.extend(org_rules(kb, lex, doc, &kb_hits, &mut found));
    primary.extend(linked_org_rule(lex, doc, &mut found));
    primary.extend(person_rules(kb, lex, doc, &kb_hits, &mut found));
    let mut chosen = resolve(primary);
    if lex.rules.capitalized_adjective_names {
        adjectives_in_names(kb, doc, &mut chosen, &found);
    }
    coreference(kb, lex, doc, &mut chosen, &found);
    let bodies = body_rule(kb, lex, doc, &chosen, &mut found);
    chosen.extend(bodies);
    evidence::evidence_orgs(kb, lex, doc, &mut chosen, &mut found);
    RulePass {
        kb_hits,
        chosen,
        found,
    }
}

impl RulePass {
    /// The type of the entity a candidate points to.
    fn type_of(&self, kb: &Kb, c: &Cand) -> EntityType {
        match c.target {
            Ref::Kb(x) => kb.entities[x].entity_type,
            Ref::New(x) => self.found.items[x].entity_type,
        }
    }
}

/// Where a candidate mention points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ref {
    /// A knowledge-base entry.
    Kb(usize),
    /// An entity made by a rule (index into [`Found::items`]).
    New(usize),
}

/// A candidate mention (byte range into the body).
#[derive(Debug, Clone)]
struct Cand {
    range: Range<usize>,
    target: Ref,
    kind: Kind,
}

/// An entity that a rule recognised and the KB does not list.
#[derive(Debug, Clone)]
struct NewEntity {
    name: String,
    entity_type: EntityType,
    subtype: Option<String>,
    country: Option<String>,
    kb_id: Option<String>,
}

/// Entities made by rules, deduplicated by type and name.
#[derive(Debug, Default)]
struct Found {
    items: Vec<NewEntity>,
    index: FastMap<(EntityType, String), usize>,
}

impl Found {
    fn add(&mut self, e: NewEntity) -> Ref {
        let key = (e.entity_type, e.name.to_lowercase());
        if let Some(&i) = self.index.get(&key) {
            return Ref::New(i);
        }
        self.items.push(e);
        self.index.insert(key, self.items.len() - 1);
        Ref::New(self.items.len() - 1)
    }
}

/// A word of the body (byte range).
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
}

/// [`BYTE_CLASS`] of an ASCII byte that is no letter or digit.
const ASCII_OTHER: u8 = 0;
/// [`BYTE_CLASS`] of an ASCII letter or digit.
const ASCII_ALNUM: u8 = 1;
/// [`BYTE_CLASS`] of a byte past ASCII, whose char must be decoded.
const NON_ASCII: u8 = 2;

/// The class of every byte, so that the tokenizer reads a table instead of testing ranges.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [ASCII_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if !byte.is_ascii() {
            NON_ASCII
        } else if byte.is_ascii_alphanumeric() {
            ASCII_ALNUM
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    table
};

/// The body with its words.
struct Doc<'a> {
    body: &'a str,
    toks: Vec<Tok>,
    /// What the lexicon says about each word ([`lexicon::flag`]), looked up on first use.
    flags: OnceCell<Vec<u16>>,
}

impl<'a> Doc<'a> {
    fn new(body: &'a str) -> Self {
        // most text is ASCII: a byte of it is classified by a table lookup, and only a byte past
        // ASCII starts a char to decode
        let bytes = body.as_bytes();
        let class = |i: usize| {
            bytes
                .get(i)
                .map_or(ASCII_OTHER, |&b| BYTE_CLASS[usize::from(b)])
        };
        let wide = |i: usize| {
            body.get(i..)
                .and_then(|s| s.chars().next())
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
        };
        let mut toks = Vec::with_capacity(body.len() / 6);
        let mut i = 0;
        // a word is a run of letters and digits: skip to one, then to its end
        while i < bytes.len() {
            let start = i;
            match class(i) {
                ASCII_ALNUM => i += 1,
                ASCII_OTHER => {
                    i += 1;
                    continue;
                }
                _ => {
                    let (alnum, len) = wide(i);
                    i += len;
                    if !alnum {
                        continue;
                    }
                }
            }
            loop {
                match class(i) {
                    ASCII_ALNUM => i += 1,
                    ASCII_OTHER => break,
                    _ => {
                        let (alnum, len) = wide(i);
                        if !alnum {
                            break;
                        }
                        i += len;
                    }
                }
            }
            toks.push(Tok { start, end: i });
        }
        Doc {
            body,
            toks,
            flags: OnceCell::new(),
        }
    }

    /// Whether word `i` has one of the lexicon's flags `bits` ([`lexicon::flag`]).
    fn has(&self, lex: &Lexicon, i: usize, bits: u16) -> bool {
        self.flags_of(lex, i) & bits != 0
    }

    /// The lexicon's flags of word `i` ([`lexicon::flag`]), with [`flag::UPPER`] for a
    /// capitalized word; the flags of all words are looked up at the first call, one table
    /// lookup per word.
    fn flags_of(&self, lex: &Lexicon, i: usize) -> u16 {
        self.all_flags(lex)
            .get(i)
            .copied()
            .unwrap_or_else(|| lex.word_flags(""))
    }

    /// The flags of every word ([`Doc::flags_of`]), for a rule that walks all of them.
    fn all_flags(&self, lex: &Lexicon) -> &[u16] {
        self.flags.get_or_init(|| {
            let bytes = self.body.as_bytes();
            self.toks
                .iter()
                .map(|t| {
                    let w = self.body.get(t.start..t.end).unwrap_or_default();
                    // an ASCII initial needs no char decode
                    let upper = match w.as_bytes().first() {
                        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                        _ => is_upper_initial(w),
                    };
                    // a word of up to eight bytes (letters and digits, no NUL) is its
                    // lexicon::short_key: the eight bytes from its start, those past its end
                    // masked off
                    let len = t.end - t.start;
                    let window = bytes
                        .get(t.start..t.start + 8)
                        .and_then(|b| <[u8; 8]>::try_from(b).ok());
                    let flags = match window {
                        Some(b) if (1..=8).contains(&len) => lex.short_word_flags(
                            u64::from_le_bytes(b) & (u64::MAX >> (8 * (8 - len))),
                        ),
                        _ => lex.word_flags(w),
                    };
                    flags | if upper { flag::UPPER } else { 0 }
                })
                .collect()
        })
    }

    /// Where `w` stands in the body as a whole word (no letter or digit right before or after
    /// it), found by a vectorized search.
    fn whole_word_matches<'w>(&self, w: &'w str) -> impl Iterator<Item = usize> + use<'a, 'w> {
        let body = self.body;
        memchr::memmem::find_iter(body.as_bytes(), w.as_bytes()).filter(move |&at| {
            let before = body.get(..at).and_then(|h| h.chars().next_back());
            let after = body.get(at + w.len()..).and_then(|t| t.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    }

    fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.body[t.start..t.end])
    }

    /// Text between token `i` and token `i + 1` (inlined: the rules ask for it in their loops,
    /// where a call costs as much as the slice).
    #[inline]
    fn gap(&self, i: usize) -> &'a str {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => &self.body[a.end..b.start],
            (Some(a), None) => &self.body[a.end..],
            _ => "",
        }
    }

    /// Index of the token ending at byte `b`.
    fn tok_ending(&self, b: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.end < b);
        (self.toks.get(i).is_some_and(|t| t.end == b)).then_some(i)
    }

    /// Whether the word at `i` is followed by a period (part of "Dr.", "Inc."; tokenized text
    /// may have a space before it).
    fn dotted(&self, i: usize) -> bool {
        self.gap(i).trim_start_matches(' ').starts_with('.')
    }

    /// Words `i..j` joined by single spaces (or kept hyphens) as one string.
    fn words(&self, i: usize, j: usize) -> String {
        match (
            self.toks.get(i),
            j.checked_sub(1).and_then(|k| self.toks.get(k)),
        ) {
            (Some(a), Some(b)) if a.start <= b.end => self.body[a.start..b.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        }
    }
}

/// `s.ends_with(part)`, with the last bytes compared first: most words end in another letter,
/// and that test needs no call.
fn ends_with_word_part(s: &str, part: &str) -> bool {
    part.as_bytes()
        .last()
        .is_none_or(|b| s.as_bytes().last() == Some(b))
        && s.ends_with(part)
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn is_upper_initial(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn next_char(body: &str, b: usize) -> Option<char> {
    body[b..].chars().next()
}

/// "MOSCOW" -> "Moscow", "NEW YORK" -> "New York": datelines and headlines in capitals.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// Knowledge-base aliases and demonyms on word boundaries, overlaps not yet resolved. A name may
/// carry a genitive suffix ("Russlands") or end a hyphenated compound's first part
/// ("UN-Sanktionen"); a name written in capitals counts for places ("MOSCOW").
fn kb_matches(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>) -> Vec<Cand> {
    let body = doc.body;
    let n = doc.toks.len();
    let mut out = Vec::new();
    let mut hit = |start: usize, end: usize, target: &lexicon::Target| {
        if accept(kb, lex, body, start, end, target) {
            out.push(Cand {
                range: start..end,
                target: Ref::Kb(target.entity),
                kind: target.kind,
            });
        }
    };
    let bytes = body.as_bytes();
    for (i, (&f, t)) in doc.all_flags(lex).iter().zip(&doc.toks).enumerate() {
        let (start, end) = (t.start, t.end);
        // a word that starts no form and has a lower-case letter (so no name in capitals
        // either) can only be a one-word name with a suffix ("Russlands"); most such words
        // have an ASCII lower-case letter first or second, and most end in no suffix's last
        // byte ([`stem_hit`] looks at that first)
        let ascii_lower = |b: usize| b < end && bytes.get(b).is_some_and(u8::is_ascii_lowercase);
        if f & flag::FORM_START == 0
            && (ascii_lower(start)
                || ascii_lower(start + 1)
                || doc.word(i).chars().any(char::is_lowercase))
        {
            if let Some(target) = stem_hit(lex, &body[start..end]) {
                hit(start, end, target);
            }
            continue;
        }
        for j in i..n.min(i + lex.max_words) {
            let end = doc.toks[j].end;
            let text = &body[start..end];
            let caps = !text.chars().any(char::is_lowercase)
                && text.chars().filter(|c| c.is_alphabetic()).nth(3).is_some();
            let titled = caps.then(|| title_case(text));
            let mut found: Option<(&lexicon::Target, usize)> = None;
            // "U.S.", "Inc.": the period belongs to the name
            if body[end..].starts_with('.') {
                if let Some(t) = lex.forms.get(&body[start..end + 1]).and_then(|v| v.first()) {
                    found = Some((t, end + 1));
                }
            }
            // a text of one word is a form only if its flags say so
            if found.is_none() && (j > i || doc.has(lex, i, flag::FORM)) {
                found = lex
                    .forms
                    .get(text)
                    .and_then(|v| v.first())
                    .map(|t| (t, end));
            }
            if found.is_none() {
                if let Some(tc) = &titled {
                    found = lex
                        .forms
                        .get(tc.as_str())
                        .and_then(|v| v.first())
                        .filter(|t| kb.entities[t.entity].entity_type == EntityType::Location)
                        .map(|t| (t, end));
                }
            }
            if found.is_none() {
                found = stem_hit(lex, text).map(|t| (t, end));
            }
            if let Some((target, end)) = found {
                hit(start, end, target);
            }
            let more = ((j > i || doc.has(lex, i, flag::PREFIX)) && lex.prefixes.contains(text))
                || titled.as_deref().is_some_and(|t| lex.prefixes.contains(t));
            if !more {
                break;
            }
        }
    }
    out
}

/// The name that `text` is with a suffix of the language ("Russlands"), if any.
fn stem_hit<'l>(lex: &'l Lexicon, text: &str) -> Option<&'l lexicon::Target> {
    // a stem starts with the first two bytes of the text, and the text ends like a suffix
    if !lex.suffix_end(text) || !lex.name_start(text) {
        return None;
    }
    lex.rules.name_suffixes.iter().find_map(|suf| {
        if !ends_with_word_part(text, suf) {
            return None;
        }
        let stem = text.strip_suffix(suf.as_str())?;
        lex.forms
            .get(stem)
            .and_then(|v| v.first())
            .filter(|t| t.kind == Kind::Name)
    })
}

/// Whether a dictionary hit is a mention: not the first part of "US-Dollar", not a city or
/// person whose name is a common word of the language.
fn accept(
    kb: &Kb,
    lex: &Lexicon,
    body: &str,
    s: usize,
    end: usize,
    target: &lexicon::Target,
) -> bool {
    if next_char(body, end) == Some('-') {
        let second: String = body[end + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if lex.rules.not_compound.contains(&second) {
            return false;
        }
    }
    let entity = &kb.entities[target.entity];
    !(lex.not_name.contains(&body[s..end]) && entity.subtype != "country")
}

/// The dictionary hits that cover each word, in hit order: the hits of word `w` are
/// `list[offsets[w]..offsets[w + 1]]` (one flat list, no allocation per word).
struct Cover<'a> {
    hits: &'a [Cand],
    offsets: Vec<usize>,
    list: Vec<usize>,
}

impl<'a> Cover<'a> {
    fn new(doc: &Doc<'_>, hits: &'a [Cand]) -> Self {
        // the words inside each hit
        let words = |c: &Cand| {
            let first = doc.toks.partition_point(|t| t.start < c.range.start);
            let inside = doc.toks[first..]
                .iter()
                .take_while(|t| t.end <= c.range.end)
                .count();
            first..first + inside
        };
        let mut offsets = vec![0; doc.toks.len() + 1];
        for c in hits {
            for w in words(c) {
                offsets[w + 1] += 1;
            }
        }
        for w in 1..offsets.len() {
            offsets[w] += offsets[w - 1];
        }
        let mut next = offsets.clone();
        let mut list = vec![0; offsets.last().copied().unwrap_or(0)];
        for (h, c) in hits.iter().enumerate() {
            for w in words(c) {
                list[next[w]] = h;
                next[w] += 1;
            }
        }
        Cover {
            hits,
            offsets,
            list,
        }
    }

    /// Hits that contain word `i`.
    fn at(&self, i: usize) -> impl Iterator<Item = &'a Cand> + '_ {
        let (a, b) = (
            self.offsets.get(i).copied().unwrap_or(0),
            self.offsets.get(i + 1).copied().unwrap_or(0),
        );
        self.list
            .get(a..b)
            .into_iter()
            .flatten()
            .filter_map(|&h| self.hits.get(h))
    }
}

/// Whether the word at `i` can be part of a name: capitalized, not a function word or title,
/// not itself a place or organization of the KB. A given name may be a city ("Vladimir"), and a
/// word after the first may be a one-word organization or city ("Anne Spiegel").
fn name_word(
    lex: &Lexicon,
    doc: &Doc<'_>,
    i: usize,
    first: bool,
    taken: &Cover<'_>,
    kb: &Kb,
) -> bool {
    // one lookup for all the flags asked about below
    let f = doc.flags_of(lex, i);
    let w = doc.word(i);
    if f & flag::UPPER == 0 || w.chars().nth(1).is_none() {
        return false;
    }
    if f & flag::NOT_NAME != 0 {
        return false;
    }
    if w.chars().skip(1).all(char::is_uppercase) || w.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if f & flag::TITLE_DOT != 0 && doc.dotted(i) {
        return false;
    }
    // a role noun may be a surname after a given name ("Karl Richter"), never a first word
    if (first && f & flag::TITLE != 0) || f & flag::SUFFIX_HEAD != 0 {
        return false;
    }
    let Some(t) = doc.toks.get(i) else {
        return false;
    };
    let given = f & flag::GIVEN != 0;
    !taken.at(i).any(|c| {
        if !(c.range.start <= t.start && t.end <= c.range.end) {
            return false;
        }
        let one_word = c.range.start == t.start && c.range.end <= t.end + 3;
        match c.target {
            Ref::Kb(k) => {
                let e = &kb.entities[k];
                match e.entity_type {
                    EntityType::Person => false,
                    EntityType::Location if e.subtype == "city" && one_word => first && !given,
                    EntityType::Organization if one_word => first,
                    _ => true,
                }
            }
            Ref::New(_) => true,
        }
    })
}

/// Words inside names before a surname ("von", "al"); a second one may follow these.
const PARTICLES: &[&str] = &[
    "von", "van", "de", "del", "della", "da", "di", "du", "al", "el", "bin", "ibn", "zu", "ter",
    "dos", "le", "la",
];
/// Second particles ("von der", "van den", "de la").
const PARTICLES2: &[&str] = &["der", "den", "la", "le", "los"];

/// The end (exclusive) of a name starting at word `i`: name words joined by single spaces or
/// hyphens, with particles ("von der", "al-") inside. `None` if word `i` is not a name word.
fn name_end(lex: &Lexicon, doc: &Doc<'_>, i: usize, taken: &Cover<'_>, kb: &Kb) -> Option<usize> {
    if !name_word(lex, doc, i, true, taken, kb) {
        return None;
    }
    let mut j = i + 1;
    while j < doc.toks.len() && j - i < 5 {
        let gap = doc.gap(j - 1);
        if gap == "-" {
            j += 1;
            continue;
        }
        if gap != " " {
            break;
        }
        if name_word(lex, doc, j, false, taken, kb) {
            j += 1;
            continue;
        }
        // particles: "von der Leyen", "al-Assad"
        let mut k = j;
        if PARTICLES.contains(&doc.word(k)) && (doc.gap(k) == " " || doc.gap(k) == "-") {
            k += 1;
            if PARTICLES2.contains(&doc.word(k)) && doc.gap(k) == " " {
                k += 1;
            }
        }
        if k > j && name_word(lex, doc, k, false, taken, kb) {
            j = k + 1;
            continue;
        }
        break;
    }
    Some(j)
}

/// Whether a title precedes word `i` ("Außenminister", "Prime Minister", "Dr.").
fn titled(lex: &Lexicon, doc: &Doc<'_>, i: usize) -> bool {
    if i == 0 || !doc.has(lex, i - 1, flag::TITLE_END) {
        return false;
    }
    (1..=3).any(|n| {
        let Some(first) = i.checked_sub(n) else {
            return false;
        };
        let gap = doc.gap(i - 1);
        if gap != " " && gap != ". " && gap != " . " {
            return false;
        }
        let mut t = doc.words(first, i);
        if doc.dotted(i - 1) {
            t.push('.');
        }
        lex.titles.contains(&t)
    })
}

/// Persons from evidence: a title before a name, a known given name, or a speech verb after a
/// two-word name.
fn person_rules(
    kb: &Kb,
    lex: &Lexicon,
    doc: &Doc<'_>,
    hits: &[Cand],
    found: &mut Found,
) -> Vec<Cand> {
    let mut out = Vec::new();
    let cover = Cover::new(doc, hits);
    let flags = doc.all_flags(lex);
    let mut i = 0;
    while let Some(&f) = flags.get(i) {
        // no name starts with a lower-case word ([`name_word`])
        if f & flag::UPPER == 0 {
            i += 1;
            continue;
        }
        // no name from here to the next boundary has a cue: every chunk there is passed over
        if let Some(t) = quiet_until(lex, doc, flags, i) {
            i = t;
            continue;
        }
        let Some(j) = name_end(lex, doc, i, &cover, kb) else {
            i += 1;
            continue;
        };
        // The chunk may open with a capitalized noun ("Oberstaatsanwalts Mario Mannweiler"):
        // the person starts at a title-marked word or at a given name inside it.
        let verb = j - i >= 2 && doc.gap(j - 1) == " " && doc.has(lex, j, flag::SPEECH);
        let appositive = j - i >= 2 && role_apposition(lex, doc, j);
        let is_title = |k: usize| doc.has(lex, k, flag::TITLE);
        let after_title = |k: usize| !is_title(k) && titled(lex, doc, k);
        // a known family name alone next to a speech verb ("sagte Schulz", "Smith said"), or
        // after an initial ("H. Dietz")
        let speech = |k: usize| doc.has(lex, k, flag::SPEECH);
        let lone = j == i + 1
            && doc.has(lex, i, flag::FAMILY)
            && ((doc.gap(i) == " " && speech(i + 1))
                || (i > 0 && doc.gap(i - 1) == " " && speech(i - 1))
                || (i > 0
                    && doc.gap(i - 1).trim() == "."
                    && doc.word(i - 1).chars().count() == 1
                    && is_upper_initial(doc.word(i - 1))));
        let start_word = (i..j)
            .find(|&k| after_title(k) || (doc.has(lex, k, flag::GIVEN) && k + 1 < j))
            .or_else(|| verb.then(|| j - 2))
            .or_else(|| appositive.then(|| j - 2))
            .or_else(|| lone.then_some(i));
        if let Some(k) = start_word {
            // given names, then one surname (with its particles and hyphenated parts): the
            // capitalized words after it are German nouns ("Neil Armstrong den Mond"). After a
            // title the first word may be a given name the lexicon lacks ("Dr. Skadi Jennicke").
            let mut last = k;
            while last + 1 < j
                && (doc.has(lex, last, flag::GIVEN)
                    || (last == k && (after_title(k) || (appositive && k + 2 == j))))
                && doc.gap(last) == " "
            {
                last += 1;
            }
            while last + 1 < j
                && (doc.gap(last) == "-"
                    || PARTICLES.contains(&doc.word(last))
                    || PARTICLES2.contains(&doc.word(last)))
            {
                last += 1;
            }
            let j = last + 1;
            let start = doc.toks[k].start;
            let end = doc.toks[j - 1].end;
            // "Dietrich-Bonhoeffer-Kirchgemeinde", "Friedrich-Ebert-Straße": named after a person
            if !doc.body[start..end].contains(' ') && doc.body[start..end].contains('-') {
                i = j.max(i + 1);
                continue;
            }
            let name = strip_genitive(lex, &doc.body[start..end], j - k);
            let r = found.add(NewEntity {
                name,
                entity_type: EntityType::Person,
                subtype: None,
                country: None,
                kb_id: None,
            });
            out.push(Cand {
                range: start..end,
                target: r,
                kind: Kind::Name,
            });
        }
        i = j;
    }
    out
}

/// Whether an apposition naming a role follows the name that ends before word `j`: a comma,
/// then up to three lower-case words (article, adjectives) and a title ("Wang Shuai, Sprecher
/// des Unternehmens", "Li Fei, der stellvertretende Vorsitzende").
fn role_apposition(lex: &Lexicon, doc: &Doc<'_>, j: usize) -> bool {
    if j == 0 || doc.gap(j - 1) != ", " {
        return false;
    }
    for k in j..j + 4 {
        if k >= doc.toks.len() || (k > j && doc.gap(k - 1) != " ") {
            return false;
        }
        if doc.has(lex, k, flag::TITLE) {
            return true;
        }
        if is_upper_initial(doc.word(k)) {
            return false;
        }
    }
    false
}

/// The flags that make a chunk of name words a person ([`person_rules`]): a given name, a
/// family name, a speech verb, the end of a title.
const PERSON_CUES: u16 = flag::GIVEN | flag::FAMILY | flag::SPEECH | flag::TITLE_END;

/// Where [`person_rules`] may go on from the capitalized word `i` without finding a person:
/// the next boundary, a word that no chunk of name words ([`name_end`]) can hold or step over
/// (lower case, no particle, not after a hyphen), so that the chunks that start in between end
/// there at the latest; `None` when a word from the one before `i` to the boundary carries a
/// cue ([`PERSON_CUES`]), without which no chunk is a person.
fn quiet_until(lex: &Lexicon, doc: &Doc<'_>, flags: &[u16], i: usize) -> Option<usize> {
    let cue = |k: usize| flags.get(k).is_some_and(|f| f & PERSON_CUES != 0);
    if i.checked_sub(1).is_some_and(cue) {
        return None;
    }
    let mut t = i;
    loop {
        if cue(t) {
            return None;
        }
        t += 1;
        let Some(&f) = flags.get(t) else {
            return Some(t);
        };
        if f & flag::UPPER == 0 && doc.gap(t - 1) != "-" {
            let w = doc.word(t);
            if !PARTICLES.contains(&w) && !PARTICLES2.contains(&w) {
                // the boundary's own cue may be a speech verb after a chunk, or a role in
                // apposition
                return (!cue(t) && !role_apposition(lex, doc, t)).then_some(t);
            }
        }
    }
}

/// A single surname with a genitive ending loses it for the canonical name ("Pföhlers"); so does
/// any name called with `words` 1.
fn strip_genitive(lex: &Lexicon, s: &str, words: usize) -> String {
    if words >= 2 {
        return s.to_string();
    }
    for suf in &lex.rules.name_suffixes {
        if let Some(stem) = s.strip_suffix(suf.as_str()) {
            if stem.chars().count() >= 3 {
                return stem.to_string();
            }
        }
    }
    s.to_string()
}

/// Organizations by head noun: "Friedrich-Loeffler-Institut", "Korea Institute for Defence
/// Analyses", "Universität Oslo", "University of Oxford".
fn org_rules(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>, hits: &[Cand], found: &mut Found) -> Vec<Cand> {
    let mut out = Vec::new();
    let n = doc.toks.len();
    for (i, &f) in doc.all_flags(lex).iter().enumerate() {
        // a word that is no head noun and opens no head starts no organization here
        if f & (flag::SUFFIX_HEAD | flag::SUFFIX_HEAD_DOT | flag::STARTER) == 0 {
            continue;
        }
        let w = doc.word(i);
        if !is_upper_initial(w) && !lex.lower_heads {
            continue;
        }
        let head = if doc.has(lex, i, flag::SUFFIX_HEAD) {
            lex.suffix_heads.get(w)
        } else if doc.has(lex, i, flag::SUFFIX_HEAD_DOT) && doc.dotted(i) {
            lex.suffix_heads.get(&format!("{w}."))
        } else {
            None
        };
        if let Some(english) = head {
            // hyphenated compound ending in the head: "Carus-Verlag"
            let mut s = i;
            while s > 0 && doc.gap(s - 1) == "-" && is_upper_initial(doc.word(s - 1)) {
                s -= 1;
            }
            // capitalized words before it: "Korea Institute", "Pirbright Institute",
            // "J.J. Lally & Co."
            if s == i {
                while s > 0
                    && (doc.gap(s - 1) == " "
                        || doc.gap(s - 1) == " & "
                        || (doc.word(s - 1).chars().count() == 1
                            && matches!(doc.gap(s - 1), "." | ". ")))
                    && is_upper_initial(doc.word(s - 1))
                    && !doc.has(lex, s - 1, flag::NOT_NAME)
                    && !doc.has(lex, s - 1, flag::TITLE)
                {
                    s -= 1;
                }
            }
            if s < i {
                org_suffix(kb, lex, doc, hits, found, &mut out, s, i, english);
            }
        }
        if !doc.has(lex, i, flag::STARTER) {
            continue;
        }
        for (head_words, english) in lex.prefix_heads.starting(doc.word(i)) {
            let k = head_words.len();
            if i + k > n || (0..k).any(|d| doc.word(i + d) != head_words[d]) {
                continue;
            }
            if (0..k).any(|d| d + 1 < k && doc.gap(i + d) != " ") || doc.gap(i + k - 1) != " " {
                continue;
            }
            let s = i + k;
            let mut e = s;
            while e < n
                && e - s < lex.rules.prefix_head_words
                && is_upper_initial(doc.word(e))
                && !doc.has(lex, e, flag::NOT_NAME)
                && (e == s || doc.gap(e - 1) == " " || doc.gap(e - 1) == "-")
            {
                e += 1;
            }
            e = extend_of(lex, doc, e, head_words.len() > 1);
            if e == s {
                continue;
            }
            let place = hits.iter().find(|c| {
                c.range.start == doc.toks[s].start
                    && matches!(c.target, Ref::Kb(x) if kb.entities[x].entity_type == EntityType::Location)
            });
            if let Some(p) = place {
                // the place is the whole name: "Universität Oslo", "SC Freiburg"
                if let Some(last) = doc.tok_ending(p.range.end) {
                    e = last + 1;
                }
            }
            let (tail, country) = match place.map(|c| c.target) {
                Some(Ref::Kb(x)) => {
                    let ent = &kb.entities[x];
                    let country = if ent.code.is_empty() {
                        ent.country
                    } else {
                        ent.code
                    };
                    // a translated head takes the English place name ("Universität Oslo" ->
                    // "University of Oslo"); an English one keeps it as written ("Bank of America")
                    let tail = if head_words.join(" ") != *english {
                        ent.name.to_string()
                    } else {
                        doc.words(s, e)
                    };
                    (tail, (!country.is_empty()).then(|| country.to_string()))
                }
                _ => (doc.words(s, e), None),
            };
            let r = found.add(NewEntity {
                name: format!("{english} {tail}"),
                entity_type: EntityType::Organization,
                subtype: None,
                country,
                kb_id: None,
            });
            out.push(Cand {
                range: doc.toks[i].start..doc.toks[e - 1].end,
                target: r,
                kind: Kind::Name,
            });
        }
    }
    out
}

/// Adds the organization of words `s..=i` whose last word `i` is a closing head noun.
#[allow(clippy::too_many_arguments)]
fn org_suffix(
    kb: &Kb,
    lex: &Lexicon,
    doc: &Doc<'_>,
    hits: &[Cand],
    found: &mut Found,
    out: &mut Vec<Cand>,
    s: usize,
    i: usize,
    english: &str,
) {
    let e = extend_of(lex, doc, i + 1, false);
    let start = doc.toks[s].start;
    let end_byte =
        doc.toks[e - 1].end + usize::from(e == i + 1 && doc.dotted(i) && english.ends_with('.'));
    let mut name = if doc.word(i) == english.trim_end_matches('.') {
        // nothing to translate: the name as written ("J.J. Lally & Co.")
        doc.body[start..end_byte.min(doc.toks[i].end + 1)]
            .trim_end_matches(|c: char| c != '.' && !c.is_alphanumeric())
            .to_string()
    } else {
        let mut parts: Vec<&str> = (s..i).map(|k| doc.word(k)).collect();
        parts.push(english);
        parts.join(" ")
    };
    if e > i + 1 {
        name.push(' ');
        name.push_str(&doc.words(i + 1, e));
    }
    let country = country_of_words(kb, hits, doc.toks[s].start, doc.toks[e - 1].end);
    let r = found.add(NewEntity {
        name,
        entity_type: EntityType::Organization,
        subtype: None,
        country,
        kb_id: None,
    });
    out.push(Cand {
        range: start..end_byte,
        target: r,
        kind: Kind::Name,
    });
}

/// German bodies named by a head noun and a linked phrase: "Bundesamt für Gesundheit",
/// "Verband der Automobilindustrie", "Institut für Weltwirtschaft".
fn linked_org_rule(lex: &Lexicon, doc: &Doc<'_>, found: &mut Found) -> Vec<Cand> {
    let mut out = Vec::new();
    let n = doc.toks.len();
    let flags = doc.all_flags(lex);
    for i in 0..n.saturating_sub(2) {
        // a capitalized word before a linker
        if flags.get(i + 1).is_none_or(|f| f & flag::LINKER == 0)
            || flags.get(i).is_none_or(|f| f & flag::UPPER == 0)
            || doc.gap(i) != " "
        {
            continue;
        }
        let w = doc.word(i);
        let link = doc.word(i + 1);
        let lower = w.to_lowercase();
        // the word without each ending, taken once for all heads
        let stems = ["", "s", "es", "en"].map(|e| lower.strip_suffix(e));
        let Some(head) = lex.rules.org_linked_heads.iter().find(|h| {
            stems
                .iter()
                .flatten()
                .any(|stem| ends_with_word_part(stem, h))
        }) else {
            continue;
        };
        let compound = !lower.starts_with(head.as_str());
        let ok = lex.rules.org_linkers.iter().any(|l| l == link)
            && (compound || lex.rules.org_linkers.first().is_some_and(|f| f == link));
        if !ok || doc.gap(i + 1) != " " {
            continue;
        }
        let mut e = i + 2;
        let mut words = 0;
        while e < n && words < 4 {
            let x = doc.word(e);
            if is_upper_initial(x) && !doc.has(lex, e, flag::NOT_NAME) {
                words += 1;
                e += 1;
            } else if x == "und" && e + 1 < n && is_upper_initial(doc.word(e + 1)) {
                e += 1;
            } else {
                break;
            }
            if doc.gap(e - 1) != " " {
                break;
            }
        }
        if words == 0 {
            continue;
        }
        let range = doc.toks[i].start..doc.toks[e - 1].end;
        let r = found.add(NewEntity {
            name: doc.words(i, e),
            entity_type: EntityType::Organization,
            subtype: None,
            country: None,
            kb_id: None,
        });
        out.push(Cand {
            range,
            target: r,
            kind: Kind::Name,
        });
    }
    out
}

/// Extends an organization name over "of/for/and" + capitalized words ("Institute for Defence
/// Analyses", "Department for Education and Skills").
fn extend_of(lex: &Lexicon, doc: &Doc<'_>, mut e: usize, mut opened: bool) -> usize {
    const OPENING: &[&str] = &["of", "for", "on"];
    const JOINING: &[&str] = &["and", "&"];
    let n = doc.toks.len();
    loop {
        if e >= n || doc.gap(e - 1) != " " {
            return e;
        }
        // "X Group and Y" joins two names; only "of/for/on" continue one, "and" after that
        let w = doc.word(e);
        let mut k = if OPENING.contains(&w) || (opened && JOINING.contains(&w)) {
            e + 1
        } else {
            return e;
        };
        if OPENING.contains(&w) && doc.word(k) == "the" && doc.gap(k - 1) == " " {
            k += 1;
        }
        if k >= n || doc.gap(k - 1) != " " {
            return e;
        }
        let mut m = k;
        while m < n
            && is_upper_initial(doc.word(m))
            && !doc.has(lex, m, flag::NOT_NAME)
            && (m == k || doc.gap(m - 1) == " ")
        {
            m += 1;
        }
        if m == k {
            return e;
        }
        opened = true;
        e = m;
    }
}

/// The country of the first KB place inside a byte range (an institute "aus Südkorea" is not
/// inside; "Korea Institute" is).
fn country_of_words(kb: &Kb, hits: &[Cand], start: usize, end: usize) -> Option<String> {
    hits.iter()
        .filter(|c| c.range.start >= start && c.range.end <= end)
        .find_map(|c| match c.target {
            Ref::Kb(x) => {
                let e = &kb.entities[x];
                let code = if e.code.is_empty() { e.country } else { e.code };
                (e.entity_type == EntityType::Location && !code.is_empty())
                    .then(|| code.to_string())
            }
            Ref::New(_) => None,
        })
}

/// Regions by prefix: "Provinz Aleppo", "Kreis Ahrweiler".
fn region_rule(
    kb: &Kb,
    lex: &Lexicon,
    doc: &Doc<'_>,
    hits: &[Cand],
    found: &mut Found,
) -> Vec<Cand> {
    let mut out = Vec::new();
    let n = doc.toks.len();
    for (i, &f) in doc.all_flags(lex).iter().enumerate() {
        // a capitalized starter of a region prefix
        if f & (flag::STARTER | flag::UPPER) != flag::STARTER | flag::UPPER {
            continue;
        }
        for (words, label) in lex.regions.starting(doc.word(i)) {
            let k = words.len();
            if i + k >= n
                || (0..k).any(|d| doc.word(i + d) != words[d])
                || doc.gap(i + k - 1) != " "
            {
                continue;
            }
            let s = i + k;
            if !is_upper_initial(doc.word(s)) || doc.has(lex, s, flag::NOT_NAME) {
                continue;
            }
            let mut e = s + 1;
            while e < n && doc.gap(e - 1) == "-" {
                e += 1;
            }
            let place = hits.iter().find(|c| {
                c.range.start == doc.toks[s].start
                    && matches!(c.target, Ref::Kb(x) if kb.entities[x].entity_type == EntityType::Location)
            });
            let (name, country, end) = match place.map(|c| (c.target, c.range.end)) {
                Some((Ref::Kb(x), end)) => {
                    let ent = &kb.entities[x];
                    if ent.subtype != "city" {
                        // already a region of the KB ("Region Kursk" is an alias there)
                        continue;
                    }
                    let country = if ent.code.is_empty() {
                        ent.country
                    } else {
                        ent.code
                    };
                    (ent.name.to_string(), country.to_string(), end)
                }
                _ => (doc.words(s, e), String::new(), doc.toks[e - 1].end),
            };
            let r = found.add(NewEntity {
                name: format!("{name} {label}"),
                entity_type: EntityType::Location,
                subtype: Some("region".to_string()),
                country: (!country.is_empty()).then_some(country),
                kb_id: None,
            });
            out.push(Cand {
                range: doc.toks[i].start..end,
                target: r,
                kind: Kind::Name,
            });
        }
    }
    out
}

/// Keeps the longest of overlapping candidates (earlier first on ties).
fn resolve(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by_key(|c| (std::cmp::Reverse(c.range.len()), c.range.start));
    // the kept ones, in order of start: a candidate spans one word at least, so those that do
    // not overlap end in the same order, and only the last one that starts before the end of
    // a new candidate can overlap it
    let mut taken: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        let at = taken.partition_point(|t| t.range.start < c.range.end);
        if at
            .checked_sub(1)
            .and_then(|k| taken.get(k))
            .is_none_or(|t| t.range.end <= c.range.start)
        {
            taken.insert(at, c);
        }
    }
    taken
}

/// A capitalized country adjective inside a sentence directly before an organization's mention
/// is part of its name ("Deutschen Bundestag", "Bayerischen Staatsministerium"): the mention takes
/// it in and it is no mention of the country.
fn adjectives_in_names(kb: &Kb, doc: &Doc<'_>, chosen: &mut Vec<Cand>, found: &Found) {
    let mut merged = Vec::new();
    for k in 1..chosen.len() {
        let (adj, name) = (&chosen[k - 1], &chosen[k]);
        let org = match name.target {
            Ref::Kb(x) => kb.entities[x].entity_type,
            Ref::New(x) => found.items[x].entity_type,
        } == EntityType::Organization;
        let initial = doc.body[..adj.range.start]
            .trim_end_matches([' ', '"', '„', '“', '‚', '‘', '(', '\''])
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n'));
        if org
            && adj.kind == Kind::Demonym
            && !initial
            && doc.body[adj.range.clone()].starts_with(char::is_uppercase)
            && doc.body.get(adj.range.end..name.range.start) == Some(" ")
        {
            merged.push(k - 1);
        }
    }
    for &k in merged.iter().rev() {
        let start = chosen[k].range.start;
        chosen[k + 1].range.start = start;
        chosen.remove(k);
    }
}

/// Links later short mentions of persons: the surname alone ("Lawrow", "Pföhler", "Pföhlers").
fn coreference(kb: &Kb, lex: &Lexicon, doc: &Doc<'_>, chosen: &mut Vec<Cand>, found: &Found) {
    let mut surnames: FastMap<String, Ref> = FastMap::default();
    let mut given: FastMap<String, Ref> = FastMap::default();
    let mut persons: Vec<(&str, Ref)> = Vec::new();
    for c in chosen.iter() {
        let ent_type = match c.target {
            Ref::Kb(x) => kb.entities[x].entity_type,
            Ref::New(x) => found.items[x].entity_type,
        };
        if ent_type != EntityType::Person {
            continue;
        }
        let surface = &doc.body[c.range.clone()];
        if surface.split(' ').count() < 2 {
            continue;
        }
        // each full name once: its other places are found by one search
        if !persons.iter().any(|(s, _)| *s == surface) {
            persons.push((surface, c.target));
        }
        if let Some(last) = surface.split(' ').next_back() {
            if last.chars().count() >= 3 && is_upper_initial(last) {
                surnames.entry(last.to_string()).or_insert(c.target);
            }
        }
        if let Some(first) = surface.split(' ').next() {
            given.entry(first.to_string()).or_insert(c.target);
        }
    }
    // a one-word person found after a title ("Sir John") is the person with that given name
    for c in chosen.iter_mut() {
        if let Ref::New(x) = c.target {
            let e = &found.items[x];
            if e.entity_type == EntityType::Person && !e.name.contains(' ') {
                if let Some(&r) = given.get(e.name.as_str()) {
                    c.target = r;
                }
            }
        }
    }
    repeated_names(doc, chosen, &persons);
    if surnames.is_empty() {
        return;
    }
    // a word is a surname, or one with a suffix, only if it starts with a surname's first byte
    let mut initials = [false; 256];
    // and only if its length in bytes is that of a surname with or without a suffix (bit 63: 63
    // or more)
    let mark = |len: usize| 1u64 << len.min(63);
    let mut lens = 0u64;
    for s in surnames.keys() {
        if let Some(&b) = s.as_bytes().first() {
            initials[usize::from(b)] = true;
        }
        lens |= mark(s.len());
        for suf in &lex.rules.name_suffixes {
            lens |= mark(s.len() + suf.len());
        }
    }
    let mut extra = Vec::new();
    let bytes = doc.body.as_bytes();
    for (i, (t, &f)) in doc.toks.iter().zip(doc.all_flags(lex)).enumerate() {
        // every surname is capitalized, and so is every word that is one with a suffix
        if lens & mark(t.end - t.start) == 0
            || !bytes
                .get(t.start)
                .is_some_and(|&b| initials[usize::from(b)])
            || f & flag::UPPER == 0
        {
            continue;
        }
        let w = &doc.body[t.start..t.end];
        let target = surnames.get(w).or_else(|| {
            lex.rules.name_suffixes.iter().find_map(|s| {
                w.strip_suffix(s.as_str())
                    .and_then(|stem| surnames.get(stem))
            })
        });
        let Some(&target) = target else {
            continue;
        };
        // a title's domain ("König von Shu", "Bishop of Rome") is a place
        if i >= 2
            && lex.rules.domain_preps.iter().any(|p| p == doc.word(i - 1))
            && doc.has(lex, i - 2, flag::TITLE)
        {
            continue;
        }
        // inside a longer mention already (the full name itself)
        if chosen.iter().any(|c| {
            c.range.start <= t.start && t.end <= c.range.end && c.range.len() > t.end - t.start
        }) {
            continue;
        }
        chosen.retain(|c| !(c.range.start == t.start && c.range.end == t.end));
        extra.push(Cand {
            range: t.start..t.end,
            target,
            kind: Kind::Name,
        });
    }
    chosen.extend(extra);
    chosen.sort_by_key(|c| c.range.start);
}

/// Links each other place where a person's full name of several words stands, and no mention
/// does, to that person: one sense per document.
fn repeated_names(doc: &Doc<'_>, chosen: &mut Vec<Cand>, persons: &[(&str, Ref)]) {
    let mut extra: Vec<Cand> = Vec::new();
    for &(surface, target) in persons {
        for at in doc.whole_word_matches(surface) {
            let r = at..at + surface.len();
            let free = |c: &Cand| c.range.end <= r.start || r.end <= c.range.start;
            if chosen.iter().all(free) && extra.iter().all(free) {
                extra.push(Cand {
                    range: r,
                    target,
                    kind: Kind::Name,
                });
            }
        }
    }
    if !extra.is_empty() {
        chosen.extend(extra);
        chosen.sort_by_key(|c| c.range.start);
    }
}

/// Government bodies: a country adjective or genitive, or a name in a compound, before a body
/// noun ("ukrainischen Geheimdienstes", "Südkoreas Zentralbank", "US-Regierung").
fn body_rule(
    kb: &Kb,
    lex: &Lexicon,
    doc: &Doc<'_>,
    chosen: &[Cand],
    found: &mut Found,
) -> Vec<Cand> {
    let mut out = Vec::new();
    for c in chosen {
        let Ref::Kb(x) = c.target else { continue };
        let ent = &kb.entities[x];
        if ent.subtype != "country" {
            continue;
        }
        // "U.S." ends in a period that is no part of a word
        let Some(last) = doc
            .tok_ending(c.range.end)
            .or_else(|| doc.tok_ending(c.range.end.saturating_sub(1)))
        else {
            continue;
        };
        let surface = &doc.body[c.range.clone()];
        let genitive = c.kind == Kind::Name
            && lex
                .rules
                .name_suffixes
                .iter()
                .any(|s| surface.ends_with(s.as_str()) && !ent.aliases.contains(&surface));
        let gap = doc
            .toks
            .get(last + 1)
            .map_or("", |t| doc.body.get(c.range.end..t.start).unwrap_or(""));
        let mut next = last + 1;
        let ok = match gap {
            "-" => c.kind == Kind::Name,
            " " => c.kind == Kind::Demonym || genitive || lex.rules.name_adjunct,
            "’" | "'" => {
                // English possessive: "Russia's defence ministry"
                next = last + 2;
                doc.word(last + 1) == "s" && doc.gap(last + 1) == " "
            }
            _ => false,
        };
        if !ok {
            continue;
        }
        for (words, key) in lex.bodies.starting(doc.word(next)) {
            let k = words.len();
            if next + k > doc.toks.len() || (0..k).any(|d| doc.word(next + d) != words[d]) {
                continue;
            }
            if (0..k).any(|d| d + 1 < k && doc.gap(next + d) != " ") {
                continue;
            }
            let Some(tpl) = kb.bodies.get(key.as_str()) else {
                continue;
            };
            let target = match kb.national_body(tpl.subtype, ent.code) {
                Some(b) => Ref::Kb(b),
                None => {
                    let adj = kb.english_adjective(x).unwrap_or(ent.name);
                    let name = tpl
                        .template
                        .replace("{adj}", adj)
                        .replace("{name}", ent.name);
                    found.add(NewEntity {
                        name,
                        entity_type: EntityType::Organization,
                        subtype: Some(tpl.subtype.to_string()),
                        country: Some(ent.code.to_string()),
                        kb_id: Some(format!("body:{}:{key}", ent.code)),
                    })
                }
            };
            out.push(Cand {
                range: c.range.start..doc.toks[next + k - 1].end,
                target,
                kind: Kind::Name,
            });
            break;
        }
    }
    out
}

/// "e" and the number `n`: the id of the `n`th entity of a document, written without the
/// formatting machinery (it costs more than the rest of the id).
fn entity_id(n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    let mut v = n;
    while k > 0 {
        k -= 1;
        digits[k] = b'0' + u8::try_from(v % 10).unwrap_or(0);
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + digits.len() - k);
    id.push('e');
    id.extend(digits[k..].iter().map(|&d| char::from(d)));
    id
}

/// Merges candidates into entities in order of first mention.
fn assemble(kb: &Kb, text: &Text<'_>, chosen: &[Cand], found: &Found) -> Vec<Entity> {
    let mut order: Vec<Ref> = Vec::new();
    let mut mentions: FastMap<Ref, Vec<Mention>> = FastMap::default();
    let mut sorted: Vec<&Cand> = chosen.iter().collect();
    sorted.sort_by_key(|c| (c.range.start, c.range.end));
    for c in sorted {
        let span = text.span(c.range.clone());
        let list = mentions.entry(c.target).or_insert_with(|| {
            order.push(c.target);
            Vec::new()
        });
        if list
            .iter()
            .any(|m| m.start == span.start && m.end == span.end)
        {
            continue;
        }
        list.push(Mention {
            start: span.start,
            end: span.end,
            text: text.body[c.range.clone()].to_string(),
            refers: None,
        });
    }
    order
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            let mentions = mentions.remove(&r).unwrap_or_default();
            let id = entity_id(n + 1);
            match r {
                Ref::Kb(x) => {
                    let e = &kb.entities[x];
                    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
                    Entity {
                        id,
                        name: e.name.to_string(),
                        entity_type: e.entity_type,
                        subtype: opt(e.subtype),
                        code: opt(e.code),
                        country: opt(e.country),
                        kb_id: Some(e.id.to_string()),
                        mentions,
                    }
                }
                Ref::New(x) => {
                    let e = &found.items[x];
                    Entity {
                        id,
                        name: e.name.clone(),
                        entity_type: e.entity_type,
                        subtype: e.subtype.clone(),
                        code: None,
                        country: e.country.clone(),
                        kb_id: e.kb_id.clone(),
                        mentions,
                    }
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
