//! Main-content extraction from HTML.

use crate::CleanDoc;

/// Extracts the article from an HTML page. (Placeholder: keeps the text between tags.)
pub fn clean_html(html: &str, _url: Option<&str>) -> CleanDoc {
    let mut body = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => body.push(c),
            _ => {}
        }
    }
    CleanDoc {
        body: body.trim().to_string(),
        ..CleanDoc::default()
    }
}
