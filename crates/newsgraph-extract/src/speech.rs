//! Shared helpers of the quotes and attributions stages: word tokens, quotation-mark pairing,
//! the speech lexicon of a language pack, noun phrases that name a speaker or source, and their
//! resolution to entities. Both stages read the same data (`quotes.toml`), so it lives here.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, RwLock};

use newsgraph_core::{Entity, EntityType, Mention, Reference, Text};
use newsgraph_lang::LangPack;
use serde::Deserialize;

/// A set of lowercase words.
pub(crate) type WordSet = crate::lexicon::FastSet<String>;
/// A map keyed by lowercase words.
pub(crate) type WordMap<V> = crate::lexicon::FastMap<String, V>;

/// A word or a punctuation character of the body, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// A word (letters/digits with inner hyphens, apostrophes, dots) rather than punctuation.
    pub word: bool,
}

impl Tok {
    /// The token's text in `body`.
    pub fn text<'b>(&self, body: &'b str) -> &'b str {
        body.get(self.start..self.end).unwrap_or("")
    }
}

/// Splits `body` into words and single punctuation characters (whitespace dropped).
pub(crate) fn tokenize(body: &str) -> Vec<Tok> {
    let bytes = body.as_bytes();
    let mut toks = Vec::with_capacity(body.len() / 5);
    let char_at = |i: usize| -> Option<char> {
        match bytes.get(i) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => body.get(i..).and_then(|r| r.chars().next()),
            None => None,
        }
    };
    let alnum = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        }
    };
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let w = c.len_utf8();
        if alnum(c) {
            let start = i;
            let mut j = i + w;
            loop {
                // ASCII letters and digits, the bulk of words, go on without decoding
                while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                    j += 1;
                }
                let Some(cj) = char_at(j) else { break };
                let joins = matches!(cj, '-' | '\'' | '’' | '.' | '‑')
                    && char_at(j + cj.len_utf8()).is_some_and(alnum);
                if alnum(cj) || joins {
                    j += cj.len_utf8();
                } else {
                    break;
                }
            }
            toks.push(Tok {
                start,
                end: j,
                word: true,
            });
            i = j;
        } else {
            if !c.is_whitespace() {
                toks.push(Tok {
                    start: i,
                    end: i + w,
                    word: false,
                });
            }
            i += w;
        }
    }
    toks
}

/// A span of text between quotation marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Bytes between the marks (to the paragraph end or next opening mark when unclosed).
    pub inner: Range<usize>,
    /// One past the closing mark, or the end of `inner` when unclosed.
    pub after: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

/// The speech lexicon of one language (from `quotes.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LexiconFile {
    marks: Vec<[String; 2]>,
    verbs: Vec<String>,
    acts: Vec<String>,
    passive_acts: Vec<String>,
    agent: Vec<String>,
    negations: Vec<String>,
    reflexives: Vec<String>,
    quoting: Vec<String>,
    subordinators: Vec<String>,
    act_not: Vec<String>,
    conditionals: Vec<String>,
    subjunctive_continued: Vec<String>,
    frame_only: Vec<String>,
    continuations: Vec<String>,
    bare_complement: bool,
    lowercase_nouns: bool,
    complementizers: Vec<String>,
    subjunctive: Vec<String>,
    subjunctive_framed: Vec<String>,
    subjunctive_suffixes: Vec<String>,
    subjunctive_not_suffixes: Vec<String>,
    subjunctive_not: Vec<String>,
    subjunctive_not_near: Vec<String>,
    infinitive_infix: String,
    oblique_determiners: Vec<String>,
    genitive_determiners: Vec<String>,
    ambiguous_determiners: Vec<String>,
    title_nouns: Vec<String>,
    time_words: Vec<String>,
    infinitive_verbs: Vec<String>,
    decision_verbs: Vec<String>,
    pronouns: Vec<String>,
    plural_pronouns: Vec<String>,
    documents: Vec<String>,
    document_preps: Vec<String>,
    document_owners: Vec<String>,
    subjects: Vec<String>,
    passive: Vec<String>,
    prepositions: Vec<String>,
    as_clause: Vec<String>,
    recap_openers: Vec<String>,
    past_suffixes: Vec<String>,
    group_noun_endings: Vec<String>,
    sentence_adverbs: Vec<String>,
    adverbs: Vec<String>,
    quantifiers: Vec<String>,
    np_inner: Vec<String>,
    determiners: Vec<String>,
    skip: Vec<String>,
    auxiliaries: Vec<String>,
    nominative_pronouns: Vec<String>,
    coordinators: Vec<String>,
    relatives: Vec<String>,
    relative_openers: Vec<String>,
    naming_acts: Vec<String>,
    naming_openers: Vec<String>,
    pluperfect: Vec<String>,
    stop: Vec<String>,
    not_quote: Vec<String>,
    source_openers: Vec<String>,
    source_nouns: Vec<String>,
    source_closers: Vec<String>,
}

/// The report nouns of `attributions.toml`.
#[derive(Debug, Default, Deserialize)]
struct ReportNouns {
    #[serde(default)]
    report_nouns: Vec<(String, String)>,
}

/// The speech lexicon of one language, ready for lookups.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Quotation-mark pairs (open, close); an opening mark closes with any of its pairs.
    pub marks: Vec<(char, char)>,
    /// Every quotation-mark character.
    mark_chars: Vec<char>,
    /// First UTF-8 bytes of the mark characters and of a newline (a fast pre-filter).
    lead_bytes: Vec<bool>,
    /// Speech verb form → the particles or frame words one of which must follow it (`None`:
    /// the form stands alone).
    pub verbs: WordMap<Vec<Option<String>>>,
    /// Verbs of a speech act reported as a whole ("forderte den Rücktritt", "sprach … von"),
    /// with their particles as in `verbs`.
    pub acts: WordMap<Vec<Option<String>>>,
    /// Prepositions that name the agent of a passive ("von", "vom").
    pub agent: WordSet,
    /// Negations: a negated speech act reports nothing.
    pub negations: WordSet,
    /// Reflexive pronouns between a speech verb and its subject ("äußerte sich der Minister").
    pub reflexives: WordSet,
    /// Forms of a verb of quoting ("zitiert"): the one quoted speaks, as the object of the active
    /// ("zitierte den Minister mit den Worten") or the subject of the passive ("wird … zitiert").
    pub quoting: WordSet,
    /// Conjunctions opening a subordinate clause ("während", "weil"): such a clause before a
    /// verb-first main clause is no report of it.
    pub subordinators: WordSet,
    /// Words that make a speech-act verb mean something else ("forderte drei Todesopfer").
    pub act_not: WordSet,
    /// Konjunktiv II forms that continue a report after a quote.
    pub subjunctive_continued: WordSet,
    /// Conjunctions of a condition ("wenn", "falls"): a Konjunktiv II beside one is a
    /// conditional, not reported speech.
    pub conditionals: WordSet,
    /// Verb forms valid only right after a closing mark or comma.
    pub frame_only: WordSet,
    /// Gerunds that continue a report after a comma ("adding").
    pub continuations: WordSet,
    /// Speech verbs take a bare clause without complementizer ("said it was").
    pub bare_complement: bool,
    /// Nouns are lowercase, so a determiner phrase runs on over lowercase words.
    pub lowercase_nouns: bool,
    /// Complementizers ("dass", "that").
    pub complementizers: WordSet,
    /// Subjunctive forms that mark reported speech alone.
    pub subjunctive: WordSet,
    /// Subjunctive forms that mark reported speech inside a frame.
    pub subjunctive_framed: WordSet,
    /// Endings of regular subjunctive forms (German Konjunktiv I "-e": "gehöre", "verstoße").
    pub subjunctive_suffixes: Vec<String>,
    /// Endings that rule a form out although it has a subjunctive ending (Präteritum "-te").
    pub subjunctive_not_suffixes: Vec<String>,
    /// Function words and adverbs with a subjunctive ending ("eine", "gerne").
    pub subjunctive_not: WordSet,
    /// Pronouns next to which an indicative verb has the subjunctive ending ("ich denke").
    pub subjunctive_not_near: WordSet,
    /// Determiners of an object case ("den", "dem"): a phrase they open is no subject.
    pub oblique_determiners: WordSet,
    /// Determiners of the genitive ("des", "eines"): a phrase before a verb that they open is an
    /// adverbial ("Des Weiteren verwies X …"), never the subject.
    pub genitive_determiners: WordSet,
    /// Determiners of the nominative and the accusative alike ("die", "das", "eine"): a phrase
    /// they open before the verb may be its object, when a person named after the verb speaks.
    pub ambiguous_determiners: WordSet,
    /// Nouns that name the marked words after them ("unter dem Motto „…“", "das Buch „…“"):
    /// such marks hold a title or name, not speech, unless a reporting frame says otherwise.
    pub title_nouns: WordSet,
    /// Words of time phrases without a preposition ("Anfang Juli", "letzten September"): such a
    /// phrase before a verb is an adverbial, not the subject.
    pub time_words: WordSet,
    /// Speech verb forms whose zu-infinitive complement is what was said ("kündigte an, …
    /// anzutreten").
    pub infinitive_verbs: WordSet,
    /// Speech verbs of a decision ("beschloss"): they report a zu-infinitive after a comma only.
    pub decision_verbs: WordSet,
    /// Infix marking an infinitive inside a word ("anzutreten"); empty when the language has none.
    pub infinitive_infix: String,
    /// What the lexicon says of a word: one lookup per token (two for a word with capitals).
    word_entries: WordMap<WordEntry>,
    /// Whether some subjunctive form has a capital letter (else a word with one is none).
    forms_upper: bool,
    /// Speaker pronouns.
    pub pronouns: WordSet,
    /// Plural subject pronouns ("they"): refer back to the subject of the sentence before.
    pub plural_pronouns: WordSet,
    /// Document nouns ("report", "Studie"): a document speaks for the organization behind it.
    pub documents: WordSet,
    /// Prepositions before a document that says what a sentence reports ("in einer Mitteilung").
    pub document_preps: WordSet,
    /// Words after a document noun that open its owner ("Mitteilung der Polizei").
    pub document_owners: WordSet,
    /// Words opening a fronted reporting clause ("Wie X mitteilte, …").
    pub as_clause: WordSet,
    /// Demonstratives that open a reporting clause about the sentence before ("Das teilte
    /// die Polizei mit.").
    pub recap_openers: WordSet,
    /// Endings of lowercase past-tense verb forms ("erkannte", "weigerten"): after a comma one
    /// opens a clause of its own, not more of a report.
    pub past_suffixes: Vec<String>,
    /// Endings of plural nouns for groups of people ("Experten", "Beobachter", "Angehörige"):
    /// one such word opening a clause can be its subject.
    pub group_noun_endings: Vec<String>,
    /// Adverbs that open a clause and share those endings ("Inzwischen", "Daher").
    pub sentence_adverbs: WordSet,
    /// Adverbs and adverbial pronouns that are never a speaker on their own ("Zuletzt",
    /// "Derzeit", "Folgendes"), wherever they stand and however they are written.
    pub adverbs: WordSet,
    /// Quantifiers that open a time phrase beside a time word ("Wenige Stunden"), and only then
    /// make it one.
    pub quantifiers: WordSet,
    /// Prepositions: a phrase right after one is not a subject.
    pub prepositions: WordSet,
    /// Passive auxiliaries: a speech verb right after one has no speaker in front of it.
    pub passive: WordSet,
    /// Prepositions that may join nouns inside a speaker phrase ("Court of Appeals").
    pub np_inner: WordSet,
    /// Subject pronouns that open a clause (they end a search for a complementizer).
    pub subjects: WordSet,
    /// Determiners opening a noun phrase.
    pub determiners: WordSet,
    /// Auxiliaries and adverbs skipped around a speaker.
    pub skip: WordSet,
    /// Finite active auxiliaries that split a clause from its final verb ("X hat Y gebeten"):
    /// the subject stands before one or right after it, never right before the final verb.
    pub auxiliaries: WordSet,
    /// Pronouns that are only ever a subject ("er", "wir"): one right after the verb is its
    /// subject, whatever opens the clause ("Die Tat bezeichnete er als sinnlos").
    pub nominative_pronouns: WordSet,
    /// Conjunctions joining two verb phrases of one subject ("protestierte … und erklärte").
    pub coordinators: WordSet,
    /// Relative pronouns: one right after a comma speaks for the phrase before the comma.
    pub relatives: WordSet,
    /// Words opening a relative clause after a comma ("…, das für sein Vorgehen kritisiert
    /// wird"): a speech act in one is background, not the report of its sentence.
    pub relative_openers: WordSet,
    /// Participles of naming verbs ("genannt", "bezeichnet"): in a passive that names a term
    /// they report no speech.
    pub naming_acts: WordSet,
    /// Words opening a clause that names something ("so werden sie genannt", "wie er genannt
    /// wird").
    pub naming_openers: WordSet,
    /// Finite auxiliaries of the pluperfect ("war … kritisiert worden"): a passive speech act
    /// in it is background to the story.
    pub pluperfect: WordSet,
    /// Words ending a speaker noun phrase.
    pub stop: WordSet,
    /// Lowercase phrases (as words) that make a sentence an attribution rather than a quote.
    pub not_quote: Vec<Vec<String>>,
    /// Lowercase phrases (as words) followed by the source of a sentence ("laut", "nach
    /// Angaben"): that source speaks for reported speech in it and right after it.
    pub source_openers: Vec<Vec<String>>,
    /// Nouns after a source opener whose complement names the source ("laut einem Bericht des
    /// Senders").
    pub source_nouns: WordSet,
    /// Words after the source of their sentence ("der Polizei zufolge").
    pub source_closers: WordSet,
}

/// Verb forms keyed by their first word, each with the particle that must follow it ("kündigte
/// … an") or `None` when the form stands alone.
fn verb_map(forms: Vec<String>) -> WordMap<Vec<Option<String>>> {
    let mut verbs: WordMap<Vec<Option<String>>> = WordMap::default();
    for v in forms {
        let v = v.to_lowercase();
        let (head, particle) = match v.split_once('…') {
            Some((head, tail)) => (head.trim().to_string(), Some(tail.trim().to_string())),
            None => (v.trim().to_string(), None),
        };
        verbs.entry(head).or_default().push(particle);
    }
    verbs
}

/// Whether the verb `lower` of `map` is complete with the tokens `toks[from..hi]`: `None` when
/// it is not in `map` or its particle is missing, `Some(None)` when it stands alone,
/// `Some(Some(k))` when its particle is token `k`.
pub(crate) fn frame_in(
    map: &WordMap<Vec<Option<String>>>,
    lower: &str,
    toks: &[Tok],
    body: &str,
    from: usize,
    hi: usize,
) -> Option<Option<usize>> {
    let entries = map.get(lower)?;
    let mut best: Option<Option<usize>> = None;
    for e in entries {
        match e {
            None => best = best.or(Some(None)),
            Some(p) => {
                let hi = hi.min(toks.len()).min(from + 30);
                if let Some(k) = (from..hi).find(|&k| toks[k].text(body).eq_ignore_ascii_case(p)) {
                    if best.flatten().is_none_or(|b| k < b) {
                        best = Some(Some(k));
                    }
                }
            }
        }
    }
    best
}

static LEXICONS: LazyLock<RwLock<HashMap<&'static str, Arc<Lexicon>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Lowercase phrases split into their words.
fn word_phrases(v: &[String]) -> Vec<Vec<String>> {
    v.iter()
        .map(|s| {
            s.to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn set(v: Vec<String>) -> WordSet {
    v.into_iter().map(|s| s.to_lowercase()).collect()
}

impl Lexicon {
    /// The lexicon of `pack`, parsed once and cached; `None` when the pack has no usable file.
    pub fn for_pack(pack: &LangPack) -> Option<Arc<Lexicon>> {
        let iso = pack.iso();
        if let Some(l) = LEXICONS.read().ok().and_then(|m| m.get(iso).cloned()) {
            return (!l.marks.is_empty()).then_some(l);
        }
        let file: LexiconFile = pack.toml("quotes.toml").unwrap_or_default();
        let verbs = verb_map(file.verbs);
        let marks: Vec<(char, char)> = file
            .marks
            .iter()
            .filter_map(|[o, c]| Some((o.chars().next()?, c.chars().next()?)))
            .collect();
        let mut mark_chars: Vec<char> = marks.iter().flat_map(|&(o, c)| [o, c]).collect();
        mark_chars.sort_unstable();
        mark_chars.dedup();
        let mut lead_bytes = vec![false; 256];
        for &c in mark_chars.iter().chain(std::iter::once(&'\n')) {
            let mut buf = [0u8; 4];
            let first = c.encode_utf8(&mut buf).as_bytes()[0];
            lead_bytes[usize::from(first)] = true;
        }
        let acts = verb_map(file.acts);
        let passive_acts = set(file.passive_acts);
        let subjunctive = set(file.subjunctive);
        let subjunctive_framed = set(file.subjunctive_framed);
        let not_quote = word_phrases(&file.not_quote);
        let source_openers = word_phrases(&file.source_openers);
        let report_nouns: WordSet = pack
            .toml::<ReportNouns>("attributions.toml")
            .map(|r| r.report_nouns.into_iter().map(|(n, _)| n).collect())
            .unwrap_or_default();
        let mut word_entries: WordMap<WordEntry> = WordMap::default();
        for (words, flag) in [
            (verbs.keys().collect::<Vec<_>>(), VERB),
            (acts.keys().collect(), ACT),
            (passive_acts.iter().collect(), PASSIVE_ACT),
            (
                not_quote.iter().filter_map(|p| p.first()).collect(),
                NOT_QUOTE,
            ),
            (report_nouns.iter().collect(), REPORT_NOUN),
        ] {
            for w in words {
                word_entries.entry(w.clone()).or_default().word |= flag;
            }
        }
        for (words, flag) in [(&subjunctive, SUBJ), (&subjunctive_framed, SUBJ_FRAMED)] {
            for w in words {
                word_entries.entry(w.clone()).or_default().form |= flag;
            }
        }
        let subjunctive_not = set(file.subjunctive_not);
        for w in &subjunctive_not {
            word_entries.entry(w.clone()).or_default().subjunctive_not = true;
        }
        let forms_upper = subjunctive
            .iter()
            .chain(&subjunctive_framed)
            .any(|w| w.chars().any(char::is_uppercase));
        let lex = Arc::new(Lexicon {
            lead_bytes,
            mark_chars,
            marks,
            verbs,
            acts,
            word_entries,
            forms_upper,
            agent: set(file.agent),
            conditionals: set(file.conditionals),
            negations: set(file.negations),
            reflexives: set(file.reflexives),
            quoting: set(file.quoting),
            subordinators: set(file.subordinators),
            act_not: set(file.act_not),
            subjunctive_continued: set(file.subjunctive_continued),
            frame_only: set(file.frame_only),
            continuations: set(file.continuations),
            bare_complement: file.bare_complement,
            lowercase_nouns: file.lowercase_nouns,
            complementizers: set(file.complementizers),
            subjunctive,
            subjunctive_framed,
            subjunctive_suffixes: file.subjunctive_suffixes,
            subjunctive_not_suffixes: file.subjunctive_not_suffixes,
            subjunctive_not,
            subjunctive_not_near: set(file.subjunctive_not_near),
            infinitive_infix: file.infinitive_infix,
            oblique_determiners: set(file.oblique_determiners),
            genitive_determiners: set(file.genitive_determiners),
            ambiguous_determiners: set(file.ambiguous_determiners),
            title_nouns: set(file.title_nouns),
            time_words: set(file.time_words),
            infinitive_verbs: set(file.infinitive_verbs),
            decision_verbs: set(file.decision_verbs),
            pronouns: set(file.pronouns),
            plural_pronouns: set(file.plural_pronouns),
            documents: set(file.documents),
            document_preps: set(file.document_preps),
            document_owners: set(file.document_owners),
            subjects: set(file.subjects),
            passive: set(file.passive),
            prepositions: set(file.prepositions),
            as_clause: set(file.as_clause),
            recap_openers: set(file.recap_openers),
            past_suffixes: file.past_suffixes,
            group_noun_endings: file.group_noun_endings,
            sentence_adverbs: set(file.sentence_adverbs),
            adverbs: set(file.adverbs),
            quantifiers: set(file.quantifiers),
            np_inner: set(file.np_inner),
            determiners: set(file.determiners),
            skip: set(file.skip),
            auxiliaries: set(file.auxiliaries),
            nominative_pronouns: set(file.nominative_pronouns),
            coordinators: set(file.coordinators),
            relatives: set(file.relatives),
            relative_openers: set(file.relative_openers),
            naming_acts: set(file.naming_acts),
            naming_openers: set(file.naming_openers),
            pluperfect: set(file.pluperfect),
            stop: set(file.stop),
            not_quote,
            source_openers,
            source_nouns: set(file.source_nouns),
            source_closers: set(file.source_closers),
        });
        if let Ok(mut m) = LEXICONS.write() {
            m.insert(iso, Arc::clone(&lex));
        }
        (!lex.marks.is_empty()).then_some(lex)
    }

    /// Whether `open` and `close` are the two marks of one quotation-mark pair.
    fn pairs(&self, open: char, close: char) -> bool {
        self.marks.iter().any(|&(o, c)| o == open && c == close)
    }

    /// Whether `mark` at byte `i` of `body` can open a quotation.
    fn opens_at(body: &str, i: usize, mark: char) -> bool {
        let prev = body[..i].chars().next_back();
        let next = body[i + mark.len_utf8()..].chars().next();
        prev.is_none_or(|p| !p.is_alphanumeric() && !matches!(p, '.' | ','))
            && next.is_some_and(|n| !n.is_whitespace())
    }

    /// Whether `mark` at byte `i` of `body` can close a quotation.
    fn closes_at(body: &str, i: usize, mark: char, same: bool) -> bool {
        let prev = body[..i].chars().next_back();
        let next = body[i + mark.len_utf8()..].chars().next();
        let strict = same || mark == '’' || mark == '\'';
        prev.is_some_and(|p| !p.is_whitespace())
            && (!strict || next.is_none_or(|n| !n.is_alphanumeric()))
    }

    /// Pairs the quotation marks of `body`. Unclosed quotations end at the paragraph end or at
    /// the next opening mark of their kind (a quote continued in a new paragraph or sentence).
    pub fn marked_spans(&self, body: &str) -> Vec<Marked> {
        let mut out = Vec::new();
        let mut cur: Option<(usize, usize, usize)> = None; // (open byte, pair index, inner start)
        let bytes = body.as_bytes();
        for i in 0..bytes.len() {
            if !self
                .lead_bytes
                .get(usize::from(bytes[i]))
                .copied()
                .unwrap_or(false)
            {
                continue;
            }
            let Some(c) = body.get(i..).and_then(|r| r.chars().next()) else {
                continue;
            };
            if c != '\n' && !self.mark_chars.contains(&c) {
                continue;
            }
            if let Some((open, pair, inner)) = cur {
                let (o, cl) = self.marks[pair];
                if c == '\n'
                    && body[i + 1..]
                        .trim_start_matches([' ', '\t', '\r'])
                        .starts_with('\n')
                {
                    push_unclosed(&mut out, body, open, inner, i);
                    cur = None;
                } else if (c == cl || self.pairs(o, c)) && Self::closes_at(body, i, c, o == c) {
                    out.push(Marked {
                        open,
                        inner: inner..i,
                        after: i + c.len_utf8(),
                        closed: true,
                    });
                    cur = None;
                } else if c == o && Self::opens_at(body, i, c) {
                    push_unclosed(&mut out, body, open, inner, i);
                    cur = Some((i, pair, i + c.len_utf8()));
                }
            } else if let Some(pair) = self
                .marks
                .iter()
                .position(|&(o, _)| o == c && Self::opens_at(body, i, c))
            {
                cur = Some((i, pair, i + c.len_utf8()));
            }
        }
        if let Some((open, _, inner)) = cur {
            push_unclosed(&mut out, body, open, inner, body.len());
        }
        out
    }

    /// Whether `w` (as written, with its lexicon entry `e`) has the shape of a regular
    /// subjunctive form: lowercase letters only, a subjunctive ending and none of the excluded
    /// endings, function words or framed (Konjunktiv II) forms.
    fn subjunctive_shape(&self, w: &str, e: WordEntry) -> bool {
        self.subjunctive_suffixes
            .iter()
            .any(|s| w.ends_with(s.as_str()))
            && w.len() >= 4
            && if w.is_ascii() {
                w.bytes().all(|b| b.is_ascii_lowercase())
            } else {
                w.chars().count() >= 4 && w.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
            }
            && !self
                .subjunctive_not_suffixes
                .iter()
                .any(|s| w.ends_with(s.as_str()))
            && !e.subjunctive_not
            && e.form & SUBJ_FRAMED == 0
            && e.word & VERB == 0
    }

    /// Whether the speaker text `s` reads as a name: one to four capitalized words, not opened
    /// by a determiner, and no lone plural noun for a group ("Augenzeugen").
    pub fn name_like(&self, s: &str) -> bool {
        let words: Vec<&str> = s.split_whitespace().collect();
        let first = words.first().map(|w| lower(w));
        (1..=4).contains(&words.len())
            && words.iter().all(|w| capitalized(w))
            && first.is_some_and(|f| {
                let group = words.len() == 1 && self.group_noun(f.as_ref());
                !self.determiners.contains(f.as_ref()) && !group
            })
    }

    /// Whether the lowercase word `low` may be a plural noun naming a group of people
    /// ("experten"), not a sentence adverb or function word.
    pub fn group_noun(&self, low: &str) -> bool {
        low.chars().count() >= 5
            && self
                .group_noun_endings
                .iter()
                .any(|e| low.ends_with(e.as_str()))
            && !self.sentence_adverbs.contains(low)
            && !self.stop.contains(low)
            && !self.skip.contains(low)
            && !self.verbs.contains_key(low)
            && !self.subjunctive_not.contains(low)
    }

    /// Whether the word `w` (lowercase `low`) has the shape of a past-tense verb: lowercase,
    /// five letters or more, with a past ending, and no function word.
    pub fn past_form(&self, w: &str, low: &str) -> bool {
        !capitalized(w)
            && low.chars().count() >= 5
            && self.past_suffixes.iter().any(|e| low.ends_with(e.as_str()))
            && !self.stop.contains(low)
            && !self.skip.contains(low)
            && !self.subjunctive.contains(low)
            && !self.subjunctive_framed.contains(low)
            && !self.subjunctive_not.contains(low)
    }

    /// Whether `w` is an infinitive with the language's infix ("anzutreten", "abzuschalten").
    pub fn infix_infinitive(&self, w: &str) -> bool {
        let infix = self.infinitive_infix.as_str();
        !infix.is_empty()
            && w.ends_with('n')
            && w.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
            && w.get(2..)
                .and_then(|rest| rest.find(infix))
                .is_some_and(|i| i + 2 + infix.len() + 3 <= w.len())
    }

    /// The speech verb entries of a lowercase word, if it is one.
    pub fn verb(&self, lower: &str) -> Option<&Vec<Option<String>>> {
        self.verbs.get(lower)
    }

    /// Whether the speech verb `lower` is complete with the tokens `toks[from..hi]`: `None` when
    /// it is not a speech verb or its particle is missing, `Some(None)` when it stands alone,
    /// `Some(Some(k))` when its particle is token `k`.
    pub fn verb_frame(
        &self,
        lower: &str,
        toks: &[Tok],
        body: &str,
        from: usize,
        hi: usize,
    ) -> Option<Option<usize>> {
        frame_in(&self.verbs, lower, toks, body, from, hi)
    }
}

fn push_unclosed(out: &mut Vec<Marked>, body: &str, open: usize, inner: usize, end: usize) {
    let end = inner + body[inner..end].trim_end().len();
    if end > inner {
        out.push(Marked {
            open,
            inner: inner..end,
            after: end,
            closed: false,
        });
    }
}

/// Lowercase form of a token's text, borrowing when it is already lowercase.
pub(crate) fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether the lowercase form of `s` is `low` (without allocating for ASCII words).
pub(crate) fn lower_eq(s: &str, low: &str) -> bool {
    if s.is_ascii() {
        s.len() == low.len()
            && s.bytes()
                .zip(low.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        lower(s) == low
    }
}

/// Whether a token is a quotation mark that opens or closes quoted words in German or English
/// text (the scans that stop at a quotation's edge).
pub(crate) fn quote_mark(t: &str) -> bool {
    matches!(t, "„" | "“" | "\"" | "»" | "«")
}

/// Whether a word starts with an uppercase letter.
pub(crate) fn capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Index of the first token starting at or after byte `b`.
pub(crate) fn tok_at(toks: &[Tok], b: usize) -> usize {
    toks.partition_point(|t| t.start < b)
}

/// A speaker or source: canonical name, entity id where resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Who {
    /// Canonical name or surface description.
    pub name: String,
    /// Entity id when resolved.
    pub id: Option<String>,
    /// Whether the phrase was a bare pronoun that could not be resolved.
    pub pronoun: bool,
    /// The words that named the speaker, marked by how they refer when they are not a name.
    pub named_by: Option<Mention>,
}

impl Who {
    /// The resolved entity `e`, named by the words `named_by`.
    pub fn of(e: &Entity, named_by: Option<Mention>) -> Self {
        Who {
            name: e.name.clone(),
            id: Some(e.id.clone()),
            pronoun: false,
            named_by,
        }
    }
}

/// The entity that `keep` accepts with the mention starting last inside the code points
/// `lo..hi`.
pub(crate) fn last_mentioned(
    entities: &[Entity],
    lo: usize,
    hi: usize,
    keep: impl Fn(EntityType) -> bool,
) -> Option<&Entity> {
    entities
        .iter()
        .filter(|e| keep(e.entity_type))
        .filter_map(|e| {
            e.mentions
                .iter()
                .filter(|m| m.start >= lo && m.end <= hi)
                .map(|m| m.start)
                .max()
                .map(|p| (p, e))
        })
        .max_by_key(|&(p, _)| p)
        .map(|(_, e)| e)
}

/// What the quotes and attributions stages both read of a body: its tokens, the spans between
/// quotation marks, and each token's lowercase form and lexicon flags, computed once per document.
pub struct SpeechTokens<'a> {
    /// The pack's speech lexicon; `None` when the pack has none (no quotes, cues still read).
    lex: Option<Arc<Lexicon>>,
    toks: Vec<Tok>,
    marked: Vec<Marked>,
    lows: Lows<'a>,
    flags: Vec<u8>,
}

/// Lowercase forms of a body's tokens: borrowed from the body where a token is lowercase
/// already, else written into one shared buffer (one allocation per document, not per word).
#[derive(Default)]
pub(crate) struct Lows<'a> {
    body: &'a str,
    buf: String,
    /// Byte range of each token's lowercase form, and whether it lies in `buf` (else `body`).
    at: Vec<(usize, usize, bool)>,
}

impl<'a> Lows<'a> {
    /// Lowercases the tokens `toks` of `body`.
    fn new(body: &'a str, toks: &[Tok]) -> Self {
        let mut buf = String::new();
        let at = toks
            .iter()
            .map(|t| {
                let s = t.text(body);
                let upper = if s.is_ascii() {
                    s.bytes().any(|b| b.is_ascii_uppercase())
                } else {
                    s.chars().any(char::is_uppercase)
                };
                if !upper {
                    return (t.start, t.end, false);
                }
                let from = buf.len();
                if s.is_ascii() {
                    buf.push_str(s);
                    buf[from..].make_ascii_lowercase();
                } else {
                    buf.push_str(&s.to_lowercase());
                }
                (from, buf.len(), true)
            })
            .collect();
        Lows { body, buf, at }
    }

    /// Whether token `i` has capitals (its lowercase form differs from the body).
    fn lowered(&self, i: usize) -> bool {
        self.at.get(i).is_some_and(|&(_, _, own)| own)
    }

    /// Lowercase form of token `i`, if there is such a token.
    #[inline]
    fn get(&self, i: usize) -> Option<&str> {
        let &(a, b, own) = self.at.get(i)?;
        if own {
            self.buf.get(a..b)
        } else {
            self.body.get(a..b)
        }
    }
}

impl<'a> SpeechTokens<'a> {
    /// Tokenizes `body` and reads it with the speech lexicon of `pack`.
    pub fn new(body: &'a str, pack: &LangPack) -> Self {
        let lex = Lexicon::for_pack(pack);
        let toks = tokenize(body);
        let empty = Lexicon::default();
        let l = lex.as_deref().unwrap_or(&empty);
        let marked = l.marked_spans(body);
        let lows = Lows::new(body, &toks);
        let flags = lexicon_flags(body, &toks, &lows, l);
        SpeechTokens {
            lex,
            toks,
            marked,
            lows,
            flags,
        }
    }

    /// The speech lexicon, when the pack has one.
    pub(crate) fn lexicon(&self) -> Option<&Arc<Lexicon>> {
        self.lex.as_ref()
    }

    /// All tokens of the body.
    pub(crate) fn toks(&self) -> &[Tok] {
        &self.toks
    }

    /// The spans between quotation marks, in body order.
    pub(crate) fn marked(&self) -> &[Marked] {
        &self.marked
    }

    /// Noun phrases of the body for a stage, read with `lex` and resolved among `entities`.
    pub(crate) fn phrases<'p>(
        &'p self,
        text: &'p Text<'p>,
        lex: &'p Lexicon,
        entities: &'p [Entity],
    ) -> Phrases<'p> {
        Phrases {
            text,
            toks: &self.toks,
            lex,
            entities,
            lows: &self.lows,
            flags: &self.flags,
        }
    }
}

/// Whether token `t` starts inside one of `marked` (sorted by position).
pub(crate) fn in_marks(marked: &[Marked], t: &Tok) -> bool {
    let i = marked.partition_point(|m| m.after <= t.start);
    marked.get(i).is_some_and(|m| m.open <= t.start)
}

/// Noun phrases of a token sequence, read with a speech lexicon.
pub(crate) struct Phrases<'a> {
    /// The analysed body.
    pub text: &'a Text<'a>,
    /// All tokens of the body.
    pub toks: &'a [Tok],
    /// Speech lexicon.
    pub lex: &'a Lexicon,
    /// Entities found by the entities stage.
    pub entities: &'a [Entity],
    /// Lowercase form of every token.
    pub lows: &'a Lows<'a>,
    /// Lexicon flags of every token ([`VERB`], [`SUBJ`], [`SUBJ_FRAMED`], [`ACT`]).
    pub flags: &'a [u8],
}

/// Token flag: a speech verb form (its particle still to be checked).
pub(crate) const VERB: u8 = 1;
/// Token flag: a subjunctive form that marks reported speech alone.
pub(crate) const SUBJ: u8 = 2;
/// Token flag: a subjunctive form that marks reported speech inside a frame.
pub(crate) const SUBJ_FRAMED: u8 = 4;
/// Token flag: a word shaped like a regular subjunctive ("gehöre"); its context decides.
pub(crate) const SUBJ_FORM: u8 = 8;
/// Token flag: a speech-act verb form (its particle still to be checked).
pub(crate) const ACT: u8 = 16;
/// Token flag: a participle of a speech act in the passive.
pub(crate) const PASSIVE_ACT: u8 = 32;
/// Token flag: the first word of a phrase that makes a sentence an attribution (`not_quote`).
pub(crate) const NOT_QUOTE: u8 = 64;
/// Token flag: a report noun of `attributions.toml` ("Berichte"): a subjunctive sentence after
/// one is an attribution.
pub(crate) const REPORT_NOUN: u8 = 128;

/// What the lexicon says of one word.
#[derive(Debug, Default, Clone, Copy)]
struct WordEntry {
    /// [`VERB`], [`ACT`], [`PASSIVE_ACT`] (participles of a speech act reported in the passive,
    /// "wurde als Grund genannt"), [`NOT_QUOTE`] and [`REPORT_NOUN`] of the word in lowercase.
    word: u8,
    /// [`SUBJ`] and [`SUBJ_FRAMED`] of the word as written.
    form: u8,
    /// A function word or adverb with a subjunctive ending ("eine").
    subjunctive_not: bool,
}

/// Lexicon flags of `toks` (lowercase forms `lows`), computed once per document so later scans
/// test bits instead of hashing.
fn lexicon_flags(body: &str, toks: &[Tok], lows: &Lows<'_>, lex: &Lexicon) -> Vec<u8> {
    let entry = |w: &str| lex.word_entries.get(w).copied().unwrap_or_default();
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            if !t.word {
                return 0;
            }
            let w = t.text(body);
            if !lows.lowered(i) {
                // lowercase as written: one entry holds both
                let e = entry(w);
                let mut f = e.word | e.form;
                if lex.subjunctive_shape(w, e) {
                    f |= SUBJ_FORM;
                }
                return f;
            }
            // a word with capitals is no subjunctive shape, and no form unless some form has one
            let l = lows.get(i).unwrap_or(w);
            let form = if lex.forms_upper { entry(w).form } else { 0 };
            let mut word = entry(l).word;
            if !lex.lowercase_nouns && inside_sentence(body, toks, i) {
                // a capitalized word inside a sentence is a noun ("nach Angaben", "im
                // Schreiben"), not a finite speech verb
                word &= !(VERB | ACT);
            }
            word | form
        })
        .collect()
}

/// Whether token `i` stands inside a sentence: after a word or a comma or semicolon on the
/// same line, so not after a sentence end, a colon, a quotation mark or a line break.
fn inside_sentence(body: &str, toks: &[Tok], i: usize) -> bool {
    let (Some(prev), Some(t)) = (i.checked_sub(1).and_then(|p| toks.get(p)), toks.get(i)) else {
        return false;
    };
    let joined = body
        .get(prev.end..t.start)
        .is_some_and(|gap| !gap.contains('\n'));
    joined && (prev.word || matches!(prev.text(body), "," | ";"))
}

impl Phrases<'_> {
    fn w(&self, i: usize) -> &str {
        self.toks[i].text(self.text.body)
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    /// Whether token `k` is a regular subjunctive form in its context: not after a determiner
    /// or preposition, and not before a noun (where the same shape is an attributive adjective).
    pub fn subjunctive_form(&self, k: usize) -> bool {
        if self.flags.get(k).copied().unwrap_or(0) & SUBJ_FORM == 0 {
            return false;
        }
        let after_det = k > 0 && self.is_word(k - 1) && {
            let p = self.low(k - 1);
            self.lex.determiners.contains(p.as_ref())
                || self.lex.prepositions.contains(p.as_ref())
                || self.lex.subjunctive_not_near.contains(p.as_ref())
        };
        if self.is_word(k + 1)
            && self
                .lex
                .subjunctive_not_near
                .contains(self.low(k + 1).as_ref())
        {
            return false;
        }
        let cap = |i: usize| self.is_word(i) && capitalized(self.w(i));
        let before_noun = cap(k + 1)
            || (self.is_word(k + 1)
                && cap(k + 2)
                && !self.lex.determiners.contains(self.low(k + 1).as_ref()));
        !after_det && !before_noun
    }

    /// Whether tokens `a..b` hold a speech verb outside marks (not a frame-only word such as
    /// "so"): someone speaks there, so a report noun beside it is what that speaker answers.
    pub fn speaks_in(&self, marked: &[Marked], a: usize, b: usize) -> bool {
        (a..b).any(|k| {
            self.flags.get(k).copied().unwrap_or(0) & VERB != 0
                && !self.lex.frame_only.contains(self.low(k).as_ref())
                && !in_marks(marked, &self.toks[k])
        })
    }

    /// Lowercase form of token `i` (computed once per document).
    #[inline]
    pub fn low(&self, i: usize) -> std::borrow::Cow<'_, str> {
        match self.lows.get(i) {
            Some(l) => std::borrow::Cow::Borrowed(l),
            None => lower(self.w(i)),
        }
    }

    /// Noun phrase starting at token `i` (after skip words), ending before `hi`.
    pub fn np_forward(&self, mut i: usize, hi: usize) -> Option<Range<usize>> {
        while i < hi
            && self.is_word(i)
            && (self.lex.skip.contains(self.low(i).as_ref())
                || self.lex.reflexives.contains(self.low(i).as_ref()))
        {
            i += 1;
        }
        if i >= hi {
            return None;
        }
        // a name in marks opens the phrase ("„BBC News“ berichtete")
        if let Some(e) = self.quoted_name_close(i, hi) {
            let mut j = e;
            while j < hi && j - i < 8 && self.is_word(j) && capitalized(self.w(j)) {
                j += 1;
            }
            return Some(i..j);
        }
        if !self.is_word(i) {
            return None;
        }
        let first = self.low(i);
        // a stop word, a speech verb ("So", "Sagte") or an object determiner opens no speaker
        if self.lex.stop.contains(first.as_ref())
            || self.lex.verbs.contains_key(first.as_ref())
            || self.lex.oblique_determiners.contains(first.as_ref())
        {
            return None;
        }
        if self.lex.pronouns.contains(first.as_ref()) {
            return Some(i..i + 1);
        }
        let det = self.lex.determiners.contains(first.as_ref());
        if !det && !capitalized(self.w(i)) && !self.lead_modifier(i, hi) {
            return None;
        }
        let start = i;
        let mut j = i + 1;
        while j < hi && j - start < 8 {
            if !self.is_word(j) {
                // a name in marks inside the phrase ("die Organisation „Reporter ohne Grenzen“")
                match self.quoted_name_close(j, hi) {
                    Some(e) => {
                        j = e;
                        continue;
                    }
                    None => break,
                }
            }
            let l = self.low(j);
            // an object determiner after the head opens the next phrase ("der Journalist Dirk
            // Lorenzen dem Deutschlandfunk")
            if self.lex.stop.contains(l.as_ref())
                || self.lex.verb(l.as_ref()).is_some()
                || self.lex.complementizers.contains(l.as_ref())
                || (self.lex.oblique_determiners.contains(l.as_ref()) && capitalized(self.w(j - 1)))
            {
                break;
            }
            let lowercase_ok = det
                && (self.lex.lowercase_nouns
                    || (j + 1 < hi && self.is_word(j + 1) && capitalized(self.w(j + 1))));
            if !capitalized(self.w(j)) && !lowercase_ok {
                // lowercase inside a name run only when a capitalized word follows
                if !(j + 1 < hi && self.is_word(j + 1) && capitalized(self.w(j + 1))) {
                    break;
                }
            }
            j += 1;
        }
        // a lone determiner ("sagte der „Zeitung“", "räumte ein") or adverb ("Zuletzt") names
        // no one
        if j == start + 1 && (det || self.lex.adverbs.contains(first.as_ref())) {
            return None;
        }
        Some(start..j)
    }

    /// Noun phrase ending right before token `v`, not reaching before token `lo`. An apposition
    /// ("Kim, Diktator Nordkoreas, erklärte") yields the head before the comma.
    pub fn np_backward(&self, v: usize, lo: usize) -> Option<Range<usize>> {
        if v > lo && self.is_word(v - 1) && self.lex.passive.contains(self.low(v - 1).as_ref()) {
            return None;
        }
        let mut end = v;
        while end > lo
            && self.is_word(end - 1)
            && self.lex.skip.contains(self.low(end - 1).as_ref())
        {
            end -= 1;
        }
        // "Der Internationale Währungsfonds (IWF) gab": step over the parenthesis
        if end > lo + 2 && self.w(end - 1) == ")" {
            if let Some(o) = (end.saturating_sub(8).max(lo)..end - 1)
                .rev()
                .find(|&k| self.w(k) == "(")
            {
                end = o;
            }
        }
        // "Kim Jong-un, Diktator Nordkoreas, erklärte": step over the apposition
        if end > lo && self.w(end - 1) == "," {
            let mut k = end - 1;
            while k > lo
                && end - k < 20
                && !matches!(self.w(k - 1), "," | "." | ":" | ";")
                && !quote_mark(self.w(k - 1))
            {
                k -= 1;
            }
            if k > lo && self.w(k - 1) == "," {
                end = k - 1;
            } else {
                return None;
            }
            while end > lo
                && self.is_word(end - 1)
                && self.lex.skip.contains(self.low(end - 1).as_ref())
            {
                end -= 1;
            }
        }
        let mut start = end;
        // a prepositional phrase right before the verb is not its subject: look further back
        for _ in 0..3 {
            start = end;
            while start > lo && end - start < 10 {
                if !self.is_word(start - 1) {
                    match self.quoted_name_open(start - 1, lo) {
                        Some(o) => {
                            start = o;
                            continue;
                        }
                        None => break,
                    }
                }
                let l = self.low(start - 1);
                let inner = self.lex.np_inner.contains(l.as_ref())
                    && start >= lo + 2
                    && self.is_word(start - 2)
                    && !self.lex.stop.contains(self.low(start - 2).as_ref())
                    && capitalized(self.w(start));
                // a subordinator opens the clause whose subject follows it ("…, indem er
                // sagte, …")
                if !inner
                    && (self.lex.stop.contains(l.as_ref())
                        || self.lex.skip.contains(l.as_ref())
                        || self.lex.complementizers.contains(l.as_ref())
                        || self.lex.subordinators.contains(l.as_ref()))
                {
                    break;
                }
                start -= 1;
            }
            let pp = start > lo
                && start < end
                && self.is_word(start - 1)
                && self.lex.prepositions.contains(self.low(start - 1).as_ref());
            // a time phrase right before the verb ("hatte Anfang Juli berichtet", "Ende Januar
            // 2006 verkündete") is no subject
            let timed = |k: usize| {
                self.lex.time_words.contains(self.low(k).as_ref())
                    || self.w(k).bytes().all(|b| b.is_ascii_digit() || b == b'.')
            };
            let temporal = (start > lo || end - start > 1)
                && start < end
                && (start..end).any(timed)
                && (start..end)
                    .all(|k| timed(k) || self.lex.quantifiers.contains(self.low(k).as_ref()));
            if !pp && !temporal {
                break;
            }
            end = if pp { start - 1 } else { start };
            while end > lo
                && self.is_word(end - 1)
                && self.lex.skip.contains(self.low(end - 1).as_ref())
            {
                end -= 1;
            }
        }
        if start == end {
            return None;
        }
        // a phrase opened by its preposition is an adverbial that fills the front field ("Von den
        // Einrichtungen in Belgien erklärten nur die Gefängnisse, …", "Aus der Tatsache, dass …,
        // schlossen sie"): the subject follows the verb
        if self.lex.prepositions.contains(self.low(start).as_ref()) {
            return None;
        }
        // a lone word of the speech lexicon ("So sagte der Sprecher …") names no one
        if end - start == 1 && self.lex.verb(self.low(start).as_ref()).is_some() {
            return None;
        }
        // apposition: a short comma-delimited head at the clause start
        if start > lo && self.w(start - 1) == "," {
            let c = start - 1;
            let mut h = c;
            while h > lo && self.is_word(h - 1) {
                h -= 1;
            }
            let head_ok = h < c
                && c - h <= 4
                && (h == lo || matches!(self.w(h - 1), "." | ":" | ";"))
                && capitalized(self.w(h))
                && (h..c).all(|k| {
                    let l = self.low(k);
                    !self.lex.stop.contains(l.as_ref()) && self.lex.verb(l.as_ref()).is_none()
                });
            if head_ok {
                return Some(self.trim_np(h..c));
            }
        }
        Some(self.trim_np(start..end)).filter(|r| self.may_name(r))
    }

    /// Whether token `i` opens a run of one to three lowercase words before a capitalized one
    /// where nouns are capitalized: adjectives, quantifiers or a name particle opening a phrase
    /// ("kenianische Behörden", "andere Quellen", "einige kleinere Parteien", "de Maizière").
    fn lead_modifier(&self, i: usize, hi: usize) -> bool {
        if self.lex.lowercase_nouns {
            return false;
        }
        let modifier = |k: usize| {
            if !self.is_word(k) || capitalized(self.w(k)) {
                return false;
            }
            let l = self.low(k);
            ![
                &self.lex.stop,
                &self.lex.skip,
                &self.lex.complementizers,
                &self.lex.prepositions,
                &self.lex.oblique_determiners,
                &self.lex.determiners,
                &self.lex.pronouns,
                &self.lex.subjects,
                &self.lex.adverbs,
            ]
            .iter()
            .any(|set| set.contains(l.as_ref()))
                && !self.lex.verbs.contains_key(l.as_ref())
        };
        // a longer run opens with an adjective or quantifier, not a demonstrative or possessive
        // ("diese mögliche Uninformiertheit" is an object)
        let first = self.low(i);
        let reach = if self.lex.sentence_adverbs.contains(first.as_ref())
            && !self.lex.quantifiers.contains(first.as_ref())
        {
            1
        } else {
            3
        };
        let mut k = i;
        while k < hi && k - i < reach && modifier(k) {
            k += 1;
        }
        k > i && k < hi && self.is_word(k) && capitalized(self.w(k))
    }

    /// Whether a phrase can name a speaker by its first word: where nouns are capitalized, an
    /// adverb or adjective ("zwischenzeitlich", "optimistisch") or an object determiner does not,
    /// unless it modifies the capitalized noun after it ("andere Quellen").
    fn may_name(&self, r: &Range<usize>) -> bool {
        let first = self.low(r.start);
        if self.lex.oblique_determiners.contains(first.as_ref())
            || self.lex.genitive_determiners.contains(first.as_ref())
            || (r.len() == 1 && self.lex.adverbs.contains(first.as_ref()))
        {
            return false;
        }
        self.lex.lowercase_nouns
            || !self.is_word(r.start)
            || capitalized(self.w(r.start))
            || (r.len() > 1 && self.lead_modifier(r.start, r.end))
            || self.lex.determiners.contains(first.as_ref())
            || self.lex.pronouns.contains(first.as_ref())
    }

    /// Drops leading skip words and trailing lowercase words that follow a name.
    fn trim_np(&self, mut r: Range<usize>) -> Range<usize> {
        while r.len() > 1 && self.lex.skip.contains(self.low(r.start).as_ref()) {
            r.start += 1;
        }
        while r.len() > 1
            && self.is_word(r.end - 1)
            && !capitalized(self.w(r.end - 1))
            && capitalized(self.w(r.end - 2))
            && !self.lex.determiners.contains(self.low(r.start).as_ref())
        {
            r.end -= 1;
        }
        r
    }

    /// Token index of the opening mark of a short name in marks whose closing mark is token
    /// `c` ("die „Aktion Deutschland hilft“"): only words between, the first capitalized.
    fn quoted_name_open(&self, c: usize, lo: usize) -> Option<usize> {
        let close = self.w(c).chars().next()?;
        let mut k = c;
        while k > lo && c - k < 6 {
            k -= 1;
            if !self.is_word(k) {
                let open = self.w(k).chars().next()?;
                let pair = self.lex.pairs(open, close);
                return (pair && k + 1 < c && capitalized(self.w(k + 1))).then_some(k);
            }
        }
        None
    }

    /// One past the closing mark of a short name in marks opening at token `o` ("„BBC News“").
    fn quoted_name_close(&self, o: usize, hi: usize) -> Option<usize> {
        let open = self.w(o).chars().next()?;
        if self.is_word(o) || !(o + 1 < hi && self.is_word(o + 1) && capitalized(self.w(o + 1))) {
            return None;
        }
        let mut k = o + 1;
        while k < hi && k - o < 7 {
            if !self.is_word(k) {
                let close = self.w(k).chars().next()?;
                return self.lex.pairs(open, close).then_some(k + 1);
            }
            k += 1;
        }
        None
    }

    /// Byte range of a token range.
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        self.toks[r.start].start..self.toks[r.end - 1].end
    }

    /// Resolves a noun phrase to an entity, a pronoun antecedent or its surface text.
    pub fn resolve(&self, r: Range<usize>, antecedent: Option<&Who>) -> Option<Who> {
        if r.is_empty() {
            return None;
        }
        // a relative pronoun after a comma ("Bütikofer, …, der sagte, …") speaks for the phrase
        // before the comma, in its sentence, when that names a person or organization
        let r = match r.start.checked_sub(1) {
            Some(c)
                if r.len() == 1
                    && self.w(c) == ","
                    && self.lex.relatives.contains(self.low(r.start).as_ref()) =>
            {
                let si = self.text.sentence_index(self.toks[c].start);
                let lo = self
                    .text
                    .sentences
                    .get(si)
                    .map_or(0, |s| tok_at(self.toks, s.start));
                self.np_backward(c, lo)
                    .filter(|q| {
                        entity_in(self.text, self.entities, self.bytes(q)).is_some_and(|e| {
                            matches!(e.entity_type, EntityType::Person | EntityType::Organization)
                        })
                    })
                    .unwrap_or(r)
            }
            _ => r,
        };
        let bytes = self.bytes(&r);
        let head = self.head_before_pp(&r);
        // the head's antecedent, looked up once for both uses below
        let head_antecedent = std::cell::OnceCell::new();
        let antecedent_of_head =
            || *head_antecedent.get_or_init(|| self.definite_antecedent(&head));
        let in_pp_only = head.end < r.end
            && entity_in(self.text, self.entities, self.bytes(&head)).is_none()
            && antecedent_of_head().is_some();
        if let Some(e) = entity_in(self.text, self.entities, bytes.clone()).filter(|_| !in_pp_only)
        {
            return Some(Who::of(e, self.mention_of(e, &bytes)));
        }
        let by_pronoun = || self.words(bytes.clone(), Some(Reference::Pronoun));
        if r.len() == 1 && self.lex.pronouns.contains(self.low(r.start).as_ref()) {
            // a personal pronoun speaks for a person: when the last speaker is none, the person
            // named last before it, in its sentence or the one before, is the antecedent; a last
            // speaker that is no entity counts only when it reads as a name (not a description
            // such as "die Wahlkommission" or a group such as "Augenzeugen"): else the pronoun
            // stays as it is
            let is_person = |w: &Who| {
                w.id.as_ref().is_some_and(|id| {
                    self.entities
                        .iter()
                        .any(|e| &e.id == id && e.entity_type == EntityType::Person)
                })
            };
            let antecedent = match antecedent {
                Some(w) if is_person(w) => Some(w.clone()),
                _ => self.recent_person(bytes.start).or_else(|| {
                    antecedent
                        .filter(|w| w.id.is_some() || self.lex.name_like(&w.name))
                        .cloned()
                }),
            };
            return Some(match antecedent {
                Some(w) => Who {
                    named_by: by_pronoun(),
                    ..w
                },
                None => Who {
                    name: self.w(r.start).to_string(),
                    id: None,
                    pronoun: true,
                    named_by: by_pronoun(),
                },
            });
        }
        if r.len() == 1
            && self
                .lex
                .plural_pronouns
                .contains(self.low(r.start).as_ref())
        {
            if let Some(w) = self.previous_subject(r.start) {
                return Some(Who {
                    named_by: by_pronoun(),
                    ..w
                });
            }
        }
        // "the court in Washington": the head before a prepositional phrase names the speaker
        // a description refers to the entity; a document ("the report") only speaks for it
        let found = antecedent_of_head()
            .map(|e| (e, Some(Reference::Nominal)))
            .or_else(|| self.document_author(&head).map(|e| (e, None)));
        if let Some((e, refers)) = found {
            let named_by = refers.and_then(|r| self.words(self.bytes(&head), Some(r)));
            return Some(Who::of(e, named_by));
        }
        let s = self.text.body.get(bytes.clone())?;
        Some(Who {
            name: s.to_string(),
            id: None,
            pronoun: false,
            named_by: self.words(bytes, None),
        })
    }

    /// The person named last before byte `at`, in its sentence or the one before.
    fn recent_person(&self, at: usize) -> Option<Who> {
        let si = self.text.sentence_index(at);
        let from = self.text.sentences.get(si.saturating_sub(1))?.start;
        let (lo, hi) = (self.text.char_at(from), self.text.char_at(at));
        last_mentioned(self.entities, lo, hi, |t| t == EntityType::Person).map(|e| Who::of(e, None))
    }

    /// The words of the body at `bytes` as a mention that refers as `refers`.
    fn words(&self, bytes: Range<usize>, refers: Option<Reference>) -> Option<Mention> {
        let span = self.text.span(bytes.clone());
        Some(Mention {
            start: span.start,
            end: span.end,
            text: self.text.body.get(bytes)?.to_string(),
            refers,
        })
    }

    /// The first mention of `e` inside the phrase at `bytes`.
    fn mention_of(&self, e: &Entity, bytes: &Range<usize>) -> Option<Mention> {
        let span = self.text.span(bytes.clone());
        e.mentions
            .iter()
            .find(|m| m.start < span.end && m.end > span.start)
            .cloned()
    }
}

impl Phrases<'_> {
    /// The part of a determiner phrase before its first preposition ("the court" of "the court
    /// in Washington"); the whole range otherwise.
    fn head_before_pp(&self, r: &Range<usize>) -> Range<usize> {
        if r.len() < 3 || !self.lex.determiners.contains(self.low(r.start).as_ref()) {
            return r.clone();
        }
        (r.start + 2..r.end)
            .find(|&k| self.lex.prepositions.contains(self.low(k).as_ref()))
            .map_or(r.clone(), |p| r.start..p)
    }

    /// The subject opening the sentence before the one holding token `i`, resolved.
    fn previous_subject(&self, i: usize) -> Option<Who> {
        let b = self.toks.get(i)?.start;
        let si = self.text.sentence_index(b);
        let prev = self.text.sentences.get(si.checked_sub(1)?)?;
        let (a, z) = (tok_at(self.toks, prev.start), tok_at(self.toks, prev.end));
        let np = self.np_forward(a, z)?;
        if np.len() == 1
            && self
                .lex
                .plural_pronouns
                .contains(self.low(np.start).as_ref())
        {
            return None;
        }
        self.resolve(np, None).filter(|w| !w.pronoun)
    }

    /// A document ("a report says") speaks for the organization named closest to where the
    /// document is first mentioned, within that sentence and the next.
    fn document_author(&self, r: &Range<usize>) -> Option<&Entity> {
        if r.len() > 3 || !self.lex.documents.contains(self.low(r.end - 1).as_ref()) {
            return None;
        }
        let head = self.low(r.end - 1);
        let first = (0..self.toks.len()).find(|&k| self.toks[k].word && self.low(k) == head)?;
        let b = self.toks[first].start;
        let si = self.text.sentence_index(b);
        let lo = self.text.sentences.get(si).map_or(0, |s| s.start);
        let hi = self
            .text
            .sentences
            .get(si + 1)
            .or_else(|| self.text.sentences.get(si))
            .map_or(self.text.body.len(), |s| s.end);
        let (lo, hi, at) = (
            self.text.char_at(lo),
            self.text.char_at(hi),
            self.text.char_at(b),
        );
        self.entities
            .iter()
            .filter(|e| e.entity_type == EntityType::Organization)
            .filter_map(|e| {
                e.mentions
                    .iter()
                    .filter(|m| m.start >= lo && m.end <= hi)
                    .map(|m| m.start.abs_diff(at))
                    .min()
                    .map(|d| (d, e))
            })
            .min_by_key(|&(d, _)| d)
            .map(|(_, e)| e)
    }

    /// A short definite description ("the company", "der Minister") refers back to the latest
    /// entity mentioned before it whose name or mention holds the description's head noun.
    fn definite_antecedent(&self, r: &Range<usize>) -> Option<&Entity> {
        if r.len() < 2 || r.len() > 3 || !self.lex.determiners.contains(self.low(r.start).as_ref())
        {
            return None;
        }
        let head = self.low(r.end - 1);
        let before = self.text.char_at(self.toks[r.start].start);
        let holds = |s: &str| {
            s.split(|c: char| !c.is_alphanumeric())
                .any(|w| !w.is_empty() && lower_eq(w, &head))
        };
        let named: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| holds(&e.name) || e.mentions.iter().any(|m| holds(&m.text)))
            .collect();
        named
            .iter()
            .filter_map(|&e| {
                e.mentions
                    .iter()
                    .filter(|m| m.end <= before)
                    .map(|m| m.end)
                    .max()
                    .map(|end| (end, e))
            })
            .max_by_key(|&(end, _)| end)
            .map(|(_, e)| e)
            .or_else(|| {
                // named only later ("the court ruled …; the Court of Appeals …")
                named
                    .iter()
                    .filter_map(|&e| e.mentions.iter().map(|m| m.start).min().map(|s| (s, e)))
                    .filter(|&(s, _)| s >= before)
                    .min_by_key(|&(s, _)| s)
                    .map(|(_, e)| e)
            })
    }
}

/// The entity with a mention inside the byte range `bytes`, persons first.
pub(crate) fn entity_in<'e>(
    text: &Text<'_>,
    entities: &'e [Entity],
    bytes: Range<usize>,
) -> Option<&'e Entity> {
    let (s, e) = (text.char_at(bytes.start), text.char_at(bytes.end));
    let rank = |t: EntityType| match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Location => 2,
    };
    entities
        .iter()
        .filter_map(|ent| {
            ent.mentions
                .iter()
                .filter(|m| m.start < e && m.end > s)
                .map(|m| m.start)
                .min()
                .map(|pos| (rank(ent.entity_type), pos, ent))
        })
        .min_by_key(|&(r, pos, _)| (r, pos))
        .map(|(_, _, ent)| ent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_words_and_punctuation() {
        let body = "Kim Jong-un sagte: „Wir sind’s.“";
        let t: Vec<&str> = tokenize(body).iter().map(|t| t.text(body)).collect();
        assert_eq!(
            t,
            ["Kim", "Jong-un", "sagte", ":", "„", "Wir", "sind’s", ".", "“"]
        );
    }

    #[test]
    fn pairs_marks_and_splits_unclosed_quotes() {
        let lex = Lexicon::for_pack(LangPack::get_or_neutral("en")).unwrap();
        let body = "He said: \"One. \"Two.\" Then 'x'.";
        let m = lex.marked_spans(body);
        let inner: Vec<&str> = m.iter().map(|m| &body[m.inner.clone()]).collect();
        assert_eq!(inner, ["One.", "Two."]);
        assert!(!m[0].closed && m[1].closed);
    }
}
