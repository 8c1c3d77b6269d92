//! Bytes to text: BOMs, UTF-16, `<meta charset>`, legacy single-byte encodings.

use encoding_rs::{Encoding, UTF_8};

/// Decodes `bytes` to a `String`, or says why it is not text.
///
/// Order: a BOM wins; then, for HTML, a `<meta charset>` in the first 4 KB; then valid UTF-8;
/// then the encoding `chardetng` guesses (Windows-1252, ISO-8859-x, ...).
pub fn decode(bytes: &[u8], is_html: bool) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!("invalid {} after its byte-order mark", enc.name()));
        }
        return check_text(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err("binary file (not text)".into());
    }
    if is_html {
        if let Some(enc) = meta_charset(bytes) {
            let (text, _, _) = enc.decode(bytes);
            return check_text(text.into_owned());
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_text(s.to_string());
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    if enc == UTF_8 {
        return Err("undecodable bytes (invalid UTF-8, no other encoding fits)".into());
    }
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(format!("undecodable bytes (not valid {})", enc.name()));
    }
    check_text(text.into_owned())
}

/// Rejects text that is mostly control characters or has no letters at all.
fn check_text(text: String) -> Result<String, String> {
    let controls = controls(&text);
    // Text without control characters needs one letter, not a count of them.
    if controls == 0 {
        return if text.chars().any(char::is_alphabetic) {
            Ok(text)
        } else {
            Err("empty file (no text)".into())
        };
    }
    // Otherwise twenty letters for each control character; counting stops there.
    let needed = controls.saturating_mul(20);
    if letters_up_to(&text, needed) < needed {
        return Err("binary file (control characters)".into());
    }
    Ok(text)
}

/// Non-whitespace control characters in `text`, counted on its bytes in straight loops: C0
/// controls and DEL are single bytes, C1 controls are `C2 80`..`C2 9F` (`C2 85`, the next-line
/// character, is whitespace).
fn controls(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Bytes 9 to 13 (tab, line feed, vertical tab, form feed, carriage return) are whitespace.
    // Branch-free per byte with plain comparisons (a shift by the byte is not a vector
    // operation), so the loop runs in vector registers; counted in u8 per chunk.
    let c0: usize = bytes
        .chunks(255)
        .map(|chunk| {
            chunk.iter().fold(0u8, |n, &b| {
                let c0 = (b < 0x20) & (b.wrapping_sub(b'\t') > b'\r' - b'\t');
                n + u8::from(c0) + u8::from(b == 0x7f)
            }) as usize
        })
        .sum();
    let c1 = memchr::memchr_iter(0xc2, bytes)
        .filter(|&i| {
            bytes
                .get(i + 1)
                .is_some_and(|&n| (0x80..=0x9f).contains(&n) && n != 0x85)
        })
        .count();
    c0 + c1
}

/// The letters in `text`, counted up to `cap` (a page of 100 KB with one stray control
/// character is read only as far as its first twenty letters). ASCII bytes are classified
/// directly; other characters are decoded.
fn letters_up_to(text: &str, cap: usize) -> usize {
    let mut letters = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && letters < cap {
        let b = bytes[i];
        if b.is_ascii() {
            letters += usize::from(b.is_ascii_alphabetic());
            i += 1;
        } else {
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            letters += usize::from(c.is_alphabetic());
            i += c.len_utf8();
        }
    }
    letters
}

/// NUL bytes (outside a BOM-marked UTF-16 file) mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// How far into a page its `<meta>` charset declaration is looked for (HTML's prescan reads
/// 1 KB; archived pages put scripts and styles first, so more).
const META_WINDOW: usize = 16 * 1024;

/// The encoding named by `<meta charset=…>` or `http-equiv` content in the page's head. Only
/// `<meta>` tags count: a `<script charset>` names the script's encoding, not the page's.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_WINDOW)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let tag_start = from + pos;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |e| tag_start + e);
        from = tag_end;
        if let Some(enc) = charset_in(&lower[tag_start..tag_end]) {
            // A page that declares UTF-16 in ASCII bytes is really ASCII-compatible.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    UTF_8
                } else {
                    enc
                },
            );
        }
    }
    None
}

/// The encoding a lower-cased `<meta …` tag names after `charset`, if it names a known one.
fn charset_in(tag: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(pos) = find(&tag[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while i < tag.len() && matches!(tag[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < tag.len()
            && (tag[i].is_ascii_alphanumeric() || matches!(tag[i], b'-' | b'_' | b':' | b'.'))
        {
            i += 1;
        }
        if let Some(enc) = (i > start)
            .then(|| Encoding::for_label(&tag[start..i]))
            .flatten()
        {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Größe".as_bytes(), false).unwrap(), "Größe");
        assert_eq!(
            decode(b"\xEF\xBB\xBFGr\xC3\xB6\xC3\x9Fe", false).unwrap(),
            "Größe"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Südkorea".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes, false).unwrap(), "Südkorea");
    }

    #[test]
    fn windows_1252_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Die Größe der Soldaten in Südkorea überrascht – „sagte“ er.");
        assert_eq!(
            decode(&bytes, false).unwrap(),
            "Die Größe der Soldaten in Südkorea überrascht – „sagte“ er."
        );
    }

    #[test]
    fn meta_charset_is_honoured() {
        let mut page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>".to_vec();
        page.extend_from_slice(b"M\xfcnchen</body></html>");
        assert!(decode(&page, true).unwrap().contains("München"));
    }

    #[test]
    fn a_script_charset_is_not_the_pages() {
        let mut page = b"<html><head><script src=\"a.js\" charset=\"utf-8\"></script>".to_vec();
        page.extend_from_slice(&[b' '; 5000]);
        page.extend_from_slice(
            b"<META http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\"/>",
        );
        page.extend_from_slice(b"</head><body>\xd6\xd0\xb9\xfa</body></html>");
        assert!(decode(&page, true).unwrap().contains("中国"));
    }

    #[test]
    fn binary_and_empty_are_rejected() {
        assert!(decode(b"", false).unwrap_err().contains("empty"));
        assert!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", false)
            .unwrap_err()
            .contains("binary"));
        assert!(decode(b"  \n\t ", false).unwrap_err().contains("empty"));
    }

    proptest::proptest! {
        #[test]
        fn letter_and_control_counts_match_the_char_definitions(text in "(\\PC|\\p{Cc}){0,200}", cap in 0usize..300) {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let controls = text
                .chars()
                .filter(|c| !c.is_alphabetic() && c.is_control() && !c.is_whitespace())
                .count();
            proptest::prop_assert_eq!(letters_up_to(&text, cap), letters.min(cap));
            proptest::prop_assert_eq!(super::controls(&text), controls);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512), html in proptest::bool::ANY) {
            let _ = decode(&bytes, html);
        }
    }
}
