//! Spans and the byte-to-code-point mapping.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` in code points of a document body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// Maps byte offsets of a `&str` to code-point offsets in O(log n).
///
/// Stages work on byte offsets (what `str` slicing needs); the output contract wants code points.
#[derive(Debug, Clone, Default)]
pub struct CharMap {
    /// For every multi-byte char: (byte offset just after it, extra bytes up to and including it).
    marks: Vec<(usize, usize)>,
}

impl CharMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        let mut extra = 0usize;
        let bytes = text.as_bytes();
        let mut at = 0;
        // Runs of ASCII are skipped byte by byte without decoding; a multi-byte character's
        // width is read from its first byte.
        while let Some(k) = bytes[at..].iter().position(|b| !b.is_ascii()) {
            let byte = at + k;
            let w = match bytes[byte] {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            extra += w - 1;
            marks.push((byte + w, extra));
            at = byte + w;
        }
        CharMap { marks }
    }

    /// Code-point offset of byte offset `byte` (a char boundary of the mapped text).
    pub fn char_at(&self, byte: usize) -> usize {
        let i = self.marks.partition_point(|&(after, _)| after <= byte);
        if i == 0 {
            byte
        } else {
            byte - self.marks[i - 1].1
        }
    }

    /// Code-point span of the byte range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.char_at(start),
            end: self.char_at(end),
        }
    }
}

/// The text of a code-point span of `text` (what `text[start:end]` gives in Python).
pub fn slice_chars(text: &str, span: Span) -> &str {
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let start = it.nth(span.start).unwrap_or(text.len());
    let end = if span.end > span.start {
        it.nth(span.end - span.start - 1).unwrap_or(text.len())
    } else {
        start
    };
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_multibyte_offsets() {
        let t = "Größe „Ä“ x";
        let m = CharMap::new(t);
        for (chars, (byte, _)) in t.char_indices().enumerate() {
            assert_eq!(m.char_at(byte), chars);
        }
        assert_eq!(m.char_at(t.len()), t.chars().count());
    }

    #[test]
    fn maps_every_width_at_every_position() {
        let t = "é😀a€€ß 😀\u{10FFFF}\u{80}x\u{7FF}\u{800}";
        let m = CharMap::new(t);
        for (chars, (byte, _)) in t.char_indices().enumerate() {
            assert_eq!(m.char_at(byte), chars, "{byte}");
        }
        assert_eq!(m.char_at(t.len()), t.chars().count());
    }

    #[test]
    fn slices_by_code_points() {
        let t = "Südkorea „Bruderschaft“";
        let m = CharMap::new(t);
        let b = t.find("Bruder").unwrap();
        let s = m.span(b, b + "Bruderschaft".len());
        assert_eq!(slice_chars(t, s), "Bruderschaft");
    }
}
