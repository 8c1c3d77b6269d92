//! Boilerplate removal for copied page text (no markup).
//!
//! The page is read line by line. Each line gets features (length, sentence shape, list marker,
//! phrase-list and credit matches) and a text score; the article is the stretch of lines with
//! the highest total score. Inside it, teaser blocks, captions with their credits and picture
//! titles, newsletter boxes, date lines and comment sections are dropped; everything else,
//! crossheads included, is kept verbatim.

mod meta;
mod phrases;

use std::sync::LazyLock;

use newsgraph_core::{Removed, RemovedReason};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::CleanDoc;
use phrases::PHRASES;

/// Share of the article's text that may follow a closing section heading.
const TAIL_SHARE: f32 = 0.25;

/// List markers w3m and copy-paste leave in front of list items.
const BULLETS: &[char] = &[
    '•', '□', '◦', '▪', '■', '○', '‣', '*', '·', '►', '▸', '-', '–',
];

static FILE_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\w\-.~%]+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic)$").ok()
});

/// One non-empty line of the page with its features.
struct Line<'a> {
    /// The line, trimmed.
    text: &'a str,
    /// Blank-line separated block the line belongs to.
    block: usize,
    chars: usize,
    words: usize,
    bullet: bool,
    /// Ends like a sentence (. ! ? …, possibly before a closing quote or bracket).
    sentence: bool,
    /// Why the line is boilerplate, once decided.
    reason: Option<RemovedReason>,
    /// Date stated by a date line.
    date: Option<String>,
}

fn ends_like_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '”' | '“' | '«' | '»' | '\'' | '’' | ')' | ']')
    });
    t.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Roughly how many sentences `s` holds: full stops, question and exclamation marks followed by
/// a space or the end.
fn sentence_ends(s: &str) -> usize {
    let mut chars = s.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            n += 1;
        }
    }
    n
}

/// Line patterns that hold whatever the language: credits, file names, form fields,
/// separator-joined link lists, lines without letters.
fn structural_reason(core: &str, chars: usize, words: usize) -> Option<RemovedReason> {
    if !core.chars().any(char::is_alphabetic) {
        return Some(RemovedReason::Boilerplate);
    }
    if chars <= 200
        && (core.starts_with('©')
            || core.starts_with("(c) ")
            || core.starts_with("(C) ")
            || (chars <= 120 && core.contains('©')))
    {
        return Some(RemovedReason::Credit);
    }
    if !core.contains(' ')
        && core.contains('.')
        && FILE_NAME.as_ref().is_some_and(|r| r.is_match(core))
    {
        return Some(RemovedReason::Credit);
    }
    if core.contains('[') && core.contains(']') {
        let mut outside = String::new();
        let mut depth = 0usize;
        for c in core.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                _ if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        if outside.split_whitespace().count() <= 3 || outside.chars().count() * 2 < chars {
            return Some(RemovedReason::Boilerplate);
        }
    }
    if chars > 300 {
        return None;
    }
    for (mark, sep) in [('|', " | "), ('·', " · "), ('•', " • "), ('/', " / ")] {
        if !core.contains(mark) {
            continue;
        }
        let parts = core.split(sep).count();
        if parts >= 3 && words <= parts * 4 {
            return Some(RemovedReason::Navigation);
        }
    }
    None
}

/// Characters and whitespace-separated words of `s`, counted in one pass.
fn chars_and_words(s: &str) -> (usize, usize) {
    let (mut chars, mut words, mut in_word) = (0, 0, false);
    for c in s.chars() {
        chars += 1;
        let space = c.is_whitespace();
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    (chars, words)
}

fn analyse(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut block = 0usize;
    let mut gap = false;
    for raw in text.lines() {
        let t = raw.trim();
        if t.is_empty() {
            gap = true;
            continue;
        }
        if gap {
            block += 1;
            gap = false;
        }
        let core = t.trim_start_matches(BULLETS).trim_start();
        let bullet = core.len() < t.len() && t.starts_with(BULLETS);
        let core = if core.is_empty() { t } else { core };
        let (chars, words) = chars_and_words(core);
        let sentence = ends_like_sentence(core);
        let date = if sentence {
            None
        } else {
            meta::date_line(core)
        };
        let reason = structural_reason(core, chars, words)
            .or_else(|| PHRASES.classify(core, chars, sentence))
            .map(|r| match r {
                RemovedReason::Boilerplate if date.is_some() => RemovedReason::Metadata,
                r => r,
            })
            .or_else(|| meta::dateline_line(core).map(|_| RemovedReason::Metadata));
        lines.push(Line {
            text: t,
            block,
            chars,
            words,
            bullet,
            sentence,
            reason,
            date,
        });
    }
    lines
}

/// How much a line looks like article text (positive) or page furniture (negative).
fn score(l: &Line, repeated: bool) -> f32 {
    match l.reason {
        // Picture furniture and bylines sit inside articles; the rest bounds them.
        Some(
            RemovedReason::Credit
            | RemovedReason::Caption
            | RemovedReason::Metadata
            | RemovedReason::Ad
            | RemovedReason::Boilerplate,
        ) => return -3.0,
        // Boxes that interrupt an article as often as they follow it.
        Some(
            RemovedReason::Teaser
            | RemovedReason::Newsletter
            | RemovedReason::Subscription
            | RemovedReason::Consent,
        ) => return -14.0,
        Some(_) => return -20.0,
        None => {}
    }
    if l.date.is_some() {
        return -8.0;
    }
    let len = l.chars as f32;
    let text = if l.bullet {
        if l.sentence && l.chars >= 100 {
            len / 20.0
        } else {
            -2.0
        }
    } else if l.sentence && (l.words >= 5 || l.chars >= 25) {
        (len / 10.0).clamp(3.0, 60.0)
    } else if l.chars > 150 {
        (len / 20.0).min(30.0)
    } else {
        -1.5
    };
    // Repeated lines are mostly widget messages; repeated text counts for little.
    if repeated {
        if text > 0.0 {
            text * 0.2
        } else {
            -2.0
        }
    } else {
        text
    }
}

/// The stretch of lines with the highest total score (Kadane), as an index range.
fn main_region(lines: &[Line], counts: &FxHashMap<&str, usize>) -> std::ops::Range<usize> {
    let (mut best, mut best_range) = (0.0f32, 0..0);
    let (mut sum, mut start) = (0.0f32, 0usize);
    for (i, l) in lines.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += score(l, counts.get(l.text).is_some_and(|&c| c > 1));
        if sum > best {
            best = sum;
            best_range = start..i + 1;
        }
    }
    // Article text before a picture or box that interrupts it: step back over short runs of
    // soft furniture (captions, credits, teasers, boxes, headings) to sentence-like text.
    let hard = |l: &Line| {
        matches!(
            l.reason,
            Some(
                RemovedReason::Navigation
                    | RemovedReason::Footer
                    | RemovedReason::Comments
                    | RemovedReason::Share
            )
        )
    };
    let mut start = best_range.start;
    'extend: while start > 0 {
        let mut j = start;
        for _ in 0..6 {
            if j == 0 {
                break 'extend;
            }
            j -= 1;
            let l = &lines[j];
            if hard(l) || l.bullet {
                break 'extend;
            }
            if l.reason.is_none() && l.date.is_none() && l.sentence && l.words >= 8 {
                start = j;
                continue 'extend;
            }
        }
        break;
    }
    let best_range = start..best_range.end;
    // A numbered list that closes the article scores low but belongs to it.
    let mut end = best_range.end;
    while end < lines.len()
        && end > best_range.start
        && lines[end].reason.is_none()
        && is_numbered(lines[end].text)
    {
        end += 1;
    }
    best_range.start..end
}

/// "1. …", "2) …": an item of a numbered list.
fn is_numbered(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(s.as_bytes().get(digits), Some(b'.' | b')'))
        && s.as_bytes().get(digits + 1) == Some(&b' ')
}

fn is_heading(l: &Line, max_chars: usize) -> bool {
    !l.sentence && !l.bullet && l.chars <= max_chars && l.reason.is_none()
}

/// Marks teaser blocks, captions, propagated box text and date lines inside the region.
fn mark_region(lines: &mut [Line], region: &std::ops::Range<usize>) {
    let r = region.clone();
    // Comment sections end the article.
    let mut end = r.end;
    let mut seen_text = false;
    for i in r.clone() {
        let l = &lines[i];
        if seen_text && l.reason == Some(RemovedReason::Comments) && !l.sentence {
            end = i;
            break;
        }
        seen_text |= l.reason.is_none() && l.sentence && l.words >= 5;
    }
    for l in &mut lines[end..r.end] {
        l.reason.get_or_insert(RemovedReason::Comments);
    }
    // A section heading (teaser, share, footer, navigation) after which little text follows
    // closes the article: the rest is the page's tail.
    let mass = |l: &Line| {
        if l.reason.is_none() && l.sentence && l.words >= 5 {
            l.chars as f32
        } else {
            0.0
        }
    };
    let total: f32 = lines[r.start..end].iter().map(mass).sum();
    let mut before = 0.0f32;
    for i in r.start..end {
        let l = &lines[i];
        before += mass(l);
        let section = matches!(
            l.reason,
            Some(
                RemovedReason::Teaser
                    | RemovedReason::Share
                    | RemovedReason::Footer
                    | RemovedReason::Navigation
            )
        );
        if section && before > 0.0 && total - before < TAIL_SHARE * before {
            let cut = l.reason.unwrap_or(RemovedReason::Footer);
            for l in &mut lines[i..end] {
                l.reason.get_or_insert(cut);
            }
            end = i;
            break;
        }
    }
    let r = r.start..end;
    for i in r.clone() {
        let file = lines[i].reason == Some(RemovedReason::Credit)
            && !lines[i].text.contains(' ')
            && FILE_NAME
                .as_ref()
                .is_some_and(|re| re.is_match(lines[i].text));
        let head = lines[i].reason == Some(RemovedReason::Teaser)
            && lines[i].chars <= 80
            && PHRASES.is_teaser_head(lines[i].text);
        if head || file {
            // Titles of the related articles (and their picture tags) follow the heading.
            let limit = if file { 1 } else { 3 };
            let mut taken = 0;
            let mut j = i + 1;
            while j < r.end {
                let l = &mut lines[j];
                // Teaser titles may end in "?" or "!", not in a full stop.
                let title = (!l.sentence && l.chars <= 160)
                    || (l.chars <= 120 && !l.text.trim_end().ends_with('.'));
                if l.bullet && l.chars <= 200 {
                    l.reason.get_or_insert(RemovedReason::Teaser);
                } else if taken < limit && (title || l.reason == Some(RemovedReason::Credit)) {
                    l.reason.get_or_insert(RemovedReason::Teaser);
                    taken += 1;
                } else if l.reason.is_none() {
                    break;
                }
                j += 1;
            }
        }
    }
    // Captions: the text right before a credit, and the picture title before it.
    for i in r.clone() {
        if lines[i].reason != Some(RemovedReason::Credit) || i == r.start {
            continue;
        }
        let p = i - 1;
        if lines[p].reason.is_some() || lines[p].bullet || lines[p].chars > 500 {
            continue;
        }
        let same_block = lines[p].block == lines[i].block;
        let titled = p > r.start && is_heading(&lines[p - 1], 80);
        if same_block || titled || !lines[p].sentence {
            lines[p].reason = Some(RemovedReason::Caption);
            if titled {
                lines[p - 1].reason = Some(RemovedReason::Caption);
            }
        }
    }
    // Boxes: a newsletter, consent, subscription or ad line takes its block's short lines
    // and the short lines announcing it.
    for i in r.clone() {
        let Some(reason) = lines[i].reason else {
            continue;
        };
        if !matches!(
            reason,
            RemovedReason::Newsletter
                | RemovedReason::Consent
                | RemovedReason::Subscription
                | RemovedReason::Ad
        ) {
            continue;
        }
        let block = lines[i].block;
        let mut j = i + 1;
        while j < r.end && lines[j].block == block && lines[j].chars <= 120 {
            lines[j].reason.get_or_insert(reason);
            j += 1;
        }
        let mut j = i;
        let mut taken = 0;
        while j > r.start && taken < 2 {
            j -= 1;
            let l = &mut lines[j];
            if l.reason.is_some() {
                continue;
            }
            if l.chars > 120 {
                break;
            }
            l.reason = Some(reason);
            taken += 1;
        }
    }
    for l in &mut lines[r] {
        if l.reason.is_none() && l.date.is_some() {
            l.reason = Some(RemovedReason::Metadata);
        }
    }
}

/// Lowercase stems (first five letters, after a space) of a text's longer words.
fn stems(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| {
            std::iter::once(' ')
                .chain(w.chars().flat_map(char::to_lowercase).take(5))
                .collect()
        })
        .collect()
}

/// The headline: a heading-like line shortly before the article (or opening it) whose words
/// the article repeats; a line the page repeats scores higher.
fn find_title(
    lines: &[Line],
    region: &std::ops::Range<usize>,
    counts: &FxHashMap<&str, usize>,
) -> Option<usize> {
    let from = region.start.saturating_sub(30);
    let to = (region.start + 1).min(lines.len());
    let candidates: Vec<(usize, &Line)> = lines
        .iter()
        .enumerate()
        .take(to)
        .skip(from)
        .filter(|(i, l)| {
            !(l.reason.is_some()
                || l.date.is_some()
                || l.bullet
                || l.text.trim_end().ends_with('.')
                || (*i >= region.start && l.sentence)
                || l.words < 2
                || l.words > 25
                || l.chars > 200)
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // The opening of the article, lowercased, words separated by single spaces.
    let mut body = String::from(" ");
    for l in lines[region.clone()].iter().filter(|l| l.reason.is_none()) {
        if body.len() > 1500 {
            break;
        }
        for c in l.text.chars().take(1600) {
            if c.is_ascii_alphanumeric() {
                body.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                body.extend(c.to_lowercase());
            } else if !body.ends_with(' ') {
                body.push(' ');
            }
        }
        body.push(' ');
    }
    // A stem occurs in the opening when one of its words starts with it: the four- and
    // five-character beginnings of the words, looked up instead of searching the text per stem.
    let openings: FxHashSet<&str> = body
        .split(' ')
        .flat_map(|w| {
            let mut ends = w.char_indices().map(|(i, _)| i).skip(4);
            let four = ends.next().map_or(w.len(), |e| e);
            let five = ends.next().unwrap_or(w.len());
            let chars = w.chars().take(5).count();
            [
                (chars >= 4).then(|| &w[..four]),
                (chars >= 5).then(|| &w[..five]),
            ]
        })
        .flatten()
        .collect();
    let mut best: Option<(f32, usize)> = None;
    for (i, l) in candidates {
        let st = stems(l.text);
        if st.is_empty() {
            continue;
        }
        let matched = st
            .iter()
            .filter(|s| openings.contains(s.trim_start_matches(' ')))
            .count();
        let overlap = matched as f32 / st.len() as f32;
        let dist = region.start.saturating_sub(i) as f32;
        if overlap < 0.25 && dist > 1.0 {
            continue;
        }
        let repeated = if counts.get(l.text).copied().unwrap_or(0) > 1 {
            0.5
        } else {
            0.0
        };
        // Headlines run to several words; picture titles and labels are shorter.
        let length = l.words.min(8) as f32 * 0.1;
        let s = matched.min(5) as f32 * 0.4 + overlap + repeated + length + 1.0 / (1.0 + dist);
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Pushes a dropped line, merging it with the previous entry when the reason is the same.
fn push_removed(
    removed: &mut Vec<Removed>,
    last_kept: &mut bool,
    text: &str,
    reason: RemovedReason,
) {
    match removed.last_mut() {
        Some(prev) if prev.reason == reason && !*last_kept => {
            prev.text.push('\n');
            prev.text.push_str(text);
        }
        _ => removed.push(Removed {
            text: text.to_string(),
            reason,
        }),
    }
    *last_kept = false;
}

/// Cleans copied page text: keeps the article's paragraphs (one per line, separated by a blank
/// line) and reports title, dateline, date and every dropped block with its reason. Characters a
/// browser does not show (soft hyphens, zero-width spaces) are dropped first.
pub fn clean_text(text: &str) -> CleanDoc {
    if crate::has_invisible(text) {
        return clean_text(&text.replace(crate::INVISIBLE, ""));
    }
    let mut lines = analyse(text);
    let mut counts: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(lines.len(), Default::default());
    // Repetition is a trait of short furniture lines; long lines are not counted.
    for l in lines.iter().filter(|l| l.chars <= 200) {
        *counts.entry(l.text).or_default() += 1;
    }
    let mut region = main_region(&lines, &counts);
    if region.is_empty() {
        region = 0..lines.len();
    }
    mark_region(&mut lines, &region);
    let title_idx = find_title(&lines, &region, &counts);
    let mut doc = CleanDoc {
        title: title_idx.map(|i| lines[i].text.to_string()),
        ..CleanDoc::default()
    };
    if let Some(i) = title_idx {
        let t = lines[i].text;
        for l in lines.iter_mut().filter(|l| l.text == t) {
            l.reason = Some(RemovedReason::Metadata);
        }
    }
    // Published: the date line nearest to the start of the article.
    let dated = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.date.as_ref().map(|d| (i, d)))
        .min_by_key(|(i, _)| {
            if *i >= region.start && *i < region.end {
                (i - region.start) * 2
            } else if *i < region.start {
                (region.start - i) * 2 + 1
            } else {
                (i - region.end) * 4 + 1000
            }
        })
        .map(|(_, d)| d.clone());
    let mut paragraphs: Vec<&str> = Vec::new();
    let mut last_kept = false;
    let mut section = RemovedReason::Footer;
    for (i, l) in lines.iter().enumerate() {
        let inside = i >= region.start && i < region.end;
        match (inside, l.reason) {
            (true, None) => {
                let mut p = l.text;
                if paragraphs.is_empty() {
                    if doc.dateline.is_none() {
                        if let Some(d) = meta::dateline_at(p) {
                            doc.dateline = Some(d.place);
                            if d.dot {
                                p = p[d.len..].trim_start();
                                if doc.title.is_none() {
                                    // "Tokio. Headline. Standfirst …" above the article: a
                                    // short first sentence after the place is the headline
                                    // when a sentence or two of standfirst follow it and the
                                    // article goes on below (a lone "Berlin. Lead. …"
                                    // paragraph is all body).
                                    let article_follows =
                                        lines[i + 1..region.end].iter().any(|l| l.reason.is_none());
                                    let headline = p.find(". ").filter(|&e| {
                                        article_follows
                                            && e <= 200
                                            && p[..e].split_whitespace().count() <= 15
                                            && sentence_ends(&p[e + 1..]) <= 2
                                    });
                                    if let Some(end) = headline {
                                        doc.title = Some(p[..end].to_string());
                                        p = p[end + 1..].trim_start();
                                    }
                                }
                            }
                        } else {
                            doc.dateline = meta::dateline_after_first_sentence(p);
                        }
                    }
                    if doc.published.is_none() {
                        doc.published = meta::bracketed_date(p);
                    }
                }
                if !p.is_empty() {
                    paragraphs.push(p);
                }
                last_kept = true;
            }
            (true, Some(reason)) => {
                if reason == RemovedReason::Metadata && doc.dateline.is_none() {
                    doc.dateline = meta::dateline_line(l.text);
                }
                push_removed(&mut doc.removed, &mut last_kept, l.text, reason);
            }
            (false, reason) => {
                // After the article, a comments or teaser heading names the lines below it.
                if i >= region.end {
                    section = match reason {
                        Some(r @ (RemovedReason::Comments | RemovedReason::Teaser)) => r,
                        Some(RemovedReason::Footer | RemovedReason::Navigation) => {
                            RemovedReason::Footer
                        }
                        _ => section,
                    };
                }
                let reason = reason.unwrap_or(if i < region.start {
                    RemovedReason::Navigation
                } else {
                    section
                });
                if reason == RemovedReason::Metadata && doc.dateline.is_none() {
                    doc.dateline = meta::dateline_line(l.text);
                }
                push_removed(&mut doc.removed, &mut last_kept, l.text, reason);
            }
        }
    }
    if doc.published.is_none() {
        doc.published = dated.or_else(|| paragraphs.last().and_then(|p| meta::bracketed_date(p)));
    }
    doc.body = paragraphs.join("\n\n");
    doc
}

#[cfg(test)]
mod tests;
