//! Cleaning: from a page (HTML or copied text) to the article itself.
//!
//! [`clean_html`] extracts the main content of an HTML page; [`clean_text`] removes the
//! boilerplate of copied page text line by line. Both find title, dateline and publication date
//! and list every dropped block in `removed`.

use newsgraph_core::Removed;

mod html;
mod page_text;

pub use html::clean_html;
pub use page_text::clean_text;

/// Characters a browser does not show: soft hyphen, zero-width space, word joiner, and a stray
/// byte-order mark. Left in, they split words ("Mit\u{AD}tel\u{AD}al\u{AD}ter") for every search.
const INVISIBLE: [char; 4] = ['\u{AD}', '\u{200B}', '\u{2060}', '\u{FEFF}'];

/// Whether `s` holds a character a browser does not show (one vectorized substring scan per
/// character).
fn has_invisible(s: &str) -> bool {
    let mut utf8 = [0u8; 4];
    INVISIBLE
        .iter()
        .any(|c| memchr::memmem::find(s.as_bytes(), c.encode_utf8(&mut utf8).as_bytes()).is_some())
}

/// A cleaned document: the article body and what was found around it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CleanDoc {
    /// Article text; paragraphs separated by a blank line.
    pub body: String,
    /// Headline.
    pub title: Option<String>,
    /// Place line that opens the story.
    pub dateline: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The page's canonical address, when the markup states one.
    pub url: Option<String>,
    /// Dropped blocks with reasons.
    pub removed: Vec<Removed>,
}
