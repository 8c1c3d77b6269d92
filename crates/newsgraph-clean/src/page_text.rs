//! Boilerplate removal for copied page text (no markup).

use crate::CleanDoc;

/// Cleans copied page text. (Placeholder: keeps every non-empty line as a paragraph.)
pub fn clean_text(text: &str) -> CleanDoc {
    let paras: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    CleanDoc {
        body: paras.join("\n\n"),
        ..CleanDoc::default()
    }
}
