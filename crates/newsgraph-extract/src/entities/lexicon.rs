//! Per-language dictionary over the knowledge base: every alias, every inflected demonym, and
//! the language pack's rule tables (titles, organization heads, government bodies), built once
//! per language and kept for the life of the process.
//!
//! Names are looked up by word n-grams: every mention starts and ends on a word boundary, so a
//! hash lookup per word start, extended word by word while the text is still a prefix of some
//! name, finds them all. Building two hash tables takes a fraction of the time an
//! Aho-Corasick automaton over the same 36,000 forms needs, which keeps start-up short.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use newsgraph_core::EntityType;
use newsgraph_lang::LangPack;
use serde::Deserialize;

use super::kb::{FastMap, FastSet, Kb};

/// How a surface form refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A name or alias ("Russland", "UN").
    Name,
    /// A country adjective or inhabitant noun ("russische", "Russen").
    Demonym,
}

/// One entity a pattern may refer to.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Index into [`Kb::entities`].
    pub entity: usize,
    /// Name or demonym.
    pub kind: Kind,
}

/// A government body noun ("Geheimdienst") and the body it names.
#[derive(Debug, Clone, Deserialize)]
pub struct BodyRule {
    /// Key into `data/kb/curated/bodies.tsv`.
    pub key: String,
    /// Surface forms (one or more words).
    pub forms: Vec<String>,
}

/// The entity rules of a language pack (`entities.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Endings of adjective stems.
    pub adjective_endings: Vec<String>,
    /// Plural ending of adjectives used as nouns ("Canadian" + "s"), if the language has one.
    pub adjective_plural: String,
    /// Adjective endings that take no plural ending ("Chinese", "British", "French").
    pub adjective_plural_skip: Vec<String>,
    /// Endings added to inhabitant nouns in -er.
    pub er_noun_endings: Vec<String>,
    /// Suffixes a name may carry (genitive).
    pub name_suffixes: Vec<String>,
    /// Articles that put the name after them in the genitive ("des", "eines"), so that its
    /// ending is no part of the name.
    pub genitive_articles: Vec<String>,
    /// Words before a person's name.
    pub person_titles: Vec<String>,
    /// Capitalized words that are never part of a name.
    pub not_name: Vec<String>,
    /// Head nouns that close an organization name, with their English form.
    pub org_suffix_heads: Vec<[String; 2]>,
    /// Head words that open an organization name, with their English form.
    pub org_prefix_heads: Vec<[String; 2]>,
    /// Compound-final heads of bodies named with a linked phrase ("-amt" in "Bundesamt für").
    pub org_linked_heads: Vec<String>,
    /// Words that link such a head to its phrase; the first also links a bare head ("Institut für").
    pub org_linkers: Vec<String>,
    /// How many capitalized words an opening head takes when no KB place follows it.
    pub prefix_head_words: usize,
    /// Words before a place name that make it a region, with the English word for the name.
    pub region_prefixes: Vec<[String; 2]>,
    /// Words after a hyphen that do not make the first part a mention ("US-Dollar").
    pub not_compound: Vec<String>,
    /// Whether a capitalized country adjective inside a sentence is part of the organization's
    /// name after it ("Deutschen Bundestag"), as in languages that write adjectives in lower case.
    pub capitalized_adjective_names: bool,
    /// Whether a country name directly before a body noun names the body ("US government").
    pub name_adjunct: bool,
    /// Verbs after a name that mark it as a person ("said").
    pub speech_verbs: Vec<String>,
    /// Words after an unknown name that make it an organization ("WeWork founder").
    pub org_cues_after: Vec<String>,
    /// Words after an unknown name and its possessive ending that make it an organization
    /// ("SoftBank's shares", after an optional number: "WeWork's 12,000 employees").
    pub org_cues_possessive: Vec<String>,
    /// Words before an unknown name that make it an organization ("co-founder of", "shares of").
    pub org_cues_before: Vec<String>,
    /// Second parts of a hyphenated adjective that make the name before the hyphen an
    /// organization ("SoftBank-backed").
    pub org_cue_compounds: Vec<String>,
    /// Whether an intercapped word ("WeWork", "SoftBank") that the body names more than once is
    /// an organization.
    pub intercapped_orgs: bool,
    /// Beginnings of intercapped family names, which are no organizations ("McCain", "DeSantis").
    pub intercapped_name_prefixes: Vec<String>,
    /// Lower-case words that stand inside names between capitalized ones ("von der Leyen",
    /// "Bank of England"): the learned tagger looks at them only there.
    pub name_connectors: Vec<String>,
    /// Words between a title and its domain ("König von Shu", "Bishop of Rome"): the name
    /// after them is a place, never a person's surname.
    pub domain_preps: Vec<String>,
    /// Government bodies.
    pub bodies: Vec<BodyRule>,
}

/// Word sequences of a rule table with a value each ("Provinz" → "Province"), indexed by their
/// first word so that a rule asks only about the sequences that can start at a word.
#[derive(Debug, Default)]
pub struct Phrases {
    /// The sequences in table order.
    list: Vec<(Vec<String>, String)>,
    /// Indices into `list` by first word, ascending.
    by_first: FastMap<String, Vec<usize>>,
}

impl Phrases {
    fn new(list: Vec<(Vec<String>, String)>) -> Phrases {
        let mut by_first: FastMap<String, Vec<usize>> = FastMap::default();
        for (i, (words, _)) in list.iter().enumerate() {
            if let Some(w) = words.first() {
                by_first.entry(w.clone()).or_default().push(i);
            }
        }
        Phrases { list, by_first }
    }

    /// The sequences whose first word is `w`, in table order.
    pub fn starting<'a>(&'a self, w: &str) -> impl Iterator<Item = &'a (Vec<String>, String)> {
        self.by_first
            .get(w)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.list.get(i))
    }
}

/// Bits of [`Lexicon::word_flags`]: what the tables say about one word, so that a token costs one
/// lookup however many tables the rules ask about it.
pub mod flag {
    /// A capitalized word that is never part of a name (`not_name`).
    pub const NOT_NAME: u16 = 1;
    /// A one-word title ("Außenminister").
    pub const TITLE: u16 = 1 << 1;
    /// A title when a period follows ("Dr" of "Dr.").
    pub const TITLE_DOT: u16 = 1 << 2;
    /// A closing organization head ("Institut").
    pub const SUFFIX_HEAD: u16 = 1 << 3;
    /// A closing head when a period follows ("Co" of "Co.").
    pub const SUFFIX_HEAD_DOT: u16 = 1 << 4;
    /// The first word of an opening head, region prefix or body form.
    pub const STARTER: u16 = 1 << 5;
    /// The last word of a title.
    pub const TITLE_END: u16 = 1 << 6;
    /// A given name of the knowledge base.
    pub const GIVEN: u16 = 1 << 7;
    /// A family name of the knowledge base.
    pub const FAMILY: u16 = 1 << 8;
    /// A word linking a head to its phrase ("für").
    pub const LINKER: u16 = 1 << 9;
    /// A speech verb ("sagte").
    pub const SPEECH: u16 = 1 << 10;
    /// The first word of some surface form (its leading alphanumeric run): a name can start here.
    pub const FORM_START: u16 = 1 << 11;
    /// A lower-case word that stands inside names (`name_connectors`).
    pub const CONNECTOR: u16 = 1 << 12;
    /// A one-word surface form by itself ("Moskau").
    pub const FORM: u16 = 1 << 13;
    /// The first word of a longer surface form ("Korea" of "Korea Institute").
    pub const PREFIX: u16 = 1 << 14;
    /// A word that starts with an upper-case letter: set by the document from the word itself,
    /// never by the tables, so that the many tests of a capital cost one load each.
    pub const UPPER: u16 = 1 << 15;
}

/// Everything entity recognition needs for one language.
#[derive(Debug)]
pub struct Lexicon {
    /// Every surface form, with its targets (best first).
    pub forms: FastMap<Cow<'static, str>, Vec<Target>>,
    /// Every word-prefix of a multi-word form ("Korea", "Korea Institute"), to stop early.
    pub prefixes: FastSet<String>,
    /// The number of words of the longest form.
    pub max_words: usize,
    /// The pack's rules.
    pub rules: Rules,
    /// Titles as word sequences.
    pub titles: FastSet<String>,
    /// Last words of titles, to test cheaply whether a title may end before a word.
    pub title_ends: FastSet<String>,
    /// Capitalized non-name words.
    pub not_name: FastSet<String>,
    /// Closing organization heads → English.
    pub suffix_heads: FastMap<String, String>,
    /// Whether some closing head is written in lower case ("plc").
    pub lower_heads: bool,
    /// Opening organization heads (word sequences) → English.
    pub prefix_heads: Phrases,
    /// Region prefixes (word sequences) → English label.
    pub regions: Phrases,
    /// Body forms (word sequences) → key.
    pub bodies: Phrases,
    /// Bits of [`flag`] for every word some table names that has no [`short_key`].
    word_flags: FastMap<Cow<'static, str>, u16>,
    /// Bits of [`flag`] for every other such word, by its [`short_key`]: most words of a text
    /// are short, and their key is read, hashed and compared in a few instructions
    /// ([`Lexicon::short_word_flags`]).
    short_flags: FastMap<u64, u16>,
    /// The first two bytes of the forms that are names, one bit per byte pair: a word starting
    /// with any other pair is no name with a suffix ("Russlands"), so its stems need no lookup.
    name_starts: Vec<u64>,
    /// The last bytes of the name suffixes: a word ending in any other byte carries none.
    suffix_ends: [bool; 256],
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The first two bytes of `s` as one number below 2^16, if it has two.
fn byte_pair(s: &str) -> Option<usize> {
    match s.as_bytes() {
        [a, b, ..] => Some(usize::from(*a) << 8 | usize::from(*b)),
        _ => None,
    }
}

/// The bytes of a word of one to eight bytes and no NUL as one little-endian number, zeros past
/// its end: two such words have the same key only if they are equal. `None` for any other word.
pub fn short_key(w: &[u8]) -> Option<u64> {
    if w.is_empty() || w.len() > 8 || w.contains(&0) {
        return None;
    }
    let mut key = [0u8; 8];
    key[..w.len()].copy_from_slice(w);
    Some(u64::from_le_bytes(key))
}

fn rank(kb: &Kb, t: &Target) -> u8 {
    let e = &kb.entities[t.entity];
    match (e.entity_type, e.subtype) {
        (EntityType::Location, "country") => 0,
        (EntityType::Location, "city") => 3,
        (EntityType::Location, _) => 1,
        _ => 2,
    }
}

impl Lexicon {
    /// Builds the lexicon of `pack` over the knowledge base.
    pub fn build(kb: &Kb, pack: &LangPack) -> Lexicon {
        // A malformed pack file leaves the language with names only (no rules), not a panic.
        let rules: Rules = pack.toml("entities.toml").unwrap_or_default();
        let mut pats: FastMap<Cow<'static, str>, Vec<Target>> = FastMap::default();
        let mut add = |p: Cow<'static, str>, t: Target| {
            if p.chars().nth(1).is_some() {
                pats.entry(p).or_default().push(t);
            }
        };
        for (i, e) in kb.entities.iter().enumerate() {
            for &a in &e.aliases {
                let t = Target {
                    entity: i,
                    kind: Kind::Name,
                };
                add(Cow::Borrowed(a), t);
            }
        }
        for d in kb.demonyms.iter().filter(|d| d.lang == pack.iso()) {
            let t = Target {
                entity: d.entity,
                kind: Kind::Demonym,
            };
            for &stem in &d.adjectives {
                if rules.adjective_endings.is_empty() {
                    add(Cow::Borrowed(stem), t);
                }
                for end in &rules.adjective_endings {
                    let form = format!("{stem}{end}");
                    add(Cow::Owned(capitalize(&form)), t);
                    add(Cow::Owned(form), t);
                }
            }
            for &noun in &d.nouns {
                add(Cow::Borrowed(noun), t);
                if noun.ends_with("er") {
                    for end in &rules.er_noun_endings {
                        add(Cow::Owned(format!("{noun}{end}")), t);
                    }
                }
            }
            if !rules.adjective_plural.is_empty() {
                for &stem in &d.adjectives {
                    if !rules
                        .adjective_plural_skip
                        .iter()
                        .any(|e| stem.ends_with(e.as_str()))
                    {
                        add(Cow::Owned(format!("{stem}{}", rules.adjective_plural)), t);
                    }
                }
            }
        }
        let mut prefixes = FastSet::default();
        let mut max_words = 1;
        let mut name_starts = vec![0u64; 1 << 10];
        for (form, targets) in pats.iter_mut() {
            targets.sort_by_key(|t| (rank(kb, t), t.kind == Kind::Name));
            targets.dedup_by_key(|t| t.entity);
            if let (Some(pair), Some(t)) = (byte_pair(form), targets.first()) {
                if t.kind == Kind::Name {
                    name_starts[pair >> 6] |= 1 << (pair & 63);
                }
            }
            let mut words = 1;
            let mut prev_alnum = false;
            for (i, c) in form.char_indices() {
                let alnum = c.is_alphanumeric();
                if prev_alnum && !alnum {
                    prefixes.insert(form[..i].to_string());
                }
                if !prev_alnum && alnum && i > 0 {
                    words += 1;
                }
                prev_alnum = alnum;
            }
            max_words = max_words.max(words);
        }
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let mut lex = Lexicon {
            forms: pats,
            prefixes,
            max_words,
            titles: rules.person_titles.iter().cloned().collect(),
            title_ends: rules
                .person_titles
                .iter()
                .filter_map(|t| t.split(' ').next_back())
                .map(|w| w.trim_end_matches('.').to_string())
                .collect(),
            lower_heads: rules
                .org_suffix_heads
                .iter()
                .any(|[h, _]| !h.chars().next().is_some_and(char::is_uppercase)),
            not_name: rules.not_name.iter().cloned().collect(),
            suffix_heads: rules
                .org_suffix_heads
                .iter()
                .map(|[a, b]| (a.clone(), b.clone()))
                .collect(),
            prefix_heads: Phrases::new(
                rules
                    .org_prefix_heads
                    .iter()
                    .map(|[a, b]| (words(a), b.clone()))
                    .collect(),
            ),
            regions: Phrases::new(
                rules
                    .region_prefixes
                    .iter()
                    .map(|[a, b]| (words(a), b.clone()))
                    .collect(),
            ),
            bodies: Phrases::new(
                rules
                    .bodies
                    .iter()
                    .flat_map(|b| b.forms.iter().map(|f| (words(f), b.key.clone())))
                    .collect(),
            ),
            rules,
            word_flags: FastMap::default(),
            short_flags: FastMap::default(),
            name_starts,
            suffix_ends: [false; 256],
        };
        for suf in &lex.rules.name_suffixes {
            match suf.as_bytes().last() {
                Some(&b) => lex.suffix_ends[usize::from(b)] = true,
                // an empty suffix: every word may carry it
                None => lex.suffix_ends = [true; 256],
            }
        }
        (lex.word_flags, lex.short_flags) = lex.flag_table(kb);
        lex
    }

    /// The word tables behind [`Lexicon::word_flags`]: the words without a [`short_key`], and
    /// the others by their key; the long words of the knowledge base are borrowed, not
    /// copied, which keeps start-up short.
    #[allow(clippy::type_complexity)]
    fn flag_table(&self, kb: &Kb) -> (FastMap<Cow<'static, str>, u16>, FastMap<u64, u16>) {
        let mut m: FastMap<Cow<'static, str>, u16> = FastMap::default();
        let mut short: FastMap<u64, u16> =
            FastMap::with_capacity_and_hasher(self.forms.len(), Default::default());
        let mut set = |w: Cow<'static, str>, bit: u16| match short_key(w.as_bytes()) {
            Some(k) => *short.entry(k).or_insert(0) |= bit,
            None => *m.entry(w).or_insert(0) |= bit,
        };
        let owned = |w: &str| Cow::Owned(w.to_string());
        for w in &self.not_name {
            set(owned(w), flag::NOT_NAME);
        }
        for t in &self.titles {
            set(owned(t), flag::TITLE);
            if let Some(w) = t.strip_suffix('.') {
                set(owned(w), flag::TITLE_DOT);
            }
        }
        for h in self.suffix_heads.keys() {
            set(owned(h), flag::SUFFIX_HEAD);
            if let Some(w) = h.strip_suffix('.') {
                set(owned(w), flag::SUFFIX_HEAD_DOT);
            }
        }
        // the first words of opening heads, region prefixes and body forms
        for phrases in [&self.prefix_heads, &self.regions, &self.bodies] {
            for w in phrases.by_first.keys() {
                set(owned(w), flag::STARTER);
            }
        }
        for w in &self.title_ends {
            set(owned(w), flag::TITLE_END);
        }
        for (names, bit) in [(&kb.first_names, flag::GIVEN), (&kb.surnames, flag::FAMILY)] {
            for &w in names {
                set(Cow::Borrowed(w), bit);
            }
        }
        for w in &self.rules.org_linkers {
            set(owned(w), flag::LINKER);
        }
        for w in &self.rules.speech_verbs {
            set(owned(w), flag::SPEECH);
        }
        for w in &self.rules.name_connectors {
            set(owned(w), flag::CONNECTOR);
        }
        for form in self.forms.keys() {
            let run = |f: &str| {
                f.char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map_or(f.len(), |(i, _)| i)
            };
            let word = match form {
                Cow::Borrowed(f) => {
                    let f: &'static str = f;
                    Cow::Borrowed(&f[..run(f)])
                }
                Cow::Owned(f) => owned(&f[..run(f)]),
            };
            if !word.is_empty() {
                // the first word is the whole form, or a prefix of it
                let whole = if word.len() == form.len() {
                    flag::FORM
                } else {
                    flag::PREFIX
                };
                set(word, flag::FORM_START | whole);
            }
        }
        (m, short)
    }

    /// What the tables say about word `w`: bits of [`flag`].
    pub fn word_flags(&self, w: &str) -> u16 {
        match short_key(w.as_bytes()) {
            Some(k) => self.short_word_flags(k),
            None => self.word_flags.get(w).copied().unwrap_or(0),
        }
    }

    /// [`Lexicon::word_flags`] of the word whose [`short_key`] is `key`.
    pub fn short_word_flags(&self, key: u64) -> u16 {
        self.short_flags.get(&key).copied().unwrap_or(0)
    }

    /// Whether some name form starts with the first two bytes of `w` (false for a `w` shorter
    /// than two bytes, which no form of two characters or more starts).
    pub fn name_start(&self, w: &str) -> bool {
        byte_pair(w).is_some_and(|p| self.name_starts[p >> 6] & (1 << (p & 63)) != 0)
    }

    /// Whether `w` may end in a name suffix: its last byte is the last byte of one.
    pub fn suffix_end(&self, w: &str) -> bool {
        w.as_bytes()
            .last()
            .is_some_and(|&b| self.suffix_end_byte(b))
    }

    /// Whether some name suffix ends in byte `b`.
    pub fn suffix_end_byte(&self, b: u8) -> bool {
        self.suffix_ends[usize::from(b)]
    }

    /// Whether `w` is an article of the genitive.
    pub fn genitive_article(&self, w: &str) -> bool {
        self.rules
            .genitive_articles
            .iter()
            .any(|a| a.eq_ignore_ascii_case(w))
    }

    /// The lexicon of `pack`, built on first use and cached. A pack with no entity rules and no
    /// demonyms in the knowledge base (one that holds only cleaning phrases, say) shares the
    /// language-neutral lexicon, which is the same and costs its memory once.
    pub fn for_pack(pack: &LangPack) -> &'static Lexicon {
        static CACHE: LazyLock<Mutex<HashMap<&'static str, &'static Lexicon>>> =
            LazyLock::new(|| Mutex::new(HashMap::new()));
        let mut cache = match CACHE.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(&lexicon) = cache.get(pack.iso()) {
            return lexicon;
        }
        let kb = Kb::get();
        let own = pack.file("entities.toml").is_some()
            || kb.demonyms.iter().any(|d| d.lang == pack.iso());
        let source = if own { pack } else { LangPack::neutral() };
        let lexicon = *cache
            .entry(source.iso())
            .or_insert_with(|| Box::leak(Box::new(Lexicon::build(kb, source))));
        cache.insert(pack.iso(), lexicon);
        lexicon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_without_entity_data_shares_the_neutral_lexicon() {
        let neutral = Lexicon::for_pack(LangPack::get_or_neutral("xx"));
        let cleaning_only = LangPack::available()
            .into_iter()
            .filter_map(LangPack::get)
            .find(|p| p.file("entities.toml").is_none())
            .expect("a pack with cleaning phrases only");
        assert!(std::ptr::eq(Lexicon::for_pack(cleaning_only), neutral));
        let german = Lexicon::for_pack(LangPack::get_or_neutral("de"));
        assert!(!std::ptr::eq(german, neutral));
    }

    #[test]
    fn phrases_are_found_by_first_word_in_table_order() {
        let row = |w: &[&str], v: &str| (w.iter().map(|s| s.to_string()).collect(), v.to_string());
        let p = Phrases::new(vec![
            row(&["Provinz"], "Province"),
            row(&["Region"], "Region"),
            row(&["Provinz", "von"], "of"),
        ]);
        let got: Vec<&str> = p.starting("Provinz").map(|(_, v)| v.as_str()).collect();
        assert_eq!(got, ["Province", "of"]);
        assert_eq!(p.starting("Kreis").count(), 0);
    }

    #[test]
    fn short_keys_tell_words_apart() {
        assert_eq!(short_key(b"Lawrow"), short_key(b"Lawrow"));
        assert_ne!(short_key(b"ab"), short_key(b"abc"));
        assert_eq!(short_key(b"neunbytes"), None);
        assert_eq!(short_key(b"a\0"), None);
        assert_eq!(short_key(b""), None);
        let german = Lexicon::for_pack(LangPack::get_or_neutral("de"));
        assert!(german.word_flags("für") & flag::LINKER != 0);
        assert!(german.word_flags("Außenminister") & flag::TITLE != 0);
    }

    #[test]
    fn name_start_admits_the_first_two_bytes_of_name_forms_only() {
        let german = Lexicon::for_pack(LangPack::get_or_neutral("de"));
        assert!(german.name_start("Russlands"));
        assert!(!german.name_start("R"));
        assert!(!german.name_start("qx"));
    }
}
