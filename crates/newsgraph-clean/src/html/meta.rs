//! Page metadata read from the raw markup: meta tags, `<title>`, `<h1>`, JSON-LD, `<time>`.
//!
//! A light tag scanner rather than a second DOM parse: these few tags are easy to find and the
//! content extractor already pays for one full parse.

use std::sync::OnceLock;

use regex::Regex;

use super::dates::{find_date, re};

/// What the markup says about the page, before any choice is made.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// `og:title` or `twitter:title`.
    pub og_title: Option<String>,
    /// Text of `<title>`.
    pub title_tag: Option<String>,
    /// Text of every `<h1>`, in page order.
    pub h1: Vec<String>,
    /// Publication date from meta tags, JSON-LD or `<time pubdate>`.
    pub published: Option<String>,
    /// The page's own address: `<link rel="canonical">`, else `og:url` (absolute http(s) only).
    pub url: Option<String>,
}

struct Tags {
    attr: Regex,
    tag: Regex,
    json_ld_date: Regex,
}

fn tags() -> &'static Tags {
    static T: OnceLock<Tags> = OnceLock::new();
    T.get_or_init(|| Tags {
        attr: re(r#"(?i)([a-z][\w:.\-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#),
        tag: re(r"(?s)<[^>]*>"),
        json_ld_date: re(r#""datePublished"\s*:\s*"([^"]+)""#),
    })
}

/// Length of `name` (ASCII letters, lower case) at the start of `s`, matched as the regex
/// crate's `(?i)` matches it: ASCII case-insensitively, and `k` and `s` also as the Kelvin
/// sign and the long s, which fold to them.
fn name_len_at(s: &str, name: &str) -> Option<usize> {
    let mut len = 0;
    let mut chars = s.chars();
    for want in name.chars() {
        let c = chars.next()?;
        let same = c.eq_ignore_ascii_case(&want)
            || (want == 'k' && c == '\u{212A}')
            || (want == 's' && c == '\u{17F}');
        if !same {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// Position of the next `<` at or after `pos` whose following text can start `name` (the
/// first letter compared as [`name_len_at`] compares it), found with `memchr`.
fn next_open(html: &str, mut pos: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let first = name.as_bytes().first()?.to_ascii_lowercase();
    // `k` and `s` also match a non-ASCII letter: no byte test for them.
    let byte_test = !matches!(first, b'k' | b's');
    loop {
        let i = pos + memchr::memchr(b'<', bytes.get(pos..)?)?;
        if !byte_test || bytes.get(i + 1).map(u8::to_ascii_lowercase) == Some(first) {
            return Some(i);
        }
        pos = i + 1;
    }
}

/// The next `<name` at or after `pos` (the name matched as [`name_len_at`] matches it): the
/// position of its `<` and the position just after the name.
fn next_named(html: &str, mut pos: usize, name: &str) -> Option<(usize, usize)> {
    loop {
        let i = next_open(html, pos, name)?;
        match name_len_at(&html[i + 1..], name) {
            Some(n) => return Some((i, i + 1 + n)),
            None => pos = i + 1,
        }
    }
}

/// The start tags `<name …>` with whitespace after the name, in page order: what the regex
/// `(?i)<name\s[^>]*>` finds, by a scan from `<` to `<` (one pass, no regex engine).
fn start_tags<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut pos = 0;
    std::iter::from_fn(move || loop {
        let (i, after) = next_named(html, pos, name)?;
        pos = i + 1;
        if !html[after..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace)
        {
            continue;
        }
        // Without a `>` further on, no later `<name` can match either.
        let Some(end) = html[after..].find('>').map(|e| after + e) else {
            pos = html.len();
            return None;
        };
        pos = end + 1;
        return Some(&html[i..=end]);
    })
}

/// The contents of the elements `<name …>…</name>`, in page order: what the captures of the
/// regex `(?is)<name[^>]*>(.*?)</name>` give, by a scan from `<` to `<`.
fn element_contents<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let (_, after) = next_named(html, pos, name)?;
        // Without a `>`, or a closing tag after it, no later `<name` can match either.
        let found = html[after..]
            .find('>')
            .map(|e| after + e + 1)
            .and_then(|start| closing_tag(&html[start..], name).map(|(end, n)| (start, end, n)));
        let Some((start, end, close_len)) = found else {
            pos = html.len();
            return None;
        };
        pos = start + end + close_len;
        Some(&html[start..start + end])
    })
}

/// Position and length of the first `</name>` in `s` (matched as [`name_len_at`] matches).
fn closing_tag(s: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    loop {
        let j = from + s[from..].find("</")?;
        from = j + 1;
        if let Some(n) = name_len_at(&s[j + 2..], name) {
            if s[j + 2 + n..].starts_with('>') {
                return Some((j, n + 3));
            }
        }
    }
}

/// Meta `name`/`property`/`itemprop` keys that carry the publication date (lower case).
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
];

/// Attributes of one tag, names lower-cased, values entity-decoded.
///
/// The attribute regex only finds each `name = value`; the parts are cut from the match by
/// hand (a name holds no whitespace or `=`, a value starts with its quote or with neither),
/// which gives what its capture groups give without running the slower capture engine.
fn attrs(tag: &str) -> Vec<(String, String)> {
    tags()
        .attr
        .find_iter(tag)
        .map(|m| {
            let (name, value) = split_attr(m.as_str());
            (name.to_lowercase(), decode_entities(value))
        })
        .collect()
}

/// Name and value of one `name = value` match of the attribute regex.
fn split_attr(m: &str) -> (&str, &str) {
    let name_end = m
        .find(|c: char| c.is_whitespace() || c == '=')
        .unwrap_or(m.len());
    let rest = m[name_end..].trim_start();
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
    let value = ['"', '\'']
        .iter()
        .find_map(|&q| rest.strip_prefix(q).and_then(|v| v.strip_suffix(q)))
        .unwrap_or(rest);
    (&m[..name_end], value)
}

fn get<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Reads title candidates and the publication date from the markup.
pub fn read(html: &str) -> PageMeta {
    let t = tags();
    let mut meta = PageMeta::default();
    let mut date_rank = usize::MAX;
    let mut og_url = None;
    for m in start_tags(html, "meta") {
        let a = attrs(m);
        let key = get(&a, "property")
            .or_else(|| get(&a, "name"))
            .or_else(|| get(&a, "itemprop"))
            .map(str::to_lowercase);
        let (Some(key), Some(content)) = (key, get(&a, "content")) else {
            continue;
        };
        if (key == "og:title" || key == "twitter:title") && meta.og_title.is_none() {
            meta.og_title = non_empty(&collapse(content));
        } else if key == "og:url" && og_url.is_none() {
            og_url = absolute_url(content);
        } else if let Some(rank) = DATE_KEYS.iter().position(|k| *k == key) {
            if rank < date_rank {
                if let Some(d) = find_date(content) {
                    meta.published = Some(d);
                    date_rank = rank;
                }
            }
        }
    }
    if meta.published.is_none() {
        meta.published = t
            .json_ld_date
            .captures_iter(html)
            .find_map(|c| find_date(&c[1]));
    }
    if meta.published.is_none() {
        meta.published = start_tags(html, "time").find_map(|m| {
            let a = attrs(m);
            let lower = m.to_lowercase();
            let is_pub = lower.contains(" pubdate") || lower.contains("datepublished");
            is_pub
                .then(|| get(&a, "datetime").and_then(find_date))
                .flatten()
        });
    }
    meta.url = start_tags(html, "link")
        .find_map(|m| {
            let a = attrs(m);
            get(&a, "rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                .then(|| get(&a, "href").and_then(absolute_url))
                .flatten()
        })
        .or(og_url);
    meta.title_tag = element_contents(html, "title")
        .next()
        .and_then(|c| non_empty(&text_of(c)));
    meta.h1 = element_contents(html, "h1")
        .filter_map(|c| non_empty(&text_of(c)))
        .collect();
    meta
}

/// A trimmed absolute http(s) URL, or nothing: a relative or empty canonical link says no address.
fn absolute_url(s: &str) -> Option<String> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let host = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    (!host.is_empty() && !s.contains(char::is_whitespace)).then(|| s.to_string())
}

/// Visible text of a markup fragment: tags dropped, entities decoded, whitespace collapsed.
fn text_of(fragment: &str) -> String {
    collapse(&decode_entities(&tags().tag.replace_all(fragment, " ")))
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Collapses runs of whitespace into one space and trims; drops the characters a browser does
/// not show.
pub fn collapse(s: &str) -> String {
    // The words joined by single spaces, written in one pass (no list of the words).
    let mut joined = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    if crate::has_invisible(&joined) {
        collapse(&joined.replace(crate::INVISIBLE, ""))
    } else {
        joined
    }
}

/// Decodes numeric character references and the named entities common in titles.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "ccedil" => 'ç',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn collapse_joins_the_words_with_single_spaces(s in "[a-zä. \t\n\u{a0}\u{3000}]{0,40}") {
            proptest::prop_assert_eq!(collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn collapse_drops_characters_a_browser_does_not_show() {
        assert_eq!(
            collapse("Mit\u{AD}tel\u{AD}al\u{AD}ter  war"),
            "Mittelalter war"
        );
        assert_eq!(collapse("ein \u{200B} Wort\u{2060}"), "ein Wort");
        assert_eq!(collapse("\u{FEFF}"), "");
    }

    #[test]
    fn reads_meta_title_and_date() {
        let html = r#"<html><head><title>Wahl in Hessen | Beispiel&nbsp;Zeitung</title>
            <meta property="og:title" content="Wahl in Hessen: &bdquo;Ein Erdbeben&ldquo;">
            <meta name="date" content="2021-01-01">
            <meta property="article:published_time" content="2023-10-08T18:00:00+02:00">
            </head><body><h1 class="x">Wahl <em>in</em> Hessen</h1></body></html>"#;
        let m = read(html);
        assert_eq!(
            m.og_title.as_deref(),
            Some("Wahl in Hessen: „Ein Erdbeben“")
        );
        assert_eq!(
            m.title_tag.as_deref(),
            Some("Wahl in Hessen | Beispiel Zeitung")
        );
        assert_eq!(m.h1, vec!["Wahl in Hessen".to_string()]);
        assert_eq!(m.published.as_deref(), Some("2023-10-08"));
    }

    #[test]
    fn json_ld_and_time_fallbacks() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-03-05T09:00:00Z"}</script>"#;
        assert_eq!(read(ld).published.as_deref(), Some("2020-03-05"));
        let time = r#"<p><time datetime="2019-12-09">9.12.</time><time pubdate datetime="2018-04-01T10:00">1. April</time></p>"#;
        assert_eq!(read(time).published.as_deref(), Some("2018-04-01"));
    }

    #[test]
    fn canonical_link_then_og_url() {
        let both = r#"<meta property="og:url" content="https://m.news.example/a">
            <link href="https://news.example/a?x=1&amp;y=2" rel="Canonical">"#;
        assert_eq!(
            read(both).url.as_deref(),
            Some("https://news.example/a?x=1&y=2")
        );
        let og = r#"<link rel="canonical" href="/a"><meta property="og:url" content=" http://n.example/b ">"#;
        assert_eq!(read(og).url.as_deref(), Some("http://n.example/b"));
        assert_eq!(
            read(r#"<link rel="stylesheet" href="https://n.example/s.css">"#).url,
            None
        );
    }

    /// The regexes the scanners stand for.
    fn by_regex(pattern: &str, html: &str, group: usize) -> Vec<String> {
        re(pattern)
            .captures_iter(html)
            .map(|c| c[group].to_string())
            .collect()
    }

    #[test]
    fn scanners_find_what_the_regexes_find() {
        let html = "<META\u{a0}a='1'><meta>x<meta b>< meta c><lin\u{212A}\trel=x><title id=t>A<b>B</b></TITLE><h1>x</h1 ><h1 class=y>z</h1>";
        let metas: Vec<&str> = start_tags(html, "meta").collect();
        assert_eq!(metas, vec!["<META\u{a0}a='1'>", "<meta b>"]);
        assert_eq!(
            start_tags(html, "link").collect::<Vec<_>>(),
            vec!["<lin\u{212A}\trel=x>"]
        );
        assert_eq!(
            element_contents(html, "title").collect::<Vec<_>>(),
            vec!["A<b>B</b>"]
        );
        assert_eq!(
            element_contents(html, "h1").collect::<Vec<_>>(),
            vec!["x</h1 ><h1 class=y>z"]
        );
    }

    proptest::proptest! {
        #[test]
        fn split_attr_gives_the_capture_groups(tag in "(<meta| |\u{a0}|=|\"|'|a|Z|:|-|é|\u{212A}|>|x1){0,30}") {
            let attr = &tags().attr;
            let by_groups: Vec<(String, String)> = attr
                .captures_iter(&tag)
                .map(|c| {
                    let v = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4)).map_or("", |m| m.as_str());
                    (c[1].to_string(), v.to_string())
                })
                .collect();
            let by_split: Vec<(String, String)> = attr
                .find_iter(&tag)
                .map(|m| {
                    let (n, v) = split_attr(m.as_str());
                    (n.to_string(), v.to_string())
                })
                .collect();
            proptest::prop_assert_eq!(by_split, by_groups);
        }

        #[test]
        fn scanners_match_the_regexes(html in "(<|>|</|meta|META|h1|H1|title|TiTle|link|lin\u{212A}| |\u{a0}|\n|x|ü|=\"a\"){0,40}") {
            for name in ["meta", "time", "link"] {
                let scanned: Vec<String> = start_tags(&html, name).map(str::to_string).collect();
                proptest::prop_assert_eq!(scanned, by_regex(&format!(r"(?i)<{name}\s[^>]*>"), &html, 0));
            }
            for name in ["title", "h1"] {
                let scanned: Vec<String> = element_contents(&html, name).map(str::to_string).collect();
                proptest::prop_assert_eq!(scanned, by_regex(&format!(r"(?is)<{name}[^>]*>(.*?)</{name}>"), &html, 1));
            }
        }
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#x201C;c&#8221; &bogus; &"),
            "a & b “c” &bogus; &"
        );
    }
}
