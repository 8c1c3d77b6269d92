//! Readers: turn whatever a user has into [`RawDoc`]s.
//!
//! Inputs are files (`.html`, `.htm`, `.txt`, `.jsonl`, `.ndjson`, WARC archives `.warc`, RSS/Atom
//! feeds `.rss`/`.atom`/`.xml`, each optionally `.gz`),
//! folders (recursive) and standard input. Bytes are decoded to UTF-8 here (BOMs, UTF-16,
//! `<meta charset>`, legacy single-byte encodings), so later stages only see `&str`.
//! A bad input becomes an [`InputError`] naming the file (and line) — never a panic — and the
//! caller goes on with the next one.

mod decode;
mod feed;
mod jsonl;
mod read;
mod warc;

pub use decode::decode;
pub use read::{collect_inputs, read_bytes, read_input, stream_input, Documents, Input};

/// What a document's text is, which decides how it is cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// An HTML page: main-content extraction.
    Html(String),
    /// Copied page text with its boilerplate: line-based cleaning.
    PageText(String),
    /// Already-clean article text (a JSONL record's `text`): no cleaning, offsets refer to it.
    CleanText(String),
}

impl Payload {
    /// The text, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Payload::Html(t) | Payload::PageText(t) | Payload::CleanText(t) => t,
        }
    }
}

/// One document as read, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    /// File stem or record id.
    pub id: String,
    /// Path (and line for JSONL) it came from.
    pub source: String,
    /// The text to clean.
    pub payload: Payload,
    /// URL, where the input gives one.
    pub url: Option<String>,
    /// Title, where the input gives one.
    pub title: Option<String>,
    /// Language code, where the input gives one.
    pub lang: Option<String>,
    /// Publication date, where the input gives one.
    pub published: Option<String>,
    /// When a crawler fetched the page (WARC-Date): the fallback for `published` when the page
    /// itself states no date.
    pub crawled: Option<String>,
}

/// A document that could not be read; `source` names the file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct InputError {
    /// File, or `file:line` for a JSONL record.
    pub origin: String,
    /// What is wrong with it.
    pub reason: String,
}

impl InputError {
    pub(crate) fn new(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        InputError {
            origin: origin.into(),
            reason: reason.into(),
        }
    }
}
