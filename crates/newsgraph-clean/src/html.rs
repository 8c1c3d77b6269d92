//! Main-content extraction from HTML.
//!
//! The article text comes from `rs-trafilatura` (a Rust port of trafilatura); around it we add
//! what the pipeline needs: paragraphs separated by blank lines, a trimmed start and end of the
//! text (repeated headline, date lines, credits, stray navigation), a cleaned title, publication
//! date fallbacks and the dateline.

mod dateline;
mod dates;
mod furniture;
mod meta;
mod script_text;

use newsgraph_core::{Removed, RemovedReason};

use crate::CleanDoc;
use meta::collapse;

/// Words in a line that reads as running text rather than a label or menu item.
const MIN_TEXT_WORDS: usize = 10;
/// Characters in a line that reads as running text (scripts without spaces).
const MIN_TEXT_CHARS: usize = 80;
/// Characters that end a sentence.
const SENTENCE_END: &[char] = &['.', '!', '?', '"', '“', '”', '«', '»', '。', '！', '？'];
/// Lines up to this many words that contain a date are date lines anywhere in the text.
const MAX_DATE_ONLY_WORDS: usize = 6;
/// Lines before the first paragraph up to this many words that contain a date are date/byline lines.
const MAX_DATE_LINE_WORDS: usize = 12;
/// Characters of a line without letters (an id, a code) that make it no text.
const MIN_CODE_CHARS: usize = 6;
/// Endings of a line cut short with an ellipsis: a teaser's excerpt or truncated headline.
const TRUNCATION_ENDS: &[&str] = &["…", "..", "[…]", "[...]"];
/// Characters of article text that must come before a list of truncated teasers.
const MIN_ARTICLE_BEFORE_TEASERS: usize = 400;
/// Marked lines from one point on that make the rest of the text a teaser list.
const MIN_TEASER_MARKS: usize = 2;
/// Times a label must recur to mark teasers.
const MIN_LABEL_REPEATS: usize = 3;
/// Longest recurring label under a teaser headline ("By REUTERS"), in words.
const MAX_LABEL_WORDS: usize = 6;
/// Appeals to subscribe or follow are dropped in the last part of the text, from this
/// fraction (numerator / denominator) of its characters on.
const APPEAL_PART_NUM: usize = 7;
const APPEAL_PART_DEN: usize = 10;
/// Paragraphs ending in a sentence that the page's cleaned visible text must have to replace
/// an extraction without any.
const MIN_FALLBACK_SENTENCES: usize = 3;
/// Words (or characters, for scripts without spaces) of a paragraph that counts as a sentence.
const MIN_SENTENCE_WORDS: usize = 6;
const MIN_SENTENCE_CHARS: usize = 30;
/// After a heading opening with a teaser word, at most one line in this many may be a
/// sentence for the lines to be a block of links.
const LINK_BLOCK_SENTENCE_SHARE: usize = 3;
/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " || "];

/// Extracts the article from an HTML page: body, title, dateline, publication date.
pub fn clean_html(html: &str, url: Option<&str>) -> CleanDoc {
    let page = meta::read(html);
    // The page's own date (meta tags, JSON-LD, `<time>`), else a cued date in its text: when
    // there is one, the extractor's date is never read, so it skips its DOM date search.
    let own_date = page
        .published
        .clone()
        .or_else(|| dates::find_cued_date(&visible_head(html)));
    let opts = rs_trafilatura::Options {
        url: url.map(str::to_string),
        content_metadata_only: true,
        skip_dom_date: own_date.is_some(),
        ..rs_trafilatura::Options::default()
    };
    // The parser gets the page without the script and style text of its head; the scans above
    // read it whole (a `datePublished` in any script counts).
    let parsed = script_text::without_head_script_text(html);
    let extracted = rs_trafilatura::extract_with_options(&parsed, &opts).ok();
    let content = extracted.as_ref().map_or("", |r| r.content_text.as_str());
    let lines: Vec<String> = content
        .lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect();

    let (title, title_from_text) = choose_title(&page, &lines);
    let mut removed = Vec::new();
    let lines = cut_teaser_run(lines, &mut removed);
    // A headline read off the text's own lines is a line of the text, not a repeat of the
    // page's headline: it stays.
    let repeated_title = title.as_deref().filter(|_| !title_from_text);
    let kept = trim_lines(lines, repeated_title, &mut removed);
    let mut body = kept.join("\n\n");
    if sentence_paragraphs(&body) == 0 {
        // The extractor chose navigation, a tagline or nothing: clean the page's whole visible
        // text the way copied page text is cleaned, and take it when it reads as an article.
        let fallback = crate::clean_text(&visible_text(&parsed));
        if body.is_empty()
            || sentence_paragraphs(&fallback.body) >= MIN_FALLBACK_SENTENCES
                && fallback.body.len() > body.len()
        {
            removed.extend(kept.into_iter().map(|text| Removed {
                text,
                reason: RemovedReason::Navigation,
            }));
            body = fallback.body;
            removed.extend(fallback.removed);
        }
    }

    let published = own_date
        .or_else(|| {
            extracted
                .as_ref()
                .and_then(|r| r.metadata.date)
                .map(|d| d.format("%Y-%m-%d").to_string())
        })
        .or_else(|| {
            removed
                .iter()
                .filter(|r| r.reason == RemovedReason::Metadata)
                .find_map(|r| dates::find_date(&r.text))
        });
    let dateline = body.split("\n\n").next().and_then(dateline::find);
    CleanDoc {
        body,
        title,
        dateline,
        published,
        url: page.url,
        removed,
    }
}

/// The headline: `og:title`, else `<title>` without the site name, else the first `<h1>`;
/// when the page title is generic (shares no word with the text), the first heading-like line
/// of the text. The flag tells whether the headline is that line of the text.
fn choose_title(page: &meta::PageMeta, lines: &[String]) -> (Option<String>, bool) {
    let declared = page
        .og_title
        .as_deref()
        .or(page.title_tag.as_deref())
        .map(strip_site_name)
        .filter(|t| !t.is_empty());
    let text_start: String = lines
        .iter()
        .take(8)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    match declared {
        Some(t) if shares_words(&t, &text_start) || lines.is_empty() => (Some(t), false),
        other => match lines.iter().take(6).find(|l| is_heading_like(l)) {
            Some(line) => (Some(line.clone()), true),
            None => (page.h1.first().cloned().or(other), false),
        },
    }
}

/// `"Headline | Site"` → `"Headline"`: the first part, unless it is too short to be a headline
/// (then the longest part).
fn strip_site_name(title: &str) -> String {
    let mut parts = vec![title];
    for sep in TITLE_SEPARATORS {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    let first = parts.first().copied().unwrap_or("");
    if first.split_whitespace().count() >= 3 {
        first.to_string()
    } else {
        parts
            .iter()
            .max_by_key(|p| p.chars().count())
            .map_or(String::new(), |p| p.to_string())
    }
}

/// Whether `a` shares two of its words of four or more letters with `b` (all, when it has
/// fewer; case-insensitive).
fn shares_words(a: &str, b: &str) -> bool {
    let b = b.to_lowercase();
    let words: Vec<&str> = b
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let a = a.to_lowercase();
    let own: Vec<&str> = a
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let shared = own.iter().filter(|w| words.contains(w)).count();
    shared >= own.len().min(2)
}

/// A line that looks like a headline: 4–20 words, no sentence end, no menu separators.
fn is_heading_like(line: &str) -> bool {
    let n = line.split_whitespace().count();
    (4..=20).contains(&n) && !line.ends_with(['.', ':', ';']) && !line.contains('|')
}

/// Whether a line reads as running text: long enough, or a finished sentence (not one cut
/// short with an ellipsis). Counts characters too, for scripts written without spaces.
fn is_text(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let chars = line.chars().count();
    words >= MIN_TEXT_WORDS
        || chars >= MIN_TEXT_CHARS
        || ((words >= 4 || chars >= 15) && line.ends_with(SENTENCE_END) && !is_truncated(line))
}

/// Paragraphs of `body` that end in a finished sentence of some length: the mark of running
/// text, which navigation, taglines and lists of names lack.
fn sentence_paragraphs(body: &str) -> usize {
    body.split("\n\n").filter(|p| is_sentence(p)).count()
}

/// Whether a paragraph ends in a finished sentence of some length.
fn is_sentence(paragraph: &str) -> bool {
    let p = paragraph.trim_end();
    p.ends_with(SENTENCE_END)
        && (p.split_whitespace().count() >= MIN_SENTENCE_WORDS
            || p.chars().count() >= MIN_SENTENCE_CHARS)
}

/// Whether a line ends in an ellipsis, as teaser excerpts and shortened headlines do.
fn is_truncated(line: &str) -> bool {
    let line = line.trim_end();
    TRUNCATION_ENDS.iter().any(|e| line.ends_with(e))
}

/// Cuts a list of teasers that follows the article: from the first marked line after
/// [`MIN_ARTICLE_BEFORE_TEASERS`] characters of text on, when at least
/// [`MIN_TEASER_MARKS`] lines from there on, and a third of them, are marked. Two marks are
/// tried: lines cut short with an ellipsis (excerpts, shortened headlines), and short bylines
/// that recur word for word (under each linked headline), where the headline before the first
/// byline starts the list. Records the cut lines as removed.
fn cut_teaser_run(mut lines: Vec<String>, removed: &mut Vec<Removed>) -> Vec<String> {
    let labels = recurring_labels(&lines);
    let is_label = |l: &String| labels.contains(l.as_str());
    let start = teaser_list_start(&lines, |l| is_truncated(l), 0)
        .or_else(|| teaser_list_start(&lines, is_label, 1));
    if let Some(start) = start {
        removed.extend(lines.drain(start..).map(|text| Removed {
            text,
            reason: RemovedReason::Teaser,
        }));
    }
    lines
}

/// Where a teaser list marked by `marked` lines starts, `lead` lines before its first mark.
fn teaser_list_start(
    lines: &[String],
    marked: impl Fn(&String) -> bool,
    lead: usize,
) -> Option<usize> {
    let first_text = lines.iter().position(|l| is_text(l))?;
    let mut before = 0;
    let first_mark = lines
        .iter()
        .enumerate()
        .skip(first_text + 1)
        .find_map(|(i, l)| {
            before += lines[i - 1].chars().count();
            (marked(l) && before >= MIN_ARTICLE_BEFORE_TEASERS).then_some(i)
        })?;
    let start = first_mark.saturating_sub(lead).max(first_text + 1);
    let marks = lines[start..].iter().filter(|l| marked(l)).count();
    (marks >= MIN_TEASER_MARKS && marks * 3 >= lines.len() - start).then_some(start)
}

/// Short bylines that are not running text and occur [`MIN_LABEL_REPEATS`] times or more.
fn recurring_labels(lines: &[String]) -> std::collections::HashSet<&str> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in lines {
        if l.split_whitespace().count() <= MAX_LABEL_WORDS && !is_text(l) && furniture::is_byline(l)
        {
            *counts.entry(l.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= MIN_LABEL_REPEATS)
        .map(|(l, _)| l)
        .collect()
}

/// Drops the repeated headline, furniture lines (labels, credits), captions ending in a
/// credit, appeals to subscribe or follow in the last part of the text, everything from a teaser or
/// comments heading in the second half of the text on, the headlines under such a heading
/// earlier in the text (up to the next finished sentence), lines of digits and signs alone
/// (ids, codes), the short non-text lines before the first line of running text (all lines
/// when none is running text) and after the last one; records each as removed.
fn trim_lines(lines: Vec<String>, title: Option<&str>, removed: &mut Vec<Removed>) -> Vec<String> {
    let title_norm = title.map(str::to_lowercase);
    let is_title = |l: &str| title_norm.as_deref() == Some(l.to_lowercase().as_str());
    let first_text = lines.iter().position(|l| is_text(l) && !is_title(l));
    let last_text = lines.iter().rposition(|l| is_text(l));
    let total: usize = lines.iter().map(String::len).sum();
    // Sentence lines from each index on, to tell a block of links from text.
    let mut sentences_from = vec![0; lines.len() + 1];
    for (i, l) in lines.iter().enumerate().rev() {
        sentences_from[i] = sentences_from[i + 1] + usize::from(is_sentence(l));
    }
    let mut seen = 0;
    let mut cut = false;
    let mut in_teasers = false;
    let mut kept = Vec::with_capacity(lines.len());
    for (i, line) in lines.into_iter().enumerate() {
        let words = line.split_whitespace().count();
        let leading = first_text.is_none_or(|f| i < f);
        let furniture = furniture::classify(&line);
        let rest = sentences_from.len() - i - 2;
        if seen * 2 >= total
            && (furniture == Some(furniture::Kind::TeaserHead)
                || !line.ends_with(SENTENCE_END)
                    && furniture::opens_teaser_head(&line)
                    && sentences_from[i + 1] * LINK_BLOCK_SENTENCE_SHARE <= rest)
        {
            cut = true;
        }
        let before = seen;
        seen += line.len();
        // Headlines under a teaser heading inside the article run until the text resumes.
        in_teasers = match furniture {
            Some(furniture::Kind::TeaserHead | furniture::Kind::BoxHead) => true,
            _ => in_teasers && !line.ends_with(SENTENCE_END),
        };
        let reason = if cut || in_teasers && furniture.is_none() {
            Some(RemovedReason::Teaser)
        } else if !line.chars().any(char::is_alphabetic) && line.chars().count() >= MIN_CODE_CHARS {
            Some(RemovedReason::Boilerplate)
        } else if is_title(&line) {
            Some(RemovedReason::Metadata)
        } else if let Some(kind) = furniture {
            Some(match kind {
                furniture::Kind::TeaserHead | furniture::Kind::BoxHead => RemovedReason::Teaser,
                furniture::Kind::Line(reason) => reason,
            })
        } else if furniture::is_credited_caption(&line) {
            Some(RemovedReason::Caption)
        } else if before * APPEAL_PART_DEN >= total * APPEAL_PART_NUM && furniture::is_appeal(&line)
        {
            Some(RemovedReason::Subscription)
        } else if (leading && words <= MAX_DATE_LINE_WORDS || words <= MAX_DATE_ONLY_WORDS)
            && !line.ends_with(SENTENCE_END)
            && dates::find_date(&line).is_some()
        {
            Some(RemovedReason::Metadata)
        } else if leading && !is_text(&line) {
            Some(RemovedReason::Navigation)
        } else if last_text.is_some_and(|l| i > l) && !is_text(&line) {
            Some(RemovedReason::Boilerplate)
        } else {
            None
        };
        match reason {
            Some(reason) => removed.push(Removed { text: line, reason }),
            None => kept.push(line),
        }
    }
    kept
}

/// The rendered text of the page's body, one block per line, without scripts and styles: what
/// a person copying the whole page gets.
fn visible_text(html: &str) -> String {
    let doc = dom_query::Document::from(html);
    doc.select("script, style, noscript, template, head, svg")
        .remove();
    doc.select("body").formatted_text().to_string()
}

/// Characters of the page that [`visible_head`] reads: enough for the header and the article's
/// own date line.
const HEAD_CHARS: usize = 200_000;

/// The page's text with tags removed (each `>` becomes a space), cut to its first
/// [`HEAD_CHARS`] characters. Copies the runs between tags whole instead of char by char, and
/// finds the tag signs by a byte search (they are ASCII, so never inside a multi-byte char).
fn visible_head(html: &str) -> String {
    // A char takes at least one byte: a page of at most `HEAD_CHARS` bytes is read whole
    // without counting its chars.
    let end = if html.len() <= HEAD_CHARS {
        html.len()
    } else {
        html.char_indices()
            .nth(HEAD_CHARS)
            .map_or(html.len(), |(i, _)| i)
    };
    let mut rest = &html[..end];
    let mut out = String::with_capacity(rest.len() / 2);
    loop {
        // Outside a tag: text up to the next `<` (a stray `>` reads as a space).
        match memchr::memchr2(b'<', b'>', rest.as_bytes()) {
            Some(i) if rest.as_bytes()[i] == b'>' => {
                out.push_str(&rest[..i]);
                out.push(' ');
                rest = &rest[i + 1..];
            }
            Some(i) => {
                out.push_str(&rest[..i]);
                // Inside a tag: skip to its `>`.
                match memchr::memchr(b'>', &rest.as_bytes()[i..]) {
                    Some(j) => {
                        out.push(' ');
                        rest = &rest[i + j + 1..];
                    }
                    None => return out,
                }
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE_PAGE: &str = r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Regierung beschließt neues Klimapaket | Beispiel-Zeitung</title>
<meta property="article:published_time" content="2024-03-05T08:15:00+01:00">
</head><body>
<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li></ul></nav>
<article><h1>Regierung beschließt neues Klimapaket</h1>
<p>Berlin – Die Bundesregierung hat am Dienstag ein neues Klimapaket beschlossen, das den Ausstoß von Treibhausgasen bis 2030 deutlich senken soll.</p>
<p>Das Paket umfasst nach Angaben des Ministeriums Förderprogramme für Wärmepumpen, den Ausbau der Bahn und strengere Vorgaben für Neubauten in allen Ländern.</p>
<p>Kritik kam von Umweltverbänden, denen die Maßnahmen nicht weit genug gehen. Sie forderten ein Tempolimit auf Autobahnen und ein früheres Ende der Kohleverstromung.</p>
</article>
<footer><p>© 2024 Beispiel-Zeitung</p><a href="/impressum">Impressum</a></footer>
</body></html>"#;

    const EN_PAGE: &str = r#"<html><head><title>Senate passes budget bill - Example News</title>
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-16T21:04:00Z"}</script>
</head><body><div class="menu"><a href="/">Home</a> | <a href="/world">World</a></div>
<div class="story"><h1>Senate passes budget bill</h1>
<p>WASHINGTON (Reuters) - The U.S. Senate on Thursday passed a stopgap spending bill that averts a partial government shutdown, sending the measure to the president.</p>
<p>The bill extends funding for some agencies until January and for others until early February, giving lawmakers more time to agree on full-year spending levels.</p>
<p>Senators voted 87 to 11 for the measure after the House of Representatives approved it earlier in the week with support from both parties.</p>
</div></body></html>"#;

    #[test]
    fn german_page() {
        let doc = clean_html(DE_PAGE, None);
        assert_eq!(
            doc.title.as_deref(),
            Some("Regierung beschließt neues Klimapaket")
        );
        assert_eq!(doc.published.as_deref(), Some("2024-03-05"));
        assert_eq!(doc.dateline.as_deref(), Some("Berlin"));
        assert!(
            doc.body.starts_with("Berlin – Die Bundesregierung"),
            "{}",
            doc.body
        );
        assert!(doc.body.contains("Wärmepumpen"));
        assert!(
            doc.body.contains("Neubauten in allen Ländern.\n\nKritik"),
            "{}",
            doc.body
        );
        assert!(!doc.body.contains("Impressum"));
        assert!(!doc.body.contains("Wirtschaft"));
    }

    #[test]
    fn text_is_joined_as_a_browser_renders_it() {
        let page = "<html><head><title>Senat tagt</title></head><body><article><h1>Senat tagt</h1>\n\
            <p>Die <b>Ber</b>liner Zeitung berichtet über <a href=\"/s\">den</a> Senat und\n\
            Kreuzberg, und die Stadt hat viele Einwohner, die\n\
            darüber sprechen und schreiben.</p>\n\
            <p><ruby>子<rt>こ</rt></ruby>どもへの<a href=\"/d\"><ruby><span>虐待</span><rt>ぎゃくたい</rt></ruby></a>をなくすための\
            <ruby>法律<rt>ほうりつ</rt></ruby>ができて、親が子どもを教育するために、体罰を禁止することになりました。</p>\n\
            <div>Ein Satz vor dem Zitat.<blockquote>Ein Zitat in einem eigenen Block.</blockquote>Und der Text, \
            der nach dem Zitat im selben Abschnitt weitergeht und lang genug ist.</div></article></body></html>";
        let doc = clean_html(page, None);
        let paragraphs: Vec<&str> = doc.body.split("\n\n").collect();
        assert_eq!(
            paragraphs[0],
            "Die Berliner Zeitung berichtet über den Senat und Kreuzberg, und die Stadt hat viele \
             Einwohner, die darüber sprechen und schreiben."
        );
        assert!(paragraphs[1].starts_with("子どもへの虐待をなくすための法律ができて、"));
        assert!(
            doc.body.contains(
                "Ein Satz vor dem Zitat.\n\nEin Zitat in einem eigenen Block.\n\nUnd der Text"
            ),
            "{}",
            doc.body
        );
    }

    #[test]
    fn english_page() {
        let doc = clean_html(EN_PAGE, Some("https://example.com/senate"));
        assert_eq!(doc.title.as_deref(), Some("Senate passes budget bill"));
        assert_eq!(doc.published.as_deref(), Some("2023-11-16"));
        assert_eq!(doc.dateline.as_deref(), Some("WASHINGTON"));
        assert!(
            doc.body
                .starts_with("WASHINGTON (Reuters) - The U.S. Senate"),
            "{}",
            doc.body
        );
        assert_eq!(doc.body.split("\n\n").count(), 3, "{}", doc.body);
    }

    #[test]
    fn page_where_the_extractor_finds_only_navigation_falls_back_to_its_visible_text() {
        let html = r#"<html><head><title>Klima</title><script>var x = 1;</script></head><body>
<div class="nav"><a href="/a">Politik</a></div>
<div><span>Die Bundesregierung hat am Dienstag ein neues Klimapaket beschlossen, das den Ausstoß von Treibhausgasen bis 2030 deutlich senken soll.</span><br>
<span>Kritik kam von Umweltverbänden, denen die Maßnahmen nicht weit genug gehen und die ein früheres Ende der Kohle fordern.</span></div>
</body></html>"#;
        let doc = clean_html(html, None);
        assert!(
            doc.body.contains("Klimapaket beschlossen"),
            "{:?}",
            doc.body
        );
        assert!(!doc.body.contains("var x"), "{:?}", doc.body);
        let text = visible_text(html);
        assert!(
            !text.contains("var x") && !text.contains("<span>"),
            "{text:?}"
        );
        assert!(text.contains("Politik\n"), "{text:?}");
    }

    #[test]
    fn page_without_article_text_has_empty_body() {
        let html = r#"<html><head><title>Startseite</title></head><body>
<nav><a href="/a">Politik</a> <a href="/b">Sport</a> <a href="/c">Kultur</a></nav>
<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer></body></html>"#;
        let doc = clean_html(html, None);
        assert!(doc.body.trim().is_empty(), "{:?}", doc.body);
        assert_eq!(clean_html("", None).body, "");
    }

    #[test]
    fn truncated_teasers_after_the_article_are_cut() {
        let article = "Die Regierung hat am Dienstag ein neues Klimapaket beschlossen, das den Ausstoß senken soll.";
        let lines: Vec<String> = [
            article,
            "Kritik kam von Umweltverbänden, denen die Maßnahmen nicht weit genug gehen.",
            "Das Paket umfasst nach Angaben des Ministeriums Förderprogramme für Wärmepumpen, den Ausbau der Bahn und strengere Vorgaben für Neubauten. Die Länder sollen bis zum Sommer eigene Pläne vorlegen, wie sie die Ziele erreichen wollen.",
            "Weitere Artikel",
            "Neue Studie zeigt, dass die Wälder im Norden stärker leiden als bisher …",
            "Bahn kündigt für das kommende Jahr höhere Preise auf vielen Strecken an und ..",
        ]
        .map(String::from)
        .to_vec();
        let mut removed = Vec::new();
        let kept = cut_teaser_run(lines.clone(), &mut removed);
        assert_eq!(kept, lines[..4].to_vec());
        assert_eq!(removed.len(), 2);
        assert!(removed.iter().all(|r| r.reason == RemovedReason::Teaser));

        // One ellipsis inside the article is no teaser list.
        let mut removed = Vec::new();
        let one = vec![
            article.to_string(),
            "Er sagte nur: „Wir werden sehen …“ und ging.".to_string(),
            "Dann wurde es still im Saal …".to_string(),
            "Am Ende stimmten alle zu.".to_string(),
            "Die Sitzung endete spät.".to_string(),
            "Morgen geht es weiter.".to_string(),
            "Das Protokoll folgt.".to_string(),
        ];
        assert_eq!(cut_teaser_run(one.clone(), &mut removed), one);

        // Linked headlines, each with the same byline under it.
        let mut with_bylines = lines[..3].to_vec();
        for headline in [
            "Russia: strikes on Syria wrong move",
            "Senate passes rights bill",
            "Leader says protests were staged",
        ] {
            with_bylines.push(headline.to_string());
            with_bylines.push("By REUTERS".to_string());
        }
        let mut removed = Vec::new();
        assert_eq!(
            cut_teaser_run(with_bylines, &mut removed),
            lines[..3].to_vec()
        );
        assert_eq!(removed.len(), 6);
        assert!(!is_text("Neue Studie zeigt, dass …"));
        assert!(is_text("Neue Studie zeigt, dass es geht."));
    }

    #[test]
    fn headline_box_inside_the_article_goes_and_the_text_after_it_stays() {
        let lines: Vec<String> = [
            "A third case of the plague has been reported in China, with the public beginning to worry about an outbreak.",
            "DON'T MISS",
            "Plague warning: CDC names eight deadly diseases [WARNING]",
            "Plane passengers quarantined after plague outbreak [NEWS]",
            "The patients are being treated in hospital, officials said on Tuesday.",
            "191119052250266",
        ]
        .map(String::from)
        .to_vec();
        let mut removed = Vec::new();
        let kept = trim_lines(lines.clone(), None, &mut removed);
        assert_eq!(kept, vec![lines[0].clone(), lines[4].clone()]);
        assert_eq!(
            removed.iter().map(|r| r.reason).collect::<Vec<_>>(),
            [
                RemovedReason::Teaser,
                RemovedReason::Teaser,
                RemovedReason::Teaser,
                RemovedReason::Boilerplate
            ]
        );
    }

    #[test]
    fn sentence_paragraphs_count_finished_sentences_only() {
        let tagline =
            "The latest news and insights from Google on security and safety on the Internet";
        assert_eq!(sentence_paragraphs(tagline), 0);
        assert_eq!(sentence_paragraphs("Home\n\nKontakt\n\nEnde."), 0);
        let article =
            "Die Regierung hat am Dienstag ein Klimapaket beschlossen.\n\nKritik kam von \
            Umweltverbänden, denen es nicht weit genug geht.\n\nMehr zum Thema";
        assert_eq!(sentence_paragraphs(article), 2);
        assert_eq!(
            sentence_paragraphs(
                "子どもへの虐待をなくすための法律ができて、体罰を禁止することになりました。"
            ),
            1
        );
    }

    #[test]
    fn links_under_a_heading_opening_with_a_teaser_word_late_in_the_text_are_cut() {
        let text =
            "Die Regierung hat am Dienstag ein neues Klimapaket beschlossen, das den Ausstoß von \
            Treibhausgasen bis 2030 deutlich senken soll und viele Bereiche betrifft.";
        let mut lines = vec![text.to_string(), text.to_string()];
        lines.extend(
            [
                "Weitere Videos",
                "Kanzler in Paris",
                "Neue Regeln für Mieter",
                "Wahl in Hessen",
            ]
            .map(String::from),
        );
        let mut removed = Vec::new();
        assert_eq!(trim_lines(lines.clone(), None, &mut removed), lines[..2]);
        assert!(removed.iter().all(|r| r.reason == RemovedReason::Teaser));

        // A crosshead opening the same way, followed by text, stays.
        let mut crosshead = vec![text.to_string(), text.to_string()];
        crosshead.extend(["Weitere Forderungen".to_string(), text.to_string()]);
        let mut removed = Vec::new();
        assert_eq!(trim_lines(crosshead.clone(), None, &mut removed), crosshead);
    }

    #[test]
    fn site_name_is_stripped_from_titles() {
        assert_eq!(
            strip_site_name(
                "GM files for IPO, but are taxpayers still on the hook? - Drive On - USATODAY.com"
            ),
            "GM files for IPO, but are taxpayers still on the hook?"
        );
        assert_eq!(
            strip_site_name("SPIEGEL | Merkel tritt zurück und geht"),
            "Merkel tritt zurück und geht"
        );
        assert_eq!(strip_site_name("Ohne Trenner"), "Ohne Trenner");
    }

    /// The char-by-char tag stripper `visible_head` replaced, kept as its oracle.
    fn visible_head_by_chars(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars().take(HEAD_CHARS) {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn visible_head_drops_tags() {
        assert_eq!(
            visible_head("<p class=\"x\">Berlin, 5. März</p> a > b <br"),
            " Berlin, 5. März  a   b "
        );
        assert_eq!(visible_head(""), "");
    }

    proptest::proptest! {
        #[test]
        fn visible_head_matches_the_char_by_char_stripper(html in "(<[a-z]{0,3}|>|[^<>]{0,8}|ü){0,30}") {
            proptest::prop_assert_eq!(visible_head(&html), visible_head_by_chars(&html));
        }

        #[test]
        fn never_panics_and_keeps_invariants(page in ".{0,400}", tagged in "(<[a-z]{1,3}>|[^<]{0,30}|&#?[a-z0-9]{0,6};?){0,40}") {
            for input in [page.as_str(), tagged.as_str()] {
                let doc = clean_html(input, None);
                proptest::prop_assert!(!doc.body.contains("\n\n\n"));
                if let Some(p) = &doc.published {
                    proptest::prop_assert_eq!(p.len(), 10);
                }
                let _ = meta::decode_entities(input);
                let _ = dateline::find(input);
                let _ = dates::find_cued_date(input);
            }
        }
    }
}
