//! The page without the text of the scripts and style sheets in its head, for the DOM parser.
//!
//! Scripts and style sheets in the `<head>` are about a fifth of a news page's bytes. The
//! extractor throws their text away, yet html5ever tokenizes it and builds text nodes for it.
//! Those in the body stay: the page-type classifier reads the body's whole text, script text
//! included. JSON-LD scripts keep their text (metadata, article-body fallback). The scan reads
//! the page up to where the tree builder would start the body (a tag that does not belong in
//! the head, or text), follows the tokenizer there (comments, quoted attribute values, `<title>`
//! text), and stops where it is unsure: at a script holding `<!--` (the tokenizer's escaped
//! states), an element without its end tag, `<noscript>`, `<template>`.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// Elements whose text the parser drops and this scan empties.
const EMPTIED: &[&[u8]] = &[b"script", b"style"];
/// Elements of the head whose content the tokenizer reads as text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[b"title", b"noframes"];
/// Other start tags that keep the tree builder in the head. `<noscript>` ends the scan (with
/// scripting off, as the parser runs, what it holds may end it or the head), and so does
/// `<template>` (its content is a fragment of its own).
const HEAD: &[&[u8]] = &[
    b"html",
    b"head",
    b"meta",
    b"link",
    b"base",
    b"basefont",
    b"bgsound",
];
/// The script type whose text is read.
const JSON_LD: &[u8] = b"ld+json";

/// The page with the text of every `<script>` (other than JSON-LD) and `<style>` element of
/// its head removed, the tags kept; the page itself when there is nothing to remove.
pub(super) fn without_head_script_text(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        if !b[i..lt].iter().all(|&c| is_space(c)) {
            break;
        }
        let Some(next) = markup_end(b, lt, |start, end| {
            out.push_str(&html[copied..start]);
            copied = end;
        }) else {
            break;
        };
        i = next;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Reads the markup opening at `lt` (a `<`) and returns where scanning goes on, or `None`
/// where the head ends or the scan is unsure. Calls `empty(start, end)` for the text of an
/// element to remove.
fn markup_end(b: &[u8], lt: usize, mut empty: impl FnMut(usize, usize)) -> Option<usize> {
    let rest = &b[lt + 1..];
    match rest.first() {
        Some(b'!') if rest.starts_with(b"!--") => Some(comment_end(b, lt + 4)),
        Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
            tag_end(b, name_end(b, lt + 2))
        }
        Some(b'!' | b'/' | b'?') => memchr(b'>', rest).map(|j| lt + 1 + j + 1),
        Some(c) if c.is_ascii_alphabetic() => {
            let name_end = name_end(b, lt + 1);
            let name = &b[lt + 1..name_end];
            let open_end = tag_end(b, name_end)?;
            if let Some(element) = EMPTIED.iter().find(|n| name.eq_ignore_ascii_case(n)) {
                let close = end_tag(b, open_end, element)?;
                let is_script = *element == b"script";
                if is_script && memmem::find(&b[open_end..close], b"<!--").is_some() {
                    // The tokenizer's escaped states: the script may end later.
                    return None;
                }
                if !(is_script && contains_ignore_case(&b[lt..open_end], JSON_LD)) {
                    empty(open_end, close);
                }
                Some(close)
            } else if RAW_TEXT.iter().any(|n| name.eq_ignore_ascii_case(n)) {
                end_tag(b, open_end, name)
            } else if HEAD.iter().any(|n| name.eq_ignore_ascii_case(n)) {
                Some(open_end)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Where the tag name starting at `from` ends ([`ends_name`]), or the end of the page.
fn name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| ends_name(c))
        .map_or(b.len(), |k| from + k)
}

/// Whether `c` ends a tag name: a space, `/` or `>`.
fn ends_name(c: u8) -> bool {
    is_space(c) || c == b'/' || c == b'>'
}

/// Where a comment whose text starts at `from` ends: after `-->` or `--!>`, or at once for
/// `<!-->` and `<!--->`, as the tokenizer reads it; the end of the page when unclosed.
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = &b[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut j = 0;
    while let Some(k) = memmem::find(&rest[j..], b"--") {
        let at = j + k + 2;
        match rest.get(at) {
            Some(b'>') => return from + at + 1,
            Some(b'!') if rest.get(at + 1) == Some(&b'>') => return from + at + 2,
            _ => j = j + k + 1,
        }
    }
    b.len()
}

/// Where the tokenizer is inside a tag, after its name.
#[derive(Clone, Copy)]
enum InTag {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    UnquotedValue,
}

/// The index after the `>` closing a tag whose attributes start at `from`, read as the
/// tokenizer reads attributes (a quote opens a value only after `=`, a `>` inside a quoted
/// value is text); `None` when the page ends first.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut state = InTag::BeforeName;
    let mut j = from;
    while j < b.len() {
        let c = b[j];
        if c == b'>' {
            return Some(j + 1);
        }
        state = match (state, c) {
            (InTag::BeforeValue, b'"' | b'\'') => {
                j += 1 + memchr(c, &b[j + 1..])?;
                InTag::BeforeName
            }
            (InTag::BeforeValue, c) if is_space(c) => InTag::BeforeValue,
            (InTag::BeforeValue | InTag::UnquotedValue, c) if !is_space(c) => InTag::UnquotedValue,
            (InTag::Name | InTag::AfterName, c) if is_space(c) => InTag::AfterName,
            (_, c) if is_space(c) => InTag::BeforeName,
            (_, b'/') => InTag::BeforeName,
            (InTag::Name | InTag::AfterName, b'=') => InTag::BeforeValue,
            _ => InTag::Name,
        };
        j += 1;
    }
    None
}

/// Where the end tag `</name` of a raw-text element whose text starts at `from` begins: the
/// first one whose name ends there ([`ends_name`]), in any case.
fn end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut j = from;
    while let Some(k) = memmem::find(&b[j..], b"</") {
        let at = j + k;
        let after = at + 2 + name.len();
        if b.get(at + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(after).is_some_and(|&c| ends_name(c))
        {
            return Some(at);
        }
        j = at + 2;
    }
    None
}

/// The tokenizer's white space (a carriage return counts: it reads as a line feed).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Whether `hay` holds `needle` (lower-case ASCII) in any case.
fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The page's DOM as HTML, with the text of the scripts (but JSON-LD) and styles of its
    /// head left out.
    fn dom_without_head_script_text(html: &str) -> String {
        let doc = dom_query::Document::from(html);
        for node in doc.select("head script, head style").nodes() {
            let ld = node
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"));
            if !ld {
                for child in node.children() {
                    child.remove_from_parent();
                }
            }
        }
        doc.html().to_string()
    }

    #[test]
    fn head_script_and_style_text_is_removed_and_json_ld_kept() {
        let html = r#"<!DOCTYPE html><html><head><style>p { color: red }</style>
<script type="application/ld+json">{"datePublished":"2020-01-01"}</script>
<SCRIPT src="a.js">var a = "<p>x</p>";</SCRIPT ></head><body><p>Text</p><script>f()</script></body></html>"#;
        assert_eq!(
            without_head_script_text(html),
            r#"<!DOCTYPE html><html><head><style></style>
<script type="application/ld+json">{"datePublished":"2020-01-01"}</script>
<SCRIPT src="a.js"></SCRIPT ></head><body><p>Text</p><script>f()</script></body></html>"#
        );
    }

    #[test]
    fn a_page_without_head_scripts_is_borrowed() {
        assert!(matches!(
            without_head_script_text("<p>a</p><script>b</script>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_scan_stops_where_the_body_starts_or_a_script_is_text() {
        for (html, emptied) in [
            ("<head><!-- <script> --><script>x</script>", true),
            ("<head><!--><script>x</script>", true),
            ("<head><title><script></title><style>y</style>", true),
            ("<head><link href='<script>'><style>s</style>", true),
            ("<head><meta content=\"x>\"><script>z</script>", true),
            ("</script =\"><style>y</style>\"><script>z</script>", true),
            (
                "<head><noscript><script>a</script></noscript><style>b</style>",
                false,
            ),
            ("<head><script><!-- <script></script> --></script>", false),
            (
                "<style>a</style><script>b<!--<script></script><style>c</style>",
                true,
            ),
            ("<head><script>unclosed", false),
            ("<head>text<script>w</script>", false),
            ("<head><div></div><script>v</script>", false),
            ("<head></head><p>a</p><script>u</script>", false),
            ("<svg><style>.a{}</style></svg>", false),
            ("<template><script><style></script>", false),
            (
                "<noscript><script type=\"application/ld+json\"></noscript><style><script></style>",
                false,
            ),
            ("<head><style>s</stylex><p>e</p></style>", true),
        ] {
            let out = without_head_script_text(html);
            assert_eq!(matches!(out, Cow::Owned(_)), emptied, "{html}");
            assert_eq!(
                dom_without_head_script_text(&out),
                dom_without_head_script_text(html),
                "{html}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Pages put together from tricky pieces parse to the same tree, but for the text of
        /// the scripts and styles of their head.
        #[test]
        fn only_head_script_and_style_text_changes(parts in prop::collection::vec(prop::sample::select(vec![
            "<script>", "</script>", "<style>", "</style>", "<script type=\"application/ld+json\">",
            "<!--", "-->", "<!-->", "<head>", "</head>", "<body>", "<meta content=\"", "\">", "'",
            "=", ">", "<", "x", " ", "\n", "</", "<link href='a>b'>", "<!x>", "<noscript>",
            "</noscript>", "<title>", "</title>", "</script ", "/>", "<div>", "<template>",
        ]), 0..32)) {
            let html = parts.concat();
            prop_assert_eq!(
                dom_without_head_script_text(&without_head_script_text(&html)),
                dom_without_head_script_text(&html)
            );
        }
    }
}
