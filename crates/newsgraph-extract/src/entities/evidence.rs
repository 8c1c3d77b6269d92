//! Organizations the knowledge base does not list, recognised from evidence in the text: a role
//! or corporate noun after the name ("WeWork founder", "SoftBank's shares", "WeWork's 12,000
//! employees"), a phrase before it ("co-founder of", "investors in"), or a hyphenated adjective
//! ("the SoftBank-backed company"). Once a name has evidence, its other mentions in the body are
//! linked to it, and a longer organization name found in the same body that starts with it
//! ("SoftBank Group Corp") is its canonical name. The cues are data of the language pack.

use newsgraph_core::EntityType;

use super::kb::{FastSet, Kb};
use super::lexicon::{flag, Kind, Lexicon};
use super::{is_upper_initial, Cand, Doc, Found, NewEntity, Ref};

/// Most words an organization name found from evidence may have.
const MAX_WORDS: usize = 4;

/// Adds the organizations that evidence names to `chosen` (a resolved, non-overlapping list).
pub(super) fn evidence_orgs(
    kb: &Kb,
    lex: &Lexicon,
    doc: &Doc<'_>,
    chosen: &mut Vec<Cand>,
    found: &mut Found,
) {
    let r = &lex.rules;
    if r.org_cues_after.is_empty()
        && r.org_cues_possessive.is_empty()
        && r.org_cues_before.is_empty()
        && r.org_cue_compounds.is_empty()
        && !r.intercapped_orgs
    {
        return;
    }
    let n = doc.toks.len();
    let mut covered = vec![false; n];
    let mut persons: FastSet<&str> = FastSet::default();
    for c in chosen.iter() {
        let first = doc.toks.partition_point(|t| t.start < c.range.start);
        let person = match c.target {
            Ref::Kb(x) => kb.entities[x].entity_type == EntityType::Person,
            Ref::New(x) => found.items[x].entity_type == EntityType::Person,
        };
        for (k, t) in doc.toks.iter().enumerate().skip(first) {
            if t.start >= c.range.end {
                break;
            }
            covered[k] = true;
            if person {
                persons.insert(doc.word(k));
            }
        }
    }
    let mut names: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < n {
        if !name_word(lex, doc, i, &covered) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n
            && j - i < MAX_WORDS
            && matches!(doc.gap(j - 1), " " | "-")
            && name_word(lex, doc, j, &covered)
        {
            j += 1;
        }
        // a sentence-initial word that the body also writes in lower case is a common word
        let mut s = i;
        if sentence_initial(doc, i) && common(doc, i) {
            s += 1;
        }
        if s < j
            && !doc.has(lex, s, flag::GIVEN)
            && !(s..j).any(|k| persons.contains(doc.word(k)))
            && (cue_before(lex, doc, s)
                || cue_after(lex, doc, j - 1)
                || (j == s + 1 && brand(lex, doc, s)))
        {
            let name = &doc.body[doc.toks[s].start..doc.toks[j - 1].end];
            if !names.contains(&name) {
                names.push(name);
            }
        }
        i = j;
    }
    if names.is_empty() {
        return;
    }
    for name in names {
        // the longest organization of the body that starts with the name is its full form
        let full = chosen
            .iter()
            .filter(|c| {
                let ty = match c.target {
                    Ref::Kb(x) => kb.entities[x].entity_type,
                    Ref::New(x) => found.items[x].entity_type,
                };
                ty == EntityType::Organization
                    && doc.body[c.range.clone()]
                        .strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .max_by_key(|c| c.range.len())
            .map(|c| c.target);
        let target = full.unwrap_or_else(|| {
            found.add(NewEntity {
                name: name.to_string(),
                entity_type: EntityType::Organization,
                subtype: None,
                country: None,
                kb_id: None,
            })
        });
        let words = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        for (at, _) in doc.body.match_indices(name) {
            let end = at + name.len();
            let k = doc.toks.partition_point(|t| t.start < at);
            let whole = doc.toks.get(k).is_some_and(|t| t.start == at)
                && doc.toks.get(k + words - 1).is_some_and(|t| t.end == end);
            if !whole || (k..k + words).any(|w| covered[w]) {
                continue;
            }
            for c in covered.iter_mut().skip(k).take(words) {
                *c = true;
            }
            chosen.push(Cand {
                range: at..end,
                target,
                kind: Kind::Name,
            });
        }
    }
    chosen.sort_by_key(|c| c.range.start);
}

/// Whether word `i` may be part of an unknown name: capitalized, not a function word, title or
/// month, not inside a mention already.
fn name_word(lex: &Lexicon, doc: &Doc<'_>, i: usize, covered: &[bool]) -> bool {
    // one lookup for all the flags asked about
    let f = doc.flags_of(lex, i);
    f & flag::UPPER != 0
        && !covered[i]
        && f & (flag::NOT_NAME | flag::TITLE | flag::SUFFIX_HEAD) == 0
        && doc.word(i).chars().nth(1).is_some()
        && !(f & flag::GIVEN != 0 && i + 1 < doc.toks.len() && doc.gap(i) == " ")
}

/// Whether word `i` is an intercapped brand name ("WeWork", not "McCain") that the body names
/// more than once, once at least inside a sentence.
fn brand(lex: &Lexicon, doc: &Doc<'_>, i: usize) -> bool {
    let w = doc.word(i);
    let intercapped = w
        .chars()
        .zip(w.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    if !lex.rules.intercapped_orgs
        || !intercapped
        || lex.rules.intercapped_name_prefixes.iter().any(|p| {
            w.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
        })
    {
        return false;
    }
    let mut seen = 0;
    let mut inside = false;
    for (at, _) in doc.body.match_indices(w) {
        let k = doc.toks.partition_point(|t| t.start < at);
        if !doc
            .toks
            .get(k)
            .is_some_and(|t| t.start == at && t.end == at + w.len())
        {
            continue;
        }
        // a product after its maker ("Apple AirPods"), a model number after it ("AirPlay 2"),
        // a handle or tag ("@MattBevin"): no organization
        let after_name = k > 0 && doc.gap(k - 1) == " " && is_upper_initial(doc.word(k - 1));
        let numbered =
            doc.gap(k) == " " && doc.word(k + 1).starts_with(|c: char| c.is_ascii_digit());
        let tagged = doc.body[..at].ends_with(['@', '#']);
        if after_name || numbered || tagged {
            return false;
        }
        seen += 1;
        inside |= !sentence_initial(doc, k);
    }
    seen >= 2 && inside
}

/// Whether word `i` opens a sentence (or a quotation, or a line).
fn sentence_initial(doc: &Doc<'_>, i: usize) -> bool {
    i == 0 || {
        let gap = doc.gap(i - 1);
        gap.contains('\n')
            || gap
                .trim_end_matches([' ', '"', '“', '‘', '\''])
                .ends_with(['.', '!', '?', ':', '“', '"'])
    }
}

/// Whether the body also writes word `i` in lower case ("Its", "Former"). A search of the body
/// costs less than a set of its words: few words open a sentence with a candidate. A word in
/// lower case that is all letters and digits is a word of the body where it stands between
/// other chars; any other is looked for among the words.
fn common(doc: &Doc<'_>, i: usize) -> bool {
    let lower = doc.word(i).to_lowercase();
    if lower.is_empty() || !lower.chars().all(char::is_alphanumeric) {
        return doc
            .toks
            .iter()
            .any(|t| doc.body.get(t.start..t.end) == Some(lower.as_str()));
    }
    let found = doc.whole_word_matches(&lower).next().is_some();
    found
}

/// Whether `text` starts with `phrase` followed by a word boundary.
fn starts_with_word(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_alphanumeric))
}

/// Whether a cue phrase ends just before word `i`: "co-founder of WeWork".
fn cue_before(lex: &Lexicon, doc: &Doc<'_>, i: usize) -> bool {
    let head = &doc.body[..doc.toks[i].start];
    let Some(head) = head.strip_suffix(' ') else {
        return false;
    };
    // the cue may open the sentence: "Investors in WeWork"
    lex.rules.org_cues_before.iter().any(|cue| {
        let at = head.len().saturating_sub(cue.len());
        head.get(at..).is_some_and(|t| t.eq_ignore_ascii_case(cue))
            && !head[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

/// Whether a cue follows word `j`: "WeWork founder", "SoftBank's shares", "WeWork's 12,000
/// employees", "SoftBank-backed".
fn cue_after(lex: &Lexicon, doc: &Doc<'_>, j: usize) -> bool {
    let rules = &lex.rules;
    let tail = &doc.body[doc.toks[j].end..];
    if let Some(rest) = tail.strip_prefix('-') {
        return rules
            .org_cue_compounds
            .iter()
            .any(|c| starts_with_word(rest, c));
    }
    let possessive = ["’s ", "'s ", "’ ", "' "]
        .iter()
        .find_map(|p| tail.strip_prefix(p));
    if let Some(mut rest) = possessive {
        // a number may stand between: "WeWork's 12,000 employees"
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with(' ') {
            rest = &rest[digits + 1..];
        }
        return rules
            .org_cues_possessive
            .iter()
            .any(|c| starts_with_word(rest, c));
    }
    tail.strip_prefix(' ').is_some_and(|rest| {
        rules
            .org_cues_after
            .iter()
            .any(|c| starts_with_word(rest, c))
    })
}

#[cfg(test)]
mod tests {
    use super::{common, Doc};

    #[test]
    fn a_word_is_common_where_the_body_writes_it_in_lower_case_as_a_whole_word() {
        let doc = Doc::new("Its plan failed. Former staff said its plan was formerly known.");
        let at = |w: &str| (0..doc.toks.len()).find(|&k| doc.word(k) == w).unwrap();
        assert!(common(&doc, at("Its")));
        // "formerly" holds "former" but is another word
        assert!(!common(&doc, at("Former")));
        // a word in lower case finds itself
        assert!(common(&doc, at("staff")));
    }
}
