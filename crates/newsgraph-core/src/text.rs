//! The analysed body that extraction stages read.

use std::ops::Range;

use crate::{CharMap, Span};

/// A clean body with its language, publication date and sentences: the input of every
/// extraction stage. Stages slice with byte ranges and emit code-point spans via [`Text::span`].
#[derive(Debug, Clone)]
pub struct Text<'a> {
    /// The clean article body.
    pub body: &'a str,
    /// ISO 639-1 code of the body.
    pub lang: &'a str,
    /// Publication date (`YYYY-MM-DD`), when known; relative dates resolve against it.
    pub published: Option<&'a str>,
    /// Sentences as byte ranges into `body`, in order, not overlapping.
    pub sentences: Vec<Range<usize>>,
    chars: CharMap,
}

impl<'a> Text<'a> {
    /// Wraps a body and its sentence byte ranges.
    pub fn new(
        body: &'a str,
        lang: &'a str,
        published: Option<&'a str>,
        sentences: Vec<Range<usize>>,
    ) -> Self {
        Text {
            body,
            lang,
            published,
            sentences,
            chars: CharMap::new(body),
        }
    }

    /// Code-point span of a byte range of `body`.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        self.chars.span(bytes.start, bytes.end)
    }

    /// Code-point offset of a byte offset of `body`.
    pub fn char_at(&self, byte: usize) -> usize {
        self.chars.char_at(byte)
    }

    /// Index of the sentence containing byte offset `byte`, if any.
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        let i = self.sentence_index(byte);
        (i < self.sentences.len() && self.sentences[i].start <= byte).then_some(i)
    }

    /// Index of the sentence containing byte offset `byte`, or of the next one when `byte`
    /// falls between sentences (the number of sentences past the last one).
    pub fn sentence_index(&self, byte: usize) -> usize {
        self.sentences.partition_point(|s| s.end <= byte)
    }
}
