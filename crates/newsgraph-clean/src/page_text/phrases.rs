//! The boilerplate phrase lists of all language packs, merged and compiled once.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use newsgraph_core::RemovedReason;
use newsgraph_lang::LangPack;
use rustc_hash::FxHashMap;
use serde::Deserialize;

/// Default length limit of lines that prefix and contains rules apply to.
const DEFAULT_MAX_CHARS: usize = 160;

/// Phrases of one reason in a pack's `boilerplate.toml`.
#[derive(Debug, Default, Deserialize)]
struct PhraseSet {
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    contains: Vec<String>,
    max_chars: Option<usize>,
    #[serde(default)]
    not_sentences: bool,
}

/// A pack's `boilerplate.toml`.
#[derive(Debug, Default, Deserialize)]
struct PackFile {
    #[serde(default)]
    months: HashMap<String, u32>,
    #[serde(flatten)]
    reasons: HashMap<String, PhraseSet>,
}

/// Limits of one reason's prefix/contains rules.
#[derive(Debug, Clone, Copy)]
struct Limits {
    reason: RemovedReason,
    max_chars: usize,
    not_sentences: bool,
}

/// All packs' phrase lists, ready for matching.
pub(crate) struct Phrases {
    exact: FxHashMap<String, RemovedReason>,
    limits: Vec<Limits>,
    /// Pattern index -> (index into `limits`, is prefix rule).
    patterns: Vec<(usize, bool)>,
    matcher: Option<AhoCorasick>,
    /// Month names (lowercase) to month numbers.
    pub(crate) months: HashMap<String, u32>,
    /// Longest line any rule applies to (exact lines included).
    longest: usize,
}

fn reason_of(name: &str) -> Option<RemovedReason> {
    Some(match name {
        "teaser" => RemovedReason::Teaser,
        "caption" => RemovedReason::Caption,
        "credit" => RemovedReason::Credit,
        "newsletter" => RemovedReason::Newsletter,
        "consent" => RemovedReason::Consent,
        "ad" => RemovedReason::Ad,
        "share" => RemovedReason::Share,
        "subscription" => RemovedReason::Subscription,
        "navigation" => RemovedReason::Navigation,
        "footer" => RemovedReason::Footer,
        "comments" => RemovedReason::Comments,
        "metadata" => RemovedReason::Metadata,
        "boilerplate" => RemovedReason::Boilerplate,
        _ => return None,
    })
}

/// The merged lists of every available pack (a pack whose file does not parse is skipped).
pub(crate) static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut exact = FxHashMap::default();
    let mut limits: Vec<Limits> = Vec::new();
    let mut patterns = Vec::new();
    let mut needles: Vec<String> = Vec::new();
    let mut seen: HashSet<(String, bool)> = HashSet::new();
    let mut months = HashMap::new();
    for iso in LangPack::available() {
        let Ok(file) = LangPack::get_or_neutral(iso).toml::<PackFile>("boilerplate.toml") else {
            continue;
        };
        months.extend(file.months);
        let mut names: Vec<_> = file.reasons.into_iter().collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, set) in names {
            let Some(reason) = reason_of(&name) else {
                continue;
            };
            for l in &set.lines {
                exact.entry(normalize(l)).or_insert(reason);
            }
            let li = limits.len();
            limits.push(Limits {
                reason,
                max_chars: set.max_chars.unwrap_or(DEFAULT_MAX_CHARS),
                not_sentences: set.not_sentences,
            });
            for (list, is_prefix) in [(&set.prefixes, true), (&set.contains, false)] {
                for p in list {
                    let p = p.to_lowercase();
                    if p.trim().is_empty() || !seen.insert((p.clone(), is_prefix)) {
                        continue;
                    }
                    patterns.push((li, is_prefix));
                    needles.push(p);
                }
            }
        }
    }
    // A contiguous NFA: the same matches as a DFA, built in a fifth of the instructions (the
    // DFA's build was a fifth of a one-document run's start-up). No prefilter: the phrases
    // start with common letters, so candidates would be everywhere.
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .prefilter(false)
        .build(&needles)
        .ok();
    let longest = limits
        .iter()
        .map(|l| l.max_chars)
        .chain(exact.keys().map(|k| k.chars().count() + 20))
        .max()
        .unwrap_or(0);
    Phrases {
        longest,
        exact,
        limits,
        patterns,
        matcher,
        months,
    }
});

/// Lowercases a line and strips list markers, surrounding punctuation and a trailing counter
/// such as "(3)", so that "Kommentare (3):" matches "kommentare".
pub(crate) fn normalize(line: &str) -> String {
    let trim = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '»'
                    | '›'
                    | '«'
                    | '‹'
                    | '|'
                    | '>'
                    | '<'
                    | '…'
                    | '•'
                    | '·'
                    | '*'
                    | '□'
                    | '-'
                    | '–'
                    | '—'
                    | '#'
                    | '+'
                    | '.'
                    | '!'
                    | '?'
                    | '→'
                    | '←'
                    | '▸'
                    | '▶'
                    | '►'
            )
    };
    let mut s = line.trim_matches(trim);
    if s.ends_with(')') {
        if let Some(open) = s.rfind(" (") {
            if s[open + 2..s.len() - 1].chars().all(|c| c.is_ascii_digit()) {
                s = s[..open].trim_matches(trim);
            }
        }
    }
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            let at = out.len();
            out.push_str(w);
            out[at..].make_ascii_lowercase();
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

impl Phrases {
    /// The reason a line is boilerplate by the phrase lists, if any. `sentence` tells whether
    /// the line ends like a sentence.
    pub(crate) fn classify(
        &self,
        line: &str,
        chars: usize,
        sentence: bool,
    ) -> Option<RemovedReason> {
        if chars > self.longest {
            return None;
        }
        let norm = normalize(line);
        if norm.is_empty() {
            return None;
        }
        if let Some(&r) = self.exact.get(&norm) {
            return Some(r);
        }
        let matcher = self.matcher.as_ref()?;
        // Most lines hold no phrase: one plain scan rules them out before the slower
        // overlapping search that weighs every match.
        if !matcher.is_match(&norm) {
            return None;
        }
        for m in matcher.find_overlapping_iter(&norm) {
            let (li, is_prefix) = self.patterns[m.pattern().as_usize()];
            let lim = self.limits[li];
            if chars > lim.max_chars || (lim.not_sentences && sentence) {
                continue;
            }
            if is_prefix && m.start() != 0 {
                continue;
            }
            return Some(lim.reason);
        }
        None
    }

    /// Whether a normalized line is exactly a teaser heading ("Auch interessant", "Related").
    pub(crate) fn is_teaser_head(&self, line: &str) -> bool {
        self.exact.get(&normalize(line)) == Some(&RemovedReason::Teaser)
    }
}
